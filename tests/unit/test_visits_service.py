"""Visit schedule and status per participant, who is due today, through real stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from app.clinical.visits import VisitStatus
from app.errors import InvalidInput
from app.models import Participant, VitalSigns, WhoScaleScore
from app.protocol import Protocol, VisitDefinition, load_default, load_protocol
from app.roles import Role
from app.services import participants as ps
from app.services.visits import visit_schedule, visits_due
from tests.conftest import OpenStore

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
DAY0 = date(2026, 11, 2)


def _participant(
    opened: OpenStore, *, day0: date | None = DAY0, status: str = "infused", n: int = 1
) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number=f"S-{n:03d}",
            study_id=f"P-{n:03d}",
            initials="AB",
            sex="F",
            status=status,
            day0_on=day0,
            created_at=datetime(2026, 10, 30, tzinfo=UTC),
        )
        session.add(p)
    return p.id


def _vitals(opened: OpenStore, pid: str, code: str, on: date, hour: int = 9) -> None:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        at = datetime.combine(on, time(hour), tzinfo=UTC)
        session.add(
            VitalSigns(participant_id=pid, visit_code=code, measured_at=at, spo2_percent=95)
        )


def _status(opened: OpenStore, pid: str, code: str, on: date, protocol: Protocol = PROTOCOL) -> str:
    row = visit_schedule(opened.store, protocol, pid, on, tz=UTC).visit(code)
    assert row is not None
    return row.status.value


def _edges(visit: VisitDefinition) -> list[tuple[int, VisitStatus]]:
    """(day offset from day 0, expected status) at and around the visit's window."""
    opens, closes = visit.day - visit.window_before_days, visit.day + visit.window_after_days
    last_day = VisitStatus.DUE if closes == visit.day else VisitStatus.OVERDUE
    return [
        (opens - 1, VisitStatus.UPCOMING),
        (opens, VisitStatus.DUE),
        (visit.day, VisitStatus.DUE),
        (closes, last_day),
        (closes + 1, VisitStatus.MISSED),
    ]


@pytest.mark.parametrize("protocol", [PROTOCOL, SECOND], ids=["NCT04339660", "NCT99990001"])
def test_each_visit_is_upcoming_due_overdue_then_missed_at_its_window_edges(
    opened: OpenStore, protocol: Protocol
) -> None:
    pid = _participant(opened)
    for visit in protocol.visits:
        for offset, expected in _edges(visit):
            on = DAY0 + timedelta(days=offset)
            assert _status(opened, pid, visit.code, on, protocol) == expected.value, (
                visit.code,
                offset,
            )


def test_the_schedule_follows_the_protocol_file_passed_in(opened: OpenStore) -> None:
    pid = _participant(opened)
    first = visit_schedule(opened.store, PROTOCOL, pid, DAY0)
    second = visit_schedule(opened.store, SECOND, pid, DAY0)
    assert [v.code for v in first.visits] == ["BASELINE", "D1", "D2", "D7", "W2", "W3", "W4"]
    assert [v.code for v in second.visits] == ["BASELINE", "D3", "D10", "D60"]
    d60 = second.visit("D60")
    assert d60 is not None
    assert (d60.window_opens, d60.target_date, d60.window_closes) == (
        DAY0 + timedelta(days=55),
        DAY0 + timedelta(days=60),
        DAY0 + timedelta(days=65),
    )


def test_a_form_saved_in_the_window_makes_the_visit_done_whatever_the_date(
    opened: OpenStore,
) -> None:
    pid = _participant(opened)
    _vitals(opened, pid, "D7", DAY0 + timedelta(days=6))  # the window's first day
    for on in (DAY0 + timedelta(days=6), DAY0 + timedelta(days=40)):
        row = visit_schedule(opened.store, PROTOCOL, pid, on, tz=UTC).visit("D7")
        assert row is not None
        assert row.status is VisitStatus.DONE
        assert row.done_on == DAY0 + timedelta(days=6)
        assert row.done_in_window is True
        assert row.forms == ("vitals",)


def test_a_visit_done_after_its_window_is_done_but_flagged_outside(opened: OpenStore) -> None:
    pid = _participant(opened)
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(
            WhoScaleScore(
                participant_id=pid, visit_code="D7", score=5, assessed_on=DAY0 + timedelta(days=9)
            )
        )
    row = visit_schedule(opened.store, PROTOCOL, pid, DAY0 + timedelta(days=9)).visit("D7")
    assert row is not None and row.status is VisitStatus.DONE
    assert row.done_in_window is False
    assert row.forms == ("who",)


def test_data_dated_after_the_day_asked_about_does_not_count_yet(opened: OpenStore) -> None:
    pid = _participant(opened)
    _vitals(opened, pid, "D7", DAY0 + timedelta(days=7))
    assert _status(opened, pid, "D7", DAY0 + timedelta(days=6)) == "due"
    assert _status(opened, pid, "D7", DAY0 + timedelta(days=7)) == "done"


def test_the_done_day_is_the_ward_calendar_day(opened: OpenStore) -> None:
    pid = _participant(opened)
    # 20:00 UTC on day 0 is 04:00 on day 1 in Wuhan: it counts for day 1 there.
    _vitals(opened, pid, "D1", DAY0, hour=20)
    beijing = timezone(timedelta(hours=8))
    row = visit_schedule(opened.store, PROTOCOL, pid, DAY0 + timedelta(days=1), tz=beijing)
    d1 = row.visit("D1")
    assert d1 is not None and d1.done_on == DAY0 + timedelta(days=1) and d1.done_in_window


def test_unscheduled_observations_complete_no_visit(opened: OpenStore) -> None:
    pid = _participant(opened)
    _vitals(opened, pid, "UNSCHEDULED", DAY0 + timedelta(days=7))
    assert _status(opened, pid, "D7", DAY0 + timedelta(days=7)) == "due"


def test_without_day_0_there_is_no_schedule_yet(opened: OpenStore) -> None:
    pid = _participant(opened, day0=None, status="randomised")
    schedule = visit_schedule(opened.store, PROTOCOL, pid, DAY0)
    assert schedule.day0_on is None and schedule.visits == ()


def test_an_unknown_participant_is_refused_in_a_sentence(opened: OpenStore) -> None:
    with pytest.raises(InvalidInput, match="no participant"):
        visit_schedule(opened.store, PROTOCOL, "nobody", DAY0)


def test_visits_due_lists_due_and_overdue_participants_on_study_overdue_first(
    opened: OpenStore,
) -> None:
    due = _participant(opened, n=1)  # D7 target today
    overdue = _participant(opened, day0=DAY0 - timedelta(days=1), n=2)  # D7 target yesterday
    done = _participant(opened, n=3)
    _vitals(opened, done, "D7", DAY0 + timedelta(days=7))
    _participant(opened, status="completed", n=4)
    _participant(opened, day0=None, status="randomised", n=5)
    between = _participant(opened, day0=DAY0 + timedelta(days=3), n=6)  # day 4: nothing open
    found = visits_due(opened.store, PROTOCOL, DAY0 + timedelta(days=7), tz=UTC)
    assert [(d.participant_id, d.visit.code, d.overdue) for d in found] == [
        (overdue, "D7", True),
        (due, "D7", False),
    ]
    assert between not in {d.participant_id for d in found}
    assert found[0].reason == "Day 7, window closes today"
    assert found[1].reason == "Day 7, window 8 Nov – 10 Nov"


def test_a_one_day_window_reads_due_today(opened: OpenStore) -> None:
    _participant(opened)
    (found,) = visits_due(opened.store, PROTOCOL, DAY0 + timedelta(days=1), tz=UTC)
    assert found.reason == "Day 1, today only"


def test_today_uses_the_protocol_windows_and_keeps_the_old_rule_without_day_0(
    opened: OpenStore,
) -> None:
    on_schedule = _participant(opened, n=1)
    waiting = _participant(opened, day0=None, status="randomised", n=2)
    now = datetime.combine(DAY0 + timedelta(days=7), time(10), tzinfo=UTC)
    found = {d.participant.id: d for d in ps.today(opened.store, now)}
    assert found[on_schedule].reason == "Day 7, window 8 Nov – 10 Nov"
    assert found[waiting].reason == "No vital signs recorded yet"
    # Once the visit's form is in, the participant drops off Today.
    _vitals(opened, on_schedule, "D7", DAY0 + timedelta(days=7))
    assert on_schedule not in {d.participant.id for d in ps.today(opened.store, now)}
