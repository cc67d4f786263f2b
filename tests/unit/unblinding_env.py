"""A device and a real hub, with participants randomised to each arm the real way.

The hub's statistician makes the allocation list and exports the device's part for
its pharmacist; the pharmacist imports it (code-breaks sealed to the investigator);
a nurse randomises until both arms have a participant; bundles carry it all to the
hub. Used by the unblinding, unblinded-ODM and blinding-sweep tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.allocation.generator import AllocationList
from app.hub.admin import register_device
from app.hub.allocation import add_statistician, export_part, generate_list
from app.hub.importer import import_folder
from app.hub.store import Hub
from app.roles import Role
from app.services.allocation import import_part, randomise
from app.services.allocation_demo import demo_design
from app.services.users import public_key_text
from app.store.uow import Actor
from app.sync.device import apply_receipt, device_public_key, export_bundle, set_hub
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import ready_participant

DEVICE = "WARD_LAPTOP_1"
OTHER_DEVICE = "ICU_LAPTOP_2"
STUDY = "NCT04339660"
HUB_USER, HUB_PASSWORD = "datamanager", "hub pass phrase 1"
STAT, STAT_PASSWORD = "stats", "statistician pass 1"
SEED = "unblinding-test-seed"
DAY0 = date(2026, 11, 26)


@dataclass
class HubWorld:
    """One device, its hub (closed between uses) and a participant in each arm."""

    device: OpenStore
    hub_dir: Path
    share: Path
    allocation: AllocationList
    active: str = ""
    placebo: str = ""
    kits: dict[str, str] = field(default_factory=dict)
    """participant id → kit code."""

    @contextmanager
    def hub(self, user: str = HUB_USER, password: str = HUB_PASSWORD) -> Iterator[Hub]:
        with Hub.open(self.hub_dir, user, password) as hub:
            yield hub

    def sync(self) -> None:
        """A bundle from the device, imported at the hub, its receipt applied."""
        sync(self.device, self.hub_dir, self.share)

    def arm_of(self, pid: str) -> str:
        kit = self.kits[pid]
        return next(s.arm for s in self.allocation.parts[DEVICE].slots if s.kit_code == kit)

    def actor(self, role: Role) -> Actor:
        return self.device.actor(role)


def sync(device: OpenStore, hub_dir: Path, share: Path) -> None:
    """A bundle from ``device``, imported at the hub, its receipt applied."""
    admin = device.admin
    result = export_bundle(device.store, admin, share)
    assert result is not None, "nothing new to send"
    with Hub.open(hub_dir, HUB_USER, HUB_PASSWORD) as hub:
        outcomes = import_folder(hub, share)
    assert [o.status for o in outcomes if o.seq == result.seq] == ["applied"], outcomes
    apply_receipt(device.store, admin, share / f"{DEVICE}-{result.seq:06d}.receipt")


@contextmanager
def hub_world(opened: OpenStore, root: Path, slots: int = 8) -> Iterator[HubWorld]:
    """The device ``opened`` with a real hub under ``root``, and both arms randomised."""
    store = opened.store
    opened.actor(Role.INVESTIGATOR)  # enrolled before the import: gets code-breaks
    opened.actor(Role.PHARMACIST)
    opened.actor(Role.NURSE)
    hub_dir, share = root / "hub", root / "share"
    share.mkdir(parents=True)
    hub, _recovery = Hub.init(hub_dir, None, HUB_USER, HUB_PASSWORD, STUDY)
    with hub:
        keys = hub.keys()
        set_hub(store, opened.admin, keys.age_recipient, keys.minisign_public_key)
        register_device(
            hub,
            DEVICE,
            device_public_key(store, opened.admin),
            "WH01",
            admin_key=public_key_text(store, opened.admin),
        )
        add_statistician(hub, STAT, STAT_PASSWORD)
    sync(opened, hub_dir, share)  # the hub learns the pharmacist's recipient
    with Hub.open(hub_dir, STAT, STAT_PASSWORD) as hub:
        allocation = generate_list(hub, demo_design(), [DEVICE, OTHER_DEVICE], slots, SEED)
        part = export_part(hub, DEVICE, root / "part.age")
    world = HubWorld(opened, hub_dir, share, allocation)
    pharmacist = store.unlock(Role.PHARMACIST.value, PASSWORDS[Role.PHARMACIST])
    import_part(store, pharmacist, part.path.read_bytes(), PASSWORDS[Role.PHARMACIST])
    nurse = opened.actor(Role.NURSE)
    arms: dict[str, str] = {}
    for slot in world.allocation.parts[DEVICE].slots:
        if len(arms) == 2:
            break
        pid = ready_participant(opened)
        world.kits[pid] = randomise(store, nurse, pid, today=DAY0)
        assert world.kits[pid] == slot.kit_code
        arms.setdefault(slot.arm, pid)
    world.active, world.placebo = arms["A"], arms["B"]
    world.sync()
    yield world
