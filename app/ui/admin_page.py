"""The admin's page: people (add, disable, reset a password), settings, this device.

Every action goes through :mod:`app.services.users` or :mod:`app.services.settings`
(one unit of work each, audited there); this page only lays out the forms and
shows the one sentence each action ends with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError, InvalidInput
from app.roles import Role
from app.services import settings, users
from app.ui.app_style import TOUCH_MIN_PX, form_layout, set_kind
from app.ui.device_info import show_device_info
from app.ui.elided import name_shown
from app.ui.list_table import list_table
from app.ui.page_feedback import ask_yes_no, say
from app.ui.participant_tabs import scrolled
from app.ui.users_model import UsersTableModel as UsersTableModel
from app.ui.window_shell import role_word

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


def _scrolled_tab(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area that lets the tab's white page show through."""
    scroll = scrolled(widget)
    scroll.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)  # setWidget() turned it on
    return scroll


class AdminPage(QWidget):
    """People, settings and device information, for the admin role only.

    Signals:
        settingsChanged(): the idle timeout, the language or the scanner prefix was saved.
    """

    settingsChanged = Signal()

    draft_key = "admin:add-person"

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.setObjectName("page")
        self.model = UsersTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        # Each tab scrolls on its own, so the page stays small enough for the laptop's
        # screen even with a banner above it (the tab shown keeps the one scroll area).
        self.tabs = QTabWidget(self)
        self.tabs.addTab(_scrolled_tab(self._people_tab()), self.tr("People"))
        self.tabs.addTab(_scrolled_tab(self._settings_tab()), self.tr("Settings"))
        self.tabs.addTab(_scrolled_tab(self._device_tab()), self.tr("This device"))
        from app.ui.study_range_tab import StudyRangeTab

        self.study_range_tab = StudyRangeTab(store, actor, self)
        self.tabs.addTab(_scrolled_tab(self.study_range_tab), self.tr("Study IDs"))
        from app.ui.backup_panel import BackupPanel

        self.backup_panel = BackupPanel(store, actor, self)
        self.tabs.addTab(_scrolled_tab(self.backup_panel), self.tr("Backup"))
        from app.ui.reenrol_panel import ReenrolPanel

        self.reenrol_panel = ReenrolPanel(store, actor, self)
        self.tabs.addTab(_scrolled_tab(self.reenrol_panel), self.tr("Re-enrol"))
        title = QLabel(self.tr("Admin"), self)
        set_kind(title, "title")
        # Shown while a disabled person's old key file could still open the store.
        self.rekey_banner = QWidget(self)
        banner = QHBoxLayout(self.rekey_banner)
        banner.setContentsMargins(0, 0, 0, 0)
        self.rekey_label = QLabel(
            self.tr(
                "A person was disabled, but the store could not be re-keyed yet: until it is, "
                "a copy of their old key file still opens it."
            ),
            self.rekey_banner,
        )
        self.rekey_label.setWordWrap(True)
        set_kind(self.rekey_label, "error")
        self.rekey_button = QPushButton(self.tr("Re-key now"), self.rekey_banner)
        self.rekey_button.setMinimumHeight(44)
        banner.addWidget(self.rekey_label, 1)
        banner.addWidget(self.rekey_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(title)
        layout.addWidget(self.rekey_banner)
        layout.addWidget(self.tabs, 1)
        self._connect_callbacks()
        self.refresh()

    # -- layout ---------------------------------------------------------------------

    def _people_tab(self) -> QWidget:
        tab = QWidget(self)
        self.table = list_table(
            self.proxy, self.tr("People"), stretch=UsersTableModel.FULL_NAME, parent=tab
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(UsersTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_MIN_PX)

        self.people_message = QLabel(tab)
        self.people_message.setWordWrap(True)
        self.people_message.setAccessibleName(self.tr("People message"))

        selected = QGroupBox(self.tr("Selected person"), tab)
        self.selected_label = QLabel(self.tr("Choose a person in the list."), selected)
        self.reason_edit = QLineEdit(selected)
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setPlaceholderText(self.tr("why, for the audit trail"))
        self.reset_password_edit = QLineEdit(selected)
        self.reset_password_edit.setAccessibleName(self.tr("New temporary password"))
        self.reset_button = QPushButton(self.tr("Reset password"), selected)
        self.disable_button = QPushButton(self.tr("Disable account"), selected)
        set_kind(self.disable_button, "danger")
        form = form_layout(selected)
        form.addRow(self.selected_label)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(self.tr("Temporary password"), self.reset_password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.disable_button)
        form.addRow(buttons)

        add = QGroupBox(self.tr("Add a person"), tab)
        self.name_edit = QLineEdit(add)
        self.name_edit.setAccessibleName(self.tr("User name"))
        self.name_edit.setPlaceholderText(self.tr("e.g. nurse.li"))
        self.full_name_edit = QLineEdit(add)
        self.full_name_edit.setAccessibleName(self.tr("Full name"))
        self.full_name_edit.setPlaceholderText(self.tr("as printed under a signature"))
        self.role_combo = QComboBox(add)
        self.role_combo.setAccessibleName(self.tr("Role"))
        for role in Role:
            self.role_combo.addItem(role_word(role.value), role.value)
        self.password_edit = QLineEdit(add)
        self.password_edit.setAccessibleName(self.tr("Temporary password"))
        rules = QLabel(self.tr("At least 8 characters; they choose their own at first login."), add)
        rules.setWordWrap(True)
        set_kind(rules, "hint")
        self.add_button = QPushButton(self.tr("Add person"), add)
        set_kind(self.add_button, "primary")
        add_form = form_layout(add)
        # Labels beside their fields and the button beside the password rules: with the
        # overdue-check banner above the page, Add person still shows on a 768 px screen.
        add_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        add_form.addRow(self.tr("User name"), self.name_edit)
        add_form.addRow(self.tr("Full name"), self.full_name_edit)
        add_form.addRow(self.tr("Role"), self.role_combo)
        add_form.addRow(self.tr("Temporary password"), self.password_edit)
        add_form.addRow(self.add_button, rules)

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(selected)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addWidget(add, 2)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.people_message)
        layout.addLayout(row, 1)
        return tab

    def _settings_tab(self) -> QWidget:
        tab = QWidget(self)
        self.idle_spin = QSpinBox(tab)
        self.idle_spin.setRange(settings.MIN_IDLE_MINUTES, settings.MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(" min")
        self.idle_spin.setAccessibleName(self.tr("Idle lock after minutes"))
        self.language_combo = QComboBox(tab)
        self.language_combo.setAccessibleName(self.tr("Language"))
        for code, name in settings.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.idle_spin.setMaximumWidth(320)
        self.language_combo.setMaximumWidth(320)
        self.save_settings_button = QPushButton(self.tr("Save settings"), tab)
        set_kind(self.save_settings_button, "primary")
        self.settings_message = QLabel(tab)
        self.settings_message.setWordWrap(True)
        note = QLabel(
            self.tr(
                "The window locks itself after this many minutes without a touch or a key. "
                "Screens in 简体中文 arrive with the translation; the choice is kept now."
            ),
            tab,
        )
        note.setWordWrap(True)
        set_kind(note, "hint")
        form = form_layout()
        form.addRow(self.tr("Lock after"), self.idle_spin)
        form.addRow(self.tr("Language"), self.language_combo)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(note)
        from app.ui.infusion_alerts import AlertSoundSetting

        self.alert_sound = AlertSoundSetting(self.store, self.actor, tab)
        layout.addWidget(self.alert_sound)
        from app.ui.scan_prefix import ScanPrefixSetting

        self.scan_prefix = ScanPrefixSetting(self.store, self.actor, tab)
        self.scan_prefix.changed.connect(self.settingsChanged)
        layout.addWidget(self.scan_prefix)
        layout.addWidget(self.save_settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.settings_message)
        layout.addStretch(1)
        return tab

    def _device_tab(self) -> QWidget:
        tab = QWidget(self)
        self.device_form = form_layout(tab)
        return tab

    def _connect_callbacks(self) -> None:
        self.add_button.clicked.connect(self.add_person)
        self.disable_button.clicked.connect(self.disable_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.save_settings_button.clicked.connect(self.save_settings)
        self.rekey_button.clicked.connect(self.rekey_now)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # -- data -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load people, settings and device information again."""
        self.rekey_banner.setVisible(self.store.rekey_due)
        self.backup_panel.refresh()
        self.reenrol_panel.refresh()
        self.model.set_users(users.list_users(self.store))
        self._selection_changed()
        self.idle_spin.setValue(settings.get_idle_timeout_minutes(self.store))
        index = self.language_combo.findData(settings.get_language(self.store))
        self.language_combo.setCurrentIndex(max(index, 0))
        show_device_info(self.device_form, self.store, self.actor)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return str(rows[0].data(UsersTableModel.NAME_ROLE))

    def select_user(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(UsersTableModel.NAME_ROLE) == name:
                self.table.selectRow(row)
                return

    def confirm(self, question: str) -> bool:
        """Ask yes/no before something that cannot be undone here (tests replace this)."""
        return ask_yes_no(self, question)

    # -- actions ------------------------------------------------------------------------

    @Slot()
    def _selection_changed(self) -> None:
        name = self.selected_name()
        self.reset_button.setEnabled(name is not None)
        self.disable_button.setEnabled(name is not None and name != self.actor.name)
        self.selected_label.setText(name or self.tr("Choose a person in the list."))

    @Slot()
    def add_person(self) -> None:
        name = self.name_edit.text().strip()
        try:
            view = users.add_user(
                self.store,
                self.actor,
                name,
                Role(self.role_combo.currentData()),
                self.password_edit.text(),
                self.full_name_edit.text().strip() or None,
            )
        except BedsideError as exc:
            say(self.people_message, exc.sentence, ok=False)
            return
        for edit in (self.name_edit, self.full_name_edit, self.password_edit):
            edit.clear()
        self.refresh()
        self.select_user(view.name)
        say(
            self.people_message,
            self.tr(
                "{full_name} ({name}) can now log in as {role} with the "
                "temporary password, and will choose their own."
            ).format(full_name=name_shown(view.full_name), name=view.name, role=view.role),
            ok=True,
        )

    @Slot()
    def rekey_now(self) -> None:
        if self.store.rekey_if_due(self.actor):
            self.rekey_banner.hide()
            say(self.people_message, self.tr("The store is re-keyed."), ok=True)
        else:
            say(
                self.people_message,
                self.tr("The store could not be re-keyed now: close other tasks and try again."),
                ok=False,
            )

    @Slot()
    def disable_selected(self) -> None:
        name = self.selected_name()
        reason = self.reason_edit.text().strip()
        try:
            if name is None:
                raise InvalidInput(self.tr("Choose the person to disable in the list."))
            if not reason:
                raise InvalidInput(self.tr("Give the reason for disabling the account."))
            question = self.tr("Disable {name}? They will no longer be able to log in.")
            if not self.confirm(question.format(name=name)):
                return
            users.disable_user(self.store, self.actor, name, reason)
        except BedsideError as exc:
            say(self.people_message, exc.sentence, ok=False)
            return
        self.reason_edit.clear()
        self.refresh()
        self.select_user(name)
        said = self.tr("{name} is disabled; their records stay.").format(name=name)
        say(self.people_message, said, ok=True)

    @Slot()
    def reset_selected(self) -> None:
        name = self.selected_name()
        reason = self.reason_edit.text().strip()
        try:
            if name is None:
                raise InvalidInput(
                    self.tr("Choose the person whose password to reset in the list.")
                )
            if not reason:
                raise InvalidInput(self.tr("Give the reason for resetting the password."))
            users.reset_password(
                self.store, self.actor, name, self.reset_password_edit.text(), reason
            )
        except BedsideError as exc:
            say(self.people_message, exc.sentence, ok=False)
            return
        self.reason_edit.clear()
        self.reset_password_edit.clear()
        self.refresh()
        self.select_user(name)
        say(
            self.people_message,
            self.tr(
                "{name} has a temporary password now and must choose their own at next login."
            ).format(name=name),
            ok=True,
        )

    @Slot()
    def save_settings(self) -> None:
        try:
            minutes = settings.set_idle_timeout_minutes(
                self.store, self.actor, self.idle_spin.value()
            )
            language = settings.set_language(
                self.store, self.actor, self.language_combo.currentData()
            )
        except BedsideError as exc:
            say(self.settings_message, exc.sentence, ok=False)
            return
        say(
            self.settings_message,
            self.tr("Saved: lock after {minutes} min; language {language}.").format(
                minutes=minutes, language=settings.LANGUAGES[language]
            ),
            ok=True,
        )
        self.settingsChanged.emit()

    # -- drafts (never the password) -----------------------------------------------------

    def draft_state(self) -> dict[str, Any] | None:
        state = {
            "name": self.name_edit.text(),
            "full_name": self.full_name_edit.text(),
            "role": self.role_combo.currentData(),
        }
        return state if state["name"] or state["full_name"] else None

    def restore_draft(self, state: dict[str, Any]) -> None:
        self.name_edit.setText(str(state.get("name", "")))
        self.full_name_edit.setText(str(state.get("full_name", "")))
        index = self.role_combo.findData(state.get("role"))
        if index >= 0:
            self.role_combo.setCurrentIndex(index)
