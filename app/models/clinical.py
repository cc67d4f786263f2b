"""Clinical forms: eligibility, oxygenation, labs, imaging, symptoms, virology, WHO scale,
disposition. Numbers that came from a keyboard are kept as typed (text) beside their
unit; what the rules computed from them is kept as exact decimal text too."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Audited, Base, UTCDateTime


class ParticipantForm(Audited):
    """A form row that belongs to one participant."""

    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)


class EligibilityAssessment(ParticipantForm, Base):
    """The checklist: evidence, answers per criterion, the computed verdict.

    The investigator signs it; changing anything afterwards voids the signature.
    """

    __tablename__ = "eligibility_assessments"

    assessed_on: Mapped[date] = mapped_column(Date)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    rt_pcr_date: Mapped[date | None] = mapped_column(Date)
    rt_pcr_positive: Mapped[bool | None] = mapped_column()
    ct_date: Mapped[date | None] = mapped_column(Date)
    ct_characteristic: Mapped[bool | None] = mapped_column()
    ct_finding: Mapped[str | None] = mapped_column(Text)
    respiratory_rate_per_min: Mapped[str | None] = mapped_column(String(16))
    spo2_at_rest_percent: Mapped[str | None] = mapped_column(String(16))
    oxygenation_id: Mapped[str | None] = mapped_column(ForeignKey("oxygenation.id"))
    pf_ratio_mmhg: Mapped[str | None] = mapped_column(String(32))
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    verdict: Mapped[str] = mapped_column(String(16))
    verdict_text: Mapped[str] = mapped_column(Text)
    protocol_fingerprint: Mapped[str] = mapped_column(String(64))


class Oxygenation(ParticipantForm, Base):
    """SpO₂ with its oxygen context, or a blood gas paired with the FiO₂ of that moment."""

    __tablename__ = "oxygenation"

    visit_code: Mapped[str | None] = mapped_column(String(16))
    measured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    spo2_percent: Mapped[str | None] = mapped_column(String(16))
    at_rest: Mapped[bool | None] = mapped_column()
    o2_device: Mapped[str] = mapped_column(String(32))
    o2_flow_l_min: Mapped[str | None] = mapped_column(String(16))
    fio2_entered: Mapped[str | None] = mapped_column(String(16))
    fio2_fraction: Mapped[str | None] = mapped_column(String(16))
    fio2_source: Mapped[str | None] = mapped_column(String(16))  # measured, set, estimated
    fio2_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pao2_entered: Mapped[str | None] = mapped_column(String(16))
    pao2_unit: Mapped[str | None] = mapped_column(String(8))  # mmHg or kPa
    pao2_mmhg: Mapped[str | None] = mapped_column(String(32))
    pf_ratio_mmhg: Mapped[str | None] = mapped_column(String(32))
    pf_band: Mapped[str | None] = mapped_column(String(16))
    sf_ratio_estimate: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


class LabResult(ParticipantForm, Base):
    """One analyte, as reported, with its unit and the laboratory's own reference range."""

    __tablename__ = "lab_results"

    visit_code: Mapped[str | None] = mapped_column(String(16))
    sampled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    analyte_code: Mapped[str] = mapped_column(String(32))
    value_entered: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(16))
    reference_low: Mapped[str | None] = mapped_column(String(32))
    reference_high: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)


class ChestImaging(ParticipantForm, Base):
    __tablename__ = "chest_imaging"

    visit_code: Mapped[str | None] = mapped_column(String(16))
    imaged_on: Mapped[date] = mapped_column(Date)
    modality: Mapped[str] = mapped_column(String(16))  # CT or X-ray
    lesion_extent_percent: Mapped[str | None] = mapped_column(String(16))
    finding: Mapped[str | None] = mapped_column(Text)


class Symptom(ParticipantForm, Base):
    """A respiratory symptom's onset and resolution (fever, dry cough, dyspnoea, …)."""

    __tablename__ = "symptoms"

    symptom: Mapped[str] = mapped_column(String(32))
    onset_on: Mapped[date | None] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)


class NucleicAcidTest(ParticipantForm, Base):
    __tablename__ = "nucleic_acid_tests"

    sampled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    specimen: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(16))  # positive, negative, indeterminate


class WhoScaleScore(ParticipantForm, Base):
    __tablename__ = "who_scale_scores"

    visit_code: Mapped[str | None] = mapped_column(String(16))
    assessed_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)


class Disposition(ParticipantForm, Base):
    """How participation ended: discharged, completed, withdrawn or died (with date)."""

    __tablename__ = "dispositions"

    kind: Mapped[str] = mapped_column(String(16))
    event_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
