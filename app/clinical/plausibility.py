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

_SYSTOLIC = "systolic_bp_mmhg"
_DIASTOLIC = "diastolic_bp_mmhg"
_MEAN = "mean_arterial_pressure_mmhg"
_FIO2 = "fio2_fraction"


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def _range_for(field: object, ranges: Sequence[PlausibilityRange]) -> PlausibilityRange:
    if not isinstance(field, str):
        raise ValidationError("field", "The field name must be text.")
    for candidate in ranges:
        if candidate.field == field:
            return candidate
    raise ValidationError("field", f"There is no plausibility range for {field!r}.")


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
        text = f"{rng.label_en} must be a number."
        return (Message(rng.field, text, Severity.HARD, "not_a_number"),)
    hint = percent_typed_as_fraction(number) if rng.field == _FIO2 else None
    if hint is not None:
        return (Message(rng.field, hint, Severity.HARD, "fio2_as_percent"),)
    shown = _with_unit(number, rng.unit)
    if not rng.hard_min <= number <= rng.hard_max:
        limits = f"{format_number(rng.hard_min)}–{_with_unit(rng.hard_max, rng.unit)}"
        text = f"{rng.label_en} {shown} is outside the possible range {limits}: check the entry."
        return (Message(rng.field, text, Severity.HARD, "hard_range"),)
    if not rng.soft_min <= number <= rng.soft_max:
        limits = f"{format_number(rng.soft_min)}–{_with_unit(rng.soft_max, rng.unit)}"
        text = f"{rng.label_en} {shown} is unusual (expected {limits}): please confirm."
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
        raise ValidationError("values", "values must map field names to entered values.")
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
            f"Diastolic pressure {_with_unit(diastolic, unit)} must be below systolic "
            f"{_with_unit(systolic, unit)}: check both entries.",
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
            f"Mean arterial pressure {_with_unit(mean, unit)} is not between diastolic "
            f"{format_number(diastolic)} and systolic {_with_unit(systolic, unit)}: "
            "please confirm.",
            Severity.SOFT,
            "mean_outside_diastolic_systolic",
        )


def has_hard(messages: Iterable[Message]) -> bool:
    """True if any message refuses the entry (the form must not save)."""
    return any(m.severity is Severity.HARD for m in messages)
