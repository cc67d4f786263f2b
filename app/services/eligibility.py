"""The eligibility checklist: evidence → verdict (by the protocol's rules) → signature.

The form hands over an :class:`EligibilityEntry` (dates, RT-PCR and CT results,
respiratory rate and resting SpO₂ as typed, the chosen saved blood gas, yes/no
answers). :func:`check_entry` returns the messages (never raises) and
:func:`evaluate_entry` gives the verdict (:mod:`app.services.eligibility_checks`);
:func:`save_assessment` keeps an :class:`~app.models.EligibilityAssessment` with the
answers as JSON, the verdict, its sentence and the protocol fingerprint.

An investigator signs it with :func:`sign_assessment` ("Eligibility confirmed" or
"Not eligible confirmed"); the participant becomes *eligible*, or *screen-failed* with
the failing criteria as the reason. Changing a signed assessment voids the signature
(the store does it); an eligible participant not yet enrolled goes back to *screening*
until it is signed again. Reading a checklist back is :mod:`app.services.eligibility_views`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.clinical.eligibility import Verdict
from app.clinical.errors import Severity, ValidationError
from app.clinical.plausibility import has_hard
from app.errors import InvalidInput, NotPermitted
from app.models import EligibilityAssessment, Participant, ParticipantStatus
from app.protocol import Protocol
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility_checks import (
    DERIVED,
    MAX_FINDING,
    MAX_NUMBER_TEXT,
    STALE_BLOOD_GAS,
    EligibilityEntry,
    answers_for,
    as_typed,
    check_entry,
    evaluate_entry,
    find_blood_gas,
)
from app.services.eligibility_review import (
    REVIEW_SUFFIX,
    back_to_screening,
    void_for_review,
)
from app.services.eligibility_views import (
    NEWEST,
    AssessmentView,
    SignatureLine,
    has_signed_eligibility,
    latest_assessment,
    load_assessment,
    signed_now,
)
from app.services.oxygenation import BloodGas
from app.services.signing import sign
from app.store.store import Store
from app.store.uow import Actor

__all__ = [
    "DERIVED",
    "MAX_FINDING",
    "MAX_NUMBER_TEXT",
    "MEANING_ELIGIBLE",
    "MEANING_NOT_ELIGIBLE",
    "NEWEST",
    "OPEN_STATUSES",
    "STALE_BLOOD_GAS",
    "AssessmentView",
    "EligibilityEntry",
    "SavedAssessment",
    "SignatureLine",
    "answers_for",
    "check_entry",
    "evaluate_entry",
    "find_blood_gas",
    "has_signed_eligibility",
    "latest_assessment",
    "load_assessment",
    "save_assessment",
    "sign_assessment",
]

MEANING_ELIGIBLE = "Eligibility confirmed"
MEANING_NOT_ELIGIBLE = "Not eligible confirmed"
OPEN_STATUSES = (
    ParticipantStatus.SCREENING.value,
    ParticipantStatus.ELIGIBLE.value,
    ParticipantStatus.SCREEN_FAILED.value,
)


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
            was_signed = signed_now(session, row)
        verdict_before = row.verdict_text if record_id is not None else None
        if was_signed:
            void_for_review(session, row, _checklist_changes(row, entry, gas))
        row.assessed_on = entry.assessed_on
        row.date_of_birth = entry.date_of_birth
        row.rt_pcr_date, row.rt_pcr_positive = entry.rt_pcr_date, entry.rt_pcr_positive
        row.ct_date, row.ct_characteristic = entry.ct_date, entry.ct_characteristic
        row.ct_finding = as_typed(entry.ct_finding) or None
        row.respiratory_rate_per_min = as_typed(entry.respiratory_rate_per_min) or None
        row.spo2_at_rest_percent = as_typed(entry.spo2_at_rest_percent) or None
        row.oxygenation_id = entry.oxygenation_id
        row.pf_ratio_mmhg = None if gas is None else str(gas.pf_ratio_mmhg)
        row.answers_json = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        row.verdict = result.verdict.value
        row.verdict_text = result.summary_en
        row.protocol_fingerprint = protocol.fingerprint
        session.flush()
        if was_signed and reason and not signed_now(session, row):
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
        if (text_before or "") != as_typed(text_after):
            was, now = text_before or "not recorded", as_typed(text_after) or "not recorded"
            out.append(f"{label} changed from {was} to {now}")
    if row.oxygenation_id != entry.oxygenation_id:
        out.append("the blood gas it uses changed")
    elif gas is not None and row.pf_ratio_mmhg != str(gas.pf_ratio_mmhg):
        out.append(f"P/F changed from {row.pf_ratio_mmhg} to {gas.pf_ratio_mmhg} mmHg")
    return out


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
