"""The Alembic migrations build exactly the schema the ORM models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from app.models import Audited, Base
from app.store import migrate
from app.sync.changes import SYNC_TABLES


def test_upgrading_an_empty_database_to_head_matches_the_models(tmp_path: Path) -> None:
    # A plain SQLite file is enough to compare schemas; the store itself is SQLCipher.
    engine = create_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


def test_every_audited_table_but_device_bookkeeping_is_synced() -> None:
    audited = {
        mapper.class_.__tablename__
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Audited)
    }
    # Code-breaks are sealed to this device's investigators' slot keys: no use elsewhere.
    device_only = {"settings", "hub_pins", "code_breaks"}
    assert audited - device_only == set(SYNC_TABLES)
