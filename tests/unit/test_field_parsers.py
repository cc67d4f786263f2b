"""The parsers behind every form field: a value is read as typed or refused, never changed."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.errors import ValidationError
from app.clinical.parsing import (
    check_text,
    number_text,
    parse_code_text,
    parse_date_text,
    parse_lab_value_text,
    parse_number_text,
    parse_time_text,
)

_DENOTES = re.compile(r"([+\-\u2212]?)(\d+(?:[.,]\d*)?|[.,]\d+)")


def meant(text: str) -> Decimal | None:
    """The number a person means by ``text``: digits and one point or comma, maybe a sign.

    Written apart from the parser on purpose: the test's own idea of "the number typed".
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    match = _DENOTES.fullmatch(plain)
    if match is None or not match[2].isascii():
        return None
    body = match[2].replace(",", ".")
    body = "0" + body if body.startswith(".") else body
    body = body.rstrip(".") if body.endswith(".") else body
    return Decimal(("-" if match[1] in ("-", "\u2212") else "") + body)


def read(text: str, **rules: object) -> Decimal | None:
    return parse_number_text(text, "value", "Temperature", **rules)  # type: ignore[arg-type]


def refusal(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.message


def test_a_decimal_comma_is_read_as_the_decimal_point() -> None:
    assert read("38,5") == Decimal("38.5")
    assert number_text(read("38,50") or Decimal(0)) == "38.50"  # the digits typed are kept


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("-5", "Temperature cannot be negative: type it without the minus sign."),
        ("-5abc", "Temperature cannot be negative: type it without the minus sign."),
        ("7O.5", "Temperature must be a number: “O” is not a digit. Did you mean the digit 0?"),
        ("1OO", "Temperature must be a number: “O” is not a digit. Did you mean the digit 0?"),
        ("9l", "Temperature must be a number: “l” is not a digit. Did you mean the digit 1?"),
        ("1.2.3", "Temperature: use one decimal separator only, as in 38.5 or 38,5."),
        ("1,234.5", "Temperature: use one decimal separator only, as in 38.5 or 38,5."),
        ("38 5", "Temperature: remove the space inside the number."),
        ("5-", "Temperature cannot be negative: remove the “-”."),
        ("+5", "Temperature: type the number without the plus sign."),
        ("1e3", "Temperature must be a number: “e” is not a digit."),
        (".", "Temperature must be a number."),
    ],
)
def test_what_is_not_a_number_is_refused_with_a_sentence(typed: str, sentence: str) -> None:
    assert refusal(read, typed) == sentence


def test_minus_is_accepted_where_the_quantity_can_be_negative() -> None:
    assert read("-5", signed=True) == Decimal(-5)
    assert read("−2,5", signed=True) == Decimal("-2.5")  # the typographic minus too
    assert read("+3", signed=True) == Decimal(3)
    assert "in front of the number" in refusal(read, "5-", signed=True)


def test_decimal_places_and_length_are_refused_not_cut() -> None:
    assert refusal(read, "96.5", places=0) == "Temperature is a whole number."
    assert refusal(read, "38.555", places=2) == "Temperature takes at most 2 decimal places."
    assert "at most 16 characters; this has 17" in refusal(read, "1" * 17)


def test_control_characters_are_refused() -> None:
    assert "control character (U+0000)" in refusal(read, "38\x005")


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A[-+\u2212 ]?[0-9Ool.,]{1,7}[a-z ,.]?\Z"),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    ),
    st.booleans(),
)
def test_any_text_is_read_as_the_number_it_denotes_or_refused(text: str, signed: bool) -> None:
    try:
        found = read(text, signed=signed, max_chars=64)
    except ValidationError as exc:
        sentence = exc.message
        assert sentence.startswith("Temperature")
        return
    expected = meant(text)
    if found is None:
        assert not text.strip()
        return
    assert expected is not None and found == expected
    assert signed or found >= 0


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-3-1", date(2026, 3, 1)),
        ("01/03/2026", date(2026, 3, 1)),
        ("1.3.2026", date(2026, 3, 1)),
        ("1-3-2026", date(2026, 3, 1)),
        ("1 Mar 2026", date(2026, 3, 1)),
        ("29.02.2024", date(2024, 2, 29)),
    ],
)
def test_the_date_formats_a_ward_uses_day_first(typed: str, day: date) -> None:
    assert parse_date_text(typed, "d", "Date of birth") == day


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("31/02/1950", "Date of birth: 31/02/1950 is not a date: February 1950 has 28 days."),
        ("2023-02-29", "Date of birth: 2023-02-29 is not a date: February 2023 has 28 days."),
        ("13/13/2020", "Date of birth: 13/13/2020 has no month 13."),
        ("1.3.26", "Date of birth: write the year with four digits"),
        ("3102", "Date of birth: write the date as 2026-03-01, 01/03/2026 or 1.3.2026"),
    ],
)
def test_impossible_dates_are_refused_with_a_sentence(typed: str, sentence: str) -> None:
    assert refusal(parse_date_text, typed, "d", "Date of birth").startswith(sentence)


def test_times_are_24_hour_and_refused_when_impossible() -> None:
    assert parse_time_text("9:30", "t", "Time") == time(9, 30)
    assert parse_time_text("1405", "t", "Time") == time(14, 5)
    assert "not a time of day" in refusal(parse_time_text, "25:00", "t", "Time")


def initials(text: str) -> str | None:
    rule = "Initials are 1 to 4 letters A–Z."
    return parse_code_text(text, "i", "Initials", letter="[A-Z]", longest=4, rule=rule)


def test_initials_are_kept_in_capitals_or_refused_never_altered() -> None:
    assert initials("lw") == "LW"
    assert refusal(initials, "L😀W") == "Initials are 1 to 4 letters A–Z. “😀” is not one of them."
    assert refusal(initials, "L2W") == "Initials are 1 to 4 letters A–Z. “2” is not one of them."
    assert refusal(initials, "ABCDE") == "Initials are 1 to 4 letters A–Z. This has 5."


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=8))
def test_initials_are_what_was_typed_in_capitals_or_refused(text: str) -> None:
    try:
        found = initials(text)
    except ValidationError:
        return
    assert found is None or found == text.strip().upper()


def test_text_over_its_limit_is_refused_with_the_number_never_cut() -> None:
    assert check_text("note", "n", "Note", max_chars=500) == "note"
    assert (
        refusal(check_text, "x" * 10_000, "n", "Note", max_chars=500)
        == "Note: at most 500 characters; this has 10,000."
    )
    assert "U+0007" in refusal(check_text, "bell\x07", "n", "Note", max_chars=500)
    assert check_text("two\nlines\tand a tab", "n", "Note", max_chars=50, multiline=True)
    assert "U+000A" in refusal(check_text, "two\nlines", "n", "Note", max_chars=50)


def test_a_lab_value_keeps_its_qualifier() -> None:
    assert parse_lab_value_text("<0,05", "v", "CRP") == ("<", Decimal("0.05"))
    assert parse_lab_value_text("12.5", "v", "CRP") == ("", Decimal("12.5"))
    assert "after “>”" in refusal(parse_lab_value_text, ">", "v", "CRP")
