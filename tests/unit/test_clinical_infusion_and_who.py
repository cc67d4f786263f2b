"""Weight-based dose, infusion vitals timepoints and the WHO progression scale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.clinical.errors import Severity, ValidationError
from app.clinical.infusion import Anchor, compute_dose, infusion_timepoints, scientific
from app.clinical.who_scale import WHO_SCALE, ventilated_who_score, who_level
from app.protocol import load_default

PROTOCOL = load_default()


# --- dose --------------------------------------------------------------------------


def test_dose_is_one_million_cells_per_kg_in_100_ml() -> None:
    dose = compute_dose("72.5", PROTOCOL)
    assert dose.total_cells == Decimal(72_500_000)
    assert dose.total_cells_text == "7.25 × 10⁷"
    assert dose.volume_ml == dose.placebo_volume_ml == Decimal(100)
    assert dose.confirmations == ()


def test_unusual_weight_is_dosed_but_needs_confirmation() -> None:
    dose = compute_dose(160, PROTOCOL)
    assert [m.severity for m in dose.confirmations] == [Severity.SOFT]


@pytest.mark.parametrize("weight", [700, 0, "abc", None, "-70"])
def test_impossible_weight_is_refused_rather_than_dosed(weight: object) -> None:
    with pytest.raises(ValidationError):
        compute_dose(weight, PROTOCOL)


def test_scientific_notation_for_worksheets() -> None:
    assert scientific(Decimal(100_000_000)) == "1 × 10⁸"
    assert scientific(Decimal(0)) == "0"


# --- infusion vitals ---------------------------------------------------------------


def test_vitals_timepoints_for_a_40_minute_infusion() -> None:
    points = infusion_timepoints(PROTOCOL.infusion_vitals)
    assert [p.code for p in points] == [
        "PRE", "DUR15", "DUR30", "END", "POST60", "POST120", "POST360", "POST1440",
    ]  # fmt: skip
    assert [p.label_en for p in points[-4:]] == [
        "1 h after end", "2 h after end", "6 h after end", "24 h after end",
    ]  # fmt: skip


def test_a_longer_infusion_gets_more_rows_and_a_row_at_the_end_is_not_doubled() -> None:
    codes = [p.code for p in infusion_timepoints(PROTOCOL.infusion_vitals, 60)]
    assert codes[:6] == ["PRE", "DUR15", "DUR30", "DUR45", "END", "POST60"]


def test_timepoints_are_due_relative_to_the_actual_start_and_end() -> None:
    start = datetime(2020, 4, 10, 9, 0, tzinfo=UTC)
    end = start + timedelta(minutes=42)
    points = {p.code: p for p in infusion_timepoints(PROTOCOL.infusion_vitals)}
    assert points["DUR15"].anchor is Anchor.START
    assert points["DUR15"].due_at(start) == start + timedelta(minutes=15)
    assert points["POST60"].due_at(start) is None
    assert points["POST60"].due_at(start, end) == end + timedelta(hours=1)
    with pytest.raises(ValidationError):
        points["END"].due_at(start, start - timedelta(minutes=1))


# --- WHO clinical progression scale ------------------------------------------------


def test_who_scale_has_eleven_levels_from_uninfected_to_dead() -> None:
    assert [level.score for level in WHO_SCALE] == list(range(11))
    assert who_level(10).state_en == "Dead"
    assert all(level.state_zh for level in WHO_SCALE)


@pytest.mark.parametrize("score", [-1, 11, 5.0, "5", True, None])
def test_who_score_outside_0_to_10_or_not_whole_is_refused(score: object) -> None:
    with pytest.raises(ValidationError):
        who_level(score)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"pf_ratio_mmhg": 150, "vasopressors": False}, 7),
    ({"pf_ratio_mmhg": "149.9", "vasopressors": False, "dialysis_or_ecmo": False}, 8),
    ({"pf_ratio_mmhg": 200, "vasopressors": True}, 8),
    ({"pf_ratio_mmhg": 120, "vasopressors": True}, 9),
    ({"pf_ratio_mmhg": 120, "vasopressors": False, "dialysis_or_ecmo": True}, 9),
    ({"sf_ratio": 200, "vasopressors": False}, 7),
    ({"sf_ratio": 199, "vasopressors": False, "dialysis_or_ecmo": False}, 8),
    ({"pf_ratio_mmhg": 120, "vasopressors": False}, None),
    ({"vasopressors": True}, None),
    ({"pf_ratio_mmhg": 200}, None),
])  # fmt: skip
def test_ventilated_level_follows_the_table_and_refuses_to_guess(
    kwargs: dict[str, object], expected: int | None
) -> None:
    assert ventilated_who_score(**kwargs) == expected
