"""What the hub's exporters read: subjects, people, places, signatures and record streams.

Records and audit rows stream from the database in batches, in the order the files
need them, so an export's memory does not grow with the audit trail. What is held
whole is bounded by people, not by data: participants, users, devices, signatures.
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from app.hub.export_mapping import (
    SIGNATURE_TABLE,
    SUBJECT_KEY_COLUMNS,
    SUBJECT_TABLE,
    USER_TABLE,
)
from app.hub.export_model import ExportTable
from app.hub.export_safety import SUBJECT_VIA
from app.hub.models import Device, HubAudit, HubRecord

BATCH = 1000
RECORDS: Table = HubRecord.__table__  # type: ignore[assignment]
AUDIT: Table = HubAudit.__table__  # type: ignore[assignment]


def json_text(session: Session, column: Any, key: str) -> ColumnElement[Any]:
    """SQL for ``data_json[key]`` as text, on SQLite/SQLCipher and PostgreSQL alike."""
    if session.get_bind().dialect.name == "postgresql":
        return typing.cast(ColumnElement[Any], cast(column, JSONB)[key].astext)
    return func.json_extract(column, f"$.{key}")


def _data(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str | None:
    """A record's value as the device wrote it (text), or None."""
    return None if value is None else str(value)


@dataclass(frozen=True)
class Subject:
    record_id: str
    key: str
    device: str


def subjects(session: Session) -> dict[str, Subject]:
    """Participant record id → subject (key = study ID, else screening number).

    Two devices may both hand out a screening number such as ``S-001``; a key that
    names more than one participant gets ``@device`` appended so subjects never merge.
    """
    rows = session.execute(
        select(RECORDS.c.record_id, RECORDS.c.device, RECORDS.c.data_json).where(
            RECORDS.c.table_name == SUBJECT_TABLE, RECORDS.c.deleted.is_(False)
        )
    ).all()
    found: list[tuple[str, str, str]] = []
    for record_id, device, text in rows:
        data = _data(text)
        key = next((str(data[k]) for k in SUBJECT_KEY_COLUMNS if data.get(k)), record_id)
        found.append((record_id, device, key))
    counts: dict[str, int] = {}
    for _, _, key in found:
        counts[key] = counts.get(key, 0) + 1
    return {
        record_id: Subject(record_id, key if counts[key] == 1 else f"{key}@{device}", device)
        for record_id, device, key in found
    }


@dataclass(frozen=True)
class Place:
    device: str
    site: str
    registered_on: date


def places(session: Session) -> list[Place]:
    """Every enrolled device with its site."""
    devices = session.scalars(select(Device).order_by(Device.device)).all()
    return [Place(d.device, d.site or d.device, d.registered_at.date()) for d in devices]


@dataclass(frozen=True)
class Person:
    device: str
    name: str
    full_name: str | None = None
    role: str | None = None


def people(session: Session) -> tuple[list[Person], dict[tuple[str, str], str]]:
    """Everyone a device names (user records and audit rows), and (device, user id) → name."""
    by_key: dict[tuple[str, str], Person] = {}
    names_by_id: dict[tuple[str, str], str] = {}
    for record_id, device, text in session.execute(
        select(RECORDS.c.record_id, RECORDS.c.device, RECORDS.c.data_json).where(
            RECORDS.c.table_name == USER_TABLE
        )
    ):
        data = _data(text)
        name = as_text(data.get("name")) or record_id
        names_by_id[(device, record_id)] = name
        by_key[(device, name)] = Person(
            device, name, as_text(data.get("full_name")), as_text(data.get("role"))
        )
    for device, name in session.execute(select(AUDIT.c.device, AUDIT.c.user_name).distinct()):
        by_key.setdefault((device, name), Person(device, name))
    return sorted(by_key.values(), key=lambda p: (p.device, p.name)), names_by_id


def signed_content_hash(table_name: str, data: dict[str, Any]) -> str:
    """The device's content hash (``app.store.uow.content_hash``) recomputed from a record.

    A hub record holds exactly the fields a device signs (every column but ``id`` and
    ``row_version``, formatted as text), so a signature can be checked at the hub.
    """
    payload = {"table": table_name, "fields": data}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignatureInfo:
    signature_id: str
    device: str
    signer: str
    meaning: str
    signed_at: str


def valid_signatures(
    session: Session, tables: Iterable[str], names_by_id: dict[tuple[str, str], str]
) -> dict[tuple[str, str], list[SignatureInfo]]:
    """(table, record id) → its valid signatures, newest first.

    Valid: not voided, not deleted, on a record of ``tables`` that still exists at the
    hub with the very content that was signed.
    """
    wanted = set(tables)
    pending: dict[tuple[str, str], list[tuple[SignatureInfo, str]]] = {}
    for signature_id, device, text in session.execute(
        select(RECORDS.c.record_id, RECORDS.c.device, RECORDS.c.data_json)
        .where(RECORDS.c.table_name == SIGNATURE_TABLE, RECORDS.c.deleted.is_(False))
        .execution_options(yield_per=BATCH)
    ):
        data = _data(text)
        signed_table, signed_id = as_text(data.get("table_name")), as_text(data.get("record_id"))
        if data.get("voided_at") or signed_table not in wanted or not signed_id:
            continue
        signer_id = as_text(data.get("signer_id")) or ""
        info = SignatureInfo(
            signature_id,
            device,
            names_by_id.get((device, signer_id), signer_id),
            as_text(data.get("meaning")) or "",
            as_text(data.get("signed_at")) or "",
        )
        key = (signed_table, signed_id)
        pending.setdefault(key, []).append((info, as_text(data.get("content_hash")) or ""))
    valid: dict[tuple[str, str], list[SignatureInfo]] = {}
    keys = sorted(pending)
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        for table_name, record_id, text in session.execute(
            select(RECORDS.c.table_name, RECORDS.c.record_id, RECORDS.c.data_json).where(
                RECORDS.c.record_id.in_([k[1] for k in chunk]), RECORDS.c.deleted.is_(False)
            )
        ):
            key = (table_name, record_id)
            if key not in pending:
                continue
            actual = signed_content_hash(table_name, _data(text))
            good = [info for info, signed in pending[key] if signed == actual]
            if good:
                valid[key] = sorted(good, key=lambda s: s.signed_at, reverse=True)
    return valid


@dataclass(frozen=True, slots=True)
class RecordRow:
    record_id: str
    device: str
    row_version: int | None
    deleted: bool
    data: dict[str, Any]


def iter_records(session: Session, table_name: str) -> Iterator[RecordRow]:
    """Every record of one table (tombstones keep their last data), in record-id order."""
    result = session.execute(
        select(
            RECORDS.c.record_id,
            RECORDS.c.device,
            RECORDS.c.row_version,
            RECORDS.c.deleted,
            RECORDS.c.data_json,
        )
        .where(RECORDS.c.table_name == table_name)
        .order_by(RECORDS.c.record_id)
        .execution_options(yield_per=BATCH)
    )
    for record_id, device, row_version, deleted, text in result:
        yield RecordRow(record_id, device, row_version, bool(deleted), _data(text))


def iter_audit(session: Session) -> Iterator[Any]:
    """Every device's audit rows, device by device, in chain order."""
    yield from session.execute(
        select(AUDIT).order_by(AUDIT.c.device, AUDIT.c.seq).execution_options(yield_per=BATCH)
    )


@dataclass(frozen=True, slots=True)
class ItemAudit:
    """The audit row that last set an item's value."""

    device: str
    seq: int
    user_name: str
    at_utc: str
    reason: str | None


@dataclass(slots=True)
class FormRecord:
    """One live record of a form, with the audit row behind each of its values."""

    subject_id: str
    event: str
    table: str
    record_id: str
    device: str
    data: dict[str, Any]
    audits: dict[str, ItemAudit] = field(default_factory=dict)


def iter_form_records(
    session: Session, forms: Sequence[ExportTable], events: Sequence[str]
) -> Iterator[FormRecord]:
    """Live records of ``forms`` whose participant is live, grouped subject → event → form.

    One query joins each record to the last insert/update audit row of each of its
    fields; rows arrive in output order, so only one record is in memory at a time.
    ``events`` gives the event order (unknown visit codes sort last).
    """
    r = RECORDS.alias("r")
    p = RECORDS.alias("p")
    names = [t.table for t in forms]

    def per_table(values: dict[str, ColumnElement[Any]]) -> ColumnElement[Any]:
        return case(*((r.c.table_name == t, v) for t, v in values.items()), else_=literal(""))

    def column(name: str | None, otherwise: ColumnElement[Any]) -> ColumnElement[Any]:
        return otherwise if name is None else json_text(session, r.c.data_json, name)

    def subject_of(table: str, link: str | None) -> ColumnElement[Any]:
        via = SUBJECT_VIA.get(table)
        if via is None:
            return column(link, r.c.record_id)
        # The record names another (an SAE report its event): that one names the subject.
        owner = RECORDS.alias(f"via_{table}")
        return (
            select(json_text(session, owner.c.data_json, via[1]))
            .where(owner.c.table_name == via[0], owner.c.record_id == column(link, r.c.record_id))
            .scalar_subquery()
        )

    placed = [(t.table, t.form) for t in forms if t.form is not None]
    subject_id = per_table({t: subject_of(t, f.subject_column) for t, f in placed})
    event = per_table({t: column(f.event_column, literal(f.event or "")) for t, f in placed})
    order = {code: n for n, code in enumerate(events)}
    event_order = case(order, value=event, else_=len(order)) if order else literal(0)
    form_order = case({t: n for n, t in enumerate(names)}, value=r.c.table_name, else_=len(names))
    sort_key = per_table({t: column(f.sort_column, literal("")) for t, f in placed})
    subject_key = func.coalesce(
        *(json_text(session, p.c.data_json, k) for k in SUBJECT_KEY_COLUMNS), p.c.record_id
    )
    last = (
        select(
            AUDIT.c.device,
            AUDIT.c.table_name,
            AUDIT.c.record_id,
            AUDIT.c.field,
            func.max(AUDIT.c.seq).label("seq"),
        )
        .where(
            AUDIT.c.table_name.in_(names),
            AUDIT.c.field.is_not(None),
            AUDIT.c.action.in_(("insert", "update")),
        )
        .group_by(AUDIT.c.device, AUDIT.c.table_name, AUDIT.c.record_id, AUDIT.c.field)
        .subquery("last")
    )
    a = AUDIT.alias("a")
    joined = (
        r.join(
            p,
            and_(
                p.c.table_name == SUBJECT_TABLE,
                p.c.record_id == subject_id,
                p.c.deleted.is_(False),
            ),
        )
        .outerjoin(
            last,
            and_(
                last.c.device == r.c.device,
                last.c.table_name == r.c.table_name,
                last.c.record_id == r.c.record_id,
            ),
        )
        .outerjoin(a, and_(a.c.device == last.c.device, a.c.seq == last.c.seq))
    )
    stmt = (
        select(
            subject_id,
            event,
            r.c.table_name,
            r.c.record_id,
            r.c.device,
            r.c.data_json,
            last.c.field,
            a.c.seq,
            a.c.user_name,
            a.c.at_utc,
            a.c.reason,
        )
        .select_from(joined)
        .where(r.c.table_name.in_(names), r.c.deleted.is_(False))
        .order_by(subject_key, subject_id, event_order, event, form_order, sort_key, r.c.record_id)
        .execution_options(yield_per=BATCH)
    )
    current: FormRecord | None = None
    for (
        subject,
        event_code,
        table,
        record_id,
        device,
        text,
        fld,
        seq,
        user,
        at,
        why,
    ) in session.execute(stmt):
        if current is None or (current.table, current.record_id) != (table, record_id):
            if current is not None:
                yield current
            current = FormRecord(subject, event_code or "", table, record_id, device, _data(text))
        if fld is not None and seq is not None:
            current.audits[fld] = ItemAudit(device, int(seq), user, at, why)
    if current is not None:
        yield current
