"""The cards on Today that open a participant: a visit due or overdue, and a record
waiting for the investigator's signature (an infusion's card, in infusion_today.py, is
one of them too).

Each card is one large button with a coloured edge (red when overdue); a tap, Space or
Enter opens where the work is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.participants import AwaitingSignature, DueVisit, status_word
from app.ui.app_style import scaled_font
from app.ui.participants_model import ROW_HEIGHT_PX

CARD_STYLE = """
QPushButton#dueCard {{
    text-align: left; padding: 6px 12px; min-height: {height}px;
    border: 2px solid #3a3a3a; border-left: 12px solid {edge}; border-radius: 0;
    background: #ffffff;
}}
QPushButton#dueCard:focus {{
    background: #ffdd00; border-color: #000000; border-left-color: {edge};
}}
QPushButton#dueCard:pressed {{ background: #d0d7de; }}
QLabel {{ background: transparent; color: #111111; }}
QLabel#when {{ color: {edge}; font-weight: bold; }}
"""
OVERDUE_EDGE = "#a4000f"
DUE_EDGE = "#0b4f8a"


class TodayCard(QPushButton):
    """One participant to tap on Today; Enter opens it as well as Space.

    Signals:
        chosen(str): the participant's id.
    """

    chosen = Signal(str)

    def __init__(self, participant_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.participant_id = participant_id
        self.setObjectName("dueCard")

    def _finish(self, edge: str, labels: tuple[QLabel, ...]) -> None:
        """Let a tap on the words reach the card, colour its edge, and make it open."""
        self._finish_styled(CARD_STYLE.format(height=ROW_HEIGHT_PX + 16, edge=edge), labels)

    def _finish_styled(self, style: str, labels: tuple[QLabel, ...]) -> None:
        """Let a tap on the words reach the card, draw it with ``style``, and make it open."""
        for label in labels:
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(style)
        self.clicked.connect(self._on_clicked)

    def text_lines(self) -> list[str]:
        """What the card says, line by line (for tests and screen readers)."""
        return [label.text() for label in self.findChildren(QLabel)]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A keyboard user opens the card with Enter as well as Space.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)

    @Slot()
    def _on_clicked(self) -> None:
        self.chosen.emit(self.participant_id)


class DueCard(TodayCard):
    """One participant who needs observations; tap to open."""

    def __init__(self, due: DueVisit, parent: QWidget | None = None) -> None:
        row = due.participant
        super().__init__(row.id, parent)
        self.visit_code = due.visit_code
        self.overdue = due.overdue
        flag = self.tr("OVERDUE") if due.overdue else self.tr("Due")
        kit = self.tr(" · kit {kit}").format(kit=row.kit_code) if row.kit_code else ""
        who = QLabel(f"{row.label} · {row.initials}")
        who.setFont(scaled_font(who.font(), 1.25, bold=True))
        what = QLabel(f"{status_word(row.status)}{kit}")
        when = QLabel(f"{flag} — {due.reason}")
        when.setObjectName("when")
        first = QHBoxLayout()
        first.addWidget(who)
        first.addSpacing(16)
        first.addWidget(what)
        first.addStretch(1)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(20, 8, 12, 8)
        lines.addLayout(first)
        lines.addWidget(when)
        self.setAccessibleName(
            self.tr("{participant}, {status}, {flag}: {reason}").format(
                participant=row.label, status=status_word(row.status), flag=flag, reason=due.reason
            )
        )
        self._finish(OVERDUE_EDGE if due.overdue else DUE_EDGE, (who, what, when))


class SignCard(TodayCard):
    """A record waiting for the investigator's signature; tap to open where it is signed."""

    def __init__(self, item: AwaitingSignature, parent: QWidget | None = None) -> None:
        super().__init__(item.participant_id, parent)
        self.form = item.form
        who = QLabel(f"{item.label} · {item.what}")
        who.setFont(scaled_font(who.font(), 1.25, bold=True))
        why = QLabel(item.reason)
        why.setObjectName("when")
        why.setWordWrap(True)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(20, 8, 12, 8)
        lines.addWidget(who)
        lines.addWidget(why)
        self.setAccessibleName(f"{item.label}, {item.what}: {item.reason}")
        self._finish(DUE_EDGE, (who, why))
