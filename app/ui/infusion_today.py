"""Today's "Infusions in progress": one card per infusion with checks still to do.

A card names the participant and the kit as blinded people see it ("study product,
kit K"), whether the infusion runs, is paused or has ended with follow-up checks
outstanding, and the next check with its target time and the countdown to it. A card
with an overdue check is red and says OVERDUE; a tap opens the participant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.protocol import Protocol
from app.services import infusion as service
from app.store.store import Store
from app.ui.i18n import pick
from app.ui.infusion_timepoints import DONE, countdown, hhmm, next_point
from app.ui.participants_model import ROW_HEIGHT_PX
from app.ui.today_cards import TodayCard

CONTEXT = "InfusionToday"
TITLE = QT_TRANSLATE_NOOP("InfusionToday", "Infusions in progress")
NONE = QT_TRANSLATE_NOOP("InfusionToday", "None.")
COUNTDOWN_MS = 30_000
OVERDUE_EDGE = "#a4000f"
DUE_EDGE = "#8a5a00"
LATER_EDGE = "#0b4f8a"
CARD_STYLE = """
QPushButton#infusionCard {{
    text-align: left; padding: 6px 12px; min-height: {height}px;
    border: 2px solid #3a3a3a; border-left: 12px solid {edge}; border-radius: 0;
    background: {paper};
}}
QPushButton#infusionCard:focus {{
    background: #ffdd00; border-color: #000000; border-left-color: {edge};
}}
QLabel {{ background: transparent; color: #111111; }}
QLabel#next {{ color: {edge}; font-weight: bold; }}
"""


@dataclass(frozen=True)
class InfusionLine:
    """What Today says about one infusion (plain values, read once per refresh)."""

    participant_id: str
    who: str
    product: str
    """As blinded people see it: "Study product, kit K"."""
    state: str
    """ "Running since 10:02", "Paused since 10:20", "Ended 10:45, follow-up"."""
    next_label: str
    next_target: datetime | None
    overdue: bool
    due: bool


def _line(view: service.InfusionView) -> InfusionLine:
    pending = [p for p in view.timepoints if p.status not in DONE]
    first = next_point(view)
    if view.status == "in_progress":
        paused = [i for i in view.interruptions if i.restarted_at is None]
        since = paused[-1].interrupted_at if paused else view.started_at
        if paused:
            said = QCoreApplication.translate("InfusionToday", "Paused since {time}")
        else:
            said = QCoreApplication.translate("InfusionToday", "Running since {time}")
        state = said.format(time=hhmm(since))
    else:
        said = QCoreApplication.translate("InfusionToday", "Ended {time}, follow-up")
        state = said.format(time=hhmm(view.stopped_at))
    return InfusionLine(
        participant_id=view.participant_id,
        who=view.study_id,
        product=pick(view.product_en, view.product_zh),
        state=state,
        next_label=pick(first.label_en, first.label_zh) if first is not None else "",
        next_target=first.target_at if first is not None else None,
        overdue=any(p.status == "overdue" for p in pending),
        due=any(p.status == "due" for p in pending),
    )


def infusion_lines(store: Store, protocol: Protocol, now: datetime) -> list[InfusionLine]:
    """Every infusion in progress or with follow-up checks to do; overdue first."""
    lines = [_line(v) for v in service.infusions_in_progress(store, now, protocol=protocol)]
    return sorted(lines, key=lambda x: (not x.overdue, x.next_target or now, x.who))


class InfusionCard(TodayCard):
    """One infusion on Today; tap to open the participant."""

    def __init__(self, line: InfusionLine, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(line.participant_id, parent)
        self.line = line
        self.setObjectName("infusionCard")
        self._who = QLabel(f"{line.who} · {line.product}")
        bold = self._who.font()
        bold.setBold(True)
        self._who.setFont(bold)
        self._state = QLabel(line.state)
        self._next = QLabel()
        self._next.setObjectName("next")
        first = QHBoxLayout()
        first.addWidget(self._who)
        first.addStretch(1)
        lines = QVBoxLayout(self)
        lines.setContentsMargins(20, 8, 12, 8)
        lines.addLayout(first)
        lines.addWidget(self._state)
        lines.addWidget(self._next)
        edge = OVERDUE_EDGE if line.overdue else DUE_EDGE if line.due else LATER_EDGE
        paper = "#fde8ea" if line.overdue else "#ffffff"
        self._finish_styled(
            CARD_STYLE.format(height=ROW_HEIGHT_PX + 40, edge=edge, paper=paper),
            (self._who, self._state, self._next),
        )
        self.show_time(now)

    def show_time(self, now: datetime) -> None:
        """The next check's lines, counted from ``now``."""
        line = self.line
        state = line.state
        if not line.next_label:
            text = self.tr("Every check is recorded.")
        elif line.next_target is None:
            text = self.tr("Next: {label}, when the infusion ends").format(label=line.next_label)
        else:
            if line.overdue:
                text = self.tr("OVERDUE — {label}")
            elif line.due:
                text = self.tr("Due now — {label}")
            else:
                text = self.tr("Next — {label}")
            text = text.format(label=line.next_label)
            state += self.tr(" · check at {time} ({countdown})").format(
                time=hhmm(line.next_target), countdown=countdown(line.next_target, now)
            )
        self._state.setText(state)
        self._next.setText(text)
        self.setAccessibleName(
            self.tr("{who}, {state}. {text}").format(who=line.who, state=state, text=text)
        )

    def text_lines(self) -> list[str]:
        return [self._who.text(), self._state.text(), self._next.text()]


class InfusionSection(QGroupBox):
    """The "Infusions in progress" frame: its cards, and "None." when there are none.

    The countdowns move on a timer between refreshes (no store read).

    Signals:
        chosen(str): the participant of the card tapped.
    """

    chosen = Signal(str)

    def __init__(
        self,
        store: Store,
        protocol: Protocol,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(QCoreApplication.translate(CONTEXT, str(TITLE)), parent)
        self._store = store
        self._protocol = protocol
        self._clock = clock
        self._cards: list[InfusionCard] = []
        self._none = QLabel(QCoreApplication.translate(CONTEXT, str(NONE)))
        self._none.setObjectName("content")
        self._none.setProperty("kind", "hint")
        self._none.setWordWrap(True)
        self._column = QVBoxLayout(self)
        self._column.addWidget(self._none)
        self.timer = QTimer(self)
        self.timer.setInterval(COUNTDOWN_MS)
        self.timer.timeout.connect(self.tick)

    def cards(self) -> list[InfusionCard]:
        return list(self._cards)

    def text(self) -> str:
        """What the frame says: each card on a line, or "None."."""
        if not self._cards:
            return self._none.text()
        return "\n".join(" ".join(c.text_lines()) for c in self._cards)

    def refresh(self, now: datetime) -> None:
        """Read every infusion with checks to do and rebuild the cards."""
        for card in self._cards:
            self._column.removeWidget(card)
            card.deleteLater()
        lines = infusion_lines(self._store, self._protocol, now.astimezone(UTC))
        self._cards = []
        for line in lines:
            card = InfusionCard(line, now, self)
            card.chosen.connect(self.chosen)
            self._column.addWidget(card)
            self._cards.append(card)
        overdue = sum(1 for line in lines if line.overdue)
        title = QCoreApplication.translate(CONTEXT, str(TITLE))
        if lines and overdue:
            title = self.tr("{title} ({count}, {overdue} overdue)").format(
                title=title, count=len(lines), overdue=overdue
            )
        elif lines:
            title = self.tr("{title} ({count})").format(title=title, count=len(lines))
        self.setTitle(title)
        self._none.setVisible(not lines)
        if lines:
            self.timer.start()
        else:
            self.timer.stop()

    @Slot()
    def tick(self) -> None:
        now = self._clock()
        for card in self._cards:
            card.show_time(now)
