"""Logging in: the login window, the form it shares with the lock cover, changing a password.

This module is imported before the login window shows, so it imports Qt and
nothing heavy: the store (SQLAlchemy, SQLCipher, cryptography) is imported on a
background thread once the window is on screen, and opened on the GUI thread.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, InvalidInput, LoginBackoff, WrongPassword
from app.ui.app_style import form_layout, set_kind
from app.ui.demo_notice import DemoNotice, demo_notice
from app.ui.elided import name_shown

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

# English sources, translated where they are shown (``tr`` with the context named);
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
WRONG_LOGIN = str(QT_TRANSLATE_NOOP("LoginForm", "The user name or password is not right"))
PHRASE_RULES = str(
    QT_TRANSLATE_NOOP(
        "ChangePasswordDialog",
        "At least 8 characters. A short phrase is easier to type in gloves than a jumble, "
        "for example “green kettle 42”.",
    )
)
LOG_IN = str(QT_TRANSLATE_NOOP("LoginForm", "Log in"))
UNLOCK = str(QT_TRANSLATE_NOOP("LoginForm", "Unlock"))
DISABLED = re.compile(r"The account (.+) is disabled: ask an admin\.")
COUNTDOWN_TICK_MS = 250


def caps_lock_from_key(event: QKeyEvent) -> bool | None:
    """Whether Caps Lock is on, judged from one key press; ``None`` when it cannot tell.

    Qt has no portable query for Caps Lock, but a letter that comes out upper-case
    without Shift (or lower-case with Shift) can only mean Caps Lock is on.
    """
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


def wait_seconds(store: Store, user_name: str) -> float:
    """How long ``user_name`` must still wait before the next try (0 when they need not)."""
    try:
        store.throttle.check(user_name)
    except LoginBackoff as exc:
        return exc.wait_seconds
    return 0.0


class LoginForm(QWidget):
    """User name, password, Caps Lock hint, one-sentence errors with a live countdown.

    ``attempt(name, password)`` returns the :class:`Actor` or raises a
    :class:`BedsideError`; ``wait_for(name)`` says how long that account must wait.
    ``button_text`` is the English source of the button (:data:`LOG_IN`, :data:`UNLOCK`).

    Signals:
        loggedIn(object): the attempt succeeded; carries the Actor.
    """

    loggedIn = Signal(object)

    def __init__(
        self,
        attempt: Callable[[str, str], Actor],
        wait_for: Callable[[str], float],
        parent: QWidget | None = None,
        *,
        button_text: str = LOG_IN,
    ) -> None:
        super().__init__(parent)
        self._button_source = button_text
        self._attempt = attempt
        self._wait_for = wait_for
        self._caps_on: bool | None = None
        self._deadline = 0.0
        self._wait_prefix = ""
        self._waiting_name = ""
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_TICK_MS)

        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(64)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.caps_label = QLabel(self)
        set_kind(self.caps_label, "caps")
        self.caps_label.hide()
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        set_kind(self.message_label, "error")
        self.message_label.hide()
        self.submit_button = QPushButton(self)
        set_kind(self.submit_button, "primary")
        self.submit_button.setAutoDefault(True)

        form = form_layout()
        form.setVerticalSpacing(12)
        self.name_label = QLabel(self)
        self.name_label.setBuddy(self.name_edit)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password_edit)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.password_label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.caps_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.submit_button)
        self.setTabOrder(self.name_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.submit_button)
        self.retranslate()
        self._connect_callbacks()

    def retranslate(self) -> None:
        """Every fixed word of the form in the interface language."""
        self.name_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.name_edit.setAccessibleName(self.tr("User name"))
        self.name_edit.setPlaceholderText(self.tr("for example nurse.li"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.caps_label.setText(self.tr("Caps Lock is on."))
        self.caps_label.setAccessibleName(self.tr("Caps Lock warning"))
        self.message_label.setAccessibleName(self.tr("Login message"))
        button = QCoreApplication.translate("LoginForm", self._button_source)
        self.submit_button.setText(button)
        self.submit_button.setAccessibleName(button.replace("&", ""))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _connect_callbacks(self) -> None:
        self.name_edit.returnPressed.connect(self._name_entered)
        self.password_edit.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.name_edit.textChanged.connect(self._update_button)
        self._countdown.timeout.connect(self._tick)
        self.name_edit.installEventFilter(self)
        self.password_edit.installEventFilter(self)

    # -- public -----------------------------------------------------------------

    def reset(self, user_name: str = "") -> None:
        """Empty the form (keeping an optional user name) and put the cursor where it belongs."""
        self.name_edit.setText(user_name)
        self.password_edit.clear()
        self._countdown.stop()
        self._waiting_name = ""
        self.message_label.hide()
        self._update_button()
        (self.password_edit if user_name else self.name_edit).setFocus()

    def show_message(self, sentence: str) -> None:
        self.message_label.setText(sentence)
        self.message_label.show()

    @property
    def caps_lock_on(self) -> bool:
        return bool(self._caps_on)

    # -- slots --------------------------------------------------------------------

    @Slot()
    def _name_entered(self) -> None:
        if self.password_edit.text():
            self.submit()
        else:
            self.password_edit.setFocus()

    @Slot()
    def submit(self) -> None:
        name = self.name_edit.text().strip()
        password = self.password_edit.text()
        if not name:
            self.show_message(self.tr("Type your user name."))
            self.name_edit.setFocus()
            return
        if not password:
            self.show_message(self.tr("Type your password."))
            self.password_edit.setFocus()
            return
        if not self.submit_button.isEnabled():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            actor = self._attempt(name, password)
        except LoginBackoff as exc:
            prefix = self.tr("Too many wrong passwords for {name}").format(name=name)
            self._refused(name, prefix, exc.wait_seconds)
            return
        except WrongPassword as exc:
            wait = self._wait_for(name)
            if wait > 0:
                self._refused(name, self.tr("The user name or password is not right"), wait)
            else:
                self._refused(name, self._said(exc), 0)
            return
        except BedsideError as exc:
            self._refused(name, self._said(exc), 0)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.password_edit.clear()
        self.message_label.hide()
        self._countdown.stop()
        self.loggedIn.emit(actor)

    def _said(self, exc: BedsideError) -> str:
        """The store's sentences a person meets at the door, in the interface language."""
        text = exc.sentence
        if text == WRONG_LOGIN + ".":
            return self.tr("The user name or password is not right.")
        disabled = DISABLED.fullmatch(text)
        if disabled:
            return self.tr("The account {name} is disabled: ask an admin.").format(name=disabled[1])
        return text

    def _refused(self, name: str, sentence: str, wait: float) -> None:
        self.password_edit.clear()
        self.password_edit.setFocus()
        if wait <= 0:
            self._countdown.stop()
            self._waiting_name = ""
            self.show_message(sentence)
            self._update_button()
            return
        self._wait_prefix = sentence
        self._waiting_name = name
        self._deadline = time.monotonic() + wait
        self._countdown.start()
        self._tick()

    @Slot()
    def _tick(self) -> None:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self._countdown.stop()
            self._waiting_name = ""
            self.show_message(self.tr("You can try again now."))
        else:
            self.show_message(
                self.tr("{reason}: try again in {seconds} s.").format(
                    reason=self._wait_prefix, seconds=math.ceil(remaining)
                )
            )
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        # The wait is per account: another person may log in straight away.
        waiting = bool(self._waiting_name) and self.name_edit.text().strip() == self._waiting_name
        self.submit_button.setEnabled(not waiting)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_CapsLock and self._caps_on is not None:
                self._caps_on = not self._caps_on
            else:
                judged = caps_lock_from_key(event)
                if judged is not None:
                    self._caps_on = judged
            self.caps_label.setVisible(bool(self._caps_on))
        return super().eventFilter(watched, event)


class _StoreImport(QObject):
    """Imports the store's modules on a worker thread and says when they are ready.

    Signals:
        ready(): the import finished (successfully or not; opening reports errors).
    """

    ready = Signal()

    def start(self) -> None:
        threading.Thread(target=self._run, name="bedside-prewarm", daemon=True).start()

    def _run(self) -> None:
        try:
            import app.store.store  # noqa: F401 - loads SQLAlchemy, SQLCipher, cryptography
        finally:
            self.ready.emit()


class LoginWindow(QWidget):
    """The first window on a laptop that already has a store.

    Signals:
        loggedIn(object, object): the open Store and the Actor who logged in.
    """

    loggedIn = Signal(object, object)

    PREWARM_DELAY_MS = 200

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._store: Store | None = None
        self._prewarm: _StoreImport | None = None
        self.setProperty("kind", "backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)

        card = QFrame(self)
        card.setProperty("kind", "card")
        self.title_label = QLabel(card)
        set_kind(self.title_label, "title")
        self.intro_label = QLabel(card)
        self.intro_label.setWordWrap(True)
        self.form = LoginForm(self._attempt, self._wait_for, card)
        self.folder_label = QLabel(card)
        self.folder_label.setWordWrap(True)
        set_kind(self.folder_label, "hint")
        self.demo_label: DemoNotice | None = demo_notice(data_dir, card)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(16)
        inner.addWidget(self.title_label)
        inner.addWidget(self.intro_label)
        inner.addWidget(self.form)
        inner.addWidget(self.folder_label)
        if self.demo_label is not None:
            inner.addWidget(self.demo_label)
        card.setMinimumWidth(520)
        card.setMaximumWidth(640)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.resize(900, 640)
        self.retranslate()
        self.form.loggedIn.connect(self._logged_in)

    def retranslate(self) -> None:
        """The window's fixed words in the interface language (the form does its own)."""
        self.setWindowTitle(self.tr("Bedside — log in"))
        self.title_label.setText(self.tr("Bedside"))
        self.intro_label.setText(
            self.tr(
                "Log in with your own user name and password. Never use someone else’s account."
            )
        )
        self.folder_label.setText(self.tr("Data folder: {folder}").format(folder=self.data_dir))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def store(self) -> Store | None:
        return self._store

    def use_store(self, store: Store) -> None:
        """Log in to an already open store (tests, and after the setup wizard)."""
        self._store = store

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.form.name_edit.setFocus()
        if self._store is None and self._prewarm is None:
            # No parent: the import thread keeps it alive if the window goes first.
            self._prewarm = _StoreImport()
            self._prewarm.ready.connect(self._open_quietly)
            QTimer.singleShot(self.PREWARM_DELAY_MS, self._prewarm.start)

    @Slot()
    def _open_quietly(self) -> None:
        """Open the store as soon as it can be, so 'in use' or 'damaged' shows before typing."""
        try:
            self._ensure_store()
        except BedsideError as exc:
            self.form.show_message(exc.sentence)

    def _ensure_store(self) -> Store:
        if self._store is None:
            from app.store.store import Store

            self._store = Store.open(self.data_dir)
        return self._store

    def _attempt(self, name: str, password: str) -> Actor:
        return self._ensure_store().unlock(name, password)

    def _wait_for(self, name: str) -> float:
        return 0.0 if self._store is None else wait_seconds(self._store, name)

    @Slot(object)
    def _logged_in(self, actor: Actor) -> None:
        assert self._store is not None
        self.loggedIn.emit(self._store, actor)


class ChangePasswordDialog(QDialog):
    """The person changes their own password; forced after a temporary one."""

    def __init__(
        self, store: Store, actor: Actor, *, forced: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.setWindowTitle(self.tr("Bedside — choose a new password"))
        self.setModal(True)
        name = name_shown(actor.full_name)  # a name of any length leaves room for the form
        intro = QLabel(
            self.tr("{name}, your password is temporary: choose your own before you start.")
            if forced
            else self.tr("{name}, choose a new password."),
            self,
        )
        intro.setText(intro.text().format(name=name))
        intro.setWordWrap(True)
        set_kind(intro, "heading")
        self.current_edit = QLineEdit(self)
        self.new_edit = QLineEdit(self)
        self.again_edit = QLineEdit(self)
        current = self.tr("Temporary password") if forced else self.tr("Current password")
        for edit, name in (
            (self.current_edit, current),
            (self.new_edit, self.tr("New password")),
            (self.again_edit, self.tr("New password again")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        rules = QLabel(QCoreApplication.translate("ChangePasswordDialog", PHRASE_RULES), self)
        rules.setWordWrap(True)
        set_kind(rules, "hint")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        set_kind(self.message_label, "error")
        self.message_label.hide()
        self.ok_button = QPushButton(self.tr("Change password"), self)
        set_kind(self.ok_button, "primary")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Log out") if forced else self.tr("Cancel"), self)

        form = form_layout()
        form.addRow(current, self.current_edit)
        form.addRow(self.tr("New password"), self.new_edit)
        form.addRow(self.tr("New password again"), self.again_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.resize(640, 420)
        self.ok_button.clicked.connect(self._change)
        self.cancel_button.clicked.connect(self.reject)

    @Slot()
    def _change(self) -> None:
        from app.services.users import change_password, check_password

        old, new = self.current_edit.text(), self.new_edit.text()
        try:
            if new != self.again_edit.text():
                raise InvalidInput(
                    self.tr("The two new passwords are not the same: type them again.")
                )
            if new == old:
                raise InvalidInput(self.tr("Choose a new password, not the one you have now."))
            check_password(new)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                change_password(self.store, self.actor, old, new)
            finally:
                QApplication.restoreOverrideCursor()
        except WrongPassword as exc:
            text = exc.sentence
            if text.startswith("The user name or password"):
                text = self.tr("The current password is not right: type it again.")
            self._refuse(text)
            return
        except BedsideError as exc:
            self._refuse(exc.sentence)
            return
        self.accept()

    def _refuse(self, sentence: str) -> None:
        self.message_label.setText(sentence)
        self.message_label.show()
        self.new_edit.clear()
        self.again_edit.clear()
        self.current_edit.setFocus()
