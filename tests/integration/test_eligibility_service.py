"""The eligibility checklist through a real store: verdict, signature, status, voiding."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clinical.eligibility import Verdict
from app.errors import InvalidInput, NotPermitted, WrongPassword
from app.models import AuditEntry, EligibilityAssessment, Participant, Signature
from app.protocol import load_default, load_protocol
from app.roles import Role
from app.services.eligibility import (
    EligibilityEntry,
    check_entry,
    latest_assessment,
    save_assessment,
    sign_assessment,
)
from app.services.oxygenation import OxygenationEntry, blood_gases, record_oxygenation
from app.services.screening import ScreeningEntry, enrol, screen_patient, set_study_id_range
from tests.conftest import PASSWORDS, OpenStore

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
TODAY = date(2026, 11, 25)
NO_EXCLUSIONS = {"EX01": False, "EX02": False, "EX03": False, "EX04": False}
ELIGIBLE = EligibilityEntry(
    assessed_on=TODAY, date_of_birth=date(1961, 3, 14), rt_pcr_date=date(2026, 11, 21),
    rt_pcr_positive=True, ct_date=date(2026, 11, 22), ct_characteristic=True,
    ct_finding="Bilateral ground-glass opacities", respiratory_rate_per_min="24",
    spo2_at_rest_percent="95", answers={"IN05": True, "IN06": True, **NO_EXCLUSIONS},
)  # fmt: skip


def _participant(opened: OpenStore) -> str:
    entry = ScreeningEntry(initials="LW", sex="F", date_of_birth=date(1961, 3, 14),
                           weight_kg="58", admission_date=date(2026, 11, 20))  # fmt: skip
    return screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id


def _blood_gas(opened: OpenStore, pid: str, pao2: str = "60") -> str:
    at = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    entry = OxygenationEntry(measured_at=at, o2_device="non_rebreather_mask", o2_flow_l_min="15",
                             pao2_entered=pao2, fio2_mode="estimated", fio2_at=at)  # fmt: skip
    return record_oxygenation(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry, now=at + timedelta(hours=1)
    )


def _status(opened: OpenStore, pid: str) -> tuple[str, str | None]:
    with opened.store.read() as session:
        p = session.get_one(Participant, pid)
        return p.status, p.screen_fail_reason


def test_an_eligible_checklist_is_saved_signed_and_makes_the_participant_eligible(
    opened: OpenStore,
) -> None:
    pid = _participant(opened)
    oxygenation_id = _blood_gas(opened, pid)  # P/F 60 / 0.80 = 75
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "oxygenation_id": oxygenation_id})
    nurse = opened.actor(Role.NURSE)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    assert (saved.verdict, saved.verdict_text) == (
        Verdict.ELIGIBLE,
        "Eligible: every criterion is met.",
    )
    with opened.store.read() as session:
        row = session.get_one(EligibilityAssessment, saved.id)
        assert row.pf_ratio_mmhg == "75" and row.protocol_fingerprint == PROTOCOL.fingerprint
        payload = json.loads(row.answers_json)
        audited = {
            e.field
            for e in session.scalars(select(AuditEntry).where(AuditEntry.record_id == saved.id))
        }
    assert payload["answers"]["IN02"] is True and payload["answers"]["IN03"] is True
    assert payload["answers"]["EX04"] is False
    assert payload["results"] == {c.id: "passed" for c in PROTOCOL.criteria}
    assert {"verdict", "answers_json", "oxygenation_id", "pf_ratio_mmhg"} <= audited

    investigator = opened.actor(Role.INVESTIGATOR)
    view = sign_assessment(
        opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL
    )
    assert view.signed
    (line,) = view.signatures
    assert line.manifestation.startswith("Signed by Investigator Person on ")
    assert line.manifestation.endswith("— Eligibility confirmed")
    assert _status(opened, pid) == ("eligible", None)


def test_a_not_eligible_checklist_names_each_failing_criterion_and_screen_fails(
    opened: OpenStore,
) -> None:
    pid = _participant(opened)
    entry = EligibilityEntry(
        **{**ELIGIBLE.__dict__, "date_of_birth": date(1940, 1, 1),
           "answers": {**ELIGIBLE.answers, "EX03": True}}
    )  # fmt: skip
    nurse = opened.actor(Role.NURSE)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    assert saved.verdict is Verdict.NOT_ELIGIBLE
    assert saved.verdict_text.startswith("Not eligible: IN01 Male or female, 18 years old")
    assert "; EX03 Participating in another clinical trial" in saved.verdict_text
    sign_assessment(
        opened.store, opened.actor(Role.INVESTIGATOR), PASSWORDS[Role.INVESTIGATOR], saved.id,
        PROTOCOL,
    )  # fmt: skip
    status, reason = _status(opened, pid)
    assert status == "screen-failed" and reason == saved.verdict_text
    with opened.store.read() as session:
        (sig,) = session.scalars(select(Signature)).all()
    assert sig.meaning == "Not eligible confirmed"


def test_an_incomplete_checklist_cannot_be_signed(opened: OpenStore) -> None:
    pid = _participant(opened)
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "answers": {"IN05": True}})
    saved = save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry,
                            today=TODAY)  # fmt: skip
    assert saved.verdict is Verdict.INCOMPLETE
    with pytest.raises(InvalidInput, match="Incomplete, still to record: IN04"):
        sign_assessment(
            opened.store, opened.actor(Role.INVESTIGATOR), PASSWORDS[Role.INVESTIGATOR],
            saved.id, PROTOCOL,
        )  # fmt: skip


def test_only_an_investigator_with_the_right_password_signs(opened: OpenStore) -> None:
    pid = _participant(opened)
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "spo2_at_rest_percent": "92"})
    saved = save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry,
                            today=TODAY)  # fmt: skip
    with pytest.raises(NotPermitted):
        sign_assessment(opened.store, opened.actor(Role.NURSE), PASSWORDS[Role.NURSE], saved.id,
                        PROTOCOL)  # fmt: skip
    with pytest.raises(WrongPassword):
        sign_assessment(opened.store, opened.actor(Role.INVESTIGATOR), "wrong", saved.id,
                        PROTOCOL)  # fmt: skip
    assert latest_assessment(opened.store, pid).signatures == ()  # type: ignore[union-attr]
    assert _status(opened, pid) == ("screening", None)


def test_changing_a_signed_answer_voids_the_signature_and_blocks_enrolment(
    opened: OpenStore,
) -> None:
    set_study_id_range(opened.store, opened.admin, "WH01-", 1, 9)
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "spo2_at_rest_percent": "92"})
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    changed = EligibilityEntry(**{**entry.__dict__, "respiratory_rate_per_min": "31"})
    save_assessment(opened.store, nurse, PROTOCOL, pid, changed, record_id=saved.id,
                    reason="Checked against the source document", today=TODAY)  # fmt: skip
    view = latest_assessment(opened.store, pid)
    assert view is not None and view.void and not view.signed
    # The manifestation names what changed (the void reason), not only that something did.
    assert view.signatures[0].manifestation.endswith(
        "VOID: respiratory rate changed from 24 to 31: re-review needed"
    )
    assert _status(opened, pid) == ("screening", None)
    with pytest.raises(InvalidInput, match="an investigator must first sign"):
        enrol(opened.store, nurse, pid)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    assert enrol(opened.store, nurse, pid) == "WH01-001"


def test_a_blood_gas_of_another_participant_is_refused(opened: OpenStore) -> None:
    mine, other = _participant(opened), _participant(opened)
    theirs = _blood_gas(opened, other)
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "oxygenation_id": theirs})
    with pytest.raises(InvalidInput, match="not one of this participant's"):
        save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, mine, entry,
                        today=TODAY)  # fmt: skip


def test_checks_catch_impossible_evidence_and_ask_about_an_old_blood_gas(
    opened: OpenStore,
) -> None:
    pid = _participant(opened)
    _blood_gas(opened, pid)
    (gas,) = blood_gases(opened.store, pid)
    later = EligibilityEntry(**{**ELIGIBLE.__dict__, "assessed_on": date(2026, 12, 2),
                                "rt_pcr_date": date(2026, 12, 5), "respiratory_rate_per_min": "130",
                                "ct_date": None})  # fmt: skip
    messages = check_entry(PROTOCOL, later, gas, today=date(2026, 12, 2))
    assert [(m.field, m.severity.value) for m in messages] == [
        ("rt_pcr_date", "hard"),
        ("ct_date", "hard"),
        ("respiratory_rate_per_min", "hard"),
        ("oxygenation_id", "soft"),
    ]


def test_the_second_protocol_judges_by_its_own_criteria_and_thresholds(opened: OpenStore) -> None:
    pid = _participant(opened)  # 65 years old on TODAY
    gas = _blood_gas(opened, pid, pao2="200")  # P/F 250
    entry = EligibilityEntry(
        assessed_on=TODAY, date_of_birth=date(1961, 3, 14), spo2_at_rest_percent="91",
        oxygenation_id=gas, answers={"IN03": True, "EX01": False},
    )  # fmt: skip
    saved = save_assessment(opened.store, opened.actor(Role.NURSE), SECOND, pid, entry,
                            today=TODAY)  # fmt: skip
    assert saved.verdict is Verdict.NOT_ELIGIBLE
    assert saved.verdict_text == ("Not eligible: IN02 SpO₂ ≤ 90 % at rest or PaO₂/FiO₂ ≤ 200 mmHg.")
    with pytest.raises(InvalidInput, match="another version of the protocol"):
        sign_assessment(opened.store, opened.actor(Role.INVESTIGATOR),
                        PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)  # fmt: skip


def test_of_two_assessments_on_one_day_the_later_one_decides(opened: OpenStore) -> None:
    set_study_id_range(opened.store, opened.admin, "WH01-", 1, 9)
    pid = _participant(opened)
    nurse, investigator = opened.actor(Role.NURSE), opened.actor(Role.INVESTIGATOR)
    entry = EligibilityEntry(**{**ELIGIBLE.__dict__, "spo2_at_rest_percent": "92"})
    for _ in range(3):  # several, so a random tie-break would show
        first = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], first.id, PROTOCOL)
    later = EligibilityEntry(**{**entry.__dict__, "answers": {**entry.answers, "EX01": True}})
    second = save_assessment(opened.store, nurse, PROTOCOL, pid, later, today=TODAY)
    view = latest_assessment(opened.store, pid)
    assert view is not None and view.id == second.id and view.verdict is Verdict.NOT_ELIGIBLE
    with pytest.raises(InvalidInput, match="an investigator must first sign"):
        enrol(opened.store, nurse, pid)


def test_correcting_an_unsigned_checklist_keeps_a_manual_screen_failure(
    opened: OpenStore,
) -> None:
    from app.services.screening import screen_fail

    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, ELIGIBLE, today=TODAY)
    screen_fail(opened.store, nurse, pid, "Transferred to another hospital")
    changed = EligibilityEntry(**{**ELIGIBLE.__dict__, "respiratory_rate_per_min": "26"})
    save_assessment(opened.store, nurse, PROTOCOL, pid, changed, record_id=saved.id,
                    reason="Re-counted", today=TODAY)  # fmt: skip
    assert _status(opened, pid) == ("screen-failed", "Transferred to another hospital")
