"""Logging in: the first window on a laptop that already has a store.

This module is imported before the login window shows, so it imports Qt and
nothing heavy: the store (SQLAlchemy, SQLCipher, cryptography) is imported on a
background thread once the window is on screen, and opened on the GUI thread.
The form itself (:mod:`app.ui.login_form`) is shared with the lock cover; changing a
password is :mod:`app.ui.password_dialog`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.errors import BedsideError
from app.ui.app_style import set_kind
from app.ui.demo_notice import DemoNotice, demo_notice
from app.ui.login_form import LoginForm, centred_card, wait_seconds
from app.ui.password_dialog import ChangePasswordDialog as ChangePasswordDialog

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


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

        card, inner = centred_card(self, max_width=640)
        self.title_label = QLabel(card)
        set_kind(self.title_label, "title")
        self.intro_label = QLabel(card)
        self.intro_label.setWordWrap(True)
        self.form = LoginForm(self._attempt, self._wait_for, card)
        self.folder_label = QLabel(card)
        self.folder_label.setWordWrap(True)
        set_kind(self.folder_label, "hint")
        self.demo_label: DemoNotice | None = demo_notice(data_dir, card)
        inner.addWidget(self.title_label)
        inner.addWidget(self.intro_label)
        inner.addWidget(self.form)
        inner.addWidget(self.folder_label)
        if self.demo_label is not None:
            inner.addWidget(self.demo_label)
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
