"""Admin → Backup: back this laptop's store up to a folder or a USB stick.

The copy is made by :func:`app.store.backup.make_backup` (checked before it is
reported, audited there); this panel chooses the folder, shows the progress and
the one sentence the backup ends with, the last backup, and a reminder when none
was made for the configured number of days.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError
from app.services import backups
from app.store.backup import backup_file_name, make_backup
from app.ui.app_style import TOUCH_MIN_PX, form_layout, set_kind
from app.ui.page_feedback import say

if TYPE_CHECKING:
    from app.store.backup import BackupInfo
    from app.store.store import Store
    from app.store.uow import Actor


class BackupPanel(QWidget):
    """The Backup tab of the admin's page.

    Signals:
        backedUp(str): a backup was made and checked; the file's path.
    """

    backedUp = Signal(str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor
        intro = QLabel(
            self.tr(
                "A backup is one encrypted file of this laptop's whole store, with the key slots: "
                "the same people's passwords open it. It is checked before it is called done."
            ),
            self,
        )
        intro.setWordWrap(True)
        set_kind(intro, "hint")
        self.reminder = QLabel(self)
        self.reminder.setWordWrap(True)
        set_kind(self.reminder, "error")
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setAccessibleName(self.tr("Backup folder"))
        self.folder_edit.setPlaceholderText(
            self.tr("The USB stick or folder to write the backup to")
        )
        self.choose_button = QPushButton(self.tr("Choose folder…"), self)
        self.choose_button.setMinimumHeight(TOUCH_MIN_PX)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)
        self.backup_button = QPushButton(self.tr("Back up now"), self)
        self.backup_button.setMinimumHeight(TOUCH_MIN_PX)
        set_kind(self.backup_button, "primary")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Backup progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%p% copied"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_label = QLabel(self)
        self.last_label.setWordWrap(True)
        self.days_edit = QLineEdit(self)
        self.days_edit.setAccessibleName(self.tr("Remind after days without a backup"))
        self.days_edit.setMaximumWidth(100)
        self.save_days_button = QPushButton(self.tr("Save reminder"), self)
        self.save_days_button.setMinimumHeight(TOUCH_MIN_PX)
        self.days_message = QLabel(self)
        self.days_message.setWordWrap(True)
        days_row = QHBoxLayout()
        days_row.setSpacing(12)
        days_row.addWidget(QLabel(self.tr("Remind the admin after"), self))
        days_row.addWidget(self.days_edit)
        days_row.addWidget(QLabel(self.tr("days without a backup"), self))
        days_row.addWidget(self.save_days_button)
        days_row.addStretch(1)
        form = form_layout()
        form.addRow(self.tr("Folder"), folder_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reminder)
        layout.addLayout(form)
        layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.last_label)
        layout.addSpacing(16)
        layout.addLayout(days_row)
        layout.addWidget(self.days_message)
        layout.addStretch(1)
        self.choose_button.clicked.connect(self.choose_folder)
        self.backup_button.clicked.connect(self.back_up)
        self.save_days_button.clicked.connect(self.save_reminder)
        self.refresh()

    # -- data -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the last backup and the reminder, if one is due."""
        status = backups.backup_status(self.store)
        self.last_label.setText(status.last_sentence())
        sentence = status.reminder_sentence()
        self.reminder.setText(sentence or "")
        self.reminder.setVisible(sentence is not None)
        self.days_edit.setText(str(status.reminder_days))

    def ask_folder(self) -> str | None:
        """The folder the admin picks (a dialog; tests replace it)."""
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Back up to folder"), self.folder_edit.text()
        )
        return path or None

    # -- actions ------------------------------------------------------------------------

    @Slot()
    def choose_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.folder_edit.setText(folder)

    @Slot()
    def back_up(self) -> None:
        text = self.folder_edit.text().strip()
        if not text:
            say(self.message, self.tr("Choose the folder or USB stick to back up to."), ok=False)
            return
        folder = Path(text)
        if not folder.is_absolute() or not folder.is_dir():
            say(
                self.message,
                self.tr(
                    "The folder {folder} is not there: plug in the stick or choose another folder."
                ).format(folder=text),
                ok=False,
            )
            return
        info = self.store.info()
        target = folder / backup_file_name(info.site, info.device)
        self.backup_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message.setText(self.tr("Backing up…"))
        set_kind(self.message, "hint")
        try:
            done = make_backup(self.store, self.actor, target, self._progress)
        except BedsideError as exc:
            say(self.message, exc.sentence, ok=False)
            return
        finally:
            self.backup_button.setEnabled(True)
        self._finished(done)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        QApplication.processEvents()

    def _finished(self, done: BackupInfo) -> None:
        self.progress.setValue(self.progress.maximum())
        say(self.message, done.sentence(), ok=True)
        self.refresh()
        self.backedUp.emit(str(done.path))

    @Slot()
    def save_reminder(self) -> None:
        try:
            days = backups.set_reminder_days(self.store, self.actor, self.days_edit.text())
        except BedsideError as exc:
            say(self.days_message, exc.sentence, ok=False)
            return
        if days == 1:
            said = self.tr("Saved: a reminder after {days} day without a backup.")
        else:
            said = self.tr("Saved: a reminder after {days} days without a backup.")
        say(self.days_message, said.format(days=days), ok=True)
        self.refresh()
