"""Fill the adverse-event report from the store (read-only, blinded).

The event, its clock and its reports come from :func:`app.services.adverse_events.load_ae`
(which holds no arm), the participant's identity and the con-meds from their rows, the
signature from the signatures table with its validity checked against the record as it
is now. Nothing here reads an arm or anything that differs between arms.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from sqlalchemy import select

from app.clinical.adverse_events import load_ctcae_terms
from app.models import AdverseEvent, Participant, Signature
from app.protocol import Protocol
from app.protocol.safety import safety_rules
from app.reports.ae_report import AeReportData, AeReportMed, AeReportSent
from app.reports.data import SignatureMark
from app.services.adverse_events import TABLE, load_ae
from app.services.conmeds import list_conmeds
from app.services.reports import study_heading
from app.store.store import Store
from app.store.uow import content_hash
from app.timeutil import utc_now


def _signature(store: Store, ae_id: str) -> SignatureMark | None:
    """The latest signature's manifestation, marked void when the event changed since."""
    with store.read() as session:
        row = session.get(AdverseEvent, ae_id)
        assert row is not None
        digest = content_hash(row)
        latest = session.scalars(
            select(Signature)
            .where(Signature.table_name == TABLE, Signature.record_id == ae_id)
            .order_by(Signature.signed_at.desc())
        ).first()
        if latest is None:
            return None
        valid = latest.is_valid and latest.content_hash == digest
        return SignatureMark(latest.printed_name, latest.signed_at, latest.meaning, void=not valid)


def ae_report_data(
    store: Store,
    protocol: Protocol,
    ae_id: str,
    *,
    printed_by: str | None = None,
    now: datetime | None = None,
    local_tz: tzinfo = UTC,
) -> AeReportData:
    """The report of adverse event ``ae_id``; an unknown id is refused with a sentence."""
    moment = now or utc_now()
    view = load_ae(store, protocol, ae_id, now=moment)
    safety = safety_rules(protocol)
    terms = load_ctcae_terms()
    entry = view.entry
    with store.read() as session:
        participant = session.get(Participant, view.participant_id)
        assert participant is not None
        row = session.get(AdverseEvent, ae_id)
        assert row is not None
        initials, sex, age = participant.initials, participant.sex, participant.age_years
        ctcae_version = row.ctcae_version
    grade_wording = ""
    if entry.grade is not None and (entry.term_code is None or terms.get(entry.term_code)):
        grade_wording = terms.grade_wording(entry.term_code, entry.grade)
    meds = tuple(
        AeReportMed(
            m.entry.drug,
            m.entry.dose,
            m.entry.dose_unit,
            m.entry.route,
            m.entry.frequency,
            m.entry.start_on,
            m.entry.stop_on,
            m.entry.ongoing,
            m.entry.indication,
            m.entry.conventional,
        )
        for m in list_conmeds(store, view.participant_id)
    )
    return AeReportData(
        study=study_heading(protocol),
        site=store.info().site,
        study_id=view.study_id,
        screening_number=view.screening_number,
        initials=initials,
        sex=sex,
        age_years=age,
        kit_code=view.kit_code,
        term=view.term,
        coded=entry.term_code is not None,
        ctcae_version=ctcae_version,
        grade=entry.grade,
        grade_wording=grade_wording,
        description=entry.description,
        onset_at=entry.onset_at,
        end_at=entry.end_at,
        ongoing=entry.ongoing,
        infusion_reaction=view.infusion_reaction,
        seriousness=entry.seriousness,
        causality_product=entry.causality_product,
        causality_procedures=entry.causality_procedures,
        expectedness=entry.expectedness,
        rsi=safety.reference_safety_information,
        rsi_version=view.rsi_version or safety.reference_safety_information_version,
        action_taken=entry.action_taken,
        outcome=entry.outcome,
        aware_at=entry.aware_at,
        clock_started_at=view.clock.started_at,
        deadline=view.clock.deadline,
        clock_status=view.clock.status.value,
        window_hours=safety.sae_reporting_window_hours,
        reports=tuple(
            AeReportSent(r.number, r.reported_at, r.reported_by, r.method, r.note)
            for r in view.reports
        ),
        conmeds=meds,
        signature=_signature(store, ae_id),
        printed_at=moment,
        printed_by=printed_by,
        local_tz=local_tz,
    )
