"""P/F ratio with its Berlin band, the S/F estimate, and pairing a blood gas with its FiO₂.

All arithmetic is Decimal. A P/F ratio is kept unrounded, and compared with thresholds
at 0.01 mmHg (rounded half-up, :func:`pf_for_comparison`): 300 and 300.004 count as
300.00 (≤ 300), 300.005 and 300.01 do not. Without that step a PaO₂ typed in kPa could
land a hair above a threshold its printed value equals: 300 mmHg is 39.9967 kPa, so
39.997 kPa is 300.0021 mmHg, which is shown and judged as 300.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.clinical.errors import ValidationError
from app.clinical.fio2 import FiO2Reading, parse_fio2_fraction
from app.clinical.parsing import parse_decimal, require_datetime, require_int
from app.clinical.units import PressureReading
from app.sentences import QT_TRANSLATE_NOOP

_MAX_PAO2_MMHG = Decimal(2000)
_MAX_RATIO = Decimal(10000)

# Rice et al. 2007 (Chest 132:410): published S/F cut-offs matching P/F 300 and 200.
# The fitted line S/F = 64 + 0.84 × P/F gives 316 and 232; the paper's values are shown.
SF_EQUIVALENT_OF_PF_300 = Decimal(315)
SF_EQUIVALENT_OF_PF_200 = Decimal(235)
# Above 97 % the oxyhaemoglobin curve is flat and SpO₂ no longer tracks PaO₂.
SF_MAX_SPO2_PERCENT = Decimal(97)


PF_COMPARISON_QUANTUM = Decimal("0.01")


def pf_for_comparison(pf_mmhg: object) -> Decimal:
    """The P/F value every threshold is compared with: rounded half-up to 0.01 mmHg."""
    ratio = parse_decimal(pf_mmhg, "pf_ratio_mmhg")
    if not Decimal(0) <= ratio <= _MAX_RATIO:
        raise ValidationError(
            "pf_ratio_mmhg",
            QT_TRANSLATE_NOOP("Oxygenation", "A P/F ratio must be between 0 and 10000.").said(),
        )
    return ratio.quantize(PF_COMPARISON_QUANTUM, rounding=ROUND_HALF_UP)


class PFBand(StrEnum):
    """Berlin 2012 band by P/F alone (the definition also needs PEEP/CPAP ≥ 5 cmH₂O)."""

    ABOVE_300 = "above_300"
    """Above 300 mmHg: outside the Berlin ARDS range."""
    MILD = "mild"
    """> 200 and ≤ 300 mmHg."""
    MODERATE = "moderate"
    """> 100 and ≤ 200 mmHg."""
    SEVERE = "severe"
    """≤ 100 mmHg."""


def pf_ratio_mmhg(pao2_mmhg: object, fio2_fraction: object) -> Decimal:
    """PaO₂ (mmHg) divided by FiO₂ (fraction 0.21-1.00), unrounded.

    ``pf_ratio_mmhg(60, "0.80") == 75``. An FiO₂ typed as a percentage is refused.
    """
    pao2 = parse_decimal(pao2_mmhg, "pao2_mmhg")
    if not Decimal(0) < pao2 <= _MAX_PAO2_MMHG:
        raise ValidationError(
            "pao2_mmhg",
            QT_TRANSLATE_NOOP("Oxygenation", "PaO₂ must be above 0 and at most 2000 mmHg.").said(),
        )
    return pao2 / parse_fio2_fraction(fio2_fraction)


def berlin_band(pf_mmhg: object) -> PFBand:
    """Berlin band of a P/F ratio (compared at 0.01 mmHg): 300 is mild, 200 moderate, 100 severe."""
    ratio = pf_for_comparison(pf_mmhg)
    if ratio <= 100:
        return PFBand.SEVERE
    if ratio <= 200:
        return PFBand.MODERATE
    if ratio <= 300:
        return PFBand.MILD
    return PFBand.ABOVE_300


def minutes_apart(blood_gas_at: object, fio2_at: object) -> Decimal:
    """Absolute time between the blood gas and the FiO₂ record, in minutes."""
    gas = require_datetime(blood_gas_at, "blood_gas_at")
    fio2 = require_datetime(fio2_at, "fio2_at")
    seconds = abs((gas - fio2).total_seconds())
    return Decimal(repr(seconds)) / 60


def check_pairing(blood_gas_at: object, fio2_at: object, max_gap_minutes: object) -> Decimal:
    """Refuse a blood gas and an FiO₂ taken more than ``max_gap_minutes`` apart.

    Returns the gap in minutes when the pair is acceptable; the limit is inclusive.
    """
    limit = require_int(max_gap_minutes, "max_gap_minutes", 0, 24 * 60)
    gap = minutes_apart(blood_gas_at, fio2_at)
    if gap > limit:
        raise ValidationError(
            "fio2_at",
            QT_TRANSLATE_NOOP(
                "Oxygenation",
                "The FiO₂ was recorded {gap} min from the blood gas; a P/F ratio needs "
                "them within {limit} min: record the FiO₂ at the time of the blood gas.",
            ).format(gap=f"{gap:.0f}", limit=limit),
        )
    return gap


@dataclass(frozen=True)
class PFResult:
    """A P/F ratio with what it was computed from."""

    pf_ratio_mmhg: Decimal
    band: PFBand
    pao2: PressureReading
    fio2: FiO2Reading
    minutes_apart: Decimal

    @property
    def fio2_estimated(self) -> bool:
        """True when the FiO₂ behind this ratio was an estimate from device and flow."""
        return self.fio2.is_estimate


def paired_pf_ratio(
    pao2: PressureReading,
    blood_gas_at: object,
    fio2: FiO2Reading,
    fio2_at: object,
    max_gap_minutes: object,
) -> PFResult:
    """P/F from a PaO₂ as entered and the FiO₂ of that moment, after checking the pairing.

    ``max_gap_minutes`` is normally ``protocol.oxygenation.pairing_max_gap_minutes``.
    """
    if not isinstance(pao2, PressureReading):
        raise ValidationError(
            "pao2", QT_TRANSLATE_NOOP("Oxygenation", "The blood gas has no PaO₂ reading.").said()
        )
    if not isinstance(fio2, FiO2Reading):
        raise ValidationError(
            "fio2", QT_TRANSLATE_NOOP("Oxygenation", "The blood gas has no FiO₂ reading.").said()
        )
    gap = check_pairing(blood_gas_at, fio2_at, max_gap_minutes)
    ratio = pf_ratio_mmhg(pao2.mmhg, fio2.fio2_fraction)
    return PFResult(ratio, berlin_band(ratio), pao2, fio2, gap)


@dataclass(frozen=True)
class SFEstimate:
    """An SpO₂/FiO₂ ratio. It is an estimate and must never be shown as a P/F."""

    sf_ratio: Decimal
    spo2_percent: Decimal
    fio2_fraction: Decimal
    label_en: str = "S/F ratio (estimate from SpO₂, not a measured P/F)"

    @property
    def suggests_pf_at_or_below_300(self) -> bool:
        """S/F ≤ 315 (Rice 2007; sensitivity 91 %, specificity only 56 %)."""
        return self.sf_ratio <= SF_EQUIVALENT_OF_PF_300

    @property
    def suggests_pf_at_or_below_200(self) -> bool:
        """S/F ≤ 235 (Rice 2007; sensitivity and specificity 85 %)."""
        return self.sf_ratio <= SF_EQUIVALENT_OF_PF_200


def sf_ratio_estimate(spo2_percent: object, fio2_fraction: object) -> SFEstimate:
    """SpO₂ (%) / FiO₂ (fraction), refused when SpO₂ is above 97 %.

    ``sf_ratio_estimate(97, "0.21")`` is computed; at 98 % it raises ValidationError.
    """
    spo2 = parse_decimal(spo2_percent, "spo2_percent")
    if not Decimal(0) < spo2 <= 100:
        raise ValidationError(
            "spo2_percent",
            QT_TRANSLATE_NOOP("Oxygenation", "SpO₂ must be above 0 and at most 100 %.").said(),
        )
    if spo2 > SF_MAX_SPO2_PERCENT:
        raise ValidationError(
            "spo2_percent",
            QT_TRANSLATE_NOOP(
                "Oxygenation",
                "An S/F ratio is not valid above SpO₂ 97 %: use a blood-gas P/F ratio instead.",
            ).said(),
        )
    fraction = parse_fio2_fraction(fio2_fraction)
    return SFEstimate(sf_ratio=spo2 / fraction, spo2_percent=spo2, fio2_fraction=fraction)
