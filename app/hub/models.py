"""The hub's schema (SQLite/SQLCipher or PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.base import NAMING, UTCDateTime


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class HubSetting(HubBase):
    """Hub facts and its keys; secret values are AES-GCM sealed under the hub's data key."""

    __tablename__ = "hub_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Device(HubBase):
    """An enrolled device, its pinned key, and the high-water marks of what it sent."""

    __tablename__ = "devices"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    site: Mapped[str | None] = mapped_column(String(32))
    key_id_hex: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(200))
    # The device's first admin's own key (base64 Ed25519): every enrolment chains from it.
    admin_key: Mapped[str | None] = mapped_column(String(44))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    store_id: Mapped[str | None] = mapped_column(String(36))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_sha256: Mapped[str | None] = mapped_column(String(64))
    audit_head_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    audit_head_hash: Mapped[str | None] = mapped_column(String(64))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReceivedFile(HubBase):
    """Every bundle file the hub looked at, and what it decided."""

    __tablename__ = "received_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(100), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    device: Mapped[str | None] = mapped_column(String(32), index=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(16)
    )  # applied, duplicate, held, rejected, quarantined
    code: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HeldBundle(HubBase):
    """A bundle that arrived ahead of a gap: kept (still encrypted) until the gap fills."""

    __tablename__ = "held_bundles"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    age_bytes: Mapped[str] = mapped_column(Text)  # base64: portable across both databases
    sig_text: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(100))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HubRecord(HubBase):
    """The latest state of one record from one device (blinded: no arm ever lands here)."""

    __tablename__ = "records"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device: Mapped[str] = mapped_column(String(32), index=True)
    row_version: Mapped[int | None] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data_json: Mapped[str] = mapped_column(Text)


class HubAudit(HubBase):
    """Each device's audit trail, row for row, chain and all."""

    __tablename__ = "audit"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at_utc: Mapped[str] = mapped_column(String(27))
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str | None] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


class HubEndorsement(HubBase):
    """The hub's word that a restored or replaced device continues as a new epoch.

    Epoch ``epoch`` of ``device`` continues its audit trail after row ``base_seq``
    (``base_hash``); the rows the hub held after it stay where they are. The new
    epoch's rows are kept as ``seq + offset`` so two branches of one device's trail
    never share a key; its bundles are numbered from ``next_bundle``.
    """

    __tablename__ = "endorsements"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    base_seq: Mapped[int] = mapped_column(BigInteger)
    base_hash: Mapped[str] = mapped_column(String(64))
    offset: Mapped[int] = mapped_column(BigInteger)
    next_bundle: Mapped[int] = mapped_column(Integer)
    # What the hub held when it endorsed: its head, and the bundle number it had reached.
    hub_head_seq: Mapped[int] = mapped_column(BigInteger)
    hub_last_bundle: Mapped[int] = mapped_column(Integer)
    lost_rows: Mapped[int] = mapped_column(BigInteger)
    request_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    document: Mapped[str] = mapped_column(Text)  # the endorsement's canonical JSON
    document_sha256: Mapped[str] = mapped_column(String(64))
    endorsed_by: Mapped[str] = mapped_column(String(64))
    endorsed_at: Mapped[datetime] = mapped_column(UTCDateTime())
