"""The change feed a bundle carries: audit rows in a range, and the records they touched.

The audit trail is the device's change log. A bundle covering audit rows
``first..last`` carries those rows verbatim (so the hub can continue the hash
chain) and, for every synced record they touched, its current state: an upsert
with its row version, or a tombstone when the record is gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select, text

from app.models import Base
from app.store.audit import CHAIN_FIELDS, format_value

# Tables whose records travel to the hub, parents before children.
SYNC_TABLES: tuple[str, ...] = (
    "store_info",
    "users",
    "participants",
    "vital_signs",
    "signatures",
)
BOOKKEEPING = frozenset({"id", "row_version"})
AUDIT_COLUMNS = (*CHAIN_FIELDS, "prev_hash", "row_hash")
BATCH = 500


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Feed:
    """What goes into one bundle."""

    audit_first: int
    audit_last: int
    audit_head: str
    audit_jsonl: bytes
    changes_jsonl: bytes
    change_count: int


def audit_rows(conn: Connection, first: int, last: int) -> Iterator[dict[str, Any]]:
    cols = ", ".join(AUDIT_COLUMNS)
    result = conn.execute(
        text(f"SELECT {cols} FROM audit_log WHERE seq BETWEEN :a AND :b ORDER BY seq"),
        {"a": first, "b": last},
    )
    for row in result:
        yield dict(zip(AUDIT_COLUMNS, row, strict=True))


def _table(name: str) -> Table:
    table = Base.metadata.tables[name]
    return table


def record_states(
    conn: Connection, table_name: str, ids: Iterable[str]
) -> Iterator[dict[str, Any]]:
    """Upserts (current state, row version) and tombstones for ``ids`` of one table."""
    table = _table(table_name)
    wanted = sorted(set(ids))
    columns = [c for c in table.columns if c.name not in BOOKKEEPING]
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        found = {row.id: row for row in conn.execute(select(table).where(table.c.id.in_(chunk)))}
        for record_id in chunk:
            row = found.get(record_id)
            if row is None:
                yield {"table": table_name, "id": record_id, "op": "delete", "row_version": None}
            else:
                yield {
                    "table": table_name,
                    "id": record_id,
                    "op": "upsert",
                    "row_version": row.row_version,
                    "data": {c.name: format_value(getattr(row, c.name)) for c in columns},
                }


def build_feed(conn: Connection, first: int, last: int, head: str) -> Feed:
    audit_lines: list[bytes] = []
    touched: dict[str, set[str]] = {name: set() for name in SYNC_TABLES}
    for row in audit_rows(conn, first, last):
        audit_lines.append(_dumps(row))
        table_name = row["table_name"]
        if table_name in touched and row["record_id"]:
            touched[table_name].add(row["record_id"])
    change_lines = [
        _dumps(state)
        for table_name in SYNC_TABLES
        for state in record_states(conn, table_name, touched[table_name])
    ]
    return Feed(
        audit_first=first,
        audit_last=last,
        audit_head=head,
        audit_jsonl=b"\n".join(audit_lines) + b"\n" if audit_lines else b"",
        changes_jsonl=b"\n".join(change_lines) + b"\n" if change_lines else b"",
        change_count=len(change_lines),
    )


def parse_jsonl(data: bytes) -> list[dict[str, Any]]:
    """Strict JSON-lines: each line one object; raises ValueError otherwise."""
    out = []
    for line in data.splitlines():
        value = json.loads(line)
        if not isinstance(value, dict):
            raise ValueError("a JSON-lines member holds something other than objects")
        out.append(value)
    return out
