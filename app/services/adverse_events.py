"""Adverse events: report, assess, sign, and report serious ones to the sponsor in time.

A nurse enters an event; an investigator assesses it (causality, expectedness) and signs
it with their own key. Editing a saved event needs a reason, and voids a signature.
The SAE clock starts at the site's awareness of a serious event, or at the edit that
makes an event serious. A fatal outcome records the participant's death (disposition and
status) in the same transaction. Nothing here reads or writes an arm. Reading events
back is :mod:`app.services.adverse_event_views`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clinical.adverse_events import AeEntry, check_ae, death_date, load_ctcae_terms
from app.clinical.errors import Message
from app.errors import InvalidInput, NotPermitted
from app.models import AdverseEvent, Disposition, Participant, ParticipantStatus, SaeReport
from app.protocol import Protocol
from app.protocol.safety import safety_rules
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.services.adverse_event_views import (
    ASSESSMENT_FIELDS,
    CRITERION_COLUMNS,
    TABLE,
    AeStatus,
    AeView,
    SaeReportView,
    list_aes,
    load_ae,
    moment_of,
    open_saes,
)
from app.services.observations import EntryRefused, may_enter, participant_in
from app.services.signing import sign
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

__all__ = [
    "ASSESSMENT_FIELDS",
    "CRITERION_COLUMNS",
    "DEATH_TERM",
    "REPORT_METHODS",
    "SIGN_MEANING",
    "TABLE",
    "AeStatus",
    "AeView",
    "SaeReportView",
    "death_recorded",
    "list_aes",
    "load_ae",
    "mark_reported",
    "moment_of",
    "open_saes",
    "record_ae",
    "sign_ae",
]

SIGN_MEANING = "Adverse event assessed: grade, seriousness and causality confirmed"
REPORT_METHODS = {"fax": "Fax", "email": "E-mail", "phone": "Telephone", "edc": "Sponsor's EDC",
                  "other": "Other"}  # fmt: skip


def _refuse(messages: list[Message]) -> None:
    if messages:
        raise EntryRefused(messages)


def _text(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def record_ae(
    store: Store, actor: Actor, protocol: Protocol, participant_id: str, entry: AeEntry,
    *, record_id: str | None = None, reason: str | None = None, now: datetime | None = None,
) -> str:  # fmt: skip
    """Save a new event or an edit of a saved one; returns its id.

    Only an investigator may set causality or expectedness. An edit that makes an event
    serious starts its clock at ``now``; an event serious when first saved starts it at
    the awareness time entered.
    """
    moment = now or utc_now()
    terms = load_ctcae_terms()
    safety = safety_rules(protocol)
    may_enter(actor)
    _refuse(check_ae(entry, terms, moment))
    term = terms.get(entry.term_code)
    values: dict[str, object] = {
        "term_code": entry.term_code,
        "term_text": term.term if term is not None else entry.term_text.strip(),
        "ctcae_version": terms.version,
        "description": _text(entry.description),
        "onset_at": entry.onset_at,
        "end_at": entry.end_at,
        "ongoing": entry.ongoing,
        "grade": entry.grade,
        "serious": entry.serious,
        "aware_at": entry.aware_at,
        "causality_product": entry.causality_product,
        "causality_procedures": entry.causality_procedures,
        "expectedness": entry.expectedness,
        "action_taken": entry.action_taken,
        "outcome": entry.outcome,
        "infusion_id": _text(entry.infusion_id),
        "infusion_related": entry.infusion_related,
    }
    for key, column in CRITERION_COLUMNS.items():
        values[column] = key in entry.seriousness
    why = reason
    died_on = death_date(entry)
    if died_on is not None and record_id is None and not reason:
        # The participant's status changes with it: the audit says why.
        why = f"Fatal adverse event recorded: {values['term_text']} on {died_on.isoformat()}."
    with store.transaction(actor, why) as session:
        participant = participant_in(session, participant_id)
        row = _row_for(session, participant_id, record_id)
        _may_assess(actor, row, entry)
        if row is None:
            row = AdverseEvent(participant_id=participant_id, entered_by=actor.name,
                               entered_at=moment)  # fmt: skip
            session.add(row)
            values["clock_started_at"] = entry.aware_at if entry.serious else None
        elif entry.serious and not row.serious:
            values["clock_started_at"] = moment  # made serious by this edit
        elif not entry.serious:
            values["clock_started_at"] = None
        if entry.expectedness is None:
            values["rsi_version"] = None
        elif entry.expectedness != row.expectedness or row.rsi_version is None:
            values["rsi_version"] = safety.reference_safety_information_version
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        _record_death(session, participant, entry, row.term_text)
        return row.id


def _row_for(session: Session, participant_id: str, record_id: str | None) -> AdverseEvent | None:
    if record_id is None:
        return None
    row = session.get(AdverseEvent, record_id)
    if row is None or row.participant_id != participant_id:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "AdverseEventRecords",
                "That adverse event no longer exists: open the participant again.",
            ).said()
        )
    return row


def _may_assess(actor: Actor, row: AdverseEvent | None, entry: AeEntry) -> None:
    if actor.role is Role.INVESTIGATOR:
        return
    for name in ASSESSMENT_FIELDS:
        saved = None if row is None else getattr(row, name)
        if getattr(entry, name) != saved:
            raise NotPermitted(
                QT_TRANSLATE_NOOP(
                    "AdverseEventRecords",
                    "Your role ({role}) cannot assess causality or expectedness: an "
                    "investigator does.",
                ).format(role=actor.role.value)
            )


def _record_death(session: Session, participant: Participant, entry: AeEntry, term: str) -> None:
    """A fatal outcome is the participant's death: one record, no double entry."""
    died_on = death_date(entry)
    if died_on is None:
        return
    died = session.scalars(
        select(Disposition).where(
            Disposition.participant_id == participant.id, Disposition.kind == "died"
        )
    ).first()
    if died is None:
        session.add(
            Disposition(
                participant_id=participant.id,
                kind="died",
                event_on=died_on,
                reason=f"Fatal adverse event: {term}",
            )
        )
    if participant.status != ParticipantStatus.DIED.value:
        participant.status = ParticipantStatus.DIED.value
    session.flush()


DEATH_TERM = "Death (cause to be recorded)"


def death_recorded(
    session: Session, actor: Actor, participant_id: str, died_on: date, now: datetime
) -> str | None:
    """The other direction of one record: a death recorded as a disposition, inside the
    caller's transaction, becomes a fatal serious AE with its clock started ``now``,
    unless the participant already has a fatal AE. Returns the new event's id, or None."""
    fatal = session.scalars(
        select(AdverseEvent.id).where(
            AdverseEvent.participant_id == participant_id, AdverseEvent.outcome == "fatal"
        )
    ).first()
    if fatal is not None:
        return None
    # The time of death is not on a disposition: the day's start stands for it.
    moment = min(datetime.combine(died_on, time(0), UTC), now)
    row = AdverseEvent(
        participant_id=participant_id, term_code=None, term_text=DEATH_TERM,
        ctcae_version=load_ctcae_terms().version, onset_at=moment, end_at=moment, grade=5,
        serious=True, serious_death=True, aware_at=now, clock_started_at=now, outcome="fatal",
        description="Recorded from the participant's disposition: code the cause of death.",
        entered_by=actor.name, entered_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def mark_reported(
    store: Store, actor: Actor, ae_id: str, reported_at: datetime, method: str,
    note: str | None = None, *, now: datetime | None = None,
) -> int:  # fmt: skip
    """Record one report of a serious event to the sponsor; returns its number
    (0 for the initial report, then 1, 2, … for follow-ups)."""
    moment = now or utc_now()
    may_enter(actor)
    if method not in REPORT_METHODS:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "AdverseEventRecords",
                "Say how the report was sent: fax, email, phone, edc or other.",
            ).said()
        )
    if reported_at.tzinfo is None or reported_at > moment:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "AdverseEventRecords", "The report time is in the future: check the date and time."
            ).said()
        )
    with store.transaction(actor) as session:
        row = session.get(AdverseEvent, ae_id)
        if row is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("AdverseEventRecords", "There is no adverse event {ae}.").format(
                    ae=ae_id
                )
            )
        if not row.serious or row.clock_started_at is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "AdverseEventRecords",
                    "Only a serious adverse event is reported to the sponsor.",
                ).said()
            )
        if row.aware_at is not None and reported_at < row.aware_at:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "AdverseEventRecords",
                    "The report cannot precede the site's awareness of the event.",
                ).said()
            )
        count = session.scalar(
            select(func.count()).select_from(SaeReport).where(SaeReport.adverse_event_id == ae_id)
        )
        number = int(count or 0)
        session.add(
            SaeReport(
                adverse_event_id=ae_id,
                number=number,
                reported_at=reported_at,
                reported_by=actor.full_name,
                method=method,
                note=_text(note),
            )
        )
        return number


def sign_ae(
    store: Store, actor: Actor, protocol: Protocol, password: str, ae_id: str,
    *, now: datetime | None = None,
) -> None:  # fmt: skip
    """The investigator signs the assessment with their own key; causality left blank
    (or anything else the rules refuse) is refused first, with its sentence."""
    if actor.role is not Role.INVESTIGATOR:
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "AdverseEventRecords", "Your role ({role}) cannot sign adverse events."
            ).format(role=actor.role.value)
        )
    view = load_ae(store, protocol, ae_id, now=now)
    if view.status == AeStatus.SIGNED:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("AdverseEventRecords", "This adverse event is already signed.").said()
        )
    _refuse(check_ae(view.entry, load_ctcae_terms(), now or utc_now(), for_signoff=True))
    sign(store, actor, password, TABLE, ae_id, SIGN_MEANING)
