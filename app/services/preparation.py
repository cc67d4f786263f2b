"""Preparing a participant's dose (the pharmacist) and its second-person check.

* :func:`prepare` is the pharmacist's: the arm comes from the participant's allocation
  slot, opened with their blinding key; the entry is checked by
  :mod:`app.clinical.preparation`. What both arms share (kit, weight used, bag volume,
  preparation time, use-by, appearance) is kept in clear; the rest (arm, lot and its
  expiry, cell count, viability, dose in cells) is sealed in ``content_sealed``, always
  under the same keys (empty for placebo), so both arms' ciphertexts are one length.
* :func:`second_check` releases the bag: another person, with their own password. A
  pharmacist checks everything (:func:`unblinded_view`); a nurse or investigator checks
  only what both arms share (:func:`blinded_view`) and is never handed the content.
* :func:`discard` withdraws a bag with a reason; :func:`preparations_for` lists a
  participant's bags as anyone may see them (:mod:`app.services.preparation_views`).

Every change goes through ``store.transaction``, so the audit trail holds it (the
sealed column as ciphertext).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.parsing import check_text
from app.clinical.preparation import PreparationEntry, checked_preparation, clock
from app.errors import InvalidInput, NotPermitted
from app.models import AllocationSlot, Participant
from app.models.allocation import Preparation, PreparationStatus
from app.models.base import new_id
from app.models.infusion import Infusion
from app.protocol import Protocol, load_default
from app.protocol.preparation import preparation_rules
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.preparation_views import (
    CHECKERS,
    CHECKS_CONTENT,
    CONTENT_ITEMS,
    ITEM_LABELS,
    PREPARES,
    REASON_CHARS,
    SEALED,
    SHARED_ITEMS,
    TABLE,
    BlindedPreparation,
    UnblindedPreparation,
    arm_of,
    awaiting_check,
    blinded_row,
    blinded_view,
    pharmacist_keys,
    preparation_row,
    preparation_rows,
    preparations_for,
    unblinded_preparations_for,
    unblinded_row,
    unblinded_view,
)
from app.store.blinding import PAD_BYTES
from app.store.store import Store
from app.store.uow import Actor

__all__ = [
    "CHECKERS",
    "CONTENT_ITEMS",
    "ITEM_LABELS",
    "SHARED_ITEMS",
    "BlindedPreparation",
    "UnblindedPreparation",
    "arm_of",
    "awaiting_check",
    "blinded_view",
    "discard",
    "preparations_for",
    "prepare",
    "second_check",
    "unblinded_preparations_for",
    "unblinded_view",
]


RELEASED_ALREADY = QT_TRANSLATE_NOOP(
    "Preparation", "This bag was already released ({name}): nothing was changed."
)
DISCARDED_ALREADY = QT_TRANSLATE_NOOP(
    "Preparation", "This bag was already discarded ({name}): nothing was changed."
)

# -- preparing ----------------------------------------------------------------------------


def _check_dose_number(
    session: Session, participant_id: str, entry: PreparationEntry, protocol: Protocol
) -> None:
    rules = preparation_rules(protocol)
    n = entry.dose_number
    if not 1 <= n <= rules.max_doses:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Preparation", "The protocol allows one dose only.").said()
            if rules.max_doses == 1
            else QT_TRANSLATE_NOOP(
                "Preparation", "The protocol allows doses 1 to {count}; {dose} is not one of them."
            ).format(count=rules.max_doses, dose=n)
        )
    kept = [
        r
        for r in preparation_rows(session, participant_id)
        if r.status != PreparationStatus.DISCARDED
    ]
    same = next((r for r in kept if r.dose_number == n), None)
    if same is not None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "Dose {dose} was already prepared ({time} by {name}): discard that bag first "
                "to prepare it again.",
            ).format(dose=n, time=clock(same.prepared_at.astimezone()), name=same.prepared_by)
        )
    if n == 1:
        return
    before = next((r for r in kept if r.dose_number == n - 1), None)
    if before is None or before.status != PreparationStatus.RELEASED:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation", "Dose {dose} has not been prepared and released yet."
            ).format(dose=n - 1)
        )
    started = session.scalars(
        select(Infusion.started_at).where(Infusion.preparation_id == before.id)
    ).first()
    given = started or before.prepared_at
    interval = rules.repeat_interval_days or 0
    at = entry.prepared_at
    assert at is not None
    given_on = given.astimezone(at.tzinfo).date()
    if (at.date() - given_on).days < interval:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "Dose {dose} may be prepared {days} days after dose {previous} at the earliest "
                "(dose {previous} on {date}).",
            ).format(dose=n, days=interval, previous=n - 1, date=given_on.isoformat())
        )


def prepare(
    store: Store,
    actor: Actor,
    participant_id: str,
    entry: PreparationEntry,
    now: datetime,
    *,
    protocol: Protocol | None = None,
    confirm_unusual: bool = False,
) -> UnblindedPreparation:
    """Keep the pharmacist's preparation of one dose; refused whole with one sentence.

    Raises :class:`~app.clinical.errors.ValidationError` (naming the field) for what the
    entry itself gets wrong, :class:`InvalidInput` or :class:`NotPermitted` otherwise.
    """
    keys = pharmacist_keys(actor, PREPARES)
    chosen = protocol or load_default()
    dose = chosen.dose
    if dose.volume_ml != dose.placebo_volume_ml:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "The protocol gives the two arms different bag volumes, which would unblind "
                "the ward: correct the protocol file.",
            ).said()
        )
    with store.transaction(actor) as session:
        p = session.get(Participant, participant_id)
        if p is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Preparation", "There is no participant {participant}.").format(
                    participant=participant_id[:40]
                )
            )
        slot = session.scalars(
            select(AllocationSlot).where(AllocationSlot.participant_id == p.id)
        ).first()
        if slot is None:
            label = p.study_id or p.screening_number
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation",
                    "{participant} is not randomised yet: there is no kit to prepare.",
                ).format(participant=label)
            )
        arm_code = str(keys.open("allocation_slots", "arm_sealed", slot.id, slot.arm_sealed)["arm"])
        arm = next((a for a in chosen.arms if a.code == arm_code), None)
        if arm is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation", "The allocation names an arm this protocol does not have."
                ).said()
            )
        checked = checked_preparation(
            entry,
            chosen,
            preparation_rules(chosen),
            is_placebo=arm.is_placebo,
            now=now,
            confirm_unusual=confirm_unusual,
        )
        _check_dose_number(session, p.id, entry, chosen)
        content = {
            "arm": arm.code,
            "lot": checked.lot,
            "lot_expiry": checked.lot_expiry,
            "cell_count": checked.cell_count,
            "viability_percent": checked.viability_percent,
            "dose_cells": checked.dose_cells,
        }
        raw = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if len(raw.encode()) >= PAD_BYTES:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation", "The lot or cell count is too long to be kept: shorten it."
                ).said()
            )
        row_id = new_id()
        row = Preparation(
            id=row_id,
            participant_id=p.id,
            kit_code=slot.kit_code,
            dose_number=entry.dose_number,
            weight_kg=checked.weight_kg,
            volume_ml=checked.volume_ml,
            prepared_at=checked.prepared_at,
            use_by_at=checked.use_by_at,
            appearance_ok=entry.appearance_ok,
            content_sealed=keys.seal(TABLE, SEALED, row_id, content),
            prepared_by=actor.name,
            status=PreparationStatus.PREPARED,
        )
        session.add(row)
        session.flush()
        return unblinded_row(row, p.study_id, keys, chosen)


# -- the second check ---------------------------------------------------------------------


def _listed(items: Iterable[str]) -> str:
    """Items of a sentence's list, with the list separator of the language said in."""
    return QT_TRANSLATE_NOOP("Preparation", ", ").said().join(items)


def _required(unblinded: bool) -> tuple[str, ...]:
    return SHARED_ITEMS + CONTENT_ITEMS if unblinded else SHARED_ITEMS


def second_check(
    store: Store,
    checker: Actor,
    preparation_id: str,
    password: str,
    confirmations: Collection[str],
    now: datetime,
) -> BlindedPreparation:
    """Release a bag after another person's check, confirmed with their own password.

    A pharmacist confirms every item (:data:`SHARED_ITEMS` and :data:`CONTENT_ITEMS`); a
    nurse or investigator the shared ones only. Returns the bag's blinded view.
    """
    if checker.role not in CHECKERS:
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "Only a pharmacist, nurse or investigator checks study product: your role "
                "({role}) cannot.",
            ).format(role=checker.role.value)
        )
    with store.read() as session:
        row, _study = preparation_row(session, preparation_id)
        if row.prepared_by == checker.name:
            raise NotPermitted(
                QT_TRANSLATE_NOOP(
                    "Preparation",
                    "The second check is done by someone other than the person who prepared "
                    "the bag: ask a colleague.",
                ).said()
            )
    unblinded = checker.can(Permission.SEE_ARM)
    keys = pharmacist_keys(checker, CHECKS_CONTENT) if unblinded else None
    required = _required(unblinded)
    extra = [c for c in confirmations if c not in required]
    if extra:
        known = ITEM_LABELS.get(extra[0])
        item = known.said() if known is not None else extra[0][:40]
        shown = _listed(ITEM_LABELS[i].said() for i in SHARED_ITEMS)
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "The {item} is not an item you confirm: a blinded checker confirms {items}.",
            ).format(item=item, items=shown)
            if not unblinded
            else QT_TRANSLATE_NOOP("Preparation", "The {item} is not an item of the check.").format(
                item=item
            )
        )
    missing = [ITEM_LABELS[i].said() for i in required if i not in confirmations]
    if missing:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation", "Confirm the {items} before releasing the bag."
            ).format(items=_listed(missing))
        )
    store.check_password(checker, password)
    protocol = load_default()
    with store.transaction(checker, reason="second check passed: product released") as session:
        row, study_id = preparation_row(session, preparation_id)
        if row.status != PreparationStatus.PREPARED:
            raise InvalidInput(
                (
                    RELEASED_ALREADY
                    if row.status == PreparationStatus.RELEASED
                    else DISCARDED_ALREADY
                ).format(name=row.checked_by or row.prepared_by)
            )
        if now > row.use_by_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation",
                    "Past its use-by ({time}): do not release this bag; discard it and prepare "
                    "another.",
                ).format(time=clock(row.use_by_at.astimezone()))
            )
        if keys is not None:
            unblinded_row(row, study_id, keys, protocol)  # the content opens: it is this bag's
        row.checked_by = checker.name
        row.checked_at = now
        row.check_kind = "unblinded" if unblinded else "blinded"
        row.released_at = now
        row.status = PreparationStatus.RELEASED
        session.flush()
        return blinded_row(row, study_id, protocol)


def discard(
    store: Store, actor: Actor, preparation_id: str, reason: str, now: datetime
) -> BlindedPreparation:
    """Withdraw a bag that is not to be given; the reason is read by everyone."""
    del now  # the audit trail times it
    if actor.role not in CHECKERS:
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Preparation",
                "Only a pharmacist, nurse or investigator discards study product: your role "
                "({role}) cannot.",
            ).format(role=actor.role.value)
        )
    typed = check_text(reason, "reason", "Reason", max_chars=REASON_CHARS)
    if not typed:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Preparation", "Give the reason the bag is discarded.").said()
        )
    with store.transaction(actor, reason=f"product discarded: {typed}") as session:
        row, study_id = preparation_row(session, preparation_id)
        if row.status == PreparationStatus.DISCARDED:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation", "This bag was already discarded: nothing was changed."
                ).said()
            )
        given = session.scalars(
            select(Infusion.id).where(Infusion.preparation_id == row.id)
        ).first()
        if given is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Preparation", "This bag was already given: it cannot be discarded."
                ).said()
            )
        row.status = PreparationStatus.DISCARDED
        row.discard_reason = typed
        session.flush()
        return blinded_row(row, study_id, load_default())
