"""The sync commands end to end, with the stock age and minisign tools checking our files."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_cli_bad_input import _one_line, _tmpfs

HUB_ENV = {"BEDSIDE_USER": "datamanager", "BEDSIDE_PASSWORD": "hub password 1"}


def _hub(*args: str, hub: Path) -> object:
    return run_cli(
        *args, data_dir=hub, user=HUB_ENV["BEDSIDE_USER"], password=HUB_ENV["BEDSIDE_PASSWORD"]
    )


WIRED_FOLDERS = ("device", "hub", "share")
WIRED_FILES = ("device.pub", "hub.pub")


def _wire(tmp_path: Path) -> dict[str, Path]:
    """A device pinned to a new hub and enrolled there, every step through the CLI."""
    device, hub, share = tmp_path / "device", tmp_path / "hub", tmp_path / "share"
    share.mkdir()
    assert (
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
        ).returncode
        == 0
    )
    done = _hub("hub", "init", hub=hub)
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    keys = json.loads(_hub("hub", "keys", "--json", hub=hub).stdout)  # type: ignore[attr-defined]
    assert set(keys) == {"age_recipient", "minisign_public_key"}
    pinned = run_cli(
        "device",
        "set-hub",
        "--recipient",
        keys["age_recipient"],
        "--hub-key",
        keys["minisign_public_key"],
        data_dir=device,
    )
    assert pinned.returncode == 0, pinned.stderr
    public = run_cli("device", "show-key", data_dir=device).stdout.splitlines()[1]
    admin_key = run_cli("user", "show-key", data_dir=device).stdout.splitlines()[1]
    registered = _hub(  # type: ignore[attr-defined]
        "hub", "register", "--device", "LAP1", "--key", public, "--admin-key", admin_key, hub=hub
    )
    assert registered.returncode == 0, registered.stderr
    (tmp_path / "device.pub").write_text(run_cli("device", "show-key", data_dir=device).stdout)
    (tmp_path / "hub.pub").write_text(f"untrusted comment: hub\n{keys['minisign_public_key']}\n")
    return {"device": device, "hub": hub, "share": share, "root": tmp_path}


@pytest.fixture(scope="module")
def wired_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wiring of :func:`_wire`, made once per module; tests get copies of it."""
    root = tmp_path_factory.mktemp("wired-template")
    _wire(root)
    return root


@pytest.fixture
def wired(wired_template: Path, tmp_path: Path) -> dict[str, Path]:
    """This test's own copy of a device pinned to a hub and enrolled there (made through
    the CLI by :func:`_wire`): the same state as wiring it anew, without the commands."""
    for name in WIRED_FOLDERS:
        shutil.copytree(wired_template / name, tmp_path / name, symlinks=True)
    for name in WIRED_FILES:
        shutil.copy2(wired_template / name, tmp_path / name)
    return {name: tmp_path / name for name in WIRED_FOLDERS} | {"root": tmp_path}


def test_export_import_receipt_through_the_command_line(wired: dict[str, Path]) -> None:
    done = run_cli("export", "--to", str(wired["share"]), data_dir=wired["device"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote WH01-LAP1-000001.bundle.age")
    again = run_cli("export", "--to", str(wired["share"]), data_dir=wired["device"])
    assert again.returncode == 0 and again.stdout.startswith("Nothing new")
    assert len(list(wired["share"].glob("*.bundle.age"))) == 1
    imported = _hub("hub", "import", str(wired["share"]), "--json", hub=wired["hub"])
    outcome = json.loads(imported.stdout)  # type: ignore[attr-defined]
    assert [o["status"] for o in outcome] == ["applied"]
    status = json.loads(_hub("hub", "status", "--json", hub=wired["hub"]).stdout)  # type: ignore[attr-defined]
    assert status["devices"][0]["last_seq"] == 1
    applied = run_cli(
        "receipt", "apply", str(wired["share"] / "LAP1-000001.receipt"), data_dir=wired["device"]
    )
    assert applied.returncode == 0, applied.stderr


def test_stock_age_and_minisign_open_and_verify_a_real_bundle_and_receipt(
    wired: dict[str, Path],
) -> None:
    if not (shutil.which("age") and shutil.which("minisign")):
        pytest.skip("the stock age and minisign tools are not installed (CI installs them)")
    assert run_cli("export", "--to", str(wired["share"]), data_dir=wired["device"]).returncode == 0
    identity = wired["root"] / "hub-identity.txt"
    assert _hub("hub", "export-identity", "--out", str(identity), hub=wired["hub"]).returncode == 0  # type: ignore[attr-defined]
    bundle = wired["share"] / "WH01-LAP1-000001.bundle.age"
    verified = subprocess.run(
        ["minisign", "-Vm", str(bundle), "-p", str(wired["root"] / "device.pub")],
        capture_output=True,
        text=True,
    )
    assert verified.returncode == 0, verified.stderr
    assert "site:WH01" in verified.stdout
    payload = subprocess.run(["age", "-d", "-i", str(identity), str(bundle)], capture_output=True)
    assert payload.returncode == 0, payload.stderr
    listing = subprocess.run(["tar", "-t"], input=payload.stdout, capture_output=True)
    names = listing.stdout.decode().split()
    assert names[:2] == ["manifest.json", "manifest.sig"]
    assert {"audit.jsonl", "seals.jsonl"} <= set(names)

    _hub("hub", "import", str(wired["share"]), hub=wired["hub"])
    receipt = wired["share"] / "LAP1-000001.receipt"
    checked = subprocess.run(
        ["minisign", "-Vm", str(receipt), "-p", str(wired["root"] / "hub.pub")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_a_forged_receipt_is_refused_and_marks_nothing(wired: dict[str, Path]) -> None:
    run_cli("export", "--to", str(wired["share"]), data_dir=wired["device"])
    _hub("hub", "import", str(wired["share"]), hub=wired["hub"])
    receipt = wired["share"] / "LAP1-000001.receipt"
    receipt.write_bytes(receipt.read_bytes().replace(b'"seq":1', b'"seq":1 '))
    done = run_cli("receipt", "apply", str(receipt), data_dir=wired["device"])
    assert done.returncode != 0
    assert "not signed by the pinned hub" in _one_line(done.stderr)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["hub", "import", "/nonexistent/share"], "not reachable"),
        (["hub", "revoke", "NOBODY"], "not enrolled"),
        (["hub", "register", "--device", "LAP-2", "--key", "RWQ"], "device code 'LAP-2'"),
        (["hub", "init", "--db-url", "mysql://x", "--data-dir", "{new}"], "PostgreSQL"),
    ],
)
def test_hub_bad_input_is_one_line(wired: dict[str, Path], args: list[str], needle: str) -> None:
    new = wired["root"] / "new-hub"
    done = _hub(*[a.replace("{new}", str(new)) for a in args], hub=wired["hub"])
    assert done.returncode != 0  # type: ignore[attr-defined]
    assert needle in _one_line(done.stderr)  # type: ignore[attr-defined]
    assert not new.exists()


def test_export_to_a_full_disk_leaves_nothing_that_looks_like_a_bundle(
    wired: dict[str, Path], tmp_path: Path
) -> None:
    with _tmpfs(tmp_path / "usb", "64k") as usb:
        filler = usb / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        done = run_cli("export", "--to", str(usb), data_dir=wired["device"])
        assert done.returncode != 0
        assert "disk is full" in _one_line(done.stderr)
        assert sorted(p.name for p in usb.iterdir()) == ["filler"]
        filler.unlink()
        done = run_cli("export", "--to", str(usb), data_dir=wired["device"])
        assert done.returncode == 0, done.stderr
        assert "000001" in done.stdout, "the failed attempt used no sequence number"
