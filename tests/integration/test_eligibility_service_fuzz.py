"""Hypothesis: evidence that passes the checklist's check always gets a verdict; the check
itself only ever answers with messages."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.errors import Message
from app.clinical.plausibility import has_hard
from app.protocol import load_default
from app.services.eligibility import EligibilityEntry, check_entry, evaluate_entry

PROTOCOL = load_default()
DAYS = st.one_of(st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1)))
NUMBER = st.one_of(
    st.none(), st.text(max_size=14), st.from_regex(r"[0-9]{0,3}(\.[0-9]?)?", fullmatch=True)
)
YES_NO = st.one_of(st.none(), st.booleans())
ANSWERS = st.dictionaries(
    st.sampled_from(["IN05", "IN06", "EX01", "EX02", "EX03", "EX04", "IN01", "ZZ"]), YES_NO
)


@settings(max_examples=400, deadline=None)
@given(
    on=DAYS, born=DAYS, pcr_day=DAYS, pcr=YES_NO, ct_day=DAYS, ct=YES_NO,
    finding=st.one_of(st.none(), st.text(max_size=30)), rr=NUMBER, spo2=NUMBER, answers=ANSWERS,
    today=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)  # fmt: skip
def test_the_checklist_check_answers_with_messages_and_then_a_verdict(
    on: date | None, born: date | None, pcr_day: date | None, pcr: bool | None,
    ct_day: date | None, ct: bool | None, finding: str | None, rr: str | None, spo2: str | None,
    answers: dict[str, bool | None], today: date,
) -> None:  # fmt: skip
    entry = EligibilityEntry(on, born, pcr_day, pcr, ct_day, ct, finding, rr, spo2, None, answers)
    found = check_entry(PROTOCOL, entry, None, today=today)
    assert all(isinstance(m, Message) for m in found)
    if not has_hard(found):
        assert evaluate_entry(PROTOCOL, entry, None).verdict is not None
