"""Where a store's files live inside its data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


def default_data_dir() -> Path:
    """``--data-dir``, else ``BEDSIDE_DATA_DIR``, else the platform's user data folder."""
    env = os.environ.get("BEDSIDE_DATA_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("Bedside", appauthor=False))


@dataclass(frozen=True)
class StorePaths:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / "bedside.db"

    @property
    def wal(self) -> Path:
        return self.root / "bedside.db-wal"

    @property
    def shm(self) -> Path:
        return self.root / "bedside.db-shm"

    @property
    def slots(self) -> Path:
        return self.root / "keyslots.json"

    @property
    def anchor(self) -> Path:
        """The authenticated last audit head, kept outside the database it vouches for."""
        return self.root / "anchor.json"

    @property
    def logins(self) -> Path:
        return self.root / "logins.json"

    @property
    def lock(self) -> Path:
        return self.root / "bedside.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def log(self) -> Path:
        return self.root / "bedside.log"

    def exists(self) -> bool:
        return self.db.exists() or self.slots.exists()
