"""Outcome computations: symptom duration, time to nucleic-acid negativity, day-28 mortality.

Day 0 is the infusion day. Each function returns None when the outcome is not known yet
(censored: symptoms ongoing, no negative run, lost to follow-up before the day): the
caller reports it as censored, never as a value.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.clinical.errors import ValidationError
from app.clinical.parsing import optional_date, require_date, require_datetime
from app.protocol.model import OutcomeRules


def symptom_duration_days(onset_date: object, resolution_date: object) -> int | None:
    """Calendar days from onset to resolution (same day = 0); None while ongoing."""
    onset = require_date(onset_date, "onset_date")
    resolved = optional_date(resolution_date, "resolution_date")
    if resolved is None:
        return None
    if resolved < onset:
        raise ValidationError("resolution_date", "Symptoms cannot resolve before they start.")
    return (resolved - onset).days


@dataclass(frozen=True)
class NucleicAcidResult:
    """One RT-PCR sample: when it was taken (with time zone) and whether it was positive."""

    sampled_at: datetime
    positive: bool


@dataclass(frozen=True)
class Negativity:
    """Time to nucleic-acid negativity, or None values when not reached (censored)."""

    days_from_day0: int | None
    first_negative_at: datetime | None
    """The first sample of the qualifying run of negatives."""
    confirmed_at: datetime | None
    """The sample that completed the run."""


def time_to_negativity(
    day0: object, results: Sequence[NucleicAcidResult], rules: OutcomeRules
) -> Negativity:
    """Days from day 0 to the first negative of the first qualifying run of negatives.

    A run qualifies when it holds ``rules.negativity_consecutive_negatives`` negatives
    with no positive between them, each counted negative at least
    ``rules.negativity_min_gap_hours`` after the previous counted one (a negative closer
    than that neither counts nor breaks the run). Samples before day 0 are ignored. With
    ``negativity_consecutive_negatives = 1`` this is simply the first negative.
    """
    start = require_date(day0, "day0")
    samples = _checked_samples(results)
    needed = rules.negativity_consecutive_negatives
    gap = timedelta(hours=rules.negativity_min_gap_hours)
    first: datetime | None = None
    last: datetime | None = None
    count = 0
    for sample in samples:
        if sample.sampled_at.date() < start:
            continue
        if sample.positive:
            first, last, count = None, None, 0
        elif first is None or last is None:
            first, last, count = sample.sampled_at, sample.sampled_at, 1
        elif sample.sampled_at - last >= gap:
            last, count = sample.sampled_at, count + 1
        if first is not None and last is not None and count >= needed:
            return Negativity((first.date() - start).days, first, last)
    return Negativity(None, None, None)


def _checked_samples(results: object) -> list[NucleicAcidResult]:
    if not isinstance(results, Sequence) or isinstance(results, str | bytes):
        raise ValidationError("results", "results must be a list of RT-PCR results.")
    checked: list[NucleicAcidResult] = []
    for item in results:
        if not isinstance(item, NucleicAcidResult) or not isinstance(item.positive, bool):
            raise ValidationError("results", "Each RT-PCR result needs a time and positive yes/no.")
        require_datetime(item.sampled_at, "sampled_at")
        checked.append(item)
    checked.sort(key=lambda r: r.sampled_at)
    for earlier, later in itertools.pairwise(checked):
        if earlier.sampled_at == later.sampled_at and earlier.positive != later.positive:
            raise ValidationError(
                "results", "Two samples at the same moment disagree: correct one of them."
            )
    return checked


def died_by_mortality_day(
    day0: object, death_date: object, last_known_alive: object, rules: OutcomeRules
) -> bool | None:
    """Mortality outcome at ``rules.mortality_day`` (28 for NCT04339660).

    True if death was on or before day 28; False if known alive on or after day 28 (or
    dead only later); None if neither is known yet (censored or lost to follow-up).
    """
    start = require_date(day0, "day0")
    died = optional_date(death_date, "death_date")
    alive = optional_date(last_known_alive, "last_known_alive")
    if died is not None:
        if died < start:
            raise ValidationError("death_date", "The date of death is before day 0.")
        if alive is not None and alive > died:
            raise ValidationError("last_known_alive", "Known alive after the date of death.")
        return (died - start).days <= rules.mortality_day
    if alive is not None and (alive - start).days >= rules.mortality_day:
        return False
    return None
