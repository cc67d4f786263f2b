"""One participant's record and timeline, as the participant page shows it.

An audited value sealed under the blinding key (``bk1.…``) reads "(blinded)".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from app.errors import InvalidInput
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
from app.sentences import QT_TRANSLATE_NOOP, Template
from app.services.participant_rows import BLINDED_PREFIX, ParticipantRow, _rows, status_word
from app.store.blinding import BLINDED
from app.store.store import Store
from app.timeutil import parse_iso_utc

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
# str() of each name is the English; .said() says it in the installed language.
RECORD_KINDS: dict[str, tuple[str, Template]] = {
    "participants": ("screening", QT_TRANSLATE_NOOP("Timeline", "Participant record")),
    "eligibility_assessments": (
        "eligibility", QT_TRANSLATE_NOOP("Timeline", "Eligibility checklist"),
    ),
    "vital_signs": ("vitals", QT_TRANSLATE_NOOP("Timeline", "Vital signs")),
    "oxygenation": ("oxygenation", QT_TRANSLATE_NOOP("Timeline", "Oxygenation")),
    "lab_results": ("labs", QT_TRANSLATE_NOOP("Timeline", "Laboratory results")),
    "chest_imaging": ("imaging", QT_TRANSLATE_NOOP("Timeline", "Chest imaging")),
    "symptoms": ("symptoms", QT_TRANSLATE_NOOP("Timeline", "Symptom")),
    "nucleic_acid_tests": ("virology", QT_TRANSLATE_NOOP("Timeline", "Nucleic acid test")),
    "who_scale_scores": ("who", QT_TRANSLATE_NOOP("Timeline", "WHO scale score")),
    "dispositions": ("disposition", QT_TRANSLATE_NOOP("Timeline", "Disposition")),
}  # fmt: skip
_RECORD = QT_TRANSLATE_NOOP("Timeline", "Record")
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
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Timeline", "There is no participant {participant}.").format(
                    participant=participant_id
                )
            )
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
    _kind, name = RECORD_KINDS.get(s.table_name, ("", _RECORD))
    thing = name.said()
    stamp = s.signed_at.strftime("%Y-%m-%d %H:%M UTC")
    signed_by = QT_TRANSLATE_NOOP("Timeline", "{thing} signed by {name} on {stamp} — {meaning}")
    detail = signed_by.format(thing=thing, name=s.printed_name, stamp=stamp, meaning=s.meaning)
    if s.voided_at is not None:
        title = QT_TRANSLATE_NOOP("Timeline", "Signed: {meaning} (VOID)").format(meaning=s.meaning)
    else:
        title = QT_TRANSLATE_NOOP("Timeline", "Signed: {meaning}").format(meaning=s.meaning)
    entries = [TimelineEntry(s.signed_at, "signed", title, detail, s.printed_name, "signature")]
    if s.voided_at is not None:
        why = (
            s.void_reason
            or QT_TRANSLATE_NOOP("Timeline", "the record was changed after signing").said()
        )
        entries.append(
            TimelineEntry(
                s.voided_at, "voided",
                QT_TRANSLATE_NOOP("Timeline", "Signature voided: {meaning}").format(
                    meaning=s.meaning
                ),
                QT_TRANSLATE_NOOP("Timeline", "{thing}: {why}").format(thing=thing, why=why),
                None, "signature",
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
        v.measured_at, "vitals",
        QT_TRANSLATE_NOOP("Timeline", "Vital signs, visit {visit}").format(visit=v.visit_code),
        vitals_summary(v), by,
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
    record, name = RECORD_KINDS.get(table or "", ("", _RECORD))
    thing = name.said()
    reason = next((r.reason for r in rows if r.reason), None)
    because = (
        QT_TRANSLATE_NOOP("Timeline", " — reason: {reason}").format(reason=reason) if reason else ""
    )
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
        created = QT_TRANSLATE_NOOP("Timeline", "{thing} created").format(thing=thing)
        return TimelineEntry(at, "created", created, detail + because, user, record)
    if action == "delete":
        why = ""
        if reason:
            why = QT_TRANSLATE_NOOP("Timeline", "reason: {reason}").format(reason=reason)
        deleted = QT_TRANSLATE_NOOP("Timeline", "{thing} deleted").format(thing=thing)
        return TimelineEntry(at, "deleted", deleted, why, user, record)
    changes = "; ".join(
        f"{_field(r.field or '')}: {_value(r.old_value or '—')} → {_value(r.new_value or '—')}"
        for r in shown
    )
    status = next(
        (r.new_value for r in rows if r.field == "status" and table == "participants"), None
    )
    title = (
        QT_TRANSLATE_NOOP("Timeline", "Status changed to {status}").format(
            status=status_word(ParticipantStatus(status))
        )
        if status
        else QT_TRANSLATE_NOOP("Timeline", "{thing} changed").format(thing=thing)
    )
    return TimelineEntry(at, "changed", title, changes + because, user, record)
