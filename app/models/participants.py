"""Participants and their bedside observations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class ParticipantStatus(StrEnum):
    SCREENING = "screening"
    SCREEN_FAILED = "screen-failed"
    ELIGIBLE = "eligible"
    RANDOMISED = "randomised"
    INFUSED = "infused"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    DIED = "died"


class Participant(Audited, Base):
    """A screened person. ``study_id`` is assigned at enrolment from this device's range.

    The arm is never stored here: a blinded reader sees the kit code only.
    """

    __tablename__ = "participants"

    screening_number: Mapped[str] = mapped_column(String(32), unique=True)
    study_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    initials: Mapped[str] = mapped_column(String(8))
    sex: Mapped[str] = mapped_column(String(1))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age_years: Mapped[int | None] = mapped_column(Integer)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    height_cm: Mapped[float | None] = mapped_column(Float)
    admission_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=ParticipantStatus.SCREENING.value)
    kit_code: Mapped[str | None] = mapped_column(String(32))
    day0_on: Mapped[date | None] = mapped_column(Date)  # the visit schedule counts from it
    screen_fail_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VitalSigns(Audited, Base):
    """One set of vital signs, each value in the unit its name says."""

    __tablename__ = "vital_signs"
    # A participant's rows in time order: the latest is one index seek (the list's
    # "Last vitals"), and every per-participant read uses its first column.
    __table_args__ = (
        Index("ix_vital_signs_participant_id_measured_at", "participant_id", "measured_at"),
    )

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    visit_code: Mapped[str] = mapped_column(String(16))
    measured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    temperature_c: Mapped[float | None] = mapped_column(Float)
    heart_rate_per_min: Mapped[int | None] = mapped_column(Integer)
    respiratory_rate_per_min: Mapped[int | None] = mapped_column(Integer)
    systolic_bp_mmhg: Mapped[int | None] = mapped_column(Integer)
    diastolic_bp_mmhg: Mapped[int | None] = mapped_column(Integer)
    spo2_percent: Mapped[int | None] = mapped_column(Integer)
    o2_device: Mapped[str | None] = mapped_column(String(32))
    o2_flow_l_min: Mapped[float | None] = mapped_column(Float)
    fio2_fraction: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class LatestVitals(Base):
    """When each participant's latest vital signs were measured: the list's "Last vitals".

    Derived, not entered: SQLite triggers on ``vital_signs`` keep it in the transaction
    that inserts, corrects or deletes a set (migration 0013), so the list reads one row per
    participant instead of seeking into every participant's vital signs. Not audited and
    not synced: the vital signs themselves are.
    """

    __tablename__ = "participant_latest_vitals"

    participant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    measured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
