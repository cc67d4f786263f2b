"""Randomised participants with a released preparation, for the infusion tests.

Rows go in through ``store.transaction`` as randomisation and the pharmacy leave them:
the slot's arm and the preparation's content sealed with the pharmacist's blinding key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.allocation.kit_codes import ALPHABET
from app.models import AllocationSlot, Participant, Preparation, PreparationStatus
from app.models.base import new_id
from app.roles import Role
from app.store.uow import Actor
from tests.conftest import OpenStore
from tests.reports_helper import kit_code

T0 = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
"""The tests' morning: preparations are made at T0, checks and starts soon after."""


@dataclass(frozen=True)
class Dosed:
    participant_id: str
    study_id: str
    kit: str
    preparation_id: str


def randomised(
    opened: OpenStore, number: int, *, arm: str = "UC-MSC",
    status: str = PreparationStatus.RELEASED, use_by: datetime | None = None,
    prepared_at: datetime = T0, with_preparation: bool = True,
) -> Dosed:  # fmt: skip
    """Participant S-00``number`` randomised to ``arm``, with one preparation in ``status``."""
    pharmacist = opened.actor(Role.PHARMACIST)
    keys = pharmacist.blinding
    assert keys is not None
    kit = kit_code("K" + "".join(ALPHABET[(number // 29**i) % 29] for i in range(5, -1, -1)))
    study_id = f"S-{number:03d}"
    with opened.store.transaction(pharmacist) as session:
        p = Participant(
            screening_number=f"SCR-{number:03d}",
            study_id=study_id,
            initials="AB",
            sex="F",
            weight_kg=70.0,
            status="randomised",
            kit_code=kit,
            created_at=T0 - timedelta(days=1),
        )
        session.add(p)
        session.flush()
        slot_id = new_id()
        session.add(
            AllocationSlot(
                id=slot_id,
                number=number,
                kit_code=kit,
                part_serial=1,
                arm_sealed=keys.seal(
                    "allocation_slots", "arm_sealed", slot_id, {"arm": arm, "block": 1}
                ),
                participant_id=p.id,
                randomised_at=T0 - timedelta(hours=12),
                randomised_by="investigator",
            )
        )
        prep_id = new_id()
        if with_preparation:
            active = arm != "PLACEBO"
            content = {
                "arm": arm,
                "lot": "LOT-2026-07" if active else "",
                "lot_expiry": "2027-01-01" if active else "",
                "cell_count": "7.0e7" if active else "",
                "viability_percent": "94" if active else "",
                "dose_cells": "7.0e7" if active else "",
            }
            released = status == PreparationStatus.RELEASED
            session.add(
                Preparation(
                    id=prep_id,
                    participant_id=p.id,
                    kit_code=kit,
                    dose_number=1,
                    weight_kg="70",
                    volume_ml="100",
                    prepared_at=prepared_at,
                    use_by_at=use_by or prepared_at + timedelta(hours=4),
                    appearance_ok=True,
                    content_sealed=keys.seal("preparations", "content_sealed", prep_id, content),
                    prepared_by="pharmacist",
                    checked_by="pharmacist2" if released else None,
                    checked_at=prepared_at + timedelta(minutes=10) if released else None,
                    check_kind="blinded" if released else None,
                    released_at=prepared_at + timedelta(minutes=15) if released else None,
                    status=status,
                    discard_reason="bag leaked" if status == PreparationStatus.DISCARDED else None,
                )
            )
        session.flush()
        return Dosed(p.id, study_id, kit, prep_id)


def nurse(opened: OpenStore) -> Actor:
    return opened.actor(Role.NURSE)
