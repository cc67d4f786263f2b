"""The Sync screen: the folder, Sync now, recent outcomes, this device's key and the hub.

:class:`SyncPage` fills the widgets of :class:`~app.ui.sync_page_view.SyncPageView`,
saves the folder, the interval and the pinned hub, and shows one sentence for each;
the rounds themselves belong to :class:`~app.ui.sync_controller.SyncController`, which
outlives the page (pages are rebuilt for each person) and keeps the history of attempts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import BedsideError
from app.services import settings
from app.sync import agecrypt, minisign
from app.sync.device import set_hub
from app.ui.app_style import set_kind
from app.ui.page_feedback import ask_yes_no, say
from app.ui.sync_attempts_model import AttemptsModel as AttemptsModel
from app.ui.sync_controller import SyncController, SyncState
from app.ui.sync_page_view import SyncPageView
from app.ui.sync_round import pinned_hub

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

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


class SyncPage(SyncPageView):
    """Sync now, the folder and interval, recent outcomes, the device key and the hub."""

    def __init__(
        self, controller: SyncController, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, actor, parent)
        self.controller = controller
        self._connect_signals()
        self._load()

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

    # -- actions --------------------------------------------------------------------------

    def ask_folder(self) -> str:
        """The folder the person picks, or "" (tests replace this)."""
        state = self.controller.state
        start = state.folder if state and state.folder else ""
        return QFileDialog.getExistingDirectory(self, self.tr("Choose the sync folder"), start)

    def confirm(self, question: str) -> bool:
        """Ask yes/no before replacing the pinned hub (tests replace this)."""
        return ask_yes_no(self, question)

    @Slot()
    def choose_folder(self) -> None:
        chosen = self.ask_folder()
        if not chosen:
            return
        try:
            folder = settings.set_sync_folder(self.store, self.actor, chosen)
        except BedsideError as exc:
            say(self.folder_message, exc.sentence, ok=False)
            return
        self.folder_label.setText(str(folder))
        self.reach_label.setText(self.tr("checking…"))
        set_kind(self.reach_label, "hint")
        say(self.folder_message, self.tr("Saved: bundles go to this folder."), ok=True)
        self.controller.refresh_status()

    @Slot()
    def save_interval(self) -> None:
        try:
            minutes = settings.set_sync_minutes(self.store, self.actor, self.interval_spin.value())
        except BedsideError as exc:
            say(self.folder_message, exc.sentence, ok=False)
            return
        self.controller.set_interval_minutes(minutes)
        said = self.tr("Saved: sync every {minutes} min.").format(minutes=minutes)
        say(self.folder_message, said, ok=True)

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
            say(self.pin_message, exc.sentence, ok=False)
            return
        self.pin_recipient_edit.clear()
        self.pin_key_edit.clear()
        self._load_hub()
        say(
            self.pin_message,
            self.tr(
                "Pinned: bundles are encrypted to this hub and only its receipts are accepted."
            ),
            ok=True,
        )
        self.controller.refresh_status()
