"""The disk answers ``EIO`` on write or on fsync in the middle of a command.

libfiu's ``fiu-run`` preloads its POSIX wrappers into ``bedside``; ``eio_worker`` turns the
failure on only while one step runs: saving a new person (the key-slot file and the
store), writing a worksheet PDF, writing a backup, exporting a bundle. Each time the
command says so in one line (no traceback, no bug reference), exits non-zero and leaves
nothing that looks finished; the same command then works on a healthy disk, and the store
verifies (file, cipher, audit chain, seals and signatures).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.integration.test_cli_bad_input import _one_line

pytestmark = pytest.mark.slow

ADMIN = {"user": "admin", "password": "admin-demo"}
NEW_PASSWORD = "new nurse pass 1"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("demo") / "ward"
    made = run_cli("demo", "--no-gui", data_dir=store, user=None, password=None)
    assert made.returncode == 0, made.stderr
    return store


def _failing(
    kind: str, target: str, argv: list[str], ward: Path
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(BEDSIDE_DATA_DIR=str(ward), BEDSIDE_USER="admin", BEDSIDE_PASSWORD="admin-demo",
               BEDSIDE_NEW_PASSWORD=NEW_PASSWORD, QT_QPA_PLATFORM="offscreen")  # fmt: skip
    fiu_run = shutil.which("fiu-run")
    assert fiu_run, "fiu-run is missing: tools/system-packages.sh installs fiu-utils"
    return subprocess.run(
        [fiu_run, "-x", "-f", "", sys.executable, "-m", "tests.faults.eio_worker", kind, target,
         "--", *argv],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip


def _people(ward: Path) -> list[str]:
    listed = run_cli("user", "list", "--json", data_dir=ward, **ADMIN)
    assert listed.returncode == 0, listed.stderr
    return sorted(person["name"] for person in json.loads(listed.stdout))


STEPS = {
    "a new person": ("app.services.users:add_user",
                     ["user", "add", "--role", "nurse", "--full-name", "Nia Nurse", "nia"]),
    "a worksheet PDF": ("app.cli.report_cmds:write_atomically",
                        ["worksheet", "--blank", "--out", "{out}/blank.pdf"]),
    "a backup": ("app.store.backup:make_backup", ["backup", "--out", "{out}/ward.bedside-backup"]),
    "a bundle": ("app.sync.device:export_bundle", ["export", "--to", "{out}"]),
}  # fmt: skip


@pytest.mark.parametrize("kind", ["write", "fsync"])
@pytest.mark.parametrize("step", sorted(STEPS))
def test_eio_is_one_sentence_leaves_nothing_finished_and_the_next_try_works(
    demo_template: Path, tmp_path: Path, step: str, kind: str
) -> None:
    ward = Path(shutil.copytree(demo_template, tmp_path / "ward", symlinks=True))
    out = tmp_path / "out"
    out.mkdir()
    target, template = STEPS[step]
    argv = [arg.replace("{out}", str(out)) for arg in template]
    people = _people(ward)

    done = _failing(kind, target, argv, ward)
    assert done.returncode != 0, done.stdout
    line = _one_line(done.stderr)
    assert line.startswith("bedside: The disk failed a write"), line
    assert "Traceback" not in done.stderr and "reference" not in line
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []
    assert _people(ward) == people

    again = run_cli(*argv, data_dir=ward, extra_env={"BEDSIDE_NEW_PASSWORD": NEW_PASSWORD},
                    **ADMIN)  # fmt: skip
    assert again.returncode == 0, again.stderr
    if step == "a new person":
        assert _people(ward) == sorted([*people, "nia"])
    else:
        assert [p.name for p in out.iterdir() if not p.name.startswith(".")]
    verified = run_cli("verify", data_dir=ward, **ADMIN)
    assert verified.returncode == 0, verified.stderr or verified.stdout
