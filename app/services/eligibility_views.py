"""Reading eligibility checklists: the latest one, one by id, and whether it is signed.

A signature holds while it is not void and the checklist still has the content that was
signed; enrolment needs the latest checklist to say eligible and hold one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, literal_column, select
from sqlalchemy.orm import Session

from app.clinical.eligibility import Verdict
from app.errors import InvalidInput
from app.models import EligibilityAssessment
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility_checks import EligibilityEntry
from app.services.eligibility_review import evidence_changes, review_reason, uncorrected
from app.services.signing import signatures_for
from app.store.store import Store
from app.store.uow import content_hash


def signed_now(session: Session, row: EligibilityAssessment) -> bool:
    """Whether ``row`` carries a signature that is not void and matches its content."""
    digest = content_hash(row)
    return any(
        s.is_valid and s.content_hash == digest
        for s in signatures_for(session, EligibilityAssessment.__tablename__, row.id)
    )


# Insertion order breaks a tie between assessments of the same day (the store is SQLite).
NEWEST: tuple[ColumnElement[Any], ...] = (
    EligibilityAssessment.assessed_on.desc(),
    literal_column("eligibility_assessments.rowid").desc(),
)


def has_signed_eligibility(session: Session, participant_id: str) -> bool:
    """Whether the participant's latest assessment says eligible and carries a signature
    that is not void and still matches what was signed (what enrolment needs)."""
    latest = session.scalars(
        select(EligibilityAssessment)
        .where(EligibilityAssessment.participant_id == participant_id)
        .order_by(*NEWEST)
        .limit(1)
    ).first()
    return (
        latest is not None
        and latest.verdict == Verdict.ELIGIBLE.value
        and signed_now(session, latest)
    )


@dataclass(frozen=True)
class SignatureLine:
    manifestation: str
    valid: bool


@dataclass(frozen=True)
class AssessmentView:
    """The latest assessment as the checklist shows it."""

    id: str
    entry: EligibilityEntry
    verdict: Verdict
    verdict_text: str
    protocol_fingerprint: str
    signatures: tuple[SignatureLine, ...]
    review: str | None = None
    """Why the checklist waits for the investigator's review (its evidence changed after
    signing), or None."""
    evidence_changed: tuple[str, ...] = ()
    """What changed outside the checklist since it was filled in (the blood gas it used)."""
    must_correct: bool = False
    """Flagged for review and unchanged since: correct it and save it before signing."""

    @property
    def signed(self) -> bool:
        """A signature that still holds."""
        return any(s.valid for s in self.signatures)

    @property
    def void(self) -> bool:
        """Signed once, but changed since: it must be signed again."""
        return bool(self.signatures) and not self.signed


def saved_entry(row: EligibilityAssessment) -> EligibilityEntry:
    """A saved checklist's evidence and answers as the form hands them over."""
    payload = json.loads(row.answers_json or "{}")
    return EligibilityEntry(
        assessed_on=row.assessed_on,
        date_of_birth=row.date_of_birth,
        rt_pcr_date=row.rt_pcr_date,
        rt_pcr_positive=row.rt_pcr_positive,
        ct_date=row.ct_date,
        ct_characteristic=row.ct_characteristic,
        ct_finding=row.ct_finding,
        respiratory_rate_per_min=row.respiratory_rate_per_min,
        spo2_at_rest_percent=row.spo2_at_rest_percent,
        oxygenation_id=row.oxygenation_id,
        answers=dict(payload.get("answers", {})),
    )


def _view(session: Session, row: EligibilityAssessment) -> AssessmentView:
    digest = content_hash(row)
    lines = tuple(
        SignatureLine(s.manifestation(), s.is_valid and s.content_hash == digest)
        for s in signatures_for(session, EligibilityAssessment.__tablename__, row.id)
    )
    return AssessmentView(
        row.id,
        saved_entry(row),
        Verdict(row.verdict),
        row.verdict_text,
        row.protocol_fingerprint,
        lines,
        review_reason(session, row),
        tuple(evidence_changes(session, row)),
        uncorrected(session, row),
    )


def latest_assessment(store: Store, participant_id: str) -> AssessmentView | None:
    """The participant's most recent assessment with its signatures, or None."""
    with store.read() as session:
        row = session.scalars(
            select(EligibilityAssessment)
            .where(EligibilityAssessment.participant_id == participant_id)
            .order_by(*NEWEST)
            .limit(1)
        ).first()
        return None if row is None else _view(session, row)


def load_assessment(store: Store, assessment_id: str) -> AssessmentView:
    with store.read() as session:
        row = session.get(EligibilityAssessment, assessment_id)
        if row is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Eligibility", "There is no eligibility assessment {assessment}."
                ).format(assessment=assessment_id)
            )
        return _view(session, row)
