"""The pure checks of each observation form.

Each ``check_*`` returns :class:`~app.clinical.errors.Message` objects keyed by the
entry's field names (:mod:`app.services.observation_entries`) and never raises for
anything a person can type. :mod:`app.services.observations` saves.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.fio2 import check_flow, parse_oxygen_device
from app.clinical.parsing import format_number
from app.clinical.plausibility import check_values
from app.clinical.who_scale import who_level
from app.protocol import OxygenDevice, Protocol
from app.protocol.model import LabUnit, OxygenationRules
from app.sentences import QT_TRANSLATE_NOOP, pick
from app.services.observation_entries import (
    DISPOSITIONS,
    MODALITIES,
    RESULTS,
    SPECIMENS,
    STATUS_AFTER,
    SYMPTOMS,
    UNSCHEDULED,
    DispositionEntry,
    EntryRefused,
    ImagingEntry,
    LabPanelEntry,
    LabValueEntry,
    M,
    NucleicAcidEntry,
    Saved,
    SymptomEntry,
    VitalSignsEntry,
    WhoScoreEntry,
)
from app.services.observation_fields import (
    CLOCK_DRIFT,
    blank,
    hard,
    in_window,
    lab_number,
    not_in_future,
    number_in,
    visit_codes,
    visit_messages,
)
from app.services.observation_fields import (
    _decimal as _decimal,
)

__all__ = [
    "CLOCK_DRIFT",
    "DISPOSITIONS",
    "MODALITIES",
    "RESULTS",
    "SPECIMENS",
    "STATUS_AFTER",
    "SYMPTOMS",
    "UNSCHEDULED",
    "DispositionEntry",
    "EntryRefused",
    "ImagingEntry",
    "LabPanelEntry",
    "LabValueEntry",
    "M",
    "NucleicAcidEntry",
    "Saved",
    "SymptomEntry",
    "VitalSignsEntry",
    "WhoScoreEntry",
    "blank",
    "check_disposition",
    "check_imaging",
    "check_lab_panel",
    "check_nucleic_acid",
    "check_symptom",
    "check_vital_signs",
    "check_who_score",
    "hard",
    "in_window",
    "lab_field",
    "lab_number",
    "not_in_future",
    "number_in",
    "symptom_field",
    "visit_codes",
]

# What the checks say (the table keeps the call sites short).
_SAY = {
    "no_vitals": QT_TRANSLATE_NOOP("Observations", "Enter at least one measurement."),
    "whole": QT_TRANSLATE_NOOP("Observations", "{label} is a whole number."),
    "device": QT_TRANSLATE_NOOP("Observations", "Choose the oxygen device from the list."),
    "flow_device": QT_TRANSLATE_NOOP("Observations", "Choose the oxygen device for this flow."),
    "flow": QT_TRANSLATE_NOOP("Observations", "Oxygen flow"),
    "room_air": QT_TRANSLATE_NOOP("Observations", "On room air FiO₂ is 0.21."),
    "no_result": QT_TRANSLATE_NOOP("Observations", "Enter at least one result."),
    "analyte": QT_TRANSLATE_NOOP("Observations", "{code} is not in this study's panel."),
    "lab_number": QT_TRANSLATE_NOOP(
        "Observations", "{test} must be a number (a leading < or > is allowed)."
    ),
    "no_unit": QT_TRANSLATE_NOOP("Observations", "Choose the unit: {units}."),
    "unit": QT_TRANSLATE_NOOP("Observations", "{unit} is not a unit for {test}: choose {units}."),
    "reference": QT_TRANSLATE_NOOP(
        "Observations", "The reference limit must be a number, 0 or more."
    ),
    "reference_order": QT_TRANSLATE_NOOP(
        "Observations", "The lower reference limit is above the upper one: check both."
    ),
    "hard_range": QT_TRANSLATE_NOOP(
        "Observations",
        "{shown} is outside the possible range {limits}: check the value and that "
        "the unit is {unit}.",
    ),
    "soft_range": QT_TRANSLATE_NOOP(
        "Observations", "{shown} is unusual (expected {limits}): please confirm."
    ),
    "modality": QT_TRANSLATE_NOOP("Observations", "Choose CT or chest X-ray."),
    "extent": QT_TRANSLATE_NOOP("Observations", "Lesion extent"),
    "symptom": QT_TRANSLATE_NOOP("Observations", "Choose a listed symptom."),
    "no_onset": QT_TRANSLATE_NOOP("Observations", "Enter when it started as well."),
    "before_onset": QT_TRANSLATE_NOOP(
        "Observations", "It cannot resolve before it started: check both dates."
    ),
    "specimen": QT_TRANSLATE_NOOP("Observations", "Choose the specimen from the list."),
    "result": QT_TRANSLATE_NOOP("Observations", "Choose positive, negative or indeterminate."),
    "who_score": QT_TRANSLATE_NOOP("Observations", "Choose a WHO score from 0 to 10."),
    "who_dead": QT_TRANSLATE_NOOP(
        "Observations",
        "Score 10 means the participant died: record the death as the disposition too.",
    ),
    "kind": QT_TRANSLATE_NOOP("Observations", "Choose how participation ended."),
    "no_reason": QT_TRANSLATE_NOOP("Observations", "Give the reason for the withdrawal."),
}


_PLAUSIBILITY = {
    "temperature_c": "temperature_celsius",
    "heart_rate_per_min": "heart_rate_per_min",
    "respiratory_rate_per_min": "respiratory_rate_per_min",
    "systolic_bp_mmhg": "systolic_bp_mmhg",
    "diastolic_bp_mmhg": "diastolic_bp_mmhg",
    "spo2_percent": "spo2_percent",
    "fio2_fraction": "fio2_fraction",
}
_FROM_PLAUSIBILITY = {v: k for k, v in _PLAUSIBILITY.items()}
_WHOLE = ("heart_rate_per_min", "respiratory_rate_per_min", "systolic_bp_mmhg",
          "diastolic_bp_mmhg", "spo2_percent")  # fmt: skip


def check_vital_signs(
    protocol: Protocol, entry: VitalSignsEntry, now: datetime | None = None,
    *, day0: date | None = None,
) -> tuple[Message, ...]:  # fmt: skip
    """Protocol plausibility ranges and the BP cross-check, whole numbers, oxygen context,
    and (given the participant's ``day0``) the visit's window."""
    found = visit_messages(entry.visit_code, protocol)
    found += not_in_future("measured_at", entry.measured_at, now)
    if not found:
        found += in_window(protocol, day0, entry.visit_code, entry.measured_at, "measured_at")
    typed = {n: getattr(entry, n).strip() for n in _PLAUSIBILITY if not blank(getattr(entry, n))}
    if not typed:
        found.append(hard("temperature_c", _SAY["no_vitals"].said(), "empty"))
    checked = check_values({_PLAUSIBILITY[n]: t for n, t in typed.items()}, protocol.plausibility)
    found += [Message(_FROM_PLAUSIBILITY[m.field], m.text, m.severity, m.code) for m in checked]
    for name in _WHOLE:
        number = _decimal(typed.get(name))
        if number is not None and number != number.to_integral_value():
            rng = protocol.range_for(_PLAUSIBILITY[name])
            label = pick(rng.label_en, rng.label_zh) if rng else name
            found.append(hard(name, _SAY["whole"].format(label=label), "not_whole"))
    return tuple(found + _oxygen(entry, protocol.oxygenation))


def _oxygen(entry: VitalSignsEntry, rules: OxygenationRules) -> list[Message]:
    device: OxygenDevice | None = None
    if not blank(entry.o2_device):
        try:
            device = parse_oxygen_device(entry.o2_device, "o2_device")
        except ValidationError:
            return [hard("o2_device", _SAY["device"].said(), "device")]
    found: list[Message] = []
    if not blank(entry.o2_flow_l_min):
        if device is None:
            found.append(hard("o2_device", _SAY["flow_device"].said(), "device"))
        found += number_in("o2_flow_l_min", entry.o2_flow_l_min, _SAY["flow"].said(),
                           Decimal(0), Decimal(80), "L/min")  # fmt: skip
        flow = _decimal(entry.o2_flow_l_min)
        if device is not None and flow is not None and not found:
            checked = check_flow(device, flow, rules, "o2_flow_l_min")
            found += [] if checked is None else [checked]
    fio2 = _decimal(entry.fio2_fraction)
    if device is OxygenDevice.ROOM_AIR and fio2 is not None and fio2 != Decimal("0.21"):
        found.append(hard("fio2_fraction", _SAY["room_air"].said(), "room_air_fio2"))
    return found


def lab_field(analyte_code: str, part: str) -> str:
    """The message field of one part of one analyte's row: ``"CRP.unit"``."""
    return f"{analyte_code}.{part}"


def check_lab_panel(
    protocol: Protocol, entry: LabPanelEntry, now: datetime | None = None,
    *, day0: date | None = None,
) -> tuple[Message, ...]:  # fmt: skip
    """Each value a number with a unit from its analyte's list inside the protocol's
    ranges for that unit, and (given ``day0``) the visit's window."""
    found = visit_messages(entry.visit_code, protocol) + not_in_future(
        "sampled_at", entry.sampled_at, now
    )
    if not found:
        found += in_window(protocol, day0, entry.visit_code, entry.sampled_at, "sampled_at")
    if not any(not blank(v.value_entered) for v in entry.values):
        found.append(hard("values", _SAY["no_result"].said(), "empty"))
    for value in entry.values:
        found += _check_lab_value(protocol, value)
    return tuple(found)


def _check_lab_value(protocol: Protocol, value: LabValueEntry) -> list[Message]:
    code = value.analyte_code
    test = protocol.lab(code)
    if test is None:
        text = _SAY["analyte"].format(code=code)
        return [hard(lab_field(code, "value"), text, "analyte")]
    if blank(value.value_entered):
        return []
    found: list[Message] = []
    parsed = lab_number(value.value_entered)
    if parsed is None:
        text = _SAY["lab_number"].format(test=pick(test.name_en, test.name_zh))
        found.append(hard(lab_field(code, "value"), text, "not_a_number"))
    units = ", ".join(u.label for u in test.units)
    unit = None if blank(value.unit) else test.unit((value.unit or "").strip())
    if blank(value.unit):
        found.append(hard(lab_field(code, "unit"), _SAY["no_unit"].format(units=units), "no_unit"))
    elif unit is None:
        text = _SAY["unit"].format(
            unit=value.unit, test=pick(test.name_en, test.name_zh), units=units
        )
        found.append(hard(lab_field(code, "unit"), text, "unit"))
    if parsed is not None and unit is not None and unit.range is not None:
        typed = unicodedata.normalize("NFKC", value.value_entered or "").strip()
        shown = f"{pick(test.name_en, test.name_zh)} {typed} {unit.label}"
        found += _lab_range(shown, code, parsed[1], unit)
    bounds: list[Decimal] = []
    for part in ("reference_low", "reference_high"):
        typed = getattr(value, part)
        if blank(typed):
            continue
        number = _decimal(typed)
        if number is None or number < 0:
            text = _SAY["reference"].said()
            found.append(hard(lab_field(code, part), text, "reference"))
        else:
            bounds.append(number)
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        text = _SAY["reference_order"].said()
        found.append(hard(lab_field(code, "reference_high"), text, "reference_order"))
    return found


def _lab_range(shown: str, code: str, number: Decimal, unit: LabUnit) -> list[Message]:
    """Hard and soft plausibility of one lab value in its unit (the protocol's ranges)."""
    rng = unit.range
    assert rng is not None
    field = lab_field(code, "value")
    if not rng.hard_min <= number <= rng.hard_max:
        limits = f"{format_number(rng.hard_min)}–{format_number(rng.hard_max)} {unit.label}"
        text = _SAY["hard_range"].format(shown=shown, limits=limits, unit=unit.label)
        return [hard(field, text, "hard_range")]
    if not rng.soft_min <= number <= rng.soft_max:
        limits = f"{format_number(rng.soft_min)}–{format_number(rng.soft_max)} {unit.label}"
        text = _SAY["soft_range"].format(shown=shown, limits=limits)
        return [Message(field, text, Severity.SOFT, "soft_range")]
    return []


def check_imaging(
    protocol: Protocol, entry: ImagingEntry, now: datetime | None = None,
    *, day0: date | None = None,
) -> tuple[Message, ...]:  # fmt: skip
    found = visit_messages(entry.visit_code, protocol) + not_in_future(
        "imaged_on", entry.imaged_on, now
    )
    if not found:
        found += in_window(protocol, day0, entry.visit_code, entry.imaged_on, "imaged_on")
    if entry.modality not in MODALITIES:
        found.append(hard("modality", _SAY["modality"].said(), "modality"))
    if not blank(entry.lesion_extent_percent):
        found += number_in("lesion_extent_percent", entry.lesion_extent_percent,
                           _SAY["extent"].said(), Decimal(0), Decimal(100), "%")  # fmt: skip
    return tuple(found)


def symptom_field(symptom: str, part: str) -> str:
    """The message field of one symptom's date: ``"fever.onset_on"``."""
    return f"{symptom}.{part}"


def check_symptom(entry: SymptomEntry, now: datetime | None = None) -> tuple[Message, ...]:
    """Known symptom, no resolution without onset nor before it, nothing in the future."""
    key = entry.symptom
    found = not_in_future(symptom_field(key, "onset_on"), entry.onset_on, now)
    found += not_in_future(symptom_field(key, "resolved_on"), entry.resolved_on, now)
    if key not in SYMPTOMS:
        found.append(hard(symptom_field(key, "onset_on"), _SAY["symptom"].said(), "symptom"))
    if entry.resolved_on is not None and entry.onset_on is None:
        text = _SAY["no_onset"].said()
        found.append(hard(symptom_field(key, "onset_on"), text, "no_onset"))
    elif entry.resolved_on is not None and entry.onset_on and entry.resolved_on < entry.onset_on:
        text = _SAY["before_onset"].said()
        found.append(hard(symptom_field(key, "resolved_on"), text, "before_onset"))
    return tuple(found)


def check_nucleic_acid(entry: NucleicAcidEntry, now: datetime | None = None) -> tuple[Message, ...]:
    found = not_in_future("sampled_at", entry.sampled_at, now)
    if entry.specimen not in SPECIMENS:
        found.append(hard("specimen", _SAY["specimen"].said(), "specimen"))
    if entry.result not in RESULTS:
        found.append(hard("result", _SAY["result"].said(), "result"))
    return tuple(found)


def check_who_score(
    protocol: Protocol, entry: WhoScoreEntry, now: datetime | None = None,
    *, day0: date | None = None,
) -> tuple[Message, ...]:  # fmt: skip
    found = visit_messages(entry.visit_code, protocol)
    found += not_in_future("assessed_on", entry.assessed_on, now)
    if not found:
        found += in_window(protocol, day0, entry.visit_code, entry.assessed_on, "assessed_on")
    try:
        level = who_level(entry.score)
    except ValidationError:
        found.append(hard("score", _SAY["who_score"].said(), "who_score"))
    else:
        if level.score == 10:
            text = _SAY["who_dead"].said()
            found.append(Message("score", text, Severity.SOFT, "who_dead"))
    return tuple(found)


def check_disposition(entry: DispositionEntry, now: datetime | None = None) -> tuple[Message, ...]:
    found = not_in_future("event_on", entry.event_on, now)
    if entry.kind not in DISPOSITIONS:
        found.append(hard("kind", _SAY["kind"].said(), "kind"))
    if entry.kind == "withdrawn" and blank(entry.reason):
        found.append(hard("reason", _SAY["no_reason"].said(), "no_reason"))
    return tuple(found)
