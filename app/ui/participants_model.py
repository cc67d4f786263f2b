"""Table models for participants: the list, its search/sort proxy, and one timeline.

Sorting 10,000 rows through a proxy's ``lessThan`` means ~130,000 calls into
Python; the list model therefore sorts itself with one key per row, and the
proxy only filters (it forwards ``sort`` to the list model).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.models import ParticipantStatus
from app.services.participants import ParticipantRow, TimelineEntry, status_word

Index = QModelIndex | QPersistentModelIndex

PARTICIPANT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""The participant's id (a string) on every cell of a row."""

ROW_HEIGHT_PX = 48  # gloves and touch: at least 44 px

ENDED = frozenset(
    {
        ParticipantStatus.SCREEN_FAILED,
        ParticipantStatus.WITHDRAWN,
        ParticipantStatus.DIED,
        ParticipantStatus.COMPLETED,
    }
)
ENDED_INK = QBrush(QColor("#4a4a4a"))
DASH = "—"


class Column(IntEnum):
    STUDY_ID = 0
    SCREENING_NUMBER = 1
    INITIALS = 2
    SEX = 3
    AGE = 4
    WEIGHT = 5
    STATUS = 6
    KIT = 7
    LAST_SEEN = 8
    ARM = 9
    """Only present for an unblinded person (see ``show_arm``)."""


HEADERS = {
    Column.STUDY_ID: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Study ID"),
    Column.SCREENING_NUMBER: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Screening"),
    Column.INITIALS: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Initials"),
    Column.SEX: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Sex"),
    Column.AGE: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Age"),
    Column.WEIGHT: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Weight (kg)"),
    Column.STATUS: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Status"),
    Column.KIT: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Kit"),
    Column.LAST_SEEN: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Last vitals"),
    Column.ARM: QT_TRANSLATE_NOOP("ParticipantsTableModel", "Arm"),
}
RIGHT_ALIGNED = frozenset({int(Column.AGE), int(Column.WEIGHT)})
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_STATUS_ORDER = {s: n for n, s in enumerate(ParticipantStatus)}


def _blank_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def local_time(moment: datetime | None) -> str:
    """A UTC instant as the ward reads it: local time, ``25 Nov 14:05``."""
    if moment is None:
        return DASH
    return moment.astimezone().strftime(
        QCoreApplication.translate("ParticipantsTableModel", "%d %b %H:%M")
    )


class ParticipantsTableModel(QAbstractTableModel):
    """Participants, one per row; the arm column exists only when ``show_arm`` is true."""

    def __init__(self, *, show_arm: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self._show_arm = show_arm
        # rowCount, columnCount and flags are asked for every cell painted: answered
        # from plain ints, not by counting the Column enum each time.
        self._columns = len(Column) if show_arm else len(Column) - 1
        self._rows: list[ParticipantRow] = []
        self._arms: Mapping[str, str | None] = {}
        self._search: list[str] = []
        self._texts: dict[str, tuple[str, ...]] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # -- loading ------------------------------------------------------------

    def set_rows(
        self, rows: Sequence[ParticipantRow], arms: Mapping[str, str | None] | None = None
    ) -> None:
        """Replace every row, keeping the sort order; ``arms`` only counts if the arm shows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._arms = dict(arms or {}) if self._show_arm else {}
        self._texts = {}
        self._search[:] = [self._search_text(r) for r in self._rows]
        if self._sorted_by is not None:
            self._reorder(*self._sorted_by)
        self.endResetModel()

    @staticmethod
    def _search_text(row: ParticipantRow) -> str:
        return "\n".join(
            (row.study_id or "", row.screening_number, row.initials, row.kit_code or "")
        ).casefold()

    def row_at(self, source_row: int) -> ParticipantRow:
        return self._rows[source_row]

    def search_keys(self) -> list[str]:
        """Per row, what the search box matches: study ID, screening number, initials, kit.

        Lower case, in row order. The same list object for the model's lifetime
        (updated in place), so the filter proxy can hold on to it.
        """
        return self._search

    @property
    def shows_arm(self) -> bool:
        return self._show_arm

    # -- Qt -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(
                "ParticipantsTableModel", str(HEADERS[Column(section)])
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on each repaint: plain int
        # comparisons and cached texts keep a keystroke's repaint cheap.
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = self._display(row)
            return texts[index.column()]
        if role == PARTICIPANT_ID_ROLE:
            return row.id
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in RIGHT_ALIGNED else None
        if role == _FOREGROUND:
            return ENDED_INK if row.status in ENDED else None
        return None

    def _display(self, row: ParticipantRow) -> tuple[str, ...]:
        """The row's cell texts, in column order."""
        texts: tuple[str, ...] = (
            row.study_id or DASH,
            row.screening_number,
            row.initials,
            row.sex,
            DASH if row.age_years is None else str(row.age_years),
            DASH if row.weight_kg is None else f"{row.weight_kg:.1f}",
            status_word(row.status),
            row.kit_code or DASH,
            local_time(row.last_seen),
        )
        if self._show_arm:
            texts += (self._arms.get(row.id) or self.tr("not allocated"),)
        return texts

    # -- sorting --------------------------------------------------------------

    def _sort_key(self, column: Column) -> Callable[[ParticipantRow], Any]:
        # Codes sort as text, exactly as the service's SQL orders them, so the
        # default order costs one pass over already sorted rows.
        keys: dict[Column, Callable[[ParticipantRow], Any]] = {
            # Not yet enrolled last, in screening number order.
            Column.STUDY_ID: lambda r: (r.study_id is None, r.study_id or "", r.screening_number),
            Column.SCREENING_NUMBER: lambda r: r.screening_number,
            Column.INITIALS: lambda r: r.initials.casefold(),
            Column.SEX: lambda r: r.sex,
            Column.AGE: lambda r: _blank_last(r.age_years),
            Column.WEIGHT: lambda r: _blank_last(r.weight_kg),
            Column.STATUS: lambda r: _STATUS_ORDER[r.status],
            Column.KIT: lambda r: _blank_last(r.kit_code),
            Column.LAST_SEEN: lambda r: _blank_last(r.last_seen),
            Column.ARM: lambda r: _blank_last(self._arms.get(r.id)),
        }
        return keys[column]

    def _reorder(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Sort the rows (no signals); returns each new row's old row number."""
        key = self._sort_key(Column(column))
        keys = [key(r) for r in self._rows]
        descending = order == Qt.SortOrder.DescendingOrder
        old_rows = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        self._rows = [self._rows[i] for i in old_rows]
        self._search[:] = [self._search[i] for i in old_rows]
        self._sorted_by = (column, order)
        return old_rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key per row (fast), keeping persistent indexes right."""
        if not 0 <= column < self.columnCount() or self._sorted_by == (column, order):
            return
        self.layoutAboutToBeChanged.emit()
        old_rows = self._reorder(column, order)
        new_row = {old: new for new, old in enumerate(old_rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_row[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()


class ParticipantsFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose study ID, screening number, initials or kit contain the search text.

    Sorting is forwarded to the source model (see the module docstring).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._keys: list[str] = []

    @property
    def search_text(self) -> str:
        return self._needle

    def set_search_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        if not isinstance(model, ParticipantsTableModel):
            raise TypeError("ParticipantsFilterProxy filters a ParticipantsTableModel")
        self._keys = model.search_keys()
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called once per row on every keystroke: kept to one list lookup.
        return self._needle in self._keys[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def participant_id(self, index: Index) -> str | None:
        value = self.data(index, PARTICIPANT_ID_ROLE) if index.isValid() else None
        return value if isinstance(value, str) else None


class TimelineColumn(IntEnum):
    WHEN = 0
    WHAT = 1
    DETAIL = 2
    BY = 3


TIMELINE_HEADERS = {
    TimelineColumn.WHEN: QT_TRANSLATE_NOOP("TimelineModel", "When"),
    TimelineColumn.WHAT: QT_TRANSLATE_NOOP("TimelineModel", "What"),
    TimelineColumn.DETAIL: QT_TRANSLATE_NOOP("TimelineModel", "Details"),
    TimelineColumn.BY: QT_TRANSLATE_NOOP("TimelineModel", "By"),
}


class TimelineModel(QAbstractTableModel):
    """A participant's timeline, newest first (as the service returns it)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TimelineColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(TimelineColumn)
        ):
            return QCoreApplication.translate(
                "TimelineModel", str(TIMELINE_HEADERS[TimelineColumn(section)])
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        entry = self._entries[index.row()]
        column = TimelineColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column is TimelineColumn.WHEN:
                return entry.at.astimezone().strftime(self.tr("%d %b %Y %H:%M"))
            if column is TimelineColumn.WHAT:
                return entry.title
            if column is TimelineColumn.DETAIL:
                return entry.detail
            return entry.by or DASH
        return None
