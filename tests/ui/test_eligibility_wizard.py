"""The eligibility wizard driven like a nurse and an investigator would: keys and clicks.

Set ``BEDSIDE_SCREENSHOTS=docs/screenshots`` to write screenshots 21–23 on the way.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.clinical.errors import Message
from app.models import AuditEntry, EligibilityAssessment, Participant, Signature
from app.protocol import Protocol, load_default, load_protocol
from app.roles import Role
from app.services.oxygenation import OxygenationEntry, record_oxygenation
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.app_style import apply_style
from app.ui.forms import ChoiceField
from app.ui.forms.eligibility_wizard import EligibilityWizard
from tests.conftest import PASSWORDS, OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")


def today() -> date:
    """Today's date, read when a test needs it (a run may cross midnight)."""
    return date.today()


CLICK = Qt.MouseButton.LeftButton


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("BEDSIDE_SCREENSHOTS")
    if folder:
        for _ in range(5):  # layout requests are posted events: let them all run
            QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def patient(opened: OpenStore, born: date, *, protocol: Protocol = PROTOCOL) -> str:
    entry = ScreeningEntry(initials="LW", sex="F", date_of_birth=born, weight_kg="58",
                           admission_date=today() - timedelta(days=3))  # fmt: skip
    pid = screen_patient(opened.store, opened.actor(Role.NURSE), protocol, entry).id
    at = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=2)
    gas = OxygenationEntry(measured_at=at, o2_device="high_flow_nasal_cannula",
                           o2_flow_l_min="40", pao2_entered="8", pao2_unit="kPa",
                           fio2_mode="set", fio2_entered="0.40",
                           fio2_at=at + timedelta(minutes=5))  # fmt: skip
    record_oxygenation(opened.store, opened.actor(Role.NURSE), protocol, pid, gas)
    return pid


def wizard(
    qtbot: QtBot, opened: OpenStore, pid: str, role: Role, protocol: Protocol = PROTOCOL,
    language: str = "en",
) -> EligibilityWizard:  # fmt: skip
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    w = EligibilityWizard(opened.store, opened.actor(role), protocol, pid, language=language)
    qtbot.addWidget(w)
    w.resize(1000, 1000)
    w.show()
    qtbot.waitExposed(w)
    return w


def type_in(qtbot: QtBot, w: EligibilityWizard, name: str, text: str) -> None:
    editor = w.field(name).editor
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)
    editor.editingFinished.emit()


def choose(qtbot: QtBot, w: EligibilityWizard, name: str, key: str) -> None:
    editor = w.field(name).editor
    assert isinstance(editor, ChoiceField)
    qtbot.mouseClick(editor.button(key), CLICK)


def next_step(qtbot: QtBot, w: EligibilityWizard) -> None:
    before = w.steps.currentIndex()
    qtbot.mouseClick(w.next_button, CLICK)
    assert w.steps.currentIndex() == before + 1, w.save_error.text()


def fill(
    qtbot: QtBot, w: EligibilityWizard, *, rr: str = "24", spo2: str = "95",
    exclusions: dict[str, str] | None = None,
) -> None:  # fmt: skip
    """Walk every step of the NCT04339660 checklist."""
    assert w.text("assessed_on") == today().isoformat()
    next_step(qtbot, w)
    type_in(qtbot, w, "ct_date", (today() - timedelta(days=2)).isoformat())
    choose(qtbot, w, "ct_characteristic", "yes")
    type_in(qtbot, w, "ct_finding", "Bilateral ground-glass opacities")
    type_in(qtbot, w, "rt_pcr_date", (today() - timedelta(days=3)).isoformat())
    choose(qtbot, w, "rt_pcr_positive", "yes")
    next_step(qtbot, w)
    type_in(qtbot, w, "respiratory_rate_per_min", rr)
    type_in(qtbot, w, "spo2_at_rest_percent", spo2)
    combo = w.field("oxygenation_id").editor
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the saved blood gas, P/F 150
    assert "P/F 150.0 mmHg (moderate)" in w.gas_details.text()
    assert "FiO₂ 0.4 (set, high-flow nasal cannula, 40 L/min)" in w.gas_details.text()
    shot(w, "21-eligibility-evidence")
    next_step(qtbot, w)
    answers = {"IN05": "yes", "IN06": "yes", "EX01": "no", "EX02": "no", "EX03": "no",
               "EX04": "no", **(exclusions or {})}  # fmt: skip
    for criterion, key in answers.items():
        choose(qtbot, w, criterion, key)
    next_step(qtbot, w)


def save(qtbot: QtBot, w: EligibilityWizard) -> str:
    with qtbot.waitSignal(w.saved) as saved:
        qtbot.mouseClick(w.save_button, CLICK)
    return str(saved.args[0])


def sign(qtbot: QtBot, w: EligibilityWizard) -> None:
    assert w.sign_row.isVisible()
    qtbot.keyClicks(w.password, PASSWORDS[Role.INVESTIGATOR])
    with qtbot.waitSignal(w.signed):
        qtbot.mouseClick(w.sign_button, CLICK)


def test_an_eligible_patient_is_assessed_by_a_nurse_and_signed_by_an_investigator(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened, date(1961, 3, 14))
    w = wizard(qtbot, opened, pid, Role.NURSE)
    assert w.step_titles == ["Assessment date and age", "Infection and imaging", "Severity",
                             "Consent and exclusions", "Verdict and signature"]  # fmt: skip
    fill(qtbot, w)
    assert w.verdict_label.text() == "Eligible: every criterion is met."
    assert "✔ IN04" in w.results.text() and "PaO₂/FiO₂ 150" in w.results.text()
    assert not w.sign_row.isVisible()  # a nurse saves; only an investigator signs
    record_id = save(qtbot, w)
    assert "An investigator signs it with their password." in w.signature_label.text()
    with opened.store.read() as session:
        row = session.get_one(EligibilityAssessment, record_id)
        inserted = session.scalars(
            select(AuditEntry.field).where(
                AuditEntry.record_id == record_id, AuditEntry.action == "insert",
                AuditEntry.user_name == "nurse",
            )
        ).all()  # fmt: skip
    assert (row.verdict, row.verdict_text) == ("eligible", "Eligible: every criterion is met.")
    assert row.respiratory_rate_per_min == "24" and row.oxygenation_id is not None
    assert json.loads(row.answers_json)["answers"]["EX01"] is False
    assert {"verdict", "answers_json", "ct_finding", "protocol_fingerprint"} <= set(inserted)

    signer = wizard(qtbot, opened, pid, Role.INVESTIGATOR)
    assert signer.steps.currentIndex() == signer.steps.count() - 1
    assert signer.sign_button.text() == "Sign: Eligibility confirmed"
    sign(qtbot, signer)
    shown = signer.signature_label.text()
    assert shown.startswith("Signed by Investigator Person on ") and "UTC" in shown
    assert shown.endswith("— Eligibility confirmed")
    shot(signer, "23-eligibility-signed")
    with opened.store.read() as session:
        assert session.get_one(Participant, pid).status == "eligible"
        (signature,) = session.scalars(select(Signature)).all()
    assert signature.meaning == "Eligibility confirmed" and signature.record_id == record_id

    # A changed answer voids the signature; the wizard says so.
    qtbot.mouseClick(signer.back_button, CLICK)
    qtbot.mouseClick(signer.back_button, CLICK)
    type_in(qtbot, signer, "respiratory_rate_per_min", "31")
    next_step(qtbot, signer)
    next_step(qtbot, signer)
    qtbot.mouseClick(signer.save_button, CLICK)
    dialog = signer.reason_dialog
    assert dialog is not None and "the signature becomes void" in dialog.what_label.text()
    qtbot.keyClicks(dialog.reason_edit, "Respiratory rate re-counted")
    with qtbot.waitSignal(signer.saved):
        qtbot.mouseClick(dialog.ok_button, CLICK)
    assert signer.signature_label.text().startswith("VOID — sign again.")
    # The signature line names what changed (its void reason).
    assert "VOID: respiratory rate changed from" in signer.signature_label.text()
    assert signer.sign_row.isVisible()
    with opened.store.read() as session:
        signature = session.get_one(Signature, signature.id)
        voided = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == signature.id, AuditEntry.field == "voided_at"
            )
        ).one()
        assert session.get_one(Participant, pid).status == "screening"
    assert signature.voided_at is not None
    # The void names what changed; the person's own reason stays on the change itself.
    assert voided.reason == "respiratory rate changed from 24 to 31: re-review needed"
    with opened.store.read() as session:
        changed = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == signature.record_id,
                AuditEntry.field == "respiratory_rate_per_min",
                AuditEntry.action == "update",
            )
        ).one()
    assert (changed.old_value, changed.new_value) == ("24", "31")
    assert changed.reason == "Respiratory rate re-counted"


def test_an_ineligible_patient_gets_each_failing_criterion_named_and_is_screen_failed(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened, date(1940, 1, 1))  # over 75
    w = wizard(qtbot, opened, pid, Role.INVESTIGATOR)
    fill(qtbot, w, exclusions={"EX03": "yes"})
    assert w.verdict_label.text() == "Not eligible."
    detail = w.verdict_detail.text()
    assert detail.startswith("Not eligible: IN01 Male or female, 18 years old ≤ age ≤ 75")
    assert "; EX03 Participating in another clinical trial" in detail
    assert "✖ IN01" in w.results.text() and "✖ EX03" in w.results.text()
    save(qtbot, w)
    assert w.sign_button.text() == "Sign: Not eligible confirmed"
    shot(w, "22-eligibility-verdict-not-eligible")
    sign(qtbot, w)
    assert w.signature_label.text().endswith("— Not eligible confirmed")
    with opened.store.read() as session:
        p = session.get_one(Participant, pid)
    assert (p.status, p.screen_fail_reason) == ("screen-failed", detail)


def test_a_wrong_password_does_not_sign(opened: OpenStore, qtbot: QtBot) -> None:
    pid = patient(opened, date(1961, 3, 14))
    w = wizard(qtbot, opened, pid, Role.INVESTIGATOR)
    fill(qtbot, w)
    save(qtbot, w)
    qtbot.keyClicks(w.password, "not my password")
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    assert w.sign_error.text().startswith("The password is not right")
    assert w.password.text() == ""
    with opened.store.read() as session:
        assert session.scalars(select(Signature)).all() == []


def test_a_date_of_birth_after_the_assessment_stops_the_first_step(
    opened: OpenStore, qtbot: QtBot
) -> None:
    w = wizard(qtbot, opened, patient(opened, date(1961, 3, 14)), Role.NURSE)
    type_in(qtbot, w, "date_of_birth", (today() + timedelta(days=1)).isoformat())
    qtbot.mouseClick(w.next_button, CLICK)
    assert w.steps.currentIndex() == 0
    assert w.field("date_of_birth").message.text() == (
        "✖ The date of birth is after the assessment date."
    )
    type_in(qtbot, w, "date_of_birth", "1961-02-30")
    assert "1961-02-30 is not a date: February 1961 has 28 days." in (
        w.field("date_of_birth").message.text()
    )


def test_the_second_protocol_file_drives_the_same_wizard(opened: OpenStore, qtbot: QtBot) -> None:
    pid = patient(opened, date(1961, 3, 14), protocol=SECOND)  # 65: within 40–80
    w = wizard(qtbot, opened, pid, Role.INVESTIGATOR, protocol=SECOND)
    assert w.step_titles == ["Assessment date and age", "Severity", "Consent and exclusions",
                             "Verdict and signature"]  # fmt: skip
    assert "respiratory_rate_per_min" not in w.fields()
    wording = w.findChild(QLabel, "wording_IN02")
    assert wording is not None and "SpO₂ ≤ 90 % at rest or PaO₂/FiO₂ ≤ 200 mmHg." in wording.text()
    next_step(qtbot, w)
    type_in(qtbot, w, "spo2_at_rest_percent", "91")  # not severe under this protocol
    next_step(qtbot, w)
    choose(qtbot, w, "IN03", "yes")
    choose(qtbot, w, "EX01", "no")
    next_step(qtbot, w)
    assert w.verdict_label.text() == "Incomplete: still to record IN02."
    qtbot.mouseClick(w.back_button, CLICK)
    qtbot.mouseClick(w.back_button, CLICK)
    type_in(qtbot, w, "spo2_at_rest_percent", "89")
    next_step(qtbot, w)
    next_step(qtbot, w)
    assert w.verdict_label.text() == "Eligible: every criterion is met."
    record_id = save(qtbot, w)
    sign(qtbot, w)
    with opened.store.read() as session:
        row = session.get_one(EligibilityAssessment, record_id)
    assert row.protocol_fingerprint == SECOND.fingerprint
    assert set(json.loads(row.answers_json)["results"]) == {"IN01", "IN02", "IN03", "EX01"}


def test_the_chinese_wording_is_shown_under_the_english(opened: OpenStore, qtbot: QtBot) -> None:
    w = wizard(qtbot, opened, patient(opened, date(1961, 3, 14)), Role.NURSE, language="zh_CN")
    wording = w.findChild(QLabel, "wording_EX04")
    assert wording is not None
    assert "Severe shock and respiratory failure." in wording.text()
    assert "严重休克及呼吸衰竭。" in wording.text()


def test_enter_goes_to_the_next_step_and_a_draft_comes_back_on_the_same_step(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened, date(1961, 3, 14))
    w = wizard(qtbot, opened, pid, Role.NURSE)
    w.field("assessed_on").editor.setFocus()
    qtbot.keyClick(w.field("assessed_on").editor, Qt.Key.Key_Return)
    assert w.steps.currentIndex() == 1
    type_in(qtbot, w, "ct_finding", "Patchy consolidation")
    state = w.draft_state()
    assert state is not None and state["extra"]["step"] == 1
    again = wizard(qtbot, opened, pid, Role.NURSE)
    again.restore_draft(state)
    assert again.steps.currentIndex() == 1 and again.text("ct_finding") == "Patchy consolidation"
    assert again.has_unsaved_changes()


def test_a_monitor_reads_the_checklist_but_cannot_save_or_sign(
    opened: OpenStore, qtbot: QtBot
) -> None:
    w = wizard(qtbot, opened, patient(opened, date(1961, 3, 14)), Role.MONITOR)
    assert not w.save_button.isEnabled()
    # The reason is at the top of the form, where the monitor looks first.
    assert w.read_only_banner.text() == "Monitors can read but not change records."
    assert w.save_error.text() == ""
    assert not w.sign_row.isVisible()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(max_size=12), min_size=7, max_size=7))
def test_no_text_in_any_field_makes_the_check_raise(
    opened: OpenStore, qtbot: QtBot, texts: list[str]
) -> None:
    w = _FUZZ.get(id(opened))
    if w is None:
        w = _FUZZ.setdefault(
            id(opened), wizard(qtbot, opened, patient(opened, date(1961, 3, 14)), Role.NURSE)
        )
    names = ["assessed_on", "date_of_birth", "rt_pcr_date", "ct_date", "ct_finding",
             "respiratory_rate_per_min", "spo2_at_rest_percent"]  # fmt: skip
    for name, text in zip(names, texts, strict=True):
        w.field(name).editor.setText(text)  # type: ignore[attr-defined]  # past the validators
    assert all(isinstance(m, Message) for m in w.check())
    w.preview()


_FUZZ: dict[int, EligibilityWizard] = {}


def test_reload_offers_a_blood_gas_saved_meanwhile_and_keeps_what_is_typed(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened, date(1961, 3, 14))
    w = wizard(qtbot, opened, pid, Role.NURSE)
    combo = w.field("oxygenation_id").editor
    assert isinstance(combo, QComboBox) and combo.count() == 2
    type_in(qtbot, w, "ct_finding", "Patchy consolidation")
    at = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(minutes=30)
    gas = OxygenationEntry(measured_at=at, o2_device="room_air", pao2_entered="55", fio2_at=at)
    record_oxygenation(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, gas)
    w.reload()
    assert combo.count() == 3 and w.text("ct_finding") == "Patchy consolidation"
