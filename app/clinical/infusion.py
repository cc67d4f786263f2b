"""The weight-based dose and the vital-signs timepoints around an infusion.

Both arms get the same bag volume and the same observation schedule, so nothing on the
ward reveals the arm; the cell count is for the (unblinded) pharmacist's worksheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.parsing import format_number, optional_int, parse_decimal, require_datetime
from app.clinical.plausibility import check_value
from app.protocol.model import InfusionVitalsSchedule, Protocol
from app.sentences import QT_TRANSLATE_NOOP

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Dose:
    """The dose for one participant from the protocol's rule and the weight used."""

    weight_kg: Decimal
    total_cells: Decimal
    """Cells for the active arm: cells_per_kg × weight_kg, unrounded."""
    volume_ml: Decimal
    placebo_volume_ml: Decimal
    confirmations: tuple[Message, ...]
    """Soft messages (an unusual weight) the user must confirm before printing."""

    @property
    def total_cells_text(self) -> str:
        """The cell count in scientific notation, e.g. ``"7.25 × 10⁷"``."""
        return scientific(self.total_cells)


def scientific(value: Decimal) -> str:
    """``Decimal(72500000)`` -> ``"7.25 × 10⁷"`` (up to three decimals in the mantissa)."""
    if value == 0:
        return "0"
    exponent = value.adjusted()
    mantissa = (value.scaleb(-exponent)).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    return f"{format_number(mantissa)} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def compute_dose(weight_kg: object, protocol: Protocol) -> Dose:
    """Cells = ``protocol.dose.cells_per_kg`` × weight, checked against the weight ranges.

    A weight outside the hard range is refused with ValidationError (a 700 kg typo would
    mean a tenfold dose); outside the soft range it is returned with a confirmation.
    """
    weight_range = protocol.range_for("weight_kg")
    if weight_range is None:
        raise ValidationError(
            "weight_kg",
            QT_TRANSLATE_NOOP(
                "Infusion", "The protocol has no plausibility range for weight."
            ).said(),
        )
    if weight_kg is None:
        raise ValidationError(
            "weight_kg",
            QT_TRANSLATE_NOOP("Infusion", "Enter the weight in kg used for the dose.").said(),
        )
    found = check_value("weight_kg", weight_kg, (weight_range,))
    hard = [m for m in found if m.severity is Severity.HARD]
    if hard:
        raise ValidationError("weight_kg", hard[0].text)
    weight = parse_decimal(weight_kg, "weight_kg")
    rule = protocol.dose
    return Dose(
        weight_kg=weight,
        total_cells=rule.cells_per_kg * weight,
        volume_ml=rule.volume_ml,
        placebo_volume_ml=rule.placebo_volume_ml,
        confirmations=found,
    )


class Anchor(StrEnum):
    """What a timepoint's offset counts from."""

    BEFORE_START = "before_start"
    START = "start"
    END = "end"


@dataclass(frozen=True)
class VitalsTimepoint:
    """One row of the infusion vitals grid."""

    code: str
    label_en: str
    label_zh: str
    anchor: Anchor
    offset_minutes: int

    def due_at(self, started_at: object, ended_at: object = None) -> datetime | None:
        """Planned time given the actual start (and end, once known); None if not yet known.

        The pre-infusion row is due at (before) the start.
        """
        start = require_datetime(started_at, "started_at")
        anchor = start
        if self.anchor is Anchor.END:
            if ended_at is None:
                return None
            anchor = require_datetime(ended_at, "ended_at")
            if anchor < start:
                raise ValidationError(
                    "ended_at",
                    QT_TRANSLATE_NOOP(
                        "Infusion", "The infusion cannot end before it starts."
                    ).said(),
                )
        try:
            return anchor + timedelta(minutes=self.offset_minutes)
        except OverflowError:
            raise ValidationError(
                "started_at",
                QT_TRANSLATE_NOOP("Infusion", "The infusion time is out of range.").said(),
            ) from None


def _after_label(minutes: int) -> tuple[str, str]:
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} h after end", f"输注结束后 {hours} 小时"
    return f"{minutes} min after end", f"输注结束后 {minutes} 分钟"


def infusion_timepoints(
    schedule: InfusionVitalsSchedule, duration_minutes: object = None
) -> tuple[VitalsTimepoint, ...]:
    """The vitals timepoints in order, for an infusion of ``duration_minutes``.

    Without a duration the protocol's expected duration is used (40 min for
    NCT04339660: before, 15, 30 min, end, then 1, 2, 6 and 24 h after the end).
    """
    duration = optional_int(duration_minutes, "duration_minutes", 1, 24 * 60)
    if duration is None:
        duration = schedule.expected_duration_minutes
    points: list[VitalsTimepoint] = []
    if schedule.before_start:
        points.append(VitalsTimepoint("PRE", "Before infusion", "输注前", Anchor.BEFORE_START, 0))
    for minute in range(schedule.during_every_minutes, duration, schedule.during_every_minutes):
        points.append(
            VitalsTimepoint(
                f"DUR{minute}",
                f"{minute} min into infusion",
                f"输注开始后 {minute} 分钟",
                Anchor.START,
                minute,
            )
        )
    if schedule.at_end:
        points.append(VitalsTimepoint("END", "End of infusion", "输注结束", Anchor.END, 0))
    for minute in schedule.after_end_minutes:
        label_en, label_zh = _after_label(minute)
        points.append(VitalsTimepoint(f"POST{minute}", label_en, label_zh, Anchor.END, minute))
    return tuple(points)
