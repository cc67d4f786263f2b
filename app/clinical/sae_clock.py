"""Seriousness (ICH E2A) and the clock for reporting a serious adverse event.

Seriousness is a regulatory category, apart from the grade: a grade-3 event need not be
serious and a grade-2 event can be. A serious event must reach the sponsor within a
window that runs from when the site became aware of it; :func:`sae_clock` takes ``now``
so the clock is tested with an injected time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.sentences import QT_TRANSLATE_NOOP

# ICH E2A: an AE is serious if it does any of these (SDTM flag in the comment).
SERIOUSNESS = {
    "death": QT_TRANSLATE_NOOP("AdverseEvents", "Results in death"),  # AESDTH
    "life_threatening": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Is life-threatening (risk of death at the time of the event)"
    ),  # AESLIFE
    "hospitalisation": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Requires or prolongs hospitalisation"
    ),  # AESHOSP
    "disability": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Persistent or significant disability or incapacity"
    ),  # AESDISAB
    "congenital_anomaly": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Congenital anomaly or birth defect"
    ),  # AESCONG
    "medically_important": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Other medically important event (investigator's judgement)"
    ),  # AESMIE
}


class ClockStatus(StrEnum):
    NOT_SERIOUS = "not serious"
    DUE = "due"
    URGENT = "urgent"
    OVERDUE = "overdue"
    REPORTED = "reported"
    REPORTED_LATE = "reported late"


@dataclass(frozen=True)
class SaeClock:
    status: ClockStatus
    started_at: datetime | None
    deadline: datetime | None
    remaining: timedelta | None
    """Time left before the deadline (negative when overdue); None once reported."""

    def sentence(self) -> str:
        """What the clock column and Today show."""
        if self.status is ClockStatus.NOT_SERIOUS or self.deadline is None:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Not serious").said()
        due = self.deadline.strftime("%Y-%m-%d %H:%M UTC")
        if self.status is ClockStatus.REPORTED:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Reported (was due {due})").format(due=due)
        if self.status is ClockStatus.REPORTED_LATE:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Reported late (was due {due})").format(
                due=due
            )
        assert self.remaining is not None
        minutes = int(abs(self.remaining).total_seconds() // 60)
        span = f"{minutes // 60} h {minutes % 60:02d} min"
        if self.status is ClockStatus.OVERDUE:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Overdue by {span} (was due {due})").format(
                span=span, due=due
            )
        return QT_TRANSLATE_NOOP("AdverseEvents", "Report within {span} (due {due})").format(
            span=span, due=due
        )


def sae_clock(
    clock_started_at: datetime | None,
    reported_at: datetime | None,
    window_hours: int,
    urgent_within_hours: int,
    now: datetime,
) -> SaeClock:
    """The reporting clock of one event. ``clock_started_at`` is None for an event that
    is not serious; it is the awareness moment, or the edit that made it serious."""
    if clock_started_at is None:
        return SaeClock(ClockStatus.NOT_SERIOUS, None, None, None)
    deadline = clock_started_at + timedelta(hours=window_hours)
    if reported_at is not None:
        late = reported_at > deadline
        status = ClockStatus.REPORTED_LATE if late else ClockStatus.REPORTED
        return SaeClock(status, clock_started_at, deadline, None)
    remaining = deadline - now
    if remaining < timedelta(0):
        status = ClockStatus.OVERDUE
    elif remaining <= timedelta(hours=urgent_within_hours):
        status = ClockStatus.URGENT
    else:
        status = ClockStatus.DUE
    return SaeClock(status, clock_started_at, deadline, remaining)
