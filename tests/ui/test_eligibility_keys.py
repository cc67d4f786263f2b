"""The eligibility wizard by keyboard, in the main window: Enter signs on the last step,
and reaching a step leaves the keyboard in the wizard, never in the tool bar's Find box.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import Signature
from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import EligibilityEntry, save_assessment
from app.services.oxygenation import OxygenationEntry, record_oxygenation
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.main_window import MainWindow
from tests.conftest import PASSWORDS, OpenStore
from tests.ui import screens_helper as screens

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
RETURN = Qt.Key.Key_Return


def patient(opened: OpenStore) -> str:
    nurse = opened.actor(Role.NURSE)
    today = date.today()
    entry = ScreeningEntry(initials="LW", sex="F", date_of_birth=date(1961, 3, 14),
                           weight_kg="58", admission_date=today - timedelta(days=3))  # fmt: skip
    pid = screen_patient(opened.store, nurse, PROTOCOL, entry).id
    at = datetime.now().astimezone().replace(second=0, microsecond=0) - timedelta(hours=2)
    gas = OxygenationEntry(measured_at=at, o2_device="high_flow_nasal_cannula",
                           o2_flow_l_min="40", pao2_entered="8", pao2_unit="kPa",
                           fio2_mode="set", fio2_entered="0.40",
                           fio2_at=at + timedelta(minutes=5))  # fmt: skip
    record_oxygenation(opened.store, nurse, PROTOCOL, pid, gas)
    return pid


def saved_checklist(opened: OpenStore, pid: str) -> str:
    """A complete checklist, saved by the nurse and waiting for the investigator."""
    from app.services.oxygenation import blood_gases

    today = date.today()
    entry = EligibilityEntry(
        assessed_on=today, date_of_birth=date(1961, 3, 14),
        rt_pcr_date=today - timedelta(days=3), rt_pcr_positive=True,
        ct_date=today - timedelta(days=2), ct_characteristic=True,
        ct_finding="Bilateral ground-glass opacities", respiratory_rate_per_min="24",
        spo2_at_rest_percent="95", oxygenation_id=blood_gases(opened.store, pid)[0].id,
        answers={"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
                 "EX04": False},
    )  # fmt: skip
    nurse = opened.actor(Role.NURSE)
    return save_assessment(opened.store, nurse, PROTOCOL, pid, entry).id


def wizard_in_window(qtbot: QtBot, opened: OpenStore, role: Role, pid: str) -> MainWindow:
    screens.styled()
    window = screens.main_window(opened.store, opened.actor(role), (1366, 768))
    qtbot.addWidget(window)
    window.open_participant(pid)
    return window


def the_wizard(qtbot: QtBot, window: MainWindow) -> EligibilityWizard:
    page = window.current_page()
    wizard = page.forms().show_tab("eligibility")  # type: ignore[union-attr]
    assert isinstance(wizard, EligibilityWizard)
    qtbot.waitUntil(wizard.isVisible)
    return wizard


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_enter_in_the_password_signs_and_stays_on_the_signing_step(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened)
    record_id = saved_checklist(opened, pid)
    window = wizard_in_window(qtbot, opened, Role.INVESTIGATOR, pid)
    wizard = the_wizard(qtbot, window)
    last = wizard.steps.count() - 1
    assert wizard.steps.currentIndex() == last
    assert wizard.sign_row.isVisible(), wizard.signature_label.text()
    wizard.password.setFocus()
    qtbot.waitUntil(lambda: focused() is wizard.password)
    qtbot.keyClicks(wizard.password, PASSWORDS[Role.INVESTIGATOR])
    with qtbot.waitSignal(wizard.signed):
        qtbot.keyClick(wizard.password, RETURN)
    assert wizard.steps.currentIndex() == last  # never back to step 4
    assert wizard.reason_dialog is None  # and no change reason asked
    assert wizard.signature_label.text().startswith("Signed by Investigator Person")
    assert wizard.isAncestorOf(focused())
    with opened.store.read() as session:
        (signature,) = session.scalars(select(Signature)).all()
    assert signature.record_id == record_id


def test_enter_with_no_password_asks_for_it_and_signs_nothing(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened)
    saved_checklist(opened, pid)
    window = wizard_in_window(qtbot, opened, Role.INVESTIGATOR, pid)
    wizard = the_wizard(qtbot, window)
    wizard.password.setFocus()
    qtbot.waitUntil(lambda: focused() is wizard.password)
    qtbot.keyClick(wizard.password, RETURN)
    assert wizard.sign_error.text() == "Type your password, then press Enter or Sign."
    assert wizard.steps.currentIndex() == wizard.steps.count() - 1
    assert focused() is wizard.password
    with opened.store.read() as session:
        assert session.scalars(select(Signature)).all() == []


def test_enter_takes_each_step_and_the_keyboard_stays_in_the_wizard(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened)
    window = wizard_in_window(qtbot, opened, Role.INVESTIGATOR, pid)
    wizard = the_wizard(qtbot, window)
    assert wizard.steps.currentIndex() == 0
    first = wizard.field("assessed_on").editor
    first.setFocus()
    qtbot.waitUntil(lambda: focused() is first)
    for step in range(1, wizard.steps.count()):
        where = focused()
        assert where is not None
        qtbot.keyClick(where, RETURN)
        assert wizard.steps.currentIndex() == step, wizard.save_error.text()
        now = focused()
        assert now is not window.barcode_edit
        assert now is not None and wizard.isAncestorOf(now), type(now).__name__
    # The last step: the focus is on what comes next there (Save: nothing is saved yet).
    assert focused() is wizard.save_button


def test_clicking_next_onto_the_last_step_keeps_the_keyboard_in_the_wizard(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = patient(opened)
    saved_checklist(opened, pid)
    window = wizard_in_window(qtbot, opened, Role.INVESTIGATOR, pid)
    wizard = the_wizard(qtbot, window)
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.steps.currentIndex() == wizard.steps.count() - 2
    wizard.next_button.setFocus()  # as a tap leaves it
    qtbot.waitUntil(lambda: focused() is wizard.next_button)
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Space)
    assert wizard.steps.currentIndex() == wizard.steps.count() - 1
    assert focused() is wizard.password
    assert not isinstance(focused(), QLineEdit) or focused() is not window.barcode_edit
