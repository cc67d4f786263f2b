"""This device's part of the allocation list: import it, randomise from it, read it back.

* :func:`import_part` is the pharmacist's: the file the hub wrote for this device
  (:mod:`app.allocation.part_file`) opens with their own password, its signature is
  checked against the hub key the device pins, and its slots are kept with the arm
  sealed under the store's blinding key. A part is refused whole, with one sentence,
  when it was imported before, when it changes a slot already imported, or when it
  reuses a kit code; nothing is changed then.
* :func:`randomise` is the nurse's or investigator's: an enrolled participant whose
  eligibility checklist is signed eligible takes the lowest free slot, once. What
  they learn is the kit code, never the arm.
* :func:`arms_for` gives the pharmacist each randomised participant's arm.
* :func:`allocation_status` counts slots and parts; it holds no arm, so anyone may
  read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.allocation import part_file
from app.allocation.generator import Slot
from app.errors import InvalidInput, NotPermitted
from app.models import (
    AllocationPart,
    AllocationSlot,
    HubPin,
    Participant,
    ParticipantStatus,
    StoreInfo,
)
from app.models.base import new_id
from app.roles import Permission, Role
from app.sentences import QT_TRANSLATE_NOOP, Sentence
from app.store import blinding
from app.store.blinding import BlindingKeyMissing, BlindingKeys
from app.store.person_key import derive_age_secret
from app.store.store import Store
from app.store.uow import Actor
from app.sync import minisign
from app.timeutil import utc_now

RANDOMISERS = (Role.NURSE, Role.INVESTIGATOR)
TOP_UP = QT_TRANSLATE_NOOP(
    "Allocation",
    "This device's allocation part is used up: ask the coordinating centre's statistician "
    "to top up this device's allocation part, and a pharmacist to import it.",
)
NO_PART = QT_TRANSLATE_NOOP(
    "Allocation",
    "This device holds no allocation part yet: a pharmacist must import the file the hub "
    "wrote for this device before anyone can be randomised.",
)
NO_KEY = QT_TRANSLATE_NOOP(
    "Allocation",
    "You hold no blinding key on this device yet: another pharmacist must log in here once "
    "to grant it, then log in again.",
)
NO_PARTICIPANT = QT_TRANSLATE_NOOP("Allocation", "There is no participant {participant}.")


@dataclass(frozen=True)
class ImportResult:
    """What one import added: the part's serial, its slots and the new ones."""

    serial: int
    slots_total: int
    slots_added: int
    code_breaks: int


@dataclass(frozen=True)
class PartLine:
    """One imported part, as the pharmacist's panel and ``allocation status`` list it."""

    serial: int
    slot_count: int
    issued_at: datetime
    issued_by: str
    imported_at: datetime
    imported_by: str


@dataclass(frozen=True)
class AllocationStatus:
    """How many slots this device holds, how many are taken, and the parts imported."""

    total: int
    used: int
    parts: tuple[PartLine, ...]

    @property
    def left(self) -> int:
        return self.total - self.used

    def to_json(self) -> dict[str, Any]:
        return {
            "slots_total": self.total,
            "slots_used": self.used,
            "slots_left": self.left,
            "parts": [
                {
                    "serial": p.serial,
                    "slots": p.slot_count,
                    "issued_at": p.issued_at.isoformat(),
                    "issued_by": p.issued_by,
                    "imported_at": p.imported_at.isoformat(),
                    "imported_by": p.imported_by,
                }
                for p in self.parts
            ],
        }


# -- import ------------------------------------------------------------------------


def _pharmacist_keys(actor: Actor) -> BlindingKeys:
    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "Only a pharmacist can import this device's allocation part: your role "
                "({role}) stays blinded.",
            ).format(role=actor.role.value)
        )
    if actor.blinding is None:
        raise BlindingKeyMissing(NO_KEY.said())
    return actor.blinding


def _sealed_arm(slot: Slot) -> dict[str, Any]:
    return {"arm": slot.arm, "block": slot.block, "block_size": slot.block_size}


def _check_earlier(
    session: Session, keys: BlindingKeys, payload: part_file.PartPayload
) -> list[AllocationSlot]:
    """The slots already held; refused if the payload does not repeat them unchanged."""
    held = list(session.scalars(select(AllocationSlot).order_by(AllocationSlot.number)))
    if len(payload.slots) < len(held):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "The allocation file holds {count} slots, fewer than the {held} this device "
                "already imported: nothing was changed.",
            ).format(count=len(payload.slots), held=len(held))
        )
    for row in held:
        slot = payload.slots[row.number - 1]
        same = slot.kit_code == row.kit_code and _sealed_arm(slot) == keys.open(
            "allocation_slots", "arm_sealed", row.id, row.arm_sealed
        )
        if not same:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Allocation",
                    "The allocation file changes slot {number}, which this device already "
                    "imported: nothing was changed; ask the coordinating centre's statistician.",
                ).format(number=row.number)
            )
    return held


def _check_codes(session: Session, new: list[Slot], held: list[AllocationSlot]) -> None:
    used = {row.kit_code for row in held}
    used.update(
        code
        for code in session.scalars(
            select(Participant.kit_code).where(Participant.kit_code.isnot(None))
        )
        if code is not None
    )
    for slot in new:
        if slot.kit_code in used:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Allocation",
                    "Kit code {kit} in the allocation file is already used on this device: "
                    "nothing was changed; ask the coordinating centre's statistician.",
                ).format(kit=slot.kit_code)
            )
        used.add(slot.kit_code)


def _check_serial(session: Session, serial: int) -> None:
    parts = {p.serial: p for p in session.scalars(select(AllocationPart))}
    if serial in parts:
        done = parts[serial]
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "Part {serial} of this device's allocation was already imported on {date} by "
                "{name}: nothing was changed.",
            ).format(serial=serial, date=f"{done.imported_at:%Y-%m-%d}", name=done.imported_by)
        )
    if parts and serial < max(parts):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "This is part {serial}, older than part {latest} already imported: "
                "nothing was changed.",
            ).format(serial=serial, latest=max(parts))
        )


def _hub_key(session: Session) -> minisign.PublicKey:
    pin = session.scalars(select(HubPin)).first()
    if pin is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "This device has not pinned its hub yet: an admin pins it (bedside device "
                "set-hub) before an allocation file can be checked.",
            ).said()
        )
    return minisign.parse_public_key(pin.minisign_public_key)


def import_part(store: Store, actor: Actor, data: bytes, password: str) -> ImportResult:
    """Check and keep the hub's allocation file for this device; all or nothing.

    ``password`` is the pharmacist's own, asked again: the file opens only with the
    identity their slot derives.
    """
    keys = _pharmacist_keys(actor)
    private = store.open_own_slot(actor, password)
    identity = derive_age_secret(private, store.store_id, "user", actor.name)
    with store.read() as session:
        info = session.scalars(select(StoreInfo)).one()
        hub_key = _hub_key(session)
    try:
        payload, signed = part_file.open_part(data, [identity], hub_key, info.study, info.device)
    except part_file.PartRejected as exc:
        raise InvalidInput(exc.sentence) from None
    with store.transaction(actor, reason=f"allocation part {payload.serial} imported") as session:
        _check_serial(session, payload.serial)
        held = _check_earlier(session, keys, payload)
        new = list(payload.slots[len(held) :])
        _check_codes(session, new, held)
        now = utc_now()
        session.add(
            AllocationPart(
                serial=payload.serial,
                study=payload.study,
                hub_id=payload.hub_id,
                device=payload.device,
                issued_at=payload.issued_at,
                issued_by=payload.issued_by,
                payload_sha256=sha256(signed).hexdigest(),
                slot_count=len(payload.slots),
                imported_at=now,
                imported_by=actor.name,
            )
        )
        for slot in new:
            slot_id = new_id()
            session.add(
                AllocationSlot(
                    id=slot_id,
                    number=slot.number,
                    kit_code=slot.kit_code,
                    part_serial=payload.serial,
                    arm_sealed=keys.seal(
                        "allocation_slots", "arm_sealed", slot_id, _sealed_arm(slot)
                    ),
                )
            )
        session.flush()
        breaks = blinding.seal_code_breaks(session, keys, store.slots)
    return ImportResult(payload.serial, len(payload.slots), len(new), breaks)


# -- randomisation -------------------------------------------------------------------


def _refusal(session: Session, p: Participant) -> Sentence | None:
    """Why ``p`` cannot be randomised now, as one sentence; None when they can."""
    from app.services.eligibility import has_signed_eligibility

    label = p.study_id or p.screening_number
    taken = session.scalars(
        select(AllocationSlot.kit_code).where(AllocationSlot.participant_id == p.id)
    ).first()
    if taken is not None or p.kit_code is not None:
        return QT_TRANSLATE_NOOP(
            "Allocation", "{participant} is already randomised to kit {kit}."
        ).format(participant=label, kit=taken or p.kit_code)
    if p.study_id is None:
        return QT_TRANSLATE_NOOP(
            "Allocation",
            "{participant} is not enrolled yet: enrol them (they get a study ID) before "
            "randomising.",
        ).format(participant=label)
    if p.status != ParticipantStatus.ELIGIBLE.value or not has_signed_eligibility(session, p.id):
        return QT_TRANSLATE_NOOP(
            "Allocation",
            "{participant} cannot be randomised: an investigator must first sign an "
            "eligibility checklist that says eligible.",
        ).format(participant=label)
    return None


def _free_slot(session: Session) -> AllocationSlot:
    slot = session.scalars(
        select(AllocationSlot)
        .where(AllocationSlot.participant_id.is_(None))
        .order_by(AllocationSlot.number)
        .limit(1)
    ).first()
    if slot is None:
        any_slot = session.scalars(select(AllocationSlot.id).limit(1)).first()
        raise InvalidInput((TOP_UP if any_slot is not None else NO_PART).said())
    return slot


def _check_randomiser(actor: Actor) -> None:
    if actor.role not in RANDOMISERS:
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Allocation",
                "Only a nurse or an investigator randomises: your role ({role}) cannot.",
            ).format(role=actor.role.value)
        )


def why_not_randomise(store: Store, actor: Actor, participant_id: str) -> str | None:
    """The one sentence :func:`randomise` would refuse with now, or None if it would not.

    What the participant page uses to enable its Randomise button and say why not.
    """
    try:
        _check_randomiser(actor)
        with store.read() as session:
            p = session.get(Participant, participant_id)
            if p is None:
                return NO_PARTICIPANT.format(participant=participant_id[:40])
            refusal = _refusal(session, p)
            if refusal is None:
                _free_slot(session)
    except (InvalidInput, NotPermitted) as exc:
        return exc.sentence
    return refusal


def randomise(store: Store, actor: Actor, participant_id: str, *, today: date | None = None) -> str:
    """Give an enrolled, signed-eligible participant the lowest free slot; its kit code.

    ``today`` is day 0 (the local date by default). One transaction: the write lock
    is taken at its start, so two randomisations never take the same slot.
    """
    _check_randomiser(actor)
    with store.transaction(actor, reason="randomised: study product kit assigned") as session:
        p = session.get(Participant, participant_id)
        if p is None:
            raise InvalidInput(NO_PARTICIPANT.format(participant=participant_id[:40]))
        refusal = _refusal(session, p)
        if refusal is not None:
            raise InvalidInput(refusal)
        slot = _free_slot(session)
        slot.participant_id = p.id
        slot.randomised_at = utc_now()
        slot.randomised_by = actor.name
        p.kit_code = slot.kit_code
        p.status = ParticipantStatus.RANDOMISED.value
        p.day0_on = today or date.today()
        return slot.kit_code


# -- reading -------------------------------------------------------------------------


def arms_for(store: Store, actor: Actor) -> dict[str, str]:
    """Participant id → arm code of every randomised participant; a pharmacist only.

    Blinded roles are refused without a word about any participant.
    """
    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Allocation", "Your role ({role}) cannot see treatment allocation."
            ).format(role=actor.role.value)
        )
    if actor.blinding is None:
        raise BlindingKeyMissing(NO_KEY.said())
    keys = actor.blinding
    with store.read() as session:
        rows = session.execute(
            select(
                AllocationSlot.id, AllocationSlot.participant_id, AllocationSlot.arm_sealed
            ).where(AllocationSlot.participant_id.is_not(None))
        ).all()
    found: dict[str, str] = {}
    for slot_id, pid, sealed in rows:
        found[str(pid)] = str(keys.open("allocation_slots", "arm_sealed", slot_id, sealed)["arm"])
    return found


def arm_text(code: str) -> str:
    """An arm as the pharmacist's list shows it: "A (active)", "B (placebo)"."""
    from app.protocol import load_default

    arm = next((a for a in load_default().arms if a.code == code), None)
    if arm is None:
        return code
    if arm.is_placebo:
        return QT_TRANSLATE_NOOP("Allocation", "{arm} (placebo)").format(arm=code)
    return QT_TRANSLATE_NOOP("Allocation", "{arm} (active)").format(arm=code)


def allocation_status(store: Store) -> AllocationStatus:
    """Slots held, taken and left on this device, and each part imported (no arm)."""
    with store.read() as session:
        total = session.scalar(select(func.count(AllocationSlot.id))) or 0
        used = (
            session.scalar(
                select(func.count(AllocationSlot.id)).where(
                    AllocationSlot.participant_id.is_not(None)
                )
            )
            or 0
        )
        parts = tuple(
            PartLine(p.serial, p.slot_count, p.issued_at, p.issued_by, p.imported_at, p.imported_by)
            for p in session.scalars(select(AllocationPart).order_by(AllocationPart.serial))
        )
    return AllocationStatus(int(total), int(used), parts)
