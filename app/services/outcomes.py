"""Outcome measures per participant: symptom durations, time to nucleic-acid negativity,
mortality at the protocol's day, and the trends (SpO₂, P/F, key labs) since day 0.

The computations are :mod:`app.clinical.outcomes`, with the protocol's rules. An outcome
not known yet is None (censored), never a guess; a conflict in the data (two samples at
the same moment disagreeing, a death before day 0) is None with a note saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.clinical.errors import ValidationError
from app.clinical.outcomes import (
    NucleicAcidResult,
    died_by_mortality_day,
    symptom_duration_days,
    time_to_negativity,
)
from app.models import LabResult, Oxygenation, VitalSigns
from app.protocol import Protocol
from app.sentences import QT_TRANSLATE_NOOP
from app.services.observation_checks import SYMPTOMS, lab_number
from app.services.visits import Recorded, local_date, recorded
from app.store.store import Store

OUTCOME_FORMS = ("symptoms", "nucleic_acid", "who_scores", "dispositions")
"""The records the outcomes are computed from (besides the dates of observations)."""
TREND_LABS = ("CRP", "IL6", "LYMPH")
"""The labs the trend chart follows, where the protocol's panel has them."""


@dataclass(frozen=True)
class SymptomOutcome:
    symptom: str
    label: str
    onset_on: date | None
    resolved_on: date | None
    duration_days: int | None
    """None while ongoing or when the onset is unknown."""


@dataclass(frozen=True)
class Outcomes:
    participant_id: str
    day0_on: date | None
    symptoms: tuple[SymptomOutcome, ...]
    negativity_days: int | None
    """Days from day 0 to the first negative of the protocol's run of negatives."""
    first_negative_at: datetime | None
    negativity_confirmed_at: datetime | None
    negativity_rule: str
    mortality_day: int
    died_by_mortality_day: bool | None
    death_on: date | None
    last_known_alive: date | None
    notes: tuple[str, ...]
    """Why an outcome that has data is still None (a conflict to correct)."""


def _negativity_rule(protocol: Protocol) -> str:
    rules = protocol.outcomes
    n = rules.negativity_consecutive_negatives
    if n == 1:
        return QT_TRANSLATE_NOOP("Outcomes", "first negative sample").said()
    return QT_TRANSLATE_NOOP(
        "Outcomes", "first of {count} consecutive negatives, at least {hours} h apart"
    ).format(count=n, hours=rules.negativity_min_gap_hours)


def participant_outcomes(
    store: Store, protocol: Protocol, participant_id: str, *, tz: tzinfo | None = None
) -> Outcomes:
    """Compute every outcome of one participant from what is recorded."""
    held = recorded(store, participant_id, OUTCOME_FORMS)
    return outcomes_of(held, protocol, _alive_dates(store, participant_id, tz), tz=tz)


def outcomes_of(
    held: Recorded, protocol: Protocol, alive_on: Sequence[date] = (), *, tz: tzinfo | None = None
) -> Outcomes:
    """Outcomes from records already read; ``alive_on`` are days the participant was seen."""
    notes: list[str] = []
    order = {name: i for i, name in enumerate(SYMPTOMS)}  # the form's order
    listed = sorted(held.symptoms, key=lambda s: order.get(s.entry.symptom, len(order)))
    symptoms = tuple(_symptom(s.entry.symptom, s.entry.onset_on, s.entry.resolved_on)
                     for s in listed)  # fmt: skip
    day0 = held.day0_on
    negativity: tuple[int | None, datetime | None, datetime | None] = (None, None, None)
    samples = [
        NucleicAcidResult(t.entry.sampled_at, t.entry.result == "positive")
        for t in held.nucleic_acid
        if t.entry.result in ("positive", "negative")  # an indeterminate result decides nothing
    ]
    if day0 is not None:
        try:
            found = time_to_negativity(day0, samples, protocol.outcomes)
            negativity = (found.days_from_day0, found.first_negative_at, found.confirmed_at)
        except ValidationError as exc:
            notes.append(
                QT_TRANSLATE_NOOP("Outcomes", "Nucleic-acid negativity: {problem}").format(
                    problem=exc.message
                )
            )
    deaths = [d.entry.event_on for d in held.dispositions if d.entry.kind == "died"]
    death_on = min(deaths) if deaths else None
    seen = list(alive_on)
    seen += [s.entry.sampled_at.astimezone(tz).date() for s in held.nucleic_acid]
    seen += [d.entry.event_on for d in held.dispositions if d.entry.kind != "died"]
    seen += [w.entry.assessed_on for w in held.who_scores if w.entry.score != 10]
    alive = max(seen) if seen and death_on is None else None
    mortality: bool | None = None
    if day0 is not None:
        try:
            mortality = died_by_mortality_day(day0, death_on, alive, protocol.outcomes)
        except ValidationError as exc:
            notes.append(
                QT_TRANSLATE_NOOP("Outcomes", "Mortality: {problem}").format(problem=exc.message)
            )
    return Outcomes(
        held.participant_id, day0, symptoms, *negativity, _negativity_rule(protocol),
        protocol.outcomes.mortality_day, mortality, death_on, alive, tuple(notes),
    )  # fmt: skip


def _symptom(symptom: str, onset: date | None, resolved: date | None) -> SymptomOutcome:
    label = SYMPTOMS.get(symptom, symptom.replace("_", " ").capitalize())
    duration = None
    if onset is not None:
        try:
            duration = symptom_duration_days(onset, resolved)
        except ValidationError:
            duration = None  # the form refuses this; an old record may still hold it
    return SymptomOutcome(symptom, label, onset, resolved, duration)


def _alive_dates(store: Store, participant_id: str, tz: tzinfo | None) -> list[date]:
    """The latest day of each kind of bedside observation (the person was alive then)."""
    with store.read() as session:
        found = []
        for table, column in (
            (VitalSigns, VitalSigns.measured_at),
            (Oxygenation, Oxygenation.measured_at),
            (LabResult, LabResult.sampled_at),
        ):
            latest = session.scalar(
                select(column).where(table.participant_id == participant_id)
                .order_by(column.desc()).limit(1)
            )  # fmt: skip
            if latest is not None:
                found.append(local_date(latest, tz))
    return found


_OUTCOMES = QT_TRANSLATE_NOOP("Outcomes", "Outcomes")


def describe_outcomes(found: Outcomes) -> list[tuple[str, str]]:
    """(caption, text) lines of the outcome summary; censored outcomes say so."""
    if found.day0_on is None:
        no_day0 = QT_TRANSLATE_NOOP("Outcomes", "Counted from day 0, which is not recorded yet.")
        return [(_OUTCOMES.said(), no_day0.said())]
    parts: list[str] = []
    for s in found.symptoms:
        if s.onset_on is None:
            parts.append(
                QT_TRANSLATE_NOOP("Outcomes", "{symptom}: start not recorded").format(
                    symptom=s.label
                )
            )
        elif s.duration_days is None:
            parts.append(
                QT_TRANSLATE_NOOP("Outcomes", "{symptom}: ongoing since {date}").format(
                    symptom=s.label, date=f"{s.onset_on:%d %b}"
                )
            )
        elif s.duration_days == 1:
            parts.append(
                QT_TRANSLATE_NOOP("Outcomes", "{symptom}: {days} day").format(
                    symptom=s.label, days=s.duration_days
                )
            )
        else:
            parts.append(
                QT_TRANSLATE_NOOP("Outcomes", "{symptom}: {days} days").format(
                    symptom=s.label, days=s.duration_days
                )
            )
    symptoms = " · ".join(parts) or QT_TRANSLATE_NOOP("Outcomes", "None recorded.").said()
    if found.negativity_days is None:
        negative = QT_TRANSLATE_NOOP("Outcomes", "Not reached yet ({rule}).").format(
            rule=found.negativity_rule
        )
    else:
        negative = QT_TRANSLATE_NOOP("Outcomes", "Day {day} ({rule}).").format(
            day=found.negativity_days, rule=found.negativity_rule
        )
    day = found.mortality_day
    if found.died_by_mortality_day is True and found.death_on is not None:
        died = (found.death_on - found.day0_on).days
        mortality = QT_TRANSLATE_NOOP("Outcomes", "Died on day {day} ({date}).").format(
            day=died, date=f"{found.death_on:%d %b %Y}"
        )
    elif found.died_by_mortality_day is False:
        mortality = (
            QT_TRANSLATE_NOOP("Outcomes", "Alive at day {day}.").format(day=day)
            if found.death_on is None
            else QT_TRANSLATE_NOOP("Outcomes", "Died after the day.").said()
        )
    elif found.last_known_alive is not None:
        seen = (found.last_known_alive - found.day0_on).days
        mortality = QT_TRANSLATE_NOOP(
            "Outcomes", "Not known yet: last known alive on day {day}."
        ).format(day=seen)
    else:
        mortality = QT_TRANSLATE_NOOP("Outcomes", "Not known yet.").said()
    lines: list[tuple[str, str]] = [
        (QT_TRANSLATE_NOOP("Outcomes", "Symptom duration").said(), symptoms),
        (QT_TRANSLATE_NOOP("Outcomes", "Nucleic acid negative").said(), negative),
        (QT_TRANSLATE_NOOP("Outcomes", "Mortality by day {day}").format(day=day), mortality),
    ]
    check = QT_TRANSLATE_NOOP("Outcomes", "Check").said()
    lines += [(check, note) for note in found.notes]
    return lines


# -- trends -------------------------------------------------------------------------


def instant(text: str) -> datetime:
    """``2026-11-25T12:00:00.000000Z`` (how the store writes UTC) as an aware datetime."""
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class TrendPoint:
    day: float
    """Days since the origin (day 0), fractional: 7.5 is midday on day 7."""
    value: float
    qualifier: str = ""
    """``<`` or ``>`` when the lab reported a value beyond its assay's limit."""


@dataclass(frozen=True)
class TrendSeries:
    key: str
    label: str
    unit: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class Trends:
    origin_on: date | None
    """Day 0; or, before day 0 is recorded, the first day with data (None without data)."""
    origin_is_day0: bool
    series: tuple[TrendSeries, ...]


def trends(
    store: Store, protocol: Protocol, participant_id: str, *, tz: tzinfo | None = None,
    lab_codes: Sequence[str] = TREND_LABS,
) -> Trends:  # fmt: skip
    """SpO₂ (vital signs and oxygenation), P/F (oxygenation) and key labs over time.

    A lab reported in two units gives two series: values are never converted.
    """
    with store.read() as session:
        from app.services.observations import participant_in

        day0 = participant_in(session, participant_id).day0_on
        raw = _raw_points(session, participant_id, [c for c in lab_codes if protocol.lab(c)])
    instants = [at for points in raw.values() for at, _v, _q in points]
    origin = day0 or (min(local_date(at, tz) for at in instants) if instants else None)
    series = []
    for (key, unit), points in raw.items():
        if origin is None or not points:
            continue
        test = protocol.lab(key)
        label = {"spo2": "SpO₂", "pf": "P/F ratio"}.get(key) or (test.name_en if test else key)
        start = datetime.combine(origin, time())
        shown = tuple(
            TrendPoint((at.astimezone(tz).replace(tzinfo=None) - start).total_seconds() / 86400,
                       float(value), qualifier)
            for at, value, qualifier in sorted(points, key=lambda p: p[0])
        )  # fmt: skip
        series.append(TrendSeries(key, label, unit, shown))
    order = ["spo2", "pf", *lab_codes]
    series.sort(key=lambda s: (order.index(s.key) if s.key in order else len(order), s.unit))
    return Trends(origin, day0 is not None, tuple(series))


def _iso(column: Any) -> Any:
    """A UTC column as its stored ISO text: parsed below ~20x faster than strptime."""
    return type_coerce(column, String)


def _raw_points(
    session: Session, participant_id: str, lab_codes: Sequence[str]
) -> dict[tuple[str, str], list[tuple[datetime, Decimal, str]]]:
    points: dict[tuple[str, str], list[tuple[datetime, Decimal, str]]] = {
        ("spo2", "%"): [],
        ("pf", "mmHg"): [],
    }

    def add(key: tuple[str, str], at: str, text: Any, qualifier: str = "") -> None:
        if text is None:
            return
        try:
            points.setdefault(key, []).append((instant(at), Decimal(str(text)), qualifier))
        except ArithmeticError:
            return  # not a number: nothing to draw

    where = VitalSigns.participant_id == participant_id
    for at, spo2 in session.execute(select(_iso(VitalSigns.measured_at), VitalSigns.spo2_percent)
                                    .where(where)):  # fmt: skip
        add(("spo2", "%"), at, spo2)
    query = select(
        _iso(Oxygenation.measured_at), Oxygenation.spo2_percent, Oxygenation.pf_ratio_mmhg
    )
    for at, spo2_text, pf in session.execute(
        query.where(Oxygenation.participant_id == participant_id)
    ):
        add(("spo2", "%"), at, spo2_text)
        add(("pf", "mmHg"), at, pf)
    if lab_codes:
        labs = select(LabResult.analyte_code, LabResult.unit, _iso(LabResult.sampled_at),
                      LabResult.value_entered).where(
            LabResult.participant_id == participant_id, LabResult.analyte_code.in_(lab_codes)
        )  # fmt: skip
        for code, unit, at, text in session.execute(labs):
            parsed = lab_number(text)
            if parsed is not None:
                add((code, unit), at, parsed[1], parsed[0])
    return points
