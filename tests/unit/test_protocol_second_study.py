"""A second, fictional protocol (NCT99990001): every rule follows the file, none is hard-coded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.clinical.eligibility import (
    CriterionStatus,
    EligibilityEvidence,
    Verdict,
    evaluate_eligibility,
)
from app.clinical.errors import Severity, ValidationError
from app.clinical.fio2 import estimate_fio2
from app.clinical.infusion import compute_dose, infusion_timepoints
from app.clinical.outcomes import NucleicAcidResult, died_by_mortality_day, time_to_negativity
from app.clinical.oxygenation import check_pairing
from app.clinical.plausibility import check_value
from app.clinical.visits import VisitStatus, plan_visits, visit_status
from app.protocol import load_default, load_protocol

SECOND = load_protocol(Path(__file__).resolve().parents[1] / "data/protocols/NCT99990001.toml")
DEFAULT = load_default()
ASSESSED = date(2024, 1, 15)


def second_evidence(**changes: object) -> EligibilityEvidence:
    values: dict[str, object] = {
        "assessed_on": ASSESSED,
        "date_of_birth": date(1970, 1, 1),
        "spo2_percent_at_rest": Decimal(89),
        "pf_ratio_mmhg": None,
        "answers": {"IN03": True, "EX01": False},
        **changes,
    }
    return EligibilityEvidence(**values)  # type: ignore[arg-type]


def test_the_second_file_is_a_different_study_with_its_own_fingerprint() -> None:
    assert SECOND.study.nct_id == "NCT99990001"
    assert SECOND.fingerprint != DEFAULT.fingerprint
    assert [a.code for a in SECOND.arms] == ["LOW", "HIGH", "PBO"]
    assert [lab.code for lab in SECOND.labs] == ["CRP", "IL6", "DDIMER"]


@pytest.mark.parametrize(("born", "verdict"), [
    (date(1984, 1, 15), Verdict.ELIGIBLE),       # 40th birthday
    (date(1984, 1, 16), Verdict.NOT_ELIGIBLE),   # 39 years 364 days
    (date(1943, 1, 16), Verdict.ELIGIBLE),       # 80 years 364 days
    (date(1943, 1, 15), Verdict.NOT_ELIGIBLE),   # 81st birthday
])  # fmt: skip
def test_age_limits_40_to_80_come_from_the_file(born: date, verdict: Verdict) -> None:
    result = evaluate_eligibility(SECOND, second_evidence(date_of_birth=born))
    assert result.verdict is verdict


def test_an_18_year_old_eligible_under_nct04339660_is_too_young_here() -> None:
    result = evaluate_eligibility(SECOND, second_evidence(date_of_birth=date(2006, 1, 15)))
    assert [r.criterion.id for r in result.failing] == ["IN01"]
    assert "Aged 40 to 80 years inclusive." in result.summary_en


def test_spo2_93_is_severe_in_one_study_and_not_in_the_other() -> None:
    result = evaluate_eligibility(SECOND, second_evidence(spo2_percent_at_rest=Decimal(93)))
    severity = next(r for r in result.results if r.criterion.id == "IN02")
    assert severity.status is CriterionStatus.MISSING  # P/F could still qualify
    result = evaluate_eligibility(
        SECOND, second_evidence(spo2_percent_at_rest=Decimal(93), pf_ratio_mmhg=Decimal(250))
    )
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert "resting SpO₂ 93 % > 90 %" in result.failing[0].reason_en


def test_pf_limit_200_and_no_respiratory_rate_sign_in_the_second_file() -> None:
    at_200 = second_evidence(spo2_percent_at_rest=Decimal(95), pf_ratio_mmhg=Decimal(200))
    assert evaluate_eligibility(SECOND, at_200).verdict is Verdict.ELIGIBLE
    above = second_evidence(
        spo2_percent_at_rest=Decimal(95),
        pf_ratio_mmhg=Decimal("200.01"),
        respiratory_rate_per_min=Decimal(40),
    )
    result = evaluate_eligibility(SECOND, above)
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert "respiratory rate" not in result.failing[0].reason_en


def test_answers_for_criteria_of_the_other_study_are_refused() -> None:
    with pytest.raises(ValidationError):
        evaluate_eligibility(SECOND, second_evidence(answers={"IN03": True, "EX04": False}))


def test_visits_and_windows_follow_the_file() -> None:
    day0 = date(2024, 1, 15)
    plans = plan_visits(day0, SECOND.visits)
    assert [(p.code, p.target_date) for p in plans] == [
        ("BASELINE", day0),
        ("D3", date(2024, 1, 18)),
        ("D10", date(2024, 1, 25)),
        ("D60", date(2024, 3, 15)),
    ]
    d60 = plans[-1]
    assert visit_status(d60, date(2024, 3, 20)) is VisitStatus.OVERDUE
    assert visit_status(d60, date(2024, 3, 21)) is VisitStatus.MISSED


def test_fio2_estimates_and_pairing_gap_follow_the_file() -> None:
    rules = SECOND.oxygenation
    assert estimate_fio2("nasal_cannula", 1, rules).fio2_fraction == Decimal("0.25")
    assert estimate_fio2("nasal_cannula", 7, rules).fio2_fraction == Decimal("0.41")
    with pytest.raises(ValidationError, match="no FiO₂ estimate"):
        estimate_fio2("simple_mask", 6, rules)
    t0 = datetime(2024, 1, 15, 8, tzinfo=UTC)
    with pytest.raises(ValidationError, match="within 15 min"):
        check_pairing(t0, t0.replace(minute=16), rules.pairing_max_gap_minutes)


def test_dose_and_infusion_schedule_follow_the_file() -> None:
    dose = compute_dose(70, SECOND)
    assert dose.total_cells == Decimal(140_000_000)
    assert dose.volume_ml == Decimal(50)
    codes = [p.code for p in infusion_timepoints(SECOND.infusion_vitals)]
    assert codes == ["PRE", "DUR10", "DUR20", "POST30", "POST240"]
    with pytest.raises(ValidationError):
        compute_dose(25, SECOND)  # below this file's hard minimum of 30 kg
    assert compute_dose(25, DEFAULT).confirmations  # only unusual under NCT04339660


def test_plausibility_ranges_and_labels_follow_the_file() -> None:
    (message,) = check_value("heart_rate_per_min", 15, SECOND.plausibility)
    assert message.severity is Severity.HARD
    assert message.text.startswith("Pulse 15 bpm")
    (message,) = check_value("fio2_fraction", "0.9", SECOND.plausibility)
    assert message.severity is Severity.SOFT
    assert check_value("fio2_fraction", "0.9", DEFAULT.plausibility) == ()


def test_outcome_rules_follow_the_file() -> None:
    day0 = date(2024, 1, 15)
    one_negative = [NucleicAcidResult(datetime(2024, 1, 20, 8, tzinfo=UTC), False)]
    assert time_to_negativity(day0, one_negative, SECOND.outcomes).days_from_day0 == 5
    assert time_to_negativity(day0, one_negative, DEFAULT.outcomes).days_from_day0 is None
    death = date(2024, 3, 1)  # day 46
    assert died_by_mortality_day(day0, death, None, SECOND.outcomes) is True
    assert died_by_mortality_day(day0, death, None, DEFAULT.outcomes) is False
