"""The banner at the top of a participant's page once they were emergency-unblinded.

One line per unblinding: "Emergency unblinded by NAME on DATE: REASON". It names who,
when and why, never the arm, so every role that sees the page sees the banner; it is
hidden while the participant has none.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.services.unblinding import UnblindingLine, unblindings_for
from app.store.store import Store
from app.ui.app_style import set_kind


def banner_line(line: UnblindingLine) -> str:
    """``Emergency unblinded by NAME on DATE: REASON`` (local date and time)."""
    when = line.unblinded_at.astimezone()
    said = QCoreApplication.translate(
        "UnblindBanner", "Emergency unblinded by {name} on {when}: {reason}"
    )
    return said.format(name=line.full_name, when=f"{when:%Y-%m-%d %H:%M}", reason=line.reason)


class UnblindBanner(QFrame):
    """Who unblinded this participant, when and why; hidden when nobody did."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_kind(self, "message")
        self.setAccessibleName(self.tr("Emergency unblinding"))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text)
        self.lines: list[str] = []
        self.hide()

    def show_lines(self, lines: list[UnblindingLine]) -> None:
        """Show these unblindings (oldest first), or hide the banner when there are none."""
        self.lines = [banner_line(line) for line in lines]
        self.text.setText("\n".join(self.lines))
        self.setVisible(bool(self.lines))

    def refresh(self, store: Store, participant_id: str) -> None:
        """Read the participant's unblindings again (after a new one, or another page)."""
        self.show_lines(unblindings_for(store, participant_id))
