"""Symptom duration, time to nucleic-acid negativity and day-28 mortality."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.clinical.errors import ValidationError
from app.clinical.outcomes import (
    NucleicAcidResult,
    died_by_mortality_day,
    symptom_duration_days,
    time_to_negativity,
)
from app.protocol import load_default

RULES = load_default().outcomes
DAY0 = date(2020, 4, 10)


def sample(day: int, positive: bool, hour: int = 8) -> NucleicAcidResult:
    return NucleicAcidResult(
        datetime(2020, 4, 10, hour, tzinfo=UTC) + timedelta(days=day), positive
    )


def test_symptom_duration_is_calendar_days_and_none_while_ongoing() -> None:
    assert symptom_duration_days(date(2020, 3, 1), date(2020, 3, 15)) == 14
    assert symptom_duration_days(date(2020, 3, 1), date(2020, 3, 1)) == 0
    assert symptom_duration_days(date(2020, 3, 1), None) is None


def test_symptoms_resolving_before_onset_are_refused() -> None:
    with pytest.raises(ValidationError):
        symptom_duration_days(date(2020, 3, 10), date(2020, 3, 1))


def test_negativity_counts_from_the_first_of_two_negatives_24_h_apart() -> None:
    results = [sample(1, True), sample(5, False), sample(6, False), sample(7, False)]
    outcome = time_to_negativity(DAY0, results, RULES)
    assert outcome.days_from_day0 == 5
    assert outcome.confirmed_at == sample(6, False).sampled_at


def test_a_positive_between_negatives_restarts_the_run() -> None:
    results = [sample(3, False), sample(4, True), sample(6, False), sample(8, False)]
    assert time_to_negativity(DAY0, results, RULES).days_from_day0 == 6


def test_a_second_negative_too_soon_neither_counts_nor_breaks_the_run() -> None:
    results = [sample(3, False, hour=8), sample(3, False, hour=20), sample(4, False, hour=9)]
    outcome = time_to_negativity(DAY0, results, RULES)
    assert outcome.days_from_day0 == 3
    assert outcome.confirmed_at == sample(4, False, hour=9).sampled_at


def test_a_single_negative_is_censored_when_two_are_required() -> None:
    outcome = time_to_negativity(DAY0, [sample(2, True), sample(9, False)], RULES)
    assert outcome.days_from_day0 is None
    assert outcome.first_negative_at is None


def test_one_negative_suffices_when_the_protocol_requires_one() -> None:
    rules = replace(RULES, negativity_consecutive_negatives=1, negativity_min_gap_hours=0)
    assert time_to_negativity(DAY0, [sample(2, True), sample(9, False)], rules).days_from_day0 == 9


def test_samples_before_day_0_are_ignored_and_order_does_not_matter() -> None:
    results = [sample(8, False), sample(-3, False), sample(7, False), sample(-2, False)]
    assert time_to_negativity(DAY0, results, RULES).days_from_day0 == 7


def test_conflicting_results_at_the_same_moment_are_refused() -> None:
    with pytest.raises(ValidationError, match="disagree"):
        time_to_negativity(DAY0, [sample(3, True), sample(3, False)], RULES)


def test_death_on_day_28_counts_and_on_day_29_does_not() -> None:
    assert died_by_mortality_day(DAY0, DAY0 + timedelta(days=28), None, RULES) is True
    assert died_by_mortality_day(DAY0, DAY0 + timedelta(days=29), None, RULES) is False


def test_alive_at_day_28_is_a_survivor_and_earlier_contact_is_censored() -> None:
    assert died_by_mortality_day(DAY0, None, DAY0 + timedelta(days=28), RULES) is False
    assert died_by_mortality_day(DAY0, None, DAY0 + timedelta(days=27), RULES) is None


def test_inconsistent_death_and_contact_dates_are_refused() -> None:
    with pytest.raises(ValidationError):
        died_by_mortality_day(DAY0, DAY0 - timedelta(days=1), None, RULES)
    with pytest.raises(ValidationError):
        died_by_mortality_day(DAY0, DAY0 + timedelta(days=3), DAY0 + timedelta(days=5), RULES)
