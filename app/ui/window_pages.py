"""The main window's pages: each made when first shown, for the person logged in, and the
participant's page, opened at the form a tap on Today or a scan asks for.

A page with a half-filled form gives it back as a draft before it goes, and gets it
back when its person opens it again (:mod:`app.ui.window_drafts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.roles import Permission, Role
from app.ui.window_drafts import DraftsMixin
from app.ui.window_parts import ParticipantParts, PlaceholderPage, participant_form_key
from app.ui.window_shell import (
    ADMIN,
    ALLOCATION,
    PARTICIPANT,
    PARTICIPANTS,
    SAFETY,
    SYNC,
    TODAY,
    ShellMixin,
)

if TYPE_CHECKING:
    from app.ui.sync_controller import SyncController  # sync:

# What a person sees of a section their role does not open: its title and why (English
# sources, translated where shown; str(): PySide6 types QT_TRANSLATE_NOOP as object).
NOT_PERMITTED = {
    ALLOCATION: (
        str(QT_TRANSLATE_NOOP("MainWindow", "Allocation")),
        str(QT_TRANSLATE_NOOP("MainWindow", "Only a pharmacist manages the kit list.")),
    ),
    ADMIN: (
        str(QT_TRANSLATE_NOOP("MainWindow", "Admin")),
        str(QT_TRANSLATE_NOOP("MainWindow", "Only an admin manages people and settings.")),
    ),
}


def not_permitted(section: str) -> PlaceholderPage:
    """The page shown instead of ``section`` to a person whose role does not open it."""
    title, why = NOT_PERMITTED[section]
    return PlaceholderPage(
        QCoreApplication.translate("MainWindow", title),
        QCoreApplication.translate("MainWindow", why),
    )


class PagesMixin(DraftsMixin, ShellMixin):
    """The pages of :class:`~app.ui.main_window.MainWindow` (its session, its stack)."""

    parts: ParticipantParts
    stack: QStackedWidget
    sync: SyncController
    _participant_id: str | None

    def _settings_changed(self) -> None:
        raise NotImplementedError

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
                page = not_permitted(ALLOCATION)
            elif name == ALLOCATION:
                from app.ui.allocation_page import AllocationPage

                page = AllocationPage(store, actor)
            elif name == SYNC:  # sync:
                from app.ui.sync_page import SyncPage

                page = SyncPage(self.sync, store, actor)
            elif name == ADMIN and actor.role is not Role.ADMIN:
                page = not_permitted(ADMIN)
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
                    QCoreApplication.translate(
                        "MainWindow", "Your unsaved entries for this participant were put back."
                    )
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

    @Slot()
    def _back_to_participants(self) -> None:
        self.show_section(PARTICIPANTS)
