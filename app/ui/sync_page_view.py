"""The Sync screen's widgets: Sync now, the status, the folder and interval, the tabs.

Recent attempts, this device's key, the pinned hub and (for an admin) the form that
pins it. What the widgets show and what the buttons do is
:class:`~app.ui.sync_page.SyncPage`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.roles import Permission
from app.services import settings
from app.sync.device import can_sync, device_public_key, sync_refusal
from app.ui.app_style import TOUCH_MIN_PX, form_layout, set_kind
from app.ui.list_table import list_table
from app.ui.qr_widget import KeyView
from app.ui.sync_attempts_model import AttemptsModel

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


class SyncPageView(QWidget):
    """The widgets of the Sync page, laid out; :class:`~app.ui.sync_page.SyncPage` fills them."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.store = store
        self.actor = actor
        self.is_admin = actor.can(Permission.MANAGE_DEVICE)
        # The monitor reads the status but sends, acknowledges and keys nothing.
        self.may_sync = can_sync(actor)
        self.model = AttemptsModel(self)
        title = QLabel(QCoreApplication.translate("SyncPage", "Sync"), self)
        set_kind(title, "title")
        self.sync_button = QPushButton(QCoreApplication.translate("SyncPage", "Sync now"), self)
        set_kind(self.sync_button, "primary")
        # Bigger than other buttons: the one thing a nurse comes here for.
        self.sync_button.setStyleSheet("font-size: 17pt; min-height: 60px; min-width: 240px;")
        self.sync_button.setEnabled(self.may_sync)
        self.role_message = QLabel(sync_refusal(actor) if not self.may_sync else "", self)
        self.role_message.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Sync not allowed")
        )
        self.role_message.setWordWrap(True)
        self.role_message.setVisible(not self.may_sync)
        set_kind(self.role_message, "error")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.role_message, 1)
        if self.may_sync:
            header.addStretch(1)
        header.addWidget(self.sync_button)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(
            self._attempts_tab(), QCoreApplication.translate("SyncPage", "Recent attempts")
        )
        self.tabs.addTab(
            self._device_tab(), QCoreApplication.translate("SyncPage", "This device's key")
        )
        self.tabs.addTab(self._hub_tab(), QCoreApplication.translate("SyncPage", "Hub"))
        if self.is_admin:
            self.tabs.addTab(self._pin_tab(), QCoreApplication.translate("SyncPage", "Pin the hub"))
        # One scroll area for the whole page, so that a tall key, a banner above the pages
        # or a longer language never makes the window grow past the screen.
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self._status_box())
        layout.addWidget(self._folder_box())
        layout.addWidget(self.tabs, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)

    def _status_box(self) -> QFrame:
        box = QFrame(self)
        box.setProperty("kind", "card")
        self.unsynced_label = QLabel(
            QCoreApplication.translate("SyncPage", "Unsynced changes: …"), box
        )
        set_kind(self.unsynced_label, "heading")
        self.last_sync_label = QLabel(QCoreApplication.translate("SyncPage", "Last sync: …"), box)
        self.hub_label = QLabel(box)
        row = QHBoxLayout(box)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.unsynced_label)
        row.addSpacing(32)
        row.addWidget(self.last_sync_label)
        row.addSpacing(32)
        row.addWidget(self.hub_label)
        row.addStretch(1)
        return box

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(QCoreApplication.translate("SyncPage", "Sync folder"), self)
        self.folder_label = QLabel(box)
        self.folder_label.setAccessibleName(QCoreApplication.translate("SyncPage", "Sync folder"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reach_label = QLabel(box)
        self.reach_label.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Sync folder reachable")
        )
        self.reach_label.setWordWrap(True)
        self.choose_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Choose folder…"), box
        )
        self.interval_spin = QSpinBox(box)
        self.interval_spin.setRange(settings.MIN_SYNC_MINUTES, settings.MAX_SYNC_MINUTES)
        self.interval_spin.setSuffix(QCoreApplication.translate("SyncPage", " min"))
        self.interval_spin.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Sync every minutes")
        )
        self.interval_spin.setMinimumWidth(150)
        self.interval_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Save interval"), box
        )
        self.folder_message = QLabel(box)
        self.folder_message.setWordWrap(True)
        self.folder_message.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Sync folder message")
        )
        self.interval_label = QLabel(box)  # what a non-admin sees instead of the spin box
        where = QHBoxLayout()
        where.addWidget(self.folder_label)
        where.addSpacing(16)
        where.addWidget(self.reach_label, 1)
        where.addWidget(self.choose_button)
        every = QHBoxLayout()
        every.addWidget(QLabel(QCoreApplication.translate("SyncPage", "Sync every"), box))
        every.addWidget(self.interval_label)
        every.addWidget(self.interval_spin)
        every.addWidget(self.interval_button)
        every.addSpacing(16)
        every.addWidget(self.folder_message, 1)
        for control in (self.choose_button, self.interval_spin, self.interval_button):
            control.setVisible(self.is_admin)
        self.interval_label.setVisible(not self.is_admin)
        if not self.is_admin:
            self.folder_message.setText(
                QCoreApplication.translate(
                    "SyncPage", "An admin chooses the folder and the interval."
                )
            )
            set_kind(self.folder_message, "hint")
        layout = QVBoxLayout(box)
        layout.addLayout(where)
        layout.addLayout(every)
        return box

    def _attempts_tab(self) -> QWidget:
        tab = QWidget(self)
        self.attempts_hint = QLabel(
            QCoreApplication.translate(
                "SyncPage",
                "No sync tried yet: press Sync now, or wait for the next automatic sync.",
            )
            if self.may_sync
            else QCoreApplication.translate("SyncPage", "No sync runs while you are logged in."),
            tab,
        )
        set_kind(self.attempts_hint, "hint")
        self.attempts_view = list_table(
            self.model,
            QCoreApplication.translate("SyncPage", "Recent sync attempts"),
            stretch=AttemptsModel.OUTCOME,
            parent=tab,
        )
        self.attempts_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.attempts_view.setWordWrap(True)
        rows = self.attempts_view.verticalHeader()
        rows.setMinimumSectionSize(TOUCH_MIN_PX - 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.attempts_hint)
        layout.addWidget(self.attempts_view, 1)
        return tab

    def _device_tab(self) -> QWidget:
        tab = QWidget(self)
        if not self.may_sync:
            # Showing the key would make one on a device that has none yet.
            self.device_key_refused = QLabel(sync_refusal(self.actor), tab)
            self.device_key_refused.setWordWrap(True)
            set_kind(self.device_key_refused, "hint")
            refused = QVBoxLayout(tab)
            refused.addWidget(self.device_key_refused)
            refused.addStretch(1)
            return tab
        info = self.store.info()
        key = device_public_key(self.store, self.actor).splitlines()[1]
        self.device_key = KeyView(
            QCoreApplication.translate(
                "SyncPage",
                "Register this laptop at the hub as device {device} (site {site}) "
                "with this key: scan it, paste it, or read it out.",
            ).format(device=info.device, site=info.site),
            key,
            side=True,
            parent=tab,
        )
        layout = QVBoxLayout(tab)
        layout.addWidget(self.device_key)
        layout.addStretch(1)
        return tab

    def _hub_tab(self) -> QWidget:
        inner = QWidget(self)
        self.hub_none_label = QLabel(
            QCoreApplication.translate(
                "SyncPage", "No hub is pinned yet: bundles cannot be written."
            ),
            inner,
        )
        self.hub_none_label.setWordWrap(True)
        set_kind(self.hub_none_label, "error")
        self.hub_recipient = KeyView(
            QCoreApplication.translate("SyncPage", "Age recipient: bundles are encrypted to it."),
            module_px=3,
            side=True,
            parent=inner,
        )
        self.hub_key = KeyView(
            QCoreApplication.translate(
                "SyncPage", "Minisign key: receipts must be signed with it."
            ),
            module_px=3,
            side=True,
            parent=inner,
        )
        layout = QVBoxLayout(inner)
        layout.addWidget(self.hub_none_label)
        layout.addWidget(self.hub_recipient)
        layout.addWidget(self.hub_key)
        layout.addStretch(1)
        return inner

    def _pin_tab(self) -> QWidget:
        tab = QWidget(self)
        intro = QLabel(
            QCoreApplication.translate(
                "SyncPage",
                "Paste (or scan) the hub's two public keys, as 'bedside hub keys' prints them "
                "at the coordinating centre. Read them back to the data manager before pinning.",
            ),
            tab,
        )
        intro.setWordWrap(True)
        set_kind(intro, "hint")
        self.pin_recipient_edit = QLineEdit(tab)
        self.pin_recipient_edit.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Hub age recipient")
        )
        self.pin_recipient_edit.setPlaceholderText(QCoreApplication.translate("SyncPage", "age1…"))
        self.pin_key_edit = QLineEdit(tab)
        self.pin_key_edit.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Hub minisign key")
        )
        self.pin_key_edit.setPlaceholderText(QCoreApplication.translate("SyncPage", "RW…"))
        self.pin_recipient_error = QLabel(tab)
        self.pin_key_error = QLabel(tab)
        for label in (self.pin_recipient_error, self.pin_key_error):
            label.setWordWrap(True)
            set_kind(label, "error")
        self.pin_button = QPushButton(QCoreApplication.translate("SyncPage", "Pin the hub"), tab)
        set_kind(self.pin_button, "primary")
        self.pin_message = QLabel(tab)
        self.pin_message.setWordWrap(True)
        self.pin_form = form_layout()
        self.pin_form.addRow(
            QCoreApplication.translate("SyncPage", "Age recipient"), self.pin_recipient_edit
        )
        self.pin_form.addRow("", self.pin_recipient_error)
        self.pin_form.addRow(
            QCoreApplication.translate("SyncPage", "Minisign key"), self.pin_key_edit
        )
        self.pin_form.addRow("", self.pin_key_error)
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addLayout(self.pin_form)
        layout.addWidget(self.pin_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pin_message)
        layout.addStretch(1)
        for label in (self.pin_recipient_error, self.pin_key_error):
            self.pin_form.setRowVisible(label, False)
        return tab
