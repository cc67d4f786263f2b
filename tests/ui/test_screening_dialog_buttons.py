"""The "Screen a patient" dialog: Cancel leaves without saving; after a save, "Open
participant" opens the new participant; "End of screening" shows only with something under it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.models import Participant
from app.roles import Role
from app.ui.main_window import MainWindow
from app.ui.participant_page import ParticipantPage
from app.ui.participants_view import ParticipantsView
from app.ui.screening_dialog import ScreeningDialog
from app.ui.session import SessionController
from tests.conftest import OpenStore
from tests.ui.test_screening_form import screen, type_in

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


def _count(opened: OpenStore) -> int:
    with opened.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def _window(qtbot: QtBot, opened: OpenStore) -> tuple[MainWindow, ScreeningDialog]:
    window = MainWindow(
        SessionController(opened.store, opened.actor(Role.NURSE)), idle_timeout_ms=600_000
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.mouseClick(window.nav_buttons["participants"], CLICK)
    view = window.current_page()
    assert isinstance(view, ParticipantsView)
    qtbot.mouseClick(view._screen_button, CLICK)
    dialog = view.screening_dialog
    assert isinstance(dialog, ScreeningDialog)
    qtbot.waitExposed(dialog)
    return window, dialog


def test_cancel_closes_the_dialog_and_saves_nothing(qtbot: QtBot, opened: OpenStore) -> None:
    _shown, dialog = _window(qtbot, opened)
    assert not dialog.open_button.isEnabled()
    assert not dialog.form.end_heading.isVisibleTo(dialog.form)  # nothing under it yet
    type_in(qtbot, dialog.form, "initials", "LW")
    qtbot.mouseClick(dialog.cancel_button, CLICK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _count(opened) == 0


def test_open_participant_after_saving_opens_the_new_participants_page(
    qtbot: QtBot, opened: OpenStore
) -> None:
    window, dialog = _window(qtbot, opened)
    pid = screen(qtbot, dialog.form)
    assert dialog.open_button.isEnabled()
    assert dialog.open_hint.text() == "Saved as WH01-WARD_LAPTOP_1-0001."
    assert dialog.cancel_button.text() == "&Close"
    assert dialog.form.end_heading.isVisibleTo(dialog.form)  # screen failure is offered now
    dialog.grab().save("/tmp/screening_dialog_saved.png")
    qtbot.mouseClick(dialog.open_button, CLICK)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    page = window.current_page()
    assert isinstance(page, ParticipantPage) and page.participant_id == pid
