"""After an unlock, the returning person is told in one sentence where their draft waits,
and a tap on it takes them there with the entries back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.participant_page import ParticipantPage
from app.ui.session import SessionController
from app.ui.visits_panel import VisitsPanel
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.ui.test_idle_lock import FormPage, ready_nurse, unlock_as, window  # noqa: F401
from tests.ui.test_timeline_kinds import screened
from tests.ui.test_today_workflow import _on_study

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


def test_after_another_person_used_it_the_first_is_told_where_the_draft_waits(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = _on_study(opened, "P-007", 1)
    nurse = ready_nurse(opened)
    window = MainWindow(SessionController(opened.store, nurse), idle_timeout_ms=600_000)  # noqa: F811
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_participant_form(pid, "visits", "D1")
    page = window.current_page()
    assert isinstance(page, ParticipantPage)
    panel = page.forms().widget("visits")
    assert isinstance(panel, VisitsPanel)
    form = panel.current_form()
    assert form is not None
    temperature = form.field("temperature_c").editor
    qtbot.keyClicks(temperature, "38,5")
    window.lock()
    with qtbot.waitSignal(window.session.userChanged):
        unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert not window.draft_notice.isVisible()  # the admin has no draft
    window.lock()
    with qtbot.waitSignal(window.session.userChanged):
        unlock_as(qtbot, window, "nurse", "nurse-pass-2")
    assert window.session.actor.user_id == nurse.user_id

    assert window.draft_notice.isVisible()
    assert window.draft_notice.text() == (
        "Your unsaved vital signs (D1) for P-007 wait for you: tap here to go back to them."
    )
    window.grab().save("/tmp/draft_notice.png")
    qtbot.mouseClick(window.draft_notice, CLICK)
    assert not window.draft_notice.isVisible()
    back = window.current_page()
    assert isinstance(back, ParticipantPage) and back.participant_id == pid
    again = back.forms().widget("visits")
    assert isinstance(again, VisitsPanel)
    restored = again.current_form()
    assert restored is not None and restored.form_name == "vitals"
    # The draft keeps the number (the form writes it back with a point).
    assert restored.text("temperature_c").replace(",", ".") == "38.5"


def test_the_same_person_back_at_the_same_form_is_not_told_again(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    window.open_participant("p-1")
    page = window.current_page()
    assert isinstance(page, FormPage)
    qtbot.keyClicks(page.spo2_edit, "91")
    window.lock()
    unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.current_page() is page
    assert not window.draft_notice.isVisible()


def test_a_draft_of_an_unknown_form_still_names_the_participant(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = screened(opened)
    with_draft = SessionController(opened.store, opened.admin)
    with_draft.keep_draft(f"participant:{pid}", {"spo2": "91"})
    window = MainWindow(with_draft, idle_timeout_ms=600_000)  # noqa: F811
    qtbot.addWidget(window)
    window.show()
    assert window.draft_notice.text() == (
        "Your unsaved entries for WH01-WARD_LAPTOP_1-0001 wait for you: tap here to go back "
        "to them."
    )
