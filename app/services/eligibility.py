"""The eligibility checklist: evidence → verdict (by the protocol's rules) → signature.

The form hands over an :class:`EligibilityEntry` (dates, RT-PCR and CT results,
respiratory rate and resting SpO₂ as typed, the chosen saved blood gas, yes/no
answers). :func:`check_entry` returns the messages (never raises);
:func:`evaluate_entry` gives the verdict with :func:`app.clinical.evaluate_eligibility`;
:func:`save_assessment` keeps an :class:`~app.models.EligibilityAssessment` with the
answers as JSON, the verdict, its sentence and the protocol fingerprint.

An investigator signs it with :func:`sign_assessment` ("Eligibility confirmed" or
"Not eligible confirmed"); the participant becomes *eligible*, or *screen-failed* with
the failing criteria as the reason. Changing a signed assessment voids the signature
(the store does it); an eligible participant not yet enrolled goes back to *screening*
until it is signed again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, literal_column, select
from sqlalchemy.orm import Session

from app.clinical.eligibility import (
    EligibilityEvidence,
    EligibilityResult,
    Verdict,
    evaluate_eligibility,
)
from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.oxygenation import pf_for_comparison
from app.clinical.parsing import parse_decimal
from app.clinical.plausibility import check_value, has_hard
from app.errors import InvalidInput, NotPermitted
from app.models import EligibilityAssessment, Participant, ParticipantStatus
from app.protocol import Protocol
from app.protocol.model import CriterionKind
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility_review import (
    REVIEW_SUFFIX,
    back_to_screening,
    evidence_changes,
    review_reason,
    uncorrected,
    void_for_review,
)
from app.services.oxygenation import BloodGas, blood_gases
from app.services.signing import sign, signatures_for
from app.store.store import Store
from app.store.uow import Actor, content_hash

MEANING_ELIGIBLE = "Eligibility confirmed"
MEANING_NOT_ELIGIBLE = "Not eligible confirmed"
STALE_BLOOD_GAS = timedelta(days=3)
MAX_NUMBER_TEXT = 12
MAX_FINDING = 2000
# Criteria whose answer comes from recorded evidence, not a yes/no asked directly.
DERIVED = (CriterionKind.RT_PCR, CriterionKind.CT)
OPEN_STATUSES = (
    ParticipantStatus.SCREENING.value,
    ParticipantStatus.ELIGIBLE.value,
    ParticipantStatus.SCREEN_FAILED.value,
)


@dataclass(frozen=True)
class EligibilityEntry:
    """What the checklist hands over; numbers as typed, None = not recorded."""

    assessed_on: date | None
    date_of_birth: date | None = None
    rt_pcr_date: date | None = None
    rt_pcr_positive: bool | None = None
    ct_date: date | None = None
    ct_characteristic: bool | None = None
    ct_finding: str | None = None
    respiratory_rate_per_min: str | None = None
    spo2_at_rest_percent: str | None = None
    oxygenation_id: str | None = None
    answers: Mapping[str, bool | None] = field(default_factory=dict)
    """Consent and attestation criteria by id (exclusions: True = applies)."""


def _hard(name: str, text: str, code: str = "invalid") -> Message:
    return Message(name, text, Severity.HARD, code)


def _typed(text: str | None) -> str:
    return (text or "").strip()


def check_entry(
    protocol: Protocol, entry: EligibilityEntry, blood_gas: BloodGas | None, *, today: date
) -> list[Message]:
    """Every message about the evidence (hard refuse, soft ask to confirm); never raises.

    Missing evidence is not a message: it makes the verdict *incomplete*.
    """
    out: list[Message] = []
    on = entry.assessed_on
    if on is None:
        out.append(
            _hard(
                "assessed_on",
                QT_TRANSLATE_NOOP("Eligibility", "Enter the assessment date.").said(),
                "required",
            )
        )
    elif on > today:
        out.append(
            _hard(
                "assessed_on",
                QT_TRANSLATE_NOOP("Eligibility", "The assessment date is in the future.").said(),
                "future",
            )
        )
    born = entry.date_of_birth
    if born is not None and on is not None and born > on:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "The date of birth is after the assessment date."
                ).said(),
            )
        )
    elif born is not None and on is not None and on.year - born.year > 130:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "The date of birth gives an age above 130."
                ).said(),
            )
        )
    for day, result, what in (
        (entry.rt_pcr_date, entry.rt_pcr_positive, "rt_pcr"),
        (entry.ct_date, entry.ct_characteristic, "ct"),
    ):
        label = (
            QT_TRANSLATE_NOOP("Eligibility", "RT-PCR sample").said()
            if what == "rt_pcr"
            else QT_TRANSLATE_NOOP("Eligibility", "CT scan").said()
        )
        if day is not None and on is not None and day > on:
            out.append(
                _hard(
                    f"{what}_date",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "The {label} date is after the assessment date."
                    ).format(label=label),
                )
            )
        if result is not None and day is None:
            out.append(
                _hard(
                    f"{what}_date",
                    QT_TRANSLATE_NOOP("Eligibility", "Enter the date of the {label}.").format(
                        label=label
                    ),
                    "required",
                )
            )
    if len(_typed(entry.ct_finding)) > MAX_FINDING:
        out.append(
            _hard(
                "ct_finding",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "Keep the CT finding under {max} characters."
                ).format(max=MAX_FINDING),
            )
        )
    for name, rule in (
        ("respiratory_rate_per_min", "respiratory_rate_per_min"),
        ("spo2_at_rest_percent", "spo2_percent"),
    ):
        typed = _typed(getattr(entry, name))
        if len(typed) > MAX_NUMBER_TEXT:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("Eligibility", "That is too long to be a number.").said(),
                )
            )
        elif typed:
            out += [
                Message(name, m.text, m.severity, m.code)
                for m in check_value(rule, typed, protocol.plausibility)
            ]
    if entry.oxygenation_id is not None and blood_gas is None:
        out.append(
            _hard(
                "oxygenation_id",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "That blood gas is not one of this participant's."
                ).said(),
            )
        )
    if blood_gas is not None and on is not None:
        taken = blood_gas.measured_at.astimezone().date()
        if taken > on:
            out.append(
                _hard(
                    "oxygenation_id",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "The blood gas is after the assessment date."
                    ).said(),
                )
            )
        elif on - taken > STALE_BLOOD_GAS:
            out.append(
                Message(
                    "oxygenation_id",
                    QT_TRANSLATE_NOOP(
                        "Eligibility",
                        "The blood gas is {days} days older than the assessment: please "
                        "confirm it still describes the patient.",
                    ).format(days=(on - taken).days),
                    Severity.SOFT,
                    "stale",
                )
            )
    yes_no = {c.id for c in protocol.criteria if c.kind not in (*DERIVED, CriterionKind.AGE)}
    for key in entry.answers:
        if key not in yes_no:
            out.append(
                _hard(
                    "answers",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "{key} is not a yes/no criterion of this protocol."
                    ).format(key=key),
                )
            )
    return out


def answers_for(protocol: Protocol, entry: EligibilityEntry) -> dict[str, bool | None]:
    """Every yes/no criterion's answer: RT-PCR and CT from the evidence, the rest as given."""
    out: dict[str, bool | None] = {}
    for c in protocol.criteria:
        if c.kind is CriterionKind.RT_PCR:
            out[c.id] = entry.rt_pcr_positive
        elif c.kind is CriterionKind.CT:
            out[c.id] = entry.ct_characteristic
        elif c.kind not in (CriterionKind.AGE, CriterionKind.SEVERITY):
            out[c.id] = entry.answers.get(c.id)
    return out


def _number(text: str | None) -> Decimal | None:
    typed = _typed(text)
    return parse_decimal(typed, "value") if typed else None


def evaluate_entry(
    protocol: Protocol, entry: EligibilityEntry, blood_gas: BloodGas | None
) -> EligibilityResult:
    """The verdict for evidence that passed :func:`check_entry` (else ValidationError)."""
    evidence = EligibilityEvidence(
        assessed_on=entry.assessed_on,
        date_of_birth=entry.date_of_birth,
        respiratory_rate_per_min=_number(entry.respiratory_rate_per_min),
        spo2_percent_at_rest=_number(entry.spo2_at_rest_percent),
        # Rounded as the rule compares it (0.01 mmHg): the same verdict, a readable reason.
        pf_ratio_mmhg=None if blood_gas is None else pf_for_comparison(blood_gas.pf_ratio_mmhg),
        answers=answers_for(protocol, entry),
    )
    return evaluate_eligibility(protocol, evidence)


def find_blood_gas(
    store: Store, participant_id: str, oxygenation_id: str | None
) -> BloodGas | None:
    if oxygenation_id is None:
        return None
    return next((g for g in blood_gases(store, participant_id) if g.id == oxygenation_id), None)


@dataclass(frozen=True)
class SavedAssessment:
    id: str
    verdict: Verdict
    verdict_text: str


def save_assessment(
    store: Store,
    actor: Actor,
    protocol: Protocol,
    participant_id: str,
    entry: EligibilityEntry,
    *,
    record_id: str | None = None,
    reason: str | None = None,
    today: date | None = None,
) -> SavedAssessment:
    """Save (or, with ``record_id``, correct) the checklist and its computed verdict."""
    if not actor.can(Permission.ENTER_DATA):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Eligibility", "Your role ({role}) cannot enter study data.").format(
                role=actor.role.value
            )
        )
    gas = find_blood_gas(store, participant_id, entry.oxygenation_id)
    messages = check_entry(protocol, entry, gas, today=today or date.today())
    if has_hard(messages):
        raise InvalidInput(next(m.text for m in messages if m.severity is Severity.HARD))
    try:
        result = evaluate_entry(protocol, entry, gas)
    except ValidationError as exc:
        raise InvalidInput(exc.message) from None
    assert entry.assessed_on is not None
    payload = {
        "answers": answers_for(protocol, entry),
        "results": {r.criterion.id: r.status.value for r in result.results},
    }
    with store.transaction(actor, reason=reason) as session:
        p = session.get(Participant, participant_id)
        if p is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Eligibility", "There is no participant {participant}.").format(
                    participant=participant_id
                )
            )
        was_signed = False
        if record_id is None:
            row = EligibilityAssessment(participant_id=participant_id)
            session.add(row)
        else:
            found = session.get(EligibilityAssessment, record_id)
            if found is None or found.participant_id != participant_id:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "That eligibility assessment is not this participant's."
                    ).said()
                )
            row = found
            was_signed = _signed_now(session, row)
        verdict_before = row.verdict_text if record_id is not None else None
        if was_signed:
            void_for_review(session, row, _checklist_changes(row, entry, gas))
        row.assessed_on = entry.assessed_on
        row.date_of_birth = entry.date_of_birth
        row.rt_pcr_date, row.rt_pcr_positive = entry.rt_pcr_date, entry.rt_pcr_positive
        row.ct_date, row.ct_characteristic = entry.ct_date, entry.ct_characteristic
        row.ct_finding = _typed(entry.ct_finding) or None
        row.respiratory_rate_per_min = _typed(entry.respiratory_rate_per_min) or None
        row.spo2_at_rest_percent = _typed(entry.spo2_at_rest_percent) or None
        row.oxygenation_id = entry.oxygenation_id
        row.pf_ratio_mmhg = None if gas is None else str(gas.pf_ratio_mmhg)
        row.answers_json = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        row.verdict = result.verdict.value
        row.verdict_text = result.summary_en
        row.protocol_fingerprint = protocol.fingerprint
        session.flush()
        if was_signed and reason and not _signed_now(session, row):
            back_to_screening(p, verdict_before)
        return SavedAssessment(row.id, result.verdict, result.summary_en)


def _yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else "yes" if value else "no"


def _checklist_changes(
    row: EligibilityAssessment, entry: EligibilityEntry, gas: BloodGas | None
) -> list[str]:
    """The evidence a correction of a signed checklist changes, one phrase each."""
    out: list[str] = []
    dates = (
        ("date of birth", row.date_of_birth, entry.date_of_birth),
        ("RT-PCR sample date", row.rt_pcr_date, entry.rt_pcr_date),
        ("CT date", row.ct_date, entry.ct_date),
    )
    for label, before, after in dates:
        if before != after:
            was = before.isoformat() if before else "not recorded"
            now = after.isoformat() if after else "not recorded"
            out.append(f"{label} changed from {was} to {now}")
    for label, flag_before, flag_after in (
        ("RT-PCR positive", row.rt_pcr_positive, entry.rt_pcr_positive),
        ("CT characteristic", row.ct_characteristic, entry.ct_characteristic),
    ):
        if flag_before != flag_after:
            out.append(f"{label} changed from {_yes_no(flag_before)} to {_yes_no(flag_after)}")
    for label, text_before, text_after in (
        ("respiratory rate", row.respiratory_rate_per_min, entry.respiratory_rate_per_min),
        ("SpO₂ at rest", row.spo2_at_rest_percent, entry.spo2_at_rest_percent),
    ):
        if (text_before or "") != _typed(text_after):
            was, now = text_before or "not recorded", _typed(text_after) or "not recorded"
            out.append(f"{label} changed from {was} to {now}")
    if row.oxygenation_id != entry.oxygenation_id:
        out.append("the blood gas it uses changed")
    elif gas is not None and row.pf_ratio_mmhg != str(gas.pf_ratio_mmhg):
        out.append(f"P/F changed from {row.pf_ratio_mmhg} to {gas.pf_ratio_mmhg} mmHg")
    return out


def _signed_now(session: Session, row: EligibilityAssessment) -> bool:
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
        and _signed_now(session, latest)
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


def _view(session: Session, row: EligibilityAssessment) -> AssessmentView:
    payload = json.loads(row.answers_json or "{}")
    stored = dict(payload.get("answers", {}))
    digest = content_hash(row)
    lines = tuple(
        SignatureLine(s.manifestation(), s.is_valid and s.content_hash == digest)
        for s in signatures_for(session, EligibilityAssessment.__tablename__, row.id)
    )
    entry = EligibilityEntry(
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
        answers=stored,
    )
    return AssessmentView(
        row.id,
        entry,
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


def sign_assessment(
    store: Store, actor: Actor, password: str, assessment_id: str, protocol: Protocol
) -> AssessmentView:
    """The investigator signs the verdict; the participant's status follows it."""
    if not actor.can(Permission.SIGN):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Eligibility", "Your role ({role}) cannot sign eligibility.").format(
                role=actor.role.value
            )
        )
    view = load_assessment(store, assessment_id)
    if view.verdict is Verdict.INCOMPLETE:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Eligibility", "{verdict} Record it all before signing.").format(
                verdict=view.verdict_text
            )
        )
    if view.signed:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Eligibility", "This assessment is already signed.").said()
        )
    if view.evidence_changed or view.must_correct:
        what = "; ".join(view.evidence_changed) or (view.review or "").removesuffix(REVIEW_SUFFIX)
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Eligibility",
                "The evidence changed since this checklist was signed ({what}): "
                "correct the checklist and save it again before signing.",
            ).format(what=what)
        )
    if view.protocol_fingerprint != protocol.fingerprint:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Eligibility",
                "This checklist was filled in under another version of the protocol: "
                "check the answers and save it again before signing.",
            ).said()
        )
    eligible = view.verdict is Verdict.ELIGIBLE
    meaning = MEANING_ELIGIBLE if eligible else MEANING_NOT_ELIGIBLE
    sign(store, actor, password, EligibilityAssessment.__tablename__, assessment_id, meaning)
    with store.transaction(actor, reason=f"eligibility assessment signed: {meaning}") as session:
        row = session.get_one(EligibilityAssessment, assessment_id)
        p = session.get_one(Participant, row.participant_id)
        if p.study_id is None and p.status in OPEN_STATUSES:
            if eligible:
                p.status = ParticipantStatus.ELIGIBLE.value
                p.screen_fail_reason = None
            else:
                p.status = ParticipantStatus.SCREEN_FAILED.value
                p.screen_fail_reason = view.verdict_text
    return load_assessment(store, assessment_id)
