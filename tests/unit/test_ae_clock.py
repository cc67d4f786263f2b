"""The SAE reporting clock, with an injected clock and the protocol's window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.clinical.adverse_events import ClockStatus, SaeClock, sae_clock
from app.protocol import load_default
from app.protocol.safety import safety_rules

SAFETY = safety_rules(load_default())
WINDOW = SAFETY.sae_reporting_window_hours
URGENT = SAFETY.sae_urgent_within_hours
AWARE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def clock_at(
    now: datetime, reported: datetime | None = None, start: datetime | None = AWARE
) -> SaeClock:
    return sae_clock(start, reported, WINDOW, URGENT, now)


def test_the_window_and_urgency_come_from_the_protocol() -> None:
    assert WINDOW == 24
    assert 0 < URGENT < WINDOW
    assert SAFETY.reference_safety_information_version


def test_a_serious_event_starts_its_clock_at_awareness() -> None:
    clock = clock_at(AWARE + timedelta(minutes=1))
    assert clock.started_at == AWARE
    assert clock.deadline == AWARE + timedelta(hours=WINDOW)
    assert clock.status is ClockStatus.DUE


def test_it_shows_due_then_urgent_then_overdue() -> None:
    deadline = AWARE + timedelta(hours=WINDOW)
    assert clock_at(deadline - timedelta(hours=URGENT, minutes=1)).status is ClockStatus.DUE
    assert clock_at(deadline - timedelta(hours=URGENT)).status is ClockStatus.URGENT
    assert clock_at(deadline).status is ClockStatus.URGENT
    late = clock_at(deadline + timedelta(minutes=90))
    assert late.status is ClockStatus.OVERDUE
    assert late.sentence().startswith("Overdue by 1 h 30 min")


def test_it_clears_when_reported_and_says_when_reported_late() -> None:
    deadline = AWARE + timedelta(hours=WINDOW)
    reported = clock_at(deadline + timedelta(days=3), reported=AWARE + timedelta(hours=3))
    assert reported.status is ClockStatus.REPORTED
    assert reported.remaining is None
    late = clock_at(deadline + timedelta(days=3), reported=deadline + timedelta(hours=1))
    assert late.status is ClockStatus.REPORTED_LATE


def test_an_event_that_is_not_serious_has_no_clock() -> None:
    clock = clock_at(AWARE, start=None)
    assert clock.status is ClockStatus.NOT_SERIOUS
    assert clock.sentence() == "Not serious"
