"""Screening log through a real store: numbers, screen failures, study-ID ranges, enrolment."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, NotPermitted, ReasonRequired
from app.models import AuditEntry, Participant
from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import EligibilityEntry, save_assessment, sign_assessment
from app.services.screening import (
    ScreeningEntry,
    check_screening,
    enrol,
    load_screening,
    screen_fail,
    screen_patient,
    set_study_id_range,
    study_id_range,
    update_screening,
)
from app.store.store import Store
from tests.conftest import PASSWORDS, OpenStore

PROTOCOL = load_default()
TODAY = date(2026, 11, 25)
CREATED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
ENTRY = ScreeningEntry(
    initials="lw", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58.5",
    height_cm="162", admission_date=date(2026, 11, 20),
)  # fmt: skip
ELIGIBLE = EligibilityEntry(
    assessed_on=TODAY, date_of_birth=date(1961, 3, 14), rt_pcr_date=date(2026, 11, 21),
    rt_pcr_positive=True, ct_date=date(2026, 11, 22), ct_characteristic=True,
    respiratory_rate_per_min="32", spo2_at_rest_percent="91",
    answers={"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
             "EX04": False},
)  # fmt: skip


def _screen(opened: OpenStore, entry: ScreeningEntry = ENTRY) -> str:
    nurse = opened.actor(Role.NURSE)
    return screen_patient(opened.store, nurse, PROTOCOL, entry, today=TODAY).id


def _signed_eligible(opened: OpenStore, pid: str) -> str:
    nurse = opened.actor(Role.NURSE)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, ELIGIBLE, today=TODAY)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    return saved.id


def test_screening_numbers_are_site_device_and_a_four_digit_counter(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    first = screen_patient(opened.store, nurse, PROTOCOL, ENTRY, today=TODAY)
    second = screen_patient(opened.store, nurse, PROTOCOL, ENTRY, today=TODAY)
    assert first.screening_number == "WH01-WARD_LAPTOP_1-0001"
    assert second.screening_number == "WH01-WARD_LAPTOP_1-0002"
    record = load_screening(opened.store, first.id)
    assert record.screening_number == first.screening_number
    assert record.status == "screening" and record.study_id is None
    entry = record.entry
    assert entry.initials == "LW" and entry.weight_kg == "58.5" and entry.height_cm == "162"
    with opened.store.read() as session:
        p = session.get_one(Participant, first.id)
        assert p.status == "screening" and p.study_id is None and p.created_at is not None
        counter = session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "settings", AuditEntry.field == "value"
            )
        ).all()
    assert [c.new_value for c in counter] == ["1", "2"]
    assert counter[1].reason == "screening number WH01-WARD_LAPTOP_1-0002 issued"


def test_two_devices_offline_never_issue_the_same_screening_number(
    opened: OpenStore, tmp_path: Path
) -> None:
    other, admin, _ = Store.create(
        tmp_path / "other", site="WH01", device="WARD_LAPTOP_2", admin_name="admin",
        admin_password="other admin password",
    )  # fmt: skip
    try:
        from app.services.users import add_user

        add_user(other, admin, "nurse2", Role.NURSE, "nurse-two-pass", "Nurse Two")
        nurse2 = other.unlock("nurse2", "nurse-two-pass")
        theirs = {
            screen_patient(other, nurse2, PROTOCOL, ENTRY, today=TODAY).screening_number
            for _ in range(3)
        }
    finally:
        other.close()
    ours = {
        screen_patient(
            opened.store, opened.actor(Role.NURSE), PROTOCOL, ENTRY, today=TODAY
        ).screening_number
        for _ in range(3)
    }
    assert len(ours) == len(theirs) == 3
    assert not ours & theirs
    assert all(re.fullmatch(r"WH01-WARD_LAPTOP_[12]-000[123]", n) for n in ours | theirs)


def test_the_counter_never_goes_back_below_a_number_already_used(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        session.add(
            Participant(screening_number="WH01-WARD_LAPTOP_1-0041", initials="X", sex="M",
                        created_at=CREATED)
        )  # fmt: skip
    made = screen_patient(opened.store, nurse, PROTOCOL, ENTRY, today=TODAY)
    assert made.screening_number == "WH01-WARD_LAPTOP_1-0042"


def test_a_hard_message_refuses_the_patient_and_saves_nothing(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    bad = ScreeningEntry(initials="L1", sex="F", age_years="60", weight_kg="58",
                         admission_date=TODAY)  # fmt: skip
    with pytest.raises(InvalidInput, match="Initials are 1 to 4 letters"):
        screen_patient(opened.store, nurse, PROTOCOL, bad, today=TODAY)
    with opened.store.read() as session:
        assert session.scalars(select(Participant)).all() == []


@pytest.mark.parametrize(
    ("changes", "field", "severity"),
    [
        ({"date_of_birth": None}, "date_of_birth", "hard"),
        ({"age_years": "60"}, "age_years", "hard"),
        ({"date_of_birth": date(2027, 1, 1)}, "date_of_birth", "hard"),
        ({"admission_date": date(2026, 12, 1)}, "admission_date", "hard"),
        ({"admission_date": date(1960, 1, 1)}, "admission_date", "hard"),
        ({"weight_kg": "30"}, "weight_kg", "soft"),
        ({"weight_kg": "600"}, "weight_kg", "hard"),
        ({"weight_kg": ""}, "weight_kg", "hard"),
        ({"height_cm": "250"}, "height_cm", "hard"),
        ({"sex": "X"}, "sex", "hard"),
    ],
)
def test_check_screening_names_the_field(
    changes: dict[str, object], field: str, severity: str
) -> None:
    entry = ScreeningEntry(**{**ENTRY.__dict__, **changes})  # type: ignore[arg-type]
    messages = check_screening(PROTOCOL, entry, today=TODAY)
    assert [(m.field, m.severity.value) for m in messages] == [(field, severity)]


def test_age_alone_is_enough_when_the_date_of_birth_is_unknown() -> None:
    entry = ScreeningEntry(initials="ZH", sex="M", age_years="47", weight_kg="81",
                           admission_date=TODAY)  # fmt: skip
    assert check_screening(PROTOCOL, entry, today=TODAY) == []


def test_correcting_a_screened_patient_needs_a_reason(opened: OpenStore) -> None:
    pid = _screen(opened)
    nurse = opened.actor(Role.NURSE)
    fixed = ScreeningEntry(**{**ENTRY.__dict__, "weight_kg": "60.5"})
    with pytest.raises(ReasonRequired):
        update_screening(opened.store, nurse, PROTOCOL, pid, fixed, reason=None, today=TODAY)
    update_screening(opened.store, nurse, PROTOCOL, pid, fixed, reason="scale re-read",
                     today=TODAY)  # fmt: skip
    assert load_screening(opened.store, pid).entry.weight_kg == "60.5"


def test_a_screen_failure_keeps_its_reason_and_needs_one(opened: OpenStore) -> None:
    pid = _screen(opened)
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(InvalidInput, match="reason"):
        screen_fail(opened.store, nurse, pid, "  ")
    screen_fail(opened.store, nurse, pid, "Declined consent.")
    with opened.store.read() as session:
        p = session.get_one(Participant, pid)
        assert (p.status, p.screen_fail_reason) == ("screen-failed", "Declined consent.")
    with pytest.raises(InvalidInput, match="only a participant still in screening"):
        screen_fail(opened.store, nurse, pid, "again")


def test_enrolment_is_refused_without_a_study_id_range(opened: OpenStore) -> None:
    pid = _screen(opened)
    _signed_eligible(opened, pid)
    with pytest.raises(InvalidInput, match="This device has no study ID range: ask an admin"):
        enrol(opened.store, opened.actor(Role.NURSE), pid)


def test_enrolment_is_refused_without_a_signed_eligible_assessment(opened: OpenStore) -> None:
    set_study_id_range(opened.store, opened.admin, "WH01-", 1, 10)
    pid = _screen(opened)
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(InvalidInput, match="an investigator must first sign"):
        enrol(opened.store, nurse, pid)
    save_assessment(opened.store, nurse, PROTOCOL, pid, ELIGIBLE, today=TODAY)  # not signed
    with opened.store.transaction(nurse, reason="forced for the test") as session:
        session.get_one(Participant, pid).status = "eligible"
    with pytest.raises(InvalidInput, match="an investigator must first sign"):
        enrol(opened.store, nurse, pid)


def test_study_ids_come_from_the_range_until_it_is_used_up(opened: OpenStore) -> None:
    assert study_id_range(opened.store) is None
    chosen = set_study_id_range(opened.store, opened.admin, "WH01-", 1, 2)
    assert (chosen.label, chosen.remaining) == ("WH01-001 to WH01-002", 2)
    nurse = opened.actor(Role.NURSE)
    ids = []
    for _ in range(2):
        pid = _screen(opened)
        _signed_eligible(opened, pid)
        ids.append(enrol(opened.store, nurse, pid))
    refused = _screen(opened)
    _signed_eligible(opened, refused)
    with pytest.raises(InvalidInput) as caught:
        enrol(opened.store, nurse, refused)
    assert caught.value.sentence == (
        "This device's study IDs (WH01-001 to WH01-002) are all used: ask an admin to "
        "set a new range, then enrol again."
    )
    assert ids == ["WH01-001", "WH01-002"]
    current = study_id_range(opened.store)
    assert current is not None and current.remaining == 0
    with pytest.raises(InvalidInput, match="WH01-002 is already assigned inside that range"):
        set_study_id_range(opened.store, opened.admin, "WH01-", 2, 20)
    set_study_id_range(opened.store, opened.admin, "WH01-", 3, 20)
    assert enrol(opened.store, nurse, refused) == "WH01-003"
    with pytest.raises(InvalidInput, match="already enrolled as WH01-003"):
        enrol(opened.store, nurse, refused)


def test_only_an_admin_sets_the_range_and_it_is_checked(opened: OpenStore) -> None:
    with pytest.raises(NotPermitted):
        set_study_id_range(opened.store, opened.actor(Role.NURSE), "WH01-", 1, 10)
    with pytest.raises(InvalidInput, match="prefix"):
        set_study_id_range(opened.store, opened.admin, "WH 01", 1, 10)
    with pytest.raises(InvalidInput, match="below the first"):
        set_study_id_range(opened.store, opened.admin, "WH01-", 10, 1)
    with pytest.raises(InvalidInput, match="whole numbers"):
        set_study_id_range(opened.store, opened.admin, "WH01-", "one", 10)


def test_a_monitor_cannot_screen(opened: OpenStore) -> None:
    with pytest.raises(NotPermitted):
        screen_patient(opened.store, opened.actor(Role.MONITOR), PROTOCOL, ENTRY, today=TODAY)
