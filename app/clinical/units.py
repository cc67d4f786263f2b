"""Blood-gas pressure units, kept as entered and converted once with the exact factor.

1 mmHg is defined as exactly 133.322387415 Pa, so 1 kPa = 1000 / 133.322387415 mmHg
(≈ 7.500616). The registration's "1 mmHg = 0.133 kPa" is a rounded value and is never
used for arithmetic: with it, 300 mmHg would be 39.9 kPa instead of 39.997 kPa.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.clinical.errors import ValidationError
from app.clinical.parsing import parse_decimal

PA_PER_MMHG = Decimal("133.322387415")
MMHG_PER_KPA = Decimal(1000) / PA_PER_MMHG
KPA_PER_MMHG = PA_PER_MMHG / Decimal(1000)

# Any partial pressure beyond this is a typing error in either unit; it also keeps the
# arithmetic far from Decimal overflow whatever is typed.
_MAX_MMHG = Decimal(2000)
_MAX_CONVERTIBLE = Decimal(10) ** 9


class PressureUnit(StrEnum):
    """Units a partial pressure may be entered in."""

    MMHG = "mmHg"
    KPA = "kPa"


def parse_pressure_unit(value: object, field: str = "unit") -> PressureUnit:
    """``"mmHg"``/``"kPa"`` (any case) or a PressureUnit; anything else is refused."""
    if isinstance(value, PressureUnit):
        return value
    if isinstance(value, str):
        for unit in PressureUnit:
            if value.strip().lower() == unit.value.lower():
                return unit
    raise ValidationError(field, f"{field} must be mmHg or kPa.")


def _convertible(value: object, field: str) -> Decimal:
    number = parse_decimal(value, field)
    if abs(number) > _MAX_CONVERTIBLE:
        raise ValidationError(field, f"{field} is far beyond any partial pressure.")
    return number


def kpa_to_mmhg(pressure_kpa: object) -> Decimal:
    """Convert kPa to mmHg with the exact definition (39.997 kPa -> 300.0021... mmHg)."""
    return _convertible(pressure_kpa, "pressure_kpa") * MMHG_PER_KPA


def mmhg_to_kpa(pressure_mmhg: object) -> Decimal:
    """Convert mmHg to kPa with the exact definition (300 mmHg -> 39.9967... kPa)."""
    return _convertible(pressure_mmhg, "pressure_mmhg") * KPA_PER_MMHG


@dataclass(frozen=True)
class PressureReading:
    """A partial pressure exactly as entered: the typed text and its unit.

    Store ``entered`` and ``unit``; derive ``mmhg`` when needed. Nothing is ever
    converted back and forth, so no rounding accumulates.
    """

    field: str
    entered: str
    unit: PressureUnit
    value: Decimal
    """The entered number, in ``unit``."""

    @property
    def mmhg(self) -> Decimal:
        """The value in mmHg, converted once from the entered unit."""
        return self.value if self.unit is PressureUnit.MMHG else kpa_to_mmhg(self.value)


def parse_pressure(value: object, unit: object, field: str = "pao2") -> PressureReading:
    """Check an entered partial pressure and keep it with its unit.

    Refuses non-numbers, zero or negative values and values beyond 2000 mmHg (or its kPa
    equivalent) with a ValidationError; range plausibility is left to the plausibility
    checks so a form can ask for confirmation rather than refuse.
    """
    pressure_unit = parse_pressure_unit(unit, f"{field}_unit")
    number = parse_decimal(value, field)
    limit = _MAX_MMHG if pressure_unit is PressureUnit.MMHG else mmhg_to_kpa(_MAX_MMHG)
    if not Decimal(0) < number <= limit:
        raise ValidationError(
            field, f"{field} must be above 0 and at most {limit:.0f} {pressure_unit.value}."
        )
    entered = value.strip() if isinstance(value, str) else str(number)
    return PressureReading(field=field, entered=entered, unit=pressure_unit, value=number)
