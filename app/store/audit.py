"""The audit chain: appending rows and proving none was changed.

``row_hash = SHA-256(prev_hash ‖ canonical row)``, where the canonical row is the
compact JSON array of ``seq, at_utc, user_name, action, table_name, record_id,
field, old_value, new_value, reason``. The first row chains from a genesis hash
derived from the store id, so a chain cannot be grafted onto another store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from app.timeutil import iso_utc, utc_now

CHAIN_FIELDS = (
    "seq",
    "at_utc",
    "user_name",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
)

INSERT_SQL = text(
    "INSERT INTO audit_log (seq, at_utc, user_name, action, table_name, record_id, field, "
    "old_value, new_value, reason, prev_hash, row_hash) VALUES (:seq, :at_utc, :user_name, "
    ":action, :table_name, :record_id, :field, :old_value, :new_value, :reason, :prev_hash, "
    ":row_hash)"
)


def genesis_hash(store_id: str) -> str:
    return hashlib.sha256(f"bedside-audit-genesis|{store_id}".encode()).hexdigest()


def format_value(value: Any) -> str | None:
    """How a value is written in the audit trail and in signed content."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (int, Decimal, str)):
        return str(value)
    return str(value)


# One encoder for every row: json.dumps would build a new one per call.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, row: dict[str, Any]) -> str:
    canonical = _CANONICAL.encode([row.get(name) for name in CHAIN_FIELDS]).encode("utf-8")
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical).hexdigest()


@dataclass(frozen=True)
class Change:
    """One audit row before it is chained."""

    user_name: str
    action: str
    table_name: str | None = None
    record_id: str | None = None
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    at_utc: str | None = None


def chain_head(conn: Connection, store_id: str) -> tuple[int, str]:
    row = conn.execute(
        text("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    ).first()
    if row is None:
        return 0, genesis_hash(store_id)
    return int(row[0]), str(row[1])


def append(conn: Connection, store_id: str, changes: Sequence[Change]) -> tuple[int, str] | None:
    """Chain and insert ``changes`` in the caller's transaction; the new head, if any."""
    if not changes:
        return None
    seq, prev = chain_head(conn, store_id)
    now = iso_utc(utc_now())
    rows = []
    for change in changes:
        seq += 1
        row = {
            "seq": seq,
            "at_utc": change.at_utc or now,
            "user_name": change.user_name,
            "action": change.action,
            "table_name": change.table_name,
            "record_id": change.record_id,
            "field": change.field,
            "old_value": change.old_value,
            "new_value": change.new_value,
            "reason": change.reason,
        }
        row["prev_hash"] = prev
        row["row_hash"] = prev = row_hash(prev, row)
        rows.append(row)
    conn.execute(INSERT_SQL, rows)
    return seq, prev


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def sentence(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.rows} rows, head {self.head_hash[:16]}…"
        return f"audit chain broken at row {self.first_bad_seq}: {self.problem}"


def check_rows(rows: Iterable[Sequence[Any]], store_id: str) -> ChainReport:
    """Walk rows ordered by ``seq`` (columns as in ``CHAIN_FIELDS`` + prev_hash, row_hash)."""
    prev = genesis_hash(store_id)
    expected_seq = 1
    count = 0
    for raw in rows:
        row = dict(zip((*CHAIN_FIELDS, "prev_hash", "row_hash"), raw, strict=True))
        seq = row["seq"]
        if seq != expected_seq:
            problem = (
                "it is missing"
                if isinstance(seq, int) and seq > expected_seq
                else ("its sequence number is out of order")
            )
            return ChainReport(False, count, expected_seq - 1, prev, expected_seq, problem)
        if row["prev_hash"] != prev:
            return ChainReport(
                False, count, seq - 1, prev, seq, "its link to the previous row does not match"
            )
        if row_hash(prev, row) != row["row_hash"]:
            return ChainReport(
                False, count, seq - 1, prev, seq, "its content was changed after it was written"
            )
        prev = row["row_hash"]
        expected_seq += 1
        count += 1
    return ChainReport(True, count, expected_seq - 1, prev)


def verify_chain(conn: Connection, store_id: str) -> ChainReport:
    cols = ", ".join((*CHAIN_FIELDS, "prev_hash", "row_hash"))
    result = conn.execute(text(f"SELECT {cols} FROM audit_log ORDER BY seq"))
    return check_rows(result, store_id)
