"""The visit schedule as a Qt table model: one row per visit, its status in colour.

Status colours are dark text on light fills, every pair above 7:1; a visit done outside
its window is amber, never the green of done.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
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
from app.ui.i18n import pick


class VisitColumn(IntEnum):
    VISIT = 0
    TARGET = 1
    WINDOW = 2
    STATUS = 3
    DONE = 4
    FORMS = 5


HEADERS = {
    VisitColumn.VISIT: QT_TRANSLATE_NOOP("VisitsModel", "Visit"),
    VisitColumn.TARGET: QT_TRANSLATE_NOOP("VisitsModel", "Target day"),
    VisitColumn.WINDOW: QT_TRANSLATE_NOOP("VisitsModel", "Window"),
    VisitColumn.STATUS: QT_TRANSLATE_NOOP("VisitsModel", "Status"),
    VisitColumn.DONE: QT_TRANSLATE_NOOP("VisitsModel", "Done on"),
    VisitColumn.FORMS: QT_TRANSLATE_NOOP("VisitsModel", "Saved"),
}
STATUS_WORDS = {
    VisitStatus.UPCOMING: QT_TRANSLATE_NOOP("VisitsModel", "Upcoming"),
    VisitStatus.DUE: QT_TRANSLATE_NOOP("VisitsModel", "Due"),
    VisitStatus.OVERDUE: QT_TRANSLATE_NOOP("VisitsModel", "OVERDUE"),
    VisitStatus.MISSED: QT_TRANSLATE_NOOP("VisitsModel", "Missed"),
    VisitStatus.DONE: QT_TRANSLATE_NOOP("VisitsModel", "Done"),
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
FORM_WORDS = {
    "vitals": QT_TRANSLATE_NOOP("VisitsModel", "Vital signs"),
    "labs": QT_TRANSLATE_NOOP("VisitsModel", "Laboratory"),
    "imaging": QT_TRANSLATE_NOOP("VisitsModel", "Chest imaging"),
    "who": QT_TRANSLATE_NOOP("VisitsModel", "WHO scale"),
    "symptoms": QT_TRANSLATE_NOOP("VisitsModel", "Symptoms"),
    "virology": QT_TRANSLATE_NOOP("VisitsModel", "Nucleic acid"),
    "disposition": QT_TRANSLATE_NOOP("VisitsModel", "Disposition"),
    "oxygenation": QT_TRANSLATE_NOOP("VisitsModel", "Oxygenation"),
}
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The visit code of a row."""


def _tr(source: str) -> str:
    return QCoreApplication.translate("VisitsModel", source)


def _form_word(name: str) -> str:
    """A form's name in the installed language (the English of FORM_MODULES if unknown)."""
    if name in FORM_WORDS:
        return _tr(str(FORM_WORDS[name]))
    found = FORM_MODULES.get(name)
    return found[2] if found else name


def _day(day: object) -> str:
    if day is None:
        return "—"
    return format(day, QCoreApplication.translate("VisitsModel", "%a %d %b"))


def status_colours(row: VisitRow) -> tuple[str, str]:
    """(text, background) of the status cell: amber for a visit done outside its window."""
    if row.status is VisitStatus.DONE and row.done_in_window is False:
        return OUTSIDE_WINDOW_COLOURS
    return STATUS_COLOURS[row.status]


def status_text(row: VisitRow) -> str:
    """``Done``, ``Done (outside window)``, ``OVERDUE``…"""
    text = _tr(str(STATUS_WORDS[row.status]))
    if row.status is VisitStatus.DONE and row.done_in_window is False:
        return QCoreApplication.translate("VisitsModel", "{status} (outside window)").format(
            status=text
        )
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
            if 0 <= section < len(VisitColumn):
                return QCoreApplication.translate("VisitsModel", str(HEADERS[VisitColumn(section)]))
            return None
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
            return self.tr("{visit}: day {day}, window {opens} – {closes}").format(
                visit=pick(row.name_en, row.name_zh), day=row.day, opens=opens, closes=closes
            )
        if column == VisitColumn.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(status_colours(row)[0]))
        if column == VisitColumn.STATUS and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(status_colours(row)[1]))
        return None

    @staticmethod
    def _text(row: VisitRow, column: VisitColumn) -> str:
        if column == VisitColumn.VISIT:
            return pick(row.name_en, row.name_zh)
        if column == VisitColumn.TARGET:
            return QCoreApplication.translate("VisitsModel", "Day {day} · {date}").format(
                day=row.day, date=_day(row.target_date)
            )
        if column == VisitColumn.WINDOW:
            if row.window_opens == row.window_closes:
                return QCoreApplication.translate("VisitsModel", "that day only")
            return QCoreApplication.translate("VisitsModel", "{opens} – {closes}").format(
                opens=_day(row.window_opens), closes=_day(row.window_closes)
            )
        if column == VisitColumn.STATUS:
            return status_text(row)
        if column == VisitColumn.DONE:
            return _day(row.done_on) if row.done_on else ""
        separator = QCoreApplication.translate("VisitsModel", ", ")
        return separator.join(_form_word(f) for f in row.forms)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- the panel ------------------------------------------------------------------------
