"""The change feed a bundle carries: audit rows in a range, and the records they touched.

The audit trail is the device's change log. A bundle covering audit rows
``first..last`` carries those rows verbatim (so the hub can continue the hash
chain) and, for every synced record they touched, its current state: an upsert
with its row version, or a tombstone when the record is gone.

Rows are read through the driver directly and written with one shared JSON
encoder: a bundle may carry hundreds of thousands of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Connection, Float, Table

from app.models import Base
from app.store.audit import CHAIN_FIELDS

# Tables whose records travel to the hub, parents before children.
SYNC_TABLES: tuple[str, ...] = (
    "store_info",
    "users",
    "participants",
    "vital_signs",
    "oxygenation",
    "eligibility_assessments",
    "lab_results",
    "chest_imaging",
    "symptoms",
    "nucleic_acid_tests",
    "who_scale_scores",
    "dispositions",
    "signatures",
)
BOOKKEEPING = frozenset({"id", "row_version"})
AUDIT_COLUMNS = (*CHAIN_FIELDS, "prev_hash", "row_hash")
BATCH = 500
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_PRESORTED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Feed:
    """What goes into one bundle."""

    audit_first: int
    audit_last: int
    audit_head: str
    audit_jsonl: bytes
    changes_jsonl: bytes
    change_count: int


def _cursor(conn: Connection) -> Any:
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def audit_rows(conn: Connection, first: int, last: int) -> Iterator[dict[str, Any]]:
    cursor = _cursor(conn)
    cursor.execute(
        f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (first, last),
    )
    # Keys in sorted order, so the encoder need not sort each row.
    order = sorted(range(len(AUDIT_COLUMNS)), key=lambda i: AUDIT_COLUMNS[i])
    keys = [AUDIT_COLUMNS[i] for i in order]
    while rows := cursor.fetchmany(5000):
        for row in rows:
            yield dict(zip(keys, [row[i] for i in order], strict=True))


def _formatter(column: Any) -> Callable[[Any], str | None]:
    """Stored value → the text the audit trail uses (see ``app.store.audit.format_value``)."""
    if isinstance(column.type, Boolean):
        return lambda v: None if v is None else ("true" if v else "false")
    if isinstance(column.type, Float):
        return lambda v: None if v is None else repr(float(v))
    return lambda v: None if v is None else str(v)


def record_states(conn: Connection, table_name: str, ids: set[str]) -> Iterator[dict[str, Any]]:
    """Upserts (current state, row version) and tombstones for ``ids`` of one table."""
    table: Table = Base.metadata.tables[table_name]
    columns = [c for c in table.columns if c.name not in BOOKKEEPING]
    formats = [_formatter(c) for c in columns]
    names = [c.name for c in columns]
    select_list = ", ".join(["id", "row_version", *names])
    wanted = sorted(ids)
    cursor = _cursor(conn)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        marks = ", ".join("?" * len(chunk))
        cursor.execute(f"SELECT {select_list} FROM {table_name} WHERE id IN ({marks})", chunk)
        found = {row[0]: row for row in cursor.fetchall()}
        for record_id in chunk:
            row = found.get(record_id)
            if row is None:
                yield {"table": table_name, "id": record_id, "op": "delete", "row_version": None}
            else:
                values = row[2:]
                yield {
                    "table": table_name,
                    "id": record_id,
                    "op": "upsert",
                    "row_version": row[1],
                    "data": {n: f(v) for n, f, v in zip(names, formats, values, strict=True)},
                }


def build_feed(conn: Connection, first: int, last: int, head: str) -> Feed:
    encode = _ENCODER.encode
    encode_sorted = _PRESORTED.encode
    audit_lines: list[str] = []
    touched: dict[str, set[str]] = {name: set() for name in SYNC_TABLES}
    for row in audit_rows(conn, first, last):
        audit_lines.append(encode_sorted(row))
        bucket = touched.get(row["table_name"])
        if bucket is not None and row["record_id"]:
            bucket.add(row["record_id"])
    change_lines = [
        encode(state)
        for table_name in SYNC_TABLES
        for state in record_states(conn, table_name, touched[table_name])
    ]
    return Feed(
        audit_first=first,
        audit_last=last,
        audit_head=head,
        audit_jsonl="".join(line + "\n" for line in audit_lines).encode("utf-8"),
        changes_jsonl="".join(line + "\n" for line in change_lines).encode("utf-8"),
        change_count=len(change_lines),
    )


_DECODER = json.JSONDecoder()


def parse_jsonl(data: bytes) -> list[dict[str, Any]]:
    """Strict JSON lines: each line exactly one object; raises ValueError otherwise."""
    text = data.decode("utf-8")
    decode = _DECODER.raw_decode
    out: list[dict[str, Any]] = []
    index, end = 0, len(text)
    while index < end:
        start = index
        value, index = decode(text, index)
        if (
            not isinstance(value, dict)
            or text[index : index + 1] != "\n"
            or text.find("\n", start, index) != -1
        ):
            raise ValueError("a JSON-lines member holds something other than one object per line")
        out.append(value)
        index += 1
    return out
