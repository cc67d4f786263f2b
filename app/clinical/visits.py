"""Visit dates, windows and status from day 0 and the protocol's schedule.

Day 0 is the day of infusion (randomisation); "day 7" is seven calendar days later.
Status of a visit on a given date, for a visit without recorded data:

* ``upcoming``: before the window opens;
* ``due``: the window is open and the target day has not passed (opens ≤ date ≤ target);
* ``overdue``: past the target day but the window is still open (target < date ≤ closes);
* ``missed``: the window has closed (date > closes).

A visit with data is ``done`` whatever the date; :meth:`PlannedVisit.contains` tells
whether it was done inside its window (outside is a protocol deviation to report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.parsing import optional_date, require_date
from app.protocol.model import VisitDefinition


class VisitStatus(StrEnum):
    """Where a visit stands on a given date (see the module docstring)."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    MISSED = "missed"


@dataclass(frozen=True)
class PlannedVisit:
    """A visit of the schedule placed on the calendar."""

    definition: VisitDefinition
    target_date: date
    window_opens: date
    window_closes: date

    @property
    def code(self) -> str:
        """The visit code from the protocol (``"D7"``)."""
        return self.definition.code

    def contains(self, day: date) -> bool:
        """True if ``day`` is inside the window (both ends inclusive)."""
        return self.window_opens <= day <= self.window_closes


def _shift(day0: date, days: int) -> date:
    try:
        return day0 + timedelta(days=days)
    except OverflowError:
        raise ValidationError("day0", "Day 0 is too close to the end of the calendar.") from None


def plan_visits(day0: object, visits: Sequence[VisitDefinition]) -> tuple[PlannedVisit, ...]:
    """Target date and window of every visit in ``visits`` (``protocol.visits``)."""
    start = require_date(day0, "day0")
    return tuple(
        PlannedVisit(
            definition=v,
            target_date=_shift(start, v.day),
            window_opens=_shift(start, v.day - v.window_before_days),
            window_closes=_shift(start, v.day + v.window_after_days),
        )
        for v in visits
    )


def visit_status(visit: PlannedVisit, on_date: object, done_on: object = None) -> VisitStatus:
    """Status of ``visit`` on ``on_date``; ``done_on`` is the date its data was collected.

    A completion date after ``on_date`` is refused: data cannot come from the future.
    """
    today = require_date(on_date, "on_date")
    completed = optional_date(done_on, "done_on")
    if completed is not None:
        if completed > today:
            raise ValidationError("done_on", "The visit date is after the date checked.")
        return VisitStatus.DONE
    if today < visit.window_opens:
        return VisitStatus.UPCOMING
    if today <= visit.target_date:
        return VisitStatus.DUE
    if today <= visit.window_closes:
        return VisitStatus.OVERDUE
    return VisitStatus.MISSED


@dataclass(frozen=True)
class VisitState:
    """A planned visit, its status, and whether a done visit fell inside its window."""

    visit: PlannedVisit
    status: VisitStatus
    done_on: date | None
    done_in_window: bool | None
    """None when not done."""


def schedule_status(
    day0: object,
    visits: Sequence[VisitDefinition],
    on_date: object,
    done_on: Mapping[str, date] | None = None,
) -> tuple[VisitState, ...]:
    """Every visit's state on ``on_date``; ``done_on`` maps visit code -> collection date."""
    done = {} if done_on is None else done_on
    if not isinstance(done, Mapping):
        raise ValidationError("done_on", "done_on must map visit codes to dates.")
    planned = plan_visits(day0, visits)
    codes = {p.code for p in planned}
    for code in done:
        if code not in codes:
            raise ValidationError("done_on", f"{code!r} is not a visit of this protocol.")
    states = []
    for p in planned:
        completed = optional_date(done.get(p.code), "done_on")
        status = visit_status(p, on_date, completed)
        in_window = None if completed is None else p.contains(completed)
        states.append(VisitState(p, status, completed, in_window))
    return tuple(states)


def window_message(
    day0: date | None, visits: Sequence[VisitDefinition], visit_code: str, on_day: date, field: str
) -> Message | None:
    """A soft message when values of visit ``visit_code`` are dated outside its window.

    None when the date is inside the window, when day 0 is not recorded yet (there is no
    schedule to compare with) or when the code is not a scheduled visit (unscheduled
    observations have no window). Outside the window is a protocol deviation: the form
    saves it once the person confirms visit and date.
    """
    if day0 is None:
        return None
    planned = next((p for p in plan_visits(day0, visits) if p.code == visit_code), None)
    if planned is None or planned.contains(on_day):
        return None
    name = planned.definition.name_en
    day = (on_day - day0).days
    first = planned.definition.day - planned.definition.window_before_days
    last = planned.definition.day + planned.definition.window_after_days
    window = f"day {first}" if first == last else f"days {first} to {last}"
    text = (
        f"{name} is due on {window} ({_when(planned.window_opens, planned.window_closes)}); "
        f"these values are dated {on_day:%d %b} (day {day}), outside the window: check the visit "
        "and the date, then confirm."
    )
    return Message(field, text, Severity.SOFT, "outside_window")


def _when(opens: date, closes: date) -> str:
    return f"{opens:%d %b}" if opens == closes else f"{opens:%d %b} – {closes:%d %b}"
