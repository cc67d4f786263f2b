"""What the rules say is a message id plus values: English by default, the person's
language once a translator is installed, and always recoverable in English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import sentences
from app.clinical.errors import ValidationError
from app.clinical.parsing import parse_date_text, parse_number_text
from app.sentences import QT_TRANSLATE_NOOP, Sentence

CHINESE = {
    ("Typing", "{label} must be a number: {char} is not a digit."):
        "{label}必须是数字：{char}不是数字。",
    ("Typing", "{label}: {typed} is not a date: {month} {year} has {last} days."):
        "{label}：{typed}不是有效日期：{year}年{month}只有{last}天。",
    ("Months", "February"): "二月",
    ("Typing", "{label} is a whole number."): "{label}应为整数{oops}。",  # placeholders differ
}  # fmt: skip


def _chinese(context: str, source: str) -> str:
    return CHINESE.get((context, source), source)


@pytest.fixture
def chinese() -> Iterator[None]:
    sentences.use_translator(_chinese)
    yield
    sentences.use_translator(None)


def test_a_sentence_is_english_text_that_keeps_its_id_and_values() -> None:
    said = QT_TRANSLATE_NOOP("Typing", "{label} must be a number.").format(label="SpO₂")
    assert isinstance(said, Sentence) and isinstance(said, str)
    assert said == "SpO₂ must be a number."
    assert (said.context, said.source, dict(said.params)) == (
        "Typing", "{label} must be a number.", {"label": "SpO₂"}
    )  # fmt: skip
    assert said.english() == said


def test_positional_values_are_refused_so_a_translation_can_reorder_them() -> None:
    with pytest.raises(TypeError):
        QT_TRANSLATE_NOOP("Typing", "{} must be a number.").format("SpO₂")


def test_a_refusal_is_said_in_the_installed_language_and_kept_in_english(chinese: None) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_number_text("3x", "spo2_percent", "SpO₂")
    assert refused.value.message == "SpO₂必须是数字：“x”不是数字。"
    assert isinstance(refused.value.message, Sentence)
    assert refused.value.message.english() == "SpO₂ must be a number: “x” is not a digit."


def test_a_value_that_is_itself_a_sentence_is_said_in_the_same_language(chinese: None) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_date_text("30/02/1961", "date_of_birth", "出生日期")
    assert refused.value.message == "出生日期：30/02/1961不是有效日期：1961年二月只有28天。"
    assert refused.value.message.english() == (
        "出生日期: 30/02/1961 is not a date: February 1961 has 28 days."
    )


def test_a_translation_whose_placeholders_do_not_fit_says_the_english(chinese: None) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_number_text("38.5", "pulse_bpm", "Pulse", places=0)
    assert refused.value.message == "Pulse is a whole number."


def test_without_a_translator_everything_is_english() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_number_text("3x", "spo2_percent", "SpO₂")
    assert refused.value.message == "SpO₂ must be a number: “x” is not a digit."


def test_a_sentence_survives_copy_deepcopy_pickle_and_asdict() -> None:
    import copy
    import pickle
    from dataclasses import asdict, dataclass

    @dataclass
    class Outcome:
        reason: str

    said = QT_TRANSLATE_NOOP("Tests", "{what} was refused.").format(what="the bundle")
    for again in (copy.copy(said), copy.deepcopy(said), pickle.loads(pickle.dumps(said))):  # noqa: S301 - our own bytes
        assert again == "the bundle was refused."
        assert isinstance(again, Sentence)
        assert again.english() == "the bundle was refused."
        assert again.params == {"what": "the bundle"}
    assert asdict(Outcome(said)) == {"reason": "the bundle was refused."}
    template = QT_TRANSLATE_NOOP("Tests", "{what} was refused.")
    assert copy.deepcopy(template).format(what="it") == "it was refused."
