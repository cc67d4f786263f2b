"""A rebuilt hub restores its age identity (`hub init --identity`) and opens old bundles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli
from tests.integration import test_sync_cli
from tests.integration.test_cli_bad_input import _one_line
from tests.integration.test_sync_cli import HUB_ENV

wired = test_sync_cli.wired  # a device pinned to hub A, enrolled there (all through the CLI)
wired_template = test_sync_cli.wired_template  # made once per module, copied per test


def _hub(*args: str, hub: Path) -> CliResult:
    return run_cli(
        *args, data_dir=hub, user=HUB_ENV["BEDSIDE_USER"], password=HUB_ENV["BEDSIDE_PASSWORD"]
    )


def _enrol(device: Path, hub: Path) -> None:
    """Enrol the device at ``hub`` the way the data manager does it (keys read out)."""
    key = run_cli("device", "show-key", data_dir=device).stdout.splitlines()[1]
    shown = run_cli("user", "show-key", data_dir=device)
    assert shown.returncode == 0, shown.stderr
    admin_key = shown.stdout.splitlines()[1]
    done = _hub(
        "hub", "register", "--device", "LAP1", "--key", key, "--admin-key", admin_key, hub=hub
    )
    assert done.returncode == 0, done.stderr


def test_a_hub_rebuilt_from_the_exported_identity_applies_an_old_bundle(
    wired: dict[str, Path],
) -> None:
    root, hub_a, share = wired["root"], wired["hub"], wired["share"]
    exported = run_cli("export", "--to", str(share), data_dir=wired["device"])
    assert exported.returncode == 0, exported.stderr
    identity = root / "hub-identity.txt"
    done = _hub("hub", "export-identity", "--out", str(identity), hub=hub_a)
    assert done.returncode == 0, done.stderr
    keys_a = json.loads(_hub("hub", "keys", "--json", hub=hub_a).stdout)

    hub_b = root / "hub-rebuilt"
    init = _hub("hub", "init", "--identity", str(identity), hub=hub_b)
    assert init.returncode == 0, init.stderr
    assert f"Restored the hub's age identity from {identity}." in init.stdout
    assert keys_a["age_recipient"] in init.stdout
    keys_b = json.loads(_hub("hub", "keys", "--json", hub=hub_b).stdout)
    assert keys_b["age_recipient"] == keys_a["age_recipient"]
    assert keys_b["minisign_public_key"] != keys_a["minisign_public_key"]  # a new receipt key

    _enrol(wired["device"], hub_b)
    imported = _hub("hub", "import", str(share), "--json", hub=hub_b)
    assert imported.returncode == 0, imported.stderr
    assert [o["status"] for o in json.loads(imported.stdout)] == ["applied"]


def test_without_identity_a_new_hub_cannot_open_the_old_bundle(wired: dict[str, Path]) -> None:
    """What ``--identity`` is for: a hub with a fresh identity cannot decrypt the bundle."""
    root, share = wired["root"], wired["share"]
    assert run_cli("export", "--to", str(share), data_dir=wired["device"]).returncode == 0
    fresh = root / "hub-fresh"
    assert _hub("hub", "init", hub=fresh).returncode == 0
    _enrol(wired["device"], fresh)
    imported = _hub("hub", "import", str(share), "--json", hub=fresh)
    assert [o["status"] for o in json.loads(imported.stdout)] != ["applied"]


def _not_an_identity(root: Path) -> Path:
    path = root / "not-an-identity.txt"
    path.write_text("# public key: age1xyz\nthis is not a secret key\n")
    return path


def _fifo(root: Path) -> Path:
    path = root / "identity.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda root: Path("/nonexistent/identity.txt"), "identity.txt does not exist"),
        (lambda root: root, "is a directory"),
        (_fifo, "not a regular file"),
        (_not_an_identity, "is not an age identity"),
        (lambda root: Path("/dev/zero"), "not a regular file"),
    ],
    ids=["missing", "directory", "fifo", "not-an-identity", "dev-zero"],
)
def test_a_bad_identity_file_is_refused_and_nothing_is_created(
    tmp_path: Path, make: object, needle: str
) -> None:
    assert callable(make)
    identity = make(tmp_path)
    hub = tmp_path / "new-hub"
    done = _hub("hub", "init", "--identity", str(identity), hub=hub)
    assert done.returncode not in (0, 70)
    line = _one_line(done.stderr)
    assert needle in line
    assert "nothing was created" in line.lower()
    assert "not a secret key" not in done.stderr  # the file is never quoted
    assert not hub.exists()
