"""A signed checklist whose evidence changed afterwards goes back to the investigator.

The checklist keeps the evidence as it was assessed: the date of birth copied from the
screening log, the RT-PCR and CT results, the severity signs and the P/F of the blood
gas it used. When one of these changes later, in the screening log, in the blood gas
or in the checklist itself, the same transaction voids every standing signature on it
with a reason naming what changed ("date of birth changed from 1958-01-09 to
1928-01-09: re-review needed"). That void reason is the flag: the checklist waits for
the investigator's review (:func:`review_reason`, :func:`checklists_to_review`), the
participant no longer shows *eligible*, and the checklist cannot be signed again until
it has been corrected and saved again (:func:`uncorrected`, :func:`evidence_changes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.parsing import format_number
from app.models import EligibilityAssessment, Oxygenation, Participant, ParticipantStatus, Signature
from app.sentences import QT_TRANSLATE_NOOP, Sentence
from app.services.signing import signatures_for
from app.store.store import Store
from app.store.uow import content_hash
from app.timeutil import utc_now

REVIEW_SUFFIX = ": re-review needed"
TABLE = EligibilityAssessment.__tablename__


def _day(value: date | None) -> str:
    return (
        value.isoformat()
        if value is not None
        else QT_TRANSLATE_NOOP("EligibilityReview", "not known").said()
    )


def _english(change: str) -> str:
    """A change as written into a void reason: in English, whoever made it."""
    return change.english() if isinstance(change, Sentence) else change


def _same_number(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return a == b


def evidence_changes(session: Session, row: EligibilityAssessment) -> list[str]:
    """What changed in the blood gas the checklist used since it was filled in.

    The checklist copies the blood gas's P/F when it is saved, so any difference now
    is a later correction. (A changed date of birth is named by the screening log's
    correction itself: the checklist's own date may differ from it from the start.)
    """
    changes: list[str] = []
    if row.oxygenation_id is not None:
        gas = session.get(Oxygenation, row.oxygenation_id)
        if gas is None or gas.pf_ratio_mmhg is None:
            changes.append(
                QT_TRANSLATE_NOOP(
                    "EligibilityReview", "the blood gas it used no longer has a P/F ratio"
                ).said()
            )
        elif not _same_number(gas.pf_ratio_mmhg, row.pf_ratio_mmhg):
            was = format_number_text(row.pf_ratio_mmhg)
            now = format_number_text(gas.pf_ratio_mmhg)
            changes.append(
                QT_TRANSLATE_NOOP(
                    "EligibilityReview",
                    "P/F of the blood gas it used changed from {was} to {now} mmHg",
                ).format(was=was, now=now)
            )
    return changes


def date_of_birth_change(before: date | None, after: date | None) -> list[str]:
    """The phrase for a corrected date of birth, or nothing when it did not change."""
    if before == after:
        return []
    return [
        QT_TRANSLATE_NOOP("EligibilityReview", "date of birth changed from {was} to {now}").format(
            was=_day(before), now=_day(after)
        )
    ]


def format_number_text(text: str | None) -> str:
    """A stored decimal as a person reads it (``"212.50"`` stays, ``None`` is a dash)."""
    if text is None:
        return "—"
    try:
        return format_number(Decimal(text))
    except InvalidOperation:
        return text


def standing_signatures(session: Session, row: EligibilityAssessment) -> list[Signature]:
    """Signatures on the checklist that are not void and match its content."""
    digest = content_hash(row)
    return [
        s for s in signatures_for(session, TABLE, row.id) if s.is_valid and s.content_hash == digest
    ]


def void_for_review(session: Session, row: EligibilityAssessment, changes: Sequence[str]) -> bool:
    """Void the checklist's standing signatures, the reason naming ``changes``; flushed.

    Call it before the checklist itself is changed (the signatures are matched against
    the content they signed). Returns whether a signature was voided.
    """
    if not changes:
        return False
    sigs = standing_signatures(session, row)
    reason = "; ".join(_english(c) for c in changes) + REVIEW_SUFFIX
    for sig in sigs:
        sig.voided_at = utc_now()
        sig.void_reason = reason
    session.flush()
    return bool(sigs)


def status_from(p: Participant, verdict_text: str | None) -> bool:
    """Whether the participant's status is the one a signature on this checklist set."""
    if p.status == ParticipantStatus.ELIGIBLE.value:
        return True
    return p.status == ParticipantStatus.SCREEN_FAILED.value and p.screen_fail_reason == (
        verdict_text
    )


def back_to_screening(p: Participant, verdict_text: str | None) -> None:
    """The signature that set the status is void: not enrolled yet, so screening again."""
    if p.study_id is None and status_from(p, verdict_text):
        p.status = ParticipantStatus.SCREENING.value
        p.screen_fail_reason = None


def review_evidence(
    session: Session, participant_id: str, changes: Sequence[str] = ()
) -> list[str]:
    """After evidence changed: flag each signed checklist of the participant.

    ``changes`` names what the caller changed (the screening log's date of birth); the
    blood gas each checklist used is compared as well. Runs inside the transaction that
    changed the evidence. Returns the void reasons written (empty when no signed
    checklist was affected).
    """
    written: list[str] = []
    rows = session.scalars(
        select(EligibilityAssessment).where(EligibilityAssessment.participant_id == participant_id)
    ).all()
    for row in rows:
        found = [*changes, *evidence_changes(session, row)]
        if found and void_for_review(session, row, found):
            written.append("; ".join(_english(c) for c in found) + REVIEW_SUFFIX)
            p = session.get(Participant, participant_id)
            if p is not None:
                back_to_screening(p, row.verdict_text)
    return written


def review_reason(session: Session, row: EligibilityAssessment) -> str | None:
    """Why the checklist waits for the investigator's review, or None.

    It waits when no signature stands on it and its last voided signature was voided
    because its evidence changed.
    """
    sigs = signatures_for(session, TABLE, row.id)
    if not sigs or standing_signatures(session, row):
        return None
    voided = [s for s in sigs if s.voided_at is not None]
    if not voided:
        return None
    last = max(voided, key=lambda s: s.voided_at or s.signed_at)
    reason = last.void_reason or ""
    return reason if reason.endswith(REVIEW_SUFFIX) else None


def uncorrected(session: Session, row: EligibilityAssessment) -> bool:
    """Flagged for review and still exactly what was signed: it must be corrected first."""
    if review_reason(session, row) is None:
        return False
    digest = content_hash(row)
    return any(
        s.content_hash == digest
        for s in signatures_for(session, TABLE, row.id)
        if s.voided_at is not None
    )


@dataclass(frozen=True)
class ReviewItem:
    """A checklist waiting for the investigator because its evidence changed."""

    participant_id: str
    assessment_id: str
    label: str
    """Study ID once enrolled, else the screening number."""
    reason: str


def checklists_to_review(store: Store) -> list[ReviewItem]:
    """Every participant's latest checklist that waits for review, by participant label."""
    from app.services.eligibility import NEWEST

    items: list[ReviewItem] = []
    with store.read() as session:
        flagged = session.scalars(
            select(Signature.record_id)
            .where(Signature.table_name == TABLE, Signature.void_reason.like(f"%{REVIEW_SUFFIX}"))
            .distinct()
        ).all()
        participants = {
            a.participant_id
            for a in session.scalars(
                select(EligibilityAssessment).where(EligibilityAssessment.id.in_(flagged))
            )
        }
        for pid in sorted(participants):
            latest = session.scalars(
                select(EligibilityAssessment)
                .where(EligibilityAssessment.participant_id == pid)
                .order_by(*NEWEST)
                .limit(1)
            ).first()
            reason = None if latest is None else review_reason(session, latest)
            p = session.get(Participant, pid)
            if latest is not None and reason is not None and p is not None:
                label = p.study_id or p.screening_number
                items.append(ReviewItem(pid, latest.id, label, reason))
    items.sort(key=lambda i: i.label)
    return items
