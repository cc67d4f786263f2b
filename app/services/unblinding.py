"""Emergency unblinding: one investigator learns one participant's arm, offline, on record.

* :func:`emergency_unblind` is the investigator's alone. They give their password again
  and a reason; the code-break the pharmacist's import sealed for that participant's kit
  to that investigator's own key (:func:`app.store.blinding.open_code_break`) opens with
  the private half of their slot, so it works with no network and no pharmacist. In the
  same transaction an :class:`~app.models.Unblinding` row (who, when, why, which
  participant and kit; never the arm) and an ``emergency_unblind`` audit event are
  written. ``unblindings`` is a synced table: the next bundle tells the hub.
* :func:`unblindings_for` lists a participant's unblindings for the banner on their
  page. It holds no arm, so anyone who may read the participant may read it.

Nothing here writes the arm anywhere: it is returned to the caller, who shows it once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.clinical.errors import ValidationError
from app.clinical.parsing import check_text
from app.errors import BedsideError, InvalidInput, NotPermitted
from app.models import AllocationSlot, Participant, User
from app.models.allocation import Unblinding
from app.protocol import Protocol, load_default
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store import blinding
from app.store.store import Store
from app.store.uow import Actor, log_event

log = logging.getLogger(__name__)

REASON_CHARS = 500
NO_REASON = QT_TRANSLATE_NOOP(
    "Unblinding", "Give the clinical reason for unblinding this participant."
)


@dataclass(frozen=True)
class UnblindResult:
    """What the investigator is shown once: the arm of one participant. UNBLINDED DATA."""

    participant_id: str
    study_id: str
    kit_code: str
    arm_code: str
    arm_name_en: str
    arm_name_zh: str
    is_placebo: bool
    unblinded_at: datetime
    unblinding_id: str


@dataclass(frozen=True)
class UnblindingLine:
    """One recorded emergency unblinding, as the banner and the hub show it (no arm)."""

    unblinding_id: str
    participant_id: str
    kit_code: str
    unblinded_by: str
    full_name: str
    unblinded_at: datetime
    reason: str


def check_reason(reason: str) -> str:
    """The reason as typed (surrounding blanks dropped), or one sentence refusing it."""
    try:
        typed = check_text(reason, "reason", "Reason", max_chars=REASON_CHARS)
    except ValidationError as exc:
        raise InvalidInput(exc.message) from None
    if not typed:
        raise InvalidInput(NO_REASON.said())
    return typed


def _check_investigator(actor: Actor) -> None:
    if not actor.can(Permission.EMERGENCY_UNBLIND):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Unblinding",
                "Only an investigator can emergency-unblind a participant: your role "
                "({role}) stays blinded.",
            ).format(role=actor.role.value)
        )


def _randomised_kit(participant: Participant, slot_kit: str | None) -> str:
    label = participant.study_id or participant.screening_number
    kit = slot_kit or participant.kit_code
    if kit is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Unblinding",
                "{participant} is not randomised: there is no study product to unblind.",
            ).format(participant=label)
        )
    return kit


def emergency_unblind(
    store: Store,
    actor: Actor,
    participant_id: str,
    password: str,
    reason: str,
    now: datetime,
    protocol: Protocol | None = None,
) -> UnblindResult:
    """Open the code-break of one randomised participant for the investigator ``actor``.

    Refused with one sentence, and nothing written, for a role that is not an
    investigator, a blank reason, a participant not randomised, a wrong password or a
    code-break missing for this investigator.
    """
    _check_investigator(actor)
    typed = check_reason(reason)
    with store.read() as session:
        participant = session.get(Participant, participant_id)
        if participant is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Unblinding", "There is no participant {participant}.").format(
                    participant=participant_id[:40]
                )
            )
        slot_kit = session.scalars(
            select(AllocationSlot.kit_code).where(AllocationSlot.participant_id == participant_id)
        ).first()
        kit = _randomised_kit(participant, slot_kit)
        label = participant.study_id or participant.screening_number
    private = store.open_own_slot(actor, password)
    protocol = protocol or load_default()
    with store.transaction(actor, reason=f"emergency unblinding: {typed}") as session:
        opened = blinding.open_code_break(session, store.store_id, actor.name, private, kit)
        code = str(opened.get("arm", "")) if isinstance(opened, dict) else ""
        arm = next((a for a in protocol.arms if a.code == code), None)
        if arm is None:
            raise BedsideError(
                QT_TRANSLATE_NOOP(
                    "Unblinding",
                    "The code-break for kit {kit} names no arm of this protocol: call the "
                    "coordinating centre.",
                ).format(kit=kit)
            )
        row = Unblinding(
            participant_id=participant_id,
            kit_code=kit,
            unblinded_by=actor.name,
            unblinded_at=now,
            reason=typed,
        )
        session.add(row)
        session.flush()
        log_event(
            session,
            "emergency_unblind",
            actor.name,
            record_id=participant_id,
            detail=f"code-break of kit {kit} opened",
        )
    log.info("emergency unblinding of %s (kit %s) by %s", label, kit, actor.name)
    return UnblindResult(
        participant_id=participant_id,
        study_id=label,
        kit_code=kit,
        arm_code=arm.code,
        arm_name_en=arm.name_en,
        arm_name_zh=arm.name_zh,
        is_placebo=arm.is_placebo,
        unblinded_at=now,
        unblinding_id=row.id,
    )


def unblindings_for(store: Store, participant_id: str) -> list[UnblindingLine]:
    """The participant's emergency unblindings, oldest first (who, when, why; no arm)."""
    with store.read() as session:
        rows = session.execute(
            select(Unblinding, User.full_name)
            .join(User, User.name == Unblinding.unblinded_by, isouter=True)
            .where(Unblinding.participant_id == participant_id)
            .order_by(Unblinding.unblinded_at, Unblinding.id)
        ).all()
    return [
        UnblindingLine(
            unblinding_id=row.id,
            participant_id=row.participant_id,
            kit_code=row.kit_code,
            unblinded_by=row.unblinded_by,
            full_name=full_name or row.unblinded_by,
            unblinded_at=row.unblinded_at,
            reason=row.reason,
        )
        for row, full_name in rows
    ]
