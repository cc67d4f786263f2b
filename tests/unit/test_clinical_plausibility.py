"""Hard ranges refuse, soft ranges ask, cross-field rules catch swapped pressures."""

from __future__ import annotations

import pytest

from app.clinical.errors import Severity, ValidationError
from app.clinical.plausibility import check_value, check_values, has_hard
from app.protocol import load_default

RANGES = load_default().plausibility


@pytest.mark.parametrize(("field", "value"), [
    ("heart_rate_per_min", 0), ("heart_rate_per_min", 300), ("spo2_percent", 50),
    ("spo2_percent", 100), ("temperature_celsius", "36.8"), ("fio2_fraction", "0.21"),
    ("fio2_fraction", "1.00"), ("ph", "7.40"),
])  # fmt: skip
def test_values_inside_the_hard_range_are_not_refused(field: str, value: object) -> None:
    assert not has_hard(check_value(field, value, RANGES))


@pytest.mark.parametrize(("field", "value"), [
    ("heart_rate_per_min", 301), ("spo2_percent", 49), ("spo2_percent", "100.1"),
    ("temperature_celsius", "42.1"), ("pao2_mmhg", 39), ("weight_kg", 700), ("ph", "8.01"),
])  # fmt: skip
def test_values_outside_the_hard_range_are_refused_with_the_range(
    field: str, value: object
) -> None:
    (message,) = check_value(field, value, RANGES)
    assert message.severity is Severity.HARD
    assert message.code == "hard_range"
    assert message.field == field
    assert "outside the possible range" in message.text


def test_hard_message_is_one_sentence_with_label_value_and_units() -> None:
    (message,) = check_value("heart_rate_per_min", 350, RANGES)
    assert (
        message.text
        == "Heart rate 350 /min is outside the possible range 0–300 /min: check the entry."
    )


def test_unusual_value_asks_for_confirmation() -> None:
    (message,) = check_value("temperature_celsius", "41.2", RANGES)
    assert message.severity is Severity.SOFT
    assert message.text == "Temperature 41.2 °C is unusual (expected 35–40.5 °C): please confirm."


def test_fio2_typed_as_percent_is_refused_with_the_fraction_it_meant() -> None:
    (message,) = check_value("fio2_fraction", 40, RANGES)
    assert message.severity is Severity.HARD
    assert message.code == "fio2_as_percent"
    assert message.text == "FiO₂ is a fraction: did you mean 0.40?"


def test_text_that_is_not_a_number_is_a_hard_message_not_an_exception() -> None:
    (message,) = check_value("heart_rate_per_min", "eighty", RANGES)
    assert (message.severity, message.code) == (Severity.HARD, "not_a_number")


def test_a_value_not_entered_gives_no_message() -> None:
    assert check_value("spo2_percent", None, RANGES) == ()


def test_unknown_field_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        check_value("shoe_size", 42, RANGES)


def test_diastolic_at_or_above_systolic_is_refused() -> None:
    messages = check_values({"systolic_bp_mmhg": 80, "diastolic_bp_mmhg": 80}, RANGES)
    assert [(m.field, m.code, m.severity) for m in messages] == [
        ("diastolic_bp_mmhg", "diastolic_not_below_systolic", Severity.HARD)
    ]
    assert check_values({"systolic_bp_mmhg": 81, "diastolic_bp_mmhg": 80}, RANGES) == ()


def test_mean_pressure_outside_diastolic_systolic_asks_for_confirmation() -> None:
    values = {"systolic_bp_mmhg": 120, "diastolic_bp_mmhg": 70, "mean_arterial_pressure_mmhg": 130}
    (message,) = check_values(values, RANGES)
    assert (message.field, message.severity) == ("mean_arterial_pressure_mmhg", Severity.SOFT)


def test_cross_field_rule_waits_until_both_fields_pass_their_own_ranges() -> None:
    messages = check_values({"systolic_bp_mmhg": 400, "diastolic_bp_mmhg": 90}, RANGES)
    assert [m.code for m in messages] == ["hard_range"]


def test_a_whole_observation_set_returns_each_finding_once() -> None:
    values = {
        "heart_rate_per_min": 170,
        "spo2_percent": 40,
        "temperature_celsius": None,
        "respiratory_rate_per_min": "22",
    }
    messages = check_values(values, RANGES)
    assert [(m.field, m.severity) for m in messages] == [
        ("heart_rate_per_min", Severity.SOFT),
        ("spo2_percent", Severity.HARD),
    ]
