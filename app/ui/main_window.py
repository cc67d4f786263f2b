"""The window a nurse works in: navigation, pages, barcode jump, status bar and the lock.

Pages are made when first shown, for the person logged in, and thrown away when
another person unlocks the window. Before a page with a half-filled form goes
(lock, another participant, another person, closing), its ``draft_state()`` is
kept as that person's draft; when they open it again, ``restore_draft()`` puts it
back. The participant screens come from another part of the app and are loaded by
name (:class:`ParticipantParts`), with a plain placeholder until they exist.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Slot
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
from app.ui.password_dialog import ChangePasswordDialog
from app.ui.session import SessionController
from app.ui.window_drafts import DraftsMixin
from app.ui.window_parts import ParticipantParts, PlaceholderPage, participant_form_key
from app.ui.window_shell import (  # noqa: F401 - NAV and the sections are named from here
    ADMIN,
    ALLOCATION,
    NAV,
    PARTICIPANT,
    PARTICIPANTS,
    SAFETY,
    SYNC,
    TODAY,
    ShellMixin,
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


class MainWindow(DraftsMixin, ShellMixin, QMainWindow):
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

    # -- pages --------------------------------------------------------------------

    def _page(self, name: str) -> QWidget:
        page = self._pages.get(name)
        if page is None:
            store, actor = self.session.store, self.session.actor
            if name == TODAY:
                page = self.parts.today(store, actor)
            elif name == PARTICIPANTS:
                page = self.parts.participants(store, actor)
            elif name == SAFETY:
                from app.protocol import load_default
                from app.ui.safety_page import SafetyPage

                page = SafetyPage(store, load_default(), actor=actor)
                page.open_event.connect(self._open_adverse_event)
            elif name == ALLOCATION and not actor.can(Permission.SEE_ARM):
                page = PlaceholderPage(
                    self.tr("Allocation"), self.tr("Only a pharmacist manages the kit list.")
                )
            elif name == ALLOCATION:
                from app.ui.allocation_page import AllocationPage

                page = AllocationPage(store, actor)
            elif name == SYNC:  # sync:
                from app.ui.sync_page import SyncPage

                page = SyncPage(self.sync, store, actor)
            elif name == ADMIN and actor.role is not Role.ADMIN:
                page = PlaceholderPage(
                    self.tr("Admin"), self.tr("Only an admin manages people and settings.")
                )
            elif name == ADMIN:
                from app.ui.admin_page import AdminPage

                page = AdminPage(store, actor)
                page.settingsChanged.connect(self._settings_changed)
            else:
                raise KeyError(name)
            form_opener = getattr(page, "openForm", None)
            opener = getattr(page, "openParticipant", None)
            if form_opener is not None:  # Today: a tap goes to the form, not only the page
                form_opener.connect(self.open_participant_form)
            elif opener is not None:
                opener.connect(self.open_participant)
            self._restore_draft(page, self._draft_key(page))
            self._pages[name] = page
            self.stack.addWidget(page)
        return page

    def show_section(self, name: str) -> None:
        page = self._page(name)
        if name == SAFETY:
            page.refresh()  # type: ignore[attr-defined]  # the clocks move while away
        self.stack.setCurrentWidget(page)
        self.nav_buttons[name].setChecked(True)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def participant_id(self) -> str | None:
        """The participant whose page is open (shown or not)."""
        return self._participant_id

    @Slot(str)
    @Slot(str, str)
    def _open_adverse_event(self, participant_id: str, _event_id: str) -> None:
        self.open_participant(participant_id)

    def open_participant(self, participant_id: str) -> None:
        """Show the participant's page, with this person's draft of it if they left one."""
        page = self._pages.get(PARTICIPANT)
        if page is not None and self._participant_id != participant_id:
            key = self._draft_key(page)
            if key:
                self._keep_drafts({key: self._draft_of(page)})
            self.stack.removeWidget(page)
            page.deleteLater()
            del self._pages[PARTICIPANT]
            page = None
        if page is None:
            page = self.parts.participant(self.session.store, self.session.actor, participant_id)
            page.setProperty("draftKey", participant_form_key(participant_id))
            self._participant_id = participant_id
            if self._restore_draft(page, self._draft_key(page)):
                self.show_message(
                    self.tr("Your unsaved entries for this participant were put back.")
                )
            back = getattr(page, "backRequested", None)
            if back is not None:
                back.connect(self._back_to_participants)
            self._pages[PARTICIPANT] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.nav_buttons[PARTICIPANTS].setChecked(True)
        if self._draft_place is not None and self._draft_place[1] == participant_id:
            self._draft_place = None
            self.draft_notice.hide()

    @Slot(str, str, str)
    def open_participant_form(self, participant_id: str, tab: str, visit_code: str) -> None:
        """Open the participant at ``tab``: ``visits`` with the form of ``visit_code`` (or
        the visit's form already half-filled there), ``eligibility`` to sign; focused."""
        self.open_participant(participant_id)
        page = self._pages.get(PARTICIPANT)
        forms = getattr(page, "forms", None)
        if page is None or not callable(forms):
            return
        try:
            shown = forms().show_tab(tab)
        except KeyError:
            return
        target: QWidget = shown
        open_form = getattr(shown, "open_form", None)
        if tab == "visits" and callable(open_form):
            current = shown.current_form()
            if current is None or current.draft_state() is None:
                current = open_form("vitals", visit_code or None)
            target = current
        self._focus_first_field(target)

    @staticmethod
    def _focus_first_field(widget: QWidget) -> None:
        fields = getattr(widget, "fields", None)
        if callable(fields):
            for entry in fields().values():
                editor = getattr(entry, "editor", None)
                if isinstance(editor, QWidget) and editor.isEnabled():
                    editor.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _drop_pages(self) -> None:
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._participant_id = None

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
    def _back_to_participants(self) -> None:
        self.show_section(PARTICIPANTS)

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
        self.statusBar().hide()
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
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog.isVisible() and dialog is not self:
                dialog.close()

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

    @Slot(object)
    def _unlocked(self, actor: Actor) -> None:
        # The same person again: their language may have been changed meanwhile.
        i18n.apply_for(self.session.store, actor)
        self.outer.setCurrentIndex(0)
        self.toolbar.show()
        self.statusBar().show()
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
            self.session.store, self.session.actor, forced=True, parent=self
        )
        dialog.rejected.connect(self.lock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _change_password(self) -> None:
        dialog = ChangePasswordDialog(self.session.store, self.session.actor, parent=self)
        dialog.accepted.connect(self._password_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _password_changed(self) -> None:
        self.show_message(self.tr("Your password was changed. Use the new one from now on."))

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
