"""Eligibility: each criterion of the protocol judged from recorded evidence.

A criterion is PASSED, FAILED or MISSING; never guessed. The verdict is NOT_ELIGIBLE if
any criterion failed (even with others still missing, since no further evidence can
change that), otherwise INCOMPLETE if any is missing, otherwise ELIGIBLE.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.clinical.errors import ValidationError
from app.clinical.oxygenation import pf_for_comparison
from app.clinical.parsing import (
    format_number,
    optional_bool,
    optional_date,
    parse_decimal_in,
    require_date,
)
from app.protocol.model import Criterion, CriterionKind, Protocol, Thresholds

_MAX_AGE_YEARS = 130


def age_in_completed_years(date_of_birth: object, on_date: object) -> int:
    """Age in completed years on ``on_date``: the count of birthdays reached so far.

    A birthday is reached on its calendar day, so the 18th birthday itself counts as 18.
    Someone born on 29 February reaches a birthday on 1 March in common years (the day
    after 28 February), and on 29 February in leap years.
    """
    born = require_date(date_of_birth, "date_of_birth")
    on = require_date(on_date, "assessed_on")
    if born > on:
        raise ValidationError("date_of_birth", "The date of birth is after the assessment date.")
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if years > _MAX_AGE_YEARS:
        raise ValidationError(
            "date_of_birth", f"The date of birth gives an age above {_MAX_AGE_YEARS}."
        )
    return years


class CriterionStatus(StrEnum):
    """Whether one criterion allows enrolment."""

    PASSED = "passed"
    """Inclusion met, or exclusion absent."""
    FAILED = "failed"
    """Inclusion not met, or exclusion present."""
    MISSING = "missing"
    """Evidence not recorded yet."""


class Verdict(StrEnum):
    """The overall eligibility decision."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class EligibilityEvidence:
    """What has been recorded so far; None means "not recorded".

    ``answers`` holds the yes/no criteria by id: for an inclusion criterion True means
    met; for an exclusion criterion True means the exclusion applies. Severity values
    are Decimal (int/float/str are accepted and checked). ``spo2_percent_at_rest`` must be
    a resting value; ``pf_ratio_mmhg`` comes from :func:`app.clinical.oxygenation.paired_pf_ratio`.
    """

    assessed_on: date | None = None
    date_of_birth: date | None = None
    respiratory_rate_per_min: Decimal | None = None
    spo2_percent_at_rest: Decimal | None = None
    pf_ratio_mmhg: Decimal | None = None
    answers: Mapping[str, bool | None] = field(default_factory=dict)


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's status and the reason, in one sentence."""

    criterion: Criterion
    status: CriterionStatus
    reason_en: str


@dataclass(frozen=True)
class EligibilityResult:
    """The verdict and every criterion's result, in protocol order."""

    verdict: Verdict
    results: tuple[CriterionResult, ...]

    @property
    def failing(self) -> tuple[CriterionResult, ...]:
        """Criteria that prevent enrolment."""
        return tuple(r for r in self.results if r.status is CriterionStatus.FAILED)

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        """Criteria still waiting for evidence."""
        return tuple(r for r in self.results if r.status is CriterionStatus.MISSING)

    @property
    def summary_en(self) -> str:
        """One sentence naming each failing (or else missing) criterion by id and wording."""
        if self.verdict is Verdict.ELIGIBLE:
            return "Eligible: every criterion is met."
        if self.verdict is Verdict.NOT_ELIGIBLE:
            return f"Not eligible: {_listing(self.failing)}."
        return f"Incomplete, still to record: {_listing(self.missing)}."


def _listing(results: tuple[CriterionResult, ...]) -> str:
    return "; ".join(f"{r.criterion.id} {r.criterion.text_en.rstrip('.')}" for r in results)


def evaluate_eligibility(protocol: Protocol, evidence: EligibilityEvidence) -> EligibilityResult:
    """Judge every inclusion and exclusion criterion of ``protocol`` from ``evidence``.

    Raises ValidationError for evidence that is wrong rather than missing (a date of
    birth after the assessment date, an SpO₂ of 140, an answer for an unknown criterion).
    """
    if not isinstance(evidence, EligibilityEvidence):
        raise ValidationError("evidence", "evidence must be an EligibilityEvidence.")
    answers = evidence.answers
    if not isinstance(answers, Mapping):
        raise ValidationError("answers", "answers must map criterion ids to yes/no.")
    yes_no = {
        c.id for c in protocol.criteria if c.kind not in (CriterionKind.AGE, CriterionKind.SEVERITY)
    }
    for key in answers:
        if key not in yes_no:
            raise ValidationError("answers", f"{key!r} is not a yes/no criterion of this protocol.")
    results = tuple(_judge(c, protocol.thresholds, evidence) for c in protocol.criteria)
    statuses = {r.status for r in results}
    if CriterionStatus.FAILED in statuses:
        verdict = Verdict.NOT_ELIGIBLE
    elif CriterionStatus.MISSING in statuses:
        verdict = Verdict.INCOMPLETE
    else:
        verdict = Verdict.ELIGIBLE
    return EligibilityResult(verdict, results)


def _judge(
    criterion: Criterion, thresholds: Thresholds, evidence: EligibilityEvidence
) -> CriterionResult:
    if criterion.kind is CriterionKind.AGE:
        status, reason = _judge_age(thresholds, evidence)
    elif criterion.kind is CriterionKind.SEVERITY:
        status, reason = _judge_severity(thresholds, evidence)
    else:
        status, reason = _judge_yes_no(criterion, evidence.answers.get(criterion.id))
    return CriterionResult(criterion, status, reason)


def _judge_age(t: Thresholds, evidence: EligibilityEvidence) -> tuple[CriterionStatus, str]:
    born = optional_date(evidence.date_of_birth, "date_of_birth")
    on = optional_date(evidence.assessed_on, "assessed_on")
    if born is None or on is None:
        return CriterionStatus.MISSING, "Date of birth or assessment date not recorded."
    age = age_in_completed_years(born, on)
    limits = f"{t.age_min_years}–{t.age_max_years}"
    if t.age_min_years <= age <= t.age_max_years:
        return CriterionStatus.PASSED, f"Age {age} completed years is within {limits}."
    return CriterionStatus.FAILED, f"Age {age} completed years is outside {limits}."


def _sign(value: object, field_name: str, high: int) -> Decimal | None:
    if value is None:
        return None
    return parse_decimal_in(value, field_name, Decimal(0), Decimal(high))


def _judge_severity(t: Thresholds, evidence: EligibilityEvidence) -> tuple[CriterionStatus, str]:
    rr = _sign(evidence.respiratory_rate_per_min, "respiratory_rate_per_min", 300)
    spo2 = _sign(evidence.spo2_percent_at_rest, "spo2_percent_at_rest", 100)
    pf = _sign(evidence.pf_ratio_mmhg, "pf_ratio_mmhg", 10000)
    met: list[str] = []
    unmet: list[str] = []
    missing: list[str] = []
    if t.respiratory_rate_min_per_min is not None:
        limit = format_number(t.respiratory_rate_min_per_min)
        if rr is None:
            missing.append("respiratory rate")
        elif rr >= t.respiratory_rate_min_per_min:
            met.append(f"respiratory rate {format_number(rr)}/min ≥ {limit}")
        else:
            unmet.append(f"respiratory rate {format_number(rr)}/min < {limit}")
    if t.spo2_max_percent is not None:
        limit = format_number(t.spo2_max_percent)
        if spo2 is None:
            missing.append("resting SpO₂")
        elif spo2 <= t.spo2_max_percent:
            met.append(f"resting SpO₂ {format_number(spo2)} % ≤ {limit} %")
        else:
            unmet.append(f"resting SpO₂ {format_number(spo2)} % > {limit} %")
    if t.pf_ratio_max_mmhg is not None:
        limit = format_number(t.pf_ratio_max_mmhg)
        if pf is None:
            missing.append("PaO₂/FiO₂")
        elif pf_for_comparison(pf) <= t.pf_ratio_max_mmhg:
            met.append(f"PaO₂/FiO₂ {format_number(pf)} mmHg ≤ {limit}")
        else:
            unmet.append(f"PaO₂/FiO₂ {format_number(pf)} mmHg > {limit}")
    if met:
        return CriterionStatus.PASSED, f"Severe case: {'; '.join(met)}."
    if missing:
        return (
            CriterionStatus.MISSING,
            f"No severity sign met yet; not recorded: {', '.join(missing)}.",
        )
    return CriterionStatus.FAILED, f"No severity sign met: {'; '.join(unmet)}."


def _judge_yes_no(criterion: Criterion, answer: object) -> tuple[CriterionStatus, str]:
    value = optional_bool(answer, criterion.id)
    if value is None:
        return CriterionStatus.MISSING, "Not answered."
    if criterion.is_exclusion:
        if value:
            return CriterionStatus.FAILED, "Exclusion applies."
        return CriterionStatus.PASSED, "Exclusion does not apply."
    if value:
        return CriterionStatus.PASSED, "Met."
    return CriterionStatus.FAILED, "Not met."
