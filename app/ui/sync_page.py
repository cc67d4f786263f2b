"""The Sync screen: the folder, Sync now, recent outcomes, this device's key and the hub.

The page lays out widgets and shows sentences; the rounds themselves belong to
:class:`~app.ui.sync_controller.SyncController`, which outlives the page (pages are
rebuilt for each person) and keeps the history of attempts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError
from app.roles import Permission
from app.services import settings
from app.sync import agecrypt, minisign
from app.sync.device import can_sync, device_public_key, set_hub, sync_refusal
from app.ui.app_style import DANGER, TOUCH_MIN_PX, form_layout, set_kind
from app.ui.qr_widget import KeyView
from app.ui.sync_controller import Attempt, SyncController, SyncState
from app.ui.sync_round import pinned_hub

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

AnyIndex = QModelIndex | QPersistentModelIndex
REACHABLE = QT_TRANSLATE_NOOP("SyncPage", "reachable")
NOT_REACHABLE = QT_TRANSLATE_NOOP(
    "SyncPage", "not reachable — plug in the USB stick or connect to the share"
)


def check_hub_fields(recipient: str, hub_key: str) -> dict[str, str]:
    """Problems with a pasted hub recipient and key, by field ("recipient", "key")."""
    problems: dict[str, str] = {}
    if not recipient.strip():
        problems["recipient"] = QCoreApplication.translate(
            "SyncPage", "Paste the hub's age recipient (it starts with 'age1')."
        )
    else:
        try:
            agecrypt.parse_recipient(recipient)
        except agecrypt.AgeError:
            problems["recipient"] = QCoreApplication.translate(
                "SyncPage", "That is not an age recipient (it starts with 'age1')."
            )
    if not hub_key.strip():
        problems["key"] = QCoreApplication.translate(
            "SyncPage", "Paste the hub's minisign public key (it starts with 'RW')."
        )
    else:
        try:
            minisign.parse_public_key(hub_key)
        except minisign.MinisignError:
            problems["key"] = QCoreApplication.translate(
                "SyncPage", "That is not a minisign public key (it starts with 'RW')."
            )
    return problems


class AttemptsModel(QAbstractTableModel):
    """The latest sync outcomes, newest first; errors in red."""

    TIME, OUTCOME = range(2)
    HEADERS = (
        QT_TRANSLATE_NOOP("AttemptsModel", "Time"),
        QT_TRANSLATE_NOOP("AttemptsModel", "Outcome"),
    )
    OK_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[Attempt, ...] = ()

    def set_attempts(self, rows: tuple[Attempt, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate("AttemptsModel", str(self.HEADERS[section]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        attempt = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == self.TIME:
                return attempt.at.strftime("%H:%M:%S")
            if attempt.repeats <= 1:
                return attempt.text
            again = QCoreApplication.translate(
                "AttemptsModel", "{text}  ({repeats} times in a row)"
            )
            return again.format(text=attempt.text, repeats=attempt.repeats)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.OUTCOME:
            return attempt.text
        if role == Qt.ItemDataRole.ForegroundRole and not attempt.ok:
            return QColor(DANGER)
        if role == self.OK_ROLE:
            return attempt.ok
        return None


class SyncPage(QWidget):
    """Sync now, the folder and interval, recent outcomes, the device key and the hub."""

    def __init__(
        self, controller: SyncController, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.controller = controller
        self.store = store
        self.actor = actor
        self.is_admin = actor.can(Permission.MANAGE_DEVICE)
        # The monitor reads the status but sends, acknowledges and keys nothing.
        self.may_sync = can_sync(actor)
        self.model = AttemptsModel(self)
        title = QLabel(self.tr("Sync"), self)
        set_kind(title, "title")
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        set_kind(self.sync_button, "primary")
        # Bigger than other buttons: the one thing a nurse comes here for.
        self.sync_button.setStyleSheet("font-size: 17pt; min-height: 60px; min-width: 240px;")
        self.sync_button.setEnabled(self.may_sync)
        self.role_message = QLabel(sync_refusal(actor) if not self.may_sync else "", self)
        self.role_message.setAccessibleName(self.tr("Sync not allowed"))
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
        self.tabs.addTab(self._attempts_tab(), self.tr("Recent attempts"))
        self.tabs.addTab(self._device_tab(), self.tr("This device's key"))
        self.tabs.addTab(self._hub_tab(), self.tr("Hub"))
        if self.is_admin:
            self.tabs.addTab(self._pin_tab(), self.tr("Pin the hub"))
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
        self._connect_signals()
        self._load()

    # -- layout ---------------------------------------------------------------------------

    def _status_box(self) -> QFrame:
        box = QFrame(self)
        box.setProperty("kind", "card")
        self.unsynced_label = QLabel(self.tr("Unsynced changes: …"), box)
        set_kind(self.unsynced_label, "heading")
        self.last_sync_label = QLabel(self.tr("Last sync: …"), box)
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
        box = QGroupBox(self.tr("Sync folder"), self)
        self.folder_label = QLabel(box)
        self.folder_label.setAccessibleName(self.tr("Sync folder"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reach_label = QLabel(box)
        self.reach_label.setAccessibleName(self.tr("Sync folder reachable"))
        self.reach_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose folder…"), box)
        self.interval_spin = QSpinBox(box)
        self.interval_spin.setRange(settings.MIN_SYNC_MINUTES, settings.MAX_SYNC_MINUTES)
        self.interval_spin.setSuffix(self.tr(" min"))
        self.interval_spin.setAccessibleName(self.tr("Sync every minutes"))
        self.interval_spin.setMinimumWidth(150)
        self.interval_button = QPushButton(self.tr("Save interval"), box)
        self.folder_message = QLabel(box)
        self.folder_message.setWordWrap(True)
        self.folder_message.setAccessibleName(self.tr("Sync folder message"))
        self.interval_label = QLabel(box)  # what a non-admin sees instead of the spin box
        where = QHBoxLayout()
        where.addWidget(self.folder_label)
        where.addSpacing(16)
        where.addWidget(self.reach_label, 1)
        where.addWidget(self.choose_button)
        every = QHBoxLayout()
        every.addWidget(QLabel(self.tr("Sync every"), box))
        every.addWidget(self.interval_label)
        every.addWidget(self.interval_spin)
        every.addWidget(self.interval_button)
        every.addSpacing(16)
        every.addWidget(self.folder_message, 1)
        for control in (self.choose_button, self.interval_spin, self.interval_button):
            control.setVisible(self.is_admin)
        self.interval_label.setVisible(not self.is_admin)
        if not self.is_admin:
            self.folder_message.setText(self.tr("An admin chooses the folder and the interval."))
            set_kind(self.folder_message, "hint")
        layout = QVBoxLayout(box)
        layout.addLayout(where)
        layout.addLayout(every)
        return box

    def _attempts_tab(self) -> QWidget:
        tab = QWidget(self)
        self.attempts_hint = QLabel(
            self.tr("No sync tried yet: press Sync now, or wait for the next automatic sync.")
            if self.may_sync
            else self.tr("No sync runs while you are logged in."),
            tab,
        )
        set_kind(self.attempts_hint, "hint")
        self.attempts_view = QTableView(tab)
        self.attempts_view.setModel(self.model)
        self.attempts_view.setAccessibleName(self.tr("Recent sync attempts"))
        self.attempts_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.attempts_view.setWordWrap(True)
        rows = self.attempts_view.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(TOUCH_MIN_PX - 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.attempts_view.horizontalHeader()
        header.setSectionResizeMode(AttemptsModel.TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttemptsModel.OUTCOME, QHeaderView.ResizeMode.Stretch)
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
            self.tr(
                "Register this laptop at the hub as device {device} (site {site}) "
                "with this key: scan it, paste it, or read it out."
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
            self.tr("No hub is pinned yet: bundles cannot be written."), inner
        )
        self.hub_none_label.setWordWrap(True)
        set_kind(self.hub_none_label, "error")
        self.hub_recipient = KeyView(
            self.tr("Age recipient: bundles are encrypted to it."),
            module_px=3,
            side=True,
            parent=inner,
        )
        self.hub_key = KeyView(
            self.tr("Minisign key: receipts must be signed with it."),
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
            self.tr(
                "Paste (or scan) the hub's two public keys, as 'bedside hub keys' prints them "
                "at the coordinating centre. Read them back to the data manager before pinning."
            ),
            tab,
        )
        intro.setWordWrap(True)
        set_kind(intro, "hint")
        self.pin_recipient_edit = QLineEdit(tab)
        self.pin_recipient_edit.setAccessibleName(self.tr("Hub age recipient"))
        self.pin_recipient_edit.setPlaceholderText(self.tr("age1…"))
        self.pin_key_edit = QLineEdit(tab)
        self.pin_key_edit.setAccessibleName(self.tr("Hub minisign key"))
        self.pin_key_edit.setPlaceholderText(self.tr("RW…"))
        self.pin_recipient_error = QLabel(tab)
        self.pin_key_error = QLabel(tab)
        for label in (self.pin_recipient_error, self.pin_key_error):
            label.setWordWrap(True)
            set_kind(label, "error")
        self.pin_button = QPushButton(self.tr("Pin the hub"), tab)
        set_kind(self.pin_button, "primary")
        self.pin_message = QLabel(tab)
        self.pin_message.setWordWrap(True)
        self.pin_form = form_layout()
        self.pin_form.addRow(self.tr("Age recipient"), self.pin_recipient_edit)
        self.pin_form.addRow("", self.pin_recipient_error)
        self.pin_form.addRow(self.tr("Minisign key"), self.pin_key_edit)
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

    def _connect_signals(self) -> None:
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.choose_button.clicked.connect(self.choose_folder)
        self.interval_button.clicked.connect(self.save_interval)
        if self.is_admin:
            self.pin_button.clicked.connect(self.pin_hub)
        self.controller.statusChanged.connect(self._show_state)
        self.controller.attempted.connect(self._show_attempts)
        self.controller.busyChanged.connect(self._show_busy)

    # -- data -----------------------------------------------------------------------------

    def _load(self) -> None:
        minutes = settings.get_sync_minutes(self.store)
        self.interval_spin.setValue(minutes)
        self.interval_label.setText(self.tr("{minutes} min").format(minutes=minutes))
        self._load_hub()
        self._show_attempts()
        self._show_busy(self.controller.busy)
        state = self.controller.state
        if state is None:
            folder = settings.get_sync_folder(self.store)
            self.folder_label.setText(str(folder) if folder else self.tr("No folder chosen yet"))
            self.reach_label.setText(self.tr("checking…") if folder else "")
        else:
            self._show_state(state)

    def _load_hub(self) -> None:
        hub = pinned_hub(self.store)
        self.hub_none_label.setVisible(hub is None)
        for view, text in zip((self.hub_recipient, self.hub_key), hub or ("", ""), strict=True):
            view.set_text(text)
            view.setVisible(hub is not None)

    @Slot(object)
    def _show_state(self, state: SyncState) -> None:
        self.unsynced_label.setText(
            self.tr("Unsynced changes: {count}").format(count=state.unsynced)
        )
        if state.last_sync:
            last = self.tr("Last sync: {when}").format(when=state.last_sync)
        else:
            last = self.tr("Last sync: never")
        self.last_sync_label.setText(last)
        self.hub_label.setText(
            self.tr("Hub: pinned") if state.hub_pinned else self.tr("Hub: not pinned yet")
        )
        set_kind(self.hub_label, "ok" if state.hub_pinned else "error")
        self.folder_label.setText(state.folder or self.tr("No folder chosen yet"))
        if state.reachable is None:
            self.reach_label.setText("")
        else:
            reach = REACHABLE if state.reachable else NOT_REACHABLE
            self.reach_label.setText(QCoreApplication.translate("SyncPage", str(reach)))
            set_kind(self.reach_label, "ok" if state.reachable else "error")

    @Slot()
    def _show_attempts(self) -> None:
        self.model.set_attempts(self.controller.attempts.items)
        self.attempts_hint.setVisible(self.model.rowCount() == 0)

    @Slot(bool)
    def _show_busy(self, busy: bool) -> None:
        # Stays enabled (disabling it would throw the focus elsewhere): a press while
        # busy asks for one more round right after this one.
        self.sync_button.setText(self.tr("Syncing…") if busy else self.tr("Sync now"))

    def _say(self, label: QLabel, sentence: str, *, ok: bool) -> None:
        label.setText(sentence)
        set_kind(label, "ok" if ok else "error")

    # -- actions --------------------------------------------------------------------------

    def ask_folder(self) -> str:
        """The folder the person picks, or "" (tests replace this)."""
        state = self.controller.state
        start = state.folder if state and state.folder else ""
        return QFileDialog.getExistingDirectory(self, self.tr("Choose the sync folder"), start)

    def confirm(self, question: str) -> bool:
        """Ask yes/no before replacing the pinned hub (tests replace this)."""
        answer = QMessageBox.question(self, "Bedside", question)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def choose_folder(self) -> None:
        chosen = self.ask_folder()
        if not chosen:
            return
        try:
            folder = settings.set_sync_folder(self.store, self.actor, chosen)
        except BedsideError as exc:
            self._say(self.folder_message, exc.sentence, ok=False)
            return
        self.folder_label.setText(str(folder))
        self.reach_label.setText(self.tr("checking…"))
        set_kind(self.reach_label, "hint")
        self._say(self.folder_message, self.tr("Saved: bundles go to this folder."), ok=True)
        self.controller.refresh_status()

    @Slot()
    def save_interval(self) -> None:
        try:
            minutes = settings.set_sync_minutes(self.store, self.actor, self.interval_spin.value())
        except BedsideError as exc:
            self._say(self.folder_message, exc.sentence, ok=False)
            return
        self.controller.set_interval_minutes(minutes)
        said = self.tr("Saved: sync every {minutes} min.").format(minutes=minutes)
        self._say(self.folder_message, said, ok=True)

    @Slot()
    def pin_hub(self) -> None:
        recipient, key = self.pin_recipient_edit.text(), self.pin_key_edit.text()
        problems = check_hub_fields(recipient, key)
        for field, label in (("recipient", self.pin_recipient_error), ("key", self.pin_key_error)):
            label.setText(problems.get(field, ""))
            self.pin_form.setRowVisible(label, field in problems)
        self.pin_message.clear()
        if problems:
            return
        current = pinned_hub(self.store)
        key_line = minisign.public_key_string(minisign.parse_public_key(key), "hub")
        if current and current != (recipient.strip(), key_line.splitlines()[1]):
            question = self.tr(
                "Replace the pinned hub? Bundles will be encrypted to the new hub only."
            )
            if not self.confirm(question):
                return
        try:
            set_hub(self.store, self.actor, recipient, key)
        except BedsideError as exc:
            self._say(self.pin_message, exc.sentence, ok=False)
            return
        self.pin_recipient_edit.clear()
        self.pin_key_edit.clear()
        self._load_hub()
        self._say(
            self.pin_message,
            self.tr(
                "Pinned: bundles are encrypted to this hub and only its receipts are accepted."
            ),
            ok=True,
        )
        self.controller.refresh_status()
