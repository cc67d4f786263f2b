"""Lengths: every text field has the limit of its model column, refused with its number and
never cut; long text is cut where it is shown (whole in a tooltip), so a 10,000-character
name floods neither Admin, the password dialog, the status bar nor the lock screen."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import ChestImaging, Disposition, Participant, VitalSigns
from app.protocol import load_default
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.services.users import UserView
from app.ui.admin_page import UsersTableModel
from app.ui.app_style import apply_style
from app.ui.forms import TextField
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.forms.oxygenation_form import OxygenationForm
from app.ui.forms.reason_dialog import REASON_CHARS, ReasonDialog
from app.ui.forms.screening_form import ScreeningForm
from app.ui.forms.visit_forms import FORM_MODULES, form_class
from app.ui.login import ChangePasswordDialog
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import FakeParts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
LONG_NAME = "Wang " * 2000  # 10,000 characters
WARD_WIDTH = 1366


def styled() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1", study_id="P-001", initials="AB", sex="F", status="infused",
            day0_on=date.today() - timedelta(days=7),
            created_at=datetime.now(UTC) - timedelta(days=9),
        )  # fmt: skip
        session.add(p)
    return p.id


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    styled()
    qtbot.addWidget(widget)
    widget.resize(WARD_WIDTH, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def every_form(opened: OpenStore, pid: str) -> list[QWidget]:
    nurse = opened.actor(Role.NURSE)
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=date.today() - timedelta(days=1),
    )  # fmt: skip
    screened = screen_patient(opened.store, nurse, PROTOCOL, entry).id
    return [
        ScreeningForm(opened.store, nurse, PROTOCOL),
        EligibilityWizard(opened.store, nurse, PROTOCOL, screened),
        OxygenationForm(opened.store, nurse, PROTOCOL, screened),
        *(form_class(name)(opened.store, nurse, PROTOCOL, pid, "D7") for name in FORM_MODULES),
    ]


def test_no_field_of_any_form_filters_or_cuts_what_is_typed(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    for form in every_form(opened, pid):
        qtbot.addWidget(form)
        for edit in form.findChildren(QLineEdit):
            if edit.echoMode() is QLineEdit.EchoMode.Password:
                continue
            name = f"{type(form).__name__}.{edit.objectName()}"
            assert edit.validator() is None, name
            assert edit.maxLength() == 32767, name  # Qt's default: no silent cut


def test_text_fields_take_the_limit_of_their_model_column(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    limits = {
        (type(form).__name__, edit.objectName()): edit.max_chars
        for form in every_form(opened, pid)
        for edit in form.findChildren(TextField)
    }
    assert limits[("VitalSignsForm", "note")] == 500  # Text: no length in the model
    assert limits[("ImagingForm", "finding")] == 1000
    assert limits[("DispositionForm", "reason")] == 1000
    assert limits[("EligibilityWizard", "ct_finding")] == 2000
    assert limits[("OxygenationForm", "note")] == 500
    assert VitalSigns.note.property.columns[0].type.length is None
    assert ChestImaging.finding.property.columns[0].type.length is None
    assert Disposition.reason.property.columns[0].type.length is None


def test_a_vitals_note_over_its_limit_is_refused_with_its_number_not_cut(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(qtbot, form)
    form.field("temperature_c").editor.setText("37.2")  # type: ignore[attr-defined]
    note = form.field("note").editor
    assert isinstance(note, TextField)
    note.setText("n" * 501)  # pasted
    form.save_button.click()
    assert form.field("note").message.text() == "✖ Note: at most 500 characters; this has 501."
    assert len(form.value("note")) == 501  # kept whole, to shorten
    with opened.store.read() as session:
        assert session.scalars(select(VitalSigns)).all() == []
    note.setText("n" * 500)
    with qtbot.waitSignal(form.saved):
        form.save_button.click()
    with opened.store.read() as session:
        (row,) = session.scalars(select(VitalSigns)).all()
    assert row.note == "n" * 500


def test_a_10000_character_paste_is_kept_whole_and_refused(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = form_class("imaging")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(qtbot, form)
    finding = form.field("finding").editor
    assert isinstance(finding, QLineEdit)
    finding.setText("x" * 10_000)
    assert len(finding.text()) == 10_000
    form.submit()
    assert form.field("finding").message.text() == (
        "✖ Finding: at most 1,000 characters; this has 10,000."
    )


@pytest.mark.parametrize(
    ("name", "typed"), [("note", "left arm\x00"), ("temperature_c", "37\x075")]
)
def test_a_control_character_is_refused_at_entry(
    opened: OpenStore, qtbot: QtBot, pid: str, name: str, typed: str
) -> None:
    form = form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(qtbot, form)
    form.field("heart_rate_per_min").editor.setText("80")  # type: ignore[attr-defined]
    form.field(name).editor.setText(typed)  # type: ignore[attr-defined]
    form.submit()
    code = f"U+{ord(next(c for c in typed if ord(c) < 32)):04X}"
    assert f"remove the invisible control character ({code})" in form.field(name).message.text()


def test_the_screen_failure_reason_is_refused_over_its_limit(
    opened: OpenStore, qtbot: QtBot
) -> None:
    nurse = opened.actor(Role.NURSE)
    entry = ScreeningEntry(initials="LW", sex="F", age_years="60", weight_kg="58",
                           admission_date=date.today())  # fmt: skip
    screened = screen_patient(opened.store, nurse, PROTOCOL, entry).id
    form = shown(qtbot, ScreeningForm(opened.store, nurse, PROTOCOL, screened))
    assert isinstance(form, ScreeningForm)
    form.fail_reason.setText("r" * 501)
    form.fail_button.click()
    assert form.action_error.text() == (
        "Reason for the screen failure: at most 500 characters; this has 501."
    )
    with opened.store.read() as session:
        assert session.get_one(Participant, screened).status == "screening"


def test_the_reason_for_a_change_is_refused_over_its_limit(qtbot: QtBot) -> None:
    dialog = ReasonDialog("You are changing SpO₂: 92 → 94")
    qtbot.addWidget(dialog)
    dialog.reason_edit.setText("r" * (REASON_CHARS + 1))
    assert not dialog.ok_button.isEnabled()
    assert dialog.refusal.text() == f"Reason: at most {REASON_CHARS} characters; this has 501."
    dialog.reason_edit.setText("r" * REASON_CHARS)
    assert dialog.ok_button.isEnabled() and dialog.refusal.text() == ""


# -- long text where it is shown ------------------------------------------------------


@pytest.fixture
def long_named_window(qtbot: QtBot, opened: OpenStore) -> MainWindow:
    styled()
    actor = dataclasses.replace(opened.admin, full_name=LONG_NAME)
    window = MainWindow(
        SessionController(opened.store, actor), parts=FakeParts(), idle_timeout_ms=60_000
    )
    qtbot.addWidget(window)
    window.resize(WARD_WIDTH, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_long_full_name_is_cut_in_the_status_bar(long_named_window: MainWindow) -> None:
    label = long_named_window.user_label
    assert len(label.shown_text()) < 100 and label.shown_text().endswith("· admin")
    assert "Wang Wang" in label.toolTip()
    assert long_named_window.minimumSizeHint().width() <= WARD_WIDTH
    assert long_named_window.width() <= WARD_WIDTH


def test_a_long_full_name_is_cut_on_the_lock_screen(long_named_window: MainWindow) -> None:
    long_named_window.lock()
    who = long_named_window.cover.who_label
    assert len(who.text()) < 300 and "Wang Wang" in who.toolTip()
    assert long_named_window.cover.minimumSizeHint().width() <= WARD_WIDTH
    assert who.sizeHint().height() < 200


def test_a_long_full_name_is_cut_in_the_password_dialog(opened: OpenStore, qtbot: QtBot) -> None:
    styled()
    actor = dataclasses.replace(opened.admin, full_name=LONG_NAME)
    dialog = ChangePasswordDialog(opened.store, actor, forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizeHint().height() < 768 and dialog.sizeHint().width() <= WARD_WIDTH


def test_a_long_full_name_is_cut_in_the_admin_table(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = UsersTableModel()
    model.set_users([UserView("wang", LONG_NAME, "nurse", True, False, "2026-03-01")])
    cell = model.index(0, UsersTableModel.FULL_NAME)
    shown_text = model.data(cell, Qt.ItemDataRole.DisplayRole)
    assert len(shown_text) <= 60 and shown_text.endswith("…")
    assert "Wang Wang" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)


def test_find_refuses_10000_characters_and_does_not_echo_them(
    long_named_window: MainWindow, qtbot: QtBot
) -> None:
    find = long_named_window.barcode_edit
    find.setText("7" * 10_000)  # a scanner gone wrong, or a paste
    qtbot.keyClick(find, Qt.Key.Key_Return)
    said = long_named_window.message_label.text()
    assert said.startswith("Find: at most 32 characters; this has 10,000.")
    assert "7777" not in said and len(said) < 200
    assert long_named_window.message_frame.isVisible()
