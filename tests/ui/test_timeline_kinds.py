"""The Timeline shows every kind of saved record and each e-signature (who, meaning, when;
a voided one marked), each as soon as it is saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from app.protocol import load_default
from app.roles import Role
from app.services import observations as obs
from app.services.eligibility import EligibilityEntry, save_assessment, sign_assessment
from app.services.oxygenation import OxygenationEntry, record_oxygenation
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.participant_page import ParticipantPage
from tests.conftest import PASSWORDS, OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
AT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
TODAY = AT.date()
NO_EXCLUSIONS = {"EX01": False, "EX02": False, "EX03": False, "EX04": False}


def eligible_entry(oxygenation_id: str) -> EligibilityEntry:
    return EligibilityEntry(
        assessed_on=TODAY, date_of_birth=date(1961, 3, 14),
        rt_pcr_date=TODAY - timedelta(days=4), rt_pcr_positive=True,
        ct_date=TODAY - timedelta(days=3), ct_characteristic=True,
        ct_finding="Bilateral ground-glass opacities", respiratory_rate_per_min="24",
        spo2_at_rest_percent="95", oxygenation_id=oxygenation_id,
        answers={"IN05": True, "IN06": True, **NO_EXCLUSIONS},
    )  # fmt: skip


def screened(opened: OpenStore) -> str:
    entry = ScreeningEntry(initials="LW", sex="F", date_of_birth=date(1961, 3, 14),
                           weight_kg="58", admission_date=TODAY - timedelta(days=5))  # fmt: skip
    return screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id


def blood_gas(opened: OpenStore, pid: str) -> str:
    entry = OxygenationEntry(measured_at=AT, o2_device="non_rebreather_mask", o2_flow_l_min="15",
                             pao2_entered="60", fio2_mode="estimated", fio2_at=AT)  # fmt: skip
    return record_oxygenation(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry, now=AT + timedelta(hours=1)
    )


def _page(qtbot: QtBot, opened: OpenStore, pid: str) -> ParticipantPage:
    page = ParticipantPage(opened.store, opened.actor(Role.MONITOR), pid)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def _shown(page: ParticipantPage) -> list[tuple[str, str, str, str]]:
    """(record kind, title, detail, by) of every timeline row, as the table shows it."""
    model = page.timeline_model()
    rows = []
    for r in range(model.rowCount()):
        entry = model.entry_at(r)
        rows.append((entry.record, model.index(r, 1).data(), model.index(r, 2).data(),
                     model.index(r, 3).data()))  # fmt: skip
    return rows


def _kinds(page: ParticipantPage) -> set[str]:
    page.reload()
    return {kind for kind, *_ in _shown(page)}


def test_every_kind_of_record_appears_on_the_timeline_after_it_is_saved(
    qtbot: QtBot, opened: OpenStore
) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = screened(opened)
    page = _page(qtbot, opened, pid)
    assert _kinds(page) == {"screening"}
    assert _shown(page)[0][1] == "Participant record created"

    gas = blood_gas(opened, pid)
    assert "oxygenation" in _kinds(page)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, eligible_entry(gas), today=TODAY)
    assert "eligibility" in _kinds(page)
    eligibility = next(row for row in _shown(page) if row[0] == "eligibility")
    assert eligibility[1] == "Eligibility checklist created"
    assert "Eligible: every criterion is met." in eligibility[2]
    assert "answers" not in eligibility[2]  # the raw JSON stays out of sight

    obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid,
                           obs.VitalSignsEntry("D1", AT, spo2_percent="92"))  # fmt: skip
    assert "vitals" in _kinds(page)
    values = (obs.LabValueEntry("CRP", "12.50", "mg/L"), obs.LabValueEntry("IL6", "40", "pg/mL"))
    panel = obs.LabPanelEntry("D1", AT, values)
    obs.record_lab_panel(opened.store, nurse, PROTOCOL, pid, panel)
    labs = [row for row in (_kinds(page) and _shown(page)) if row[0] == "labs"]
    assert len(labs) == 1  # one blood draw, one line
    assert labs[0][1] == "Laboratory results created"
    assert "CRP 12.50 mg/L" in labs[0][2] and "IL6 40 pg/mL" in labs[0][2]

    imaging = obs.ImagingEntry("D1", TODAY, "CT", "35", "bilateral ground glass")
    obs.record_imaging(opened.store, nurse, PROTOCOL, pid, imaging)
    assert "imaging" in _kinds(page)
    obs.record_symptoms(opened.store, nurse, pid, [obs.SymptomEntry("fever", TODAY)])
    assert "symptoms" in _kinds(page)
    swab = obs.NucleicAcidEntry(AT, "sputum", "negative")
    obs.record_nucleic_acid(opened.store, nurse, pid, swab)
    assert "virology" in _kinds(page)
    obs.record_who_score(opened.store, nurse, PROTOCOL, pid, obs.WhoScoreEntry("D1", TODAY, 4))
    assert "who" in _kinds(page)
    obs.record_disposition(opened.store, nurse, pid, obs.DispositionEntry("discharged", TODAY))
    assert "disposition" in _kinds(page)

    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    assert "signature" in _kinds(page)
    signed = next(row for row in _shown(page) if row[0] == "signature")
    assert signed[1] == "Signed: Eligibility confirmed"
    assert signed[2].startswith("Eligibility checklist signed by Investigator Person on ")
    assert signed[2].endswith(" UTC — Eligibility confirmed")
    assert signed[3] == "Investigator Person"

    assert _kinds(page) == {
        "screening", "oxygenation", "eligibility", "vitals", "labs", "imaging", "symptoms",
        "virology", "who", "disposition", "signature",
    }  # fmt: skip
    model = page.timeline_model()
    times = [model.entry_at(r).at for r in range(model.rowCount())]
    assert times == sorted(times, reverse=True)
    page.grab().save("/tmp/timeline_kinds.png")


def test_a_voided_signature_is_marked_void_with_when_it_was_voided(
    qtbot: QtBot, opened: OpenStore
) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = screened(opened)
    gas = blood_gas(opened, pid)
    entry = eligible_entry(gas)
    saved = save_assessment(opened.store, nurse, PROTOCOL, pid, entry, today=TODAY)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL)
    changed = replace(entry, ct_finding="Bilateral ground-glass opacities, lower lobes")
    save_assessment(opened.store, nurse, PROTOCOL, pid, changed, record_id=saved.id,
                    reason="finding completed from the report", today=TODAY)  # fmt: skip
    page = _page(qtbot, opened, pid)
    rows = _shown(page)
    signed = [r for r in rows if r[0] == "signature"]
    assert [r[1] for r in signed] == [
        "Signature voided: Eligibility confirmed",
        "Signed: Eligibility confirmed (VOID)",
    ]
    assert signed[0][2].startswith("Eligibility checklist: ")
    changed_row = next(r for r in rows if r[1] == "Eligibility checklist changed")
    assert "reason: finding completed from the report" in changed_row[2]
