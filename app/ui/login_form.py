"""The login form the login window and the lock cover share, and the card it sits on.

User name, password, a Caps Lock hint and one-sentence refusals; after too many wrong
passwords the form counts down the wait of that account, live. Imported before the
login window shows, so it imports Qt and nothing heavy.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

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
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, LoginBackoff, WrongPassword
from app.ui.app_style import form_layout, set_kind

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

# English sources, translated where they are shown (``tr`` with the context named);
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
WRONG_LOGIN = str(QT_TRANSLATE_NOOP("LoginForm", "The user name or password is not right"))
LOG_IN = str(QT_TRANSLATE_NOOP("LoginForm", "Log in"))
UNLOCK = str(QT_TRANSLATE_NOOP("LoginForm", "Unlock"))
DISABLED = re.compile(r"The account (.+) is disabled: ask an admin\.")
COUNTDOWN_TICK_MS = 250


def centred_card(host: QWidget, *, max_width: int) -> tuple[QFrame, QVBoxLayout]:
    """A card in the middle of ``host``, a little above centre; add its contents to the layout."""
    card = QFrame(host)
    card.setProperty("kind", "card")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(32, 28, 32, 28)
    inner.setSpacing(16)
    card.setMinimumWidth(520)
    card.setMaximumWidth(max_width)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card, 3)
    row.addStretch(1)
    outer = QVBoxLayout(host)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return card, inner


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
