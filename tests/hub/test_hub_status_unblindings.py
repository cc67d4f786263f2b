"""bedside hub status lists each emergency unblinding the devices sent: device, study ID,
kit, who, when, why (text and JSON), and never the arm."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.hub.admin import unblindings
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.unblinding import emergency_unblind
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore, run_cli
from tests.unit.unblinding_env import DEVICE, HUB_PASSWORD, HUB_USER, HubWorld, hub_world

REASON = "Anaphylaxis, adrenaline given; the team asks what was infused."
WHEN = datetime(2026, 11, 27, 3, 15, tzinfo=UTC)
ARM_WORDS = [w for a in load_default().arms for w in (a.name_en, a.name_zh)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubWorld, str]]:
    root = tmp_path_factory.mktemp("hub-status")
    store, admin, recovery = Store.create(
        root / "device",
        site="WH01",
        device=DEVICE,
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Ada Admin",
    )
    opened = OpenStore(store, admin, recovery, root / "device")
    try:
        with hub_world(opened, root) as built:
            with built.hub() as hub:
                assert unblindings(hub) == []
            investigator = opened.actor(Role.INVESTIGATOR)
            emergency_unblind(
                store, investigator, built.placebo, PASSWORDS[Role.INVESTIGATOR], REASON, WHEN
            )
            built.sync()
            with store.read() as session:
                study_id = session.get_one(Participant, built.placebo).study_id or ""
            yield built, study_id
    finally:
        store.close()


def test_status_lists_the_unblinding_as_text(world: tuple[HubWorld, str]) -> None:
    built, study_id = world
    done = run_cli("hub", "status", data_dir=built.hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("Emergency unblindings: 1.")
    kit = built.kits[built.placebo]
    assert lines[at + 1] == (
        f"  {DEVICE:<16} {study_id} kit {kit}: by investigator (Investigator Person) "
        f"on 2026-11-27 03:15 UTC, reason: {REASON}"
    )
    for word in ARM_WORDS:
        assert word not in done.stdout


def test_status_lists_the_unblinding_as_json(world: tuple[HubWorld, str]) -> None:
    built, study_id = world
    done = run_cli(
        "hub", "status", "--json", data_dir=built.hub_dir, user=HUB_USER, password=HUB_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert len(shown["unblindings"]) == 1
    entry = shown["unblindings"][0]
    assert entry["unblinded_at"].startswith("2026-11-27T03:15:00")
    del entry["unblinded_at"]
    assert entry == {
        "device": DEVICE,
        "study_id": study_id,
        "kit_code": built.kits[built.placebo],
        "unblinded_by": "investigator",
        "full_name": "Investigator Person",
        "reason": REASON,
    }
    assert [d["device"] for d in shown["devices"]] == [DEVICE]
    for word in ARM_WORDS:
        assert word not in done.stdout


def test_a_hub_with_no_unblinding_says_so(tmp_path: Path) -> None:
    hub_dir = tmp_path / "hub"
    done = run_cli("hub", "init", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    done = run_cli("hub", "status", data_dir=hub_dir, user=HUB_USER, password=HUB_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Emergency unblindings: none."
