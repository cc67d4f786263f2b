"""Today: what needs doing on the ward now, one tap from each participant.

Sections: visits due or overdue, infusions in progress, open serious adverse
events with their reporting deadlines, and sync status. Only the first has data
yet; the others are frames that later issues fill, saying "None" meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from app.services.participants import DueVisit, status_word, today
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
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
STALE_AFTER_S = 2.0
OVERDUE_EDGE = "#a4000f"
DUE_EDGE = "#0b4f8a"


def _scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setBold(bold)
    return scaled


def _local_now() -> datetime:
    # The ward's day is the laptop's calendar day.
    return utc_now().astimezone()


class DueCard(QPushButton):
    """One participant who needs observations; tap to open.

    Signals:
        chosen(str): the participant's id.
    """

    chosen = Signal(str)

    def __init__(self, due: DueVisit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = due.participant
        self.participant_id = row.id
        self.overdue = due.overdue
        flag = "OVERDUE" if due.overdue else "Due"
        kit = f" · kit {row.kit_code}" if row.kit_code else ""
        self.setObjectName("dueCard")
        who = QLabel(f"{row.label} · {row.initials}")
        who.setFont(_scaled(who.font(), 1.25, bold=True))
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
        for label in (who, what, when):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(f"{row.label}, {status_word(row.status)}, {flag}: {due.reason}")
        edge = OVERDUE_EDGE if due.overdue else DUE_EDGE
        self.setStyleSheet(CARD_STYLE.format(height=ROW_HEIGHT_PX + 16, edge=edge))
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


class TodayView(QWidget):
    """The Today screen.

    Signals:
        openParticipant(str): the id of the participant the person tapped.
    """

    openParticipant = Signal(str)

    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        clock: Callable[[], datetime] = _local_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._clock = clock
        self._cards: list[DueCard] = []
        self._loaded_at = 0.0
        self._title = QLabel("Today")
        self._date = QLabel()
        self._refresh_button = QPushButton("Refresh")
        self._due_box = QGroupBox("Visits due or overdue")
        self._due_layout = QVBoxLayout(self._due_box)
        self._due_none = QLabel("None: every participant on study has vital signs today.")
        self._infusions_box = self._placeholder_section("Infusions in progress", "None.")
        self._sae_box = self._placeholder_section(
            "Open serious adverse events", "None. Reporting deadlines will show here."
        )
        self._sync_box = self._placeholder_section("Sync", "Never synced.")
        self._build()
        self._connect_signals()
        self.refresh()

    def _placeholder_section(self, title: str, text: str) -> QGroupBox:
        box = QGroupBox(title)
        label = QLabel(text)
        label.setProperty("kind", "hint")
        label.setWordWrap(True)
        label.setObjectName("content")
        QVBoxLayout(box).addWidget(label)
        return box

    def _build(self) -> None:
        self._title.setProperty("kind", "title")
        self._title.setFont(_scaled(self._title.font(), 1.8, bold=True))
        self._date.setProperty("kind", "hint")
        self._refresh_button.setMinimumHeight(ROW_HEIGHT_PX)
        self._due_none.setProperty("kind", "hint")
        self._due_none.setWordWrap(True)
        self._due_layout.addWidget(self._due_none)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self._title)
        names.addWidget(self._date)
        head.addLayout(names, 1)
        head.addWidget(self._refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        side = QVBoxLayout()
        side.addWidget(self._infusions_box)
        side.addWidget(self._sae_box)
        side.addWidget(self._sync_box)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self._due_box, 3, Qt.AlignmentFlag.AlignTop)
        body.addLayout(side, 2)

        content = QWidget()
        content.setObjectName("page")  # the app's page background, not the scroll area's
        column = QVBoxLayout(content)
        column.addLayout(head)
        column.addLayout(body)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect_signals(self) -> None:
        self._refresh_button.clicked.connect(self.refresh)

    # -- public -------------------------------------------------------------------

    def cards(self) -> list[DueCard]:
        return list(self._cards)

    def section_text(self, title: str) -> str:
        """The text of a placeholder section (Infusions, SAEs, Sync) by its title."""
        for box in (self._infusions_box, self._sae_box, self._sync_box):
            if box.title() == title:
                label = box.findChild(QLabel, "content")
                return label.text() if label is not None else ""
        raise KeyError(title)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The main window keeps this page while another is shown: coming back to it
        # shows what was saved meanwhile (but not twice right after construction).
        if time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read who is due now and rebuild the cards."""
        now = self._clock()
        due = today(self._store, now)
        self._loaded_at = time.monotonic()
        self._date.setText(f"{now.strftime('%A %d %B %Y')} · updated {now.strftime('%H:%M')}")
        for card in self._cards:
            self._due_layout.removeWidget(card)
            card.deleteLater()
        self._cards = []
        for item in due:
            card = DueCard(item, self._due_box)
            card.chosen.connect(self.openParticipant)
            self._due_layout.addWidget(card)
            self._cards.append(card)
        overdue = sum(1 for d in due if d.overdue)
        title = "Visits due or overdue"
        if due:
            title += f" ({len(due)}, {overdue} overdue)" if overdue else f" ({len(due)})"
        self._due_box.setTitle(title)
        self._due_none.setVisible(not due)
