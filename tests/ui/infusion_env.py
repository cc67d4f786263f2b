"""Participants with a released bag, for the infusion screen tests (real stores).

The allocation part is imported, the participants randomised, the dose prepared by the
pharmacist and released by a nurse's blinded second check, all through the real
services; the infusion itself is started through :mod:`app.services.infusion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.preparation import SHARED_ITEMS, prepare, second_check
from app.store.uow import Actor
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.preparation_env import NOW, active_entry, placebo_entry, randomised_pair

PROTOCOL = load_default()
CHECKED_AT = NOW + timedelta(minutes=5)
"""When the bags are released and the bedside check happens (inside the use-by)."""


@dataclass
class Ward:
    """Two randomised participants (one per arm) whose bags are released."""

    opened: OpenStore
    nurse: Actor
    active: str
    placebo: str
    kits: dict[str, str]
    study_ids: dict[str, str]

    def study_id(self, pid: str) -> str:
        return self.study_ids[pid]


def released_ward(opened: OpenStore) -> Ward:
    """Both participants prepared 30 minutes before NOW and released 5 minutes after."""
    pair = randomised_pair(opened)
    store = opened.store
    nurse = opened.actor(Role.NURSE)
    for pid, entry in ((pair.active, active_entry()), (pair.placebo, placebo_entry())):
        made = prepare(store, pair.pharmacist, pid, entry, NOW, protocol=PROTOCOL)
        second_check(store, nurse, made.shared.id, PASSWORDS[Role.NURSE], SHARED_ITEMS, CHECKED_AT)
    with store.read() as session:
        ids = {pid: session.get_one(Participant, pid).study_id or "" for pid in pair.kits}
    return Ward(opened, nurse, pair.active, pair.placebo, dict(pair.kits), ids)


def clock_at(moment: datetime) -> list[datetime]:
    """A clock a test moves by assigning ``clock[0]``; call ``lambda: clock[0]``."""
    return [moment]


def started(ward: Ward, pid: str, at: datetime = CHECKED_AT) -> str:
    """Check the bag at ``at`` and start the infusion at once; the infusion's id."""
    from app.services.infusion import check_product, start_infusion

    store = ward.opened.store
    check = check_product(store, ward.nurse, pid, ward.study_id(pid), ward.kits[pid], at)
    return start_infusion(store, ward.nurse, pid, check.id, at, "120", "peripheral cannula",
                          "left forearm", now=at, protocol=PROTOCOL)  # fmt: skip
