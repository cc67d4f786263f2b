"""A restored laptop syncs again once the hub endorses it, through the command line.

The device syncs, is backed up, syncs more, is restored from the older backup and
refused; it asks to be re-enrolled, the hub endorses it and names the changes it
lost, the device imports the endorsement, and its next change is accepted, with
nothing the hub held before lost. Once on PostgreSQL, once on the SQLite hub.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.hub.store import Hub
from tests.conftest import CliResult, run_cli

HUB_USER, HUB_PASSWORD = "datamanager", "hub password 1"


def _ok(done: CliResult) -> str:
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" or "Traceback" not in done.stderr
    return done.stdout


def hub_cli(hub: Path, *args: str) -> CliResult:
    return run_cli(*args, data_dir=hub, user=HUB_USER, password=HUB_PASSWORD)


def add_person(device: Path, name: str) -> None:
    _ok(
        run_cli(
            "user",
            "add",
            name,
            "--role",
            "nurse",
            data_dir=device,
            extra_env={"BEDSIDE_NEW_PASSWORD": f"{name} password 1"},
        )
    )


def sync(device: Path, hub: Path, share: Path) -> list[dict[str, Any]]:
    """Export, import at the hub, apply every new receipt; the hub's word on the new bundle."""
    wrote = _ok(run_cli("export", "--to", str(share), data_dir=device))
    name = wrote.split()[1]
    outcomes: list[dict[str, Any]] = json.loads(
        _ok(hub_cli(hub, "hub", "import", str(share), "--json"))
    )
    for outcome in outcomes:
        if outcome["status"] == "applied":
            receipt = share / f"{outcome['device']}-{outcome['seq']:06d}.receipt"
            _ok(run_cli("receipt", "apply", str(receipt), data_dir=device))
    # The courier takes the stick's files away once they are handled.
    taken = share.parent / "taken"
    taken.mkdir(exist_ok=True)
    for path in share.iterdir():
        path.rename(taken / f"{len(list(taken.iterdir()))}-{path.name}")
    return [o for o in outcomes if o["file"] == name]


def wire(root: Path, db_url: str | None) -> tuple[Path, Path, Path]:
    device, hub, share = root / "device", root / "hub", root / "share"
    share.mkdir()
    _ok(
        run_cli(
            "init",
            "--site",
            "WH01",
            "--device",
            "LAP1",
            "--admin",
            "admin",
            data_dir=device,
            user=None,
        )
    )
    _ok(hub_cli(hub, "hub", "init", *(["--db-url", db_url] if db_url else [])))
    keys = json.loads(_ok(hub_cli(hub, "hub", "keys", "--json")))
    _ok(
        run_cli(
            "device",
            "set-hub",
            "--recipient",
            keys["age_recipient"],
            "--hub-key",
            keys["minisign_public_key"],
            data_dir=device,
        )
    )
    public = _ok(run_cli("device", "show-key", data_dir=device)).splitlines()[1]
    admin_key = _ok(run_cli("user", "show-key", data_dir=device)).splitlines()[1]
    _ok(
        hub_cli(
            hub, "hub", "register", "--device", "LAP1", "--key", public, "--admin-key", admin_key
        )
    )
    return device, hub, share


@pytest.fixture(scope="module")
def sqlite_wiring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`wire` with the SQLite hub, made once per module; tests get copies of it."""
    root = tmp_path_factory.mktemp("wired-sqlite")
    wire(root, None)
    return root


@pytest.fixture
def wired(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[[str | None], tuple[Path, Path, Path]]:
    """``wired(db_url)``: this test's device, hub and share as :func:`wire` leaves them.

    The SQLite hub's wiring is this test's own copy of the module's; a PostgreSQL hub
    is wired anew (its database lives on the server, not in the folder).
    """

    def make(db_url: str | None) -> tuple[Path, Path, Path]:
        if db_url is not None:
            return wire(tmp_path, db_url)
        template: Path = request.getfixturevalue("sqlite_wiring")
        for name in ("device", "hub", "share"):
            shutil.copytree(template / name, tmp_path / name, symlinks=True)
        return tmp_path / "device", tmp_path / "hub", tmp_path / "share"

    return make


def hub_audit(hub: Path) -> list[tuple[Any, ...]]:
    with Hub.open(hub, HUB_USER, HUB_PASSWORD) as opened, opened.session() as session:
        return [tuple(r) for r in session.execute(text("SELECT * FROM audit ORDER BY device, seq"))]


def hub_people(hub: Path) -> set[str]:
    with Hub.open(hub, HUB_USER, HUB_PASSWORD) as opened, opened.session() as session:
        rows = session.execute(text("SELECT data_json FROM records WHERE table_name = 'users'"))
        return {json.loads(r[0])["name"] for r in rows}


@pytest.fixture(params=["postgresql", "sqlite"])
def db_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("pg_url"))


def test_a_restored_device_is_endorsed_and_syncs_again_losing_nothing_at_the_hub(
    tmp_path: Path, db_url: str | None, wired: Callable[[str | None], tuple[Path, Path, Path]]
) -> None:
    device, hub, share = wired(db_url)
    add_person(device, "nurse1")
    assert [o["status"] for o in sync(device, hub, share)] == ["applied"]
    backup = tmp_path / "before.bedside-backup"
    _ok(run_cli("backup", "--out", str(backup), data_dir=device))
    add_person(device, "nurse2")  # made after the backup: lost by the restore
    assert [o["status"] for o in sync(device, hub, share)] == ["applied"]
    before = hub_audit(hub)
    assert "nurse2" in hub_people(hub)

    restored = _ok(run_cli("restore", str(backup), "--replace", data_dir=device))
    backup_head = int(re.search(r"audit row (\d+)", restored).group(1))  # type: ignore[union-attr]
    add_person(device, "nurse3")
    refused = sync(device, hub, share)
    assert [o["status"] for o in refused] == ["rejected"]
    assert hub_audit(hub) == before

    request = tmp_path / "LAP1.reenrol.json"
    asked = _ok(run_cli("device", "re-enrol", "--out", str(request), data_dir=device))
    assert "re-enrolment request" in asked and (tmp_path / "LAP1.reenrol.json.minisig").exists()
    endorsement = tmp_path / "LAP1.endorsement.json"
    endorsed = json.loads(
        _ok(hub_cli(hub, "hub", "endorse", str(request), "--out", str(endorsement), "--json"))
    )
    assert (endorsed["epoch"], endorsed["base_seq"]) == (2, backup_head)
    lost = [row for row in before if row[1] > backup_head]
    assert endorsed["lost_count"] == len(lost) > 0
    listed = [int(line.split()[1]) for line in endorsed["lost"]]
    assert listed == [row[1] for row in lost], "exactly the rows after the backup's head"
    nurse2_rows = [row for row in lost if row[4] == "insert" and row[5] == "users"]
    assert any(row[9] == "nurse2" for row in nurse2_rows)

    imported = _ok(run_cli("device", "endorsement", "import", str(endorsement), data_dir=device))
    assert "epoch 2" in imported
    assert f"{len(lost)} changes this device lost" in imported
    assert all(line in imported for line in endorsed["lost"])

    add_person(device, "nurse4")
    accepted = sync(device, hub, share)
    assert [o["status"] for o in accepted] == ["applied"]
    assert accepted[0]["seq"] == endorsed["next_bundle"]
    after = hub_audit(hub)
    assert set(before) <= set(after), "nothing the hub held was dropped or changed"
    assert hub_people(hub) >= {"admin", "nurse1", "nurse2", "nurse3", "nurse4"}
    # The new epoch's rows are kept beside the lost ones, under the epoch's offset.
    new_rows = [row for row in after if row not in before]
    assert new_rows and all(row[1] > 10**12 + backup_head for row in new_rows)
    add_person(device, "nurse5")
    assert [o["status"] for o in sync(device, hub, share)] == ["applied"]


def one_line(done: CliResult) -> str:
    assert done.returncode not in (0, 70), done
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_refusals_on_the_command_line_are_one_line_and_write_nothing(
    tmp_path: Path, wired: Callable[[str | None], tuple[Path, Path, Path]]
) -> None:
    device, hub, _share = wired(None)
    add_person(device, "nurse1")
    out = tmp_path / "req.json"
    nurse = run_cli(
        "device", "re-enrol", "--out", str(out), data_dir=device, user="nurse1",
        password="nurse1 password 1",
    )  # fmt: skip
    assert "Only an admin" in one_line(nurse) and not out.exists()
    _ok(run_cli("device", "re-enrol", "--out", str(out), data_dir=device))
    assert "never overwrites" in one_line(
        run_cli("device", "re-enrol", "--out", str(out), data_dir=device)
    )
    end = tmp_path / "end.json"
    missing = hub_cli(hub, "hub", "endorse", str(tmp_path / "none.json"), "--out", str(end))
    assert "none.json" in one_line(missing) and not end.exists()
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    signature_path = tmp_path / "junk.json.minisig"
    signature_path.write_bytes((tmp_path / "req.json.minisig").read_bytes())
    assert "not a re-enrolment request" in one_line(
        hub_cli(hub, "hub", "endorse", str(junk), "--out", str(end))
    )
    assert not end.exists()
    assert "not an endorsement" in one_line(
        run_cli("device", "endorsement", "import", str(out), data_dir=device)
    )
