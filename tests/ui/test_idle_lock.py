"""The idle lock: the window covers itself, keeps half-filled forms, and gives them back.

Also home to the small stand-ins the other UI tests share: a participant page with
a form (until the real one has one) and the participant parts that provide it.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditEntry
from app.roles import Role
from app.services.drafts import load_draft
from app.services.users import change_password
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import apply_style
from app.ui.lock import IdleWatcher
from app.ui.main_window import MainWindow, ParticipantParts
from app.ui.session import SessionController
from tests.conftest import ADMIN_PASSWORD, OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def styled() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)


class FormPage(QWidget):
    """A participant page with a form, the way the real one offers its drafts."""

    def __init__(self, participant_id: str) -> None:
        super().__init__()
        self.setProperty("participantId", participant_id)
        self.spo2_edit = QLineEdit(self)
        self.note_edit = QLineEdit(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.spo2_edit)
        layout.addWidget(self.note_edit)

    def draft_state(self) -> dict[str, Any] | None:
        state = {"spo2": self.spo2_edit.text(), "note": self.note_edit.text()}
        return state if any(state.values()) else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.spo2_edit.setText(state.get("spo2", ""))
        self.note_edit.setText(state.get("note", ""))


class FakeParts(ParticipantParts):
    """Plain pages for Today and Participants, :class:`FormPage` for a participant."""

    CODES: ClassVar[dict[str, str]] = {"K-1041": "p-1", "S-002": "p-2"}

    @staticmethod
    def _named(name: str) -> QWidget:
        page = QWidget()
        page.setObjectName(name)
        return page

    def today(self, store: Store, actor: Actor) -> QWidget:
        return self._named("today")

    def participants(self, store: Store, actor: Actor) -> QWidget:
        return self._named("participants")

    def participant(self, store: Store, actor: Actor, participant_id: str) -> QWidget:
        return FormPage(participant_id)

    def find_by_code(self, store: Store, code: str) -> str | None:
        return self.CODES.get(code.strip().upper())


def ready_nurse(opened: OpenStore) -> Actor:
    """A nurse who has already chosen their own password."""
    nurse = opened.actor(Role.NURSE)
    change_password(opened.store, nurse, "nurse-pass-1", "nurse-pass-2")
    return nurse


@pytest.fixture
def window(qtbot: QtBot, opened: OpenStore) -> MainWindow:
    styled()
    main = MainWindow(
        SessionController(opened.store, opened.admin), parts=FakeParts(), idle_timeout_ms=60_000
    )
    qtbot.addWidget(main)
    main.show()
    return main


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type ``text``; QTest can only type ASCII, so anything else is pasted in."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def unlock_as(qtbot: QtBot, window: MainWindow, name: str, password: str) -> None:
    form = window.cover.form
    form.name_edit.clear()
    qtbot.keyClicks(form.name_edit, name)
    type_into(qtbot, form.password_edit, password)
    with qtbot.waitSignal(window.cover.unlockedBy):
        qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)


def lock_events(store: Store) -> list[str]:
    with store.read() as session:
        return list(
            session.scalars(
                select(AuditEntry.user_name)
                .where(AuditEntry.action == "lock")
                .order_by(AuditEntry.seq)
            )
        )


def test_after_the_idle_timeout_the_cover_hides_everything_and_the_key_is_dropped(
    qtbot: QtBot, window: MainWindow, opened: OpenStore
) -> None:
    window.idle_watcher.set_timeout_ms(300)
    with qtbot.waitSignal(window.session.locked, timeout=5000):
        pass
    assert window.cover.isVisible()
    assert not window.stack.isVisible() and not window.toolbar.isVisible()
    assert not window.statusBar().isVisible()
    assert not opened.store.unlocked and opened.store.engine is None
    assert window.cover.form.name_edit.text() == "admin"
    assert window.cover.form.password_edit.hasFocus() or QApplication.focusWidget() is None
    unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert lock_events(opened.store) == ["admin"]


def test_any_key_or_click_restarts_the_idle_timer(qtbot: QtBot) -> None:
    target = QLineEdit()
    qtbot.addWidget(target)
    watcher = IdleWatcher(60_000)
    watcher.start()
    try:
        watcher._timer.stop()
        qtbot.keyClick(target, "x")
        assert watcher._timer.isActive()
        watcher._timer.stop()
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            QPointF(2, 2),
            QPointF(2, 2),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, press)
        assert watcher._timer.isActive()
    finally:
        watcher.stop()
    watcher._timer.stop()
    qtbot.keyClick(target, "y")
    assert not watcher._timer.isActive()  # a stopped watcher no longer listens


def test_the_same_person_unlocks_back_to_the_same_participant_with_the_form_as_it_was(
    qtbot: QtBot, window: MainWindow, opened: OpenStore
) -> None:
    window.open_participant("p-1")
    page = window.current_page()
    assert isinstance(page, FormPage)
    qtbot.keyClicks(page.spo2_edit, "91")
    qtbot.keyClicks(page.note_edit, "on 4 L/min nasal")
    with qtbot.waitSignal(window.session.locked):
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert not page.isVisible()
    with qtbot.waitSignal(window.session.unlocked) as unlocked:
        unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert unlocked.args == [True]
    assert window.current_page() is page and window.participant_id == "p-1"
    assert page.isVisible() and window.toolbar.isVisible()
    assert (page.spo2_edit.text(), page.note_edit.text()) == ("91", "on 4 L/min nasal")
    # The draft was written before the key went, so a crash while locked loses nothing.
    assert load_draft(opened.store, opened.admin, "participant:p-1") == {
        "spo2": "91",
        "note": "on 4 L/min nasal",
    }


def test_ctrl_l_locks_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.session.locked):
        qtbot.keyClick(window.barcode_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.cover.isVisible()


def test_another_person_starts_on_today_and_the_first_persons_draft_stays_theirs(
    qtbot: QtBot, window: MainWindow, opened: OpenStore
) -> None:
    nurse = ready_nurse(opened)
    window.open_participant("p-1")
    page = window.current_page()
    assert isinstance(page, FormPage)
    qtbot.keyClicks(page.spo2_edit, "88")
    window.lock()

    with qtbot.waitSignal(window.session.userChanged):
        unlock_as(qtbot, window, "nurse", "nurse-pass-2")
    assert window.session.actor.user_id == nurse.user_id
    assert window.current_page().objectName() == "today"
    assert window.participant_id is None
    assert window.user_label.text().startswith("Nurse Person (nurse)")
    assert not window.nav_buttons["admin"].isVisible()
    window.open_participant("p-1")
    nurse_page = window.current_page()
    assert isinstance(nurse_page, FormPage) and nurse_page is not page
    assert nurse_page.spo2_edit.text() == ""  # the admin's draft is not the nurse's

    window.lock()
    unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.current_page().objectName() == "today"
    window.open_participant("p-1")
    again = window.current_page()
    assert isinstance(again, FormPage) and again.spo2_edit.text() == "88"
    assert window.message_label.text() == (
        "Your unsaved entries for this participant were put back."
    )
    assert lock_events(opened.store) == ["admin", "nurse"]


def test_a_wrong_password_on_the_cover_keeps_it_locked(
    qtbot: QtBot, window: MainWindow, opened: OpenStore
) -> None:
    window.lock()
    form = window.cover.form
    qtbot.keyClicks(form.password_edit, "wrong")
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert form.message_label.text() == "The user name or password is not right: try again in 1 s."
    assert window.cover.isVisible() and not opened.store.unlocked


def test_opening_another_participant_keeps_the_first_ones_draft(
    qtbot: QtBot, window: MainWindow, opened: OpenStore
) -> None:
    window.open_participant("p-1")
    first = window.current_page()
    assert isinstance(first, FormPage)
    qtbot.keyClicks(first.note_edit, "started")
    window.open_participant("p-2")
    assert window.participant_id == "p-2"
    assert load_draft(opened.store, opened.admin, "participant:p-1") == {
        "spo2": "",
        "note": "started",
    }
    window.open_participant("p-1")
    page = window.current_page()
    assert isinstance(page, FormPage) and page.note_edit.text() == "started"
