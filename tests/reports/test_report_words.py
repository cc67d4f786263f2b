"""Every word a printout says exists in English and in Simplified Chinese.

Printouts choose their language per print (``--lang``, the print dialog), apart from the
screen's, so their words are kept as (English, 中文) pairs in tables beside each report
rather than in Qt's catalogue. Every pair of every table must have both halves, with the
same ``{placeholders}``, and no English literal may reach the page without its pair.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import app.reports

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "app" / "reports"
# What puts text on the page.
DRAWN = {"Paragraph", "text", "drawString", "drawRightString", "drawCentredString", "banner"}
# Chinese characters, or the full-width punctuation a Chinese text is written with.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _pairs() -> list[tuple[str, object, tuple[str, str]]]:
    """(module.table, key, (english, chinese)) for every bilingual table of app/reports."""
    found = []
    for info in pkgutil.iter_modules(app.reports.__path__):
        module = importlib.import_module(f"app.reports.{info.name}")
        for name, value in vars(module).items():
            if not isinstance(value, dict) or not value:
                continue
            if all(
                isinstance(v, tuple) and len(v) == 2 and all(isinstance(s, str) for s in v)
                for v in value.values()
            ):
                found += [(f"{info.name}.{name}", key, pair) for key, pair in value.items()]
    return found


def test_the_tables_are_found_at_all() -> None:
    tables = {table for table, _key, _pair in _pairs()}
    assert {"i18n._WORDS", "ae_words.WORDS", "ae_words.CLOCK"} <= tables
    assert len(_pairs()) > 150


@pytest.mark.parametrize(("table", "key", "pair"), _pairs(), ids=lambda v: str(v)[:40])
def test_every_word_has_its_chinese(table: str, key: object, pair: tuple[str, str]) -> None:
    english, chinese = pair
    assert english.strip(), f"{table}[{key!r}]: no English"
    assert CJK.search(chinese) or chinese == english, f"{table}[{key!r}]: no Chinese"
    assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(chinese)), (
        f"{table}[{key!r}]: the {{placeholders}} differ"
    )


def _literals_drawn(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in DRAWN:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                words = arg.value
            elif isinstance(arg, ast.JoinedStr):
                words = "".join(
                    v.value
                    for v in arg.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
            else:
                continue
            if re.search(r"[A-Za-z]{2,}", re.sub(r"<[^>]+>", "", words)):
                found.append(f"line {arg.lineno}: {name}({words!r})")
    return found


def test_the_check_for_a_drawn_literal_catches_one() -> None:
    assert _literals_drawn('Paragraph("Dose given", st)\nc.drawString(1, 2, f"Page {n}")') == [
        "line 1: Paragraph('Dose given')",
        "line 2: drawString('Page ')",
    ]
    assert _literals_drawn('Paragraph(text(word("dose", lang)), st)\nParagraph("<b>·</b>")') == []


@pytest.mark.parametrize("module", sorted(p.name for p in REPORTS.glob("*.py")))
def test_no_english_literal_reaches_the_page(module: str) -> None:
    problems = _literals_drawn((REPORTS / module).read_text(encoding="utf-8"))
    assert not problems, f"app/reports/{module}:\n" + "\n".join(problems)
