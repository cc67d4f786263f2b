"""Merging a verified bundle into the hub's tables, idempotently, in bulk."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, case, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.hub.models import HubAudit, HubRecord

CHUNK = 2000


def _upsert_records(session: Session, rows: list[dict[str, Any]]) -> None:
    table: Table = HubRecord.__table__  # type: ignore[assignment]
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        stmt = module.insert(table).values(rows[start : start + CHUNK])
        excluded = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.table_name, table.c.record_id],
            set_={
                "device": excluded.device,
                "row_version": excluded.row_version,
                "deleted": excluded.deleted,
                "data_json": case((excluded.deleted, table.c.data_json), else_=excluded.data_json),
            },
            # An older state never overwrites a newer one (a resent bundle is a no-op).
            where=(table.c.row_version.is_(None))
            | (excluded.row_version.is_(None))
            | (table.c.row_version <= excluded.row_version),
        )
        session.execute(stmt)


def merge(
    session: Session,
    device: str,
    changes: Sequence[Mapping[str, Any]],
    audit_rows: Sequence[Mapping[str, Any]],
) -> None:
    """Upsert records (tombstones keep their last data) and append new audit rows."""
    records = []
    for change in changes:
        deleted = change.get("op") == "delete"
        records.append(
            {
                "table_name": str(change["table"]),
                "record_id": str(change["id"]),
                "device": device,
                "row_version": change.get("row_version"),
                "deleted": deleted,
                "data_json": json.dumps(
                    {} if deleted else change.get("data", {}), sort_keys=True, ensure_ascii=False
                ),
            }
        )
    if records:
        _upsert_records(session, records)
    if audit_rows:
        table: Table = HubAudit.__table__  # type: ignore[assignment]
        columns = [c.name for c in table.columns if c.name != "device"]
        values = [{"device": device, **{c: row.get(c) for c in columns}} for row in audit_rows]
        for start in range(0, len(values), CHUNK):
            session.execute(insert(table), values[start : start + CHUNK])
