"""The oxygenation form's check: SpO₂ with its oxygen context, a blood gas with its FiO₂.

:func:`assess_oxygenation` is the form's whole check: it never raises, and returns the
messages (hard refuse, soft ask to confirm) with everything it could compute: the
FiO₂ (set, measured, or estimated from device and flow by the protocol's table), the
PaO₂ in mmHg (converted once, exactly, from kPa), the P/F ratio with its Berlin band
(only for a blood gas and FiO₂ within the protocol's pairing gap), and the S/F
estimate (never above SpO₂ 97 %). :func:`fio2_convention` says how the FiO₂ is
obtained on a device.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.fio2 import (
    FiO2Reading,
    check_flow,
    device_word,
    estimate_fio2,
    parse_oxygen_device,
    recorded_fio2,
)
from app.clinical.oxygenation import (
    PFBand,
    PFResult,
    SFEstimate,
    paired_pf_ratio,
    sf_ratio_estimate,
)
from app.clinical.parsing import format_number, parse_decimal
from app.clinical.plausibility import check_value, has_hard
from app.clinical.units import MMHG_PER_KPA, PressureReading, PressureUnit, parse_pressure
from app.protocol import Protocol
from app.protocol.model import SET_FIO2_DEVICES, OxygenDevice
from app.sentences import QT_TRANSLATE_NOOP

MAX_TEXT = 12
MAX_DECIMAL_TEXT = 32
FUTURE_SLACK = timedelta(minutes=5)
BAND_WORDS = {
    PFBand.ABOVE_300: "above 300: outside the Berlin ARDS range",
    PFBand.MILD: "mild (Berlin: > 200 and ≤ 300 mmHg)",
    PFBand.MODERATE: "moderate (Berlin: > 100 and ≤ 200 mmHg)",
    PFBand.SEVERE: "severe (Berlin: ≤ 100 mmHg)",
}

_SAY = {
    "long": QT_TRANSLATE_NOOP("Oxygenation", "{label} is too long to be a number."),
    "the_flow": QT_TRANSLATE_NOOP("Oxygenation", "The flow"),
    "when": QT_TRANSLATE_NOOP("Oxygenation", "Enter the date and time of the measurement."),
    "future": QT_TRANSLATE_NOOP("Oxygenation", "The measurement time is in the future."),
    "device": QT_TRANSLATE_NOOP("Oxygenation", "Choose how oxygen is given (room air if none)."),
    "at_rest": QT_TRANSLATE_NOOP("Oxygenation", "Say whether the SpO₂ was taken at rest."),
    "nothing": QT_TRANSLATE_NOOP("Oxygenation", "Enter an SpO₂, a blood gas (PaO₂), or both."),
    "fio2_at": QT_TRANSLATE_NOOP("Oxygenation", "Enter when the FiO₂ was read."),
    "kpa": QT_TRANSLATE_NOOP("Oxygenation", "{kpa} kPa is {mmhg} mmHg. {message}"),
    "typed_kpa": QT_TRANSLATE_NOOP(
        "Oxygenation", "{message} Was it typed in kPa? Then choose kPa."
    ),
    "mode": QT_TRANSLATE_NOOP(
        "Oxygenation",
        "A blood gas needs the FiO₂ of that moment: choose set, measured or estimated.",
    ),
    "how": QT_TRANSLATE_NOOP("Oxygenation", "Choose how the FiO₂ was obtained."),
    "fraction": QT_TRANSLATE_NOOP("Oxygenation", "Enter the FiO₂ as a fraction, e.g. 0.40."),
    "room_air": QT_TRANSLATE_NOOP("Oxygenation", "Room air: FiO₂ is 0.21."),
    "set": QT_TRANSLATE_NOOP(
        "Oxygenation",
        "On a {device} the FiO₂ is set on the device: record the set (or measured) value.",
    ),
    "no_table": QT_TRANSLATE_NOOP(
        "Oxygenation", "The protocol has no estimate table for a {device}: record a measured FiO₂."
    ),
    "table": QT_TRANSLATE_NOOP(
        "Oxygenation",
        "Estimate for a {device} by the protocol table: {rows}; linear between rows, "
        "{top} above {last} L/min, refused above {high} L/min.",
    ),
}


class FiO2Mode(StrEnum):
    """How the FiO₂ was obtained (stored in ``fio2_source``)."""

    SET = "set"
    """Read off the blender, Venturi valve or ventilator."""
    MEASURED = "measured"
    """Measured with an oxygen analyser."""
    ESTIMATED = "estimated"
    """Estimated from a low-flow device and its flow by the protocol's table."""


@dataclass(frozen=True)
class OxygenationEntry:
    """What the oxygenation form hands over; numbers as typed, times timezone-aware."""

    measured_at: datetime | None
    o2_device: str
    o2_flow_l_min: str | None = None
    spo2_percent: str | None = None
    at_rest: bool | None = None
    pao2_entered: str | None = None
    pao2_unit: str = PressureUnit.MMHG.value
    fio2_mode: str | None = None
    fio2_entered: str | None = None
    """A fraction (0.21–1.00), when the FiO₂ was set or measured."""
    fio2_at: datetime | None = None
    """When the FiO₂ was read; paired with the blood-gas time."""
    visit_code: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class OxygenationAssessment:
    """Messages about an entry and what could be computed from it."""

    messages: tuple[Message, ...]
    fio2: FiO2Reading | None = None
    pao2: PressureReading | None = None
    pf: PFResult | None = None
    sf: SFEstimate | None = None
    sf_refused: str | None = None
    """Why no S/F was computed (SpO₂ above 97 %), when there was an SpO₂ and an FiO₂."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def refused(self) -> bool:
        return has_hard(self.messages)


def _hard(name: str, text: str, code: str = "invalid") -> Message:
    return Message(name, text, Severity.HARD, code)


def typed_text(text: str | None) -> str:
    """The text as typed, without the spaces around it ("" for None)."""
    return (text or "").strip()


# Rule field names → the entry's (and the form's) field names.
_FIELD_OF = {
    "flow_l_min": "o2_flow_l_min",
    "oxygen_device": "o2_device",
    "fio2_fraction": "fio2_entered",
    "pao2": "pao2_entered",
    "pao2_unit": "pao2_unit",
    "spo2_percent": "spo2_percent",
    "fio2_at": "fio2_at",
    "blood_gas_at": "measured_at",
}


def _from_rule(exc: ValidationError, default: str) -> Message:
    return _hard(_FIELD_OF.get(exc.field, default), exc.message, "rule")


def decimal_text(value: Decimal) -> str:
    """Exact decimal text, never in exponent form, at most 32 characters."""
    text = format_number(value)
    if len(text) > MAX_DECIMAL_TEXT:
        places = max(0, MAX_DECIMAL_TEXT - len(str(abs(int(value)))) - 2)
        text = format_number(value.quantize(Decimal(1).scaleb(-min(places, 20))))
    return text


def _too_long(name: str, text: str, label: str) -> Message | None:
    return _hard(name, _SAY["long"].format(label=label), "long") if len(text) > MAX_TEXT else None


def assess_oxygenation(
    protocol: Protocol, entry: OxygenationEntry, *, now: datetime | None = None
) -> OxygenationAssessment:
    """Check an entry and compute what it allows (see the module doc). Never raises."""
    ranges = protocol.plausibility
    out: list[Message] = []
    moment = now or datetime.now().astimezone()
    if entry.measured_at is None:
        out.append(_hard("measured_at", _SAY["when"].said(), "required"))
    elif entry.measured_at > moment + FUTURE_SLACK:
        out.append(_hard("measured_at", _SAY["future"].said(), "future"))
    try:
        device: OxygenDevice | None = parse_oxygen_device(entry.o2_device)
    except ValidationError:
        device = None
        out.append(_hard("o2_device", _SAY["device"].said(), "required"))
    flow_text = typed_text(entry.o2_flow_l_min)
    if flow_text and (problem := _too_long("o2_flow_l_min", flow_text, _SAY["the_flow"].said())):
        out.append(problem)
        flow_text = ""
    spo2_text = typed_text(entry.spo2_percent)
    spo2_ok = False
    if spo2_text:
        found = list(check_value("spo2_percent", spo2_text[:MAX_TEXT], ranges))
        out += found
        spo2_ok = not has_hard(found) and len(spo2_text) <= MAX_TEXT
        if entry.at_rest is None:
            out.append(_hard("at_rest", _SAY["at_rest"].said(), "required"))
    pao2 = _pao2(protocol, entry, out)
    if not spo2_text and not typed_text(entry.pao2_entered):
        out.append(_hard("spo2_percent", _SAY["nothing"].said(), "required"))
    flow_refused = False
    if device is not None and flow_text:
        flow_message = _flow(protocol, device, flow_text)
        if flow_message is not None:
            out.append(flow_message)
            flow_refused = flow_message.severity is Severity.HARD
    fio2 = (
        None
        if device is None or flow_refused
        else _fio2(protocol, entry, device, flow_text, pao2, out)
    )
    pf = None
    if pao2 is not None and fio2 is not None and entry.measured_at is not None:
        if entry.fio2_at is None:
            out.append(_hard("fio2_at", _SAY["fio2_at"].said(), "required"))
        else:
            try:
                pf = paired_pf_ratio(
                    pao2,
                    entry.measured_at,
                    fio2,
                    entry.fio2_at,
                    protocol.oxygenation.pairing_max_gap_minutes,
                )
            except ValidationError as exc:
                out.append(_from_rule(exc, "fio2_at"))
    sf, sf_refused = None, None
    if spo2_ok and fio2 is not None:
        try:
            sf = sf_ratio_estimate(spo2_text, fio2.fio2_fraction)
        except ValidationError as exc:
            sf_refused = exc.message
    notes = (fio2.note_en,) if fio2 is not None else ()
    return OxygenationAssessment(tuple(out), fio2, pao2, pf, sf, sf_refused, notes)


def _flow(protocol: Protocol, device: OxygenDevice, flow_text: str) -> Message | None:
    """The protocol's flow range for the device; a flow that is not a number is left to
    the FiO₂ rules, which say so."""
    try:
        flow = parse_decimal(flow_text, "o2_flow_l_min")
    except ValidationError:
        return None
    return check_flow(device, flow, protocol.oxygenation, "o2_flow_l_min")


def _pao2(
    protocol: Protocol, entry: OxygenationEntry, out: list[Message]
) -> PressureReading | None:
    text = typed_text(entry.pao2_entered)
    if not text:
        return None
    if problem := _too_long("pao2_entered", text, "PaO₂"):
        out.append(problem)
        return None
    try:
        reading = parse_pressure(text, entry.pao2_unit)
    except ValidationError as exc:
        out.append(_from_rule(exc, "pao2_entered"))
        return None
    mmhg = reading.mmhg.quantize(Decimal("0.1"))
    found = check_value("pao2_mmhg", mmhg, protocol.plausibility)
    for message in found:
        text_out = message.text
        if reading.unit is PressureUnit.KPA:
            text_out = _SAY["kpa"].format(
                kpa=format_number(reading.value), mmhg=format_number(mmhg), message=text_out
            )
        elif message.severity is Severity.HARD and reading.value * MMHG_PER_KPA <= 2000:
            text_out = _SAY["typed_kpa"].format(message=text_out)
        out.append(Message("pao2_entered", text_out, message.severity, message.code))
    return None if has_hard(found) else reading


def _fio2(
    protocol: Protocol,
    entry: OxygenationEntry,
    device: OxygenDevice,
    flow_text: str,
    pao2: PressureReading | None,
    out: list[Message],
) -> FiO2Reading | None:
    mode = entry.fio2_mode
    if mode is None and device is OxygenDevice.ROOM_AIR:
        mode = FiO2Mode.ESTIMATED.value
    if mode is None:
        if pao2 is not None:
            out.append(_hard("fio2_mode", _SAY["mode"].said(), "required"))
        return None
    if mode not in tuple(FiO2Mode):
        out.append(_hard("fio2_mode", _SAY["how"].said(), "required"))
        return None
    flow = flow_text or None
    if mode == FiO2Mode.ESTIMATED:
        try:
            return estimate_fio2(device, flow, protocol.oxygenation)
        except ValidationError as exc:
            target = "fio2_mode" if exc.field == "fio2_fraction" else "o2_flow_l_min"
            out.append(_hard(target, exc.message, "estimate"))
            return None
    typed = typed_text(entry.fio2_entered)
    if not typed:
        out.append(_hard("fio2_entered", _SAY["fraction"].said(), "required"))
        return None
    if problem := _too_long("fio2_entered", typed, "FiO₂"):
        out.append(problem)
        return None
    found = [
        Message("fio2_entered", m.text, m.severity, m.code)
        for m in check_value("fio2_fraction", typed, protocol.plausibility)
    ]
    out += found
    if has_hard(found):
        return None
    try:
        return recorded_fio2(typed, device, flow)
    except ValidationError as exc:
        out.append(_from_rule(exc, "fio2_entered"))
        return None


def fio2_convention(protocol: Protocol, device: object) -> str:
    """How the FiO₂ is obtained on ``device``: the protocol's table, or "set on device"."""
    try:
        chosen = parse_oxygen_device(device)
    except ValidationError:
        return ""
    label = device_word(chosen)
    if chosen is OxygenDevice.ROOM_AIR:
        return _SAY["room_air"].said()
    if chosen in SET_FIO2_DEVICES:
        return _SAY["set"].format(device=label)
    table = protocol.oxygenation.estimate_table(chosen)
    if table is None:
        return _SAY["no_table"].format(device=label)
    rows = ", ".join(f"{format_number(f)} L/min → {v:.2f}" for f, v in table.points)
    last = format_number(table.points[-1][0])
    return _SAY["table"].format(
        device=label,
        rows=rows,
        top=f"{table.points[-1][1]:.2f}",
        last=last,
        high=format_number(table.max_flow_l_min),
    )
