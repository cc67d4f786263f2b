"""The scanner prefix: the characters a ward's barcode scanners send before each code.

Scanners are recognised by their speed alone unless an admin sets a prefix here; with
one, a scan is recognised by it at any speed (a slow cable, a busy laptop). The prefix
is kept in the store's settings, audited like every other setting, and is never part
of the code that is looked up.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import select

from app.errors import BedsideError, InvalidInput, NotPermitted
from app.models import Setting
from app.roles import Permission
from app.store.store import Store
from app.store.uow import Actor

PREFIX_KEY = "scanner_prefix"
"""Setting: the scanners' prefix, or absent/empty for none."""
MAX_PREFIX_CHARS = 4


def scan_prefix(store: Store) -> str:
    """The prefix the ward's scanners send, or "" (recognised by speed alone)."""
    with store.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == PREFIX_KEY))
    return value or ""


def check_prefix(text: str) -> str:
    """``text`` as the prefix, exactly as typed, or a sentence saying why not."""
    if len(text) > MAX_PREFIX_CHARS:
        raise InvalidInput(
            QCoreApplication.translate(
                "ScanPrefixSetting",
                "The scanner prefix is at most {most} characters; {text} has {count}.",
            ).format(most=MAX_PREFIX_CHARS, text=repr(text), count=len(text))
        )
    if any(not ch.isascii() or not ch.isprintable() or ch.isspace() for ch in text):
        raise InvalidInput(
            QCoreApplication.translate(
                "ScanPrefixSetting",
                "The scanner prefix is printable ASCII without spaces, as the scanner's "
                "manual sets it; {text} is not.",
            ).format(text=repr(text))
        )
    if text.isalnum():
        raise InvalidInput(
            QCoreApplication.translate(
                "ScanPrefixSetting",
                "The scanner prefix needs a character no code or name starts with, such as "
                "~ or ]; {text} is only letters and digits.",
            ).format(text=repr(text))
        )
    return text


def set_scan_prefix(store: Store, actor: Actor, text: str) -> str:
    """Keep ``text`` (checked) as the prefix; "" means none. Admin only."""
    if not actor.can(Permission.MANAGE_DEVICE):
        raise NotPermitted(
            QCoreApplication.translate(
                "ScanPrefixSetting", "Your role ({role}) cannot change the scanner prefix."
            ).format(role=actor.role.value)
        )
    prefix = check_prefix(text) if text else ""
    with store.transaction(actor, reason="scanner prefix changed in settings") as session:
        setting = session.scalars(select(Setting).where(Setting.key == PREFIX_KEY)).one_or_none()
        if setting is None:
            session.add(Setting(key=PREFIX_KEY, value=prefix))
        elif setting.value != prefix:
            setting.value = prefix
    return prefix


class ScanPrefixSetting(QWidget):
    """The Admin field for the scanner prefix, with its own Save and its sentence.

    Signals:
        changed(str): the prefix was saved (the main window hands it to its scanner).
    """

    changed = Signal(str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        label = QLabel(self.tr("Scanner prefix"))
        self.edit = QLineEdit(scan_prefix(store))
        self.edit.setAccessibleName(self.tr("Scanner prefix"))
        self.edit.setPlaceholderText(self.tr("none: told by speed"))
        self.edit.setMinimumHeight(44)
        self.edit.setMinimumWidth(240)
        self.edit.setMaximumWidth(320)
        label.setBuddy(self.edit)
        self.save_button = QPushButton(self.tr("Save prefix"))
        self.save_button.setMinimumHeight(44)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.edit)
        row.addWidget(self.save_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.message, 0, Qt.AlignmentFlag.AlignLeft)
        self.save_button.clicked.connect(self.save)
        self.edit.returnPressed.connect(self.save)

    @Slot()
    def save(self) -> None:
        try:
            prefix = set_scan_prefix(self._store, self._actor, self.edit.text())
        except BedsideError as exc:
            self._say(exc.sentence, "error")
            return
        shown = (
            self.tr("Scans now start with {prefix}.").format(prefix=repr(prefix))
            if prefix
            else self.tr("Scans are told by speed.")
        )
        self._say(shown, "hint")
        self.changed.emit(prefix)

    def _say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
