"""The infusion at the bedside: the product check, the infusion, its pauses and its vitals.

Both arms have exactly these fields: nothing here differs between study product and
placebo, so every column is readable by every ward role. Numbers that came from a
keyboard are kept as typed (text) in columns whose names carry their unit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class CheckResult:
    OK = "ok"
    REFUSED = "refused"


class InfusionStatus:
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED_EARLY = "stopped_early"


class ProductCheck(Audited, Base):
    """One bedside check of the wristband against the bag's label, passed or refused.

    The texts are kept exactly as scanned or typed; a refused check says why.
    """

    __tablename__ = "product_checks"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    preparation_id: Mapped[str | None] = mapped_column(ForeignKey("preparations.id"))
    wristband_text: Mapped[str] = mapped_column(String(64))
    label_text: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(16))  # CheckResult
    reason: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checked_by: Mapped[str] = mapped_column(String(64))


class Infusion(Audited, Base):
    """One dose given: start and stop, rate, volume infused as typed, line and site."""

    __tablename__ = "infusions"

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    preparation_id: Mapped[str] = mapped_column(ForeignKey("preparations.id"))
    dose_number: Mapped[int] = mapped_column(Integer)
    product_check_id: Mapped[str | None] = mapped_column(ForeignKey("product_checks.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_by: Mapped[str] = mapped_column(String(64))
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stopped_by: Mapped[str | None] = mapped_column(String(64))
    rate_ml_h: Mapped[str] = mapped_column(String(16))
    volume_infused_ml: Mapped[str | None] = mapped_column(String(16))
    line: Mapped[str] = mapped_column(String(64))
    site: Mapped[str] = mapped_column(String(64))
    stopped_early_reason: Mapped[str | None] = mapped_column(Text)
    transcribed_from_paper: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=InfusionStatus.IN_PROGRESS)


class InfusionInterruption(Audited, Base):
    """A pause of an infusion: when, why, and when it ran again (None while paused)."""

    __tablename__ = "infusion_interruptions"

    infusion_id: Mapped[str] = mapped_column(ForeignKey("infusions.id"), index=True)
    interrupted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    restarted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InfusionVitals(Audited, Base):
    """The vital signs of one timepoint of an infusion, or why they were not taken.

    Each value is text as typed, in the unit its column names (as in ``vital_signs``).
    """

    __tablename__ = "infusion_vitals"
    __table_args__ = (UniqueConstraint("infusion_id", "timepoint_code"),)

    infusion_id: Mapped[str] = mapped_column(ForeignKey("infusions.id"), index=True)
    timepoint_code: Mapped[str] = mapped_column(String(16))
    target_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    measured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    measured_by: Mapped[str] = mapped_column(String(64))
    temperature_c: Mapped[str | None] = mapped_column(String(16))
    heart_rate_per_min: Mapped[str | None] = mapped_column(String(16))
    respiratory_rate_per_min: Mapped[str | None] = mapped_column(String(16))
    systolic_bp_mmhg: Mapped[str | None] = mapped_column(String(16))
    diastolic_bp_mmhg: Mapped[str | None] = mapped_column(String(16))
    spo2_percent: Mapped[str | None] = mapped_column(String(16))
    skipped_reason: Mapped[str | None] = mapped_column(Text)
    stop_criteria: Mapped[str | None] = mapped_column(Text)
    """The stop criteria these values met, one per line, as the nurse was shown them."""
