"""Eligibility for NCT04339660 at every boundary, and "incomplete" rather than a guess."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.clinical.eligibility import (
    CriterionStatus,
    EligibilityEvidence,
    Verdict,
    age_in_completed_years,
    evaluate_eligibility,
)
from app.clinical.errors import ValidationError
from app.clinical.units import kpa_to_mmhg
from app.protocol import load_default

PROTOCOL = load_default()
ASSESSED = date(2020, 4, 10)
YES_NO_MET = {
    "IN02": True, "IN03": True, "IN05": True, "IN06": True,
    "EX01": False, "EX02": False, "EX03": False, "EX04": False,
}  # fmt: skip


def evidence(**changes: object) -> EligibilityEvidence:
    """A participant who meets every criterion, with ``changes`` applied."""
    base = EligibilityEvidence(
        assessed_on=ASSESSED,
        date_of_birth=date(1970, 6, 1),
        respiratory_rate_per_min=Decimal(24),
        spo2_percent_at_rest=Decimal(92),
        pf_ratio_mmhg=Decimal(320),
        answers=dict(YES_NO_MET),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def status_of(result_id: str, **changes: object) -> CriterionStatus:
    result = evaluate_eligibility(PROTOCOL, evidence(**changes))
    return next(r.status for r in result.results if r.criterion.id == result_id)


# --- age ---------------------------------------------------------------------------


def test_age_counts_a_birthday_on_its_day() -> None:
    assert age_in_completed_years(date(2002, 4, 10), date(2020, 4, 10)) == 18
    assert age_in_completed_years(date(2002, 4, 11), date(2020, 4, 10)) == 17


def test_29_february_birthday_is_reached_on_1_march_in_common_years() -> None:
    born = date(2000, 2, 29)
    assert age_in_completed_years(born, date(2018, 2, 28)) == 17
    assert age_in_completed_years(born, date(2018, 3, 1)) == 18
    assert age_in_completed_years(born, date(2016, 2, 29)) == 16
    assert age_in_completed_years(born, date(2016, 2, 28)) == 15


def test_date_of_birth_after_assessment_is_refused() -> None:
    with pytest.raises(ValidationError, match="after the assessment date"):
        age_in_completed_years(date(2021, 1, 1), ASSESSED)


def test_participant_is_eligible_on_the_18th_birthday() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(date_of_birth=date(2002, 4, 10)))
    assert result.verdict is Verdict.ELIGIBLE


def test_participant_is_not_eligible_the_day_before_the_18th_birthday() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(date_of_birth=date(2002, 4, 11)))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert [r.criterion.id for r in result.failing] == ["IN01"]
    assert (
        result.summary_en == "Not eligible: IN01 Male or female, 18 years old ≤ age ≤ 75 years old."
    )


def test_participant_aged_75_years_364_days_is_eligible() -> None:
    born = date(1944, 4, 11)  # 76th birthday is tomorrow
    assert age_in_completed_years(born, ASSESSED) == 75
    assert evaluate_eligibility(PROTOCOL, evidence(date_of_birth=born)).verdict is Verdict.ELIGIBLE


def test_participant_is_not_eligible_on_the_76th_birthday() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(date_of_birth=date(1944, 4, 10)))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert "76 completed years" in result.failing[0].reason_en


def test_missing_date_of_birth_makes_the_verdict_incomplete() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(date_of_birth=None))
    assert result.verdict is Verdict.INCOMPLETE
    assert [r.criterion.id for r in result.missing] == ["IN01"]


# --- severity: any one of three ----------------------------------------------------

NOT_SEVERE = {
    "respiratory_rate_per_min": Decimal(24),
    "spo2_percent_at_rest": Decimal(95),
    "pf_ratio_mmhg": Decimal(320),
}


@pytest.mark.parametrize(("field", "value", "status"), [
    ("spo2_percent_at_rest", "93", CriterionStatus.PASSED),
    ("spo2_percent_at_rest", "94", CriterionStatus.FAILED),
    ("pf_ratio_mmhg", "300", CriterionStatus.PASSED),
    ("pf_ratio_mmhg", "300.01", CriterionStatus.FAILED),
    ("respiratory_rate_per_min", "30", CriterionStatus.PASSED),
    ("respiratory_rate_per_min", "29", CriterionStatus.FAILED),
])  # fmt: skip
def test_each_severity_sign_alone_decides_at_its_boundary(
    field: str, value: str, status: CriterionStatus
) -> None:
    changes: dict[str, object] = {**NOT_SEVERE, field: Decimal(value)}
    assert status_of("IN04", **changes) is status


def test_pf_from_39_997_kpa_on_pure_oxygen_counts_as_severe() -> None:
    pf = kpa_to_mmhg(Decimal("39.997")) / Decimal(1)
    assert status_of("IN04", **{**NOT_SEVERE, "pf_ratio_mmhg": pf}) is CriterionStatus.PASSED


def test_one_met_sign_suffices_even_when_the_others_are_missing() -> None:
    changes = {"respiratory_rate_per_min": None, "pf_ratio_mmhg": None, "spo2_percent_at_rest": 90}
    assert status_of("IN04", **changes) is CriterionStatus.PASSED


def test_no_met_sign_with_one_missing_is_incomplete_not_a_guess() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(**{**NOT_SEVERE, "pf_ratio_mmhg": None}))
    assert result.verdict is Verdict.INCOMPLETE
    assert [r.criterion.id for r in result.missing] == ["IN04"]
    assert "PaO₂/FiO₂" in result.missing[0].reason_en


def test_all_three_signs_unmet_is_not_eligible_with_each_value_in_the_reason() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(**NOT_SEVERE))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    reason = result.failing[0].reason_en
    assert "respiratory rate 24/min < 30" in reason
    assert "resting SpO₂ 95 % > 93 %" in reason
    assert "PaO₂/FiO₂ 320 mmHg > 300" in reason


def test_severity_values_may_arrive_as_text_or_float() -> None:
    assert (
        status_of("IN04", **{**NOT_SEVERE, "spo2_percent_at_rest": "93"}) is CriterionStatus.PASSED
    )
    assert (
        status_of("IN04", **{**NOT_SEVERE, "spo2_percent_at_rest": 93.0}) is CriterionStatus.PASSED
    )


def test_impossible_severity_value_is_refused_not_judged() -> None:
    with pytest.raises(ValidationError, match="spo2_percent_at_rest"):
        evaluate_eligibility(PROTOCOL, evidence(spo2_percent_at_rest=Decimal(140)))


# --- yes/no criteria and exclusions ------------------------------------------------


def test_negative_rt_pcr_fails_in03_with_its_wording() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(answers={**YES_NO_MET, "IN03": False}))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert result.failing[0].criterion.id == "IN03"
    assert "RT-PCR" in result.summary_en


def test_an_applying_exclusion_is_named_by_id_and_wording() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence(answers={**YES_NO_MET, "EX03": True}))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert [r.criterion.id for r in result.failing] == ["EX03"]
    assert "EX03 Participating in another clinical trial" in result.summary_en


def test_unanswered_consent_is_incomplete() -> None:
    answers = {k: v for k, v in YES_NO_MET.items() if k != "IN05"}
    result = evaluate_eligibility(PROTOCOL, evidence(answers=answers))
    assert result.verdict is Verdict.INCOMPLETE
    assert result.summary_en.startswith("Incomplete, still to record: IN05")


def test_a_failure_outweighs_missing_evidence_and_both_are_listed() -> None:
    answers = {**YES_NO_MET, "EX01": True, "EX04": True, "IN02": None}
    result = evaluate_eligibility(PROTOCOL, evidence(answers=answers))
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert result.summary_en == (
        "Not eligible: EX01 Malignant disease in the past five years; "
        "EX04 Severe shock and respiratory failure."
    )
    assert [r.criterion.id for r in result.failing] == ["EX01", "EX04"]
    assert [r.criterion.id for r in result.missing] == ["IN02"]


def test_every_criterion_is_reported_in_protocol_order() -> None:
    result = evaluate_eligibility(PROTOCOL, evidence())
    assert result.verdict is Verdict.ELIGIBLE
    assert [r.criterion.id for r in result.results] == [c.id for c in PROTOCOL.criteria]


@pytest.mark.parametrize("answers", [{"IN99": True}, {"IN01": True}, {"IN02": "yes"}])
def test_answers_that_do_not_fit_the_protocol_are_refused(answers: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        evaluate_eligibility(PROTOCOL, evidence(answers=answers))
