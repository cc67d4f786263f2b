"""Bad input on the command line: one clear line on stderr, non-zero, nothing changed."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, select

from app.errors import DiskFull
from app.models import Participant
from tests.conftest import OpenStore, run_cli, snapshot_files


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("bedside: ")
    return lines[0]


@pytest.fixture
def closed_store(opened: OpenStore) -> Path:
    opened.store.close()
    return opened.data_dir


def _data_files(folder: Path) -> dict[str, bytes]:
    files = snapshot_files(folder)
    files.pop("logins.json", None)  # back-off bookkeeping is meant to change
    files.pop("bedside.log", None)
    return files


def test_wrong_password(closed_store: Path) -> None:
    before = _data_files(closed_store)
    done = run_cli("user", "list", data_dir=closed_store, password="not it at all")
    assert done.returncode != 0
    assert "password is not right" in _one_line(done.stderr)
    assert _data_files(closed_store) == before


def test_unknown_role(closed_store: Path) -> None:
    before = _data_files(closed_store)
    done = run_cli(
        "user",
        "add",
        "li.na",
        "--role",
        "surgeon",
        data_dir=closed_store,
        extra_env={"BEDSIDE_NEW_PASSWORD": "password-123"},
    )
    assert done.returncode != 0
    assert "Unknown role 'surgeon'" in _one_line(done.stderr)
    assert _data_files(closed_store) == before


def test_missing_new_password(closed_store: Path) -> None:
    before = _data_files(closed_store)
    done = run_cli("user", "add", "li.na", "--role", "nurse", data_dir=closed_store)
    assert done.returncode != 0
    assert "BEDSIDE_NEW_PASSWORD" in _one_line(done.stderr)
    assert _data_files(closed_store) == before


def test_no_store(tmp_path: Path) -> None:
    folder = tmp_path / "no-store-here"
    done = run_cli("user", "list", data_dir=folder)
    assert done.returncode != 0
    assert "no Bedside store" in _one_line(done.stderr)
    assert not folder.exists()


def test_corrupt_database_is_refused_and_never_repaired(closed_store: Path) -> None:
    db = closed_store / "bedside.db"
    data = bytearray(db.read_bytes())
    for offset in (100, 4096 + 200, len(data) - 50):
        data[offset] ^= 0xFF
    db.write_bytes(bytes(data))
    before = _data_files(closed_store)
    done = run_cli("verify", data_dir=closed_store)
    assert done.returncode != 0
    assert "damaged" in _one_line(done.stderr)
    assert _data_files(closed_store) == before


def test_corrupt_key_slot_file(closed_store: Path) -> None:
    (closed_store / "keyslots.json").write_text("{not json")
    done = run_cli("user", "list", data_dir=closed_store)
    assert done.returncode != 0
    assert "keyslots.json is damaged" in _one_line(done.stderr)


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc}); CI runs as root and can")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _init(folder: Path) -> None:
    done = run_cli(
        "init", "--site", "S", "--device", "D", "--admin", "admin", data_dir=folder, user=None
    )
    assert done.returncode == 0, done.stderr


def test_read_only_folder(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "16m") as mount:
        folder = mount / "store"
        _init(folder)
        before = snapshot_files(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        done = run_cli(
            "user",
            "add",
            "li.na",
            "--role",
            "nurse",
            data_dir=folder,
            extra_env={"BEDSIDE_NEW_PASSWORD": "password-123"},
        )
        assert done.returncode != 0
        assert "cannot write to" in _one_line(done.stderr)
        assert snapshot_files(folder) == before
        init = run_cli(
            "init",
            "--site",
            "S",
            "--device",
            "D",
            "--admin",
            "admin",
            data_dir=mount / "other",
            user=None,
        )
        assert init.returncode != 0
        assert "cannot write to" in _one_line(init.stderr)


def test_full_disk(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "full", "8m") as mount:
        folder = mount / "store"
        _init(folder)
        before = _data_files(folder)
        filler = mount / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
                os.fsync(handle.fileno())
        done = run_cli(
            "user",
            "add",
            "li.na",
            "--role",
            "nurse",
            data_dir=folder,
            extra_env={"BEDSIDE_NEW_PASSWORD": "password-123"},
        )
        assert done.returncode != 0
        assert "disk is full" in _one_line(done.stderr)
        filler.unlink()
        listing = run_cli("user", "list", "--json", data_dir=folder)
        assert listing.returncode == 0, listing.stderr
        assert "li.na" not in listing.stdout
        after = _data_files(folder)
        assert after["keyslots.json"] == before["keyslots.json"]


def test_store_size_cap_rolls_back_and_keeps_nothing_half_saved(opened: OpenStore) -> None:
    store = opened.store
    engine = store.engine
    assert engine is not None
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_conn: object, _record: object) -> None:
        count = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        dbapi_conn.execute(f"PRAGMA max_page_count = {count + 2}")  # type: ignore[attr-defined]

    from datetime import UTC, datetime

    with (
        pytest.raises(DiskFull, match="nothing was saved"),
        store.transaction(opened.admin) as session,
    ):
        for i in range(200):
            session.add(
                Participant(
                    screening_number=f"F-{i}",
                    initials="FL",
                    sex="F",
                    screen_fail_reason="y" * 2000,
                    created_at=datetime.now(UTC),
                )
            )
    event.remove(engine, "connect", _cap)
    engine.dispose()
    with store.read() as session:
        assert session.scalars(select(Participant)).all() == []


def test_a_device_code_with_a_hyphen_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "new-store"
    done = run_cli(
        "init",
        "--site",
        "WH01",
        "--device",
        "LAP-1",
        "--admin",
        "admin",
        data_dir=folder,
        user=None,
    )
    assert done.returncode != 0
    assert "device code 'LAP-1' is not allowed" in _one_line(done.stderr)
    assert not folder.exists()
