"""Electronic signatures (21 CFR 11.50, 11.70, 11.200)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class Signature(Audited, Base):
    """A person's signature on one record, bound to the hash of its content.

    Editing the record afterwards voids the signature (``voided_at`` set, with the
    reason); it is never deleted, and re-signing adds a new row.
    """

    __tablename__ = "signatures"

    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    signer_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    printed_name: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))
    # Ed25519 by the signer's own key over ``provenance.esignature_message`` (11.70).
    signature: Mapped[str | None] = mapped_column(String(88))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    void_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None

    def manifestation(self) -> str:
        """What a screen or printout shows (11.50): name, UTC time, meaning, status."""
        stamp = self.signed_at.strftime("%Y-%m-%d %H:%M UTC")
        text = f"Signed by {self.printed_name} on {stamp} — {self.meaning}"
        if self.voided_at is not None:
            reason = self.void_reason or ""
            if not reason or reason.startswith("record changed after signing"):
                text += " — VOID: the record was changed after signing"
            else:
                # Evidence changed elsewhere (a date of birth, a blood gas): name it.
                text += f" — VOID: {reason}"
        return text
