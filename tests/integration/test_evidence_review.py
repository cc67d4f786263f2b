"""A signed checklist whose evidence changes later goes back to the investigator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.models import AuditEntry, Participant, ParticipantStatus, Signature
from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import (
    EligibilityEntry,
    has_signed_eligibility,
    latest_assessment,
    save_assessment,
    sign_assessment,
)
from app.services.eligibility_review import REVIEW_SUFFIX, checklists_to_review
from app.services.oxygenation import OxygenationEntry, record_oxygenation
from app.services.screening import ScreeningEntry, screen_patient, update_screening
from tests.conftest import PASSWORDS, OpenStore

PROTOCOL = load_default()
TODAY = date(2026, 11, 25)
BORN = date(1961, 3, 14)
SCREENED = ScreeningEntry(initials="LW", sex="F", date_of_birth=BORN, weight_kg="58",
                          admission_date=date(2026, 11, 20))  # fmt: skip
NO_EXCLUSIONS = {"EX01": False, "EX02": False, "EX03": False, "EX04": False}
ELIGIBLE = EligibilityEntry(
    assessed_on=TODAY, date_of_birth=BORN, rt_pcr_date=date(2026, 11, 21),
    rt_pcr_positive=True, ct_date=date(2026, 11, 22), ct_characteristic=True,
    respiratory_rate_per_min="32", spo2_at_rest_percent="95",
    answers={"IN05": True, "IN06": True, **NO_EXCLUSIONS},
)  # fmt: skip
GAS_AT = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _gas(pao2: str) -> OxygenationEntry:
    return OxygenationEntry(measured_at=GAS_AT, o2_device="non_rebreather_mask",
                            o2_flow_l_min="15", pao2_entered=pao2, fio2_mode="estimated",
                            fio2_at=GAS_AT)  # fmt: skip


def _signed_eligible(opened: OpenStore, entry: EligibilityEntry = ELIGIBLE) -> tuple[str, str]:
    nurse = opened.actor(Role.NURSE)
    pid = screen_patient(opened.store, nurse, PROTOCOL, SCREENED, today=TODAY).id
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    return pid, saved.id


def _state(opened: OpenStore, pid: str) -> tuple[str, bool]:
    with opened.store.read() as session:
        return session.get_one(Participant, pid).status, has_signed_eligibility(session, pid)


def test_a_date_of_birth_giving_age_96_voids_the_signature_and_takes_back_eligible(
    opened: OpenStore,
) -> None:
    pid, aid = _signed_eligible(opened)
    assert _state(opened, pid) == (ParticipantStatus.ELIGIBLE.value, True)
    older = ScreeningEntry(**{**SCREENED.__dict__, "date_of_birth": date(1930, 3, 14)})

    update_screening(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, older,
        reason="date of birth misread from the ID card", today=TODAY,
    )  # fmt: skip

    expected = f"date of birth changed from 1961-03-14 to 1930-03-14{REVIEW_SUFFIX}"
    assert _state(opened, pid) == (ParticipantStatus.SCREENING.value, False)
    view = latest_assessment(opened.store, pid)
    assert view is not None and not view.signed and view.void
    assert view.review == expected
    assert view.must_correct and view.evidence_changed == ()
    with opened.store.read() as session:
        sig = session.scalars(select(Signature).where(Signature.record_id == aid)).one()
        assert sig.voided_at is not None and sig.void_reason == expected
        # Screens and printouts name what changed, not only that the record did.
        assert sig.manifestation().endswith(f"VOID: {expected}")
        trail = session.scalars(
            select(AuditEntry).where(AuditEntry.record_id == sig.id, AuditEntry.action == "update")
        ).all()
        status_rows = session.scalars(
            select(AuditEntry).where(AuditEntry.record_id == pid, AuditEntry.field == "status")
        ).all()
    assert {(e.field, e.reason) for e in trail} == {
        ("voided_at", expected),
        ("void_reason", expected),
    }
    assert status_rows[-1].new_value == ParticipantStatus.SCREENING.value
    assert [(i.participant_id, i.assessment_id, i.reason) for i in
            checklists_to_review(opened.store)] == [(pid, aid, expected)]  # fmt: skip


def test_the_flagged_checklist_cannot_be_signed_again_until_corrected(opened: OpenStore) -> None:
    pid, aid = _signed_eligible(opened)
    older = ScreeningEntry(**{**SCREENED.__dict__, "date_of_birth": date(1930, 3, 14)})
    nurse, investigator = opened.actor(Role.NURSE), opened.actor(Role.INVESTIGATOR)
    update_screening(opened.store, nurse, PROTOCOL, pid, older, reason="misread", today=TODAY)
    with pytest.raises(InvalidInput, match="date of birth changed from 1961-03-14 to 1930-03-14"):
        sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], aid, PROTOCOL)

    corrected = EligibilityEntry(**{**ELIGIBLE.__dict__, "date_of_birth": date(1930, 3, 14)})
    save_assessment(opened.store, nurse, PROTOCOL, pid, corrected, record_id=aid,
                    reason="date of birth corrected", today=TODAY)  # fmt: skip
    view = latest_assessment(opened.store, pid)
    assert view is not None and not view.must_correct and view.verdict.value != "eligible"
    signed = sign_assessment(
        opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], aid, PROTOCOL
    )
    assert signed.signed and signed.review is None
    assert _state(opened, pid) == (ParticipantStatus.SCREEN_FAILED.value, False)
    assert checklists_to_review(opened.store) == []


def test_an_unchanged_date_of_birth_leaves_the_signature_standing(opened: OpenStore) -> None:
    pid, _aid = _signed_eligible(opened)
    heavier = ScreeningEntry(**{**SCREENED.__dict__, "weight_kg": "59"})
    update_screening(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, heavier,
                     reason="weighed again", today=TODAY)  # fmt: skip
    assert _state(opened, pid) == (ParticipantStatus.ELIGIBLE.value, True)
    view = latest_assessment(opened.store, pid)
    assert view is not None and view.signed and view.review is None


def test_a_corrected_blood_gas_behind_the_checklist_flags_it(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = screen_patient(opened.store, nurse, PROTOCOL, SCREENED, today=TODAY).id
    gas_id = record_oxygenation(opened.store, nurse, PROTOCOL, pid, _gas("60"),
                                now=GAS_AT + timedelta(hours=1))  # fmt: skip
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "respiratory_rate_per_min": "24",
                                "oxygenation_id": gas_id})  # fmt: skip
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    assert _state(opened, pid) == (ParticipantStatus.ELIGIBLE.value, True)

    record_oxygenation(opened.store, nurse, PROTOCOL, pid, _gas("260"), record_id=gas_id,
                       reason="PaO₂ mistyped", now=GAS_AT + timedelta(hours=1))  # fmt: skip

    view = latest_assessment(opened.store, pid)
    assert view is not None
    assert view.review == f"P/F of the blood gas it used changed from 75 to 325 mmHg{REVIEW_SUFFIX}"
    assert _state(opened, pid) == (ParticipantStatus.SCREENING.value, False)


def test_a_corrected_severity_sign_on_the_checklist_names_itself_in_the_void_reason(
    opened: OpenStore,
) -> None:
    pid, aid = _signed_eligible(opened)
    milder = EligibilityEntry(**{**ELIGIBLE.__dict__, "respiratory_rate_per_min": "22"})
    save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, milder, record_id=aid,
                    reason="RR recounted", today=TODAY)  # fmt: skip
    view = latest_assessment(opened.store, pid)
    assert view is not None and not view.signed
    assert view.review == f"respiratory rate changed from 32 to 22{REVIEW_SUFFIX}"
    assert _state(opened, pid) == (ParticipantStatus.SCREENING.value, False)
