"""Whatever a person types, the observation checks answer with messages and never raise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clinical.errors import Message
from app.protocol import load_default, load_protocol
from app.services import observations as obs

PROTOCOLS = (
    load_default(),
    load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml"),
)
typed = (
    st.none()
    | st.text(max_size=40)
    | st.sampled_from(
        ["", " ", "37.5", "-1", "1e3", "１２", "0.21", "40", "<5", ">1000", "1,5", "nan", "∞", "."]
    )
)
zones = st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-11))])
moments = st.datetimes(timezones=st.none() | zones)
days = st.dates()
visits = st.sampled_from(["BASELINE", "D7", "D60", "UNSCHEDULED", "", "d7", "W4 "]) | st.text()
protocols = st.sampled_from(PROTOCOLS)


def _messages(found: object) -> None:
    assert isinstance(found, tuple)
    assert all(isinstance(m, Message) and m.text for m in found)


@settings(max_examples=300, deadline=None)
@given(protocols, visits, moments, typed, typed, typed, typed, typed, typed, typed, typed, typed)
def test_vital_signs_check_never_raises(
    protocol, visit, at, t, hr, rr, sbp, dbp, spo2, device, flow, fio2
) -> None:  # type: ignore[no-untyped-def]
    entry = obs.VitalSignsEntry(visit, at, t, hr, rr, sbp, dbp, spo2, device, flow, fio2)
    _messages(obs.check_vital_signs(protocol, entry))


lab_codes = st.sampled_from(["CRP", "IL6", "TGF_B", "DDIMER", "LYMPH", "??"])


@settings(max_examples=300, deadline=None)
@given(
    protocols,
    visits,
    moments,
    st.lists(st.builds(obs.LabValueEntry, lab_codes, typed, typed, typed, typed), max_size=5),
)
def test_lab_panel_check_never_raises(protocol, visit, at, values) -> None:  # type: ignore[no-untyped-def]
    _messages(obs.check_lab_panel(protocol, obs.LabPanelEntry(visit, at, tuple(values))))


@settings(max_examples=200, deadline=None)
@given(protocols, visits, days, typed, typed, st.none() | st.integers(-5, 20))
def test_imaging_and_who_checks_never_raise(protocol, visit, day, kind, extent, score) -> None:  # type: ignore[no-untyped-def]
    _messages(obs.check_imaging(protocol, obs.ImagingEntry(visit, day, kind or "", extent)))
    _messages(obs.check_who_score(protocol, obs.WhoScoreEntry(visit, day, score)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.none() | days, st.none() | days, moments, typed, typed, days, typed)
def test_symptom_virology_and_disposition_checks_never_raise(  # type: ignore[no-untyped-def]
    symptom, onset, resolved, at, specimen, result, day, reason
) -> None:
    _messages(obs.check_symptom(obs.SymptomEntry(symptom, onset, resolved)))
    _messages(obs.check_nucleic_acid(obs.NucleicAcidEntry(at, specimen or "", result or "")))
    _messages(obs.check_disposition(obs.DispositionEntry(reason or "", day, reason)))


@given(st.text(max_size=60))
def test_a_lab_value_is_a_number_with_an_optional_limit_sign_or_nothing(text: str) -> None:
    found = obs.lab_number(text)
    assert found is None or (found[0] in ("", "<", ">") and found[1] >= 0)


def test_a_time_without_a_zone_is_refused_not_compared() -> None:
    naive = datetime(2026, 1, 1, 8, 0)
    (message,) = obs.not_in_future("measured_at", naive)
    assert message.code == "naive_time"
    assert obs.not_in_future("on", date.today()) == []
