"""``bedside hub export-odm`` and ``export-csv`` as a data manager runs them.

Each bad input (an existing file, a folder that is not empty, an unwritable folder,
no hub) ends with one line on stderr, a non-zero exit, and nothing written.
"""

from __future__ import annotations

import contextlib
import csv
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli, snapshot_files
from tests.integration.hub_fixtures import HUB_PASSWORD, HUB_USER, device_store, filled_hub


@pytest.fixture(scope="module")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled hub, closed again so a command can open it (exports only read it)."""
    folder = tmp_path_factory.mktemp("cli")
    with device_store(folder / "device") as opened, filled_hub(opened, folder) as world:
        return world.hub_dir


def hub_cli(*args: str, hub: Path) -> CliResult:
    return run_cli("hub", *args, data_dir=hub, user=HUB_USER, password=HUB_PASSWORD)


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_export_odm_writes_the_file_and_says_what_is_in_it(hub_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "study.xml"
    done = hub_cli("export-odm", "--out", str(out), "--json", hub=hub_dir)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["subjects"] == 2 and summary["signatures"] == 2 and summary["forms"] == 7
    assert out.read_text("utf-8").startswith("<?xml")


def test_export_csv_writes_the_folder(hub_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    done = hub_cli("export-csv", "--out", str(out), hub=hub_dir)
    assert done.returncode == 0, done.stderr
    assert "participants.csv" in done.stdout
    with open(out / "participants.csv", encoding="utf-8", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 2


def test_an_existing_odm_file_is_refused_and_left_alone(hub_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "study.xml"
    out.write_text("keep me")
    done = hub_cli("export-odm", "--out", str(out), hub=hub_dir)
    assert done.returncode != 0
    assert "does not overwrite" in one_line(done.stderr)
    assert out.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_csv_folder_that_is_not_empty_is_refused_and_left_alone(
    hub_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    (out / "participants.csv").write_text("keep me")
    done = hub_cli("export-csv", "--out", str(out), hub=hub_dir)
    assert done.returncode != 0
    assert "does not overwrite" in one_line(done.stderr)
    assert snapshot_files(out) == {"participants.csv": b"keep me"}


def test_an_empty_csv_folder_is_filled(hub_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    done = hub_cli("export-csv", "--out", str(out), hub=hub_dir)
    assert done.returncode == 0, done.stderr
    assert (out / "audit.csv").exists()


def test_a_missing_folder_is_refused(hub_dir: Path, tmp_path: Path) -> None:
    for command, out in (
        ("export-odm", tmp_path / "nowhere" / "study.xml"),
        ("export-csv", tmp_path / "nowhere" / "csv"),
    ):
        done = hub_cli(command, "--out", str(out), hub=hub_dir)
        assert done.returncode != 0
        assert "does not exist" in one_line(done.stderr)
    assert not (tmp_path / "nowhere").exists()


def test_no_hub_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    for command, out in (("export-odm", tmp_path / "x.xml"), ("export-csv", tmp_path / "csv")):
        done = hub_cli(command, "--out", str(out), hub=tmp_path / "no-hub")
        assert done.returncode != 0
        assert "no Bedside hub" in one_line(done.stderr)
        assert not out.exists()
    assert not (tmp_path / "no-hub").exists() or not any((tmp_path / "no-hub").iterdir())


@contextlib.contextmanager
def read_only_folder(where: Path) -> Iterator[Path]:
    """A read-only file system (root in CI can mount one; chmod does not stop root)."""
    where.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(where)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a read-only tmpfs here ({exc}); CI runs as root and can")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_an_unwritable_folder_is_refused_in_one_line(hub_dir: Path, tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro") as folder:
        for command, out in (("export-odm", folder / "x.xml"), ("export-csv", folder / "csv")):
            done = hub_cli(command, "--out", str(out), hub=hub_dir)
            assert done.returncode != 0
            assert "cannot write to" in one_line(done.stderr)
        assert list(folder.iterdir()) == []
