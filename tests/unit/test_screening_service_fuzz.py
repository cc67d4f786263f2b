"""Hypothesis: whatever reaches the screening check or the form's text parsers, the answer
is messages (or a ValidationError from a parser), never another exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.errors import Message, ValidationError
from app.protocol import load_default
from app.services.screening import ScreeningEntry, check_screening, check_study_id_range
from app.ui.forms import parse_date_text, parse_local_datetime, parse_time_text

PROTOCOL = load_default()
TEXT = st.one_of(st.none(), st.text(max_size=20), st.from_regex(r"[0-9.:\-]{0,12}", fullmatch=True))
DAYS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(
    initials=st.text(max_size=8), sex=st.text(max_size=2), born=DAYS, age=TEXT, weight=TEXT,
    height=TEXT, admitted=DAYS, today=st.dates(),
)  # fmt: skip
def test_check_screening_only_returns_messages(
    initials: str, sex: str, born: date | None, age: str | None, weight: str | None,
    height: str | None, admitted: date | None, today: date,
) -> None:  # fmt: skip
    entry = ScreeningEntry(initials, sex, born, age, weight, height, admitted)
    found = check_screening(PROTOCOL, entry, today=today)
    assert all(isinstance(m, Message) and m.text for m in found)


@settings(max_examples=300, deadline=None)
@given(day=TEXT, clock=TEXT)
def test_the_form_parsers_raise_only_validation_errors(day: str | None, clock: str | None) -> None:
    refusals = []
    for call in (
        lambda: parse_date_text(day, "d", "Date"),
        lambda: parse_time_text(clock, "t", "Time"),
        lambda: parse_local_datetime(day, clock, "at", "At"),
    ):
        try:
            call()
        except ValidationError as exc:
            refusals.append(exc.message)
    assert all(refusals)


@settings(max_examples=200, deadline=None)
@given(prefix=st.text(max_size=20), first=TEXT, last=TEXT)
def test_the_study_id_range_check_raises_only_validation_errors(
    prefix: str, first: str | None, last: str | None
) -> None:
    try:
        text, low, high = check_study_id_range(prefix, first, last)
    except ValidationError as exc:
        refusal = exc.message
    else:
        refusal = None
        assert 1 <= low <= high and text
    assert refusal is None or refusal
