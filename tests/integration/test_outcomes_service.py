"""Outcomes and trends per participant, computed from what the services saved."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from app.models import Oxygenation, Participant
from app.protocol import load_default, load_protocol
from app.roles import Role
from app.services import observations as obs
from app.services.outcomes import describe_outcomes, participant_outcomes, trends
from tests.conftest import OpenStore

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
DAY0 = date.today() - timedelta(days=40)


def _at(day: int, hour: int = 8) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), time(hour), tzinfo=UTC)


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1",
            study_id="P-1",
            initials="AB",
            sex="M",
            status="infused",
            day0_on=DAY0,
            created_at=_at(-3),
        )
        session.add(p)
    return p.id


def _samples(opened: OpenStore, pid: str, *results: tuple[datetime, str]) -> None:
    nurse = opened.actor(Role.NURSE)
    for at, result in results:
        entry = obs.NucleicAcidEntry(at, "nasopharyngeal_swab", result)
        obs.record_nucleic_acid(opened.store, nurse, pid, entry)


def _died(opened: OpenStore, pid: str, day: int) -> None:
    entry = obs.DispositionEntry("died", DAY0 + timedelta(days=day))
    obs.record_disposition(opened.store, opened.actor(Role.INVESTIGATOR), pid, entry)


# -- nucleic-acid negativity ---------------------------------------------------------------


def test_negativity_is_the_first_of_two_negatives_at_least_24_h_apart(
    opened: OpenStore, pid: str
) -> None:
    _samples(opened, pid, (_at(1), "positive"), (_at(5), "negative"), (_at(6), "negative"))
    found = participant_outcomes(opened.store, PROTOCOL, pid)
    assert found.negativity_days == 5
    assert (found.first_negative_at, found.negativity_confirmed_at) == (_at(5), _at(6))
    assert found.negativity_rule == "first of 2 consecutive negatives, at least 24 h apart"


def test_a_single_negative_or_two_too_close_together_is_not_negativity_yet(
    opened: OpenStore, pid: str
) -> None:
    _samples(opened, pid, (_at(5, 8), "negative"), (_at(5, 20), "negative"))
    assert participant_outcomes(opened.store, PROTOCOL, pid).negativity_days is None


def test_a_positive_between_negatives_restarts_the_run(opened: OpenStore, pid: str) -> None:
    _samples(
        opened,
        pid,
        (_at(3), "negative"),
        (_at(4), "positive"),
        (_at(6), "negative"),
        (_at(7), "indeterminate"),
        (_at(8), "negative"),
    )
    assert participant_outcomes(opened.store, PROTOCOL, pid).negativity_days == 6


def test_the_second_protocol_counts_a_single_negative(opened: OpenStore, pid: str) -> None:
    _samples(opened, pid, (_at(2), "positive"), (_at(4), "negative"))
    found = participant_outcomes(opened.store, SECOND, pid)
    assert (found.negativity_days, found.negativity_rule) == (4, "first negative sample")


def test_two_samples_at_one_moment_that_disagree_leave_a_note_not_a_value(
    opened: OpenStore, pid: str
) -> None:
    _samples(opened, pid, (_at(5), "negative"), (_at(5), "positive"), (_at(6), "negative"))
    found = participant_outcomes(opened.store, PROTOCOL, pid)
    assert found.negativity_days is None
    assert found.notes and "same moment" in found.notes[0]


# -- mortality ------------------------------------------------------------------------------


def test_a_death_by_day_28_sets_died_and_counts_for_mortality(opened: OpenStore, pid: str) -> None:
    _died(opened, pid, 12)
    found = participant_outcomes(opened.store, PROTOCOL, pid)
    assert found.died_by_mortality_day is True
    assert found.death_on == DAY0 + timedelta(days=12)
    with opened.store.read() as session:
        assert session.get_one(Participant, pid).status == "died"
    assert ("Mortality by day 28", f"Died on day 12 ({found.death_on:%d %b %Y}).") in (
        describe_outcomes(found)
    )


def test_a_death_after_the_mortality_day_is_not_a_day_28_death(opened: OpenStore, pid: str) -> None:
    _died(opened, pid, 29)
    assert participant_outcomes(opened.store, PROTOCOL, pid).died_by_mortality_day is False
    # The second protocol counts to day 60.
    assert participant_outcomes(opened.store, SECOND, pid).died_by_mortality_day is True


def test_seen_alive_on_day_28_is_alive_and_before_that_is_not_known(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    obs.record_vital_signs(
        opened.store, nurse, PROTOCOL, pid, obs.VitalSignsEntry("W3", _at(27), spo2_percent="96")
    )
    found = participant_outcomes(opened.store, PROTOCOL, pid, tz=UTC)
    assert (found.died_by_mortality_day, found.last_known_alive) == (None, DAY0 + timedelta(27))
    obs.record_who_score(
        opened.store, nurse, PROTOCOL, pid, obs.WhoScoreEntry("W4", DAY0 + timedelta(days=28), 2)
    )
    assert participant_outcomes(opened.store, PROTOCOL, pid).died_by_mortality_day is False


def test_outcomes_wait_for_day_0(opened: OpenStore) -> None:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-2", initials="CD", sex="F", status="randomised", created_at=_at(0)
        )
        session.add(p)
    found = participant_outcomes(opened.store, PROTOCOL, p.id)
    assert (found.negativity_days, found.died_by_mortality_day) == (None, None)
    assert describe_outcomes(found) == [
        ("Outcomes", "Counted from day 0, which is not recorded yet.")
    ]


# -- symptoms ------------------------------------------------------------------------------


def test_symptom_duration_in_days_and_none_while_ongoing(opened: OpenStore, pid: str) -> None:
    onset = DAY0 - timedelta(days=4)
    obs.record_symptoms(
        opened.store,
        opened.actor(Role.NURSE),
        pid,
        [
            obs.SymptomEntry("fever", onset, onset + timedelta(days=6)),
            obs.SymptomEntry("dry_cough", onset),
        ],
    )
    found = participant_outcomes(opened.store, PROTOCOL, pid)
    assert [(s.symptom, s.duration_days) for s in found.symptoms] == [
        ("fever", 6),
        ("dry_cough", None),
    ]
    lines = dict(describe_outcomes(found))
    assert lines["Symptom duration"] == (f"Fever: 6 days · Dry cough: ongoing since {onset:%d %b}")


# -- trends ----------------------------------------------------------------------------------


def test_trends_give_spo2_pf_and_labs_in_days_since_day_0_with_units(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    obs.record_vital_signs(
        opened.store, nurse, PROTOCOL, pid, obs.VitalSignsEntry("D1", _at(1, 12), spo2_percent="90")
    )
    with opened.store.transaction(nurse) as session:
        session.add(
            Oxygenation(
                participant_id=pid,
                measured_at=_at(2, 6),
                spo2_percent="92",
                o2_device="nasal_cannula",
                pf_ratio_mmhg="210.5",
            )
        )
    panel = obs.LabPanelEntry(
        "D7",
        _at(7),
        (
            obs.LabValueEntry("CRP", "45", "mg/L"),
            obs.LabValueEntry("IL6", "<5", "pg/mL"),
            obs.LabValueEntry("WBC", "6.1", "×10⁹/L"),
        ),
    )
    obs.record_lab_panel(opened.store, nurse, PROTOCOL, pid, panel)
    later = obs.LabPanelEntry("W2", _at(14), (obs.LabValueEntry("CRP", "1.2", "mg/dL"),))
    obs.record_lab_panel(opened.store, nurse, PROTOCOL, pid, later)
    found = trends(opened.store, PROTOCOL, pid, tz=UTC)
    assert found.origin_on == DAY0 and found.origin_is_day0
    shown = {
        (s.key, s.unit): [(p.day, p.value, p.qualifier) for p in s.points] for s in found.series
    }
    assert shown == {
        ("spo2", "%"): [(1.5, 90.0, ""), (2.25, 92.0, "")],
        ("pf", "mmHg"): [(2.25, 210.5, "")],
        ("CRP", "mg/L"): [(7 + 8 / 24, 45.0, "")],
        ("CRP", "mg/dL"): [(14 + 8 / 24, 1.2, "")],  # never converted
        ("IL6", "pg/mL"): [(7 + 8 / 24, 5.0, "<")],
    }
    assert [s.label for s in found.series][:3] == ["SpO₂", "P/F ratio", "C-reactive protein (CRP)"]


def test_trends_follow_the_second_protocols_panel(opened: OpenStore, pid: str) -> None:
    panel = obs.LabPanelEntry("D3", _at(3), (obs.LabValueEntry("CRP", "30", "mg/L"),))
    obs.record_lab_panel(opened.store, opened.actor(Role.NURSE), SECOND, pid, panel)
    found = trends(opened.store, SECOND, pid)
    assert [s.key for s in found.series] == ["CRP"]


def test_without_data_there_are_no_trends(opened: OpenStore, pid: str) -> None:
    found = trends(opened.store, PROTOCOL, pid)
    assert found.series == () and found.origin_on == DAY0
