"""The grid of an infusion's timed vital signs: target time, countdown, values, actions.

One row per timepoint of the protocol's schedule, with its own Record and Skip buttons
(a gloved nurse taps the row's button, no selection first; a keyboard user Tabs to it
and presses Enter). Reading the infusion again updates the rows in place, so a focused
button keeps its focus while the countdowns move.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from app.services import infusion as service
from app.ui.app_style import TOUCH_MIN_PX
from app.ui.i18n import pick

DONE = ("done", "skipped")
CONTEXT = "InfusionTimepoints"
STATE_WORDS = {
    "done": QT_TRANSLATE_NOOP("InfusionTimepoints", "Recorded"),
    "skipped": QT_TRANSLATE_NOOP("InfusionTimepoints", "Skipped"),
    "overdue": QT_TRANSLATE_NOOP("InfusionTimepoints", "OVERDUE"),
    "due": QT_TRANSLATE_NOOP("InfusionTimepoints", "Due now"),
}
HEADINGS = (
    QT_TRANSLATE_NOOP("InfusionTimepoints", "Timepoint"),
    QT_TRANSLATE_NOOP("InfusionTimepoints", "Target"),
    QT_TRANSLATE_NOOP("InfusionTimepoints", "When"),
    QT_TRANSLATE_NOOP("InfusionTimepoints", "Vital signs"),
)
STATE_COLOURS = {
    "overdue": "#a4000f",
    "due": "#8a5a00",
    "done": "#1b5e20",
    "skipped": "#444444",
}
VALUES = (
    ("temperature_c", "°C"),
    ("heart_rate_per_min", "/min"),
    ("respiratory_rate_per_min", "breaths/min"),
    ("spo2_percent", "% SpO₂"),
)


def countdown(target: datetime | None, now: datetime) -> str:
    """ "in 12 min", "now", "4 min ago"; "" without a target (the end is not known)."""
    if target is None:
        return ""
    minutes = round((target - now).total_seconds() / 60)
    if minutes == 0:
        return QCoreApplication.translate("InfusionTimepoints", "now")
    if abs(minutes) >= 120:
        hours, rest = divmod(abs(minutes), 60)
        span = f"{hours} h {rest:02d} min"
    else:
        span = f"{abs(minutes)} min"
    if minutes > 0:
        return QCoreApplication.translate("InfusionTimepoints", "in {span}").format(span=span)
    return QCoreApplication.translate("InfusionTimepoints", "{span} ago").format(span=span)


def hhmm(moment: datetime | None) -> str:
    """A ward-clock time, or a dash."""
    return f"{moment.astimezone():%H:%M}" if moment is not None else "—"


def values_text(point: service.TimepointView) -> str:
    """What was measured (as typed, with units), or why it was skipped."""
    if point.status == "skipped":
        said = QCoreApplication.translate("InfusionTimepoints", "Skipped: {reason}")
        return said.format(reason=point.skipped_reason)
    if point.status != "done":
        return ""
    parts = [
        QCoreApplication.translate("InfusionTimepoints", "at {time}").format(
            time=hhmm(point.measured_at)
        )
    ]
    for name, unit in VALUES:
        value = point.values.get(name)
        if value:
            parts.append(f"{value} {unit}")
    sbp = point.values.get("systolic_bp_mmhg")
    dbp = point.values.get("diastolic_bp_mmhg")
    if sbp or dbp:
        said = QCoreApplication.translate("InfusionTimepoints", "BP {systolic}/{diastolic} mmHg")
        parts.append(said.format(systolic=sbp or "?", diastolic=dbp or "?"))
    return " · ".join(parts)


def next_point(view: service.InfusionView | None) -> service.TimepointView | None:
    """The check to do next (the service's), else the first still waiting for the end."""
    if view is None:
        return None
    if view.next_due is not None:
        return view.next_due
    return next((p for p in view.timepoints if p.status not in DONE), None)


class RowButton(QPushButton):
    """A row's button that Enter presses too."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)


class TimepointGrid(QWidget):
    """The rows of one infusion's timepoints.

    Signals:
        recordRequested(str): the timepoint code whose Record was pressed.
        skipRequested(str): the timepoint code whose Skip was pressed.
    """

    recordRequested = Signal(str)
    skipRequested = Signal(str)

    def __init__(self, *, can_enter: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._can_enter = can_enter
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(6)
        for column, title in enumerate(HEADINGS):
            head = QLabel(QCoreApplication.translate(CONTEXT, str(title)))
            head.setStyleSheet("font-weight: bold;")
            self._grid.addWidget(head, 0, column)
        self._grid.setColumnStretch(3, 1)
        self.rows: dict[str, dict[str, QWidget]] = {}
        self._shape: tuple[str, ...] = ()

    def show_infusion(self, view: service.InfusionView | None, now: datetime) -> None:
        """Show ``view``'s timepoints as read at ``now`` (in place when the rows match)."""
        shape = tuple(p.code for p in view.timepoints) if view is not None else ()
        if shape != self._shape:
            self._rebuild(view)
            self._shape = shape
        if view is None:
            return
        still_open = view.status == "in_progress" or any(
            p.status not in DONE for p in view.timepoints
        )
        for point in view.timepoints:
            self._update_row(point, now, still_open)

    def _rebuild(self, view: service.InfusionView | None) -> None:
        for old in self.rows.values():
            for widget in old.values():
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = {}
        if view is None:
            return
        for row, point in enumerate(view.timepoints, start=1):
            cells: dict[str, QWidget] = {}
            for name in ("label", "target", "when", "values"):
                cell = QLabel()
                cell.setWordWrap(True)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cells[name] = cell
            label = pick(point.label_en, point.label_zh)
            record = RowButton(self.tr("Record…"))
            record.setAccessibleName(self.tr("Record {label}").format(label=label))
            skip = RowButton(self.tr("Skip…"))
            skip.setAccessibleName(self.tr("Skip {label}").format(label=label))
            for button in (record, skip):
                button.setMinimumHeight(TOUCH_MIN_PX)
                button.setProperty("timepoint", point.code)
            record.clicked.connect(self._record_clicked)
            skip.clicked.connect(self._skip_clicked)
            cells["record"], cells["skip"] = record, skip
            for column, widget in enumerate(cells.values()):
                self._grid.addWidget(widget, row, column)
            self.rows[point.code] = cells

    def _update_row(self, point: service.TimepointView, now: datetime, still_open: bool) -> None:
        cells = self.rows[point.code]
        done = point.status in DONE
        state = STATE_WORDS.get(point.status)
        word = QCoreApplication.translate(CONTEXT, str(state)) if state else ""
        when = word if done else " ".join(x for x in (word, countdown(point.target_at, now)) if x)
        texts = {
            "label": pick(point.label_en, point.label_zh),
            "target": hhmm(point.target_at) if point.target_at else self.tr("after the end"),
            "when": when,
            "values": values_text(point),
        }
        for name, text in texts.items():
            label = cells[name]
            if isinstance(label, QLabel) and label.text() != text:
                label.setText(text)
        colour = STATE_COLOURS.get(point.status, "#111111")
        cells["when"].setStyleSheet(f"color: {colour}; font-weight: bold;")
        # A check after the end has no time until the infusion ends: nothing to do yet.
        ready = point.target_at is not None or point.code == "END"
        for name in ("record", "skip"):
            cells[name].setVisible(not done and still_open and ready and self._can_enter)

    def row_text(self, code: str) -> list[str]:
        """What a timepoint's row says, cell by cell (tests, screen readers)."""
        return [w.text() for w in self.rows[code].values() if isinstance(w, QLabel)]

    def button(self, code: str, which: str) -> QPushButton:
        """The ``record`` or ``skip`` button of timepoint ``code``."""
        found = self.rows[code][which]
        assert isinstance(found, QPushButton)
        return found

    @Slot()
    def _record_clicked(self) -> None:
        self.recordRequested.emit(str(self.sender().property("timepoint")))

    @Slot()
    def _skip_clicked(self) -> None:
        self.skipRequested.emit(str(self.sender().property("timepoint")))
