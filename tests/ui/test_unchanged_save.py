"""Save on a saved record that nothing changed saves nothing, asks no reason, and says so."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.models import AuditEntry, Participant
from app.protocol import load_default
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.forms.base import NOTHING_CHANGED, FormWidget
from app.ui.forms.screening_form import ScreeningForm
from app.ui.forms.visit_forms import form_class
from tests.conftest import OpenStore
from tests.ui.screens_helper import styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
CLICK = Qt.MouseButton.LeftButton


def audit_rows(opened: OpenStore) -> int:
    with opened.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def shown(qtbot: QtBot, form: FormWidget) -> FormWidget:
    styled()
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    return form


def press_save_unchanged(qtbot: QtBot, opened: OpenStore, form: FormWidget) -> None:
    before = audit_rows(opened)
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.reason_dialog is None  # no reason asked
    assert form.status_label.text() == NOTHING_CHANGED == "Nothing changed: nothing was saved."
    assert form.status_label.isVisible()
    assert form.save_error.text() == ""
    assert audit_rows(opened) == before  # nothing written


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


def test_saving_unchanged_vital_signs_again_is_a_no_op(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = shown(qtbot, form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL,
                                             pid, "D7"))  # fmt: skip
    temperature = form.field("temperature_c").editor
    assert isinstance(temperature, QLineEdit)
    qtbot.keyClicks(temperature, "37.2")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, CLICK)
    press_save_unchanged(qtbot, opened, form)

    # Opened again later, the saved set is shown as it was: Save changes nothing either.
    again = shown(qtbot, form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL,
                                              pid, "D7"))  # fmt: skip
    picker = again.picker  # type: ignore[attr-defined]
    picker.setCurrentIndex(1)  # the saved set
    assert again.record_id is not None and again.text("temperature_c") == "37.2"
    press_save_unchanged(qtbot, opened, again)

    # Typed and typed back: still nothing to save.
    edit = again.field("temperature_c").editor
    assert isinstance(edit, QLineEdit)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "2")
    press_save_unchanged(qtbot, opened, again)

    # A real change still asks for its reason.
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "4")
    qtbot.mouseClick(again.save_button, CLICK)
    assert again.reason_dialog is not None
    assert again.status_label.text() != NOTHING_CHANGED


def test_saving_an_unchanged_screening_record_is_a_no_op(opened: OpenStore, qtbot: QtBot) -> None:
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=date.today() - timedelta(days=1),
    )  # fmt: skip
    screened = screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id
    form = shown(qtbot, ScreeningForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, screened))
    assert form.record_id is not None and form.text("initials") == "LW"
    press_save_unchanged(qtbot, opened, form)
