"""Schema migrations (Alembic), run at unlock after the encrypted file is copied aside."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from app.store.files import fsync_dir
from app.timeutil import utc_now

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def backup_copy(engine: Engine, db_path: Path, backups: Path, label: str) -> Path:
    """Copy the (still encrypted) database aside after folding the WAL into it."""
    raw = engine.raw_connection()  # outside any transaction, or SQLite refuses
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    backups.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = backups / f"bedside-{stamp}-{label}.db"
    shutil.copy2(db_path, target)
    fsync_dir(backups)
    return target


def migrate_if_needed(engine: Engine, db_path: Path, backups: Path) -> Path | None:
    """Bring an existing store to the current schema; returns the backup it made, if any."""
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    if current is not None:
        backup = backup_copy(engine, db_path, backups, f"before-{head_revision()}-from-{current}")
    upgrade(engine)
    return backup


def is_current(engine: Engine) -> bool:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row is not None and row[0] == head_revision()
