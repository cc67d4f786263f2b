"""``kill -9`` of ``bedside backup`` at random moments, on a store with a trial's data.

After each kill the store still verifies (integrity, cipher integrity, the audit chain,
every seal and signature), the next command is not locked out, and a backup that exists
under its own name is whole: it restores. The next backup removes what the killed ones
left. ``BEDSIDE_FAULT_ROUNDS`` sets the number of
kills (8 by default, as CI runs it; hundreds locally).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli


def _rounds() -> int:
    return int(os.environ.get("BEDSIDE_FAULT_ROUNDS", "8"))


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(BEDSIDE_DATA_DIR=str(data_dir), BEDSIDE_USER="admin",
               BEDSIDE_PASSWORD="admin-demo", QT_QPA_PLATFORM="offscreen")  # fmt: skip
    return env


@pytest.mark.slow
def test_kill_9_during_backups_leaves_the_store_whole_and_every_named_backup_restorable(
    tmp_path: Path,
) -> None:
    store = tmp_path / "ward"
    made = run_cli("demo", "--no-gui", data_dir=store, user=None, password=None)
    assert made.returncode == 0, made.stderr
    stick = tmp_path / "stick"
    stick.mkdir()
    rng = random.Random(4711)
    killed_mid_way = 0
    for round_no in range(_rounds()):
        out = stick / f"ward-{round_no}.bedside-backup"
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "backup", "--out", str(out)],
            env=_env(store), cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 2.0))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        killed_mid_way += child.returncode == -signal.SIGKILL and not out.exists()
        verified = run_cli("verify", data_dir=store, user="admin", password="admin-demo")
        assert verified.returncode == 0, f"round {round_no}: {verified.stderr or verified.stdout}"
        if out.exists():
            restored = run_cli("restore", str(out), "--data-dir", str(tmp_path / f"r{round_no}"),
                               data_dir=tmp_path / f"r{round_no}", user="admin",
                               password="admin-demo")  # fmt: skip
            assert restored.returncode == 0, f"round {round_no}: {restored.stderr}"
    assert killed_mid_way, "no kill landed during a backup: the delays are too long"
    asked = {f"ward-{n}.bedside-backup" for n in range(_rounds())}
    # A killed writer cannot tidy up: what it left is hidden and never looks like a backup.
    left = {p.name for p in stick.iterdir()} - asked
    assert all(name.startswith(".") and name.endswith(".tmp") for name in left), left
    # After the kills, a backup still works, says it checked its copy, and clears the
    # leftovers of the killed ones.
    last = run_cli("backup", "--out", str(stick / "after.bedside-backup"), data_dir=store,
                   user="admin", password="admin-demo")  # fmt: skip
    assert last.returncode == 0, last.stderr
    assert "the copy was checked" in last.stdout
    assert {p.name for p in stick.iterdir()} <= asked | {"after.bedside-backup"}
