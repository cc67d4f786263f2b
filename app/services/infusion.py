"""The infusion record at the bedside: start, pauses, timed vital signs, stop.

What the screens and the command line call. Every function takes the moment it acts at
(``now``) from its caller; a time typed by the nurse is checked against it, never
replaced. Values are saved as typed or refused with one sentence; a refused save changes
nothing. Both arms have exactly the same fields and the same schedule. The timed vital
signs are :mod:`app.services.infusion_vital_signs`; reading infusions back is
:mod:`app.services.infusion_reads`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import (
    Infusion,
    InfusionInterruption,
    InfusionStatus,
    ParticipantStatus,
    Preparation,
)
from app.protocol import Protocol, load_default
from app.protocol.infusion import infusion_rules
from app.sentences import QT_TRANSLATE_NOOP, Sentence
from app.services.infusion_check import (
    WRISTBAND,
    ProductCheckRefused,
    ProductCheckView,
    ScanRefused,
    _preparation,
    check_product,
    usable_check,
)
from app.services.infusion_reads import (
    infusion_in,
    infusions_for,
    infusions_in_progress,
    load_infusion,
    participant_of,
)
from app.services.infusion_timers import TimepointView
from app.services.infusion_views import InfusionView, InterruptionView
from app.services.infusion_vital_signs import VitalsResult, record_vitals, skip_timepoint
from app.services.observation_entries import EntryRefused
from app.services.observation_fields import _decimal, blank, hard, not_in_future, number_in
from app.services.observations import may_enter, participant_in
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

__all__ = [
    "WRISTBAND",
    "InfusionView",
    "InterruptionView",
    "ProductCheckRefused",
    "ProductCheckView",
    "ScanRefused",
    "TimepointView",
    "VitalsResult",
    "check_product",
    "infusions_for",
    "infusions_in_progress",
    "interrupt",
    "load_infusion",
    "participant_of",
    "record_vitals",
    "restart",
    "skip_timepoint",
    "start_infusion",
    "stop_infusion",
]

TEXT_LIMIT = 64
RATE_MAX_ML_H = 1000
VOLUME_MAX_ML = 1000


def _refuse_time(field: str, moment: datetime, now: datetime) -> None:
    found = not_in_future(field, moment, now)
    if found:
        raise EntryRefused(found)


def _short_text(value: str | None, field: str, label: Sentence) -> str:
    if blank(value):
        said = QT_TRANSLATE_NOOP("Infusion", "Enter the {label}.").format(label=label)
        raise EntryRefused([hard(field, said, "empty")])
    text = (value or "").strip()
    if len(text) > TEXT_LIMIT:
        said = QT_TRANSLATE_NOOP("Infusion", "Keep the {label} to {count} characters.").format(
            label=label, count=TEXT_LIMIT
        )
        raise EntryRefused([hard(field, said, "long")])
    return text


def _number(value: str, field: str, label: Sentence, high: int, unit: str, *, zero: bool) -> str:
    """``value`` as typed if it is a number in 0..``high`` (above 0 unless ``zero``)."""
    found = number_in(field, value, label, Decimal(0), Decimal(high), unit)
    if not found and not zero and _decimal(value) == 0:
        said = QT_TRANSLATE_NOOP("Infusion", "{label} must be above 0 {unit}.").format(
            label=label, unit=unit
        )
        found = [hard(field, said, "zero")]
    if found:
        raise EntryRefused(found)
    return value.strip()


def _open_pause(session: Session, infusion_id: str) -> InfusionInterruption | None:
    return session.scalars(
        select(InfusionInterruption).where(
            InfusionInterruption.infusion_id == infusion_id,
            InfusionInterruption.restarted_at.is_(None),
        )
    ).first()


def _running(row: Infusion) -> None:
    if row.status != InfusionStatus.IN_PROGRESS:
        raise InvalidInput(QT_TRANSLATE_NOOP("Infusion", "This infusion has already ended.").said())


def start_infusion(
    store: Store, actor: Actor, participant_id: str, check_id: str | None,
    started_at: datetime, rate_ml_h: str, line: str, site: str, *,
    now: datetime | None = None, protocol: Protocol | None = None,
    transcribed_from_paper: bool = False,
) -> str:  # fmt: skip
    """Start the infusion on a passed product check; returns the infusion's id.

    A check older than the protocol's minutes at ``started_at``, refused, or followed
    by another check is refused with "check the product again". A record transcribed
    from a paper worksheet may have no electronic check.
    """
    moment = now or utc_now()
    protocol = protocol or load_default()
    may_enter(actor)
    _refuse_time("started_at", started_at, moment)
    rate = _number(rate_ml_h, "rate_ml_h", QT_TRANSLATE_NOOP("Infusion", "The rate").said(),
                   RATE_MAX_ML_H, "mL/h", zero=False)  # fmt: skip
    line_text = _short_text(line, "line", QT_TRANSLATE_NOOP("Infusion", "line").said())
    site_text = _short_text(site, "site", QT_TRANSLATE_NOOP("Infusion", "site").said())
    valid = infusion_rules(protocol).product_check_valid_minutes
    with store.transaction(actor, "Infusion started.") as session:
        participant = participant_in(session, participant_id)
        running = session.scalars(
            select(Infusion).where(
                Infusion.participant_id == participant_id,
                Infusion.status == InfusionStatus.IN_PROGRESS,
            )
        ).first()
        if running is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "This participant's infusion is still running: stop it first."
                ).said()
            )
        if check_id is not None:
            check = usable_check(session, participant_id, check_id, started_at, valid)
            preparation_id = check.preparation_id
        elif transcribed_from_paper and participant.kit_code:
            preparation, problem = _preparation(
                session, participant, participant.kit_code, started_at
            )
            if problem is not None:
                raise InvalidInput(problem)
            preparation_id = None if preparation is None else preparation.id
        else:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "Check the product at the bedside before starting."
                ).said()
            )
        if preparation_id is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "There is no released product for this check: check it again."
                ).said()
            )
        preparation_row = session.get(Preparation, preparation_id)
        assert preparation_row is not None
        row = Infusion(
            participant_id=participant_id,
            preparation_id=preparation_id,
            dose_number=preparation_row.dose_number,
            product_check_id=check_id,
            started_at=started_at,
            started_by=actor.name,
            rate_ml_h=rate,
            line=line_text,
            site=site_text,
            transcribed_from_paper=transcribed_from_paper,
            status=InfusionStatus.IN_PROGRESS,
        )
        session.add(row)
        if participant.status == ParticipantStatus.RANDOMISED.value:
            participant.status = ParticipantStatus.INFUSED.value
        session.flush()
        return row.id


def interrupt(
    store: Store, actor: Actor, infusion_id: str, interrupted_at: datetime, reason: str, *,
    now: datetime | None = None,
) -> str:  # fmt: skip
    """Pause a running infusion, with the reason; returns the interruption's id."""
    moment = now or utc_now()
    may_enter(actor)
    _refuse_time("interrupted_at", interrupted_at, moment)
    if blank(reason):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Infusion", "Say why the infusion was interrupted.").said()
        )
    with store.transaction(actor) as session:
        row = infusion_in(session, infusion_id)
        _running(row)
        if _open_pause(session, infusion_id) is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "The infusion is already paused: restart it first."
                ).said()
            )
        if interrupted_at < row.started_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "The interruption cannot be before the infusion started."
                ).said()
            )
        pause = InfusionInterruption(
            infusion_id=infusion_id, interrupted_at=interrupted_at, reason=reason.strip()
        )
        session.add(pause)
        session.flush()
        return pause.id


def restart(
    store: Store, actor: Actor, infusion_id: str, restarted_at: datetime, *,
    now: datetime | None = None,
) -> None:  # fmt: skip
    """Run a paused infusion again at ``restarted_at``."""
    moment = now or utc_now()
    may_enter(actor)
    _refuse_time("restarted_at", restarted_at, moment)
    with store.transaction(actor) as session:
        row = infusion_in(session, infusion_id)
        _running(row)
        pause = _open_pause(session, infusion_id)
        if pause is None:
            raise InvalidInput(QT_TRANSLATE_NOOP("Infusion", "The infusion is not paused.").said())
        if restarted_at < pause.interrupted_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "The restart cannot be before the interruption."
                ).said()
            )
        pause.restarted_at = restarted_at


def stop_infusion(
    store: Store, actor: Actor, infusion_id: str, stopped_at: datetime,
    volume_infused_ml: str, early_reason: str | None = None, *, now: datetime | None = None,
) -> None:  # fmt: skip
    """End the infusion: completed, or stopped early with ``early_reason``."""
    moment = now or utc_now()
    may_enter(actor)
    _refuse_time("stopped_at", stopped_at, moment)
    volume = _number(volume_infused_ml, "volume_infused_ml",
                     QT_TRANSLATE_NOOP("Infusion", "The volume infused").said(),
                     VOLUME_MAX_ML, "mL", zero=True)  # fmt: skip
    early = None if blank(early_reason) else (early_reason or "").strip()
    status = InfusionStatus.STOPPED_EARLY if early else InfusionStatus.COMPLETED
    why = f"Infusion stopped early: {early}" if early else "Infusion completed."
    with store.transaction(actor, why) as session:
        row = infusion_in(session, infusion_id)
        _running(row)
        if stopped_at < row.started_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Infusion", "The infusion cannot stop before it started.").said()
            )
        pause = _open_pause(session, infusion_id)
        if pause is not None and stopped_at < pause.interrupted_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Infusion", "The infusion cannot stop before it was interrupted."
                ).said()
            )
        row.stopped_at = stopped_at
        row.stopped_by = actor.name
        row.volume_infused_ml = volume
        row.stopped_early_reason = early
        row.status = status
