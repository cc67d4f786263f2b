"""The allocation list at the hub, through the command line against real hubs.

Only the hub's statistician makes, tops up and exports the list; the data manager
is refused with one sentence and changes nothing. A device's part is signed by the
hub and opens (with the stock ``age``) only for that device's enrolled pharmacists.
"""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.allocation.generator import Design, generate
from app.allocation.part_file import PartRejected, open_part
from app.errors import NotPermitted
from app.hub.allocation import HubAllocation, HubAllocationExport, read_allocation
from app.hub.store import Hub
from app.roles import Role
from app.store.keyslots import normalise_password
from app.store.person_key import derive_age_secret
from app.sync import agecrypt, minisign
from tests.conftest import PASSWORDS, OpenStore, run_cli
from tests.integration.sync_env import HUB_PASSWORD, HUB_USER, SyncEnv

DEVICE = "WARD_LAPTOP_1"
STAT, STAT_PASSWORD = "stats", "statistician pass 1"
GENERATE = [
    "hub",
    "allocation",
    "generate",
    "--arms",
    "A=1,B=1",
    "--block-sizes",
    "4,6",
    "--devices",
    f"{DEVICE},ICU_LAPTOP_2",
    "--per-device",
    "10",
    "--seed",
    "allocation-test-seed",
]


def _hub_cli(hub_dir: Path, *args: str, user: str = STAT, password: str = STAT_PASSWORD) -> Any:
    return run_cli(*args, data_dir=hub_dir, user=user, password=password)


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_env(request: pytest.FixtureRequest, opened: OpenStore, tmp_path: Path) -> SyncEnv:
    """A hub that has imported the device's enrolments of a pharmacist and a nurse."""
    db_url = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    opened.actor(Role.PHARMACIST)
    opened.actor(Role.NURSE)
    env = SyncEnv.make(opened, tmp_path, db_url)
    env.write(participants=1, vitals_each=1)
    assert env.export() is not None
    assert [o.status for o in env.import_()] == ["applied"]
    env.hub.close()
    return env


def _identity(opened: OpenStore, role: Role) -> str:
    name = role.value
    _deks, private = opened.store.slots.open_slot("user", name, normalise_password(PASSWORDS[role]))
    return derive_age_secret(private, opened.store.store_id, "user", name)


def _add_statistician(env: SyncEnv) -> None:
    done = run_cli(
        "hub",
        "statistician",
        "add",
        STAT,
        data_dir=env.hub_dir,
        user=HUB_USER,
        password=HUB_PASSWORD,
        extra_env={"BEDSIDE_NEW_PASSWORD": STAT_PASSWORD},
    )
    assert done.returncode == 0, done.stderr


def _refused_line(done: Any) -> str:
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return str(lines[0])


def test_the_data_manager_is_refused_the_list_and_changes_nothing(hub_env: SyncEnv) -> None:
    _add_statistician(hub_env)
    for args in (
        GENERATE,
        ["hub", "allocation", "top-up", "--device", DEVICE, "--count", "2"],
        ["hub", "allocation", "export", "--device", DEVICE, "--out", str(hub_env.share / "x")],
    ):
        line = _refused_line(_hub_cli(hub_env.hub_dir, *args, user=HUB_USER, password=HUB_PASSWORD))
        assert "Only the hub's statistician" in line
    assert not (hub_env.share / "x").exists()
    with Hub.open(hub_env.hub_dir, HUB_USER, HUB_PASSWORD) as hub, hub.session() as session:
        assert session.scalars(select(HubAllocation)).all() == []
        assert session.scalars(select(HubAllocationExport)).all() == []


def test_the_statistician_makes_a_list_only_they_can_read(hub_env: SyncEnv) -> None:
    _add_statistician(hub_env)
    done = _hub_cli(hub_env.hub_dir, *GENERATE, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["parts"] == {DEVICE: 10, "ICU_LAPTOP_2": 10}
    # A second list is refused: the existing one is topped up instead.
    assert "top-up" in _refused_line(_hub_cli(hub_env.hub_dir, *GENERATE))

    with Hub.open(hub_env.hub_dir, STAT, STAT_PASSWORD) as hub:
        allocation = read_allocation(hub)
    assert allocation is not None
    expected = generate(
        "NCT04339660",
        Design((("A", 1), ("B", 1)), (4, 6)),
        [DEVICE, "ICU_LAPTOP_2"],
        10,
        "allocation-test-seed",
    )
    assert allocation == expected  # the same seed gives the same list

    with Hub.open(hub_env.hub_dir, HUB_USER, HUB_PASSWORD) as hub:
        with pytest.raises(NotPermitted):
            read_allocation(hub)
        with hub.session() as session:
            sealed = session.scalars(select(HubAllocation.sealed_list)).one()
    raw = base64.b64decode(sealed)
    codes = allocation.all_codes()
    assert b'"arm"' not in raw and not any(code.encode() in raw for code in codes)

    done = _hub_cli(
        hub_env.hub_dir, "hub", "allocation", "top-up", "--device", DEVICE, "--count", "5"
    )
    assert done.returncode == 0, done.stderr
    with Hub.open(hub_env.hub_dir, STAT, STAT_PASSWORD) as hub:
        topped = read_allocation(hub)
    assert topped is not None
    assert len(topped.parts[DEVICE].slots) == 15
    assert topped.parts[DEVICE].slots[:10] == allocation.parts[DEVICE].slots
    assert len(topped.all_codes()) == 25


def test_a_second_statistician_needs_a_statistician(hub_env: SyncEnv) -> None:
    _add_statistician(hub_env)
    by_data_manager = run_cli(
        "hub",
        "statistician",
        "add",
        "stats2",
        data_dir=hub_env.hub_dir,
        user=HUB_USER,
        password=HUB_PASSWORD,
        extra_env={"BEDSIDE_NEW_PASSWORD": "another pass 1"},
    )
    assert "Only the hub's statistician" in _refused_line(by_data_manager)
    by_statistician = run_cli(
        "hub",
        "statistician",
        "add",
        "stats2",
        data_dir=hub_env.hub_dir,
        user=STAT,
        password=STAT_PASSWORD,
        extra_env={"BEDSIDE_NEW_PASSWORD": "another pass 1"},
    )
    assert by_statistician.returncode == 0, by_statistician.stderr
    assert (
        _hub_cli(hub_env.hub_dir, *GENERATE, user="stats2", password="another pass 1").returncode
        == 0
    )


def test_a_part_opens_only_for_the_devices_pharmacists_and_its_signature_holds(
    hub_env: SyncEnv, opened: OpenStore, tmp_path: Path
) -> None:
    _add_statistician(hub_env)
    assert _hub_cli(hub_env.hub_dir, *GENERATE).returncode == 0
    out = tmp_path / "ward.allocation.age"
    done = _hub_cli(
        hub_env.hub_dir, "hub", "allocation", "export", "--device", DEVICE, "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "pharmacist" in done.stdout and "nurse" not in done.stdout

    pharmacist, nurse = _identity(opened, Role.PHARMACIST), _identity(opened, Role.NURSE)
    (tmp_path / "pharmacist.key").write_text(pharmacist + "\n")
    (tmp_path / "nurse.key").write_text(nurse + "\n")
    opened_by_age = subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "pharmacist.key"), str(out)],
        capture_output=True,
        check=False,
    )
    assert opened_by_age.returncode == 0, opened_by_age.stderr
    refused = subprocess.run(
        ["age", "-d", "-i", str(tmp_path / "nurse.key"), str(out)], capture_output=True, check=False
    )
    assert refused.returncode != 0 and refused.stdout == b""

    # The stock minisign verifies the hub's signature over the payload.
    envelope = json.loads(opened_by_age.stdout)
    (tmp_path / "payload.json").write_bytes(base64.b64decode(envelope["payload"]))
    (tmp_path / "payload.json.minisig").write_text(envelope["signature"])
    keys = json.loads(_hub_cli(hub_env.hub_dir, "hub", "keys", "--json").stdout)
    checked = subprocess.run(
        ["minisign", "-V", "-m", str(tmp_path / "payload.json"), "-P", keys["minisign_public_key"]],
        capture_output=True,
        check=False,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr

    hub_key = minisign.parse_public_key(keys["minisign_public_key"])
    payload, _signed = open_part(out.read_bytes(), [pharmacist], hub_key, "NCT04339660", DEVICE)
    assert payload.serial == 1 and len(payload.slots) == 10
    assert payload.recipients == ("pharmacist",)
    assert {s.arm for s in payload.slots} == {"A", "B"}

    with pytest.raises(PartRejected, match="not for you"):
        open_part(out.read_bytes(), [nurse], hub_key, "NCT04339660", DEVICE)
    with pytest.raises(PartRejected, match="not this one"):
        open_part(out.read_bytes(), [pharmacist], hub_key, "NCT04339660", "ICU_LAPTOP_2")
    damaged = bytearray(out.read_bytes())
    damaged[-20] ^= 1
    with pytest.raises(PartRejected):
        open_part(bytes(damaged), [pharmacist], hub_key, "NCT04339660", DEVICE)
    # Someone who can open the file swaps two arms and seals it again: the signature fails.
    body = json.loads(base64.b64decode(envelope["payload"]))
    body["slots"][0]["arm"], body["slots"][1]["arm"] = (
        body["slots"][1]["arm"],
        "B" if body["slots"][0]["arm"] == "A" else "A",
    )
    envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
    forged = agecrypt.encrypt(
        json.dumps(envelope).encode(), [agecrypt.parse_identity(pharmacist).recipient]
    )
    with pytest.raises(PartRejected, match="not signed"):
        open_part(forged, [pharmacist], hub_key, "NCT04339660", DEVICE)

    # A second export repeats the part under the next serial.
    again = tmp_path / "ward-2.allocation.age"
    assert (
        _hub_cli(
            hub_env.hub_dir, "hub", "allocation", "export", "--device", DEVICE, "--out", str(again)
        ).returncode
        == 0
    )
    assert (
        open_part(again.read_bytes(), [pharmacist], hub_key, "NCT04339660", DEVICE)[0].serial == 2
    )
    # An existing file is never overwritten.
    assert "exists" in _refused_line(
        _hub_cli(
            hub_env.hub_dir, "hub", "allocation", "export", "--device", DEVICE, "--out", str(out)
        )
    )


def test_a_device_without_an_enrolled_pharmacist_gets_no_part(
    hub_env: SyncEnv, tmp_path: Path
) -> None:
    _add_statistician(hub_env)
    assert _hub_cli(hub_env.hub_dir, *GENERATE).returncode == 0
    out = tmp_path / "icu.allocation.age"
    line = _refused_line(
        _hub_cli(
            hub_env.hub_dir,
            "hub",
            "allocation",
            "export",
            "--device",
            "ICU_LAPTOP_2",
            "--out",
            str(out),
        )
    )
    assert "no enrolled pharmacist" in line
    assert not out.exists()


def test_bad_arguments_are_refused_before_the_hub_is_unlocked(hub_env: SyncEnv) -> None:
    _add_statistician(hub_env)
    for args, words in [
        (["--arms", "A=1,C=1"], "no arm"),
        (["--arms", "A=1"], "missing"),
        (["--block-sizes", "4,5"], "multiple of 2"),
        (["--devices", "WARD 1"], "device code"),
        (["--per-device", "0"], "--per-device"),
    ]:
        argv = list(GENERATE)
        argv[argv.index(args[0]) + 1] = args[1]
        assert words in _refused_line(_hub_cli(hub_env.hub_dir, *argv, password="wrong password"))


def test_a_pharmacist_who_replaces_the_temporary_password_is_sent_the_part_under_the_new_key(
    hub_env: SyncEnv, opened: OpenStore, tmp_path: Path
) -> None:
    from app.services.users import change_password

    old_identity = _identity(opened, Role.PHARMACIST)
    new_password = "pharmacist new pass 2"
    pharmacist = opened.store.unlock(Role.PHARMACIST.value, PASSWORDS[Role.PHARMACIST])
    change_password(opened.store, pharmacist, PASSWORDS[Role.PHARMACIST], new_password)
    _deks, private = opened.store.slots.open_slot(
        "user", Role.PHARMACIST.value, normalise_password(new_password)
    )
    new_identity = derive_age_secret(private, opened.store.store_id, "user", Role.PHARMACIST.value)
    assert new_identity != old_identity

    # The rotation travels in the next bundle, and the hub takes it.
    hub_env.restart_hub()
    assert hub_env.export() is not None
    # The share still holds the first bundle, which the hub has already taken.
    assert [o.status for o in hub_env.import_()] == ["duplicate", "applied"]
    hub_env.hub.close()

    _add_statistician(hub_env)
    assert _hub_cli(hub_env.hub_dir, *GENERATE).returncode == 0
    out = tmp_path / "ward.allocation.age"
    done = _hub_cli(
        hub_env.hub_dir, "hub", "allocation", "export", "--device", DEVICE, "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    keys = json.loads(_hub_cli(hub_env.hub_dir, "hub", "keys", "--json").stdout)
    hub_key = minisign.parse_public_key(keys["minisign_public_key"])
    payload, _signed = open_part(out.read_bytes(), [new_identity], hub_key, "NCT04339660", DEVICE)
    assert payload.recipients == ("pharmacist",)
    with pytest.raises(PartRejected, match="not for you"):
        open_part(out.read_bytes(), [old_identity], hub_key, "NCT04339660", DEVICE)
