"""A device with a pinned stand-in hub and allocation parts made for it (real stores).

Used by the allocation, randomisation, CLI and dialog tests: the part files are made
and sealed exactly as ``bedside hub allocation export`` makes them, signed by a hub
key this store pins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text

from app.allocation.generator import AllocationList
from app.models import AllocationPart, AllocationSlot, CodeBreak, Participant
from app.protocol import load_default
from app.roles import Role
from app.services.allocation_demo import (
    DemoHub,
    make_list,
    pharmacist_recipient,
    pin_demo_hub,
    write_part,
)
from app.services.eligibility import EligibilityEntry, save_assessment, sign_assessment
from app.services.screening import ScreeningEntry, enrol, screen_patient, set_study_id_range
from app.store.uow import Actor
from tests.conftest import PASSWORDS, OpenStore

DEVICE = "WARD_LAPTOP_1"
OTHER_DEVICE = "ICU_LAPTOP_2"
STUDY = "NCT04339660"
PROTOCOL = load_default()
TODAY = date(2026, 11, 25)
SCREENING = ScreeningEntry(
    initials="lw", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58.5",
    height_cm="162", admission_date=date(2026, 11, 20),
)  # fmt: skip
ELIGIBLE = EligibilityEntry(
    assessed_on=TODAY, date_of_birth=date(1961, 3, 14), rt_pcr_date=date(2026, 11, 21),
    rt_pcr_positive=True, ct_date=date(2026, 11, 22), ct_characteristic=True,
    respiratory_rate_per_min="32", spo2_at_rest_percent="91",
    answers={"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
             "EX04": False},
)  # fmt: skip


@dataclass
class AllocationEnv:
    opened: OpenStore
    hub: DemoHub
    pharmacist: Actor
    allocation: AllocationList
    recipients: dict[str, str]

    @classmethod
    def make(
        cls,
        opened: OpenStore,
        slots: int = 10,
        seed: str = "test-seed",
        *,
        hub: DemoHub | None = None,
        allocation: AllocationList | None = None,
    ) -> AllocationEnv:
        """A pinned hub (``hub``, else a new one) and a list with parts for two devices."""
        opened.actor(Role.INVESTIGATOR)  # enrolled before the import: gets code-breaks
        pharmacist = opened.actor(Role.PHARMACIST)
        hub = pin_demo_hub(opened.store, opened.admin, hub)
        allocation = allocation or make_list(STUDY, [DEVICE, OTHER_DEVICE], slots, seed)
        recipient = pharmacist_recipient(opened.store, pharmacist, PASSWORDS[Role.PHARMACIST])
        return cls(opened, hub, pharmacist, allocation, {"pharmacist": recipient})

    def part(
        self,
        serial: int = 1,
        *,
        device: str = DEVICE,
        allocation: AllocationList | None = None,
        study: str | None = None,
    ) -> bytes:
        chosen = allocation or self.allocation
        return write_part(self.hub, chosen, device, serial, self.recipients, study=study)

    def counts(self) -> tuple[int, ...]:
        """Parts, slots, code-breaks, taken slots and the audit head: what a refusal keeps."""
        with self.opened.store.read() as session:
            return (
                session.scalar(select(func.count(AllocationPart.id))) or 0,
                session.scalar(select(func.count(AllocationSlot.id))) or 0,
                session.scalar(select(func.count(CodeBreak.id))) or 0,
                session.scalar(
                    select(func.count(AllocationSlot.id)).where(
                        AllocationSlot.participant_id.is_not(None)
                    )
                )
                or 0,
                session.execute(text("SELECT max(seq) FROM audit_log")).scalar_one(),
            )

    def ready_participant(self, *, enrolled: bool = True, signed: bool = True) -> str:
        return ready_participant(self.opened, enrolled=enrolled, signed=signed)

    def participant(self, pid: str) -> Participant:
        with self.opened.store.read() as session:
            return session.get_one(Participant, pid)


def ready_participant(opened: OpenStore, *, enrolled: bool = True, signed: bool = True) -> str:
    """A screened participant, signed eligible and enrolled unless told otherwise."""
    nurse = opened.actor(Role.NURSE)
    pid = screen_patient(opened.store, nurse, PROTOCOL, SCREENING, today=TODAY).id
    if signed:
        saved = save_assessment(opened.store, nurse, PROTOCOL, pid, ELIGIBLE, today=TODAY)
        investigator = opened.actor(Role.INVESTIGATOR)
        sign_assessment(
            opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL
        )
    if enrolled:
        with opened.store.read() as session:
            has_range = session.execute(
                text("SELECT count(*) FROM settings WHERE key = 'study_id_prefix'")
            ).scalar_one()
        if not has_range:
            set_study_id_range(opened.store, opened.admin, "WH01-", 1, 500)
        enrol(opened.store, nurse, pid)
    return pid
