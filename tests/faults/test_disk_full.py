"""A full disk under every printout: the worksheet, the blank worksheet, the casebook with
its audit trail and the SAE report, written through the command line to a tiny tmpfs that
has no room left.

Each is refused with one line that says the disk is full, leaves nothing in the folder
(no partial PDF, no temporary file), and works once there is room again; the store still
verifies. Bundles, backups and the store itself on a full disk are tested beside the
commands that write them (``test_sync_cli``, ``test_backup_restore``, ``test_cli_bad_input``).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_cli_bad_input import _one_line, _tmpfs

pytestmark = pytest.mark.slow

NURSE = {"user": "nurse", "password": "nurse-demo"}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("demo") / "ward"
    made = run_cli("demo", "--no-gui", data_dir=store, user=None, password=None)
    assert made.returncode == 0, made.stderr
    return store


@pytest.fixture
def ward(demo_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_template, tmp_path / "ward", symlinks=True))


@contextlib.contextmanager
def _full_disk(where: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs filled to the last byte by one file, ``filler``."""
    with _tmpfs(where, "256k") as mount:
        with contextlib.suppress(OSError), open(mount / "filler", "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        yield mount


def _an_event(ward: Path) -> str:
    listed = run_cli("ae", "list", "--json", data_dir=ward, **NURSE)
    assert listed.returncode == 0, listed.stderr
    events = json.loads(listed.stdout)
    return str((events["events"] if isinstance(events, dict) else events)[0]["id"])


PRINTOUTS = {
    "worksheet": ["worksheet", "DEMO-001"],
    "blank worksheet": ["worksheet", "--blank"],
    "casebook with audit": ["casebook", "--audit", "DEMO-006"],
    "casebook in Chinese": ["casebook", "--lang", "zh_CN", "DEMO-006"],
    "SAE report": ["ae", "report", "{ae}"],
}


@pytest.mark.parametrize("printout", sorted(PRINTOUTS))
def test_a_printout_to_a_full_disk_is_one_sentence_and_leaves_nothing(
    ward: Path, tmp_path: Path, printout: str
) -> None:
    args = [a.replace("{ae}", _an_event(ward)) if a == "{ae}" else a for a in PRINTOUTS[printout]]
    with _full_disk(tmp_path / "usb") as usb:
        out = usb / "printout.pdf"
        done = run_cli(*args, "--out", str(out), data_dir=ward, **NURSE)
        assert done.returncode != 0, done.stdout
        line = _one_line(done.stderr)
        assert "disk is full" in line, line
        assert "Traceback" not in done.stderr
        assert sorted(p.name for p in usb.iterdir()) == ["filler"]
        (usb / "filler").unlink()
        again = run_cli(*args, "--out", str(out), data_dir=ward, **NURSE)
        assert again.returncode == 0, again.stderr
        assert out.read_bytes().startswith(b"%PDF-")
        assert sorted(p.name for p in usb.iterdir()) == ["printout.pdf"]
    verified = run_cli("verify", data_dir=ward, user="admin", password="admin-demo")
    assert verified.returncode == 0, verified.stderr
