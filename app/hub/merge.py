"""Merging a verified bundle into the hub's tables, idempotently, in bulk.

Statements go to the driver's ``executemany`` directly: a bundle can carry a
hundred thousand rows, and per-row statement building would dominate.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from app.store.audit import CHAIN_FIELDS

AUDIT_COLUMNS = ("device", *CHAIN_FIELDS, "prev_hash", "row_hash")

# The replay computed each record's new state; ownership was checked before, and the
# WHERE keeps a record with its device whatever happens.
UPSERT = (
    "INSERT INTO records (table_name, record_id, device, row_version, deleted, data_json) "
    "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
    "ON CONFLICT (table_name, record_id) DO UPDATE SET "
    "row_version = excluded.row_version, deleted = excluded.deleted, "
    "data_json = excluded.data_json "
    "WHERE records.device = excluded.device"
)
_MARKS = ", ".join(["{p}"] * len(AUDIT_COLUMNS))
_AUDIT_VALUES = itemgetter(*AUDIT_COLUMNS)
INSERT_AUDIT = f"INSERT INTO audit ({', '.join(AUDIT_COLUMNS)}) VALUES ({_MARKS})"


def merge(
    session: Session,
    device: str,
    records: Sequence[tuple[str, str, str, int, bool, str]],
    audit_rows: Sequence[MutableMapping[str, Any]],
) -> None:
    """Write the replayed records and append the audit rows the hub did not have (each
    row is given its ``device``: the rows are the import's own)."""
    conn = session.connection()
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    if records:
        conn.exec_driver_sql(UPSERT.format(p=mark), records)
    if not audit_rows:
        return
    # Each row's values are taken in one step, its device among them.
    for row in audit_rows:
        row["device"] = device
    values = map(_AUDIT_VALUES, audit_rows)
    if mark == "%s":
        # PostgreSQL's COPY is several times faster than INSERT for new rows.
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY audit ({', '.join(AUDIT_COLUMNS)}) FROM STDIN") as copy:
            for value in values:
                copy.write_row(value)
    else:
        conn.exec_driver_sql(INSERT_AUDIT.format(p=mark), list(values))
