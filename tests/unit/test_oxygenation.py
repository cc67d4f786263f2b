"""Units, FiO₂, P/F with Berlin bands, S/F and blood-gas pairing, to the digit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.clinical.errors import ValidationError
from app.clinical.fio2 import (
    FiO2Source,
    estimate_fio2,
    fio2_fraction_from_percent,
    parse_fio2_fraction,
    recorded_fio2,
)
from app.clinical.oxygenation import (
    PFBand,
    berlin_band,
    check_pairing,
    paired_pf_ratio,
    pf_for_comparison,
    pf_ratio_mmhg,
    sf_ratio_estimate,
)
from app.clinical.units import (
    MMHG_PER_KPA,
    PressureUnit,
    kpa_to_mmhg,
    mmhg_to_kpa,
    parse_pressure,
)
from app.protocol import OxygenationRules, load_default

RULES: OxygenationRules = load_default().oxygenation
T0 = datetime(2020, 4, 10, 8, 0, tzinfo=UTC)


# --- units -------------------------------------------------------------------------


def test_one_kpa_is_7_50062_mmhg_from_the_exact_definition() -> None:
    assert MMHG_PER_KPA.quantize(Decimal("0.00001")) == Decimal("7.50062")
    assert MMHG_PER_KPA.quantize(Decimal("0.000001")) == Decimal("7.500616")
    assert mmhg_to_kpa(Decimal(1)) == Decimal("0.133322387415")


def test_300_mmhg_is_39_9967_kpa_so_39_997_kpa_is_a_hair_above_300_mmhg() -> None:
    assert mmhg_to_kpa(Decimal(300)).quantize(Decimal("0.0001")) == Decimal("39.9967")
    mmhg = kpa_to_mmhg(Decimal("39.997"))
    assert Decimal(300) < mmhg < Decimal("300.003")


def test_p_f_of_39_997_kpa_counts_as_300_and_39_998_kpa_as_above() -> None:
    assert pf_for_comparison(kpa_to_mmhg(Decimal("39.997"))) == Decimal("300.00")
    assert berlin_band(kpa_to_mmhg(Decimal("39.997"))) is PFBand.MILD
    assert pf_for_comparison(kpa_to_mmhg(Decimal("39.998"))) == Decimal("300.01")
    assert berlin_band(kpa_to_mmhg(Decimal("39.998"))) is PFBand.ABOVE_300


def test_the_rounded_0_133_factor_would_put_39_9_kpa_at_300_but_the_exact_one_does_not() -> None:
    assert Decimal("39.9") / Decimal("0.133") == Decimal(300)
    assert kpa_to_mmhg(Decimal("39.9")) < Decimal("299.28")


def test_pao2_is_kept_as_entered_with_its_unit_and_converted_once() -> None:
    reading = parse_pressure(" 39.997 ", "kPa")
    assert reading.entered == "39.997"
    assert reading.unit is PressureUnit.KPA
    assert reading.value == Decimal("39.997")
    assert reading.mmhg == kpa_to_mmhg(Decimal("39.997"))
    assert parse_pressure("75", "mmHg").mmhg == Decimal(75)


@pytest.mark.parametrize(("value", "unit"), [
    ("0", "mmHg"), ("-5", "kPa"), ("abc", "mmHg"), ("2001", "mmHg"), ("300", "kPa"), ("80", "psi"),
])  # fmt: skip
def test_impossible_pressure_or_unknown_unit_is_refused(value: str, unit: str) -> None:
    with pytest.raises(ValidationError):
        parse_pressure(value, unit)


def test_pressure_with_decimal_comma_is_refused_not_misread() -> None:
    with pytest.raises(ValidationError, match="decimal point"):
        parse_pressure("39,997", "kPa")


# --- FiO₂ --------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "fraction"), [("0.21", "0.21"), ("1.0", "1.0"), (1, "1"),
                                                 (0.4, "0.4"), ("０.５", "0.5")])  # fmt: skip
def test_fio2_fraction_from_room_air_to_pure_oxygen_is_accepted(
    typed: object, fraction: str
) -> None:
    assert parse_fio2_fraction(typed) == Decimal(fraction)


@pytest.mark.parametrize(("typed", "meant"), [(40, "0.40"), ("21", "0.21"), ("100", "1.00"),
                                              ("40.5", "0.405")])  # fmt: skip
def test_fio2_typed_as_a_percentage_is_caught_with_the_fraction_it_meant(
    typed: object, meant: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_fio2_fraction(typed)
    assert caught.value.message == f"FiO₂ is a fraction: did you mean {meant}?"
    assert caught.value.field == "fio2_fraction"


@pytest.mark.parametrize("typed", ["0.20", "0", "5", "20.9", "100.5", "-0.4"])
def test_fio2_outside_the_fraction_and_percent_ranges_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"between 0\.21 \(room air\) and 1\.00"):
        parse_fio2_fraction(typed)


def test_fio2_percent_field_converts_and_catches_a_fraction_typed_there() -> None:
    assert fio2_fraction_from_percent("40") == Decimal("0.40")
    with pytest.raises(ValidationError, match=r"did you mean 40 %\?"):
        fio2_fraction_from_percent("0.40")


def test_room_air_is_0_21_and_marked_as_estimated() -> None:
    reading = estimate_fio2("room_air", None, RULES)
    assert reading.fio2_fraction == Decimal("0.21")
    assert reading.source is FiO2Source.ESTIMATED


@pytest.mark.parametrize(("flow", "fio2"), [
    ("1", "0.24"), ("3", "0.32"), ("6", "0.44"), ("2.5", "0.30"), ("7", "0.44"), ("15", "0.44"),
])  # fmt: skip
def test_nasal_cannula_estimate_follows_the_protocol_table_capped_at_6_l_min(
    flow: str, fio2: str
) -> None:
    reading = estimate_fio2("nasal_cannula", flow, RULES)
    assert reading.fio2_fraction == Decimal(fio2)
    assert reading.is_estimate
    assert ("capped" in reading.note_en) == (Decimal(flow) > 6)


def test_simple_mask_estimate_interpolates_between_rows() -> None:
    assert estimate_fio2("simple_mask", 7, RULES).fio2_fraction == Decimal("0.50")
    assert estimate_fio2("non_rebreather_mask", 15, RULES).fio2_fraction == Decimal("0.80")


@pytest.mark.parametrize("flow", ["0.5", "16", "0"])
def test_nasal_cannula_flow_outside_the_table_is_refused(flow: str) -> None:
    with pytest.raises(ValidationError, match="record a measured FiO₂"):
        estimate_fio2("nasal_cannula", flow, RULES)


@pytest.mark.parametrize(
    "device", ["high_flow_nasal_cannula", "niv_cpap", "invasive_ventilation", "venturi_mask"]
)
def test_devices_with_a_set_fio2_refuse_an_estimate(device: str) -> None:
    with pytest.raises(ValidationError, match="set on the device"):
        estimate_fio2(device, "40", RULES)


def test_low_flow_estimate_needs_a_flow_and_room_air_has_none() -> None:
    with pytest.raises(ValidationError, match="Enter the oxygen flow"):
        estimate_fio2("nasal_cannula", None, RULES)
    with pytest.raises(ValidationError, match="Room air has no oxygen flow"):
        estimate_fio2("room_air", 2, RULES)


def test_recorded_fio2_is_marked_set_or_measured_and_room_air_must_be_0_21() -> None:
    reading = recorded_fio2("0.60", "high_flow_nasal_cannula", 50)
    assert reading.source is FiO2Source.SET_OR_MEASURED
    assert not reading.is_estimate
    with pytest.raises(ValidationError, match=r"On room air FiO₂ is 0\.21"):
        recorded_fio2("0.30", "room_air")
    with pytest.raises(ValidationError, match=r"did you mean 0\.60"):
        recorded_fio2(60, "invasive_ventilation")


# --- P/F and Berlin ----------------------------------------------------------------


def test_pf_ratio_divides_pao2_by_the_fraction() -> None:
    assert pf_ratio_mmhg(60, "0.80") == Decimal(75)
    assert pf_ratio_mmhg(63, "0.21") == Decimal(300)


def test_float_input_is_read_as_the_decimal_it_prints_as() -> None:
    assert Decimal.from_float(0.3) != Decimal("0.3")
    assert pf_ratio_mmhg(90, 0.3) == Decimal(300)


def test_pf_ratio_refuses_fio2_typed_as_percent() -> None:
    with pytest.raises(ValidationError, match=r"did you mean 0\.40"):
        pf_ratio_mmhg(120, 40)


@pytest.mark.parametrize(("pf", "band"), [
    ("300", PFBand.MILD), ("300.01", PFBand.ABOVE_300), ("200.01", PFBand.MILD),
    ("200", PFBand.MODERATE), ("100.01", PFBand.MODERATE), ("100", PFBand.SEVERE),
    ("0", PFBand.SEVERE), ("300.004", PFBand.MILD), ("300.005", PFBand.ABOVE_300),
])  # fmt: skip
def test_berlin_band_boundaries_are_exact(pf: str, band: PFBand) -> None:
    assert berlin_band(pf) is band


def test_negative_pf_ratio_is_refused() -> None:
    with pytest.raises(ValidationError):
        berlin_band(-1)


# --- S/F ---------------------------------------------------------------------------


def test_sf_at_spo2_97_is_computed_and_labelled_as_an_estimate() -> None:
    estimate = sf_ratio_estimate(97, "0.50")
    assert estimate.sf_ratio == Decimal(194)
    assert "estimate" in estimate.label_en
    assert "not a measured P/F" in estimate.label_en


def test_sf_at_spo2_98_is_refused() -> None:
    with pytest.raises(ValidationError, match="not valid above SpO₂ 97 %"):
        sf_ratio_estimate(98, "0.50")


def test_sf_flags_use_the_published_315_and_235_cutoffs() -> None:
    at_315 = sf_ratio_estimate("94.5", "0.30")
    assert at_315.sf_ratio == Decimal(315)
    assert at_315.suggests_pf_at_or_below_300
    assert not at_315.suggests_pf_at_or_below_200
    assert not sf_ratio_estimate("94.503", "0.30").suggests_pf_at_or_below_300
    assert sf_ratio_estimate("94", "0.40").suggests_pf_at_or_below_200


# --- pairing -----------------------------------------------------------------------


def test_blood_gas_and_fio2_within_the_gap_pair_either_way_round() -> None:
    assert check_pairing(T0, T0 + timedelta(minutes=30), 30) == Decimal(30)
    assert check_pairing(T0 + timedelta(minutes=30), T0, 30) == Decimal(30)


def test_blood_gas_and_fio2_further_apart_than_the_gap_are_refused() -> None:
    with pytest.raises(ValidationError, match="within 30 min"):
        check_pairing(T0, T0 + timedelta(minutes=30, seconds=1), 30)


def test_naive_times_are_refused_rather_than_guessed() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        check_pairing(datetime(2020, 4, 10, 8, 0), T0, 30)


def test_paired_pf_from_kpa_and_an_estimated_fio2_keeps_its_provenance() -> None:
    pao2 = parse_pressure("8.4", "kPa")
    fio2 = estimate_fio2("nasal_cannula", 3, RULES)
    result = paired_pf_ratio(pao2, T0, fio2, T0 - timedelta(minutes=10), 30)
    assert result.pf_ratio_mmhg == kpa_to_mmhg(Decimal("8.4")) / Decimal("0.32")
    assert result.band is PFBand.MODERATE
    assert result.fio2_estimated
    assert result.pao2.entered == "8.4"
    assert result.minutes_apart == Decimal(10)


def test_paired_pf_refuses_a_stale_fio2() -> None:
    pao2 = parse_pressure("70", "mmHg")
    fio2 = recorded_fio2("0.5", "invasive_ventilation")
    with pytest.raises(ValidationError):
        paired_pf_ratio(pao2, T0, fio2, T0 - timedelta(hours=2), 30)
