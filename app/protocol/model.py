"""The protocol as typed, frozen data: what :func:`app.protocol.load_protocol` returns.

All numbers from the file are ``int`` (counts, days, minutes) or ``Decimal`` (thresholds,
ranges, fractions), never float, so thresholds compare exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class CriterionKind(StrEnum):
    """How an eligibility criterion is decided."""

    AGE = "age"
    """Completed years from date of birth, against the age thresholds."""
    SEVERITY = "severity"
    """Respiratory rate / resting SpO₂ / P/F against the severity thresholds."""
    RT_PCR = "rt_pcr"
    """Yes/no: laboratory-confirmed infection by RT-PCR."""
    CT = "ct"
    """Yes/no: CT image characteristic of the disease."""
    CONSENT = "consent"
    """Yes/no: a signed consent or agreement."""
    ATTESTATION = "attestation"
    """Yes/no answered by the investigator (every exclusion criterion is one)."""


YES_NO_KINDS = frozenset(
    {CriterionKind.RT_PCR, CriterionKind.CT, CriterionKind.CONSENT, CriterionKind.ATTESTATION}
)


class OxygenDevice(StrEnum):
    """How oxygen is given; decides whether FiO₂ may be estimated from the flow."""

    ROOM_AIR = "room_air"
    NASAL_CANNULA = "nasal_cannula"
    SIMPLE_MASK = "simple_mask"
    NON_REBREATHER_MASK = "non_rebreather_mask"
    VENTURI_MASK = "venturi_mask"
    HIGH_FLOW_NASAL_CANNULA = "high_flow_nasal_cannula"
    NIV_CPAP = "niv_cpap"
    INVASIVE_VENTILATION = "invasive_ventilation"


# On these the FiO₂ is dialled in (blender, valve, ventilator): it must be read off the
# device, never estimated from a flow.
SET_FIO2_DEVICES = frozenset(
    {
        OxygenDevice.VENTURI_MASK,
        OxygenDevice.HIGH_FLOW_NASAL_CANNULA,
        OxygenDevice.NIV_CPAP,
        OxygenDevice.INVASIVE_VENTILATION,
    }
)
ESTIMABLE_DEVICES = frozenset(
    {OxygenDevice.NASAL_CANNULA, OxygenDevice.SIMPLE_MASK, OxygenDevice.NON_REBREATHER_MASK}
)

# Every protocol must give a plausibility range for each of these (vital signs, blood
# gas, body size); forms and rules look them up by these names.
PLAUSIBILITY_FIELDS = (
    "heart_rate_per_min",
    "respiratory_rate_per_min",
    "spo2_percent",
    "temperature_celsius",
    "systolic_bp_mmhg",
    "diastolic_bp_mmhg",
    "mean_arterial_pressure_mmhg",
    "fio2_fraction",
    "pao2_mmhg",
    "paco2_mmhg",
    "ph",
    "weight_kg",
    "height_cm",
)


@dataclass(frozen=True)
class Study:
    """Identifiers and titles of the trial."""

    nct_id: str
    other_ids: tuple[str, ...]
    sponsor_en: str
    sponsor_zh: str
    title_en: str
    title_zh: str
    phase: str
    masking: str
    blinded_label_en: str
    """What blinded users see instead of an arm name, e.g. "Study product"."""
    blinded_label_zh: str


@dataclass(frozen=True)
class Arm:
    """A treatment arm. UNBLINDED DATA: show code and names to unblinded roles only."""

    code: str
    name_en: str
    name_zh: str
    is_placebo: bool
    intervention_en: str
    intervention_zh: str


@dataclass(frozen=True)
class Criterion:
    """One inclusion or exclusion criterion, in both languages."""

    id: str
    kind: CriterionKind
    text_en: str
    text_zh: str
    is_exclusion: bool


@dataclass(frozen=True)
class Thresholds:
    """Eligibility thresholds. Each severity sign is optional; at least one is present.

    The severe-case rule is "any one of the signs present in the file is met".
    """

    age_min_years: int
    age_max_years: int
    respiratory_rate_min_per_min: Decimal | None
    """Severe if the respiratory rate is at or above this."""
    spo2_max_percent: Decimal | None
    """Severe if resting SpO₂ is at or below this."""
    pf_ratio_max_mmhg: Decimal | None
    """Severe if PaO₂/FiO₂ is at or below this."""


@dataclass(frozen=True)
class VisitDefinition:
    """A scheduled visit: target day after day 0 and its window in days."""

    code: str
    name_en: str
    name_zh: str
    day: int
    window_before_days: int
    window_after_days: int


@dataclass(frozen=True)
class LabRange:
    """Plausibility of one analyte in one unit: outside hard is refused, outside soft is
    saved only once confirmed. Not the laboratory's reference interval."""

    hard_min: Decimal
    hard_max: Decimal
    soft_min: Decimal
    soft_max: Decimal


@dataclass(frozen=True)
class LabUnit:
    """A unit a lab result may be entered in: what the user sees and its UCUM code."""

    label: str
    ucum: str
    range: LabRange | None = None
    """The protocol's ranges for the analyte in this unit (every unit has them)."""


@dataclass(frozen=True)
class LabTest:
    """One analyte of the laboratory panel."""

    code: str
    name_en: str
    name_zh: str
    units: tuple[LabUnit, ...]
    loinc: str | None
    """None where no code could be verified; never guessed."""
    loinc_confirmed: bool
    """False for codes found only in secondary sources: confirm at loinc.org."""

    def unit(self, label: str) -> LabUnit | None:
        """The allowed unit with this label, or None if the unit is not allowed."""
        return next((u for u in self.units if u.label == label), None)


@dataclass(frozen=True)
class DoseRule:
    """Weight-based cell dose, and the matching placebo volume (so the bags look alike)."""

    cells_per_kg: Decimal
    volume_ml: Decimal
    vehicle_en: str
    vehicle_zh: str
    placebo_volume_ml: Decimal
    repeat_interval_days: int | None


@dataclass(frozen=True)
class InfusionVitalsSchedule:
    """When vital signs are taken around an infusion (same for both arms)."""

    before_start: bool
    during_every_minutes: int
    expected_duration_minutes: int
    at_end: bool
    after_end_minutes: tuple[int, ...]
    measurements: tuple[str, ...]
    """Plausibility field names, e.g. ``heart_rate_per_min``."""


@dataclass(frozen=True)
class PlausibilityRange:
    """Hard range (refuse) and soft range (ask to confirm) for one field."""

    field: str
    label_en: str
    label_zh: str
    unit: str
    hard_min: Decimal
    hard_max: Decimal
    soft_min: Decimal
    soft_max: Decimal


@dataclass(frozen=True)
class FiO2EstimateTable:
    """Flow (L/min) to estimated FiO₂ for one low-flow device.

    Between rows the estimate is interpolated linearly; above the last row it stays at
    the last row's value (capped); below the first row or above ``max_flow_l_min`` the
    estimate is refused.
    """

    device: OxygenDevice
    max_flow_l_min: Decimal
    points: tuple[tuple[Decimal, Decimal], ...]


@dataclass(frozen=True)
class FlowRange:
    """Oxygen flow (L/min) a device can deliver: outside hard is refused, outside soft is
    saved once confirmed. ``instead`` names the device to record above the hard limit."""

    device: OxygenDevice
    hard_min: Decimal
    hard_max: Decimal
    soft_min: Decimal
    soft_max: Decimal
    instead: OxygenDevice | None = None


@dataclass(frozen=True)
class OxygenationRules:
    """How FiO₂ is paired with a blood gas and estimated from devices."""

    pairing_max_gap_minutes: int
    estimates: tuple[FiO2EstimateTable, ...]
    flows: tuple[FlowRange, ...] = ()

    def estimate_table(self, device: OxygenDevice) -> FiO2EstimateTable | None:
        """The estimate table for ``device``, or None if the protocol gives none."""
        return next((t for t in self.estimates if t.device == device), None)

    def flow_range(self, device: OxygenDevice) -> FlowRange | None:
        """The flow range of ``device``, or None if the protocol gives none."""
        return next((f for f in self.flows if f.device == device), None)


@dataclass(frozen=True)
class OutcomeRules:
    """Parameters of the outcome computations."""

    mortality_day: int
    negativity_consecutive_negatives: int
    negativity_min_gap_hours: int


@dataclass(frozen=True)
class Protocol:
    """A whole study protocol, validated at load."""

    schema_version: int
    study: Study
    arms: tuple[Arm, ...]
    """UNBLINDED DATA: only unblinded roles may see arm codes and names."""
    inclusion: tuple[Criterion, ...]
    exclusion: tuple[Criterion, ...]
    thresholds: Thresholds
    visits: tuple[VisitDefinition, ...]
    labs: tuple[LabTest, ...]
    dose: DoseRule
    infusion_vitals: InfusionVitalsSchedule
    plausibility: tuple[PlausibilityRange, ...]
    oxygenation: OxygenationRules
    outcomes: OutcomeRules
    source_path: Path
    fingerprint: str
    """SHA-256 (hex) of the file's bytes; store it with every record made under it."""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Inclusion criteria, then exclusion criteria, in file order."""
        return self.inclusion + self.exclusion

    def range_for(self, field: str) -> PlausibilityRange | None:
        """The plausibility range of ``field``, or None if the protocol has none."""
        return next((r for r in self.plausibility if r.field == field), None)

    def lab(self, code: str) -> LabTest | None:
        """The lab test with this code, or None."""
        return next((t for t in self.labs if t.code == code), None)
