"""One schema, derived from the device's models, that every incoming audit row must fit.

The hub stores only what a device's audit trail proves, and only in shapes the
device itself could have written: known tables and fields, values of the
column's type and length, text that both SQLite and PostgreSQL can store. Each
misfit has its own reason code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
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
        if max(len(table.name), *(len(c.name) for c in table.columns)) > 64:
            raise TypeError(f"{table.name}: audited names are at most 64 characters")
        tables[table.name] = {
            c.name: Field(*_check_for(c)) for c in table.columns if c.name not in skip
        }
    return tables


TABLES: Mapping[str, Mapping[str, Field]] = _build()


def _text_problem(value: Any, max_length: int, clean: bool = False) -> str | None:
    """What is wrong with ``value`` as audit text; ``clean``: no value of its batch holds a
    control character or a lone surrogate (see :func:`check_rows`)."""
    if not isinstance(value, str):
        return "is not text"
    if len(value) > max_length:
        return f"is longer than {max_length} characters"
    if clean:
        return None
    if _CONTROL.search(value):
        return "holds a control character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode"
    return None


# What, in strict JSON text, could decode to a character _text_problem refuses. JSON has
# no unescaped control character in a string but DEL; the others and the halves of a
# surrogate pair (\ud800-\udfff) come only as escapes (\b, \f, \u0000-\u001f, \u007f).
# Ordinary text has none of them but the tab's \u0009, which only sends its batch the slow way.
_UNSAFE_ESCAPE = re.compile(r"\\(?:[bf]|u00[01]|u007[fF]|u[dD][89a-fA-F])")


def is_clean(source: str) -> bool:
    """Whether nothing in ``source``, strict JSON text, decodes to a control character or
    a lone surrogate (then no value of it needs scanning for them)."""
    return "\x7f" not in source and not _UNSAFE_ESCAPE.search(source)


def check_rows(rows: Sequence[Mapping[str, Any]], source: str | None = None) -> None:
    """:func:`check_row` on each row in turn: the first misfit is raised.

    ``source`` is the strict JSON text (RFC 8259) the rows were decoded from. When nothing
    in it could decode to a control character or a lone surrogate, no value is scanned for
    them one by one; the verdict is the same either way.
    """
    clean = source is not None and is_clean(source)
    if not clean:
        for row in rows:
            check_row(row)
        return
    for row in rows:
        check_clean_row(row)


def check_clean_row(row: Mapping[str, Any]) -> None:
    """:func:`check_row` for a row of a clean batch: the quick look first."""
    if not _plainly_fits(row):
        check_row(row, clean=True)


# The five fixed-form values of a change to a record, joined by "|" (which none of the
# forms holds, so a value holding one cannot shift the others into place).
_PLAIN = re.compile(r"\|".join(p.pattern for p in (_HEX64, _HEX64, _INSTANT, _ACTION, _UUID)))


_PARTS = itemgetter(
    "seq",
    "action",
    "table_name",
    "field",
    "prev_hash",
    "row_hash",
    "at_utc",
    "record_id",
    "user_name",
    "old_value",
    "new_value",
    "reason",
)


def _plainly_fits(row: Mapping[str, Any]) -> bool:
    """True for an ordinary change to a record that :func:`check_row` (``clean``) accepts;
    False when only the full check can say (then it says why, or accepts an unusual row).

    One pattern and a few comparisons instead of a dozen: every import checks each row.
    """
    try:
        seq, action, table, field, prev, rh, at, rid, user, old, new, reason = _PARTS(row)
        spec = TABLES[table][field]
    except (KeyError, TypeError):  # a part missing, or a table or field that is not text
        return False
    if (
        type(seq) is not int
        or not 1 <= seq <= MAX_SEQ
        or action not in DATA_ACTIONS
        or type(prev) is not str
        or type(rh) is not str
        or type(at) is not str
        or type(rid) is not str
        or type(table) is not str
        or type(field) is not str
        or not _PLAIN.fullmatch(f"{prev}|{rh}|{at}|{action}|{rid}")
        or type(user) is not str
        or not 0 < len(user) <= 64
        or (reason is not None and (type(reason) is not str or len(reason) > MAX_TEXT))
    ):
        return False
    for value in (old, new):
        if value is not None and (
            type(value) is not str or len(value) > spec.max_length or not spec.check(value)
        ):
            return False
    if action == "insert":
        return old is None and new is not None
    if action == "delete":
        return new is None and old is not None
    return True


def _refused(seq: int, code: str, what: str) -> Rejected:
    return Rejected(code, f"Audit row {seq}: {what}.")


def check_row(row: Mapping[str, Any], *, clean: bool = False) -> None:
    """Refuse an audit row that does not fit the schema; :class:`Rejected` says why.

    ``clean``: the row's text is known to hold no control character and no lone surrogate.
    """
    get = row.get
    seq = get("seq")
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise Rejected("bad_audit_row", "An audit row's sequence number is not a whole number.")
    for name in ("prev_hash", "row_hash"):
        value = get(name)
        if not isinstance(value, str) or not _HEX64.fullmatch(value):
            raise _refused(seq, "bad_audit_row", f"{name} is not a SHA-256 hash")
    at = get("at_utc")
    if not isinstance(at, str) or not _INSTANT.fullmatch(at):
        raise _refused(seq, "bad_audit_row", "its time is not a UTC instant")
    user = get("user_name")
    if _text_problem(user, 64, clean) or not user:
        raise _refused(seq, "bad_audit_row", "its user name is not a name")
    action = get("action")
    if not isinstance(action, str) or not _ACTION.fullmatch(action):
        raise _refused(seq, "bad_audit_row", "its action is not an action name")
    for name, longest in (("table_name", 64), ("record_id", 64), ("field", 64)):
        value = get(name)
        if value is not None and (problem := _text_problem(value, longest, clean)):
            raise _refused(seq, "bad_audit_row", f"its {name} {problem}")
    for name in ("old_value", "new_value", "reason"):
        value = get(name)
        if value is not None and (problem := _text_problem(value, MAX_TEXT, clean)):
            raise _refused(seq, "bad_value", f"its {name.replace('_', ' ')} {problem}")
    table = row.get("table_name")
    if action not in DATA_ACTIONS:
        if table is not None or row.get("field") is not None:
            raise _refused(seq, "unknown_action", f"{action!r} is not a change to a record")
        return
    if not isinstance(table, str) or table not in TABLES:
        raise _refused(seq, "unknown_table", f"there is no table {str(table)[:64]!r}")
    fields = TABLES[table]
    field = row.get("field")
    if not isinstance(field, str) or field not in fields:
        raise _refused(seq, "unknown_field", f"{table} has no field {str(field)[:64]!r}")
    if not isinstance(row.get("record_id"), str) or not _UUID.fullmatch(row["record_id"]):
        raise _refused(seq, "bad_record_id", "its record id is not a record id")
    spec = fields[field]
    for name in ("old_value", "new_value"):
        value = row.get(name)
        if value is None:
            continue
        if len(value) > spec.max_length or not spec.check(value):
            raise _refused(
                seq, "bad_value", f"the {name.replace('_', ' ')} does not fit {table}.{field}"
            )
    if action == "insert" and (row.get("old_value") is not None or row.get("new_value") is None):
        raise _refused(seq, "bad_audit_row", "an insert has an old value or no new value")
    if action == "delete" and (row.get("new_value") is not None or row.get("old_value") is None):
        raise _refused(seq, "bad_audit_row", "a delete has a new value or no old value")
