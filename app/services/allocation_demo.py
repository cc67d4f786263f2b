"""An allocation part for the demo device, made and sealed on the device itself.

A real part comes from the hub (``bedside hub allocation export``). The demo has no
hub, so this module plays one: it makes a hub signing key, pins it on the store as
an admin would, generates a permuted-block list for this device with
:mod:`app.allocation.generator`, seals the device's part to the pharmacist exactly as
the hub does, and imports it through :func:`app.services.allocation.import_part`. The
demo hub's private key is thrown away afterwards: the demo can never receive a second
part, and bundles it writes go to a hub that does not exist.

Tests use :func:`pin_demo_hub` and :func:`write_part` to make parts on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from app.allocation.generator import AllocationList, Design, generate
from app.allocation.part_file import PartPayload, seal_part
from app.protocol import load_default
from app.services.allocation import import_part, randomise
from app.store.person_key import age_recipient, derive_age_secret
from app.store.store import Store
from app.store.uow import Actor
from app.sync import agecrypt, minisign
from app.sync.device import set_hub
from app.timeutil import utc_now

DEMO_SEED = "bedside-demo-allocation"
HUB_ID = "demo-hub"


@dataclass(frozen=True)
class DemoHub:
    """The demo's stand-in hub: its signing key, pinned on the store."""

    key: minisign.KeyPair


def pin_demo_hub(store: Store, admin: Actor, hub: DemoHub | None = None) -> DemoHub:
    """Pin ``hub`` (a new one by default) on ``store``, as ``bedside device set-hub`` does."""
    key = hub.key if hub is not None else minisign.generate_keypair()
    recipient = agecrypt.generate_identity().recipient
    set_hub(store, admin, recipient, minisign.public_key_string(key.public, "bedside demo hub"))
    return DemoHub(key)


def pharmacist_recipient(store: Store, pharmacist: Actor, password: str) -> str:
    """The pharmacist's age recipient, from their slot (what the hub learns at enrolment)."""
    private = store.open_own_slot(pharmacist, password)
    return age_recipient(derive_age_secret(private, store.store_id, "user", pharmacist.name))


def demo_design() -> Design:
    """Every arm of the protocol at ratio 1, in blocks of two or three times their number."""
    arms = [a.code for a in load_default().arms]
    return Design(tuple((a, 1) for a in arms), (2 * len(arms), 3 * len(arms)))


def make_list(
    study: str, devices: Sequence[str], slots: int, seed: str = DEMO_SEED
) -> AllocationList:
    """A list of ``slots`` slots per device, as ``bedside hub allocation generate`` makes it."""
    return generate(study, demo_design(), devices, slots, seed)


def write_part(
    hub: DemoHub,
    allocation: AllocationList,
    device: str,
    serial: int,
    recipients: Mapping[str, str],
    *,
    study: str | None = None,
) -> bytes:
    """The file ``bedside hub allocation export`` writes for ``device``'s part.

    ``recipients``: each pharmacist's name and age recipient; ``study`` overrides the
    list's own (to make a file for another study).
    """
    part = allocation.parts[device]
    payload = PartPayload(
        study=study or allocation.study,
        hub_id=HUB_ID,
        device=device,
        serial=serial,
        issued_at=utc_now(),
        issued_by="demo statistician",
        recipients=tuple(sorted(recipients)),
        slots=tuple(part.slots),
    )
    keys = [recipients[name] for name in sorted(recipients)]
    return seal_part(payload, hub.key.private_key, hub.key.key_id, keys)


def _seed_covering_arms(study: str, device: str, slots: int, count: int) -> AllocationList:
    """The first list from :data:`DEMO_SEED` whose first ``count`` slots hold every arm."""
    arms = {a.code for a in load_default().arms}
    for attempt in range(1000):
        allocation = make_list(study, [device], slots, f"{DEMO_SEED}-{attempt}")
        taken = {s.arm for s in allocation.parts[device].slots[:count]}
        if taken == arms or count < len(arms):
            return allocation
    raise AssertionError("no demo seed covers every arm")  # 1000 tries never all fail


def seed_allocation(
    store: Store,
    admin: Actor,
    pharmacist: Actor,
    pharmacist_password: str,
    randomiser: Actor,
    participant_ids: Sequence[str],
    *,
    slots: int = 24,
    day0: Mapping[str, date] | None = None,
) -> dict[str, str]:
    """Pin the demo hub, import a part of ``slots`` slots, randomise ``participant_ids``.

    Each participant must be enrolled and signed eligible. With at least as many
    participants as arms, every arm gets someone. ``day0`` gives a participant's day 0
    (today otherwise). Returns participant id → kit code.
    """
    info = store.info()
    hub = pin_demo_hub(store, admin)
    count = len(participant_ids)
    allocation = _seed_covering_arms(info.study, info.device, max(slots, count), count)
    recipient = pharmacist_recipient(store, pharmacist, pharmacist_password)
    data = write_part(hub, allocation, info.device, 1, {pharmacist.name: recipient})
    import_part(store, pharmacist, data, pharmacist_password)
    days = day0 or {}
    return {pid: randomise(store, randomiser, pid, today=days.get(pid)) for pid in participant_ids}


__all__ = [
    "DemoHub",
    "make_list",
    "pharmacist_recipient",
    "pin_demo_hub",
    "seed_allocation",
    "write_part",
]
