"""Admin → Re-enrol: ask the hub to accept this laptop again, and take its answer.

After a restore from a backup, or on a replacement laptop, the hub refuses the
device's bundles until it endorses the device again. The request and the import
are :func:`app.sync.reenrol.request_reenrolment` and
:func:`app.sync.reenrol.import_endorsement` (admin only, audited there); this panel
chooses the files, shows the device's epoch, whether a request waits for the hub,
the one sentence each step ends with, and the changes the hub holds that the
laptop lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.errors import BedsideError
from app.models import Setting
from app.sync.reenrol import (
    PENDING_SETTING,
    current_epoch,
    import_endorsement,
    request_reenrolment,
)
from app.sync.reenrol_doc import signature_path
from app.ui.app_style import TOUCH_MIN_PX, form_layout, set_kind
from app.ui.page_feedback import say

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor
    from app.sync.reenrol import Endorsed


class ReenrolPanel(QWidget):
    """The Re-enrol tab of the admin's page.

    Signals:
        requestWritten(str): a request was written; its path.
        endorsementImported(int): the hub's endorsement was taken; the new epoch.
    """

    requestWritten = Signal(str)
    endorsementImported = Signal(int)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        intro = QLabel(
            self.tr(
                "After this laptop is restored from a backup, or on a replacement laptop, the "
                "hub refuses its bundles until the hub endorses it again: write a request, "
                "give it to the data manager, and import the endorsement the hub sends back."
            ),
            self,
        )
        intro.setWordWrap(True)
        set_kind(intro, "hint")
        self.epoch_label = QLabel(self)
        self.epoch_label.setWordWrap(True)
        self.pending_label = QLabel(self)
        self.pending_label.setWordWrap(True)
        self.request_button = QPushButton(self.tr("&Write request…"), self)
        self.request_button.setMinimumHeight(TOUCH_MIN_PX)
        self.request_message = QLabel(self)
        self.request_message.setWordWrap(True)
        self.request_message.setAccessibleName(self.tr("Request message"))
        self.request_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = QPushButton(self.tr("&Import endorsement…"), self)
        self.import_button.setMinimumHeight(TOUCH_MIN_PX)
        set_kind(self.import_button, "primary")
        self.import_message = QLabel(self)
        self.import_message.setWordWrap(True)
        self.import_message.setAccessibleName(self.tr("Endorsement message"))
        self.import_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lost_header = QLabel(self)
        self.lost_header.setWordWrap(True)
        # Read-only text, so the admin can select and copy the lines to enter them again.
        self.lost_list = QPlainTextEdit(self)
        self.lost_list.setReadOnly(True)
        self.lost_list.setAccessibleName(self.tr("Changes this laptop lost"))
        self.lost_list.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Its height is what is left (at least three lines), not what its text would like.
        self.lost_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.lost_list.setMinimumHeight(66)
        self.lost_header.hide()
        self.lost_list.hide()
        form = form_layout()
        form.addRow(self.tr("Epoch"), self.epoch_label)
        form.addRow(self.tr("Request"), self.pending_label)
        request_row = QHBoxLayout()
        request_row.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignTop)
        request_row.addWidget(self.request_message, 1)
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        import_row.addWidget(self.import_message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addLayout(request_row)
        layout.addLayout(import_row)
        layout.addWidget(self.lost_header)
        layout.addWidget(self.lost_list, 1)
        layout.addStretch(0)
        self.request_button.clicked.connect(self.write_request)
        self.import_button.clicked.connect(self.import_endorsement)
        self.refresh()

    # -- data -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the device's epoch and whether a request waits for the hub."""
        with self.store.read() as session:
            state = current_epoch(session)
            found = session.scalars(select(Setting).where(Setting.key == PENDING_SETTING)).first()
            waiting = found is not None and bool(found.value)
        epoch = state.epoch if state is not None else 1
        if state is None:
            said = self.tr("Epoch 1: the hub has not re-enrolled this laptop.")
        else:
            said = self.tr("Epoch {epoch}: the hub last re-enrolled this laptop.")
        self.epoch_label.setText(said.format(epoch=epoch))
        if waiting:
            self.pending_label.setText(self.tr("A request is waiting for the hub's endorsement."))
        else:
            self.pending_label.setText(self.tr("No request is waiting for the hub."))

    def choose_request_path(self) -> str | None:
        """Where to write the request (a dialog; tests replace it)."""
        default = Path.home() / f"{self.store.info().device}.reenrol.json"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Write the re-enrolment request"),
            str(default),
            self.tr("Re-enrolment request (*.json)"),
        )
        return path or None

    def choose_endorsement_path(self) -> str | None:
        """The hub's endorsement to import (a dialog; tests replace it)."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import the hub's endorsement"),
            str(Path.home()),
            self.tr("Endorsement (*.json)"),
        )
        return path or None

    # -- actions ------------------------------------------------------------------------

    @Slot()
    def write_request(self) -> None:
        chosen = self.choose_request_path()
        if not chosen:
            return
        try:
            written = request_reenrolment(self.store, self.actor, Path(chosen))
        except BedsideError as exc:
            say(self.request_message, exc.sentence, ok=False)
            return
        say(
            self.request_message,
            self.tr(
                "The request is written to {path} and its signature to {signature}: give "
                "both files to the data manager, and import the endorsement the hub sends back."
            ).format(path=written.path, signature=signature_path(written.path)),
            ok=True,
        )
        self.refresh()
        self.requestWritten.emit(str(written.path))

    @Slot()
    def import_endorsement(self) -> None:
        chosen = self.choose_endorsement_path()
        if not chosen:
            return
        try:
            done = import_endorsement(self.store, self.actor, Path(chosen))
        except BedsideError as exc:
            say(self.import_message, exc.sentence, ok=False)
            return
        say(
            self.import_message,
            self.tr(
                "Endorsed: this laptop is now in epoch {epoch}, and its next bundle is "
                "number {bundle}."
            ).format(epoch=done.epoch, bundle=done.next_bundle),
            ok=True,
        )
        self._show_lost(done)
        self.refresh()
        self.endorsementImported.emit(done.epoch)

    def _show_lost(self, done: Endorsed) -> None:
        count = done.lost_count
        if count == 0:
            header = self.tr("The hub holds no change that this laptop lost.")
        elif count == 1:
            header = self.tr("The hub holds 1 change that this laptop lost; enter it again.")
        else:
            header = self.tr(
                "The hub holds {count} changes that this laptop lost; enter them again."
            ).format(count=count)
        self.lost_header.setText(header)
        set_kind(self.lost_header, "error" if count else "ok")
        self.lost_header.show()
        self.lost_list.setPlainText("\n".join(line.strip() for line in done.lost_lines))
        self.lost_list.setVisible(bool(done.lost_lines))
