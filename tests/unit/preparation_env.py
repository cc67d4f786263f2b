"""Randomised participants in each arm on a real store, for the preparation tests.

The allocation part is imported and participants are randomised through the real
services (:mod:`app.services.allocation`), so each slot's arm is sealed exactly as the
import seals it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from app.clinical.preparation import PreparationEntry
from app.roles import Role
from app.services.allocation import import_part, randomise
from app.services.users import add_user
from app.store.uow import Actor
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import DEVICE, AllocationEnv

WUHAN = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=WUHAN)
DAY0 = date(2026, 11, 26)
SECOND_PHARMACIST, SECOND_PHARMACIST_PASSWORD = "pharm2", "second-pharmacist-pass"


@dataclass
class Randomised:
    """One randomised participant in each arm, and the pharmacist who prepares."""

    env: AllocationEnv
    active: str
    placebo: str
    kits: dict[str, str]
    """participant id → kit code."""

    @property
    def opened(self) -> OpenStore:
        return self.env.opened

    @property
    def pharmacist(self) -> Actor:
        return self.env.pharmacist

    def second_pharmacist(self) -> Actor:
        """Another pharmacist, holding the blinding key (granted by the first one's login)."""
        store = self.opened.store
        if SECOND_PHARMACIST not in store.slots.user_names():
            add_user(
                store, self.opened.admin, SECOND_PHARMACIST, Role.PHARMACIST,
                SECOND_PHARMACIST_PASSWORD, "Second Pharmacist",
            )  # fmt: skip
            self.opened.actor(Role.PHARMACIST)  # this login grants the key to the new one
        return store.unlock(SECOND_PHARMACIST, SECOND_PHARMACIST_PASSWORD)


def randomised_pair(opened: OpenStore, slots: int = 6) -> Randomised:
    """Import a part and randomise participants until both arms have one."""
    env = AllocationEnv.make(opened, slots=slots)
    store = opened.store
    import_part(store, env.pharmacist, env.part(), PASSWORDS[Role.PHARMACIST])
    nurse = opened.actor(Role.NURSE)
    arms = {"A": "", "B": ""}
    kits: dict[str, str] = {}
    for slot in env.allocation.parts[DEVICE].slots:
        if all(arms.values()):
            break
        pid = env.ready_participant()
        kits[pid] = randomise(store, nurse, pid, today=DAY0)
        assert kits[pid] == slot.kit_code
        arms[slot.arm] = arms[slot.arm] or pid
    assert all(arms.values()), arms
    return Randomised(env, arms["A"], arms["B"], kits)


def active_entry(**changes: object) -> PreparationEntry:
    """A good active-arm entry for 65 kg (6.5×10⁷ cells), prepared 30 minutes before NOW."""
    values: dict[str, object] = {
        "weight_kg": "65",
        "prepared_at": NOW - timedelta(minutes=30),
        "lot": "UCMSC-2026-114",
        "lot_expiry": "2027-01-31",
        "cell_count": "6.5e7",
        "viability_percent": "94.5",
        "appearance_ok": True,
    }
    values.update(changes)
    return PreparationEntry(**values)  # type: ignore[arg-type]


def placebo_entry(**changes: object) -> PreparationEntry:
    """A good placebo entry: weight, time and appearance only."""
    values: dict[str, object] = {
        "weight_kg": "65",
        "prepared_at": NOW - timedelta(minutes=30),
        "appearance_ok": True,
    }
    values.update(changes)
    return PreparationEntry(**values)  # type: ignore[arg-type]
