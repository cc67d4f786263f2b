"""What the device keeps about sync: its signing key, the pinned hub, the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class DeviceKey(Base):
    """The device's Ed25519 signing key. Never audited: the audit trail leaves the device."""

    __tablename__ = "device_keys"

    key_id_hex: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    private_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HubPin(Audited, Base):
    """The hub this device sends to: its age recipient and its receipt-signing key."""

    __tablename__ = "hub_pins"

    age_recipient: Mapped[str] = mapped_column(String(100))
    minisign_public_key: Mapped[str] = mapped_column(String(200))
    pinned_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxBundle(Base):
    """A bundle this device wrote, and the receipt that acknowledged it."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    file_name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    audit_first: Mapped[int] = mapped_column(Integer)
    audit_last: Mapped[int] = mapped_column(Integer)
    audit_head: Mapped[str] = mapped_column(String(64))
    changes: Mapped[int] = mapped_column(Integer)
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When both files were in the sync folder; None while they are being written."""
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    receipt_json: Mapped[str | None] = mapped_column(Text)
