"""When each vital-signs timepoint of an infusion is due, and what the values meet.

Pure rules with an injected clock: no store, no ``datetime.now()``. A timepoint is
upcoming until ``due_before_minutes`` before its target, then due, then overdue once
``overdue_grace_minutes`` have passed; it stays overdue until it is recorded or skipped
with a reason. The same schedule applies to both arms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from app.clinical.infusion import VitalsTimepoint, infusion_timepoints
from app.protocol.infusion import InfusionRules, StopCriterion
from app.protocol.model import InfusionVitalsSchedule
from app.services.observation_checks import _decimal

UPCOMING = "upcoming"
DUE = "due"
OVERDUE = "overdue"
DONE = "done"
SKIPPED = "skipped"
OUTSTANDING = frozenset({UPCOMING, DUE, OVERDUE})

# The infusion's vitals columns -> the protocol's plausibility field names.
VITALS_FIELDS: dict[str, str] = {
    "temperature_c": "temperature_celsius",
    "heart_rate_per_min": "heart_rate_per_min",
    "respiratory_rate_per_min": "respiratory_rate_per_min",
    "systolic_bp_mmhg": "systolic_bp_mmhg",
    "diastolic_bp_mmhg": "diastolic_bp_mmhg",
    "spo2_percent": "spo2_percent",
}
COLUMN_OF = {v: k for k, v in VITALS_FIELDS.items()}


@dataclass(frozen=True)
class RecordedPoint:
    """What was saved for one timepoint: values as typed, or the reason it was skipped."""

    measured_at: datetime | None
    values: Mapping[str, str]
    skipped_reason: str | None = None
    measured_by: str | None = None
    stop_criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimepointView:
    """One row of the vitals grid as the ward sees it now."""

    code: str
    label_en: str
    label_zh: str
    target_at: datetime | None
    """None for the end and after-end rows while the infusion runs."""
    status: str
    """``upcoming``, ``due``, ``overdue``, ``done`` or ``skipped``."""
    measured_at: datetime | None
    values: Mapping[str, str] = field(default_factory=dict)
    skipped_reason: str | None = None
    measured_by: str | None = None
    stop_criteria: tuple[str, ...] = ()
    """The stop criteria's English labels the values met."""


def status_at(
    target: datetime | None, recorded: RecordedPoint | None, now: datetime, rules: InfusionRules
) -> str:
    """The status of a timepoint with planned time ``target`` at ``now``."""
    if recorded is not None:
        return SKIPPED if recorded.skipped_reason else DONE
    if target is None or now < target - timedelta(minutes=rules.due_before_minutes):
        return UPCOMING
    if now <= target + timedelta(minutes=rules.overdue_grace_minutes):
        return DUE
    return OVERDUE


def _during_minute(code: str) -> int:
    return int(code[3:]) if code.startswith("DUR") and code[3:].isdigit() else 0


def schedule_for(
    schedule: InfusionVitalsSchedule, rules: InfusionRules, started_at: datetime,
    stopped_at: datetime | None, now: datetime, recorded_codes: Sequence[str] = (),
) -> tuple[VitalsTimepoint, ...]:  # fmt: skip
    """The timepoints of this infusion: during-rows up to its actual end, or, while it
    runs past the expected duration, up to the next one coming due."""
    if stopped_at is not None:
        minutes = math.ceil((stopped_at - started_at).total_seconds() / 60)
    else:
        elapsed = math.floor((now - started_at).total_seconds() / 60)
        ahead = elapsed + rules.due_before_minutes + 1
        minutes = max(schedule.expected_duration_minutes, ahead)
    minutes = max(minutes, *(_during_minute(c) + 1 for c in recorded_codes), 1)
    return infusion_timepoints(schedule, min(minutes, 24 * 60))


def timepoint_views(
    schedule: InfusionVitalsSchedule, rules: InfusionRules, started_at: datetime,
    stopped_at: datetime | None, recorded: Mapping[str, RecordedPoint], now: datetime,
) -> list[TimepointView]:  # fmt: skip
    """Every timepoint of the infusion with its target time and status at ``now``."""
    views = []
    for point in schedule_for(schedule, rules, started_at, stopped_at, now, list(recorded)):
        target = point.due_at(started_at, stopped_at)
        saved = recorded.get(point.code)
        views.append(
            TimepointView(
                code=point.code,
                label_en=point.label_en,
                label_zh=point.label_zh,
                target_at=target,
                status=status_at(target, saved, now, rules),
                measured_at=None if saved is None else saved.measured_at,
                values={} if saved is None else dict(saved.values),
                skipped_reason=None if saved is None else saved.skipped_reason,
                measured_by=None if saved is None else saved.measured_by,
                stop_criteria=() if saved is None else saved.stop_criteria,
            )
        )
    return views


def next_due(points: Sequence[TimepointView]) -> TimepointView | None:
    """The row to do next: the earliest overdue or due one, else the next upcoming one
    with a known time; None when nothing is outstanding."""
    waiting = [p for p in points if p.status in (OVERDUE, DUE) and p.target_at is not None]
    if waiting:
        return min(waiting, key=lambda p: p.target_at or datetime.max)
    coming = [p for p in points if p.status == UPCOMING and p.target_at is not None]
    return min(coming, key=lambda p: p.target_at or datetime.max) if coming else None


def stop_criteria_met(
    rules: InfusionRules, values: Mapping[str, str], before: Mapping[str, str] | None = None
) -> tuple[StopCriterion, ...]:
    """The protocol's stop criteria that ``values`` (column -> text as typed) meet;
    ``before`` holds the pre-infusion values, for the criteria that count a drop."""
    met = []
    for criterion in rules.stop_criteria:
        column = COLUMN_OF.get(criterion.field)
        value = _decimal(values.get(column or ""))
        if value is None:
            continue
        earlier: Decimal | None = None
        if before is not None:
            earlier = _decimal(before.get(column or ""))
        if criterion.met(value, earlier):
            met.append(criterion)
    return tuple(met)
