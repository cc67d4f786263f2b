"""Adverse events: report, assess, sign, and report serious ones to the sponsor in time.

A nurse enters an event; an investigator assesses it (causality, expectedness) and signs
it with their own key. Editing a saved event needs a reason, and voids a signature.
The SAE clock starts at the site's awareness of a serious event, or at the edit that
makes an event serious. A fatal outcome records the participant's death (disposition and
status) in the same transaction. Nothing here reads or writes an arm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clinical.adverse_events import (
    SERIOUSNESS,
    AeEntry,
    CtcaeTerms,
    SaeClock,
    check_ae,
    death_date,
    is_infusion_reaction,
    load_ctcae_terms,
    sae_clock,
)
from app.clinical.errors import Message
from app.errors import InvalidInput, NotPermitted
from app.models import (
    AdverseEvent,
    Disposition,
    Participant,
    ParticipantStatus,
    SaeReport,
    Signature,
)
from app.protocol import Protocol
from app.protocol.safety import SafetyRules, safety_rules
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.services.observations import EntryRefused, may_enter, participant_in
from app.services.signing import sign, signatures_for
from app.store.store import Store
from app.store.uow import Actor, content_hash
from app.timeutil import utc_now

TABLE = AdverseEvent.__tablename__
SIGN_MEANING = "Adverse event assessed: grade, seriousness and causality confirmed"
REPORT_METHODS = {"fax": "Fax", "email": "E-mail", "phone": "Telephone", "edc": "Sponsor's EDC",
                  "other": "Other"}  # fmt: skip
# Seriousness key -> the column that holds it.
CRITERION_COLUMNS = {key: f"serious_{key}" for key in SERIOUSNESS}
ASSESSMENT_FIELDS = ("causality_product", "causality_procedures", "expectedness")


class AeStatus:
    ENTERED = "entered"
    ASSESSED = "assessed"
    SIGNED = "signed"
    VOID = "signature void"


@dataclass(frozen=True)
class SaeReportView:
    number: int
    """0 is the initial report; 1, 2, … are follow-ups."""
    reported_at: datetime
    reported_by: str
    method: str
    note: str | None

    @property
    def label(self) -> str:
        return "Initial report" if self.number == 0 else f"Follow-up {self.number}"


@dataclass(frozen=True)
class AeView:
    """One event as screens, the CLI and the Safety view show it (no arm, ever)."""

    id: str
    participant_id: str
    study_id: str | None
    screening_number: str
    kit_code: str | None
    entry: AeEntry
    term: str
    status: str
    clock: SaeClock
    reports: tuple[SaeReportView, ...]
    signature: str | None
    """The manifestation of the latest signature, or None."""
    infusion_reaction: bool
    rsi_version: str | None

    @property
    def serious(self) -> bool:
        return self.entry.serious


def _entry(row: AdverseEvent) -> AeEntry:
    criteria = frozenset(k for k, col in CRITERION_COLUMNS.items() if getattr(row, col))
    return AeEntry(
        term_code=row.term_code,
        term_text=row.term_text,
        onset_at=row.onset_at,
        end_at=row.end_at,
        ongoing=row.ongoing,
        grade=row.grade,
        seriousness=criteria,
        aware_at=row.aware_at,
        causality_product=row.causality_product,
        causality_procedures=row.causality_procedures,
        expectedness=row.expectedness,
        action_taken=row.action_taken,
        outcome=row.outcome,
        infusion_id=row.infusion_id,
        infusion_related=row.infusion_related,
        description=row.description,
    )


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


# -- reading -------------------------------------------------------------------------


def _status(row: AdverseEvent, sigs: Sequence[Signature]) -> tuple[str, str | None]:
    if sigs:
        latest = sigs[-1].manifestation()
        digest = content_hash(row)  # only a signed event needs its content's hash
        if any(s.is_valid and s.content_hash == digest for s in sigs):
            return AeStatus.SIGNED, latest
        return AeStatus.VOID, latest
    assessed = all(getattr(row, name) is not None for name in ASSESSMENT_FIELDS[:2])
    return (AeStatus.ASSESSED if assessed else AeStatus.ENTERED), None


@dataclass
class _Around:
    """What the views of some events need besides the events, read in three queries."""

    participants: dict[str, Participant]
    reports: dict[str, list[SaeReport]]
    signatures: dict[str, list[Signature]]


def _around(session: Session, participant_id: str | None) -> _Around:
    """The participants, SAE reports and signatures of every event (of one participant)."""
    people = select(Participant)
    reports = select(SaeReport).order_by(SaeReport.adverse_event_id, SaeReport.number)
    signed = select(Signature).where(Signature.table_name == TABLE).order_by(Signature.signed_at)
    if participant_id is not None:
        ids = select(AdverseEvent.id).where(AdverseEvent.participant_id == participant_id)
        people = people.where(Participant.id == participant_id)
        reports = reports.where(SaeReport.adverse_event_id.in_(ids))
        signed = signed.where(Signature.record_id.in_(ids))
    found = _Around({p.id: p for p in session.scalars(people)}, {}, {})
    for report in session.scalars(reports):
        found.reports.setdefault(report.adverse_event_id, []).append(report)
    for signature in session.scalars(signed):
        found.signatures.setdefault(signature.record_id, []).append(signature)
    return found


def _view(
    session: Session, row: AdverseEvent, safety: SafetyRules, terms: CtcaeTerms, now: datetime,
    around: _Around | None = None,
) -> AeView:  # fmt: skip
    if around is None:  # one event: read what it needs
        around = _Around(
            {row.participant_id: session.get_one(Participant, row.participant_id)},
            {row.id: list(session.scalars(select(SaeReport)
                          .where(SaeReport.adverse_event_id == row.id)
                          .order_by(SaeReport.number)))},
            {row.id: signatures_for(session, TABLE, row.id)},
        )  # fmt: skip
    participant = around.participants[row.participant_id]
    reports = tuple(
        SaeReportView(r.number, r.reported_at, r.reported_by, r.method, r.note)
        for r in around.reports.get(row.id, ())
    )
    first = reports[0].reported_at if reports else None
    clock = sae_clock(row.clock_started_at, first, safety.sae_reporting_window_hours,
                      safety.sae_urgent_within_hours, now)  # fmt: skip
    status, signature = _status(row, around.signatures.get(row.id, ()))
    entry = _entry(row)
    return AeView(
        id=row.id,
        participant_id=row.participant_id,
        study_id=participant.study_id,
        screening_number=participant.screening_number,
        kit_code=participant.kit_code,
        entry=entry,
        term=row.term_text,
        status=status,
        clock=clock,
        reports=reports,
        signature=signature,
        infusion_reaction=is_infusion_reaction(entry, terms),
        rsi_version=row.rsi_version,
    )


def load_ae(store: Store, protocol: Protocol, ae_id: str, *, now: datetime | None = None) -> AeView:
    safety = safety_rules(protocol)
    with store.read() as session:
        row = session.get(AdverseEvent, ae_id)
        if row is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("AdverseEventRecords", "There is no adverse event {ae}.").format(
                    ae=ae_id
                )
            )
        return _view(session, row, safety, load_ctcae_terms(), now or utc_now())


def list_aes(
    store: Store, protocol: Protocol, *, participant_id: str | None = None,
    now: datetime | None = None,
) -> list[AeView]:  # fmt: skip
    """Every event (of one participant, or all), newest onset first."""
    safety = safety_rules(protocol)
    terms = load_ctcae_terms()
    moment = now or utc_now()
    query = select(AdverseEvent).order_by(AdverseEvent.onset_at.desc(), AdverseEvent.id)
    if participant_id is not None:
        query = query.where(AdverseEvent.participant_id == participant_id)
    with store.read() as session:
        around = _around(session, participant_id)
        rows = session.scalars(query)
        return [_view(session, row, safety, terms, moment, around) for row in rows]


def open_saes(store: Store, protocol: Protocol, *, now: datetime | None = None) -> list[AeView]:
    """Serious events not yet reported to the sponsor, the nearest deadline first (Today)."""
    views = [v for v in list_aes(store, protocol, now=now) if v.serious and not v.reports]
    return sorted(views, key=lambda v: v.clock.deadline or moment_of(v))


def moment_of(view: AeView) -> datetime:
    assert view.entry.onset_at is not None
    return view.entry.onset_at
