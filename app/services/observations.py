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

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.errors import Message, Severity
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
from app.models.base import new_id
from app.protocol import Protocol
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.observation_checks import (
    CLOCK_DRIFT,
    DISPOSITIONS,
    MODALITIES,
    RESULTS,
    SPECIMENS,
    STATUS_AFTER,
    SYMPTOMS,
    UNSCHEDULED,
    DispositionEntry,
    EntryRefused,
    ImagingEntry,
    LabPanelEntry,
    LabValueEntry,
    M,
    NucleicAcidEntry,
    Saved,
    SymptomEntry,
    VitalSignsEntry,
    WhoScoreEntry,
    _decimal,
    blank,
    check_disposition,
    check_imaging,
    check_lab_panel,
    check_nucleic_acid,
    check_symptom,
    check_vital_signs,
    check_who_score,
    hard,
    lab_field,
    lab_number,
    not_in_future,
    number_in,
    symptom_field,
    visit_codes,
)
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

# -- saving ---------------------------------------------------------------------------


def refuse_unless_clear(messages: Sequence[Message], confirm_unusual: bool) -> None:
    """Raise :class:`EntryRefused` on hard messages, and on soft ones not confirmed."""
    blocking = [m for m in messages if m.severity is Severity.HARD or not confirm_unusual]
    if blocking:
        raise EntryRefused(blocking)


def may_enter(actor: Actor) -> None:
    """Refuse roles that cannot enter study data (admin, monitor) before touching the store."""
    if not actor.can(Permission.ENTER_DATA):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Observations", "Your role ({role}) cannot enter study data.").format(
                role=actor.role.value
            )
        )


def participant_in(session: Session, participant_id: str) -> Participant:
    found = session.get(Participant, participant_id)
    if found is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Observations", "There is no participant {participant}.").format(
                participant=participant_id
            )
        )
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
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Observations", "That record no longer exists: open the participant again."
                ).said()
            )
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
        if entry.kind == "died":
            # One record: a death is also a fatal serious adverse event, clock running.
            from app.services import adverse_events

            session.flush()
            adverse_events.death_recorded(session, actor, participant_id, entry.event_on, utc_now())
        session.flush()
        return Saved(row.id, entry)


# The checks live in observation_checks; callers may import them from here too.
__all__ = [
    "CLOCK_DRIFT",
    "DISPOSITIONS",
    "MODALITIES",
    "RESULTS",
    "SPECIMENS",
    "STATUS_AFTER",
    "SYMPTOMS",
    "UNSCHEDULED",
    "DispositionEntry",
    "EntryRefused",
    "ImagingEntry",
    "LabPanelEntry",
    "LabValueEntry",
    "NucleicAcidEntry",
    "Saved",
    "SymptomEntry",
    "VitalSignsEntry",
    "WhoScoreEntry",
    "blank",
    "check_disposition",
    "check_imaging",
    "check_lab_panel",
    "check_nucleic_acid",
    "check_symptom",
    "check_vital_signs",
    "check_who_score",
    "hard",
    "lab_field",
    "lab_number",
    "may_enter",
    "not_in_future",
    "number_in",
    "participant_in",
    "record_disposition",
    "record_imaging",
    "record_lab_panel",
    "record_nucleic_acid",
    "record_symptoms",
    "record_vital_signs",
    "record_who_score",
    "refuse_unless_clear",
    "symptom_field",
    "visit_codes",
]
