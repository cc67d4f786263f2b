"""Plausibility checks for vital signs, blood gas and body size, driven by the protocol.

Outside a hard range the value cannot be right and the form refuses it; outside the soft
range it is unusual and the form saves it only after the user confirms. Checks return
:class:`Message` objects and never raise for a bad value; only a malformed call (an
unknown field name, values that are not a mapping) raises :class:`ValidationError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.fio2 import percent_typed_as_fraction
from app.clinical.parsing import format_number, parse_decimal
from app.protocol.model import PlausibilityRange
from app.sentences import QT_TRANSLATE_NOOP, pick

_SAY = {
    "not_a_number": QT_TRANSLATE_NOOP("Plausibility", "{label} must be a number."),
    "hard_range": QT_TRANSLATE_NOOP(
        "Plausibility", "{label} {shown} is outside the possible range {limits}: check the entry."
    ),
    "soft_range": QT_TRANSLATE_NOOP(
        "Plausibility", "{label} {shown} is unusual (expected {limits}): please confirm."
    ),
    # A caller's mistake, not a nurse's: said all the same, like every refusal here.
    "field_text": QT_TRANSLATE_NOOP("Plausibility", "The field name must be text."),
    "no_range": QT_TRANSLATE_NOOP("Plausibility", "There is no plausibility range for {field}."),
    "values": QT_TRANSLATE_NOOP("Plausibility", "values must map field names to entered values."),
    "diastolic": QT_TRANSLATE_NOOP(
        "Plausibility",
        "Diastolic pressure {diastolic} must be below systolic {systolic}: check both entries.",
    ),
    "mean": QT_TRANSLATE_NOOP(
        "Plausibility",
        "Mean arterial pressure {mean} is not between diastolic {diastolic} and systolic "
        "{systolic}: please confirm.",
    ),
}

_SYSTOLIC = "systolic_bp_mmhg"
_DIASTOLIC = "diastolic_bp_mmhg"
_MEAN = "mean_arterial_pressure_mmhg"
_FIO2 = "fio2_fraction"


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def _range_for(field: object, ranges: Sequence[PlausibilityRange]) -> PlausibilityRange:
    if not isinstance(field, str):
        raise ValidationError("field", _SAY["field_text"].said())
    for candidate in ranges:
        if candidate.field == field:
            return candidate
    raise ValidationError("field", _SAY["no_range"].format(field=repr(field)))


def check_value(
    field: object, value: object, ranges: Sequence[PlausibilityRange]
) -> tuple[Message, ...]:
    """Check one entered value against the protocol's ranges for ``field``.

    ``ranges`` is ``protocol.plausibility``. None (not entered) gives no message; whether
    a field is required is the form's decision. At most one message is returned.
    """
    rng = _range_for(field, ranges)
    if value is None:
        return ()
    try:
        number = parse_decimal(value, rng.field)
    except ValidationError:
        text = _SAY["not_a_number"].format(label=pick(rng.label_en, rng.label_zh))
        return (Message(rng.field, text, Severity.HARD, "not_a_number"),)
    hint = percent_typed_as_fraction(number) if rng.field == _FIO2 else None
    if hint is not None:
        return (Message(rng.field, hint, Severity.HARD, "fio2_as_percent"),)
    shown = _with_unit(number, rng.unit)
    if not rng.hard_min <= number <= rng.hard_max:
        limits = f"{format_number(rng.hard_min)}–{_with_unit(rng.hard_max, rng.unit)}"
        label = pick(rng.label_en, rng.label_zh)
        text = _SAY["hard_range"].format(label=label, shown=shown, limits=limits)
        return (Message(rng.field, text, Severity.HARD, "hard_range"),)
    if not rng.soft_min <= number <= rng.soft_max:
        limits = f"{format_number(rng.soft_min)}–{_with_unit(rng.soft_max, rng.unit)}"
        label = pick(rng.label_en, rng.label_zh)
        text = _SAY["soft_range"].format(label=label, shown=shown, limits=limits)
        return (Message(rng.field, text, Severity.SOFT, "soft_range"),)
    return ()


def check_values(
    values: Mapping[str, object], ranges: Sequence[PlausibilityRange]
) -> tuple[Message, ...]:
    """Check a set of values (field name -> entered value) and the rules between them.

    Cross-field rules: diastolic must be below systolic (hard); a mean arterial pressure
    outside diastolic..systolic asks for confirmation (soft). A cross-field rule is only
    applied when the fields involved passed their own hard ranges.
    """
    if not isinstance(values, Mapping):
        raise ValidationError("values", _SAY["values"].said())
    messages: list[Message] = []
    accepted: dict[str, Decimal] = {}
    for field, value in values.items():
        found = check_value(field, value, ranges)
        messages.extend(found)
        if value is not None and not any(m.severity is Severity.HARD for m in found):
            accepted[str(field)] = parse_decimal(value, str(field))
    messages.extend(_cross_field(accepted, ranges))
    return tuple(messages)


def _cross_field(
    accepted: Mapping[str, Decimal], ranges: Sequence[PlausibilityRange]
) -> Iterable[Message]:
    systolic, diastolic, mean = (
        accepted.get(_SYSTOLIC),
        accepted.get(_DIASTOLIC),
        accepted.get(_MEAN),
    )
    unit = _range_for(_SYSTOLIC, ranges).unit
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        yield Message(
            _DIASTOLIC,
            _SAY["diastolic"].format(
                diastolic=_with_unit(diastolic, unit), systolic=_with_unit(systolic, unit)
            ),
            Severity.HARD,
            "diastolic_not_below_systolic",
        )
    elif (
        systolic is not None
        and diastolic is not None
        and mean is not None
        and not diastolic <= mean <= systolic
    ):
        yield Message(
            _MEAN,
            _SAY["mean"].format(
                mean=_with_unit(mean, unit),
                diastolic=format_number(diastolic),
                systolic=_with_unit(systolic, unit),
            ),
            Severity.SOFT,
            "mean_outside_diastolic_systolic",
        )


def has_hard(messages: Iterable[Message]) -> bool:
    """True if any message refuses the entry (the form must not save)."""
    return any(m.severity is Severity.HARD for m in messages)
