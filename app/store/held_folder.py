"""A store's folder, held by one process: made with its key slots, or opened, then closed.

A device's store and the hub are made the same way: the folder is created if need be and
locked, the key slots start with a fresh data key and recovery key, and if anything fails
before the slot file is saved, every file made is removed again, with the folder if it
was new. Either store holds the folder's lock until it is closed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from app.store.engine import translate_os_error
from app.store.keyslots import KeySlots
from app.store.lock import StoreLock
from app.store.slot_format import new_recovery_key


class HeldFolder:
    """A store that holds its folder's lock from opening until :meth:`close`."""

    _lock: StoreLock

    def _stop(self) -> None:
        """Drop the keys and close every connection."""
        raise NotImplementedError

    def close(self) -> None:
        self._stop()
        self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _nothing() -> None:
    pass


@dataclass
class NewStore:
    """What a store being made starts from."""

    lock: StoreLock
    slots: KeySlots
    dek: bytes = field(default_factory=lambda: os.urandom(32))
    recovery: str = field(default_factory=new_recovery_key)
    """The recovery key, shown once to whoever makes the store."""
    stop: Callable[[], None] = _nothing
    """Closes what the store being made has opened; run first if making it fails."""


@contextmanager
def making_store(
    data_dir: Path, lock_path: Path, slots_path: Path, made: Iterable[Path]
) -> Iterator[NewStore]:
    """Lock ``data_dir`` and start its key slots; if the block fails, remove ``made``.

    The folder itself goes too if this made it. An :class:`OSError` from the block
    becomes the sentence for the folder; anything else is raised as it was.
    """
    made_dir = not data_dir.exists()
    lock = StoreLock(lock_path)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError as exc:
        raise translate_os_error(exc, data_dir) from None
    new = NewStore(lock, KeySlots.create(slots_path))
    try:
        yield new
    except BaseException as exc:
        new.stop()
        lock.release()
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        if made_dir:
            with contextlib.suppress(OSError):
                data_dir.rmdir()
        if isinstance(exc, OSError):
            raise translate_os_error(exc, data_dir) from None
        raise
