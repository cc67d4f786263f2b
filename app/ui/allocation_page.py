"""The pharmacist's Allocation page: import this device's part, see its parts and slots.

The hub's statistician writes one file per part (``bedside hub allocation export``),
encrypted to this device's pharmacists; importing it asks for the pharmacist's own
password again, because only their slot opens the file. The page shows how many
slots the device holds, how many are taken and how many are left, and each part
imported. Randomising is not done here: a nurse or an investigator does it from the
participant's page. Nothing on this page names an arm.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import BedsideError
from app.roles import Permission
from app.services.allocation import AllocationStatus, allocation_status, import_part
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.error_dialog import show_error

# Fewer free slots than this and the page asks for a top-up in good time.
LOW_SLOTS = 3
HEADERS = (
    QT_TRANSLATE_NOOP("AllocationPage", "Part"),
    QT_TRANSLATE_NOOP("AllocationPage", "Slots"),
    QT_TRANSLATE_NOOP("AllocationPage", "Issued (UTC)"),
    QT_TRANSLATE_NOOP("AllocationPage", "Issued by"),
    QT_TRANSLATE_NOOP("AllocationPage", "Imported (UTC)"),
    QT_TRANSLATE_NOOP("AllocationPage", "Imported by"),
)
MAX_FILE_BYTES = 32 * 1024 * 1024


def _read(path: str) -> bytes:
    file = Path(path)
    try:
        if not file.is_file():
            raise BedsideError(
                QCoreApplication.translate(
                    "AllocationPage",
                    "{file} is not a file: choose the allocation file the hub wrote.",
                ).format(file=file.name)
            )
        if file.stat().st_size > MAX_FILE_BYTES:
            raise BedsideError(
                QCoreApplication.translate(
                    "AllocationPage", "The allocation file is too large to be one device's part."
                )
            )
        return file.read_bytes()
    except OSError as exc:
        raise BedsideError(
            QCoreApplication.translate(
                "AllocationPage", "{file} cannot be read ({reason}): nothing was imported."
            ).format(file=file.name, reason=exc.strerror)
        ) from None


class AllocationPage(QWidget):
    """Import parts and see the slot counts (pharmacist).

    Signals:
        imported(int): the serial of a part just imported.
    """

    imported = Signal(int)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        # The file chooser and the password prompt; a test puts its own in their place.
        self.choose_file: Callable[[], str | None] = self._choose_file
        self.ask_password: Callable[[], str | None] = self._ask_password
        self.title = QLabel(self.tr("Allocation"))
        self.explain = QLabel(
            self.tr(
                "This device's part of the allocation list, written by the coordinating centre "
                "for this device's pharmacists. Import each new part they send; a nurse or an "
                "investigator randomises from the participant's page."
            )
        )
        self.counts = QLabel()
        self.low = QLabel()
        self.import_button = QPushButton(self.tr("&Import allocation file…"))
        self.message = QLabel()
        self.parts = QTableWidget(0, len(HEADERS))
        self._build()
        self.import_button.clicked.connect(self.import_clicked)
        self.refresh()

    def _build(self) -> None:
        set_kind(self.title, "heading")
        set_kind(self.low, "notice")
        set_kind(self.import_button, "primary")
        for label in (self.explain, self.counts, self.low, self.message):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setAccessibleName(self.tr("Slots in all, used and left"))
        self.message.setAccessibleName(self.tr("What the import did"))
        self.import_button.setMinimumHeight(TOUCH_MIN_PX)
        self.import_button.setEnabled(self._actor.can(Permission.SEE_ARM))
        if not self._actor.can(Permission.SEE_ARM):
            self.import_button.setToolTip(self.tr("Only a pharmacist imports the allocation."))
        table = self.parts
        table.setHorizontalHeaderLabels([
            QCoreApplication.translate("AllocationPage", str(header)) for header in HEADERS
        ])  # fmt: skip
        table.setAccessibleName(self.tr("Allocation parts imported"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(TOUCH_MIN_PX)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        for widget in (self.title, self.explain, self.counts, self.low):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.parts, 1)

    @Slot()
    def refresh(self) -> None:
        """Read the slot counts and the parts again."""
        self._show(allocation_status(self._store))

    def _show(self, status: AllocationStatus) -> None:
        if status.total == 0:
            self.counts.setText(
                self.tr("No allocation part is imported yet: nobody can be randomised.")
            )
        else:
            self.counts.setText(
                self.tr("Slots: {total} in all, {used} used, {left} left.").format(
                    total=status.total, used=status.used, left=status.left
                )
            )
        short = status.total > 0 and status.left < LOW_SLOTS
        if not short:
            low = ""
        elif status.left == 1:
            low = self.tr(
                "Only {left} slot left: ask the coordinating "
                "centre's statistician to top up this device's allocation part."
            ).format(left=status.left)
        else:
            low = self.tr(
                "Only {left} slots left: ask the coordinating "
                "centre's statistician to top up this device's allocation part."
            ).format(left=status.left)
        self.low.setText(low)
        self.low.setVisible(short)
        self.parts.setRowCount(len(status.parts))
        for r, part in enumerate(status.parts):
            cells = (
                str(part.serial),
                str(part.slot_count),
                f"{part.issued_at:%Y-%m-%d %H:%M}",
                part.issued_by,
                f"{part.imported_at:%Y-%m-%d %H:%M}",
                part.imported_by,
            )
            for c, text in enumerate(cells):
                self.parts.setItem(r, c, QTableWidgetItem(text))

    def _say(self, sentence: str, kind: str) -> None:
        self.message.setText(sentence)
        set_kind(self.message, kind)

    @Slot()
    def import_clicked(self) -> None:
        """Choose the file, ask the password again, import; one sentence says how it went."""
        path = self.choose_file()
        if not path:
            return
        password = self.ask_password()
        if password is None:
            return
        try:
            result = import_part(self._store, self._actor, _read(path), password)
        except BedsideError as exc:
            self._say(exc.sentence, "error")
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        if result.slots_added == 1:
            said = self.tr("Imported part {serial}: {added} new slot, {total} in all.")
        else:
            said = self.tr("Imported part {serial}: {added} new slots, {total} in all.")
        values = {"serial": result.serial, "added": result.slots_added}
        self._say(said.format(total=result.slots_total, **values), "ok")
        self.refresh()
        self.imported.emit(result.serial)

    def _choose_file(self) -> str | None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import allocation file"),
            "",
            self.tr("Allocation files (*.age);;All files (*)"),
        )
        return path or None

    def _ask_password(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Your password"),
            self.tr("The allocation file opens only with your own password. Type it again:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None
