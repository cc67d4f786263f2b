"""Sync through the command line is for the roles that change data or the device.

The monitor reads everything blinded and changes nothing: not the outbox, not the
receipts, not the device key (``device show-key`` would make one on first use).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.models import DeviceKey, OutboxBundle
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, CliResult, run_cli
from tests.integration import test_sync_cli
from tests.integration.test_cli_bad_input import _one_line
from tests.integration.test_sync_cli import HUB_ENV

wired = test_sync_cli.wired  # a device pinned to a hub and enrolled there, through the CLI
wired_template = test_sync_cli.wired_template  # made once per module, copied per test

MONITOR, MONITOR_PASSWORD = "mon.itor", "monitor-pass-1"
SENTENCE = (
    "bedside: Your role (monitor) cannot sync this device: only people who enter data or "
    "manage the device can send bundles, apply receipts or use the device key."
)


def _add_monitor(device: Path) -> None:
    done = run_cli(
        "user",
        "add",
        MONITOR,
        "--role",
        "monitor",
        data_dir=device,
        extra_env={"BEDSIDE_NEW_PASSWORD": MONITOR_PASSWORD},
    )
    assert done.returncode == 0, done.stderr


def _as_monitor(*args: str, device: Path) -> CliResult:
    return run_cli(*args, data_dir=device, user=MONITOR, password=MONITOR_PASSWORD)


def _outbox(device: Path) -> list[tuple[int, bool]]:
    """(bundle number, acknowledged) for every bundle the device wrote."""
    store = Store.open(device)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        with store.read() as session:
            return [(b.seq, b.acked_at is not None) for b in session.scalars(select(OutboxBundle))]
    finally:
        store.close()


def _device_keys(device: Path) -> int:
    store = Store.open(device)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        with store.read() as session:
            return int(session.scalar(select(func.count()).select_from(DeviceKey)) or 0)
    finally:
        store.close()


def test_the_monitor_cannot_show_and_so_create_the_device_key(tmp_path: Path) -> None:
    device = tmp_path / "device"
    made = run_cli(
        "init", "--site", "WH01", "--device", "LAP1", "--admin", "admin", data_dir=device, user=None
    )
    assert made.returncode == 0, made.stderr
    _add_monitor(device)
    done = _as_monitor("device", "show-key", device=device)
    assert done.returncode not in (0, 70)
    assert _one_line(done.stderr) == SENTENCE
    assert done.stdout == ""
    assert _device_keys(device) == 0, "no device key was made"


def test_the_monitor_cannot_export_or_apply_a_receipt(wired: dict[str, Path]) -> None:
    device, hub, share = wired["device"], wired["hub"], wired["share"]
    _add_monitor(device)
    exported = run_cli("export", "--to", str(share), data_dir=device)
    assert exported.returncode == 0, exported.stderr
    imported = run_cli(
        "hub",
        "import",
        str(share),
        data_dir=hub,
        user=HUB_ENV["BEDSIDE_USER"],
        password=HUB_ENV["BEDSIDE_PASSWORD"],
    )
    assert imported.returncode == 0, imported.stderr
    receipt = share / "LAP1-000001.receipt"
    assert receipt.exists()
    files = sorted(p.name for p in share.iterdir())
    before = _outbox(device)
    assert before == [(1, False)]

    # A new change, so an export would have something to write.
    second = run_cli(
        "user",
        "add",
        "mon.two",
        "--role",
        "monitor",
        data_dir=device,
        extra_env={"BEDSIDE_NEW_PASSWORD": MONITOR_PASSWORD},
    )
    assert second.returncode == 0, second.stderr
    for args in (("export", "--to", str(share)), ("receipt", "apply", str(receipt))):
        done = _as_monitor(*args, device=device)
        assert done.returncode not in (0, 70), args
        assert _one_line(done.stderr) == SENTENCE
    assert sorted(p.name for p in share.iterdir()) == files, "no bundle was written"
    assert _outbox(device) == before, "nothing was marked synced"

    # The same receipt, applied by the admin, is good: only the role stood in the way.
    applied = run_cli("receipt", "apply", str(receipt), data_dir=device)
    assert applied.returncode == 0, applied.stderr
    assert _outbox(device) == [(1, True)]


def test_the_monitor_cannot_pin_the_hub(wired: dict[str, Path]) -> None:
    _add_monitor(wired["device"])
    done = _as_monitor(
        "device", "set-hub", "--recipient", "age1x", "--hub-key", "RWx", device=wired["device"]
    )
    assert done.returncode not in (0, 70)
    assert "Only an admin can pin the hub" in _one_line(done.stderr)
