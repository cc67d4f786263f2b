"""Temporary names that say who made them, so a writer killed mid-way can be cleaned up.

A backup is written under a hidden temporary name next to its final one (a rename is
only atomic within one file system). ``kill -9`` or a power cut leaves that temporary
file, and its work folder, behind: nothing can remove them at the moment of the kill.
The name carries the writer's host and process id, so the next backup to the same
folder can tell a leftover from a backup that is still being written by another
process, and removes only leftovers:

- made on this host by a process that no longer runs, or
- older than :data:`STALE_AFTER_S` (a stick carried from another laptop).

Leftovers never look like a backup: they are hidden and end in ``.tmp``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from pathlib import Path

from app.store.files import TEMP_SUFFIX

STALE_AFTER_S = 24 * 3600

_OWNED = re.compile(r"^\.(?P<final>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{12}\.tmp$")


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def owned_temp_name(final_name: str) -> str:
    """A fresh hidden temporary name for ``final_name`` that names this host and process."""
    return f".{final_name}.{_host_tag()}-{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"


def _process_runs(pid: int) -> bool:
    if os.name == "nt":
        return True  # no safe liveness probe: os.kill would end the process; age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def is_leftover(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is an owned temporary name whose writer is gone."""
    match = _OWNED.match(path.name)
    if match is None:
        return False
    try:
        age = (time.time() if now is None else now) - path.lstat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_S:
        return True
    if match["host"] != _host_tag():
        return False
    return int(match["pid"]) != os.getpid() and not _process_runs(int(match["pid"]))


def sweep_leftovers(folder: Path) -> list[str]:
    """Remove what killed writers left in ``folder`` under owned names; their names.

    Best effort: a folder that cannot be listed, or an entry that cannot be removed, is
    left as it is (the write that follows reports a real fault itself).
    """
    removed: list[str] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not is_leftover(entry):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry.name)
    return removed
