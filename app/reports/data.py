"""What a printout shows, as plain values: no session, no Qt, no arm unless it says so.

The services fill these from the store (``app.services.reports``); tests and the
benchmark build them directly. ``None`` prints as an empty box to write in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo


@dataclass(frozen=True)
class StudyHeading:
    """The trial as every page header names it."""

    nct_id: str
    title_en: str
    title_zh: str
    product_en: str
    """The blinded name of what is given ("Study product"), never an arm."""
    product_zh: str


@dataclass(frozen=True)
class SignatureMark:
    """An e-signature's manifestation (21 CFR 11.50): printed name, UTC time, meaning."""

    printed_name: str
    signed_at: datetime
    meaning: str
    void: bool = False


@dataclass(frozen=True)
class Timepoint:
    """One row of the vitals grid; ``target_at`` once the start (or end) is known."""

    code: str
    label_en: str
    label_zh: str
    anchor: str
    """``before_start``, ``start`` or ``end`` (what ``offset_minutes`` counts from)."""
    offset_minutes: int
    target_at: datetime | None = None
    measured_at: datetime | None = None
    values: tuple[tuple[str, str], ...] = ()
    """(measurement field, value as typed) of what was recorded at this timepoint."""
    by: str | None = None
    skipped_reason: str | None = None


@dataclass(frozen=True)
class InfusionFacts:
    """The infusion as recorded: the same fields for both arms."""

    rate_ml_h: str
    line: str
    site: str
    volume_infused_ml: str | None
    interruptions: tuple[tuple[datetime, datetime | None, str], ...] = ()
    """(interrupted at, restarted at, reason) of each pause."""
    stopped_early_reason: str | None = None
    transcribed_from_paper: bool = False


@dataclass(frozen=True)
class Measurement:
    """One column of the vitals grid."""

    field: str
    label_en: str
    label_zh: str
    unit: str


@dataclass(frozen=True)
class CheckDone:
    """A bedside check as recorded: ``key`` is one of :data:`app.reports.i18n.CHECKS`."""

    key: str
    done_at: datetime | None = None
    by: str | None = None


@dataclass(frozen=True)
class WorksheetData:
    """One participant's infusion worksheet for one dose (blinded), or a blank one."""

    study: StudyHeading
    study_id: str | None
    kit_code: str | None
    initials: str | None
    dose_number: int | None
    weight_kg: str | None
    volume_ml: str | None
    vehicle_en: str
    vehicle_zh: str
    prepared_at: datetime | None
    use_by: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    timepoints: tuple[Timepoint, ...]
    measurements: tuple[Measurement, ...]
    checks: tuple[CheckDone, ...]
    prepared_by: SignatureMark | None = None
    checked_by: SignatureMark | None = None
    given_by: SignatureMark | None = None
    prepared_by_name: str | None = None
    checked_by_name: str | None = None
    given_by_name: str | None = None
    infusion: InfusionFacts | None = None
    downtime: bool = False
    """A paper fallback, to be transcribed into Bedside later."""
    printed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    printed_by: str | None = None
    local_tz: tzinfo = UTC
    """Where wall-clock times (targets, preparation, use-by) are shown."""


@dataclass(frozen=True)
class CriterionAnswer:
    id: str
    text_en: str
    text_zh: str
    is_exclusion: bool
    answer: bool | None


@dataclass(frozen=True)
class LabelledValue:
    """A field as printed: its label in both languages and the value as typed."""

    label_en: str
    label_zh: str
    value: str | None


@dataclass(frozen=True)
class ChecklistData:
    """The eligibility checklist as saved and signed."""

    study: StudyHeading
    study_id: str | None
    screening_number: str
    initials: str | None
    assessed_on: str
    evidence: tuple[LabelledValue, ...]
    criteria: tuple[CriterionAnswer, ...]
    verdict_text: str
    signatures: tuple[SignatureMark, ...]
    printed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    printed_by: str | None = None


@dataclass(frozen=True)
class PreparationData:
    """UNBLINDED: the pharmacist's preparation sheet. The arm is given, never looked up."""

    study: StudyHeading
    study_id: str | None
    kit_code: str | None
    arm_en: str
    arm_zh: str
    is_placebo: bool
    weight_kg: str | None
    volume_ml: str | None
    vehicle_en: str
    vehicle_zh: str
    cells_per_kg: str
    total_cells: tuple[str, int] | None
    """Mantissa and power of ten (``("7.25", 7)``), for the active arm only."""
    lot: str | None = None
    viability_percent: str | None = None
    prepared_at: datetime | None = None
    use_by: datetime | None = None
    prepared_by: SignatureMark | None = None
    checked_by: SignatureMark | None = None
    printed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    printed_by: str | None = None
    local_tz: tzinfo = UTC


@dataclass(frozen=True)
class CaseRecord:
    """One saved form: a heading (what and when), its fields, its signatures."""

    heading: str
    fields: tuple[LabelledValue, ...]
    signatures: tuple[SignatureMark, ...] = ()


@dataclass(frozen=True)
class CaseSection:
    title_en: str
    title_zh: str
    records: tuple[CaseRecord, ...]


@dataclass(frozen=True)
class AuditLine:
    at_utc: str
    user_name: str
    action: str
    what: str
    old_value: str | None
    new_value: str | None
    reason: str | None


@dataclass(frozen=True)
class CasebookData:
    """Every form of one participant with values and signatures, optionally the audit trail."""

    study: StudyHeading
    study_id: str | None
    screening_number: str
    initials: str | None
    sections: tuple[CaseSection, ...]
    audit: tuple[AuditLine, ...] | None = None
    printed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    printed_by: str | None = None
