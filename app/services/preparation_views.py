"""A participant's prepared bags as each person may see them.

* :class:`BlindedPreparation` (:func:`blinded_view`, :func:`preparations_for`) holds only
  what both arms share: kit, weight used, bag volume, preparation time, use-by,
  appearance, who prepared and checked it. A placebo bag reads exactly like an active
  one. Anyone may read it.
* :class:`UnblindedPreparation` (:func:`unblinded_view`,
  :func:`unblinded_preparations_for`) adds the sealed content (arm, lot and its expiry,
  cell count, viability, dose in cells): a pharmacist holding the blinding key only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.infusion import scientific
from app.clinical.preparation import clock
from app.errors import InvalidInput, NotPermitted
from app.models import AllocationSlot, Participant
from app.models.allocation import Preparation, PreparationStatus
from app.protocol import Protocol, load_default
from app.roles import Permission, Role
from app.sentences import QT_TRANSLATE_NOOP, Template, pick
from app.services.allocation import NO_KEY
from app.store.blinding import BlindingKeyMissing, BlindingKeys
from app.store.store import Store
from app.store.uow import Actor

TABLE, SEALED = "preparations", "content_sealed"

SHARED_ITEMS = ("kit_code", "volume_ml", "use_by", "appearance")
"""What a blinded checker confirms: the same for both arms."""
CONTENT_ITEMS = ("arm", "lot", "lot_expiry", "cell_count", "viability_percent", "dose_cells")
"""What an unblinded checker confirms as well (empty on a placebo bag: confirmed empty)."""
ITEM_LABELS = {
    "kit_code": QT_TRANSLATE_NOOP("Preparation", "kit label"),
    "volume_ml": QT_TRANSLATE_NOOP("Preparation", "volume"),
    "use_by": QT_TRANSLATE_NOOP("Preparation", "use-by"),
    "appearance": QT_TRANSLATE_NOOP("Preparation", "appearance"),
    "arm": QT_TRANSLATE_NOOP("Preparation", "arm"),
    "lot": QT_TRANSLATE_NOOP("Preparation", "lot"),
    "lot_expiry": QT_TRANSLATE_NOOP("Preparation", "lot expiry"),
    "cell_count": QT_TRANSLATE_NOOP("Preparation", "cell count"),
    "viability_percent": QT_TRANSLATE_NOOP("Preparation", "viability"),
    "dose_cells": QT_TRANSLATE_NOOP("Preparation", "dose"),
}
"""The items' names in the sentences of the check (Templates: ``.said()`` at use)."""
CHECKERS = (Role.NURSE, Role.INVESTIGATOR, Role.PHARMACIST)
REASON_CHARS = 500


@dataclass(frozen=True)
class BlindedPreparation:
    """One bag as anyone may see it: identical in kind for study product and placebo."""

    id: str
    participant_id: str
    study_id: str | None
    kit_code: str
    product: str
    """The blinded label: "Study product, kit K"."""
    dose_number: int
    weight_kg: str
    volume_ml: str
    prepared_at: datetime
    use_by_at: datetime
    appearance_ok: bool
    status: str
    prepared_by: str
    checked_by: str | None
    checked_at: datetime | None
    check_kind: str | None
    released_at: datetime | None
    discard_reason: str | None

    def items(self) -> dict[str, str]:
        """The shared items a checker confirms, as they read on the bag and its label."""
        return {
            "kit_code": self.product,
            "volume_ml": f"{self.volume_ml} mL",
            "use_by": clock(self.use_by_at.astimezone()),
            "appearance": (
                QT_TRANSLATE_NOOP("Preparation", "no leak, clumps or discolouration").said()
                if self.appearance_ok
                else QT_TRANSLATE_NOOP("Preparation", "not seen").said()
            ),
        }


@dataclass(frozen=True)
class UnblindedPreparation:
    """UNBLINDED: one bag as the pharmacist sees it, with what differs between arms."""

    shared: BlindedPreparation
    arm: str
    arm_name: str
    is_placebo: bool
    lot: str
    lot_expiry: str
    cell_count: str
    viability_percent: str
    dose_cells: str

    def items(self) -> dict[str, str]:
        """Every item an unblinded checker confirms (placebo: the content reads "none")."""
        none = QT_TRANSLATE_NOOP("Preparation", "none (saline)").said()
        cells = scientific(Decimal(self.dose_cells)) if self.dose_cells else ""
        return {
            **self.shared.items(),
            "arm": f"{self.arm} ({self.arm_name})",
            "lot": self.lot or none,
            "lot_expiry": self.lot_expiry or none,
            "cell_count": self.cell_count or none,
            "viability_percent": f"{self.viability_percent} %" if self.viability_percent else none,
            "dose_cells": (
                QT_TRANSLATE_NOOP("Preparation", "{cells} cells").format(cells=cells)
                if cells
                else none
            ),
        }


# -- who --------------------------------------------------------------------------------


PREPARES = QT_TRANSLATE_NOOP(
    "Preparation", "Only a pharmacist prepares study product: your role ({role}) stays blinded."
)
CHECKS_CONTENT = QT_TRANSLATE_NOOP(
    "Preparation", "Only a pharmacist checks a bag's content: your role ({role}) stays blinded."
)
SEES_BAG = QT_TRANSLATE_NOOP(
    "Preparation", "Only a pharmacist sees what a bag holds: your role ({role}) stays blinded."
)
SEES_ARM = QT_TRANSLATE_NOOP(
    "Preparation", "Only a pharmacist sees the arm: your role ({role}) stays blinded."
)


def pharmacist_keys(actor: Actor, refusal: Template) -> BlindingKeys:
    """The actor's blinding keys; ``refusal`` (one of the sentences above) if blinded."""
    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(refusal.format(role=actor.role.value))
    if actor.blinding is None:
        raise BlindingKeyMissing(NO_KEY.said())
    return actor.blinding


def _label(protocol: Protocol, kit_code: str) -> str:
    """The bag as every blinded person sees it, the same for both arms."""
    study = protocol.study
    return QT_TRANSLATE_NOOP("Preparation", "{product}, kit {kit}").format(
        product=pick(study.blinded_label_en, study.blinded_label_zh), kit=kit_code
    )


# -- views ------------------------------------------------------------------------------


def blinded_row(row: Preparation, study_id: str | None, protocol: Protocol) -> BlindedPreparation:
    return BlindedPreparation(
        id=row.id,
        participant_id=row.participant_id,
        study_id=study_id,
        kit_code=row.kit_code,
        product=_label(protocol, row.kit_code),
        dose_number=row.dose_number,
        weight_kg=row.weight_kg,
        volume_ml=row.volume_ml,
        prepared_at=row.prepared_at,
        use_by_at=row.use_by_at,
        appearance_ok=row.appearance_ok,
        status=row.status,
        prepared_by=row.prepared_by,
        checked_by=row.checked_by,
        checked_at=row.checked_at,
        check_kind=row.check_kind,
        released_at=row.released_at,
        discard_reason=row.discard_reason,
    )


def unblinded_row(
    row: Preparation, study_id: str | None, keys: BlindingKeys, protocol: Protocol
) -> UnblindedPreparation:
    content = keys.open(TABLE, SEALED, row.id, row.content_sealed)
    arm = next((a for a in protocol.arms if a.code == content["arm"]), None)
    return UnblindedPreparation(
        shared=blinded_row(row, study_id, protocol),
        arm=str(content["arm"]),
        arm_name=arm.name_en if arm else str(content["arm"]),
        is_placebo=bool(arm and arm.is_placebo),
        lot=str(content["lot"]),
        lot_expiry=str(content["lot_expiry"]),
        cell_count=str(content["cell_count"]),
        viability_percent=str(content["viability_percent"]),
        dose_cells=str(content["dose_cells"]),
    )


def preparation_row(session: Session, preparation_id: str) -> tuple[Preparation, str | None]:
    row = session.get(Preparation, preparation_id)
    if row is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Preparation", "There is no preparation {preparation}.").format(
                preparation=preparation_id[:40]
            )
        )
    p = session.get(Participant, row.participant_id)
    return row, p.study_id if p else None


def blinded_view(
    store: Store, preparation_id: str, protocol: Protocol | None = None
) -> BlindedPreparation:
    """One bag's shared fields only: what a blinded person (and anyone) may see."""
    with store.read() as session:
        row, study_id = preparation_row(session, preparation_id)
        return blinded_row(row, study_id, protocol or load_default())


def unblinded_view(
    store: Store, actor: Actor, preparation_id: str, protocol: Protocol | None = None
) -> UnblindedPreparation:
    """UNBLINDED: one bag with its content; a pharmacist holding the blinding key only."""
    keys = pharmacist_keys(actor, SEES_BAG)
    with store.read() as session:
        row, study_id = preparation_row(session, preparation_id)
        return unblinded_row(row, study_id, keys, protocol or load_default())


def preparation_rows(session: Session, participant_id: str) -> list[Preparation]:
    return list(
        session.scalars(
            select(Preparation)
            .where(Preparation.participant_id == participant_id)
            .order_by(Preparation.dose_number, Preparation.prepared_at)
        )
    )


def preparations_for(
    store: Store, participant_id: str, protocol: Protocol | None = None
) -> list[BlindedPreparation]:
    """A participant's bags, dose by dose, as anyone may see them."""
    chosen = protocol or load_default()
    with store.read() as session:
        p = session.get(Participant, participant_id)
        study_id = p.study_id if p else None
        return [blinded_row(r, study_id, chosen) for r in preparation_rows(session, participant_id)]


def unblinded_preparations_for(
    store: Store, actor: Actor, participant_id: str, protocol: Protocol | None = None
) -> list[UnblindedPreparation]:
    """UNBLINDED: a participant's bags with their content, for the pharmacist."""
    keys = pharmacist_keys(actor, SEES_BAG)
    chosen = protocol or load_default()
    with store.read() as session:
        p = session.get(Participant, participant_id)
        study_id = p.study_id if p else None
        return [
            unblinded_row(r, study_id, keys, chosen)
            for r in preparation_rows(session, participant_id)
        ]


def awaiting_check(store: Store, participant_id: str) -> BlindedPreparation | None:
    """The participant's latest bag still waiting for its second check, if any."""
    waiting = [
        b for b in preparations_for(store, participant_id) if b.status == PreparationStatus.PREPARED
    ]
    return waiting[-1] if waiting else None


def arm_of(store: Store, actor: Actor, participant_id: str) -> tuple[str, bool] | None:
    """UNBLINDED: the participant's arm code and whether it is placebo; None if not randomised."""
    keys = pharmacist_keys(actor, SEES_ARM)
    protocol = load_default()
    with store.read() as session:
        slot = session.scalars(
            select(AllocationSlot).where(AllocationSlot.participant_id == participant_id)
        ).first()
        if slot is None:
            return None
        code = str(keys.open("allocation_slots", "arm_sealed", slot.id, slot.arm_sealed)["arm"])
    arm = next((a for a in protocol.arms if a.code == code), None)
    return code, bool(arm and arm.is_placebo)
