"""The adverse-event form by keyboard: a nurse enters, the investigator assesses and signs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.clinical.adverse_events import ClockStatus
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import AeStatus, list_aes
from app.ui.forms.ae_form import AeForm
from tests.conftest import PASSWORDS, OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(screening_number="S-1", study_id="P-001", initials="AB", sex="F",
                        status="infused", kit_code="K7Q2MX", day0_on=date.today(),
                        created_at=datetime.now(UTC) - timedelta(days=2))  # fmt: skip
        session.add(p)
    return p.id


def _form(opened: OpenStore, qtbot: QtBot, pid: str, role: Role) -> AeForm:
    form = AeForm(opened.store, opened.actor(role), PROTOCOL, pid)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    return form


def _focused(form: QWidget) -> QWidget:
    widget = QApplication.focusWidget() or form.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot: QtBot, form: QWidget, text: str) -> None:
    """Type into the focused editor (a space ticks a box), then Tab to the next one."""
    widget = _focused(form)
    if text == " ":
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    elif isinstance(widget, QComboBox) or text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(_focused(form), Qt.Key.Key_Tab)


def test_a_nurse_enters_and_the_investigator_assesses_and_signs_by_keyboard(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    onset = (datetime.now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    aware = onset + timedelta(hours=1)
    form = _form(opened, qtbot, pid, Role.NURSE)
    form.field("term_code").editor.setFocus(Qt.FocusReason.TabFocusReason)
    for text in ["Fev", "", onset.strftime("%Y-%m-%d"), onset.strftime("%H:%M"), "", "",
                 aware.strftime("%Y-%m-%d"), aware.strftime("%H:%M"), " ", "3",
                 "", "", " "]:  # fmt: skip
        _type(qtbot, form, text)  # ... ongoing, grade 3, hospitalisation ticked
    assert form.value("serious_hospitalisation") is True
    assert "40.0 degrees C" in form.field("grade").note.text()  # type: ignore[union-attr]
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    [view] = list_aes(opened.store, PROTOCOL)
    assert (view.term, view.entry.grade, view.serious) == ("Fever", 3, True)
    assert view.clock.status is ClockStatus.DUE
    assert view.status == AeStatus.ENTERED
    assert "SAE clock: Report within" in form.clock_label.text()
    assert not form.field("causality_product").editor.isEnabled()

    doctor = _form(opened, qtbot, pid, Role.INVESTIGATOR)
    doctor.load(view.id)
    # Signing before the assessment is refused with the rule's sentence.
    qtbot.keyClicks(doctor.password, PASSWORDS[Role.INVESTIGATOR])
    qtbot.keyClick(doctor.password, Qt.Key.Key_Return)
    assert "causality to the study product" in doctor.sign_error.text()
    doctor.field("causality_product").editor.setFocus(Qt.FocusReason.TabFocusReason)
    for text in ["Unl", "Not", "Exp", "No", "Recoveri"]:  # a space would open the list
        _type(qtbot, doctor, text)
    qtbot.keyClick(_focused(doctor), Qt.Key.Key_Return)
    dialog = doctor.reason_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason_edit, "Investigator's assessment")
    with qtbot.waitSignal(doctor.saved):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(doctor.password, PASSWORDS[Role.INVESTIGATOR])
    with qtbot.waitSignal(doctor.signed):
        qtbot.keyClick(doctor.password, Qt.Key.Key_Return)
    [signed] = list_aes(opened.store, PROTOCOL)
    assert signed.status == AeStatus.SIGNED
    assert (signed.entry.causality_product, signed.entry.expectedness) == ("unlikely", "expected")
    assert signed.rsi_version == "IB v1.0"
    assert doctor.signature_label.text().startswith("Signed by Investigator Person")


def test_an_event_ending_before_it_began_is_refused_next_to_its_end(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, Role.NURSE)
    day = (date.today() - timedelta(days=1)).isoformat()
    form.set_value("term_code", "headache")
    form.set_value("grade", "1")
    form.set_value("onset_on", day)
    form.findChild(QWidget, "onset_time").setText("10:00")  # type: ignore[union-attr]
    form.set_value("end_on", day)
    form.findChild(QWidget, "end_time").setText("09:00")  # type: ignore[union-attr]
    form.submit()
    assert [(m.field, m.code) for m in form.shown_messages()] == [("end_on", "end_before_onset")]
    assert list_aes(opened.store, PROTOCOL) == []


def test_a_nurse_enters_a_conventional_treatment_by_keyboard(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    from app.services.conmeds import list_conmeds
    from app.ui.forms.conmed_form import ConMedForm

    form = ConMedForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    form.field("drug").editor.setFocus(Qt.FocusReason.TabFocusReason)
    start = (date.today() - timedelta(days=2)).isoformat()
    for text in ["Dexamethasone", "6", "mg", "Intra", "once daily", start, "", " ", "COVID-19",
                 " "]:  # fmt: skip
        _type(qtbot, form, text)
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    [saved] = list_conmeds(opened.store, pid)
    assert saved.entry.drug == "Dexamethasone"
    assert (saved.entry.dose, saved.entry.dose_unit, saved.entry.route) == ("6", "mg", "iv")
    assert saved.entry.ongoing and saved.entry.conventional
    form.grab().save(str(opened.data_dir.parent / "conmed.png"))
