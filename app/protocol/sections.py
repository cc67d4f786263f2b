"""One parser per section of a protocol file; each validates its section completely."""

from __future__ import annotations

from decimal import Decimal

from app.protocol.model import (
    ESTIMABLE_DEVICES,
    PLAUSIBILITY_FIELDS,
    YES_NO_KINDS,
    Arm,
    Criterion,
    CriterionKind,
    DoseRule,
    FiO2EstimateTable,
    FlowRange,
    InfusionVitalsSchedule,
    LabRange,
    LabTest,
    LabUnit,
    OutcomeRules,
    OxygenationRules,
    OxygenDevice,
    PlausibilityRange,
    Study,
    Thresholds,
    VisitDefinition,
)
from app.protocol.reader import Table, check_number, check_whole, fail

_CODE = r"[A-Z][A-Z0-9_]{0,15}"
_CODE_HINT = "an upper-case code such as D7 or IL6"
_MASKING = ("none", "single", "double", "triple", "quadruple")
_SEVERITY_KEYS = ("respiratory_rate_min_per_min", "spo2_max_percent", "pf_ratio_max_mmhg")
# Outer bounds a protocol's plausibility limits must stay inside; anything else is a typo
# in the protocol (an FiO₂ range of 21..100 written as if it were a percentage, say).
_PLAUSIBILITY_BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    "fio2_fraction": (Decimal("0.21"), Decimal(1)),
    "spo2_percent": (Decimal(0), Decimal(100)),
    "ph": (Decimal(6), Decimal(9)),
}
_DEFAULT_BOUNDS = (Decimal(0), Decimal(10000))


def _unique(values: list[str], paths: list[str]) -> None:
    seen: set[str] = set()
    for value, path in zip(values, paths, strict=True):
        if value in seen:
            raise fail(path, f"repeats {value!r}, which must be unique")
        seen.add(value)


def parse_study(t: Table) -> Study:
    """``[study]``: identifiers, titles, masking and the blinded product label."""
    study = Study(
        nct_id=t.text("nct_id", r"NCT\d{8}", "NCT followed by 8 digits"),
        other_ids=t.texts("other_ids"),
        sponsor_en=t.text("sponsor_en"),
        sponsor_zh=t.text("sponsor_zh"),
        title_en=t.text("title_en"),
        title_zh=t.text("title_zh"),
        phase=t.text("phase"),
        masking=t.choice("masking", _MASKING),
        blinded_label_en=t.text("blinded_label_en"),
        blinded_label_zh=t.text("blinded_label_zh"),
    )
    t.done()
    return study


def parse_arms(tables: list[Table]) -> tuple[Arm, ...]:
    """``[[arms]]``: at least two, unique codes, at least one non-placebo."""
    arms = []
    for t in tables:
        if not t.flag("unblinded_only"):
            raise fail(t.key_path("unblinded_only"), "must be true: arms are never shown blinded")
        arms.append(
            Arm(
                code=t.text("code", _CODE, _CODE_HINT),
                name_en=t.text("name_en"),
                name_zh=t.text("name_zh"),
                is_placebo=t.flag("is_placebo"),
                intervention_en=t.text("intervention_en"),
                intervention_zh=t.text("intervention_zh"),
            )
        )
        t.done()
    _unique([a.code for a in arms], [t.key_path("code") for t in tables])
    if all(a.is_placebo for a in arms):
        raise fail(
            tables[0].path.split("[")[0], "must include at least one arm that is not placebo"
        )
    return tuple(arms)


def parse_criteria(tables: list[Table], *, exclusion: bool) -> tuple[Criterion, ...]:
    """``[[eligibility.inclusion]]`` / ``[[eligibility.exclusion]]`` criteria."""
    prefix = "EX" if exclusion else "IN"
    kinds = tuple(k.value for k in CriterionKind)
    criteria = []
    for t in tables:
        criterion = Criterion(
            id=t.text("id", rf"{prefix}\d{{2}}", f"{prefix}01"),
            kind=CriterionKind(t.choice("kind", kinds)),
            text_en=t.text("text_en"),
            text_zh=t.text("text_zh"),
            is_exclusion=exclusion,
        )
        if exclusion and criterion.kind not in YES_NO_KINDS:
            raise fail(t.key_path("kind"), "must be a yes/no kind for an exclusion criterion")
        t.done()
        criteria.append(criterion)
    _unique([c.id for c in criteria], [t.key_path("id") for t in tables])
    for kind in (CriterionKind.AGE, CriterionKind.SEVERITY):
        paths = [
            t.key_path("kind") for t, c in zip(tables, criteria, strict=True) if c.kind == kind
        ]
        if len(paths) > 1:
            raise fail(paths[1], f"repeats {kind.value!r}: one such criterion decides it")
    return tuple(criteria)


def parse_thresholds(t: Table) -> Thresholds:
    """``[thresholds]``: age range and the severe-case signs (any one suffices)."""
    age_min = t.whole("age_min_years", 0, 120)
    thresholds = Thresholds(
        age_min_years=age_min,
        age_max_years=t.whole("age_max_years", age_min, 120),
        respiratory_rate_min_per_min=t.optional_number(_SEVERITY_KEYS[0], 1, 120),
        spo2_max_percent=t.optional_number(_SEVERITY_KEYS[1], 50, 100),
        pf_ratio_max_mmhg=t.optional_number(_SEVERITY_KEYS[2], 50, 600),
    )
    if not any(t.has(key) for key in _SEVERITY_KEYS):
        raise fail(t.path, f"must give at least one of {', '.join(_SEVERITY_KEYS)}")
    t.done()
    return thresholds


def parse_visits(tables: list[Table]) -> tuple[VisitDefinition, ...]:
    """``[[visits]]`` in day order, with windows that never overlap."""
    visits = []
    for t in tables:
        visits.append(
            VisitDefinition(
                code=t.text("code", _CODE, _CODE_HINT),
                name_en=t.text("name_en"),
                name_zh=t.text("name_zh"),
                day=t.whole("day", -60, 3650),
                window_before_days=t.whole("window_before_days", 0, 60),
                window_after_days=t.whole("window_after_days", 0, 60),
            )
        )
        t.done()
    _unique([v.code for v in visits], [t.key_path("code") for t in tables])
    for i in range(1, len(visits)):
        previous, visit = visits[i - 1], visits[i]
        if visit.day <= previous.day:
            raise fail(tables[i].key_path("day"), "must be later than the previous visit's day")
        if visit.day - visit.window_before_days <= previous.day + previous.window_after_days:
            raise fail(
                tables[i].key_path("window_before_days"),
                "makes this window overlap the previous visit's",
            )
    return tuple(visits)


# Whether a lab without a ``ranges`` table is refused. Every lab of NCT04339660 has one;
# the second study in tests/data/protocols gets them before this becomes True.
REQUIRE_LAB_RANGES = False
_LAB_MAX = Decimal(10**7)


def _lab_range(t: Table) -> LabRange:
    hard_min = t.number("hard_min", 0, _LAB_MAX)
    hard_max = t.number("hard_max", hard_min, _LAB_MAX)
    soft_min = t.number("soft_min", hard_min, hard_max)
    found = LabRange(hard_min, hard_max, soft_min, t.number("soft_max", soft_min, hard_max))
    if found.hard_min == found.hard_max:
        raise fail(t.key_path("hard_max"), "must be above hard_min")
    t.done()
    return found


def _lab_units(t: Table, *, require_ranges: bool) -> list[LabUnit]:
    unit_tables = t.tables("units")
    units = []
    for u in unit_tables:
        units.append(LabUnit(label=u.text("label"), ucum=u.text("ucum")))
        u.done()
    _unique([u.label for u in units], [u.key_path("label") for u in unit_tables])
    if not t.has("ranges") and not require_ranges:
        return units
    ranges = t.table("ranges")
    with_ranges = []
    for unit in units:
        if not ranges.has(unit.label):
            raise fail(ranges.path, f"must give the ranges for {unit.label!r}")
        with_ranges.append(LabUnit(unit.label, unit.ucum, _lab_range(ranges.table(unit.label))))
    ranges.done()
    return with_ranges


def parse_labs(
    tables: list[Table], *, require_ranges: bool = REQUIRE_LAB_RANGES
) -> tuple[LabTest, ...]:
    """``[[labs]]``: each analyte with its allowed units, the hard and soft ranges in each
    unit (``ranges."<unit label>"``) and, if verified, its LOINC."""
    labs = []
    for t in tables:
        units = _lab_units(t, require_ranges=require_ranges)
        loinc = t.optional_text("loinc", r"\d{1,7}-\d", "a LOINC code such as 1988-5")
        confirmed = t.optional_flag("loinc_confirmed")
        if confirmed is not None and loinc is None:
            raise fail(t.key_path("loinc_confirmed"), "is only allowed together with loinc")
        labs.append(
            LabTest(
                code=t.text("code", _CODE, _CODE_HINT),
                name_en=t.text("name_en"),
                name_zh=t.text("name_zh"),
                units=tuple(units),
                loinc=loinc,
                loinc_confirmed=bool(confirmed),
            )
        )
        t.done()
    _unique([lab.code for lab in labs], [t.key_path("code") for t in tables])
    return tuple(labs)


def parse_dose(t: Table) -> DoseRule:
    """``[dose]``: cells per kg, bag volume, vehicle, and the placebo volume."""
    dose = DoseRule(
        cells_per_kg=t.number("cells_per_kg", 1, 10**12),
        volume_ml=t.number("volume_ml", 1, 2000),
        vehicle_en=t.text("vehicle_en"),
        vehicle_zh=t.text("vehicle_zh"),
        placebo_volume_ml=t.number("placebo_volume_ml", 1, 2000),
        repeat_interval_days=t.optional_whole("repeat_interval_days", 1, 365),
    )
    t.done()
    return dose


def parse_infusion_vitals(t: Table) -> InfusionVitalsSchedule:
    """``[infusion_vitals]``: the observation timepoints around an infusion."""
    after_path = t.key_path("after_end_minutes")
    after = tuple(
        check_whole(v, f"{after_path}[{i}]", 1, 10080)
        for i, v in enumerate(t.array("after_end_minutes"))
    )
    for i in range(1, len(after)):
        if after[i] <= after[i - 1]:
            raise fail(f"{after_path}[{i}]", "must be later than the one before it")
    measurements = t.texts("measurements")
    for i, name in enumerate(measurements):
        if name not in PLAUSIBILITY_FIELDS:
            raise fail(f"{t.key_path('measurements')}[{i}]", f"names an unknown field {name!r}")
    _unique(
        list(measurements), [f"{t.key_path('measurements')}[{i}]" for i in range(len(measurements))]
    )
    schedule = InfusionVitalsSchedule(
        before_start=t.flag("before_start"),
        during_every_minutes=t.whole("during_every_minutes", 1, 240),
        expected_duration_minutes=t.whole("expected_duration_minutes", 1, 1440),
        at_end=t.flag("at_end"),
        after_end_minutes=after,
        measurements=measurements,
    )
    t.done()
    return schedule


def parse_plausibility(t: Table) -> tuple[PlausibilityRange, ...]:
    """``[plausibility.<field>]`` for every field in PLAUSIBILITY_FIELDS, and no others."""
    ranges = []
    for field in PLAUSIBILITY_FIELDS:
        f = t.table(field)
        low, high = _PLAUSIBILITY_BOUNDS.get(field, _DEFAULT_BOUNDS)
        hard_min = f.number("hard_min", low, high)
        hard_max = f.number("hard_max", hard_min, high)
        soft_min = f.number("soft_min", hard_min, hard_max)
        ranges.append(
            PlausibilityRange(
                field=field,
                label_en=f.text("label_en"),
                label_zh=f.text("label_zh"),
                unit=f.text("unit", allow_empty=True),
                hard_min=hard_min,
                hard_max=hard_max,
                soft_min=soft_min,
                soft_max=f.number("soft_max", soft_min, hard_max),
            )
        )
        f.done()
    t.done()
    return tuple(ranges)


def _parse_points(t: Table, max_flow: Decimal) -> tuple[tuple[Decimal, Decimal], ...]:
    path = t.key_path("points")
    points: list[tuple[Decimal, Decimal]] = []
    raw = t.array("points")
    if not raw:
        raise fail(path, "must have at least 1 entry")
    for i, item in enumerate(raw):
        if not isinstance(item, list) or len(item) != 2:
            raise fail(f"{path}[{i}]", "must be a pair [flow_l_min, fio2_fraction]")
        flow = check_number(item[0], f"{path}[{i}][0]", Decimal("0.1"), max_flow)
        fraction = check_number(item[1], f"{path}[{i}][1]", Decimal("0.21"), Decimal(1))
        if points and (flow <= points[-1][0] or fraction < points[-1][1]):
            raise fail(
                f"{path}[{i}]", "must have a higher flow and no lower FiO₂ than the row before"
            )
        points.append((flow, fraction))
    return tuple(points)


def parse_oxygenation(t: Table) -> OxygenationRules:
    """``[oxygenation]``: blood-gas/FiO₂ pairing and per-device FiO₂ estimate tables."""
    gap = t.whole("pairing_max_gap_minutes", 1, 240)
    estimable = tuple(sorted(d.value for d in ESTIMABLE_DEVICES))
    tables = t.tables("estimate", minimum=0)
    estimates = []
    for e in tables:
        device = OxygenDevice(e.choice("device", estimable))
        max_flow = e.number("max_flow_l_min", Decimal("0.1"), 80)
        estimates.append(FiO2EstimateTable(device, max_flow, _parse_points(e, max_flow)))
        e.done()
    _unique([e.device.value for e in estimates], [e.key_path("device") for e in tables])
    # Optional until every protocol file gives one per device (NCT04339660 does).
    flows = _parse_flows(t.tables("flow", minimum=0)) if t.has("flow") else []
    t.done()
    return OxygenationRules(
        pairing_max_gap_minutes=gap, estimates=tuple(estimates), flows=tuple(flows)
    )


def _parse_flows(tables: list[Table]) -> list[FlowRange]:
    """``[[oxygenation.flow]]``: one flow range per device that takes a flow (not room air)."""
    devices = tuple(d.value for d in OxygenDevice if d is not OxygenDevice.ROOM_AIR)
    flows = []
    for f in tables:
        device = OxygenDevice(f.choice("device", devices))
        hard_min = f.number("hard_min", 0, 120)
        hard_max = f.number("hard_max", hard_min, 120)
        if hard_max == hard_min:
            raise fail(f.key_path("hard_max"), "must be above hard_min")
        soft_min = f.number("soft_min", hard_min, hard_max)
        soft_max = f.number("soft_max", soft_min, hard_max)
        instead = f.optional_text("instead")
        if instead is not None and instead not in devices:
            raise fail(f.key_path("instead"), f"must be one of {', '.join(devices)}")
        flows.append(
            FlowRange(
                device, hard_min, hard_max, soft_min, soft_max,
                None if instead is None else OxygenDevice(instead),
            )
        )  # fmt: skip
        f.done()
    _unique([r.device.value for r in flows], [f.key_path("device") for f in tables])
    return flows


def parse_outcomes(t: Table) -> OutcomeRules:
    """``[outcomes]``: mortality day and the nucleic-acid negativity rule."""
    rules = OutcomeRules(
        mortality_day=t.whole("mortality_day", 1, 3650),
        negativity_consecutive_negatives=t.whole("negativity_consecutive_negatives", 1, 5),
        negativity_min_gap_hours=t.whole("negativity_min_gap_hours", 0, 168),
    )
    t.done()
    return rules
