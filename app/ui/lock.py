"""The idle lock: a watcher of user activity, and the cover that hides a locked window.

The watcher is an application-wide event filter: any key, click, touch or wheel
anywhere in Bedside restarts its timer; when the timer runs out it says so and the
main window locks. The cover replaces everything in the window (no page is left
visible behind it) and carries the login form that unlocks it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QWidget

from app.timeutil import utc_now
from app.ui.app_style import set_kind
from app.ui.elided import name_shown, tooltip
from app.ui.login_form import UNLOCK, LoginForm, centred_card, wait_seconds

if TYPE_CHECKING:
    from app.store.uow import Actor
    from app.ui.session import SessionController

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Says when nobody has touched Bedside for ``timeout_ms``.

    Signals:
        idle(): the timeout passed without a key press, click, touch or wheel.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    @property
    def watching(self) -> bool:
        return self._watching

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)
        if self._watching:
            self._timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
        self._watching = True
        self._timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._timer.start()
        return False


class LockCover(QFrame):
    """What a locked window shows: who locked it, and the form to unlock it.

    Signals:
        unlockedBy(object): the Actor who unlocked (the same person or another).
    """

    unlockedBy = Signal(object)

    def __init__(self, session: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._shown_for: tuple[Actor, str, str | None] | None = None  # who, at, problem
        self.setProperty("kind", "cover")

        card, inner = centred_card(self, max_width=680)
        self.title_label = QLabel(card)
        set_kind(self.title_label, "title")
        self.who_label = QLabel(card)
        self.who_label.setWordWrap(True)
        self.note_label = QLabel(card)
        self.note_label.setWordWrap(True)
        set_kind(self.note_label, "hint")
        self.form = LoginForm(self._session.unlock, self._wait_for, card, button_text=UNLOCK)
        inner.addWidget(self.title_label)
        inner.addWidget(self.who_label)
        inner.addWidget(self.note_label)
        inner.addWidget(self.form)
        self.form.loggedIn.connect(self._unlocked)
        self.retranslate()

    def retranslate(self) -> None:
        """The cover's words in the interface language, for whoever it is shown for."""
        self.setAccessibleName(self.tr("Bedside is locked"))
        self.title_label.setText(self.tr("Bedside is locked"))
        if self._shown_for is None:
            return
        actor, at, problem = self._shown_for
        self.who_label.setText(
            self.tr(
                "Locked at {time}. {name} ({user}): type your password to go back to where "
                "you were. Someone else: type your own user name and password."
            ).format(time=at, name=name_shown(actor.full_name), user=actor.name)
        )
        self.note_label.setText(
            problem
            or self.tr("Anything you had typed but not saved is kept for you, and only for you.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_for(self, actor: Actor, problem: str | None = None) -> None:
        """Say who locked it and when; put the cursor in the password field."""
        self._shown_for = (actor, utc_now().astimezone().strftime("%H:%M"), problem)
        self.retranslate()
        long_name = name_shown(actor.full_name) != actor.full_name
        self.who_label.setToolTip(tooltip(actor.full_name) if long_name else "")
        set_kind(self.note_label, "error" if problem else "hint")
        self.form.reset(actor.name)

    def _wait_for(self, name: str) -> float:
        return wait_seconds(self._session.store, name)

    @Slot(object)
    def _unlocked(self, actor: Actor) -> None:
        self.unlockedBy.emit(actor)
