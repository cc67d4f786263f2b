"""Atomic file writes: temporary name in the same folder, fsync, rename, fsync the folder.

Temporary files are hidden (leading dot) and end in ``.tmp``, so no glob for a real
file name (``*.bundle.age``, ``*.minisig``, ``*.json``) ever matches a half-written one.
I/O errors propagate (a failed fsync means the data may not be on disk) after the
temporary file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"
_FSYNC_UNSUPPORTED = frozenset(
    (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES, errno.EPERM)
)


def temp_name(final_name: str) -> str:
    """A fresh hidden temporary name for ``final_name`` in the same folder."""
    return f".{final_name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"


def write_temp(folder: Path, final_name: str, data: bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to a new temporary file in ``folder`` and fsync it; return its path.

    On any error the temporary file is removed and the error re-raised.
    """
    tmp = folder / temp_name(final_name)
    # O_EXCL: never write through a file or link someone else put there.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        remove_quietly(tmp)
        raise
    return tmp


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable, where the file system can.

    Skipped on Windows (folders cannot be opened) and where the file system or the
    share's permissions refuse it (EINVAL, ENOTSUP, EACCES: some network shares and
    write-only drop folders); a real I/O error (EIO, ENOSPC) propagates.
    """
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        if exc.errno in _FSYNC_UNSUPPORTED:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists; used while cleaning up after another error."""
    with contextlib.suppress(OSError):
        path.unlink()


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new one.

    If the final folder fsync fails the new file is in place but may not survive a
    power cut; the error is raised so the caller does not report success.
    """
    path = Path(path)
    tmp = write_temp(path.parent, path.name, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        remove_quietly(tmp)
        raise
    fsync_dir(path.parent)


fsync_directory = fsync_dir
