"""An export that Bedside does not survive leaves no bundle the device cannot go on from.

A bundle is recorded in the store before its files land in the sync folder and marked
placed after. Whatever moment the process dies at, the next export goes on: a bundle that
landed whole is kept as it is (the hub may already have applied it), one that did not is
written again under the same number, and the hub applies every bundle, with no fork and
nothing held.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.models import Participant
from app.roles import Role
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, ROOT, OpenStore, run_cli
from tests.faults.test_kill_features import _hub
from tests.infusion_helper import T0
from tests.integration.test_sync_cli import _wire


@pytest.fixture(scope="module")
def wired_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export-stopped")
    wired = _wire(root)
    store = Store.open(wired["device"])
    admin = store.unlock("admin", ADMIN_PASSWORD)
    nurse = OpenStore(store, admin, "", wired["device"]).actor(Role.NURSE)
    with store.transaction(nurse) as session:
        session.add(
            Participant(
                screening_number="S-1",
                study_id="P-1",
                initials="AB",
                sex="F",
                status="infused",
                kit_code="K7Q2MX",
                created_at=T0,
            )
        )
    store.close()
    return root


def _stop_export(device: Path, share: Path, moment: str) -> None:
    child = subprocess.run(
        [sys.executable, "-m", "tests.faults.export_stop_worker", str(device), str(share),
         moment],
        cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr or child.stdout


def _export(device: Path, share: Path) -> str:
    done = run_cli("export", "--to", str(share), data_dir=device)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def _import(hub: Path, share: Path) -> list[dict[str, object]]:
    imported = _hub("hub", "import", str(share), "--json", hub=hub)
    assert imported.returncode == 0, imported.stderr
    return list(json.loads(imported.stdout))


def _bundles(share: Path) -> list[str]:
    return sorted(p.name for p in share.glob("*.bundle.age"))


@pytest.mark.parametrize("moment", ["recorded", "signature", "placed"])
@pytest.mark.parametrize("hub_first", [False, True], ids=["export-again", "hub-imports-first"])
def test_the_next_export_goes_on_from_an_export_that_was_killed(
    wired_template: Path, tmp_path: Path, moment: str, hub_first: bool
) -> None:
    root = Path(shutil.copytree(wired_template, tmp_path / "wired", symlinks=True))
    device, hub, share = root / "device", root / "hub", root / "share"
    _export(device, share)
    assert _bundles(share) == ["WH01-LAP1-000001.bundle.age"]

    _stop_export(device, share, moment)
    landed = moment == "placed"
    assert _bundles(share) == ["WH01-LAP1-000001.bundle.age"] + (
        ["WH01-LAP1-000002.bundle.age"] if landed else []
    )
    assert run_cli("verify", data_dir=device).returncode == 0
    if hub_first:
        # The hub takes what is in the folder before the device exports again.
        assert {o["status"] for o in _import(hub, share)} == {"applied"}

    said = _export(device, share)
    # A bundle that landed whole is kept, with everything the stopped export held; one
    # that did not land is written again under the same number.
    if landed:
        assert said.startswith("Nothing new since the last bundle"), said
    else:
        assert "WH01-LAP1-000002" in said, said
    expected = 2
    assert _bundles(share) == [f"WH01-LAP1-{n:06d}.bundle.age" for n in range(1, expected + 1)]
    assert all((share / f"{name}.minisig").is_file() for name in _bundles(share))

    outcomes = _import(hub, share)
    assert {o["status"] for o in outcomes} <= {"applied", "duplicate"}, outcomes
    hub_status = json.loads(_hub("hub", "status", "--json", hub=hub).stdout)
    (only,) = hub_status["devices"]
    assert only["last_seq"] == expected, hub_status
    # The event saved just before the stopped export reached the hub.
    exported = _hub("hub", "export-csv", "--out", str(tmp_path / "csv"), hub=hub)
    assert exported.returncode == 0, exported.stderr
    texts = "".join(p.read_text() for p in (tmp_path / "csv").glob("*.csv"))
    assert f"stopped at {moment}" in texts
    assert run_cli("verify", data_dir=device).returncode == 0
