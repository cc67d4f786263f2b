"""Visits: each participant's schedule with its status, who is due today, and what each
visit (and the participant) already holds, for the forms that edit it.

A visit is *done* once any form of that visit was saved (vital signs, oxygenation, labs,
imaging, WHO score): its done date is the earliest such observation, on the ward's
calendar (``tz``; the laptop's own zone by default). Status, windows and target dates
come from :mod:`app.clinical.visits` and the protocol passed in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from app.clinical.parsing import format_number
from app.clinical.visits import VisitStatus, schedule_status
from app.models import (
    ChestImaging,
    Disposition,
    LabResult,
    NucleicAcidTest,
    Oxygenation,
    Participant,
    ParticipantStatus,
    Symptom,
    VitalSigns,
    WhoScaleScore,
)
from app.protocol import Protocol
from app.sentences import QT_TRANSLATE_NOOP, pick
from app.services.observation_checks import (
    DispositionEntry,
    ImagingEntry,
    LabPanelEntry,
    LabValueEntry,
    NucleicAcidEntry,
    Saved,
    SymptomEntry,
    VitalSignsEntry,
    WhoScoreEntry,
)
from app.services.observations import participant_in
from app.store.store import Store
from app.timeutil import parse_iso_utc

ON_STUDY = (ParticipantStatus.RANDOMISED.value, ParticipantStatus.INFUSED.value)
# Form name -> (table, the column that dates it). Each of these carries a visit code.
VISIT_FORMS: dict[str, tuple[Any, Any]] = {
    "vitals": (VitalSigns, VitalSigns.measured_at),
    "oxygenation": (Oxygenation, Oxygenation.measured_at),
    "labs": (LabResult, LabResult.sampled_at),
    "imaging": (ChestImaging, ChestImaging.imaged_on),
    "who": (WhoScaleScore, WhoScaleScore.assessed_on),
}


@dataclass(frozen=True)
class VisitRow:
    """One visit of a participant's schedule as the visits panel shows it."""

    code: str
    name_en: str
    name_zh: str
    day: int
    target_date: date
    window_opens: date
    window_closes: date
    status: VisitStatus
    done_on: date | None
    done_in_window: bool | None
    forms: tuple[str, ...]
    """The forms saved with this visit's code (names of :data:`VISIT_FORMS`)."""


@dataclass(frozen=True)
class Schedule:
    participant_id: str
    day0_on: date | None
    """None until day 0 (the infusion) is recorded: then there is no schedule yet."""
    on_date: date
    visits: tuple[VisitRow, ...]

    def visit(self, code: str) -> VisitRow | None:
        return next((v for v in self.visits if v.code == code), None)


@dataclass(frozen=True)
class VisitDue:
    """A participant with a visit due or overdue on the day asked about."""

    participant_id: str
    visit: VisitRow
    overdue: bool
    on_date: date

    @property
    def reason(self) -> str:
        """One short line for Today (after "Due —" or "OVERDUE —"): which visit, until when."""
        v = self.visit
        today = v.window_closes == self.on_date
        closes = QT_TRANSLATE_NOOP("Visits", "today").said() if today else _short(v.window_closes)
        if self.overdue:
            return QT_TRANSLATE_NOOP("Visits", "{visit}, window closes {closes}").format(
                visit=pick(v.name_en, v.name_zh), closes=closes
            )
        if v.window_opens == v.window_closes:
            return QT_TRANSLATE_NOOP("Visits", "{visit}, today only").format(
                visit=pick(v.name_en, v.name_zh)
            )
        return QT_TRANSLATE_NOOP("Visits", "{visit}, window {opens} – {closes}").format(
            visit=pick(v.name_en, v.name_zh), opens=_short(v.window_opens), closes=closes
        )


_MONTHS = (
    QT_TRANSLATE_NOOP("Visits", "Jan"), QT_TRANSLATE_NOOP("Visits", "Feb"),
    QT_TRANSLATE_NOOP("Visits", "Mar"), QT_TRANSLATE_NOOP("Visits", "Apr"),
    QT_TRANSLATE_NOOP("Visits", "May"), QT_TRANSLATE_NOOP("Visits", "Jun"),
    QT_TRANSLATE_NOOP("Visits", "Jul"), QT_TRANSLATE_NOOP("Visits", "Aug"),
    QT_TRANSLATE_NOOP("Visits", "Sep"), QT_TRANSLATE_NOOP("Visits", "Oct"),
    QT_TRANSLATE_NOOP("Visits", "Nov"), QT_TRANSLATE_NOOP("Visits", "Dec"),
)  # fmt: skip


def _short(day: date) -> str:
    """``3 Dec`` (the month in the installed language, not the laptop's locale)."""
    month = _MONTHS[day.month - 1].said()
    return QT_TRANSLATE_NOOP("Visits", "{day} {month}").format(day=day.day, month=month)


def local_date(value: datetime | date | str, tz: tzinfo | None = None) -> date:
    """The calendar day of an observation on the ward (a UTC instant moved to ``tz``)."""
    if isinstance(value, str):  # raw ISO text from an aggregate query
        value = parse_iso_utc(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(tz).date()
    return value


def _done_dates(
    session: Session, participant_ids: Sequence[str], tz: tzinfo | None
) -> dict[str, dict[str, tuple[date, set[str]]]]:
    """participant -> visit code -> (earliest observation day, forms saved)."""
    done: dict[str, dict[str, tuple[date, set[str]]]] = defaultdict(dict)
    for form, (table, column) in VISIT_FORMS.items():
        query = (
            select(table.participant_id, table.visit_code, func.min(type_coerce(column, String)))
            .where(table.participant_id.in_(participant_ids), table.visit_code.is_not(None))
            .group_by(table.participant_id, table.visit_code)
        )
        for pid, code, first in session.execute(query):
            day = local_date(first, tz)
            known = done[pid].get(code)
            forms = (known[1] if known else set()) | {form}
            done[pid][code] = (min(day, known[0]) if known else day, forms)
    return done


def _rows(
    protocol: Protocol, day0: date, on_date: date, done: dict[str, tuple[date, set[str]]]
) -> tuple[VisitRow, ...]:
    codes = {v.code for v in protocol.visits}
    # Data dated after the day asked about did not exist yet on that day.
    done_on = {c: d for c, (d, _f) in done.items() if c in codes and d <= on_date}
    rows = []
    for state in schedule_status(day0, protocol.visits, on_date, done_on):
        p = state.visit
        rows.append(
            VisitRow(
                p.code, p.definition.name_en, p.definition.name_zh, p.definition.day,
                p.target_date, p.window_opens, p.window_closes, state.status, state.done_on,
                state.done_in_window, tuple(sorted(done.get(p.code, (on_date, set()))[1])),
            )
        )  # fmt: skip
    return tuple(rows)


def visit_schedule(
    store: Store, protocol: Protocol, participant_id: str, on_date: date,
    *, tz: tzinfo | None = None,
) -> Schedule:  # fmt: skip
    """The participant's visits with target date, window and status on ``on_date``."""
    with store.read() as session:
        participant = participant_in(session, participant_id)
        day0 = participant.day0_on
        done = _done_dates(session, [participant_id], tz).get(participant_id, {})
    visits = () if day0 is None else _rows(protocol, day0, on_date, done)
    return Schedule(participant_id, day0, on_date, visits)


def visits_due(
    store: Store, protocol: Protocol, on_date: date, *, tz: tzinfo | None = None
) -> list[VisitDue]:
    """Participants on study with a visit due or overdue on ``on_date``, overdue first.

    On study means randomised or infused with day 0 recorded; protocol windows never
    overlap, so each participant has at most one such visit.
    """
    with store.read() as session:
        query = select(Participant.id, Participant.day0_on).where(
            Participant.status.in_(ON_STUDY), Participant.day0_on.is_not(None)
        )
        day0s: dict[str, date] = {pid: day0 for pid, day0 in session.execute(query) if day0}
        done = _done_dates(session, list(day0s), tz) if day0s else {}
    found = []
    for pid, day0 in day0s.items():
        for row in _rows(protocol, day0, on_date, done.get(pid, {})):
            if row.status in (VisitStatus.DUE, VisitStatus.OVERDUE):
                found.append(VisitDue(pid, row, row.status is VisitStatus.OVERDUE, on_date))
    found.sort(key=lambda d: (not d.overdue, d.visit.target_date))
    return found


# -- what is recorded, for the forms --------------------------------------------------


def _shown(value: float | int | None) -> str | None:
    """A stored number as it would have been typed: 37.8, 96, 0.35."""
    if value is None:
        return None
    return str(value) if isinstance(value, int) else format_number(Decimal(repr(value)))


@dataclass(frozen=True)
class LabPanel:
    """One blood draw as saved: the entry and analyte code -> record id."""

    entry: LabPanelEntry
    record_ids: dict[str, str]


RECORDED = ("vitals", "lab_panels", "imaging", "symptoms", "nucleic_acid", "who_scores",
            "dispositions")  # fmt: skip


@dataclass(frozen=True)
class Recorded:
    """Everything a participant's forms hold, oldest first (plain values, no session)."""

    participant_id: str
    day0_on: date | None
    vitals: tuple[Saved[VitalSignsEntry], ...]
    lab_panels: tuple[LabPanel, ...]
    imaging: tuple[Saved[ImagingEntry], ...]
    symptoms: tuple[Saved[SymptomEntry], ...]
    nucleic_acid: tuple[Saved[NucleicAcidEntry], ...]
    who_scores: tuple[Saved[WhoScoreEntry], ...]
    dispositions: tuple[Saved[DispositionEntry], ...]

    def lab_panel(self, visit_code: str) -> LabPanel | None:
        return next((p for p in self.lab_panels if p.entry.visit_code == visit_code), None)

    def at_visit(self, items: Iterable[Saved[Any]], visit_code: str) -> Saved[Any] | None:
        """The first record of ``items`` saved with ``visit_code``."""
        return next((s for s in items if s.entry.visit_code == visit_code), None)


def recorded(store: Store, participant_id: str, forms: Collection[str] | None = None) -> Recorded:
    """Read what the participant's forms hold, in one short session.

    ``forms`` limits the reading to some of the :class:`Recorded` lists (``"vitals"``,
    ``"lab_panels"``, ``"imaging"``, ``"symptoms"``, ``"nucleic_acid"``, ``"who_scores"``,
    ``"dispositions"``); the others come back empty.
    """
    wanted = set(RECORDED if forms is None else forms)
    with store.read() as session:
        participant = participant_in(session, participant_id)

        def rows(name: str, model: Any, order: Any) -> Sequence[Any]:
            if name not in wanted:
                return ()
            query = select(model).where(model.participant_id == participant_id)
            return session.scalars(query.order_by(order)).all()

        vitals = tuple(
            Saved(v.id, _vitals(v)) for v in rows("vitals", VitalSigns, VitalSigns.measured_at)
        )
        labs = _panels(rows("lab_panels", LabResult, LabResult.sampled_at))
        imaging = tuple(
            Saved(i.id, ImagingEntry(i.visit_code or "", i.imaged_on, i.modality,
                                     i.lesion_extent_percent, i.finding))
            for i in rows("imaging", ChestImaging, ChestImaging.imaged_on)
        )  # fmt: skip
        symptoms = tuple(
            Saved(s.id, SymptomEntry(s.symptom, s.onset_on, s.resolved_on))
            for s in rows("symptoms", Symptom, Symptom.symptom)
        )
        tests = tuple(
            Saved(t.id, NucleicAcidEntry(t.sampled_at, t.specimen, t.result))
            for t in rows("nucleic_acid", NucleicAcidTest, NucleicAcidTest.sampled_at)
        )
        who = tuple(
            Saved(w.id, WhoScoreEntry(w.visit_code or "", w.assessed_on, w.score))
            for w in rows("who_scores", WhoScaleScore, WhoScaleScore.assessed_on)
        )
        ends = tuple(
            Saved(d.id, DispositionEntry(d.kind, d.event_on, d.reason))
            for d in rows("dispositions", Disposition, Disposition.event_on)
        )
        return Recorded(
            participant_id, participant.day0_on, vitals, labs, imaging, symptoms, tests, who, ends
        )


def _vitals(v: VitalSigns) -> VitalSignsEntry:
    return VitalSignsEntry(
        v.visit_code, v.measured_at, _shown(v.temperature_c), _shown(v.heart_rate_per_min),
        _shown(v.respiratory_rate_per_min), _shown(v.systolic_bp_mmhg),
        _shown(v.diastolic_bp_mmhg), _shown(v.spo2_percent), v.o2_device,
        _shown(v.o2_flow_l_min), _shown(v.fio2_fraction), v.note,
    )  # fmt: skip


def _panels(results: Sequence[LabResult]) -> tuple[LabPanel, ...]:
    """Results grouped by blood draw (same visit and sampling time)."""
    groups: dict[tuple[str, datetime], list[LabResult]] = {}
    for r in results:
        groups.setdefault((r.visit_code or "", r.sampled_at), []).append(r)
    return tuple(
        LabPanel(
            LabPanelEntry(
                code, sampled_at,
                tuple(LabValueEntry(r.analyte_code, r.value_entered, r.unit, r.reference_low,
                                    r.reference_high) for r in rows),
                rows[0].note,
            ),
            {r.analyte_code: r.id for r in rows},
        )
        for (code, sampled_at), rows in groups.items()
    )  # fmt: skip
