"""bedside hub status names every study ID and kit code that two participant records hold.

Two laptops given overlapping study-ID ranges (or a restored laptop that numbered a new
participant with an ID its lost changes had used) send two records of one study ID. The
hub keeps both, and its status says so, in text and JSON, until the sites resolve it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.hub.admin import duplicate_subjects, register_device
from app.hub.importer import import_folder
from app.hub.store import Hub
from app.models import Participant
from app.roles import Role
from app.services.users import public_key_text
from app.store.store import Store
from app.sync.device import device_public_key, export_bundle, set_hub
from tests.conftest import ADMIN_PASSWORD, OpenStore, run_cli

HUB_USER, HUB_PASSWORD, STUDY, SITE = "datamanager", "hub-pass-phrase-1", "NCT04339660", "WH01"
# (device, screening number, study ID, kit code): WH01-001 and K-3001 are each given twice.
ENTERED = [
    ("WARD_LAPTOP_1", "S-101", "WH01-001", "K-3001"),
    ("WARD_LAPTOP_1", "S-102", "WH01-002", "K-3002"),
    ("WARD_LAPTOP_2", "S-201", "WH01-001", "K-3003"),
    ("WARD_LAPTOP_2", "S-202", "WH01-003", "K-3001"),
    ("WARD_LAPTOP_2", "S-203", None, None),  # screen-failed: no ID, no kit
]


def _device(root: Path, device: str) -> OpenStore:
    store, admin, recovery = Store.create(
        root / device, site=SITE, device=device, admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    return OpenStore(store, admin, recovery, root / device)


@pytest.fixture(scope="module")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub that received one bundle from each of two laptops."""
    root = tmp_path_factory.mktemp("duplicates")
    share = root / "share"
    share.mkdir()
    hub, _recovery = Hub.init(root / "hub", None, HUB_USER, HUB_PASSWORD, STUDY)
    devices = {name: _device(root, name) for name in ("WARD_LAPTOP_1", "WARD_LAPTOP_2")}
    try:
        keys = hub.keys()
        for name, opened in devices.items():
            set_hub(opened.store, opened.admin, keys.age_recipient, keys.minisign_public_key)
            register_device(
                hub, name, device_public_key(opened.store, opened.admin), SITE,
                admin_key=public_key_text(opened.store, opened.admin),
            )  # fmt: skip
        for name, screening, study_id, kit in ENTERED:
            opened = devices[name]
            with opened.store.transaction(opened.actor(Role.NURSE)) as session:
                session.add(Participant(
                    screening_number=screening, study_id=study_id, initials="LW", sex="F",
                    date_of_birth=date(1961, 3, 2), weight_kg=68.0, kit_code=kit,
                    status="randomised" if study_id else "screen-failed",
                    screen_fail_reason=None if study_id else "SpO2 above threshold",
                    created_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
                ))  # fmt: skip
        for opened in devices.values():
            assert export_bundle(opened.store, opened.admin, share) is not None
        outcomes = import_folder(hub, share)
        assert sorted(o.status for o in outcomes) == ["applied", "applied"], outcomes
    finally:
        hub.close()
        for opened in devices.values():
            opened.store.close()
    return root / "hub"


def _ids(opened_hub_dir: Path) -> dict[str, str]:
    """Screening number → the record's id at the hub."""
    with Hub.open(opened_hub_dir, HUB_USER, HUB_PASSWORD) as hub:
        found = duplicate_subjects(hub)
    return {r["screening_number"]: r["record_id"] for d in found for r in d["records"]}


def test_both_duplicates_are_found_with_the_records_that_hold_them(hub_dir: Path) -> None:
    with Hub.open(hub_dir, HUB_USER, HUB_PASSWORD) as hub:
        found = duplicate_subjects(hub)
    shown = [
        (d["field"], d["value"], [(r["device"], r["screening_number"]) for r in d["records"]])
        for d in found
    ]
    assert shown == [
        ("kit_code", "K-3001", [("WARD_LAPTOP_1", "S-101"), ("WARD_LAPTOP_2", "S-202")]),
        ("study_id", "WH01-001", [("WARD_LAPTOP_1", "S-101"), ("WARD_LAPTOP_2", "S-201")]),
    ]


def test_status_names_them_through_the_command_line(hub_dir: Path) -> None:
    done = run_cli("hub", "status", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("DUPLICATES: 2 study IDs or kit codes are held by more than one record.")
    ids = _ids(hub_dir)
    assert lines[at + 1 : at + 3] == [
        f"  kit code K-3001: WARD_LAPTOP_1 S-101 (record {ids['S-101']}), "
        f"WARD_LAPTOP_2 S-202 (record {ids['S-202']})",
        f"  study ID WH01-001: WARD_LAPTOP_1 S-101 (record {ids['S-101']}), "
        f"WARD_LAPTOP_2 S-201 (record {ids['S-201']})",
    ]


def test_status_json_carries_them(hub_dir: Path) -> None:
    done = run_cli(
        "hub", "status", "--json", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert [(d["field"], d["value"], len(d["records"])) for d in shown["duplicates"]] == [
        ("kit_code", "K-3001", 2),
        ("study_id", "WH01-001", 2),
    ]
    assert {d["device"] for d in shown["devices"]} == {"WARD_LAPTOP_1", "WARD_LAPTOP_2"}


def test_a_hub_without_duplicates_says_so(tmp_path: Path) -> None:
    hub_dir = tmp_path / "hub"
    done = run_cli("hub", "init", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    done = run_cli("hub", "status", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "Duplicate study IDs and kit codes: none." in done.stdout.splitlines()
