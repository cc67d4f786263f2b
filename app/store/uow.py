"""Units of work: one session per user action, audited inside its transaction.

Every insert, update and delete of an :class:`~app.models.base.Audited` row
writes one audit row per field in the same transaction. Changing a value that
was already saved, or deleting a record, needs a reason. Editing a signed record
voids its signatures. A read-only role (the monitor) can change nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    BedsideError,
    CorruptStore,
    DiskError,
    DiskFull,
    InvalidInput,
    NotPermitted,
    ReasonRequired,
)
from app.models.audit import AuditSeal
from app.models.base import Audited, new_id
from app.models.signatures import Signature
from app.roles import Permission, Role, can
from app.sentences import QT_TRANSLATE_NOOP
from app.store import audit, provenance
from app.store.engine import DISK_ERROR
from app.timeutil import utc_now

if TYPE_CHECKING:
    from app.store.blinding import BlindingKeys

PENDING = "bedside_pending_audit"
OLD_ROWS = "bedside_old_rows"
# (seq, row_hash) of the last audit row this transaction wrote, and the seq of its first.
AUDIT_HEAD = "audit_head"
AUDIT_FIRST = "audit_first"


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a unit of work runs."""

    user_id: str
    name: str
    full_name: str
    role: Role
    # The person's own key (from their slot): seals every transaction they commit.
    signing_key: Ed25519PrivateKey | None = field(default=None, repr=False, compare=False)
    # The opened blinding key ring: unblinded people only (app.store.blinding).
    blinding: BlindingKeys | None = field(default=None, repr=False, compare=False)

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


def audited_columns(obj: Audited) -> tuple[str, ...]:
    """The columns of ``obj``'s table that its audit rows record, in table order."""
    found = _AUDITED_COLUMNS.get(type(obj))
    if found is None:
        table = obj.__table__  # type: ignore[attr-defined]
        exclude = obj.__audit_exclude__
        # The id is the audit row's record_id already.
        found = tuple(c.name for c in table.columns if c.name != "id" and c.name not in exclude)
        _AUDITED_COLUMNS[type(obj)] = found
    return found


# Per mapped class: a table's columns are fixed once its class is defined.
_AUDITED_COLUMNS: dict[type, tuple[str, ...]] = {}


def snapshot(obj: Audited) -> dict[str, str | None]:
    """The record's audited fields as the audit trail writes them."""
    return {name: audit.format_value(getattr(obj, name)) for name in audited_columns(obj)}


def content_hash(obj: Audited) -> str:
    """SHA-256 of a record's signed content: its table and audited fields."""
    payload = {"table": obj.__tablename__, "fields": snapshot(obj)}  # type: ignore[attr-defined]
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _old_row(session: Session, obj: Audited) -> dict[str, str | None]:
    table = obj.__table__  # type: ignore[attr-defined]
    row = session.connection().execute(select(table).where(table.c.id == obj.id)).mappings().one()
    return {name: audit.format_value(row[name]) for name in audited_columns(obj)}


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    actor: Actor | None = session.info.get("actor")
    changed = [o for o in session.new | session.dirty | session.deleted if isinstance(o, Audited)]
    changed = [
        o for o in changed if o in session.new or o in session.deleted or session.is_modified(o)
    ]
    if not changed:
        return
    if actor is None:
        raise RuntimeError("study data changed outside a unit of work with an actor")
    if actor.role is Role.MONITOR:
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Store", "A monitor can read but not change data.").said()
        )
    reason: str | None = session.info.get("reason")
    if reason is not None:
        refuse_control_characters("reason", reason)
    old_rows: dict[int, dict[str, str | None]] = session.info.setdefault(OLD_ROWS, {})
    voided: list[Audited] = []
    for obj in changed:
        if obj not in session.deleted:
            for name, value in snapshot(obj).items():
                if value is not None:
                    refuse_control_characters(name.replace("_", " "), value)
    with session.no_autoflush:
        for obj in changed:
            if obj in session.new:
                if obj.id is None:
                    obj.id = new_id()
                continue
            old = _old_row(session, obj)
            old_rows[id(obj)] = old
            if obj in session.deleted:
                if not reason:
                    raise ReasonRequired(
                        QT_TRANSLATE_NOOP(
                            "Store", "Give a reason for deleting a saved record."
                        ).said()
                    )
            else:
                new = snapshot(obj)
                for name, before in old.items():
                    if before is not None and new[name] != before and not reason:
                        raise ReasonRequired(
                            QT_TRANSLATE_NOOP(
                                "Store", "Give a reason for changing {field}: it was already saved."
                            ).format(field=name.replace("_", " "))
                        )
            if not isinstance(obj, Signature):
                voided.extend(_void_signatures(session, obj, reason))
        for sig in voided:
            old_rows[id(sig)] = _old_row(session, sig)


# Newline and tab belong in notes; no other control character is ever typed on purpose,
# and NUL cannot be stored by PostgreSQL at the hub. Lone surrogates are not text.
_CONTROL = frozenset(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def refuse_control_characters(what: str, text: str) -> None:
    """Refuse text that holds a control character (other than newline and tab)."""
    if _CONTROL.isdisjoint(text):
        try:
            text.encode("utf-8")
            return
        except UnicodeEncodeError:
            pass
    if what == "reason":
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Store",
                "The reason holds a control character (such as NUL) that cannot be saved: "
                "remove it.",
            ).said()
        )
    raise InvalidInput(
        QT_TRANSLATE_NOOP(
            "Store",
            "The {what} holds a control character (such as NUL) that cannot be saved: remove it.",
        ).format(what=what)
    )


def _void_signatures(session: Session, obj: Audited, reason: str | None) -> list[Signature]:
    sigs = session.scalars(
        select(Signature).where(
            Signature.table_name == obj.__tablename__,  # type: ignore[attr-defined]
            Signature.record_id == obj.id,
            Signature.voided_at.is_(None),
        )
    ).all()
    for sig in sigs:
        if obj not in session.deleted and sig.content_hash == content_hash(obj):
            continue  # a change outside the signed content (e.g. bookkeeping)
        sig.voided_at = utc_now()
        sig.void_reason = f"record changed after signing: {reason}"
    return [s for s in sigs if s.voided_at is not None]


def _after_flush(session: Session, _context: Any) -> None:
    actor: Actor | None = session.info.get("actor")
    old_rows: dict[int, dict[str, str | None]] = session.info.get(OLD_ROWS, {})
    if actor is None:
        return
    reason: str | None = session.info.get("reason")
    changes: list[audit.Change] = []
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, Audited):
            continue
        table = obj.__tablename__  # type: ignore[attr-defined]
        if obj in session.new:
            for name, value in snapshot(obj).items():
                if value is not None:
                    changes.append(
                        audit.Change(actor.name, "insert", table, obj.id, name, None, value, reason)
                    )
        elif obj in session.deleted:
            for name, value in old_rows.get(id(obj), {}).items():
                if value is not None:
                    changes.append(
                        audit.Change(actor.name, "delete", table, obj.id, name, value, None, reason)
                    )
        elif id(obj) in old_rows:
            new = snapshot(obj)
            for name, before in old_rows[id(obj)].items():
                if new[name] != before:
                    why = reason
                    if isinstance(obj, Signature) and name in ("voided_at", "void_reason"):
                        why = obj.void_reason
                    changes.append(
                        audit.Change(
                            actor.name, "update", table, obj.id, name, before, new[name], why
                        )
                    )
    session.info[OLD_ROWS] = {}
    head = audit.append(session.connection(), session.info["store_id"], changes)
    _note_head(session, head, len(changes))


def _before_commit(session: Session) -> None:
    """Seal the audit rows this transaction wrote with the acting person's own key."""
    session.flush()  # the last flush writes audit rows too: seal after it
    head: tuple[int, str] | None = session.info.get(AUDIT_HEAD)
    first: int | None = session.info.get(AUDIT_FIRST)
    if head is None or first is None:
        return
    actor: Actor | None = session.info.get("actor")
    if actor is None or actor.signing_key is None:
        raise RuntimeError("audit rows would be committed without the acting person's key")
    message = provenance.seal_message(session.info["store_id"], first, head[0], head[1], actor.name)
    signature = provenance.sign(actor.signing_key, message)
    audit.run_driver_sql(
        session.connection(), _INSERT_SEAL, (head[0], first, actor.name, signature)
    )
    # A later commit in the same session seals only what it adds.
    session.info.pop(AUDIT_FIRST, None)


_INSERT_SEAL = (
    f"INSERT INTO {AuditSeal.__tablename__} (last_seq, first_seq, signer, signature) "
    "VALUES (?, ?, ?, ?)"
)


def install_audit_hooks(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)


@contextmanager
def unit_of_work(
    factory: sessionmaker[Session],
    store_id: str,
    actor: Actor | None,
    reason: str | None = None,
    *,
    commit: bool = True,
) -> Iterator[Session]:
    """One session for one user action: commits on a clean exit, rolls back otherwise."""
    session = factory()
    session.info.update(actor=actor, reason=(reason or "").strip() or None, store_id=store_id)
    try:
        yield session
        if commit:
            session.commit()
        # A read-only session just closes: its connection is rolled back and the
        # loaded objects stay readable, detached.
    except DatabaseError as exc:
        session.rollback()
        text = str(exc.orig).lower()
        if "full" in text:
            raise DiskFull(
                QT_TRANSLATE_NOOP(
                    "Store", "The disk is full: nothing was saved. Free some space and save again."
                ).said()
            ) from None
        if "disk i/o" in text:
            raise DiskError(DISK_ERROR.said()) from None
        if "malformed" in text or "not a database" in text:
            raise CorruptStore(
                QT_TRANSLATE_NOOP(
                    "Store", "The store is damaged: nothing was saved. Restore it from backup."
                ).said()
            ) from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def log_event(
    session: Session,
    action: str,
    user_name: str,
    *,
    record_id: str | None = None,
    detail: str | None = None,
    at_utc: str | None = None,
) -> None:
    """An audit row for something that is not a field change (login, lock, rekey…)."""
    change = audit.Change(
        user_name=user_name,
        action=action,
        record_id=record_id,
        new_value=detail,
        reason=session.info.get("reason"),
        at_utc=at_utc,
    )
    _note_head(session, audit.append(session.connection(), session.info["store_id"], [change]), 1)


def _note_head(session: Session, head: tuple[int, str] | None, count: int) -> None:
    """Remember the transaction's first audit row and its head (seal and anchor use them)."""
    if head is None:
        return
    session.info.setdefault(AUDIT_FIRST, head[0] - count + 1)
    session.info[AUDIT_HEAD] = head


__all__ = [
    "Actor",
    "BedsideError",
    "content_hash",
    "install_audit_hooks",
    "log_event",
    "unit_of_work",
]
