"""FiO₂: always a fraction 0.21-1.00, either set/measured or estimated from device and flow.

A percentage typed where a fraction is expected (40 for 0.40) is refused with the
fraction it probably meant, never silently divided by 100: the nurse confirms it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.parsing import format_number, parse_decimal
from app.protocol.model import SET_FIO2_DEVICES, OxygenationRules, OxygenDevice
from app.sentences import QT_TRANSLATE_NOOP, Template

ROOM_AIR_FIO2 = Decimal("0.21")
_MIN_FRACTION = ROOM_AIR_FIO2
_MAX_FRACTION = Decimal(1)
_MAX_FLOW_L_MIN = Decimal(80)
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")

# str() of each is the English label; :func:`device_word` says it in the installed language.
DEVICE_LABELS_EN: dict[OxygenDevice, Template] = {
    OxygenDevice.ROOM_AIR: QT_TRANSLATE_NOOP("FiO2", "room air"),
    OxygenDevice.NASAL_CANNULA: QT_TRANSLATE_NOOP("FiO2", "nasal cannula"),
    OxygenDevice.SIMPLE_MASK: QT_TRANSLATE_NOOP("FiO2", "simple face mask"),
    OxygenDevice.NON_REBREATHER_MASK: QT_TRANSLATE_NOOP(
        "FiO2", "mask with reservoir (non-rebreather)"
    ),
    OxygenDevice.VENTURI_MASK: QT_TRANSLATE_NOOP("FiO2", "Venturi mask"),
    OxygenDevice.HIGH_FLOW_NASAL_CANNULA: QT_TRANSLATE_NOOP("FiO2", "high-flow nasal cannula"),
    OxygenDevice.NIV_CPAP: QT_TRANSLATE_NOOP("FiO2", "NIV/CPAP"),
    OxygenDevice.INVASIVE_VENTILATION: QT_TRANSLATE_NOOP("FiO2", "invasive ventilator"),
}


def device_word(device: OxygenDevice) -> str:
    """The device's label (lower case, as in a sentence) in the installed language."""
    return DEVICE_LABELS_EN[device].said()


class FiO2Source(StrEnum):
    """Where an FiO₂ value came from; an estimate must never pass for a measurement."""

    SET_OR_MEASURED = "set_or_measured"
    ESTIMATED = "estimated"


@dataclass(frozen=True)
class FiO2Reading:
    """An FiO₂ fraction with its device, flow and provenance."""

    fio2_fraction: Decimal
    source: FiO2Source
    device: OxygenDevice
    flow_l_min: Decimal | None
    note_en: str
    """One sentence saying how the value was obtained, for the form and the audit trail."""

    @property
    def is_estimate(self) -> bool:
        """True when the FiO₂ was estimated from device and flow."""
        return self.source is FiO2Source.ESTIMATED


def _as_fraction_text(value: Decimal) -> str:
    return f"{value:.2f}" if value == value.quantize(_CENT) else format_number(value)


def percent_typed_as_fraction(number: Decimal) -> str | None:
    """For a value 21-100 typed into a fraction field, the sentence suggesting the fraction."""
    if Decimal(21) <= number <= _HUNDRED:
        return QT_TRANSLATE_NOOP("FiO2", "FiO₂ is a fraction: did you mean {fraction}?").format(
            fraction=_as_fraction_text(number / _HUNDRED)
        )
    return None


def parse_fio2_fraction(value: object, field: str = "fio2_fraction") -> Decimal:
    """Return FiO₂ as a fraction 0.21-1.00, or raise ValidationError.

    A value 21-100 is taken to be a percentage typed by mistake and refused with a
    suggestion: ``40`` -> "FiO₂ is a fraction: did you mean 0.40?".
    """
    number = parse_decimal(value, field)
    if _MIN_FRACTION <= number <= _MAX_FRACTION:
        return number
    hint = percent_typed_as_fraction(number)
    if hint is not None:
        raise ValidationError(field, hint)
    raise ValidationError(
        field,
        QT_TRANSLATE_NOOP(
            "FiO2", "FiO₂ must be a fraction between 0.21 (room air) and 1.00."
        ).said(),
    )


def fio2_fraction_from_percent(value: object, field: str = "fio2_percent") -> Decimal:
    """Convert an FiO₂ entered in a field labelled % (21-100) to a fraction.

    A value 0.21-1.00 in a percent field is refused with a suggestion, for the same
    reason as in :func:`parse_fio2_fraction`.
    """
    number = parse_decimal(value, field)
    if Decimal(21) <= number <= _HUNDRED:
        return number / _HUNDRED
    if _MIN_FRACTION <= number <= _MAX_FRACTION:
        suggestion = format_number(number * _HUNDRED)
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "FiO2", "FiO₂ here is a percentage: did you mean {percent} %?"
            ).format(percent=suggestion),
        )
    raise ValidationError(
        field,
        QT_TRANSLATE_NOOP(
            "FiO2", "FiO₂ must be a percentage between 21 (room air) and 100."
        ).said(),
    )


def parse_oxygen_device(value: object, field: str = "oxygen_device") -> OxygenDevice:
    """An OxygenDevice, or its value string (``"nasal_cannula"``)."""
    if isinstance(value, OxygenDevice):
        return value
    if isinstance(value, str):
        try:
            return OxygenDevice(value)
        except ValueError:
            pass
    choices = ", ".join(d.value for d in OxygenDevice)
    raise ValidationError(
        field,
        QT_TRANSLATE_NOOP("FiO2", "{field} must be one of {choices}.").format(
            field=field, choices=choices
        ),
    )


def _parse_flow(value: object, field: str = "flow_l_min") -> Decimal:
    flow = parse_decimal(value, field)
    if not Decimal(0) <= flow <= _MAX_FLOW_L_MIN:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("FiO2", "Oxygen flow must be between 0 and {high} L/min.").format(
                high=_MAX_FLOW_L_MIN
            ),
        )
    return flow


def recorded_fio2(fio2_fraction: object, device: object, flow_l_min: object = None) -> FiO2Reading:
    """An FiO₂ read off a blender/ventilator or measured with an analyser.

    On room air the only possible value is 0.21.
    """
    oxygen_device = parse_oxygen_device(device)
    fraction = parse_fio2_fraction(fio2_fraction)
    flow = None if flow_l_min is None else _parse_flow(flow_l_min)
    if oxygen_device is OxygenDevice.ROOM_AIR and fraction != ROOM_AIR_FIO2:
        raise ValidationError(
            "fio2_fraction", QT_TRANSLATE_NOOP("FiO2", "On room air FiO₂ is 0.21.").said()
        )
    label = device_word(oxygen_device)
    note = QT_TRANSLATE_NOOP("FiO2", "FiO₂ {fraction} set or measured on {device}.").format(
        fraction=_as_fraction_text(fraction), device=label
    )
    return FiO2Reading(fraction, FiO2Source.SET_OR_MEASURED, oxygen_device, flow, note)


def estimate_fio2(device: object, flow_l_min: object, rules: OxygenationRules) -> FiO2Reading:
    """Estimate FiO₂ from a low-flow device and its flow with the protocol's table.

    Room air is 0.21 (flow must be absent or 0). Devices whose FiO₂ is set on the device
    (HFNC, Venturi, NIV/CPAP, ventilator) are refused: record the set value instead.
    Between table rows the estimate is linear; beyond the last row it stays at the last
    row; the result is rounded to 0.01.
    """
    oxygen_device = parse_oxygen_device(device)
    label = device_word(oxygen_device)
    if oxygen_device is OxygenDevice.ROOM_AIR:
        if flow_l_min is not None and _parse_flow(flow_l_min) != 0:
            raise ValidationError(
                "flow_l_min",
                QT_TRANSLATE_NOOP("FiO2", "Room air has no oxygen flow: choose the device.").said(),
            )
        return FiO2Reading(
            ROOM_AIR_FIO2, FiO2Source.ESTIMATED, oxygen_device, None,
            QT_TRANSLATE_NOOP("FiO2", "Room air: FiO₂ 0.21.").said(),
        )  # fmt: skip
    if oxygen_device in SET_FIO2_DEVICES:
        raise ValidationError(
            "fio2_fraction",
            QT_TRANSLATE_NOOP(
                "FiO2",
                "FiO₂ on a {device} is set on the device: record the set value, not an estimate.",
            ).format(device=label),
        )
    table = rules.estimate_table(oxygen_device)
    if table is None:
        raise ValidationError(
            "fio2_fraction",
            QT_TRANSLATE_NOOP(
                "FiO2",
                "The protocol gives no FiO₂ estimate for a {device}: record a measured FiO₂.",
            ).format(device=label),
        )
    if flow_l_min is None:
        raise ValidationError(
            "flow_l_min",
            QT_TRANSLATE_NOOP("FiO2", "Enter the oxygen flow in L/min for the {device}.").format(
                device=label
            ),
        )
    flow = _parse_flow(flow_l_min)
    first_flow, last_flow = table.points[0][0], table.points[-1][0]
    if flow < first_flow or flow > table.max_flow_l_min:
        raise ValidationError(
            "flow_l_min",
            QT_TRANSLATE_NOOP(
                "FiO2",
                "An FiO₂ can be estimated for a {device} only from {low} to "
                "{high} L/min: record a measured FiO₂.",
            ).format(
                device=label,
                low=format_number(first_flow),
                high=format_number(table.max_flow_l_min),
            ),
        )
    fraction = _interpolate(table.points, flow).quantize(_CENT, rounding=ROUND_HALF_EVEN)
    if flow > last_flow:
        note = QT_TRANSLATE_NOOP(
            "FiO2",
            "FiO₂ {fraction} estimated from {device} at {flow} L/min by the protocol table"
            " (the table stops at {last} L/min, so the estimate is capped).",
        ).format(
            fraction=fraction, device=label, flow=format_number(flow), last=format_number(last_flow)
        )
    else:
        note = QT_TRANSLATE_NOOP(
            "FiO2", "FiO₂ {fraction} estimated from {device} at {flow} L/min by the protocol table."
        ).format(fraction=fraction, device=label, flow=format_number(flow))
    return FiO2Reading(fraction, FiO2Source.ESTIMATED, oxygen_device, flow, note)


def _interpolate(points: tuple[tuple[Decimal, Decimal], ...], flow: Decimal) -> Decimal:
    if flow >= points[-1][0]:
        return points[-1][1]
    for (flow_a, fio2_a), (flow_b, fio2_b) in itertools.pairwise(points):
        if flow_a <= flow <= flow_b:
            return fio2_a + (fio2_b - fio2_a) * (flow - flow_a) / (flow_b - flow_a)
    return points[0][1]


def check_flow(
    device: OxygenDevice, flow_l_min: Decimal, rules: OxygenationRules, field: str
) -> Message | None:
    """The protocol's flow range for ``device``: a hard message outside what the device
    can deliver (naming the device to record instead, where the protocol gives one), a
    soft one outside its usual flows, None when usual or when the protocol has no range.
    """
    label = device_word(device)
    flow = format_number(flow_l_min)
    if device is OxygenDevice.ROOM_AIR:
        if flow_l_min == 0:
            return None
        text = QT_TRANSLATE_NOOP(
            "FiO2", "Room air takes no oxygen flow: leave the flow blank, or choose the device."
        ).said()
        return Message(field, text, Severity.HARD, "room_air_flow")
    rng = rules.flow_range(device)
    if rng is None:
        return None
    low, high = format_number(rng.hard_min), format_number(rng.hard_max)
    if flow_l_min > rng.hard_max and rng.instead is not None:
        other = device_word(rng.instead)
        text = QT_TRANSLATE_NOOP(
            "FiO2",
            "A {device} delivers at most {high} L/min: at {flow} L/min record a {other} "
            "instead, or check the flow.",
        ).format(device=label, high=high, flow=flow, other=other)
        return Message(field, text, Severity.HARD, "flow_device")
    if not rng.hard_min <= flow_l_min <= rng.hard_max:
        text = QT_TRANSLATE_NOOP(
            "FiO2", "A {device} delivers {low}–{high} L/min, not {flow} L/min: check the flow."
        ).format(device=label, low=low, high=high, flow=flow)
        return Message(field, text, Severity.HARD, "flow_range")
    if not rng.soft_min <= flow_l_min <= rng.soft_max:
        usual = f"{format_number(rng.soft_min)}–{format_number(rng.soft_max)} L/min"
        text = QT_TRANSLATE_NOOP(
            "FiO2", "{flow} L/min is unusual on a {device} (expected {usual}): please confirm."
        ).format(flow=flow, device=label, usual=usual)
        return Message(field, text, Severity.SOFT, "flow_soft")
    return None
