"""Locking the main window and unlocking it, by the same person or another, and the
password changes that come with a person: by choice, or forced after a temporary one.

Locking keeps every half-filled form as its person's draft, then drops the key; when
another person unlocks, the first person's pages go and the newcomer's come up in their
language.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.errors import BedsideError
from app.ui import i18n
from app.ui.lock import IdleWatcher, LockCover
from app.ui.password_dialog import ChangePasswordDialog
from app.ui.window_drafts import DraftsMixin
from app.ui.window_shell import ShellMixin

if TYPE_CHECKING:
    from app.store.uow import Actor
    from app.ui.infusion_alerts import AlertMonitor
    from app.ui.sync_controller import SyncController  # sync:

log = logging.getLogger(__name__)


class LockingMixin(DraftsMixin, ShellMixin):
    """Lock and unlock for :class:`~app.ui.main_window.MainWindow` (its session, its cover)."""

    idle_watcher: IdleWatcher
    cover: LockCover
    outer: QStackedWidget
    alerts: AlertMonitor
    sync: SyncController
    _clock: QTimer
    _locking: bool
    _unsaved: tuple[Actor, dict[str, dict[str, Any] | None]] | None

    def _start_for_actor(self) -> None:
        raise NotImplementedError

    def _drop_pages(self) -> None:
        raise NotImplementedError

    @property
    def _window(self) -> QMainWindow:
        assert isinstance(self, QMainWindow)
        return self

    @Slot()
    def lock(self) -> None:
        """Cover the window, keep every half-filled form as a draft, drop the key."""
        if self.session.is_locked or self._locking:
            return
        self._locking = True
        self.idle_watcher.stop()
        self._clock.stop()
        actor = self.session.actor
        self._close_dialogs()
        self.barcode_edit.clear()
        self.message_frame.hide()
        self.draft_notice.hide()
        self.toolbar.hide()
        self._window.statusBar().hide()
        self.outer.setCurrentWidget(self.cover)
        drafts = self._drafts()
        self.alerts.set_store(None)  # it keeps counting; the store is closed
        self.sync.stop()  # sync: a round in flight finishes before the key goes
        try:
            problem = self.session.lock(drafts)
        finally:
            self._locking = False
        self._unsaved = (actor, drafts) if problem else None
        self.cover.show_for(actor, problem)

    def _close_dialogs(self) -> None:
        window = self._window
        for dialog in window.findChildren(QWidget):
            if dialog.isWindow() and dialog.isVisible() and dialog is not window:
                dialog.close()

    @Slot(object)
    def _unlocked(self, actor: Actor) -> None:
        # The same person again: their language may have been changed meanwhile.
        i18n.apply_for(self.session.store, actor)
        self.outer.setCurrentIndex(0)
        self.toolbar.show()
        self._window.statusBar().show()
        self._clock.start()
        self._tick()
        self.idle_watcher.start()
        current = self.current_page()
        if current is not None:
            current.setFocus()
        self._announce_draft()
        self.alerts.set_store(self.session.store)
        self.alerts.check_now()

    @Slot(object)
    def _user_changed(self, actor: Actor) -> None:
        """Another person unlocked: the first person's pages go, their drafts stay theirs."""
        if self._unsaved is not None:
            # The drafts could not be kept at lock time; try again as their author.
            from app.services.drafts import save_draft

            author, drafts = self._unsaved
            for key, state in drafts.items():
                if state:
                    try:
                        save_draft(self.session.store, author, key, state)
                    except BedsideError as exc:
                        log.warning("draft of %s lost: %s", author.name, exc.sentence)
            self._unsaved = None
        self.message_frame.hide()
        i18n.apply_for(self.session.store, actor)  # the new person's pages in their language
        self._drop_pages()
        self._start_for_actor()
        if self.session.must_change_password():
            QTimer.singleShot(0, self._force_password_change)

    @Slot()
    def _force_password_change(self) -> None:
        dialog = ChangePasswordDialog(
            self.session.store, self.session.actor, forced=True, parent=self._window
        )
        dialog.rejected.connect(self.lock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _change_password(self) -> None:
        dialog = ChangePasswordDialog(self.session.store, self.session.actor, parent=self._window)
        dialog.accepted.connect(self._password_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _password_changed(self) -> None:
        self.show_message(
            QCoreApplication.translate(
                "MainWindow", "Your password was changed. Use the new one from now on."
            )
        )
