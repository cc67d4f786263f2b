"""One schema, derived from the device's models, that every incoming audit row must fit.

The hub stores only what a device's audit trail proves, and only in shapes the
device itself could have written: known tables and fields, values of the
column's type and length, text that both SQLite and PostgreSQL can store. Each
misfit has its own reason code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Text

from app.hub.continuity import Rejected
from app.models import Audited, Base
from app.models.base import UTCDateTime

DATA_ACTIONS = frozenset({"insert", "update", "delete"})
MAX_TEXT = 1_000_000  # characters in one audited value (a long note, a reason)
MAX_SEQ = 2**62
INT64 = 2**63

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ACTION = re.compile(r"[a-z][a-z_]{0,31}")
_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")
_INTEGER = re.compile(r"-?\d{1,19}")
_NUMBER = re.compile(r"-?\d{1,30}(\.\d{1,30})?([eE][-+]?\d{1,3})?")
# NUL cannot be stored by PostgreSQL; other controls are refused at entry on the device.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Check = Callable[[str], bool]


def _instant(text: str) -> bool:
    return bool(_INSTANT.fullmatch(text))


def _date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _integer(text: str) -> bool:
    return bool(_INTEGER.fullmatch(text)) and -INT64 <= int(text) < INT64


def _number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text)) and math.isfinite(float(text))


def _boolean(text: str) -> bool:
    return text in ("true", "false")


def _check_for(column: Any) -> tuple[Check, int]:
    """How a value of ``column`` must look as audit text, and its longest length."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _instant, 27
    if isinstance(kind, Boolean):
        return _boolean, 5
    if isinstance(kind, Integer):
        return _integer, 20
    if isinstance(kind, Float):
        return _number, 64
    if isinstance(kind, Date):
        return _date, 10
    if isinstance(kind, Text):
        return (lambda _t: True), MAX_TEXT
    if isinstance(kind, String):
        return (lambda _t: True), int(kind.length or MAX_TEXT)
    raise TypeError(f"no audit check for {column.table.name}.{column.name} ({kind!r})")


@dataclass(frozen=True)
class Field:
    check: Check
    max_length: int


def _build() -> dict[str, dict[str, Field]]:
    tables: dict[str, dict[str, Field]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if not issubclass(cls, Audited):
            continue
        table = cls.__table__  # type: ignore[attr-defined]
        skip = {"id", *cls.__audit_exclude__}
        tables[table.name] = {
            c.name: Field(*_check_for(c)) for c in table.columns if c.name not in skip
        }
    return tables


TABLES: Mapping[str, Mapping[str, Field]] = _build()


def _text_problem(value: Any, max_length: int) -> str | None:
    if not isinstance(value, str):
        return "is not text"
    if len(value) > max_length:
        return f"is longer than {max_length} characters"
    if _CONTROL.search(value):
        return "holds a control character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode"
    return None


def check_row(row: Mapping[str, Any]) -> None:
    """Refuse an audit row that does not fit the schema; :class:`Rejected` says why."""
    seq = row.get("seq")
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise Rejected("bad_audit_row", "An audit row's sequence number is not a whole number.")

    def refuse(code: str, what: str) -> Rejected:
        return Rejected(code, f"Audit row {seq}: {what}.")

    for name in ("prev_hash", "row_hash"):
        if not isinstance(row.get(name), str) or not _HEX64.fullmatch(row[name]):
            raise refuse("bad_audit_row", f"{name} is not a SHA-256 hash")
    at = row.get("at_utc")
    if not isinstance(at, str) or not _instant(at):
        raise refuse("bad_audit_row", "its time is not a UTC instant")
    user = row.get("user_name")
    if _text_problem(user, 64) or not user:
        raise refuse("bad_audit_row", "its user name is not a name")
    action = row.get("action")
    if not isinstance(action, str) or not _ACTION.fullmatch(action):
        raise refuse("bad_audit_row", "its action is not an action name")
    for name, longest in (("table_name", 64), ("record_id", 64), ("field", 64)):
        value = row.get(name)
        if value is not None and (problem := _text_problem(value, longest)):
            raise refuse("bad_audit_row", f"its {name} {problem}")
    for name in ("old_value", "new_value", "reason"):
        value = row.get(name)
        if value is not None and (problem := _text_problem(value, MAX_TEXT)):
            raise refuse("bad_value", f"its {name.replace('_', ' ')} {problem}")
    table = row.get("table_name")
    if action not in DATA_ACTIONS:
        if table is not None or row.get("field") is not None:
            raise refuse("unknown_action", f"{action!r} is not a change to a record")
        return
    if not isinstance(table, str) or table not in TABLES:
        raise refuse("unknown_table", f"there is no table {str(table)[:64]!r}")
    fields = TABLES[table]
    field = row.get("field")
    if not isinstance(field, str) or field not in fields:
        raise refuse("unknown_field", f"{table} has no field {str(field)[:64]!r}")
    if not isinstance(row.get("record_id"), str) or not _UUID.fullmatch(row["record_id"]):
        raise refuse("bad_record_id", "its record id is not a record id")
    spec = fields[field]
    for name in ("old_value", "new_value"):
        value = row.get(name)
        if value is None:
            continue
        if len(value) > spec.max_length or not spec.check(value):
            raise refuse("bad_value", f"the {name.replace('_', ' ')} does not fit {table}.{field}")
    if action == "insert" and (row.get("old_value") is not None or row.get("new_value") is None):
        raise refuse("bad_audit_row", "an insert has an old value or no new value")
    if action == "delete" and (row.get("new_value") is not None or row.get("old_value") is None):
        raise refuse("bad_audit_row", "a delete has a new value or no old value")
