"""What the blinding sweep searches: a device with a participant in each arm, prepared,
checked, with an adverse event each, synced to a real hub that exported its blinded files.

Everything goes through the real services: the hub's statistician makes the list, the
pharmacist imports the part and prepares both doses, a nurse randomises, checks the bags
(blinded) and records the events. :func:`needles` gives what must not be found, in
every encoding a careless write could produce.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from app.clinical.adverse_events import AeEntry
from app.hub.csv_export import export_csv
from app.hub.odm import export_odm
from app.hub.store import Hub
from app.models import AllocationSlot, Participant
from app.models.allocation import Preparation
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import record_ae
from app.services.preparation import prepare, second_check
from app.services.preparation_views import SHARED_ITEMS
from app.store.store import Store
from app.store.uow import Actor
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore
from tests.unit.preparation_env import NOW, active_entry, placebo_entry
from tests.unit.unblinding_env import DEVICE, HUB_PASSWORD, HUB_USER, hub_world

PROTOCOL = load_default()


@dataclass
class Subject:
    """One randomised participant and the codes that name them (masked when compared)."""

    pid: str
    study_id: str
    screening_number: str
    kit_code: str
    arm: str


@dataclass
class Sweep:
    root: Path
    store_dir: Path
    hub_dir: Path
    subjects: list[Subject]
    """The active participant first, then the placebo one."""
    blinding_keys: list[bytes]
    sealed_plaintexts: list[str] = field(default_factory=list)
    """What the pharmacist opens from the sealed columns (a positive control)."""

    @property
    def odm(self) -> Path:
        return self.root / "blinded.xml"

    @property
    def csv(self) -> Path:
        return self.root / "csv"


def build(root: Path) -> Sweep:
    """Make the device and the hub, fill them, export; the store is closed afterwards."""
    store_dir = root / "device"
    store, admin, recovery = Store.create(
        store_dir, site="WH01", device=DEVICE, admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    opened = OpenStore(store, admin, recovery, store_dir)
    try:
        with hub_world(opened, root) as world:
            pharmacist = opened.actor(Role.PHARMACIST)
            nurse = opened.actor(Role.NURSE)
            assert pharmacist.blinding is not None
            keys = list(pharmacist.blinding.keys.values())
            for pid, entry in ((world.active, active_entry()), (world.placebo, placebo_entry())):
                made = prepare(store, pharmacist, pid, entry, NOW)
                second_check(store, nurse, made.shared.id, PASSWORDS[Role.NURSE], SHARED_ITEMS, NOW)
                onset = NOW + timedelta(minutes=40)
                record_ae(
                    store, nurse, PROTOCOL, pid, AeEntry("nausea", "", onset, grade=1),
                    now=NOW + timedelta(hours=1),
                )  # fmt: skip
            world.sync()
            sealed = _sealed_plaintexts(store, pharmacist)
            subjects = []
            with store.read() as session:
                for pid in (world.active, world.placebo):
                    p = session.get_one(Participant, pid)
                    subjects.append(
                        Subject(pid, p.study_id or "", p.screening_number, p.kit_code or "",
                                world.arm_of(pid))
                    )  # fmt: skip
        with Hub.open(root / "hub", HUB_USER, HUB_PASSWORD) as hub:
            export_odm(hub, root / "blinded.xml")
            export_csv(hub, root / "csv")
    finally:
        store.close()
    return Sweep(root, store_dir, root / "hub", subjects, keys, sealed)


def _sealed_plaintexts(store: Store, pharmacist: Actor) -> list[str]:
    keys = pharmacist.blinding
    assert keys is not None
    with store.read() as session:
        slots = session.execute(select(AllocationSlot.id, AllocationSlot.arm_sealed)).all()
        preps = session.execute(select(Preparation.id, Preparation.content_sealed)).all()
    opened = [keys.open("allocation_slots", "arm_sealed", i, s) for i, s in slots]
    opened += [keys.open("preparations", "content_sealed", i, s) for i, s in preps]
    return [json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in opened]


# -- what must not be found ----------------------------------------------------------


def arm_words() -> list[str]:
    """The protocol's arm names and interventions, both languages."""
    return [
        text
        for arm in PROTOCOL.arms
        for text in (arm.name_en, arm.name_zh, arm.intervention_en, arm.intervention_zh)
    ]


def arm_fragments() -> list[str]:
    """How an arm code would look written by code: JSON, Python, key=value."""
    found = []
    for code in (a.code for a in PROTOCOL.arms):
        found += [
            f'"arm":"{code}"', f'"arm": "{code}"', f"'arm': '{code}'", f"arm={code}",
            f'"arm_code":"{code}"', f'"arm_code": "{code}"', f"arm {code} (",
        ]  # fmt: skip
    return [*found, '"is_placebo"', "placebo", "Placebo", "安慰剂"]


def content_values() -> list[str]:
    """Fields that differ between the arms, as the active preparation typed them."""
    entry = active_entry()
    return [str(entry.lot), str(entry.cell_count), str(entry.viability_percent)]


def encodings(needle: bytes) -> list[bytes]:
    """``needle`` as it would sit in stored text: raw, UTF-16, hex, and base64 at every
    alignment (the part of an encoding that the needle alone determines)."""
    found = [needle, needle.hex().encode(), needle.hex().upper().encode()]
    with contextlib.suppress(UnicodeDecodeError):
        found.append(needle.decode("utf-8").encode("utf-16-le"))
    for start in range(3):
        chunk = needle[start:]
        chunk = chunk[: len(chunk) // 3 * 3]
        if len(chunk) >= 6:
            found.append(base64.b64encode(chunk))
            found.append(base64.urlsafe_b64encode(chunk))
    return found


def text_needles() -> list[str]:
    return [*arm_words(), *arm_fragments(), *content_values()]


def hits(haystack: bytes, needles: list[bytes]) -> list[bytes]:
    """Every needle (in any of its encodings) found in ``haystack``."""
    return [n for n in needles for e in encodings(n) if e in haystack]


def text_hits(text: str) -> list[str]:
    """The arm words, fragments and content values found in a blinded output's text."""
    return [n for n in text_needles() if n in text]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(
    r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d| UTC)?)?"
    r"|\d\d [A-Z][a-z]{2} \d{4}( \d\d:\d\d)?|\b\d\d:\d\d\b"
)
_SOURCE = re.compile(rf"{DEVICE}[:,]\d+\b")


def masked(text: str, subject: Subject) -> str:
    """``text`` with this participant's ids and codes, every uuid, time and audit seq masked."""
    for value, mark in (
        (subject.screening_number, "<SCREENING>"),
        (subject.study_id, "<STUDY_ID>"),
        (subject.kit_code, "<KIT>"),
        (subject.pid, "<PID>"),
    ):
        text = text.replace(value, mark)
    text = _UUID.sub("<UUID>", text)
    text = _SOURCE.sub("<SOURCE>", text)
    return _TIME.sub("<TIME>", text)
