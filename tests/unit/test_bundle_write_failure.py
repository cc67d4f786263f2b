"""SECURITY.md tests 2 and 3 for bundle writes: a failing disk leaves no partial bundle.

Every ``os.write``, ``os.fsync`` and ``os.replace`` that ``write_bundle`` makes is made to
fail in turn (ENOSPC, EIO); afterwards the folder must hold nothing that looks like a
bundle, and no temporary file either.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.sync import atomic
from tests.unit.test_bundle import open_paths, write

Operation = Callable[..., Any]


def _calls_made_by_a_clean_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> int:
    real: Operation = getattr(os, name)
    calls = 0

    def counting(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args)

    with monkeypatch.context() as patch:
        patch.setattr(os, name, counting)
        write(tmp_path / "probe")
    return calls


def _fail_on_call(
    monkeypatch: pytest.MonkeyPatch, name: str, failing_call: int, error: int
) -> None:
    real: Operation = getattr(os, name)
    calls = 0

    def failing(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == failing_call:
            raise OSError(error, os.strerror(error))
        return real(*args)

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("name", ["write", "fsync", "replace"])
def test_failure_of_any_disk_call_leaves_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, error: int
) -> None:
    (tmp_path / "probe").mkdir()
    total = _calls_made_by_a_clean_write(tmp_path, monkeypatch, name)
    assert total >= 2
    for failing_call in range(1, total + 1):
        folder = tmp_path / f"{name}-{failing_call}"
        folder.mkdir()
        with monkeypatch.context() as patch:
            _fail_on_call(patch, name, failing_call, error)
            with pytest.raises(OSError, match=os.strerror(error)) as caught:
                write(folder)
        assert caught.value.errno == error
        assert sorted(folder.iterdir()) == [], f"{name} call {failing_call} left files"


def test_short_writes_then_disk_full_leave_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls = 0

    def short_then_full(fd: int, data: Any) -> int:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data[:100]))

    monkeypatch.setattr(os, "write", short_then_full)
    with pytest.raises(OSError, match="No space"):
        write(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_short_writes_still_produce_a_whole_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    paths = write(tmp_path)
    monkeypatch.undo()
    assert open_paths(paths).name.seq == 1


def test_share_that_cannot_fsync_a_folder_still_gets_a_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def refuse_folders(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", refuse_folders)
    paths = write(tmp_path)
    monkeypatch.undo()
    assert open_paths(paths).name.seq == 1


def test_failed_write_removes_the_signature_it_placed_over_an_orphan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "S01-D0001-000001.bundle.age.minisig").write_text("orphan of a crash")
    _fail_on_call(monkeypatch, "replace", 2, errno.EIO)  # the .age rename
    with pytest.raises(OSError, match="Input/output"):
        write(tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- atomic.write_atomic ----------------------------------------------------------------


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "receipt.json"
    target.write_bytes(b"old")
    atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.json"]


@pytest.mark.parametrize("name", ["write", "fsync", "replace"])
def test_write_atomic_failure_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    target = tmp_path / "receipt.json"
    target.write_bytes(b"old")
    _fail_on_call(monkeypatch, name, 1, errno.EIO)
    with pytest.raises(OSError, match="Input/output"):
        atomic.write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.json"]


def test_temporary_names_never_look_like_bundles() -> None:
    name = atomic.temp_name("S01-D0001-000001.bundle.age")
    assert name.startswith(".")
    assert name.endswith(".tmp")
    assert name != atomic.temp_name("S01-D0001-000001.bundle.age")
