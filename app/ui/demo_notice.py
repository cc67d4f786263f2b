"""The login window's notice on a demo store: it is a demo, and these are its accounts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.store.demo_marker import demo_accounts


class DemoNotice(QLabel):
    """Names the demo accounts; follows the interface language."""

    def __init__(self, accounts: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = ", ".join(f"{user} / {password}" for user, password in accounts.items())
        self.setWordWrap(True)
        self.setObjectName("demo_notice")
        self.setProperty("kind", "notice")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(
            self.tr(
                "This is a demo store with fictional participants, for trying Bedside only. "
                "Log in as (user / password): {names}."
            ).format(names=self._names)
        )
        self.setAccessibleName(self.tr("Demo accounts"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def demo_notice(data_dir: Path, parent: QWidget | None = None) -> DemoNotice | None:
    """A label naming the demo accounts, or None when ``data_dir`` is not a demo store."""
    accounts = demo_accounts(data_dir)
    if accounts is None:
        return None
    return DemoNotice(accounts, parent)
