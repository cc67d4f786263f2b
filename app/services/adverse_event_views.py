"""Reading adverse events as screens, the command line and the Safety view show them.

Each view carries the event as entered, its status (entered, assessed, signed, or a
signature made void by an edit), its SAE clock and its reports to the sponsor; nothing
here reads an arm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.adverse_events import (
    SERIOUSNESS,
    AeEntry,
    CtcaeTerms,
    SaeClock,
    is_infusion_reaction,
    load_ctcae_terms,
    sae_clock,
)
from app.errors import InvalidInput
from app.models import AdverseEvent, Participant, SaeReport, Signature
from app.protocol import Protocol
from app.protocol.safety import SafetyRules, safety_rules
from app.sentences import QT_TRANSLATE_NOOP
from app.services.signing import signatures_for
from app.store.store import Store
from app.store.uow import content_hash
from app.timeutil import utc_now

TABLE = AdverseEvent.__tablename__
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
