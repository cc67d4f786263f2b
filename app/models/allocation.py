"""The allocation list on a device, the blinding key's grants, preparations and unblindings.

Every column here is readable by whoever holds the data key, so none of them holds an
arm in clear. What differs between the arms (the arm itself, the block, the lot, the
cell count, viability, the dose in cells) lives in ``*_sealed`` columns: text sealed
with the store's blinding key (:mod:`app.store.blinding`), padded so that an active
and a placebo value are the same length. Audit rows of those columns hold the same
ciphertext.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime, new_id


class AllocationPart(Audited, Base):
    """One allocation file the hub wrote for this device, as imported (serial 1, 2, …)."""

    __tablename__ = "allocation_parts"

    serial: Mapped[int] = mapped_column(Integer, unique=True)
    study: Mapped[str] = mapped_column(String(64))
    hub_id: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by: Mapped[str] = mapped_column(String(64))
    payload_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    slot_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(64))


class AllocationSlot(Audited, Base):
    """One slot of this device's part. Taken once, by one participant, at randomisation.

    ``arm_sealed`` holds the arm code and block (blinding key); the kit code is shown to
    everyone, and its order says nothing about the arm.
    """

    __tablename__ = "allocation_slots"

    number: Mapped[int] = mapped_column(Integer, unique=True)
    kit_code: Mapped[str] = mapped_column(String(32), unique=True)
    part_serial: Mapped[int] = mapped_column(Integer)
    arm_sealed: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participants.id"), unique=True)
    randomised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    randomised_by: Mapped[str | None] = mapped_column(String(64))


class CodeBreak(Audited, Base):
    """One slot's arm sealed to one investigator's own slot key, for emergency unblinding.

    ``sealed`` opens only with that investigator's password (X25519 to their key slot),
    so the code-break works offline and reveals one kit at a time.
    """

    __tablename__ = "code_breaks"

    kit_code: Mapped[str] = mapped_column(String(32), index=True)
    investigator: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[str] = mapped_column(Text)


class Unblinding(Audited, Base):
    """An emergency unblinding: who, when, why, which participant. Never the arm."""

    __tablename__ = "unblindings"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    kit_code: Mapped[str] = mapped_column(String(32))
    unblinded_by: Mapped[str] = mapped_column(String(64))
    unblinded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)


class PreparationStatus:
    PREPARED = "prepared"
    RELEASED = "released"
    DISCARDED = "discarded"


class Preparation(Audited, Base):
    """The pharmacist's preparation of one dose, and its second-person check.

    The plain columns are what both arms share and a blinded checker may see: kit,
    weight used, bag volume, preparation (thaw) time, use-by, appearance. Numbers are
    kept as typed (text). ``content_sealed`` holds the rest: arm, lot and its expiry,
    cell count, viability and the dose in cells.
    """

    __tablename__ = "preparations"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    kit_code: Mapped[str] = mapped_column(String(32))
    dose_number: Mapped[int] = mapped_column(Integer)
    weight_kg: Mapped[str] = mapped_column(String(16))
    volume_ml: Mapped[str] = mapped_column(String(16))
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime())
    use_by_at: Mapped[datetime] = mapped_column(UTCDateTime())
    appearance_ok: Mapped[bool] = mapped_column(Boolean)
    content_sealed: Mapped[str] = mapped_column(Text)
    prepared_by: Mapped[str] = mapped_column(String(64))
    checked_by: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    check_kind: Mapped[str | None] = mapped_column(String(16))  # "unblinded" | "blinded"
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default=PreparationStatus.PREPARED)
    discard_reason: Mapped[str | None] = mapped_column(Text)


class BlindingGrant(Base):
    """One generation of the blinding key sealed to one unblinded person's slot key.

    Not audited and never synced: it is key material, useless without that person's
    password. Granting and withdrawing are audit events.
    """

    __tablename__ = "blinding_grants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    generation: Mapped[int] = mapped_column(Integer)
    user_name: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[str] = mapped_column(Text)
