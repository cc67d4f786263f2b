"""The visit schedule as a Qt table model: one row per visit, its status in colour.

Status colours are dark text on light fills, every pair above 7:1; a visit done outside
its window is amber, never the green of done.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.clinical.visits import VisitStatus
from app.services.visits import VisitRow
from app.ui.forms.visit_forms import FORM_MODULES


class VisitColumn(IntEnum):
    VISIT = 0
    TARGET = 1
    WINDOW = 2
    STATUS = 3
    DONE = 4
    FORMS = 5


HEADERS = {
    VisitColumn.VISIT: "Visit",
    VisitColumn.TARGET: "Target day",
    VisitColumn.WINDOW: "Window",
    VisitColumn.STATUS: "Status",
    VisitColumn.DONE: "Done on",
    VisitColumn.FORMS: "Saved",
}
STATUS_WORDS = {
    VisitStatus.UPCOMING: "Upcoming",
    VisitStatus.DUE: "Due",
    VisitStatus.OVERDUE: "OVERDUE",
    VisitStatus.MISSED: "Missed",
    VisitStatus.DONE: "Done",
}
# (text, background): dark text on light fills, every pair above 7:1.
STATUS_COLOURS = {
    VisitStatus.UPCOMING: ("#111111", "#ffffff"),
    VisitStatus.DUE: ("#062c4d", "#d6e8f7"),
    VisitStatus.OVERDUE: ("#5c0009", "#fbd5d9"),
    VisitStatus.MISSED: ("#3d2b00", "#f3e2b3"),
    VisitStatus.DONE: ("#06361a", "#d3efdc"),
}
# Done, but outside the window (a protocol deviation): amber, never the green of done.
OUTSIDE_WINDOW_COLOURS = ("#3d2400", "#ffd27a")
FORM_WORDS = {name: text for name, (_m, _c, text) in FORM_MODULES.items()} | {
    "oxygenation": "Oxygenation"
}
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The visit code of a row."""


def _day(day: object) -> str:
    return f"{day:%a %d %b}" if day is not None else "—"


def status_colours(row: VisitRow) -> tuple[str, str]:
    """(text, background) of the status cell: amber for a visit done outside its window."""
    if row.status is VisitStatus.DONE and row.done_in_window is False:
        return OUTSIDE_WINDOW_COLOURS
    return STATUS_COLOURS[row.status]


def status_text(row: VisitRow) -> str:
    """``Done``, ``Done (outside window)``, ``OVERDUE``…"""
    text = STATUS_WORDS[row.status]
    if row.status is VisitStatus.DONE and row.done_in_window is False:
        text += " (outside window)"
    return text


class StatusDelegate(QStyledItemDelegate):
    """The status cell keeps its colours on the selected row: "OVERDUE" must stay red."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.state &= ~QStyle.StateFlag.State_Selected


class VisitsModel(QAbstractTableModel):
    """Rows are :class:`~app.services.visits.VisitRow`; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[VisitRow, ...] = ()
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: tuple[VisitRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        # Sizing columns to their contents asks for every cell many times: text once.
        self._texts = [tuple(self._text(r, c) for c in VisitColumn) for r in rows]
        self.endResetModel()

    def row_at(self, row: int) -> VisitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(VisitColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(VisitColumn(section)) if 0 <= section < len(VisitColumn) else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        column = index.column()
        if row is None or not 0 <= column < len(VisitColumn):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[index.row()][column]
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.ToolTipRole:
            opens, closes = _day(row.window_opens), _day(row.window_closes)
            return f"{row.name_en}: day {row.day}, window {opens} – {closes}"
        if column == VisitColumn.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(status_colours(row)[0]))
        if column == VisitColumn.STATUS and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(status_colours(row)[1]))
        return None

    @staticmethod
    def _text(row: VisitRow, column: VisitColumn) -> str:
        if column == VisitColumn.VISIT:
            return row.name_en
        if column == VisitColumn.TARGET:
            return f"Day {row.day} · {_day(row.target_date)}"
        if column == VisitColumn.WINDOW:
            if row.window_opens == row.window_closes:
                return "that day only"
            return f"{_day(row.window_opens)} – {_day(row.window_closes)}"
        if column == VisitColumn.STATUS:
            return status_text(row)
        if column == VisitColumn.DONE:
            return _day(row.done_on) if row.done_on else ""
        return ", ".join(FORM_WORDS.get(f, f) for f in row.forms)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- the panel ------------------------------------------------------------------------
