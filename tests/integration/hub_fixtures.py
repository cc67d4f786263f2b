"""A hub filled the real way: a device store → signed, encrypted bundle → hub import.

Tests build a :class:`HubWorld` with :func:`filled_hub` (a context manager, so the hub
is closed and its lock released even when a test fails) and add a second round of
data with :func:`enter_second_round` + :meth:`HubWorld.sync`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.hub.admin import register_device
from app.hub.importer import import_folder
from app.hub.models import HubAudit, HubRecord
from app.hub.store import Hub
from app.models import Participant, VitalSigns
from app.models.clinical import NucleicAcidTest, Oxygenation
from app.roles import Role
from app.services.signing import sign
from app.services.users import public_key_text
from app.store.store import Store
from app.sync.device import apply_receipt, device_public_key, export_bundle, set_hub
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore

HUB_USER = "datamanager"
HUB_PASSWORD = "hub-pass-phrase-1"
STUDY = "NCT04339660"
DEVICE = "WARD_LAPTOP_1"
SITE = "WH01"
WEIGHT_REASON = "transcription error: scale re-read"
VITALS_REASON = "SpO2 re-measured on a warm finger"
MEANING = "Eligibility reviewed and confirmed"
SECOND_MEANING = "Source data verified"
ARM_SECRET = "UC-MSC-ARM-A-SECRET"
# Markup, a tab and a line break (the only control characters a device accepts, which an
# XML attribute would fold into spaces unless written as references), a comma and quotes
# CSV must quote, and CJK.
AWKWARD_NOTE = 'SpO₂ <94 & "falling",\tpager beeped;\n护士已通知'


@dataclass
class HubWorld:
    """One device, one hub, the share between them, and the ids of what was entered."""

    device: OpenStore
    hub: Hub
    hub_dir: Path
    share: Path
    ids: dict[str, str]

    def sync(self) -> None:
        """Export a bundle, import it at the hub, and hand the receipt back to the device."""
        result = export_bundle(self.device.store, self.device.admin, self.share)
        assert result is not None, "nothing new to send"
        outcomes = import_folder(self.hub, self.share)
        # Earlier bundles still in the share are seen again as duplicates: harmless.
        assert [o.status for o in outcomes if o.seq == result.seq] == ["applied"], outcomes
        receipt = self.share / f"{DEVICE}-{result.seq:06d}.receipt"
        apply_receipt(self.device.store, self.device.admin, receipt)

    def close(self) -> None:
        self.hub.close()


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _participant(
    world: HubWorld, key: str, screening: str, study_id: str | None, kit: str | None
) -> str:
    nurse = world.device.actor(Role.NURSE)
    with world.device.store.transaction(nurse) as session:
        p = Participant(
            screening_number=screening,
            study_id=study_id,
            initials="LW",
            sex="F",
            date_of_birth=date(1961, 3, 2),
            weight_kg=68.0,
            height_cm=162.0,
            admission_date=date(2026, 11, 20),
            status="randomised" if study_id else "screen-failed",
            kit_code=kit,
            screen_fail_reason=None if study_id else "SpO2 above threshold",
            created_at=_at("2026-11-24T09:00:00"),
        )
        session.add(p)
    world.ids[key] = p.id
    return p.id


def _vitals(
    world: HubWorld, key: str, participant: str, visit: str, at: str, spo2: int, note: str
) -> str:
    nurse = world.device.actor(Role.NURSE)
    with world.device.store.transaction(nurse) as session:
        v = VitalSigns(
            participant_id=world.ids[participant],
            visit_code=visit,
            measured_at=_at(at),
            temperature_c=38.4,
            heart_rate_per_min=104,
            respiratory_rate_per_min=28,
            systolic_bp_mmhg=128,
            diastolic_bp_mmhg=76,
            spo2_percent=spo2,
            o2_device="nasal_cannula",
            o2_flow_l_min=3.0,
            fio2_fraction=0.32,
            note=note,
        )
        session.add(v)
    world.ids[key] = v.id
    return v.id


def _clinical_forms(world: HubWorld) -> None:
    """A blood gas at baseline and a throat swab (a log form, tied to no visit)."""
    nurse = world.device.actor(Role.NURSE)
    with world.device.store.transaction(nurse) as session:
        gas = Oxygenation(
            participant_id=world.ids["p1"],
            visit_code="BASELINE",
            measured_at=_at("2026-11-25T08:05:00"),
            spo2_percent="92",
            at_rest=True,
            o2_device="nasal_cannula",
            o2_flow_l_min="3",
            fio2_fraction="0.32",
            fio2_source="estimated",
            pao2_entered="8.4",
            pao2_unit="kPa",
            pao2_mmhg="63.0",
            pf_ratio_mmhg="196.9",
        )
        swab = NucleicAcidTest(
            participant_id=world.ids["p1"],
            sampled_at=_at("2026-11-24T10:00:00"),
            specimen="throat swab",
            result="positive",
        )
        session.add_all([gas, swab])
    world.ids["ox1"], world.ids["na1"] = gas.id, swab.id


def _sign(world: HubWorld, table: str, key: str, meaning: str = MEANING) -> str:
    investigator = world.device.actor(Role.INVESTIGATOR)
    signature = sign(
        world.device.store,
        investigator,
        PASSWORDS[Role.INVESTIGATOR],
        table,
        world.ids[key],
        meaning,
    )
    world.ids[f"sig:{key}:{meaning}"] = signature.id
    return signature.id


def enter_first_round(world: HubWorld) -> None:
    """Two participants, three sets of vitals, a corrected weight, signatures (one voided)."""
    nurse = world.device.actor(Role.NURSE)
    _participant(world, "p1", "S-001", "WH01-001", "K-1041")
    _participant(world, "p2", "S-002", None, None)
    _vitals(world, "v1", "p1", "BASELINE", "2026-11-25T08:00:00", 92, "on arrival")
    _vitals(world, "v2", "p1", "D1", "2026-11-26T08:00:00", 94, AWKWARD_NOTE)
    _vitals(world, "v3", "p1", "INFUSION_T15", "2026-11-25T10:15:00", 93, "15 min into infusion")
    _clinical_forms(world)
    with world.device.store.transaction(nurse, reason=WEIGHT_REASON) as session:
        p = session.get(Participant, world.ids["p1"])
        assert p is not None
        p.weight_kg = 66.5
    _sign(world, "participants", "p1")
    _sign(world, "participants", "p1", SECOND_MEANING)
    _sign(world, "vital_signs", "v1", "Vital signs reviewed")
    with world.device.store.transaction(nurse, reason=VITALS_REASON) as session:
        v = session.get(VitalSigns, world.ids["v1"])
        assert v is not None
        v.spo2_percent = 91  # voids the signature on v1


def enter_second_round(world: HubWorld) -> None:
    """A third participant and a day-2 visit, sent in a second bundle."""
    _participant(world, "p3", "S-003", "WH01-002", "K-1008")
    _vitals(world, "v4", "p1", "D2", "2026-11-27T08:00:00", 96, "day 2")


def plant_arm(world: HubWorld) -> None:
    """Put allocation data where a careless future import might: records and audit rows.

    Today no arm reaches the hub; this simulates one that did, so the exports' allowlist
    is tested rather than assumed.
    """
    with world.hub.session() as session:
        record = session.get(HubRecord, ("participants", world.ids["p1"]))
        assert record is not None
        data = json.loads(record.data_json)
        data.update(arm=ARM_SECRET, treatment_arm=ARM_SECRET, arm_code="A")
        record.data_json = json.dumps(data)
        session.add(
            HubRecord(
                table_name="allocations",
                record_id="alloc-1",
                device=DEVICE,
                row_version=1,
                deleted=False,
                data_json=json.dumps({"participant_id": world.ids["p1"], "arm": ARM_SECRET}),
            )
        )
        for seq, (table, field) in enumerate(
            [("participants", "arm"), ("allocations", "arm")], start=900_000
        ):
            session.add(
                HubAudit(
                    device=DEVICE,
                    seq=seq,
                    at_utc="2026-11-25T12:00:00.000000Z",
                    user_name="pharmacist",
                    action="insert",
                    table_name=table,
                    record_id=world.ids["p1"],
                    field=field,
                    old_value=None,
                    new_value=ARM_SECRET,
                    reason=f"allocated to {ARM_SECRET}",
                    prev_hash="0" * 64,
                    row_hash="0" * 64,
                )
            )
        session.add(
            HubAudit(
                device=DEVICE,
                seq=900_010,
                at_utc="2026-11-25T12:00:00.000000Z",
                user_name="investigator",
                action="emergency_unblind",
                record_id=world.ids["p1"],
                new_value=f"revealed {ARM_SECRET}",
                reason=f"anaphylaxis; arm {ARM_SECRET}",
                prev_hash="0" * 64,
                row_hash="0" * 64,
            )
        )


@contextmanager
def device_store(folder: Path) -> Iterator[OpenStore]:
    """A device store like ``tests.conftest.opened``, for fixtures wider than one test."""
    store, admin, recovery = Store.create(
        folder,
        site=SITE,
        device=DEVICE,
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Ada Admin",
    )
    try:
        yield OpenStore(store, admin, recovery, folder)
    finally:
        store.close()


@contextmanager
def filled_hub(opened: OpenStore, tmp_path: Path, db_url: str | None = None) -> Iterator[HubWorld]:
    """A hub (SQLCipher, or PostgreSQL at ``db_url``) holding the device's first round of
    data, applied from a real bundle."""
    hub_dir, share = tmp_path / "hub", tmp_path / "share"
    share.mkdir()
    hub, _recovery = Hub.init(hub_dir, db_url, HUB_USER, HUB_PASSWORD, STUDY)
    world = HubWorld(opened, hub, hub_dir, share, {})
    try:
        keys = hub.keys()
        set_hub(opened.store, opened.admin, keys.age_recipient, keys.minisign_public_key)
        register_device(
            hub,
            DEVICE,
            device_public_key(opened.store, opened.admin),
            SITE,
            admin_key=public_key_text(opened.store, opened.admin),
        )
        enter_first_round(world)
        world.sync()
        yield world
    finally:
        world.close()
