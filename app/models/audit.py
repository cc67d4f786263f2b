"""The audit trail: append-only, hash-chained, one row per changed field."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class AuditEntry(Base):
    """Who, when (UTC), what table/record/field, old → new, and why.

    ``row_hash = SHA-256(prev_hash ‖ canonical row)``; database triggers refuse
    UPDATE and DELETE, and an INSERT whose ``seq`` is not the next one.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at_utc: Mapped[str] = mapped_column(String(27))
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str | None] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64), index=True)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class AuditSeal(Base):
    """One transaction's seal: audit rows ``first_seq..last_seq`` signed by the acting person.

    The signature (``app.sync.provenance.seal_message``) is over the store id, the
    range, the chain hash of the last row and the signer's name, made with the
    signer's own key, which only their password opens.
    """

    __tablename__ = "audit_seals"

    last_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_seq: Mapped[int] = mapped_column(Integer)
    signer: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(88))
