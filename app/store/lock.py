"""One copy of Bedside per store: an exclusive, non-blocking lock on a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

from app.errors import StoreInUse
from app.sentences import QT_TRANSLATE_NOOP


class StoreLock:
    """Held for as long as a process has the store open; the OS frees it on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        handle = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise StoreInUse(
                QT_TRANSLATE_NOOP(
                    "Store", "The store is in use by another copy of Bedside: close it first."
                ).said()
            ) from None
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None
