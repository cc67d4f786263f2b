"""Hypothesis: no entry makes the oxygenation check raise; it answers with messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.errors import Message
from app.protocol import OxygenDevice, load_default
from app.services.oxygenation import OxygenationEntry, assess_oxygenation, decimal_text

PROTOCOL = load_default()
DEVICES = [d.value for d in OxygenDevice]
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
NUMBER = st.one_of(
    st.none(), st.text(max_size=14), st.from_regex(r"[0-9]{0,4}(\.[0-9]{0,4})?", fullmatch=True)
)
WHEN = st.one_of(st.none(), st.integers(-3000, 3000).map(lambda m: NOW + timedelta(minutes=m)))


@settings(max_examples=400, deadline=None)
@given(
    measured=WHEN, device=st.one_of(st.sampled_from(DEVICES), st.text(max_size=5)),
    flow=NUMBER, spo2=NUMBER, at_rest=st.one_of(st.none(), st.booleans()), pao2=NUMBER,
    unit=st.sampled_from(["mmHg", "kPa", "KPA", "bar", ""]),
    mode=st.one_of(st.none(), st.sampled_from(["set", "measured", "estimated", "guess"])),
    fio2=NUMBER, fio2_at=WHEN,
)  # fmt: skip
def test_assess_oxygenation_never_raises(
    measured: datetime | None, device: str, flow: str | None, spo2: str | None,
    at_rest: bool | None, pao2: str | None, unit: str, mode: str | None, fio2: str | None,
    fio2_at: datetime | None,
) -> None:  # fmt: skip
    entry = OxygenationEntry(measured, device, flow, spo2, at_rest, pao2, unit, mode, fio2,
                             fio2_at)  # fmt: skip
    found = assess_oxygenation(PROTOCOL, entry, now=NOW)
    assert all(isinstance(m, Message) for m in found.messages)
    if found.pf is not None:
        assert len(decimal_text(found.pf.pf_ratio_mmhg)) <= 32
