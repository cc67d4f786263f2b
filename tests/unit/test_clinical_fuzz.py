"""No input to any clinical rule or validator raises anything but ValidationError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clinical import (
    eligibility,
    fio2,
    infusion,
    outcomes,
    oxygenation,
    parsing,
    plausibility,
    units,
    visits,
    who_scale,
)
from app.clinical.errors import ValidationError
from app.protocol import PLAUSIBILITY_FIELDS, OxygenDevice, load_default

PROTOCOL = load_default()
VISIT = visits.plan_visits(date(2020, 4, 10), PROTOCOL.visits)[3]
TIMEPOINT = infusion.infusion_timepoints(PROTOCOL.infusion_vitals)[-1]

offsets = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)
aware = st.one_of(
    st.datetimes(timezones=offsets),
    st.builds(lambda tz: datetime.max.replace(tzinfo=tz), offsets),
    st.builds(lambda tz: datetime.min.replace(tzinfo=tz), offsets),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("sNaN"), Decimal("1E+999999"), Decimal("-1E-999999"), 0.21, 40]),
)
texts = st.one_of(
    st.text(),
    st.from_regex(r"\A[+-]?\d{0,500}(\.\d{0,500})?\Z"),
    st.sampled_from(["0.40", "40", "39.997", "1,5", "１２", "nan", "inf", "1e999", "mmHg", "kPa"]),
    st.sampled_from([d.value for d in OxygenDevice]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    texts,
    st.dates(),
    st.datetimes(),
    aware,
    st.sampled_from([date.min, date.max]),
)
anything = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.one_of(texts, st.sampled_from(PLAUSIBILITY_FIELDS)), scalars, max_size=4),
    st.lists(st.builds(outcomes.NucleicAcidResult, scalars, scalars), max_size=4),
    st.lists(st.builds(outcomes.NucleicAcidResult, aware, st.booleans()), max_size=6),
)

ox = PROTOCOL.oxygenation
CASES: dict[str, tuple[int, Callable[..., Any]]] = {
    "parse_decimal": (1, lambda a: parsing.parse_decimal(a, "x")),
    "format_number": (1, lambda a: parsing.format_number(parsing.parse_decimal(a, "x"))),
    "parse_pressure": (2, units.parse_pressure),
    "kpa_to_mmhg": (1, units.kpa_to_mmhg),
    "mmhg_to_kpa": (1, units.mmhg_to_kpa),
    "parse_fio2_fraction": (1, fio2.parse_fio2_fraction),
    "fio2_fraction_from_percent": (1, fio2.fio2_fraction_from_percent),
    "recorded_fio2": (3, fio2.recorded_fio2),
    "estimate_fio2": (2, lambda a, b: fio2.estimate_fio2(a, b, ox)),
    "pf_ratio_mmhg": (2, oxygenation.pf_ratio_mmhg),
    "pf_for_comparison": (1, oxygenation.pf_for_comparison),
    "berlin_band": (1, oxygenation.berlin_band),
    "check_pairing": (3, oxygenation.check_pairing),
    "paired_pf_ratio": (5, oxygenation.paired_pf_ratio),
    "paired_pf_ratio_readings": (
        3,
        lambda a, b, c: oxygenation.paired_pf_ratio(
            units.parse_pressure("70", "mmHg"), a, fio2.recorded_fio2("0.5", "niv_cpap"), b, c
        ),
    ),
    "sf_ratio_estimate": (2, oxygenation.sf_ratio_estimate),
    "check_value": (2, lambda a, b: plausibility.check_value(a, b, PROTOCOL.plausibility)),
    "check_values": (1, lambda a: plausibility.check_values(a, PROTOCOL.plausibility)),
    "age_in_completed_years": (2, eligibility.age_in_completed_years),
    "evaluate_eligibility": (
        6,
        lambda *a: eligibility.evaluate_eligibility(PROTOCOL, eligibility.EligibilityEvidence(*a)),
    ),
    "plan_visits": (1, lambda a: visits.plan_visits(a, PROTOCOL.visits)),
    "visit_status": (2, lambda a, b: visits.visit_status(VISIT, a, b)),
    "schedule_status": (3, lambda a, b, c: visits.schedule_status(a, PROTOCOL.visits, b, c)),
    "symptom_duration_days": (2, outcomes.symptom_duration_days),
    "time_to_negativity": (2, lambda a, b: outcomes.time_to_negativity(a, b, PROTOCOL.outcomes)),
    "died_by_mortality_day": (
        3,
        lambda a, b, c: outcomes.died_by_mortality_day(a, b, c, PROTOCOL.outcomes),
    ),
    "who_level": (1, who_scale.who_level),
    "ventilated_who_score": (4, who_scale.ventilated_who_score),
    "compute_dose": (1, lambda a: infusion.compute_dose(a, PROTOCOL)),
    "scientific": (1, lambda a: infusion.scientific(parsing.parse_decimal(a, "x"))),
    "infusion_timepoints": (1, lambda a: infusion.infusion_timepoints(PROTOCOL.infusion_vitals, a)),
    "due_at": (2, TIMEPOINT.due_at),
}


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_input_either_works_or_raises_validation_error(name: str, data: st.DataObject) -> None:
    arity, rule = CASES[name]
    args = [data.draw(anything, label=f"arg{i}") for i in range(arity)]
    try:
        rule(*args)
    except ValidationError as error:
        refused: ValidationError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.message.strip(), "a ValidationError must explain itself"
        assert isinstance(refused.field, str)


@pytest.mark.parametrize(("a", "b"), [(datetime.min, datetime.max), (datetime.max, datetime.max)])
@given(tz_a=offsets, tz_b=offsets)
def test_times_at_the_ends_of_the_calendar_are_refused_not_crashed(
    a: datetime, b: datetime, tz_a: timezone, tz_b: timezone
) -> None:
    start, end = a.replace(tzinfo=tz_a), b.replace(tzinfo=tz_b)
    for rule in (
        lambda: oxygenation.check_pairing(start, end, 30),
        lambda: TIMEPOINT.due_at(start, end),
        lambda: outcomes.time_to_negativity(
            start.date(),
            [outcomes.NucleicAcidResult(start, False), outcomes.NucleicAcidResult(end, False)],
            PROTOCOL.outcomes,
        ),
    ):
        with contextlib.suppress(ValidationError):
            rule()
