"""Store-wide facts and settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class StoreInfo(Audited, Base):
    """One row: which site and device this store belongs to."""

    __tablename__ = "store_info"

    store_id: Mapped[str] = mapped_column(String(36))
    study: Mapped[str] = mapped_column(String(64), default="NCT04339660")
    site: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Setting(Audited, Base):
    """A named setting (idle timeout, language, …), audited like data."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text)
