"""The infusion's timed vital signs: record a timepoint's values, or say why it was skipped.

A timepoint's target time comes from the protocol's schedule, counted from the start
(or the end) of this infusion; the values are checked like any vital signs and met
against the protocol's stop criteria, the values before the start being the baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Infusion, InfusionVitals
from app.protocol import Protocol, load_default
from app.protocol.infusion import StopCriterion, infusion_rules
from app.sentences import QT_TRANSLATE_NOOP, pick
from app.services.infusion_reads import infusion_in
from app.services.infusion_timers import VITALS_FIELDS, schedule_for, stop_criteria_met
from app.services.observation_checks import check_vital_signs
from app.services.observation_entries import UNSCHEDULED, VitalSignsEntry
from app.services.observation_fields import blank
from app.services.observations import may_enter, refuse_unless_clear
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now


@dataclass(frozen=True)
class VitalsResult:
    """A saved timepoint, and the protocol's stop criteria its values meet (if any, the
    screen asks "stop the infusion?" and offers an adverse event)."""

    id: str
    timepoint_code: str
    stop_criteria: tuple[StopCriterion, ...]


def _values(values: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(values) - set(VITALS_FIELDS))
    if unknown:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Infusion", "{field} is not one of the infusion's vital signs."
            ).format(field=unknown[0])
        )
    return {k: v.strip() for k, v in values.items() if not blank(v)}


def _timepoint(
    session: Session, protocol: Protocol, row: Infusion, code: str, now: datetime
) -> datetime | None:
    """The target time of ``code`` for this infusion; InvalidInput for an unknown or a
    not-yet-timed (after the end) timepoint."""
    saved = session.scalars(
        select(InfusionVitals.timepoint_code).where(InfusionVitals.infusion_id == row.id)
    ).all()
    rules = infusion_rules(protocol)
    points = schedule_for(protocol.infusion_vitals, rules, row.started_at, row.stopped_at,
                          now, list(saved))  # fmt: skip
    point = next((p for p in points if p.code == code), None)
    if point is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Infusion", "{code} is not a timepoint of this infusion.").format(
                code=code
            )
        )
    target = point.due_at(row.started_at, row.stopped_at)
    if target is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Infusion", "Stop the infusion first: {timepoint} counts from its end."
            ).format(timepoint=pick(point.label_en, point.label_zh))
        )
    return target


def _saved_point(session: Session, infusion_id: str, code: str) -> InfusionVitals | None:
    return session.scalars(
        select(InfusionVitals).where(
            InfusionVitals.infusion_id == infusion_id, InfusionVitals.timepoint_code == code
        )
    ).first()


def record_vitals(
    store: Store, actor: Actor, infusion_id: str, timepoint_code: str,
    values: Mapping[str, str], measured_at: datetime, *, now: datetime | None = None,
    protocol: Protocol | None = None, confirm_unusual: bool = False, reason: str | None = None,
) -> VitalsResult:  # fmt: skip
    """Save one timepoint's vital signs as typed (column name -> text).

    Checked like any vital signs (the protocol's plausibility ranges, whole numbers,
    diastolic below systolic); unusual values need ``confirm_unusual``. Changing a
    recorded or skipped timepoint needs a ``reason``.
    """
    moment = now or utc_now()
    protocol = protocol or load_default()
    may_enter(actor)
    typed = _values(values)
    entry = VitalSignsEntry(visit_code=UNSCHEDULED, measured_at=measured_at, **typed)
    refuse_unless_clear(check_vital_signs(protocol, entry, moment), confirm_unusual)
    rules = infusion_rules(protocol)
    with store.transaction(actor, reason) as session:
        row = infusion_in(session, infusion_id)
        target = _timepoint(session, protocol, row, timepoint_code, moment)
        pre = _saved_point(session, infusion_id, "PRE") if timepoint_code != "PRE" else None
        before = {} if pre is None else {k: getattr(pre, k) for k in VITALS_FIELDS}
        met = stop_criteria_met(rules, typed, {k: v for k, v in before.items() if v})
        point = _saved_point(session, infusion_id, timepoint_code)
        if point is None:
            point = InfusionVitals(infusion_id=infusion_id, timepoint_code=timepoint_code)
            session.add(point)
        point.target_at = target
        point.measured_at = measured_at
        point.measured_by = actor.name
        point.skipped_reason = None
        for column in VITALS_FIELDS:
            setattr(point, column, typed.get(column))
        point.stop_criteria = "\n".join(c.label_en for c in met) or None
        session.flush()
        return VitalsResult(point.id, timepoint_code, met)


def skip_timepoint(
    store: Store, actor: Actor, infusion_id: str, timepoint_code: str, reason: str, *,
    now: datetime | None = None, protocol: Protocol | None = None,
) -> str:  # fmt: skip
    """Record that a timepoint's vital signs were not taken, and why; its alert ends."""
    moment = now or utc_now()
    protocol = protocol or load_default()
    may_enter(actor)
    if blank(reason):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Infusion", "Say why these vital signs were not taken.").said()
        )
    with store.transaction(actor) as session:
        row = infusion_in(session, infusion_id)
        target = _timepoint(session, protocol, row, timepoint_code, moment)
        if _saved_point(session, infusion_id, timepoint_code) is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "This timepoint is already recorded: correct it instead."
                ).said()
            )
        point = InfusionVitals(
            infusion_id=infusion_id,
            timepoint_code=timepoint_code,
            target_at=target,
            measured_by=actor.name,
            skipped_reason=reason.strip(),
        )
        session.add(point)
        session.flush()
        return point.id
