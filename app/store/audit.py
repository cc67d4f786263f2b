"""The audit chain: appending rows and proving none was changed.

``row_hash = SHA-256(prev_hash ‖ canonical row)``, where the canonical row is the
compact JSON array of ``seq, at_utc, user_name, action, table_name, record_id,
field, old_value, new_value, reason``. The first row chains from a genesis hash
derived from the store id, so a chain cannot be grafted onto another store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from json import encoder as json_encoder
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

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

_STORED = (*CHAIN_FIELDS, "prev_hash", "row_hash")
INSERT_SQL = text(
    f"INSERT INTO audit_log ({', '.join(_STORED)}) VALUES ({', '.join(f':{c}' for c in _STORED)})"
)
# The same as driver SQL: ``append`` passes rows as tuples in this order, so no
# statement is compiled and no parameter dictionary is built per save.
_INSERT_ROWS = f"INSERT INTO audit_log ({', '.join(_STORED)}) VALUES ({', '.join('?' * 12)})"
_HEAD_SQL = "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1"


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


# One encoder for every row, with its C encoder made once: JSONEncoder.encode makes a
# new one per call, which costs as much as encoding a row. The rows' values are flat
# (text, whole numbers, null), so no check for circular references is needed.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_C_ENCODER = getattr(json_encoder, "c_make_encoder", None)
_encode_flat = (
    _C_ENCODER(
        None, _CANONICAL.default, json_encoder.encode_basestring, None, ":", ",", False, False, True
    )
    if _C_ENCODER is not None
    else None
)


def _canonical(values: Sequence[Any]) -> str:
    if _encode_flat is None:  # pragma: no cover - a Python without the json module's C part
        return _CANONICAL.encode(values)
    return "".join(_encode_flat(values, 0))


chain_values = itemgetter(*CHAIN_FIELDS)
"""A row's ``CHAIN_FIELDS`` values in order, for a row known to hold all of them."""


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return chained_hash(prev_hash, [row.get(name) for name in CHAIN_FIELDS])


def chained_hash(prev_hash: str, values: Sequence[Any]) -> str:
    """The hash of a row whose ``CHAIN_FIELDS`` are ``values``, in that order."""
    canonical = _canonical(values).encode("utf-8")
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


def run_driver_sql(conn: Connection, sql: str, params: Any = (), *, many: bool = False) -> Any:
    """Run ``sql`` (qmark style) on the DB-API connection under ``conn``, in its transaction.

    For the few statements every save makes: no execution context, result object or
    event per statement. A driver error is raised as SQLAlchemy's, as ``conn.execute``
    would (the unit of work turns a full or failing disk into its sentence).
    """
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if many:
            cursor.executemany(sql, params)
            return None
        cursor.execute(sql, params)
        return cursor.fetchone()
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            sql, params, exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc
    finally:
        cursor.close()


def chain_head(conn: Connection, store_id: str) -> tuple[int, str]:
    row = run_driver_sql(conn, _HEAD_SQL)
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
        values = [
            seq,
            change.at_utc or now,
            change.user_name,
            change.action,
            change.table_name,
            change.record_id,
            change.field,
            change.old_value,
            change.new_value,
            change.reason,
        ]
        new_hash = chained_hash(prev, values)
        rows.append((*values, prev, new_hash))
        prev = new_hash
    run_driver_sql(conn, _INSERT_ROWS, rows, many=True)
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
        row = dict(zip(_STORED, raw, strict=True))
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
    cols = ", ".join(_STORED)
    result = conn.execute(text(f"SELECT {cols} FROM audit_log ORDER BY seq"))
    return check_rows(result, store_id)
