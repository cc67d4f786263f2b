"""Merging a verified bundle into the hub's tables, idempotently, in bulk.

Statements go to the driver's ``executemany`` directly: a bundle can carry a
hundred thousand rows, and per-row statement building would dominate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from app.store.audit import CHAIN_FIELDS

AUDIT_COLUMNS = ("device", *CHAIN_FIELDS, "prev_hash", "row_hash")
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)

# An older state never overwrites a newer one, so a resent bundle changes nothing;
# a tombstone keeps the record's last data for the trail.
UPSERT = (
    "INSERT INTO records (table_name, record_id, device, row_version, deleted, data_json) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
    "ON CONFLICT (table_name, record_id) DO UPDATE SET "
    "device = excluded.device, row_version = excluded.row_version, deleted = excluded.deleted, "
    "data_json = CASE WHEN excluded.deleted THEN records.data_json ELSE excluded.data_json END "
    "WHERE records.row_version IS NULL OR excluded.row_version IS NULL "
    "OR records.row_version <= excluded.row_version"
)
_MARKS = ", ".join(["{p}"] * len(AUDIT_COLUMNS))
INSERT_AUDIT = f"INSERT INTO audit ({', '.join(AUDIT_COLUMNS)}) VALUES ({_MARKS})"


def merge(
    session: Session,
    device: str,
    changes: Sequence[Mapping[str, Any]],
    audit_rows: Sequence[Mapping[str, Any]],
) -> None:
    """Upsert records and append the audit rows the hub did not have."""
    conn = session.connection()
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    records = [
        (
            str(change["table"]),
            str(change["id"]),
            device,
            change.get("row_version"),
            change.get("op") == "delete",
            "{}" if change.get("op") == "delete" else _ENCODER.encode(change.get("data", {})),
        )
        for change in changes
    ]
    if records:
        conn.exec_driver_sql(UPSERT.format(p=mark), records)
    if audit_rows:
        pick = itemgetter(*AUDIT_COLUMNS[1:])
        values = [(device, *pick(row)) for row in audit_rows]
        if mark == "%s":
            # PostgreSQL's COPY is several times faster than INSERT for new rows.
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f"COPY audit ({', '.join(AUDIT_COLUMNS)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            conn.exec_driver_sql(INSERT_AUDIT.format(p=mark), values)
