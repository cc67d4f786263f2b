"""The window a nurse works in: navigation, pages, barcode jump, status bar and the lock.

This module builds the window and wires it: Find (a typed or scanned code opens its
participant), each person's language, settings and closing. Its parts are mixins next
to it: the frame (:mod:`app.ui.window_shell`), the pages, made when first shown for the
person logged in (:mod:`app.ui.window_pages`), the lock and the change of person
(:mod:`app.ui.window_lock`), and the drafts a half-filled form leaves when its page
goes (:mod:`app.ui.window_drafts`). The participant screens come from another part of
the app and are loaded by name (:class:`ParticipantParts`), with a plain placeholder
until they exist.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.clinical.errors import ValidationError
from app.clinical.parsing import check_text
from app.errors import BedsideError
from app.models import Participant
from app.roles import Permission, Role
from app.ui import i18n
from app.ui.lock import IdleWatcher, LockCover
from app.ui.session import SessionController
from app.ui.window_lock import LockingMixin
from app.ui.window_pages import PagesMixin
from app.ui.window_parts import ParticipantParts
from app.ui.window_parts import PlaceholderPage as PlaceholderPage
from app.ui.window_shell import (  # noqa: F401 - NAV and the sections are named from here
    ADMIN,
    ALLOCATION,
    NAV,
    PARTICIPANT,
    PARTICIPANTS,
    SAFETY,
    SYNC,
    TODAY,
    study_id,
)

if TYPE_CHECKING:
    from app.store.uow import Actor
    from app.ui.scanner import ScanRouter
    from app.ui.sync_controller import SyncState  # sync:

log = logging.getLogger(__name__)

# The longest code Find looks for: a study ID, a screening number or a kit code.
FIND_CHARS = max(
    c.property.columns[0].type.length or 32
    for c in (Participant.study_id, Participant.screening_number, Participant.kit_code)
)


class MainWindow(PagesMixin, LockingMixin, QMainWindow):
    """Navigation on the left, the current page, a tool bar and a status bar; lockable.

    It speaks the language installed when it was built (:mod:`app.ui.i18n`), and
    installs the language of whoever unlocks it.
    """

    def __init__(
        self,
        session: SessionController,
        *,
        parts: ParticipantParts | None = None,
        idle_timeout_ms: int | None = None,
        scanner: ScanRouter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.scanner = scanner
        self.parts = parts or ParticipantParts()
        self._fixed_timeout_ms = idle_timeout_ms
        self._pages: dict[str, QWidget] = {}
        self._participant_id: str | None = None
        self._unsaved: tuple[Actor, dict[str, dict[str, Any] | None]] | None = None
        self._closing = False
        self._locking = False
        self._site_name = "?"
        self._sync_state: SyncState | None = None

        self._build_toolbar()
        self._build_status_bar()
        nav = self._build_nav()
        self._build_message_strip()
        # Where the person's half-filled form waits, as one sentence to tap.
        self.draft_notice = QPushButton(self)
        self.draft_notice.setObjectName("draftNotice")
        self.draft_notice.setMinimumHeight(48)
        self.draft_notice.setStyleSheet(
            "QPushButton#draftNotice { text-align: left; padding: 8px 12px; color: #111111;"
            " background: #fff3cd; border: 2px solid #8a6d00; border-radius: 6px; }"
            " QPushButton#draftNotice:focus { border-color: #000000; }"
        )
        self.draft_notice.hide()
        self._draft_place: tuple[str, str] | None = None  # (form key, participant id)

        self.stack = QStackedWidget(self)
        from app.protocol import load_default
        from app.ui.infusion_alerts import AlertBanner, AlertMonitor

        # Overdue infusion checks: on a timer of their own, whatever has the focus.
        self.alerts = AlertMonitor(session.store, load_default(), parent=self)
        self.alert_banner = AlertBanner(self.alerts, self)
        work = QVBoxLayout()
        work.setContentsMargins(12, 12, 12, 12)
        work.addWidget(self.alert_banner)
        work.addWidget(self.draft_notice)
        work.addWidget(self.message_frame)
        work.addWidget(self.stack, 1)
        shell = QWidget(self)
        shell_row = QHBoxLayout(shell)
        shell_row.setContentsMargins(0, 0, 0, 0)
        shell_row.setSpacing(0)
        shell_row.addWidget(nav)
        shell_row.addLayout(work, 1)

        self.cover = LockCover(session, self)
        self.outer = QStackedWidget(self)
        self.outer.addWidget(shell)
        self.outer.addWidget(self.cover)
        self.setCentralWidget(self.outer)
        self.idle_watcher = IdleWatcher(60_000, self)  # the real timeout: _start_for_actor
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        from app.ui.sync_controller import SyncController  # sync:

        self.sync = SyncController(session, self)  # sync: rounds on a timer, off the GUI thread
        self._connect_callbacks()
        self._start_for_actor()
        self.sync.start()  # sync: later it follows the session's lock and unlock
        self.resize(1280, 800)

    # -- building -----------------------------------------------------------------

    def _connect_callbacks(self) -> None:
        for name, button in self.nav_buttons.items():
            button.clicked.connect(self._nav_clicked)
            button.setProperty("section", name)
        self.barcode_edit.returnPressed.connect(self._jump_to_code)
        if self.scanner is not None:  # a scan aimed at no check field lands in Find
            self.scanner.scanned.connect(self._scanned)
        self.draft_notice.clicked.connect(self._go_to_draft)
        self.lock_button.clicked.connect(self.lock)
        self.password_button.clicked.connect(self._change_password)
        self.language_combo.activated.connect(self._language_chosen)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_barcode)
        self.idle_watcher.idle.connect(self.lock)
        self.cover.unlockedBy.connect(self._unlocked)
        self.session.userChanged.connect(self._user_changed)
        self._clock.timeout.connect(self._tick)
        self.sync.statusChanged.connect(self._sync_status)  # sync:
        self.alert_banner.openParticipant.connect(self.open_participant)

    def _start_for_actor(self) -> None:
        actor = self.session.actor
        self.nav_buttons[ADMIN].setVisible(actor.role is Role.ADMIN)
        self.nav_buttons[ALLOCATION].setVisible(actor.can(Permission.SEE_ARM))
        self._site_name = self._site()
        self.retranslate()
        self.show_section(TODAY)
        self._clock.start()
        self.idle_watcher.set_timeout_ms(self._idle_timeout_ms())
        self.idle_watcher.start()
        self._read_scan_prefix()
        self._announce_draft()
        self.alerts.set_store(self.session.store)
        self.alerts.start()

    def _site(self) -> str:
        try:
            return self.session.store.info().site
        except BedsideError as exc:
            log.warning("site unknown: %s", exc.sentence)
            return "?"

    def _idle_timeout_ms(self) -> int:
        if self._fixed_timeout_ms is not None:
            return self._fixed_timeout_ms
        from app.services.settings import get_idle_timeout_minutes

        return get_idle_timeout_minutes(self.session.store) * 60_000

    def show_message(self, sentence: str) -> None:
        self.message_label.setText(sentence)
        self.message_frame.show()

    # -- slots ----------------------------------------------------------------------

    @Slot()
    def _nav_clicked(self) -> None:
        self.message_frame.hide()
        self.barcode_edit.clear()
        self.show_section(str(self.sender().property("section")))

    @Slot()
    def _focus_barcode(self) -> None:
        self.barcode_edit.setFocus()
        self.barcode_edit.selectAll()

    @Slot()
    def _jump_to_code(self) -> None:
        try:  # refused, never cut or echoed back: a code is short
            code = check_text(self.barcode_edit.text(), "find", "Find", max_chars=FIND_CHARS)
        except ValidationError as exc:
            self.show_message(
                self.tr(
                    "{problem} Scan the label again, or type its study ID, screening "
                    "number or kit code."
                ).format(problem=exc.message)
            )
            self.barcode_edit.selectAll()
            return
        if not code:
            return
        try:
            found = self.parts.find_by_code(self.session.store, code)
        except BedsideError as exc:
            self.show_message(exc.sentence)
            return
        if found is None:
            self.show_message(
                self.tr(
                    "No participant has the code “{code}”. Check the label, or look in "
                    "Participants."
                ).format(code=code)
            )
            self.barcode_edit.selectAll()
            return
        self.barcode_edit.clear()
        self.message_frame.hide()
        self.open_participant(found)

    @Slot(str)
    def _scanned(self, code: str) -> None:
        """A scan aimed at no check field: find its participant."""
        if self.session.is_locked:
            return
        self.barcode_edit.setText(code)
        self._jump_to_code()

    @Slot(int)
    def _language_chosen(self, index: int) -> None:
        """The person's own language, kept for them; the screens follow at once."""
        from app.services.settings import set_person_language

        code = self.language_combo.itemData(index)
        try:
            set_person_language(self.session.store, self.session.actor, code)
        except BedsideError as exc:
            self.show_message(exc.sentence)
            return
        if code == i18n.current_language():
            return
        self._keep_drafts(self._drafts())  # what is typed survives the pages' rebuilding
        participant = self._participant_id
        i18n.apply_for(self.session.store, self.session.actor)
        self._drop_pages()
        self._start_for_actor()
        if participant is not None:
            self.open_participant(participant)

    @Slot()
    def _settings_changed(self) -> None:
        self.idle_watcher.set_timeout_ms(self._idle_timeout_ms())
        self._read_scan_prefix()

    def _read_scan_prefix(self) -> None:
        if self.scanner is not None and self.session.store.unlocked:
            from app.ui.scan_prefix import scan_prefix

            self.scanner.prefix = scan_prefix(self.session.store)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self.idle_watcher.stop()
            self._clock.stop()
            self.sync.stop()  # sync:
            self.alerts.stop()
            try:
                self.session.close(self._drafts() if not self.session.is_locked else None)
            except BedsideError as exc:  # the window closes anyway; the log has it
                log.warning("closing: %s", exc.sentence)
        super().closeEvent(event)
