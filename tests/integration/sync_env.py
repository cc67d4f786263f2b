"""A device and a hub wired together for sync tests (real stores, real bundles)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from app.hub.admin import register_device
from app.hub.importer import Outcome, import_folder
from app.hub.store import Hub
from app.models import Participant, VitalSigns
from app.roles import Role
from app.services.users import public_key_text
from app.sync.device import ExportResult, apply_receipt, device_public_key, export_bundle, set_hub
from tests.conftest import OpenStore

HUB_USER, HUB_PASSWORD = "datamanager", "hub password 1"


@dataclass
class SyncEnv:
    device: OpenStore
    hub_dir: Path
    share: Path
    db_url: str | None
    hub: Hub
    written: int = 0
    nurse: Any = field(default=None)

    @classmethod
    def make(cls, device: OpenStore, root: Path, db_url: str | None) -> SyncEnv:
        hub, _recovery = Hub.init(root / "hub", db_url, HUB_USER, HUB_PASSWORD, "NCT04339660")
        keys = hub.keys()
        set_hub(device.store, device.admin, keys.age_recipient, keys.minisign_public_key)
        public = device_public_key(device.store, device.admin).splitlines()[1]
        admin_key = public_key_text(device.store, device.admin)
        register_device(hub, "WARD_LAPTOP_1", public, admin_key=admin_key)
        share = root / "share"
        share.mkdir()
        env = cls(device, root / "hub", share, db_url, hub)
        env.nurse = device.actor(Role.NURSE)
        return env

    def write(self, participants: int = 1, vitals_each: int = 2) -> list[str]:
        ids = []
        with self.device.store.transaction(self.nurse) as session:
            for _ in range(participants):
                self.written += 1
                p = Participant(
                    screening_number=f"S-{self.written:05d}",
                    initials="TT",
                    sex="M",
                    weight_kg=60.0 + self.written,
                    created_at=datetime.now(UTC),
                )
                session.add(p)
                session.flush()
                ids.append(p.id)
                for v in range(vitals_each):
                    session.add(
                        VitalSigns(
                            participant_id=p.id,
                            visit_code="D1",
                            measured_at=datetime.now(UTC),
                            spo2_percent=90 + v,
                        )
                    )
        return ids

    def export(self) -> ExportResult | None:
        return export_bundle(self.device.store, self.nurse, self.share)

    def import_(self) -> list[Outcome]:
        return import_folder(self.hub, self.share)

    def apply_receipts(self) -> list[int]:
        return [
            apply_receipt(self.device.store, self.nurse, p)
            for p in sorted(self.share.glob("*.receipt"))
        ]

    def restart_hub(self) -> None:
        self.hub.close()
        self.hub = Hub.open(self.hub_dir, HUB_USER, HUB_PASSWORD)

    def hub_rows(self) -> str:
        return hub_digest(self.hub)

    def hub_count(self, table: str) -> int:
        with self.hub.session() as session:
            return int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())

    def hub_participants(self) -> set[str]:
        with self.hub.session() as session:
            rows = session.execute(
                text(
                    "SELECT data_json FROM records "
                    "WHERE table_name = 'participants' AND NOT deleted"
                )
            )
            return {json.loads(r[0])["screening_number"] for r in rows}

    def bundles(self) -> list[Path]:
        return sorted(self.share.glob("*.bundle.age"))


def hub_digest(hub: Hub) -> str:
    """A digest of every data table at the hub (not the received-files log)."""
    digest = hashlib.sha256()
    with hub.session() as session:
        for table, order in (
            ("records", "table_name, record_id"),
            ("audit", "device, seq"),
            ("devices", "device"),
            ("held_bundles", "device, seq"),
        ):
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY {order}")):
                digest.update(json.dumps([str(v) for v in row]).encode())
    return digest.hexdigest()


def device_participants(device: OpenStore) -> set[str]:
    with device.store.read() as session:
        return set(session.scalars(select(Participant.screening_number)))
