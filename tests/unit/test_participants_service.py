"""Participants for the screens: list, barcode lookup, one record's timeline, Today."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.errors import InvalidInput, NotPermitted
from app.models import Participant, ParticipantStatus, VitalSigns
from app.roles import Role
from app.services import participants as ps
from app.store.uow import log_event
from tests.conftest import OpenStore

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _add(opened: OpenStore, screening: str, **fields_: object) -> str:
    nurse = opened.actor(Role.NURSE)
    values: dict[str, object] = {
        "screening_number": screening,
        "initials": "AB",
        "sex": "F",
        "weight_kg": 70.0,
        "created_at": NOW - timedelta(days=3),
    }
    values.update(fields_)
    with opened.store.transaction(nurse) as session:
        p = Participant(**values)
        session.add(p)
    return p.id


def _vitals(opened: OpenStore, pid: str, at: datetime, visit: str = "D1") -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        v = VitalSigns(participant_id=pid, visit_code=visit, measured_at=at, spo2_percent=92)
        session.add(v)
    return v.id


def _row(status: ParticipantStatus, last_seen: datetime | None) -> ps.ParticipantRow:
    return ps.ParticipantRow(
        id="x", study_id="P-1", screening_number="S-1", initials="AB", sex="F",
        age_years=50, weight_kg=70.0, status=status, kit_code=None, last_seen=last_seen,
    )  # fmt: skip


# -- pure rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2026, 3, 13), 45), (date(2026, 3, 14), 46), (date(2027, 1, 1), 46)],
)
def test_age_counts_completed_years_and_turns_on_the_birthday(on: date, expected: int) -> None:
    assert ps.age_on(date(1980, 3, 14), on) == expected


@pytest.mark.parametrize("scanned", ["k-1041", " K-1041 ", "K-1041\r\n", "\x1dK-1041\t"])
def test_a_scanned_code_loses_blanks_control_characters_and_case(scanned: str) -> None:
    assert ps.normalise_code(scanned) == "K-1041"


@pytest.mark.parametrize("status", [s for s in ParticipantStatus if s not in ps.ON_STUDY])
def test_nobody_off_study_is_due_whatever_their_vital_signs(status: ParticipantStatus) -> None:
    assert ps.visit_due(_row(status, None), NOW) is None


def test_a_participant_with_vital_signs_since_midnight_is_not_due() -> None:
    row = _row(ParticipantStatus.INFUSED, NOW.replace(hour=0, minute=5))
    assert ps.visit_due(row, NOW) is None


def test_vital_signs_yesterday_make_today_due_but_not_overdue() -> None:
    due = ps.visit_due(_row(ParticipantStatus.RANDOMISED, NOW - timedelta(hours=20)), NOW)
    assert due is not None and not due.overdue
    assert due.reason == "No vital signs today yet"


def test_no_vital_signs_since_before_yesterday_is_overdue_and_says_how_long() -> None:
    due = ps.visit_due(_row(ParticipantStatus.INFUSED, NOW - timedelta(days=3)), NOW)
    assert due is not None and due.overdue
    assert due.reason == "Last vital signs 3 days ago"


def test_the_ward_day_starts_at_local_midnight_not_utc_midnight() -> None:
    beijing = timezone(timedelta(hours=8))
    now = datetime(2026, 11, 25, 7, 0, tzinfo=beijing)  # 23:00 UTC on the 24th
    after_local_midnight = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)  # 00:30 local, 25th
    before_local_midnight = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 23:30 local, 24th
    assert ps.start_of_day(now) == datetime(2026, 11, 25, tzinfo=beijing)
    assert ps.visit_due(_row(ParticipantStatus.INFUSED, after_local_midnight), now) is None
    due = ps.visit_due(_row(ParticipantStatus.INFUSED, before_local_midnight), now)
    assert due is not None and not due.overdue


def test_the_list_row_has_no_field_for_the_arm() -> None:
    assert not any("arm" in f.name or "allocation" in f.name for f in fields(ps.ParticipantRow))


# -- with a store ----------------------------------------------------------------


def test_list_gives_age_from_date_of_birth_else_the_recorded_age(opened: OpenStore) -> None:
    _add(opened, "S-001", date_of_birth=date(1980, 3, 14), age_years=99)
    _add(opened, "S-002", age_years=47)
    rows = {r.screening_number: r for r in ps.list_participants(opened.store, on=date(2026, 1, 1))}
    assert rows["S-001"].age_years == 45
    assert rows["S-002"].age_years == 47


def test_list_orders_by_study_id_with_not_yet_enrolled_last(opened: OpenStore) -> None:
    _add(opened, "S-003")
    _add(opened, "S-001", study_id="P-002")
    _add(opened, "S-002", study_id="P-001")
    assert [r.label for r in ps.list_participants(opened.store)] == ["P-001", "P-002", "S-003"]


def test_list_shows_when_the_latest_vital_signs_were_measured(opened: OpenStore) -> None:
    pid = _add(opened, "S-001")
    _vitals(opened, pid, NOW - timedelta(days=2), "D1")
    _vitals(opened, pid, NOW - timedelta(hours=1), "D2")
    _add(opened, "S-002")
    rows = {r.screening_number: r for r in ps.list_participants(opened.store)}
    assert rows["S-001"].last_seen == NOW - timedelta(hours=1)
    assert rows["S-002"].last_seen is None


@pytest.mark.parametrize("code", ["P-007", "p-007", "  S-107 ", "s-107\r", "K-1041", "k-1041\n"])
def test_find_by_code_matches_study_id_screening_number_or_kit_exactly(
    opened: OpenStore, code: str
) -> None:
    _add(opened, "S-106", study_id="P-006", kit_code="K-1040")
    pid = _add(opened, "S-107", study_id="P-007", kit_code="K-1041")
    assert ps.find_by_code(opened.store, code) == pid


@pytest.mark.parametrize("code", ["P-00", "P-0071", "S-1", "", "   ", "AB"])
def test_find_by_code_finds_nothing_for_partial_or_unknown_codes(
    opened: OpenStore, code: str
) -> None:
    _add(opened, "S-107", study_id="P-007", kit_code="K-1041")
    assert ps.find_by_code(opened.store, code) is None


def test_a_study_id_wins_over_someone_elses_equal_screening_number(opened: OpenStore) -> None:
    _add(opened, "X-1")
    enrolled = _add(opened, "S-2", study_id="X-1")
    assert ps.find_by_code(opened.store, "x-1") == enrolled


def test_timeline_is_newest_first_with_vital_signs_changes_and_who(opened: OpenStore) -> None:
    pid = _add(opened, "S-001")
    _vitals(opened, pid, NOW - timedelta(days=2))
    investigator = opened.actor(Role.INVESTIGATOR)
    with opened.store.transaction(investigator, reason="criteria met") as session:
        p = session.get_one(Participant, pid)
        p.status = ParticipantStatus.ELIGIBLE.value
        p.study_id = "P-001"
    detail = ps.participant_detail(opened.store, pid)
    times = [e.at for e in detail.timeline]
    assert times == sorted(times, reverse=True)
    kinds = [e.kind for e in detail.timeline]
    assert kinds == ["changed", "created", "vitals"]
    change = detail.timeline[0]
    assert change.title == "Status changed to Eligible"
    assert "study ID: — → P-001" in change.detail and "reason: criteria met" in change.detail
    assert change.by == "investigator"
    vitals = detail.timeline[2]
    assert vitals.title == "Vital signs, visit D1" and "SpO₂ 92 %" in vitals.detail
    assert vitals.by == "nurse"
    assert detail.row.study_id == "P-001"


def test_timeline_shows_an_event_but_never_its_free_text_detail(opened: OpenStore) -> None:
    pid = _add(opened, "S-001")
    investigator = opened.actor(Role.INVESTIGATOR)
    with opened.store.transaction(investigator, reason="emergency") as session:
        log_event(session, "emergency_unblinding", investigator.name, record_id=pid,
                  detail="arm: UC-MSC")  # fmt: skip
    detail = ps.participant_detail(opened.store, pid)
    event = next(e for e in detail.timeline if e.kind == "event")
    assert event.title == "Emergency unblinding"
    everything = " ".join(f"{e.title} {e.detail}" for e in detail.timeline)
    assert "MSC" not in everything


def test_detail_of_an_unknown_participant_is_refused_with_a_sentence(opened: OpenStore) -> None:
    with pytest.raises(InvalidInput, match="no participant"):
        ps.participant_detail(opened.store, "nobody")


def test_today_lists_on_study_participants_without_vitals_today_overdue_first(
    opened: OpenStore,
) -> None:
    seen_today = _add(opened, "S-001", study_id="P-001", status="infused")
    _vitals(opened, seen_today, NOW - timedelta(hours=1))
    seen_yesterday = _add(opened, "S-002", study_id="P-002", status="randomised")
    _vitals(opened, seen_yesterday, NOW - timedelta(hours=20))
    long_ago = _add(opened, "S-003", study_id="P-003", status="infused")
    _vitals(opened, long_ago, NOW - timedelta(days=4))
    _add(opened, "S-004", status="screening")
    _add(opened, "S-005", study_id="P-005", status="completed")
    due = ps.today(opened.store, NOW)
    assert [(d.participant.id, d.overdue) for d in due] == [
        (long_ago, True),
        (seen_yesterday, False),
    ]


def test_today_refuses_a_naive_time(opened: OpenStore) -> None:
    with pytest.raises(ValueError, match="naive"):
        ps.today(opened.store, datetime(2026, 11, 25, 10, 0))


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR])
def test_blinded_roles_are_refused_the_allocation(opened: OpenStore, role: Role) -> None:
    with pytest.raises(NotPermitted, match="cannot see treatment allocation"):
        ps.allocated_arms(opened.store, opened.actor(role))
    with pytest.raises(NotPermitted):
        ps.allocated_arms(opened.store, opened.admin)


def test_the_pharmacist_reads_the_allocation_which_is_empty_until_randomisation_exists(
    opened: OpenStore,
) -> None:
    _add(opened, "S-001", study_id="P-001", kit_code="K-1", status="randomised")
    assert ps.allocated_arms(opened.store, opened.actor(Role.PHARMACIST)) == {}
