"""Participants as the screens see them: the list, a barcode lookup, one record, Today.

Everything here returns plain frozen dataclasses read in one short session, so a
widget never holds a database session. Nothing here knows the arm: the only way
to it is :func:`allocated_arms`, which refuses every blinded role. An audited value
sealed under the blinding key (``bk1.…``) reads "(blinded)" on the timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, String, Subquery, func, or_, select, type_coerce

from app.errors import InvalidInput, NotPermitted
from app.models import (
    AuditEntry,
    ChestImaging,
    Disposition,
    EligibilityAssessment,
    LabResult,
    NucleicAcidTest,
    Oxygenation,
    Participant,
    ParticipantStatus,
    Signature,
    Symptom,
    VitalSigns,
    WhoScaleScore,
)
from app.roles import Permission
from app.store.blinding import BLINDED
from app.store.blinding import PREFIX as _SEALED
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import parse_iso_utc

BLINDED_PREFIX = f"{_SEALED}."
"""An audited value that starts so is sealed under the blinding key: shown as BLINDED."""

# "screen-failed" reads "Screen failed".
STATUS_WORDS = {s: s.value.replace("-", " ").capitalize() for s in ParticipantStatus}
_STATUS_BY_VALUE = {s.value: s for s in ParticipantStatus}  # 3x faster than the Enum call

# Participants who are on study and need observations (see :func:`visit_due`).
ON_STUDY = (ParticipantStatus.RANDOMISED, ParticipantStatus.INFUSED)


def status_word(status: ParticipantStatus) -> str:
    """The status as a word a nurse reads ("Screen failed", not "screen-failed")."""
    return STATUS_WORDS[status]


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One line of the participants list; no arm, ever."""

    id: str
    study_id: str | None
    screening_number: str
    initials: str
    sex: str
    age_years: int | None
    weight_kg: float | None
    status: ParticipantStatus
    kit_code: str | None
    last_seen: datetime | None
    """When the last vital signs were measured (UTC)."""
    next_visit: str | None = None
    """Placeholder until the protocol's visit windows are wired in."""

    @property
    def label(self) -> str:
        """How to name the participant: the study ID once enrolled, else the screening number."""
        return self.study_id or self.screening_number


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on ``on``."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def _last_vitals() -> Subquery:
    """Subquery: participant_id → raw ISO text of the latest ``measured_at``."""
    return (
        select(
            VitalSigns.participant_id.label("participant_id"),
            func.max(type_coerce(VitalSigns.measured_at, String)).label("last_seen"),
        )
        .group_by(VitalSigns.participant_id)
        .subquery()
    )


def _select_rows(
    statuses: Sequence[ParticipantStatus] | None, participant_id: str | None
) -> Select[*tuple[Any, ...]]:
    last = _last_vitals()
    query: Select[*tuple[Any, ...]] = (
        select(
            Participant.id,
            Participant.study_id,
            Participant.screening_number,
            Participant.initials,
            Participant.sex,
            type_coerce(Participant.date_of_birth, String),
            Participant.age_years,
            Participant.weight_kg,
            Participant.status,
            Participant.kit_code,
            last.c.last_seen,
        )
        .outerjoin(last, last.c.participant_id == Participant.id)
        .order_by(
            Participant.study_id.is_(None), Participant.study_id, Participant.screening_number
        )
    )
    if statuses is not None:
        query = query.where(Participant.status.in_([s.value for s in statuses]))
    if participant_id is not None:
        query = query.where(Participant.id == participant_id)
    return query


def _rows(
    store: Store,
    on: date,
    statuses: Sequence[ParticipantStatus] | None = None,
    participant_id: str | None = None,
) -> list[ParticipantRow]:
    # Core rows rather than ORM objects, built positionally in one comprehension:
    # 10,000 participants load in a few tens of milliseconds.
    with store.read() as session:
        result = session.connection().execute(_select_rows(statuses, participant_id)).all()
    status_of = _STATUS_BY_VALUE.__getitem__
    # fromisoformat is ~30x faster than strptime; it shows at 10,000 rows.
    day_of, instant_of = date.fromisoformat, datetime.fromisoformat
    return [
        ParticipantRow(
            pid,
            study,
            screening,
            initials,
            sex,
            age if dob is None else age_on(day_of(dob), on),
            weight,
            status_of(status),
            kit,
            None if last is None else instant_of(last),
        )
        for pid, study, screening, initials, sex, dob, age, weight, status, kit, last in result
    ]


def list_participants(store: Store, *, on: date | None = None) -> list[ParticipantRow]:
    """Every participant, ordered by study ID (not yet enrolled last), then screening number.

    ``on`` is the day ages are counted on (today by default).
    """
    return _rows(store, on or date.today())


def normalise_code(code: str) -> str:
    """A typed or scanned code as it is compared: printable characters, trimmed, upper case.

    Barcode scanners add a carriage return, a tab or a group separator; those go.
    """
    return "".join(ch for ch in code if ch.isprintable()).strip().upper()


def find_by_code(store: Store, code: str) -> str | None:
    """The participant whose study ID, screening number or kit code is exactly ``code``.

    Case and surrounding blanks do not matter. A study ID wins over a screening
    number, which wins over a kit code. None when nothing matches.
    """
    wanted = normalise_code(code)
    if not wanted:
        return None
    with store.read() as session:
        for column in (Participant.study_id, Participant.screening_number, Participant.kit_code):
            found = session.scalars(
                select(Participant.id).where(func.upper(func.trim(column)) == wanted).limit(1)
            ).first()
            if found is not None:
                return found
    return None


# -- allocation -----------------------------------------------------------------


def allocated_arms(store: Store, actor: Actor) -> dict[str, str | None]:
    """Participant id → arm code of each randomised participant, for an unblinded person only.

    Read from this device's allocation slots (:func:`app.services.allocation.arms_for`).
    Blinded roles are refused without a word about any participant; a pharmacist who
    holds no blinding key yet gets :class:`~app.store.blinding.BlindingKeyMissing`.
    """
    from app.services.allocation import arms_for

    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(f"Your role ({actor.role.value}) cannot see treatment allocation.")
    return dict(arms_for(store, actor))


# -- one participant --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """Something that happened to a participant: a saved record, a change, a signature."""

    at: datetime
    kind: str
    """``vitals``, ``created``, ``changed``, ``deleted``, ``signed``, ``voided`` or ``event``."""
    title: str
    detail: str
    by: str | None
    record: str = ""
    """Which kind of record: a key of :data:`RECORD_KINDS` values (``labs``, ``who`` …),
    ``signature`` for an e-signature, empty for an event."""


@dataclass(frozen=True, slots=True)
class ParticipantDetail:
    row: ParticipantRow
    date_of_birth: date | None
    height_cm: float | None
    admission_date: date | None
    screen_fail_reason: str | None
    created_at: datetime
    timeline: tuple[TimelineEntry, ...]
    """Newest first."""


# Table -> (record kind, what the timeline calls it). Only these tables' audit rows
# appear on a participant's timeline: a table that might carry the arm (allocation,
# product preparation) is never listed here, so a blinded reader never sees it.
RECORD_KINDS: dict[str, tuple[str, str]] = {
    "participants": ("screening", "Participant record"),
    "eligibility_assessments": ("eligibility", "Eligibility checklist"),
    "vital_signs": ("vitals", "Vital signs"),
    "oxygenation": ("oxygenation", "Oxygenation"),
    "lab_results": ("labs", "Laboratory results"),
    "chest_imaging": ("imaging", "Chest imaging"),
    "symptoms": ("symptoms", "Symptom"),
    "nucleic_acid_tests": ("virology", "Nucleic acid test"),
    "who_scale_scores": ("who", "WHO scale score"),
    "dispositions": ("disposition", "Disposition"),
}
TIMELINE_TABLES = tuple(RECORD_KINDS)
FORM_MODELS: tuple[Any, ...] = (
    EligibilityAssessment, VitalSigns, Oxygenation, LabResult, ChestImaging, Symptom,
    NucleicAcidTest, WhoScaleScore, Disposition,
)  # fmt: skip
HIDDEN_FIELDS = frozenset(
    {"created_at", "participant_id", "answers_json", "protocol_fingerprint", "oxygenation_id"}
)
# Events whose own timeline entry says more (a signature has its manifestation).
SHOWN_ELSEWHERE = frozenset({"signed"})


def participant_detail(
    store: Store, participant_id: str, *, on: date | None = None
) -> ParticipantDetail:
    """One participant with their timeline: every saved record, change and e-signature,
    newest first."""
    day = on or date.today()
    with store.read() as session:
        p = session.get(Participant, participant_id)
        if p is None:
            raise InvalidInput(f"There is no participant {participant_id}.")
        vitals = session.scalars(
            select(VitalSigns).where(VitalSigns.participant_id == participant_id)
        ).all()
        record_ids = [participant_id]
        for model in FORM_MODELS:
            record_ids += session.scalars(
                select(model.id).where(model.participant_id == participant_id)
            ).all()
        audit = session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.record_id.in_(record_ids),
                or_(AuditEntry.table_name.in_(TIMELINE_TABLES), AuditEntry.table_name.is_(None)),
            )
            .order_by(AuditEntry.seq)
        ).all()
        signatures = session.scalars(
            select(Signature).where(
                Signature.record_id.in_(record_ids), Signature.table_name.in_(TIMELINE_TABLES)
            )
        ).all()
        signed = [_signature_entries(s) for s in signatures]
    (row,) = _rows(store, day, participant_id=participant_id)
    recorded_by = {
        e.record_id: e.user_name
        for e in audit
        if e.table_name == "vital_signs" and e.action == "insert"
    }
    entries = [_vitals_entry(v, recorded_by.get(v.id)) for v in vitals]
    entries.extend(_audit_entries(audit))
    entries.extend(e for pair in signed for e in pair)
    entries.sort(key=lambda e: e.at, reverse=True)
    return ParticipantDetail(
        row=row,
        date_of_birth=p.date_of_birth,
        height_cm=p.height_cm,
        admission_date=p.admission_date,
        screen_fail_reason=p.screen_fail_reason,
        created_at=p.created_at,
        timeline=tuple(entries),
    )


def _signature_entries(s: Signature) -> list[TimelineEntry]:
    """The signature (who, meaning, when) and, once voided, the voiding."""
    _kind, thing = RECORD_KINDS.get(s.table_name, ("", "Record"))
    stamp = s.signed_at.strftime("%Y-%m-%d %H:%M UTC")
    detail = f"{thing} signed by {s.printed_name} on {stamp} — {s.meaning}"
    title = f"Signed: {s.meaning}"
    if s.voided_at is not None:
        title += " (VOID)"
    entries = [TimelineEntry(s.signed_at, "signed", title, detail, s.printed_name, "signature")]
    if s.voided_at is not None:
        why = s.void_reason or "the record was changed after signing"
        entries.append(
            TimelineEntry(
                s.voided_at, "voided", f"Signature voided: {s.meaning}",
                f"{thing}: {why}", None, "signature",
            )
        )  # fmt: skip
    return entries


def _number(value: float | None, unit: str = "") -> str | None:
    """``37.8 °C``, ``96/min``: a per-unit is written close, a unit word spaced."""
    if value is None:
        return None
    space = "" if unit.startswith("/") or not unit else " "
    return f"{value:g}{space}{unit}"


def vitals_summary(v: VitalSigns) -> str:
    """``T 37.8 °C · HR 96/min · …`` with only the values that were recorded."""
    parts = [
        ("T", _number(v.temperature_c, "°C")),
        ("HR", _number(v.heart_rate_per_min, "/min")),
        ("RR", _number(v.respiratory_rate_per_min, "/min")),
        (
            "BP",
            f"{v.systolic_bp_mmhg}/{v.diastolic_bp_mmhg} mmHg"
            if v.systolic_bp_mmhg is not None and v.diastolic_bp_mmhg is not None
            else None,
        ),
        ("SpO₂", _number(v.spo2_percent, "%")),
    ]
    text = " · ".join(f"{name} {value}" for name, value in parts if value is not None)
    oxygen = (v.o2_device or "").replace("_", " ")
    if oxygen:
        flow = _number(v.o2_flow_l_min, "L/min")
        fio2 = _number(v.fio2_fraction)
        extra = ", ".join(x for x in (flow, f"FiO₂ {fio2}" if fio2 else None) if x)
        text += f" · on {oxygen}" + (f" ({extra})" if extra else "")
    if v.note:
        text += f" · {v.note}"
    return text


def _vitals_entry(v: VitalSigns, by: str | None) -> TimelineEntry:
    return TimelineEntry(
        v.measured_at, "vitals", f"Vital signs, visit {v.visit_code}", vitals_summary(v), by,
        "vitals",
    )  # fmt: skip


FIELD_NAMES = {
    "study_id": "study ID",
    "day0_on": "day 0",
    "weight_kg": "weight (kg)",
    "height_cm": "height (cm)",
    "o2_device": "oxygen device",
    "o2_flow_l_min": "oxygen flow (L/min)",
    "fio2_fraction": "FiO₂",
    "spo2_percent": "SpO₂ (%)",
    "temperature_c": "temperature (°C)",
}


def _field(name: str) -> str:
    return FIELD_NAMES.get(name, name.replace("_", " "))


def _audit_entries(audit: Iterable[AuditEntry]) -> list[TimelineEntry]:
    """One entry per user action on one record (an audit row is one field).

    A laboratory panel is one action on several records (one per analyte): one entry.
    """
    groups: dict[tuple[str, str, str, str | None, str | None], list[AuditEntry]] = {}
    for e in audit:
        if e.table_name == "vital_signs" and e.action == "insert":
            continue  # the vital signs entry itself stands for it
        if e.table_name is None and e.action in SHOWN_ELSEWHERE:
            continue
        record = None if e.table_name == "lab_results" else e.record_id
        groups.setdefault((e.at_utc, e.user_name, e.action, e.table_name, record), []).append(e)
    entries = []
    for (at, user, action, table, _record), rows in groups.items():
        entries.append(_one_entry(parse_iso_utc(at), user, action, table, rows))
    return entries


def _value(text: str) -> str:
    """An audited value as a reader wants it: a UTC instant to the minute, a value sealed
    under the blinding key as "(blinded)", else as stored."""
    if text.startswith(BLINDED_PREFIX):
        return BLINDED
    if len(text) >= 20 and text[10:11] == "T" and text.endswith("Z"):
        try:
            return parse_iso_utc(text).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            return text
    return text


def _lab_values(rows: list[AuditEntry]) -> str:
    """``CRP 12 mg/L · IL-6 40 pg/mL``: each analyte of a panel as typed, with its unit."""
    by_record: dict[str | None, dict[str, str | None]] = {}
    for r in rows:
        by_record.setdefault(r.record_id, {})[r.field or ""] = r.new_value
    parts = []
    for values in by_record.values():
        name = values.get("analyte_code")
        if name:
            shown = " ".join(v for v in (values.get("value_entered"), values.get("unit")) if v)
            parts.append(f"{name} {shown}".strip())
    return " · ".join(parts)


def _one_entry(
    at: datetime, user: str, action: str, table: str | None, rows: list[AuditEntry]
) -> TimelineEntry:
    record, thing = RECORD_KINDS.get(table or "", ("", "Record"))
    reason = next((r.reason for r in rows if r.reason), None)
    because = f" — reason: {reason}" if reason else ""
    shown = [r for r in rows if r.field not in HIDDEN_FIELDS]
    if table is None:
        # Events carry free text (detail, reason) from many features; only the action
        # is shown until each feature's text is known to be safe for blinded readers.
        return TimelineEntry(at, "event", action.replace("_", " ").capitalize(), "", user)
    if action == "insert":
        if table == "lab_results":
            detail = _lab_values(rows)
        else:
            detail = " · ".join(
                f"{_field(r.field or '')}: {_value(r.new_value)}"
                for r in shown
                if r.new_value is not None
            )
        return TimelineEntry(at, "created", f"{thing} created", detail + because, user, record)
    if action == "delete":
        return TimelineEntry(at, "deleted", f"{thing} deleted", because.lstrip(" —"), user, record)
    changes = "; ".join(
        f"{_field(r.field or '')}: {_value(r.old_value or '—')} → {_value(r.new_value or '—')}"
        for r in shown
    )
    status = next(
        (r.new_value for r in rows if r.field == "status" and table == "participants"), None
    )
    title = (
        f"Status changed to {status_word(ParticipantStatus(status))}"
        if status
        else f"{thing} changed"
    )
    return TimelineEntry(at, "changed", title, changes + because, user, record)


# -- Today ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueVisit:
    """A participant who needs observations today."""

    participant: ParticipantRow
    overdue: bool
    reason: str
    visit_code: str | None = None
    """The protocol visit that is due; None when no schedule runs yet (no day 0)."""


def start_of_day(now: datetime, days_back: int = 0) -> datetime:
    """Midnight that begins ``now``'s calendar day (in ``now``'s own timezone), minus days."""
    day = now.date() - timedelta(days=days_back)
    return datetime.combine(day, time(), tzinfo=now.tzinfo)


def visit_due(row: ParticipantRow, now: datetime) -> DueVisit | None:
    """Whether ``row`` needs observations today: the one rule Today applies.

    For now: on study (randomised or infused) and no vital signs since midnight;
    overdue when none since yesterday's midnight either. The protocol's visit
    windows (``app.clinical.visits``) replace this rule later.
    """
    if row.status not in ON_STUDY:
        return None
    today = start_of_day(now)
    if row.last_seen is not None and row.last_seen >= today:
        return None
    if row.last_seen is None:
        return DueVisit(row, False, "No vital signs recorded yet")
    if row.last_seen < start_of_day(now, 1):
        days = (today.date() - row.last_seen.astimezone(now.tzinfo).date()).days
        return DueVisit(row, True, f"Last vital signs {days} days ago")
    return DueVisit(row, False, "No vital signs today yet")


def today(store: Store, now: datetime) -> list[DueVisit]:
    """Participants with visits due or overdue on ``now``'s day, overdue first.

    ``now`` must be timezone-aware; the ward's day is ``now``'s calendar day in
    its own timezone (pass local time from the screen, UTC in a test).
    """
    # Visits work (app/services/visits.py) replaced the placeholder rule here: a
    # participant with day 0 is due by the protocol's visit windows; one on study
    # without day 0 yet (randomised, awaiting the infusion) keeps the vital-signs rule.
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware 'now'")
    from app.protocol import load_default
    from app.services.visits import visits_due

    rows = {r.id: r for r in _rows(store, now.date(), ON_STUDY)}
    scheduled = visits_due(store, load_default(), now.date(), tz=now.tzinfo)
    due = [DueVisit(rows[v.participant_id], v.overdue, v.reason, v.visit.code)
           for v in scheduled if v.participant_id in rows]  # fmt: skip
    with store.read() as session:
        dated = set(session.scalars(select(Participant.id).where(Participant.day0_on.is_not(None))))
    due += [d for r in rows.values() if r.id not in dated and (d := visit_due(r, now)) is not None]
    due.sort(key=lambda d: (not d.overdue, d.participant.label))
    return due


def vitals_today(store: Store, now: datetime) -> tuple[int, int]:
    """(participants on study with vital signs since ``now``'s midnight, all on study)."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware 'now'")
    rows = _rows(store, now.date(), ON_STUDY)
    midnight = start_of_day(now)
    seen = sum(1 for r in rows if r.last_seen is not None and r.last_seen >= midnight)
    return seen, len(rows)


# -- what waits for a signature -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AwaitingSignature:
    """A record an investigator has to sign (again), and where it is."""

    participant_id: str
    label: str
    """The participant's study ID, else their screening number."""
    form: str
    """The participant page's tab that signs it (``eligibility``)."""
    record_id: str
    what: str
    reason: str


def awaiting_signature(store: Store) -> list[AwaitingSignature]:
    """Every participant's latest eligibility checklist that has a verdict but no
    signature that still holds: never signed, or signed and voided since (an answer or
    the evidence behind it changed, so it needs the investigator's review).

    A checklist still incomplete waits for the nurse, not for a signature.
    """
    from app.clinical.eligibility import Verdict
    from app.services.eligibility import NEWEST
    from app.store.uow import content_hash

    found: list[AwaitingSignature] = []
    with store.read() as session:
        labels = {
            pid: study or screening
            for pid, study, screening in session.execute(
                select(Participant.id, Participant.study_id, Participant.screening_number)
            )
        }
        seen: set[str] = set()
        for row in session.scalars(select(EligibilityAssessment).order_by(*NEWEST)):
            if row.participant_id in seen:
                continue  # only the newest checklist counts
            seen.add(row.participant_id)
            if row.verdict == Verdict.INCOMPLETE.value:
                continue
            signatures = session.scalars(
                select(Signature).where(
                    Signature.table_name == EligibilityAssessment.__tablename__,
                    Signature.record_id == row.id,
                )
            ).all()
            digest = content_hash(row)
            if any(s.is_valid and s.content_hash == digest for s in signatures):
                continue
            verdict = "eligible" if row.verdict == Verdict.ELIGIBLE.value else "not eligible"
            reason = (
                f"Signature void: the checklist changed after signing; review it ({verdict})."
                if signatures
                else f"Not signed yet ({verdict})."
            )
            found.append(
                AwaitingSignature(
                    row.participant_id, labels.get(row.participant_id, "?"), "eligibility",
                    row.id, "Eligibility checklist", reason,
                )
            )  # fmt: skip
    found.sort(key=lambda a: a.label)
    return found
