"""Recording and editing observations through the services, on real encrypted stores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import NotPermitted, ReasonRequired
from app.models import AuditEntry, LabResult, Participant, Symptom, VitalSigns
from app.protocol import load_default, load_protocol
from app.roles import Role
from app.services import observations as obs
from app.services.visits import recorded
from tests.conftest import OpenStore

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def today() -> date:
    """Today's date, read when a test needs it (a run may cross midnight)."""
    return date.today()


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1",
            study_id="P-1",
            initials="AB",
            sex="F",
            status="infused",
            day0_on=today() - timedelta(days=7),
            created_at=AT - timedelta(days=9),
        )
        session.add(p)
    return p.id


def _vitals(**values: str) -> obs.VitalSignsEntry:
    return obs.VitalSignsEntry("D7", AT, **values)


def _fields(exc: pytest.ExceptionInfo[obs.EntryRefused]) -> set[str]:
    return {m.field for m in exc.value.messages}


# -- vital signs ------------------------------------------------------------------------


def test_vital_signs_are_saved_and_read_back_as_typed(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    entry = _vitals(
        temperature_c="37.8",
        heart_rate_per_min="96",
        spo2_percent="93",
        o2_device="nasal_cannula",
        o2_flow_l_min="3",
        note="after a walk",
    )
    saved = obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, entry)
    (back,) = recorded(opened.store, pid).vitals
    assert back.id == saved.id
    assert back.entry == entry


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"spo2_percent": "101"}, "spo2_percent", "hard_range"),
        ({"temperature_c": "45"}, "temperature_c", "hard_range"),
        (
            {"systolic_bp_mmhg": "90", "diastolic_bp_mmhg": "95"},
            "diastolic_bp_mmhg",
            "diastolic_not_below_systolic",
        ),
        ({"heart_rate_per_min": "88.5"}, "heart_rate_per_min", "not_whole"),
        ({"fio2_fraction": "40"}, "fio2_fraction", "fio2_as_percent"),
        ({"o2_device": "room_air", "fio2_fraction": "0.40"}, "fio2_fraction", "room_air_fio2"),
        ({"o2_flow_l_min": "3"}, "o2_device", "device"),
        ({}, "temperature_c", "empty"),
    ],
)
def test_impossible_vital_signs_are_refused_next_to_their_field(
    opened: OpenStore, pid: str, values: dict[str, str], field: str, code: str
) -> None:
    with pytest.raises(obs.EntryRefused) as refused:
        obs.record_vital_signs(
            opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, _vitals(**values)
        )
    assert (field, code) in {(m.field, m.code) for m in refused.value.messages}
    assert recorded(opened.store, pid).vitals == ()


def test_an_unusual_value_saves_only_once_confirmed(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    entry = _vitals(heart_rate_per_min="160")  # soft range 40-150
    with pytest.raises(obs.EntryRefused) as refused:
        obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, entry)
    assert _fields(refused) == {"heart_rate_per_min"}
    obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, entry, confirm_unusual=True)
    assert len(recorded(opened.store, pid).vitals) == 1


def test_the_second_protocol_ranges_apply() -> None:
    entry = _vitals(heart_rate_per_min="15")  # 0-300 is possible here, 20-250 there
    first = {m.severity.value for m in obs.check_vital_signs(PROTOCOL, entry)}
    second = {m.severity.value for m in obs.check_vital_signs(SECOND, entry)}
    assert (first, second) == ({"soft"}, {"hard"})


def test_a_future_time_and_an_unknown_visit_are_refused(opened: OpenStore, pid: str) -> None:
    entry = obs.VitalSignsEntry("D99", datetime.now(UTC) + timedelta(hours=1), spo2_percent="95")
    with pytest.raises(obs.EntryRefused) as refused:
        obs.record_vital_signs(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry)
    assert _fields(refused) == {"visit_code", "measured_at"}


def test_changing_saved_vital_signs_needs_a_reason_which_the_audit_keeps(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    saved = obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, _vitals(spo2_percent="92"))
    corrected = _vitals(spo2_percent="94")
    with pytest.raises(ReasonRequired):
        obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, corrected, record_id=saved.id)
    obs.record_vital_signs(
        opened.store,
        nurse,
        PROTOCOL,
        pid,
        corrected,
        record_id=saved.id,
        reason="Typing error corrected",
    )
    with opened.store.read() as session:
        row = session.get_one(VitalSigns, saved.id)
        change = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == saved.id, AuditEntry.action == "update"
            )
        ).one()
    assert row.spo2_percent == 94
    assert (change.field, change.old_value, change.new_value, change.reason) == (
        "spo2_percent",
        "92",
        "94",
        "Typing error corrected",
    )


@pytest.mark.parametrize("role", [Role.MONITOR, Role.PHARMACIST])
def test_only_roles_that_enter_data_may_save(opened: OpenStore, pid: str, role: Role) -> None:
    actor = opened.actor(role)
    entry = _vitals(spo2_percent="95")
    if role is Role.MONITOR:
        with pytest.raises(NotPermitted):
            obs.record_vital_signs(opened.store, actor, PROTOCOL, pid, entry)
    else:  # the pharmacist enters data too (product preparation)
        obs.record_vital_signs(opened.store, actor, PROTOCOL, pid, entry)


def test_the_admin_enters_no_study_data(opened: OpenStore, pid: str) -> None:
    with pytest.raises(NotPermitted, match="cannot enter study data"):
        obs.record_vital_signs(
            opened.store, opened.admin, PROTOCOL, pid, _vitals(spo2_percent="95")
        )


# -- labs ---------------------------------------------------------------------------------


def _panel(*values: obs.LabValueEntry, visit: str = "D7") -> obs.LabPanelEntry:
    return obs.LabPanelEntry(visit, AT, values)


def test_a_lab_panel_keeps_each_value_as_typed_with_its_unit_and_range(
    opened: OpenStore, pid: str
) -> None:
    panel = _panel(
        obs.LabValueEntry("CRP", "12.50", "mg/dL", "0", "0.8"),
        obs.LabValueEntry("PCT", "<0.05", "ng/mL"),
        obs.LabValueEntry("IL6"),  # not tested: no record
    )
    ids = obs.record_lab_panel(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, panel)
    assert set(ids) == {"CRP", "PCT"}
    with opened.store.read() as session:
        crp = session.get_one(LabResult, ids["CRP"])
    assert (crp.value_entered, crp.unit, crp.reference_low, crp.reference_high) == (
        "12.50",
        "mg/dL",
        "0",
        "0.8",
    )
    (back,) = recorded(opened.store, pid).lab_panels
    assert back.record_ids == ids
    assert {v.analyte_code: v.value_entered for v in back.entry.values} == {
        "CRP": "12.50",
        "PCT": "<0.05",
    }


@pytest.mark.parametrize(
    ("value", "part", "code"),
    [
        (obs.LabValueEntry("CRP", "12", "g/L"), "unit", "unit"),
        (obs.LabValueEntry("CRP", "12", None), "unit", "no_unit"),
        (obs.LabValueEntry("TGF_B", "12", "pg/mL"), "unit", "unit"),  # ng/mL only
        (obs.LabValueEntry("CRP", "12 mg", "mg/L"), "value", "not_a_number"),
        (obs.LabValueEntry("CRP", "12", "mg/L", "10", "5"), "reference_high", "reference_order"),
        (obs.LabValueEntry("CRP", "12", "mg/L", "-1"), "reference_low", "reference"),
        (obs.LabValueEntry("DDIMER", "0.4", "mg/L FEU"), "value", "analyte"),
    ],
)
def test_a_lab_value_needs_a_number_and_one_of_its_analytes_units(
    opened: OpenStore, pid: str, value: obs.LabValueEntry, part: str, code: str
) -> None:
    with pytest.raises(obs.EntryRefused) as refused:
        obs.record_lab_panel(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, _panel(value))
    assert (obs.lab_field(value.analyte_code, part), code) in {
        (m.field, m.code) for m in refused.value.messages
    }


def test_the_second_protocol_has_its_own_panel_and_units(opened: OpenStore, pid: str) -> None:
    panel = _panel(obs.LabValueEntry("DDIMER", "0.4", "mg/L FEU"), visit="D3")
    ids = obs.record_lab_panel(opened.store, opened.actor(Role.NURSE), SECOND, pid, panel)
    assert set(ids) == {"DDIMER"}


def test_an_empty_panel_is_refused(opened: OpenStore, pid: str) -> None:
    with pytest.raises(obs.EntryRefused, match="at least one result"):
        obs.record_lab_panel(
            opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, _panel(obs.LabValueEntry("CRP"))
        )


def test_editing_a_panel_changes_clears_and_adds_values_with_one_reason(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    first = _panel(obs.LabValueEntry("CRP", "12", "mg/L"), obs.LabValueEntry("IL6", "40", "pg/mL"))
    ids = obs.record_lab_panel(opened.store, nurse, PROTOCOL, pid, first)
    second = _panel(
        obs.LabValueEntry("CRP", "15", "mg/L"),
        obs.LabValueEntry("IL6"),
        obs.LabValueEntry("PCT", "0.1", "ng/mL"),
    )
    with pytest.raises(ReasonRequired):
        obs.record_lab_panel(opened.store, nurse, PROTOCOL, pid, second, record_ids=ids)
    new_ids = obs.record_lab_panel(
        opened.store,
        nurse,
        PROTOCOL,
        pid,
        second,
        record_ids=ids,
        reason="Checked against the source document",
    )
    assert new_ids["CRP"] == ids["CRP"] and "IL6" not in new_ids
    (panel,) = recorded(opened.store, pid).lab_panels
    assert {v.analyte_code: v.value_entered for v in panel.entry.values} == {
        "CRP": "15",
        "PCT": "0.1",
    }


# -- imaging, symptoms, RT-PCR, WHO -----------------------------------------------------


def test_imaging_lesion_extent_is_a_percentage(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    good = obs.ImagingEntry("D7", today(), "CT", "35", "bilateral ground glass")
    obs.record_imaging(opened.store, nurse, PROTOCOL, pid, good)
    for extent, modality in (("135", "CT"), ("20", "MRI")):
        with pytest.raises(obs.EntryRefused):
            obs.record_imaging(
                opened.store,
                nurse,
                PROTOCOL,
                pid,
                obs.ImagingEntry("D7", today(), modality, extent),
            )
    (saved,) = recorded(opened.store, pid).imaging
    assert saved.entry == good


def test_symptoms_keep_one_record_each_and_a_changed_date_needs_a_reason(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    onset = today() - timedelta(days=10)
    first = [obs.SymptomEntry("fever", onset), obs.SymptomEntry("dry_cough")]
    assert set(obs.record_symptoms(opened.store, nurse, pid, first)) == {"fever"}
    resolved = [obs.SymptomEntry("fever", onset, onset + timedelta(days=4))]
    obs.record_symptoms(opened.store, nurse, pid, resolved)  # adding a date: no reason
    moved = [obs.SymptomEntry("fever", onset - timedelta(days=1), onset + timedelta(days=4))]
    with pytest.raises(ReasonRequired):
        obs.record_symptoms(opened.store, nurse, pid, moved)
    obs.record_symptoms(opened.store, nurse, pid, moved, reason="Information received later")
    with opened.store.read() as session:
        rows = session.scalars(select(Symptom).where(Symptom.participant_id == pid)).all()
    assert [(r.symptom, r.onset_on, r.resolved_on) for r in rows] == [
        ("fever", onset - timedelta(days=1), onset + timedelta(days=4))
    ]


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        (obs.SymptomEntry("fever", today(), today() - timedelta(days=1)), "before_onset"),
        (obs.SymptomEntry("fever", None, today()), "no_onset"),
        (obs.SymptomEntry("hiccups", today()), "symptom"),
        (obs.SymptomEntry("fever", today() + timedelta(days=2)), "future"),
    ],
)
def test_impossible_symptom_dates_are_refused(entry: obs.SymptomEntry, code: str) -> None:
    assert code in {m.code for m in obs.check_symptom(entry)}


def test_nucleic_acid_results_need_a_known_specimen_and_result(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    obs.record_nucleic_acid(
        opened.store, nurse, pid, obs.NucleicAcidEntry(AT, "sputum", "negative")
    )
    with pytest.raises(obs.EntryRefused) as refused:
        obs.record_nucleic_acid(opened.store, nurse, pid, obs.NucleicAcidEntry(AT, "saliva", "neg"))
    assert _fields(refused) == {"specimen", "result"}


def test_the_who_score_is_0_to_10_and_10_asks_to_record_the_death(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(obs.EntryRefused, match="0 to 10"):
        obs.record_who_score(
            opened.store, nurse, PROTOCOL, pid, obs.WhoScoreEntry("D7", today(), 11)
        )
    dead = obs.WhoScoreEntry("D7", today(), 10)
    with pytest.raises(obs.EntryRefused, match="disposition"):
        obs.record_who_score(opened.store, nurse, PROTOCOL, pid, dead)
    obs.record_who_score(opened.store, nurse, PROTOCOL, pid, dead, confirm_unusual=True)


# -- disposition -----------------------------------------------------------------------


def _status(opened: OpenStore, pid: str) -> str:
    with opened.store.read() as session:
        return session.get_one(Participant, pid).status


def test_a_death_sets_the_status_died_with_the_change_audited(opened: OpenStore, pid: str) -> None:
    saved = obs.record_disposition(
        opened.store, opened.actor(Role.INVESTIGATOR), pid, obs.DispositionEntry("died", today())
    )
    assert _status(opened, pid) == "died"
    with opened.store.read() as session:
        change = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == pid,
                AuditEntry.field == "status",
                AuditEntry.action == "update",
            )
        ).one()
    assert (change.old_value, change.new_value) == ("infused", "died")
    assert change.reason == f"Disposition recorded: died on {today().isoformat()}."
    assert saved.entry.kind == "died"


def test_a_withdrawal_needs_its_reason_and_sets_withdrawn(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(obs.EntryRefused, match="reason for the withdrawal"):
        obs.record_disposition(opened.store, nurse, pid, obs.DispositionEntry("withdrawn", today()))
    obs.record_disposition(
        opened.store, nurse, pid, obs.DispositionEntry("withdrawn", today(), "Consent withdrawn")
    )
    assert _status(opened, pid) == "withdrawn"


def test_a_discharge_keeps_the_participant_in_follow_up(opened: OpenStore, pid: str) -> None:
    obs.record_disposition(
        opened.store, opened.actor(Role.NURSE), pid, obs.DispositionEntry("discharged", today())
    )
    assert _status(opened, pid) == "infused"


def test_a_death_corrected_to_a_discharge_puts_the_participant_back_on_study(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    saved = obs.record_disposition(opened.store, nurse, pid, obs.DispositionEntry("died", today()))
    with pytest.raises(ReasonRequired):
        obs.record_disposition(
            opened.store,
            nurse,
            pid,
            obs.DispositionEntry("discharged", today()),
            record_id=saved.id,
        )
    obs.record_disposition(
        opened.store,
        nurse,
        pid,
        obs.DispositionEntry("discharged", today()),
        record_id=saved.id,
        reason="Entered for the wrong participant",
    )
    assert _status(opened, pid) == "infused"
