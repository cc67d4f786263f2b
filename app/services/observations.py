"""Observations per participant and visit: vital signs, lab panels, chest imaging,
symptoms, RT-PCR, the WHO progression scale and disposition.

Each form has an entry dataclass (what the person typed, as text), a pure ``check_*``
returning :class:`~app.clinical.errors.Message` objects keyed by the entry's field
names, and a ``record_*`` that checks again and saves in one unit of work. A hard
message refuses the save (:class:`EntryRefused`); so does a soft one unless the caller
passes ``confirm_unusual=True`` (the form does once the person has confirmed it).
Editing a saved record (``record_id``) needs a reason: the store enforces that.
The pure checks never raise for anything a person can type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.fio2 import parse_oxygen_device
from app.clinical.parsing import format_number
from app.clinical.plausibility import check_values
from app.clinical.who_scale import who_level
from app.errors import InvalidInput, NotPermitted
from app.models import (
    ChestImaging,
    Disposition,
    LabResult,
    NucleicAcidTest,
    Participant,
    ParticipantStatus,
    Symptom,
    VitalSigns,
    WhoScaleScore,
)
from app.models.base import Audited, new_id
from app.protocol import OxygenDevice, Protocol
from app.roles import Permission
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

E = TypeVar("E")
M = TypeVar("M", bound=Audited)

UNSCHEDULED = "UNSCHEDULED"
"""Visit code of observations taken between scheduled visits (vital signs every 4 h)."""

MODALITIES = {"CT": "CT", "X-ray": "Chest X-ray"}
SPECIMENS = {
    "nasopharyngeal_swab": "Nasopharyngeal swab",
    "oropharyngeal_swab": "Oropharyngeal swab",
    "sputum": "Sputum",
    "lower_respiratory": "Lower airway (BAL, aspirate)",
    "stool": "Stool or anal swab",
    "blood": "Blood",
}
RESULTS = {"positive": "Positive", "negative": "Negative", "indeterminate": "Indeterminate"}
# Registration: "respiratory symptoms (fever, dry cough, difficulty breathing, etc.)".
SYMPTOMS = {
    "fever": "Fever",
    "dry_cough": "Dry cough",
    "dyspnoea": "Difficulty breathing",
    "chest_tightness": "Chest tightness",
    "sputum": "Sputum",
    "sore_throat": "Sore throat",
    "fatigue": "Fatigue",
    "myalgia": "Muscle aches",
}
DISPOSITIONS = {
    "discharged": "Discharged from hospital (follow-up continues)",
    "completed": "Completed the study",
    "withdrawn": "Withdrawn",
    "died": "Died",
}
# Disposition kind -> the status it sets; a discharge keeps the participant on study.
STATUS_AFTER = {
    "completed": ParticipantStatus.COMPLETED,
    "withdrawn": ParticipantStatus.WITHDRAWN,
    "died": ParticipantStatus.DIED,
}
CLOCK_DRIFT = timedelta(minutes=5)


class EntryRefused(InvalidInput):
    """A save refused by the checks; ``messages`` says what, field by field."""

    def __init__(self, messages: Sequence[Message]) -> None:
        super().__init__(messages[0].text if messages else "The entry was refused.")
        self.messages = tuple(messages)


@dataclass(frozen=True)
class Saved(Generic[E]):
    """A saved record: its id and its values as an entry (to show or to edit)."""

    id: str
    entry: E


# -- entries ------------------------------------------------------------------------


@dataclass(frozen=True)
class VitalSignsEntry:
    visit_code: str
    measured_at: datetime
    temperature_c: str | None = None
    heart_rate_per_min: str | None = None
    respiratory_rate_per_min: str | None = None
    systolic_bp_mmhg: str | None = None
    diastolic_bp_mmhg: str | None = None
    spo2_percent: str | None = None
    o2_device: str | None = None
    """An :class:`~app.protocol.OxygenDevice` value, or None when not recorded."""
    o2_flow_l_min: str | None = None
    fio2_fraction: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LabValueEntry:
    """One analyte as reported, with its unit and the laboratory's reference range."""

    analyte_code: str
    value_entered: str | None = None
    """A number, optionally after ``<`` or ``>`` (below/above the assay's limit)."""
    unit: str | None = None
    reference_low: str | None = None
    reference_high: str | None = None


@dataclass(frozen=True)
class LabPanelEntry:
    """The results of one blood draw: one value per analyte of the protocol's panel."""

    visit_code: str
    sampled_at: datetime
    values: tuple[LabValueEntry, ...]
    note: str | None = None


@dataclass(frozen=True)
class ImagingEntry:
    visit_code: str
    imaged_on: date
    modality: str
    lesion_extent_percent: str | None = None
    finding: str | None = None


@dataclass(frozen=True)
class SymptomEntry:
    symptom: str
    onset_on: date | None = None
    resolved_on: date | None = None


@dataclass(frozen=True)
class NucleicAcidEntry:
    sampled_at: datetime
    specimen: str
    result: str


@dataclass(frozen=True)
class WhoScoreEntry:
    visit_code: str
    assessed_on: date
    score: int | None


@dataclass(frozen=True)
class DispositionEntry:
    kind: str
    event_on: date
    reason: str | None = None


# -- small pure helpers -------------------------------------------------------------


def hard(field: str, text: str, code: str) -> Message:
    return Message(field, text, Severity.HARD, code)


def blank(value: str | None) -> bool:
    return value is None or not value.strip()


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_LAB_VALUE = re.compile(r"([<>]?)\s*(\d+(?:\.\d*)?|\.\d+)")


def _decimal(text: str | None) -> Decimal | None:
    """The number typed, or None if it is not a plain number (or too long to be one)."""
    plain = unicodedata.normalize("NFKC", text or "").strip()
    if len(plain) > 32 or not _NUMBER.fullmatch(plain):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def lab_number(text: str | None) -> tuple[str, Decimal] | None:
    """``("<", Decimal("0.05"))`` for ``"<0.05"``; None if it is not a lab value."""
    plain = unicodedata.normalize("NFKC", text or "").strip()
    match = _LAB_VALUE.fullmatch(plain) if len(plain) <= 32 else None
    return None if match is None else (match.group(1), Decimal(match.group(2)))


def number_in(
    field: str, text: str | None, label: str, low: Decimal, high: Decimal, unit: str
) -> list[Message]:
    """A hard message unless ``text`` is a number within ``low..high``."""
    number = _decimal(text)
    if number is None:
        return [hard(field, f"{label} must be a number.", "not_a_number")]
    if not low <= number <= high:
        limits = f"{format_number(low)}–{format_number(high)} {unit}".rstrip()
        return [hard(field, f"{label} must be between {limits}.", "range")]
    return []


def not_in_future(field: str, value: object, now: datetime | None = None) -> list[Message]:
    """A hard message for a missing, zone-less or future date or time."""
    moment = now or utc_now()
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return [hard(field, "The time needs a time zone.", "naive_time")]
        if value > moment + CLOCK_DRIFT:
            return [hard(field, "This time is in the future: check the date and time.", "future")]
    elif isinstance(value, date):
        if value > moment.astimezone().date():
            return [hard(field, "This date is in the future: check it.", "future")]
    elif value is not None:
        return [hard(field, "Enter a date.", "not_a_date")]
    return []


def visit_codes(protocol: Protocol) -> tuple[str, ...]:
    """The visit codes a form may use: the protocol's visits, then unscheduled."""
    return (*(v.code for v in protocol.visits), UNSCHEDULED)


def _visit(code: str, protocol: Protocol) -> list[Message]:
    if code in visit_codes(protocol):
        return []
    return [hard("visit_code", "Choose the visit these values belong to.", "unknown_visit")]


# -- checks (pure) ------------------------------------------------------------------

# Vital-sign entry fields -> the protocol's plausibility field names.
_PLAUSIBILITY = {
    "temperature_c": "temperature_celsius",
    "heart_rate_per_min": "heart_rate_per_min",
    "respiratory_rate_per_min": "respiratory_rate_per_min",
    "systolic_bp_mmhg": "systolic_bp_mmhg",
    "diastolic_bp_mmhg": "diastolic_bp_mmhg",
    "spo2_percent": "spo2_percent",
    "fio2_fraction": "fio2_fraction",
}
_FROM_PLAUSIBILITY = {v: k for k, v in _PLAUSIBILITY.items()}
_WHOLE = ("heart_rate_per_min", "respiratory_rate_per_min", "systolic_bp_mmhg",
          "diastolic_bp_mmhg", "spo2_percent")  # fmt: skip


def check_vital_signs(
    protocol: Protocol, entry: VitalSignsEntry, now: datetime | None = None
) -> tuple[Message, ...]:
    """Protocol plausibility ranges and the BP cross-check, whole numbers, oxygen context."""
    found = _visit(entry.visit_code, protocol)
    found += not_in_future("measured_at", entry.measured_at, now)
    typed = {n: getattr(entry, n).strip() for n in _PLAUSIBILITY if not blank(getattr(entry, n))}
    if not typed:
        found.append(hard("temperature_c", "Enter at least one measurement.", "empty"))
    checked = check_values({_PLAUSIBILITY[n]: t for n, t in typed.items()}, protocol.plausibility)
    found += [Message(_FROM_PLAUSIBILITY[m.field], m.text, m.severity, m.code) for m in checked]
    for name in _WHOLE:
        number = _decimal(typed.get(name))
        if number is not None and number != number.to_integral_value():
            rng = protocol.range_for(_PLAUSIBILITY[name])
            label = rng.label_en if rng else name
            found.append(hard(name, f"{label} is a whole number.", "not_whole"))
    return tuple(found + _oxygen(entry))


def _oxygen(entry: VitalSignsEntry) -> list[Message]:
    device: OxygenDevice | None = None
    if not blank(entry.o2_device):
        try:
            device = parse_oxygen_device(entry.o2_device, "o2_device")
        except ValidationError:
            return [hard("o2_device", "Choose the oxygen device from the list.", "device")]
    found: list[Message] = []
    if not blank(entry.o2_flow_l_min):
        if device is None:
            found.append(hard("o2_device", "Choose the oxygen device for this flow.", "device"))
        found += number_in("o2_flow_l_min", entry.o2_flow_l_min, "Oxygen flow", Decimal(0),
                           Decimal(80), "L/min")  # fmt: skip
    fio2 = _decimal(entry.fio2_fraction)
    if device is OxygenDevice.ROOM_AIR and fio2 is not None and fio2 != Decimal("0.21"):
        found.append(hard("fio2_fraction", "On room air FiO₂ is 0.21.", "room_air_fio2"))
    return found


def lab_field(analyte_code: str, part: str) -> str:
    """The message field of one part of one analyte's row: ``"CRP.unit"``."""
    return f"{analyte_code}.{part}"


def check_lab_panel(
    protocol: Protocol, entry: LabPanelEntry, now: datetime | None = None
) -> tuple[Message, ...]:
    """Each value a number with a unit from its analyte's list and a sensible range."""
    found = _visit(entry.visit_code, protocol) + not_in_future("sampled_at", entry.sampled_at, now)
    if not any(not blank(v.value_entered) for v in entry.values):
        found.append(hard("values", "Enter at least one result.", "empty"))
    for value in entry.values:
        found += _check_lab_value(protocol, value)
    return tuple(found)


def _check_lab_value(protocol: Protocol, value: LabValueEntry) -> list[Message]:
    code = value.analyte_code
    test = protocol.lab(code)
    if test is None:
        return [hard(lab_field(code, "value"), f"{code} is not in this study's panel.", "analyte")]
    if blank(value.value_entered):
        return []
    found: list[Message] = []
    parsed = lab_number(value.value_entered)
    if parsed is None:
        text = f"{test.name_en} must be a number (a leading < or > is allowed)."
        found.append(hard(lab_field(code, "value"), text, "not_a_number"))
    units = ", ".join(u.label for u in test.units)
    if blank(value.unit):
        found.append(hard(lab_field(code, "unit"), f"Choose the unit: {units}.", "no_unit"))
    elif test.unit((value.unit or "").strip()) is None:
        text = f"{value.unit} is not a unit for {test.name_en}: choose {units}."
        found.append(hard(lab_field(code, "unit"), text, "unit"))
    bounds: list[Decimal] = []
    for part in ("reference_low", "reference_high"):
        typed = getattr(value, part)
        if blank(typed):
            continue
        number = _decimal(typed)
        if number is None or number < 0:
            text = "The reference limit must be a number, 0 or more."
            found.append(hard(lab_field(code, part), text, "reference"))
        else:
            bounds.append(number)
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        text = "The lower reference limit is above the upper one: check both."
        found.append(hard(lab_field(code, "reference_high"), text, "reference_order"))
    return found


def check_imaging(
    protocol: Protocol, entry: ImagingEntry, now: datetime | None = None
) -> tuple[Message, ...]:
    found = _visit(entry.visit_code, protocol) + not_in_future("imaged_on", entry.imaged_on, now)
    if entry.modality not in MODALITIES:
        found.append(hard("modality", "Choose CT or chest X-ray.", "modality"))
    if not blank(entry.lesion_extent_percent):
        found += number_in("lesion_extent_percent", entry.lesion_extent_percent,
                           "Lesion extent", Decimal(0), Decimal(100), "%")  # fmt: skip
    return tuple(found)


def symptom_field(symptom: str, part: str) -> str:
    """The message field of one symptom's date: ``"fever.onset_on"``."""
    return f"{symptom}.{part}"


def check_symptom(entry: SymptomEntry, now: datetime | None = None) -> tuple[Message, ...]:
    """Known symptom, no resolution without onset nor before it, nothing in the future."""
    key = entry.symptom
    found = not_in_future(symptom_field(key, "onset_on"), entry.onset_on, now)
    found += not_in_future(symptom_field(key, "resolved_on"), entry.resolved_on, now)
    if key not in SYMPTOMS:
        found.append(hard(symptom_field(key, "onset_on"), "Choose a listed symptom.", "symptom"))
    if entry.resolved_on is not None and entry.onset_on is None:
        text = "Enter when it started as well."
        found.append(hard(symptom_field(key, "onset_on"), text, "no_onset"))
    elif entry.resolved_on is not None and entry.onset_on and entry.resolved_on < entry.onset_on:
        text = "It cannot resolve before it started: check both dates."
        found.append(hard(symptom_field(key, "resolved_on"), text, "before_onset"))
    return tuple(found)


def check_nucleic_acid(entry: NucleicAcidEntry, now: datetime | None = None) -> tuple[Message, ...]:
    found = not_in_future("sampled_at", entry.sampled_at, now)
    if entry.specimen not in SPECIMENS:
        found.append(hard("specimen", "Choose the specimen from the list.", "specimen"))
    if entry.result not in RESULTS:
        found.append(hard("result", "Choose positive, negative or indeterminate.", "result"))
    return tuple(found)


def check_who_score(
    protocol: Protocol, entry: WhoScoreEntry, now: datetime | None = None
) -> tuple[Message, ...]:
    found = _visit(entry.visit_code, protocol)
    found += not_in_future("assessed_on", entry.assessed_on, now)
    try:
        level = who_level(entry.score)
    except ValidationError:
        found.append(hard("score", "Choose a WHO score from 0 to 10.", "who_score"))
    else:
        if level.score == 10:
            text = "Score 10 means the participant died: record the death as the disposition too."
            found.append(Message("score", text, Severity.SOFT, "who_dead"))
    return tuple(found)


def check_disposition(entry: DispositionEntry, now: datetime | None = None) -> tuple[Message, ...]:
    found = not_in_future("event_on", entry.event_on, now)
    if entry.kind not in DISPOSITIONS:
        found.append(hard("kind", "Choose how participation ended.", "kind"))
    if entry.kind == "withdrawn" and blank(entry.reason):
        found.append(hard("reason", "Give the reason for the withdrawal.", "no_reason"))
    return tuple(found)


# -- saving ---------------------------------------------------------------------------


def refuse_unless_clear(messages: Sequence[Message], confirm_unusual: bool) -> None:
    """Raise :class:`EntryRefused` on hard messages, and on soft ones not confirmed."""
    blocking = [m for m in messages if m.severity is Severity.HARD or not confirm_unusual]
    if blocking:
        raise EntryRefused(blocking)


def may_enter(actor: Actor) -> None:
    """Refuse roles that cannot enter study data (admin, monitor) before touching the store."""
    if not actor.can(Permission.ENTER_DATA):
        raise NotPermitted(f"Your role ({actor.role.value}) cannot enter study data.")


def participant_in(session: Session, participant_id: str) -> Participant:
    found = session.get(Participant, participant_id)
    if found is None:
        raise InvalidInput(f"There is no participant {participant_id}.")
    return found


def _upsert(
    session: Session, model: type[M], participant_id: str, record_id: str | None,
    values: Mapping[str, Any], *, flush: bool = True,
) -> M:  # fmt: skip
    """Add a record or change a saved one; ``flush=False`` lets a form's rows go in one flush."""
    if record_id is None:
        row = cast(M, cast(Any, model)(id=new_id(), participant_id=participant_id, **values))
        session.add(row)
    else:
        found = session.get(model, record_id)
        if found is None or getattr(found, "participant_id", None) != participant_id:
            raise InvalidInput("That record no longer exists: open the participant again.")
        row = found
        for name, value in values.items():
            setattr(row, name, value)
    if flush:
        session.flush()
    return row


def _save(
    store: Store, actor: Actor, participant_id: str, model: type[M], values: Mapping[str, Any],
    record_id: str | None, reason: str | None,
) -> str:  # fmt: skip
    may_enter(actor)
    with store.transaction(actor, reason) as session:
        participant_in(session, participant_id)
        return _upsert(session, model, participant_id, record_id, values).id


def _text(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def _float(value: str | None) -> float | None:
    number = _decimal(value)
    return None if number is None else float(number)


def _int(value: str | None) -> int | None:
    number = _decimal(value)
    return None if number is None else int(number)


def record_vital_signs(
    store: Store, actor: Actor, protocol: Protocol, participant_id: str, entry: VitalSignsEntry,
    *, record_id: str | None = None, reason: str | None = None, confirm_unusual: bool = False,
) -> Saved[VitalSignsEntry]:  # fmt: skip
    """Save one set of vital signs, each number in the unit its column names."""
    refuse_unless_clear(check_vital_signs(protocol, entry), confirm_unusual)
    values = {
        "visit_code": entry.visit_code,
        "measured_at": entry.measured_at,
        "temperature_c": _float(entry.temperature_c),
        "heart_rate_per_min": _int(entry.heart_rate_per_min),
        "respiratory_rate_per_min": _int(entry.respiratory_rate_per_min),
        "systolic_bp_mmhg": _int(entry.systolic_bp_mmhg),
        "diastolic_bp_mmhg": _int(entry.diastolic_bp_mmhg),
        "spo2_percent": _int(entry.spo2_percent),
        "o2_device": _text(entry.o2_device),
        "o2_flow_l_min": _float(entry.o2_flow_l_min),
        "fio2_fraction": _float(entry.fio2_fraction),
        "note": _text(entry.note),
    }
    return Saved(_save(store, actor, participant_id, VitalSigns, values, record_id, reason), entry)


def record_lab_panel(
    store: Store, actor: Actor, protocol: Protocol, participant_id: str, entry: LabPanelEntry,
    *, record_ids: Mapping[str, str] | None = None, reason: str | None = None,
    confirm_unusual: bool = False,
) -> dict[str, str]:  # fmt: skip
    """Save one blood draw; returns analyte code -> record id of every saved value.

    ``record_ids`` (analyte -> id) are the panel's saved values when editing: a value
    changed needs a reason, and a value cleared deletes its record (with that reason).
    """
    refuse_unless_clear(check_lab_panel(protocol, entry), confirm_unusual)
    may_enter(actor)
    known = dict(record_ids or {})
    saved: dict[str, str] = {}
    with store.transaction(actor, reason) as session, session.no_autoflush:
        participant_in(session, participant_id)
        # The saved values in one query; then every row goes in one flush (one audit pass).
        session.scalars(select(LabResult).where(LabResult.id.in_(list(known.values())))).all()
        for value in entry.values:
            rid = known.get(value.analyte_code)
            if blank(value.value_entered):
                if rid is not None:
                    session.delete(
                        _upsert(session, LabResult, participant_id, rid, {}, flush=False)
                    )
                continue
            values = {
                "visit_code": entry.visit_code,
                "sampled_at": entry.sampled_at,
                "analyte_code": value.analyte_code,
                "value_entered": unicodedata.normalize("NFKC", value.value_entered or "").strip(),
                "unit": (value.unit or "").strip(),
                "reference_low": _text(value.reference_low),
                "reference_high": _text(value.reference_high),
                "note": _text(entry.note),
            }
            row = _upsert(session, LabResult, participant_id, rid, values, flush=False)
            saved[value.analyte_code] = row.id
        session.flush()
    return saved


def record_imaging(
    store: Store, actor: Actor, protocol: Protocol, participant_id: str, entry: ImagingEntry,
    *, record_id: str | None = None, reason: str | None = None, confirm_unusual: bool = False,
) -> Saved[ImagingEntry]:  # fmt: skip
    refuse_unless_clear(check_imaging(protocol, entry), confirm_unusual)
    values = {
        "visit_code": entry.visit_code,
        "imaged_on": entry.imaged_on,
        "modality": entry.modality,
        "lesion_extent_percent": _text(entry.lesion_extent_percent),
        "finding": _text(entry.finding),
    }
    rid = _save(store, actor, participant_id, ChestImaging, values, record_id, reason)
    return Saved(rid, entry)


def record_symptoms(
    store: Store, actor: Actor, participant_id: str, entries: Sequence[SymptomEntry],
    *, reason: str | None = None,
) -> dict[str, str]:  # fmt: skip
    """Save each symptom's onset and resolution (one record per symptom, kept current).

    A symptom never recorded and given no date stays unrecorded; returns symptom -> id.
    """
    refuse_unless_clear([m for e in entries for m in check_symptom(e)], confirm_unusual=False)
    may_enter(actor)
    saved: dict[str, str] = {}
    with store.transaction(actor, reason) as session, session.no_autoflush:
        participant_in(session, participant_id)
        rows = session.scalars(select(Symptom).where(Symptom.participant_id == participant_id))
        existing = {row.symptom: row.id for row in rows}
        for entry in entries:
            rid = existing.get(entry.symptom)
            if rid is None and entry.onset_on is None and entry.resolved_on is None:
                continue
            values = {"symptom": entry.symptom, "onset_on": entry.onset_on,
                      "resolved_on": entry.resolved_on}  # fmt: skip
            row = _upsert(session, Symptom, participant_id, rid, values, flush=False)
            saved[entry.symptom] = row.id
        session.flush()
    return saved


def record_nucleic_acid(
    store: Store, actor: Actor, participant_id: str, entry: NucleicAcidEntry,
    *, record_id: str | None = None, reason: str | None = None,
) -> Saved[NucleicAcidEntry]:  # fmt: skip
    refuse_unless_clear(check_nucleic_acid(entry), confirm_unusual=False)
    values = {"sampled_at": entry.sampled_at, "specimen": entry.specimen, "result": entry.result}
    rid = _save(store, actor, participant_id, NucleicAcidTest, values, record_id, reason)
    return Saved(rid, entry)


def record_who_score(
    store: Store, actor: Actor, protocol: Protocol, participant_id: str, entry: WhoScoreEntry,
    *, record_id: str | None = None, reason: str | None = None, confirm_unusual: bool = False,
) -> Saved[WhoScoreEntry]:  # fmt: skip
    refuse_unless_clear(check_who_score(protocol, entry), confirm_unusual)
    values = {"visit_code": entry.visit_code, "assessed_on": entry.assessed_on,
              "score": entry.score}  # fmt: skip
    rid = _save(store, actor, participant_id, WhoScaleScore, values, record_id, reason)
    return Saved(rid, entry)


def record_disposition(
    store: Store, actor: Actor, participant_id: str, entry: DispositionEntry,
    *, record_id: str | None = None, reason: str | None = None,
) -> Saved[DispositionEntry]:  # fmt: skip
    """Save how participation ended and set the participant's status to match.

    Completed, withdrawn and died set that status; a discharge keeps the participant in
    follow-up (and undoes an ending it corrects). A first record's status change is
    audited with what was recorded as its reason; an edit needs the person's reason.
    """
    refuse_unless_clear(check_disposition(entry), confirm_unusual=False)
    may_enter(actor)
    why = reason
    if record_id is None and not reason:
        why = f"Disposition recorded: {entry.kind} on {entry.event_on.isoformat()}."
    values = {"kind": entry.kind, "event_on": entry.event_on, "reason": _text(entry.reason)}
    with store.transaction(actor, why) as session:
        participant = participant_in(session, participant_id)
        row = _upsert(session, Disposition, participant_id, record_id, values)
        status = STATUS_AFTER.get(entry.kind)
        if status is None and participant.status in {s.value for s in STATUS_AFTER.values()}:
            on_study = participant.day0_on is not None
            status = ParticipantStatus.INFUSED if on_study else ParticipantStatus.RANDOMISED
        if status is not None and participant.status != status.value:
            participant.status = status.value
        session.flush()
        return Saved(row.id, entry)
