"""The Safety page's table: every adverse event's cells, and the sorting and filtering.

:class:`SafetyTableModel` holds the rows with each cell's text and sort key, made once;
:class:`SafetyFilterProxy` sorts by those keys and filters by grade, seriousness,
causality and status, as QSortFilterProxyModel orders ties and keeps the selection.
Participants are named by study ID and kit code: no arm, ever.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QBrush, QColor

from app.clinical.adverse_events import CAUSALITY, RELATED, ClockStatus, choice_word
from app.services.adverse_event_views import AeStatus
from app.services.safety_rows import SafetyRow

Index = QModelIndex | QPersistentModelIndex
AE_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
PARTICIPANT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 3
DASH = "—"
ROW_HEIGHT_PX = 48
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_LATE_INK, _URGENT_INK = QBrush(QColor("#b00020")), QBrush(QColor("#8a5300"))
_INK = {ClockStatus.OVERDUE: _LATE_INK, ClockStatus.URGENT: _URGENT_INK,
        ClockStatus.REPORTED_LATE: _LATE_INK}  # fmt: skip
_CLOCK_ORDER = {ClockStatus.OVERDUE: 0, ClockStatus.URGENT: 1, ClockStatus.DUE: 2,
                ClockStatus.REPORTED_LATE: 3, ClockStatus.REPORTED: 4,
                ClockStatus.NOT_SERIOUS: 5}  # fmt: skip


class Column(IntEnum):
    STUDY_ID = 0
    KIT = 1
    TERM = 2
    ONSET = 3
    GRADE = 4
    SERIOUS = 5
    CAUSALITY = 6
    STATUS = 7
    CLOCK = 8


MODEL = "SafetyTableModel"
HEADERS = {
    Column.STUDY_ID: QT_TRANSLATE_NOOP("SafetyTableModel", "Study ID"),
    Column.KIT: QT_TRANSLATE_NOOP("SafetyTableModel", "Kit"),
    Column.TERM: QT_TRANSLATE_NOOP("SafetyTableModel", "Term"),
    Column.ONSET: QT_TRANSLATE_NOOP("SafetyTableModel", "Onset"),
    Column.GRADE: QT_TRANSLATE_NOOP("SafetyTableModel", "Grade"),
    Column.SERIOUS: QT_TRANSLATE_NOOP("SafetyTableModel", "Serious"),
    Column.CAUSALITY: QT_TRANSLATE_NOOP("SafetyTableModel", "Causality (product)"),
    Column.STATUS: QT_TRANSLATE_NOOP("SafetyTableModel", "Status"),
    Column.CLOCK: QT_TRANSLATE_NOOP("SafetyTableModel", "SAE clock"),
}
STATUS_WORDS = {
    AeStatus.ENTERED: QT_TRANSLATE_NOOP("SafetyTableModel", "Entered"),
    AeStatus.ASSESSED: QT_TRANSLATE_NOOP("SafetyTableModel", "Assessed"),
    AeStatus.SIGNED: QT_TRANSLATE_NOOP("SafetyTableModel", "Signed"),
    AeStatus.VOID: QT_TRANSLATE_NOOP("SafetyTableModel", "Signature void"),
}


def status_text(status: str) -> str:
    word = STATUS_WORDS.get(status)
    return QCoreApplication.translate(MODEL, str(word)) if word else status.capitalize()


def _causality_text(value: str) -> str:
    """The causality's word in the installed language; a stored value the table does not
    know is shown as stored."""
    return choice_word(CAUSALITY, value)


def causality_group(row: SafetyRow) -> str:
    """``related``, ``not related`` or ``not assessed`` (possibly or stronger is related)."""
    value = row.causality_product
    if value is None:
        return "not assessed"
    return "related" if value in RELATED else "not related"


COLUMNS = len(Column)
_CAUSALITY_ORDER = {value: n for n, value in enumerate(CAUSALITY)}


def _formatter(pattern: str) -> Callable[[datetime], str]:
    """``moment.strftime(pattern)`` as a function. Where datetime adds nothing (no %z, %Z
    or %f), it is time.strftime of the moment's timetuple, which is what datetime.strftime
    calls, without importing the time module again per call (it shows at 5,000 events)."""
    if any(code in pattern for code in ("%z", "%Z", "%f", "%:z")):
        return lambda moment: moment.strftime(pattern)
    return lambda moment: time.strftime(pattern, moment.timetuple())


class _Words:
    """The words every row shares, in the installed language: said once per reading."""

    def __init__(self) -> None:
        translate = QCoreApplication.translate
        self.reaction = translate("SafetyTableModel", "{term} (infusion reaction)")
        self.onset = _formatter(translate("SafetyTableModel", "%d %b %H:%M"))
        self.serious = {
            True: translate("SafetyTableModel", "Serious"),
            False: translate("SafetyTableModel", "No"),
        }
        self.status: dict[str, str] = {}
        self.causality: dict[str | None, str] = {None: DASH}

    def texts(self, row: SafetyRow) -> list[str | None]:
        """The row's cells, in :class:`Column` order; the onset's is made when first shown
        (:meth:`onset_text`), as formatting it is most of the cost of a reading."""
        causality = row.causality_product
        if causality not in self.causality:
            self.causality[causality] = _causality_text(causality)  # type: ignore[arg-type]
        status = self.status.get(row.status)
        if status is None:
            status = self.status[row.status] = status_text(row.status)
        return [
            row.subject,
            row.kit_code or DASH,
            self.reaction.format(term=row.term) if row.infusion_reaction else row.term,
            None,
            str(row.grade),
            self.serious[row.serious],
            self.causality[causality],
            status,
            row.clock.sentence() if row.serious else DASH,
        ]

    def onset_text(self, row: SafetyRow) -> str:
        return self.onset(row.onset_at.astimezone())


def _clock_key(row: SafetyRow) -> float:
    deadline = row.clock.deadline
    rank = _CLOCK_ORDER[row.clock.status]
    return rank * 1e12 + (deadline.timestamp() if deadline is not None else 0)


def _sort_key(rows: Sequence[SafetyRow], column: Column) -> list[Any] | None:
    """Each row's key in a column with an order of its own; None: the text's, case-folded."""
    if column == Column.ONSET:
        return [row.onset_at.timestamp() for row in rows]
    if column == Column.GRADE:
        return [row.grade or 0 for row in rows]
    if column == Column.SERIOUS:
        return [int(row.serious) for row in rows]
    if column == Column.CAUSALITY:
        order = _CAUSALITY_ORDER
        return [-1 if row.causality_product is None else order.get(row.causality_product, -1)
                for row in rows]  # fmt: skip
    if column == Column.CLOCK:
        return [_clock_key(row) for row in rows]
    return None


class _SafetyColumns(QAbstractTableModel):
    """The Safety table's columns and their headers (the model and its proxy share them)."""

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == _DISPLAY
            and 0 <= section < len(Column)
        ):
            return QCoreApplication.translate(MODEL, str(HEADERS[Column(section)]))
        return None


class SafetyTableModel(_SafetyColumns):
    """Adverse events, one per row, in the order read (newest onset first).

    Each cell's text and each column's sort key are made once per reading: the view and
    :class:`SafetyFilterProxy` ask for them many times each with thousands of events.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SafetyRow] = []
        self._words = _Words()
        self._texts: list[list[str | None]] = []
        self._keys: dict[int, list[Any]] = {}

    def set_rows(self, rows: Sequence[SafetyRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._words = words = _Words()
        self._texts = [words.texts(row) for row in self._rows]
        self._keys = {}
        self.endResetModel()

    def sort_keys(self, column: int) -> list[Any]:
        """Each row's sort key in ``column`` (what :data:`SORT_ROLE` answers), made once
        per reading when first sorted on."""
        keys = self._keys.get(column)
        if keys is None:
            keys = _sort_key(self._rows, Column(column))
            if keys is None:
                keys = [self.text(row, column).casefold() for row in range(len(self._rows))]
            self._keys[column] = keys
        return keys

    def text(self, row: int, column: int) -> str:
        text = self._texts[row][column]
        if text is None:
            text = self._texts[row][column] = self._words.onset_text(self._rows[row])
        return text

    @property
    def rows(self) -> list[SafetyRow]:
        return self._rows

    def row_at(self, row: int) -> SafetyRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, col: int, role: int) -> Any:
        """What :meth:`data` answers for source ``row``, ``col`` (both in range)."""
        if role == _DISPLAY:
            return self._texts[row][col] or self.text(row, col)
        if role == SORT_ROLE:
            return self.sort_keys(col)[row]
        if role == AE_ID_ROLE:
            return self._rows[row].id
        if role == PARTICIPANT_ID_ROLE:
            return self._rows[row].participant_id
        if role == _FOREGROUND and col == Column.CLOCK:
            return _INK.get(self._rows[row].clock.status)
        return None


_ROLES = frozenset({_DISPLAY, SORT_ROLE, AE_ID_ROLE, PARTICIPANT_ID_ROLE, _FOREGROUND})


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending ``rows`` as runs of consecutive rows: (first, last) each."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class SafetyFilterProxy(_SafetyColumns):
    """The rows of a :class:`SafetyTableModel` that match every filter, in the order sorted.

    A proxy in Python rather than a QSortFilterProxyModel: that one asks the source for a
    sort key per comparison and calls ``filterAcceptsRow`` per row, each a call into
    Python; here the order is one ``sorted`` of the source's keys and the filter one pass
    over its rows. Like QSortFilterProxyModel, sorting is stable (equal keys keep the
    source's order, either way), a new reading is sorted and filtered as before, and
    persistent indexes (the selection) follow their rows.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grade: int | None = None
        self.serious: bool | None = None
        self.causality: str | None = None
        self.status: str | None = None
        self._source: SafetyTableModel | None = None
        self._column = -1
        self._order = Qt.SortOrder.AscendingOrder
        self._shown: list[int] = []
        """Source row of each row shown."""

    def setSourceModel(self, model: SafetyTableModel) -> None:
        self.beginResetModel()
        if self._source is not None:
            self._source.modelAboutToBeReset.disconnect(self.beginResetModel)
            self._source.modelReset.disconnect(self._source_reset)
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        self._source_reset()

    def sourceModel(self) -> SafetyTableModel | None:
        return self._source

    @Slot()
    def _source_reset(self) -> None:
        self._shown = self._sorted(self._kept(range(len(self._source.rows) if self._source else 0)))
        self.endResetModel()

    def _kept(self, source_rows: Iterable[int]) -> list[int]:
        """Those of ``source_rows`` that match every filter, in the order given."""
        if self._source is None:
            return []
        rows = self._source.rows
        return [n for n in source_rows if self._accepts(rows[n])]

    def _accepts(self, row: SafetyRow) -> bool:
        return (
            (self.grade is None or row.grade == self.grade)
            and (self.serious is None or row.serious == self.serious)
            and (self.causality is None or causality_group(row) == self.causality)
            and (self.status is None or row.status == self.status)
        )

    def _sorted(self, source_rows: list[int]) -> list[int]:
        """``source_rows`` sorted stably by the sort column's keys (no column: by source row)."""
        descending = self._order == Qt.SortOrder.DescendingOrder
        if self._source is None or not 0 <= self._column < COLUMNS:
            return sorted(source_rows, reverse=descending)
        keys = self._source.sort_keys(self._column)
        return sorted(source_rows, key=keys.__getitem__, reverse=descending)

    def _before(self, one: int, other: int) -> bool:
        """Source row ``one`` sorts strictly before ``other``."""
        if self._source is None or not 0 <= self._column < COLUMNS:
            return one < other
        keys = self._source.sort_keys(self._column)
        if self._order == Qt.SortOrder.DescendingOrder:
            return bool(keys[other] < keys[one])
        return bool(keys[one] < keys[other])

    def _places(self, shown: list[int], new: list[int]) -> list[tuple[int, list[int]]]:
        """Where the ``new`` rows (sorted) go among ``shown``, run by run: as
        QSortFilterProxyModel places the rows a filter lets in (ties keep their order)."""
        places: list[tuple[int, list[int]]] = []
        low, n = 0, 0
        while n < len(new):
            run = [new[n]]
            n += 1
            high = len(shown) - 1
            while low <= high:
                middle = (low + high) // 2
                if self._before(run[0], shown[middle]):
                    high = middle - 1
                else:
                    low = middle + 1
            while n < len(new) and (low >= len(shown) or not self._before(shown[low], new[n])):
                run.append(new[n])
                n += 1
            places.append((low, run))
        return places

    def _rearrange(self, shown: list[int]) -> None:
        """Show the same rows in the order ``shown``; persistent indexes follow their rows."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        sources = [self._shown[index.row()] for index in before]
        self._shown = shown
        position = {source: row for row, source in enumerate(shown)}
        after = [
            self.index(position[source], index.column())
            for index, source in zip(before, sources, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort what is shown stably, as QSortFilterProxyModel does: a tie keeps the order
        of the sort before."""
        if (column, order) == (self._column, self._order):
            return
        self._column, self._order = column, order
        self._rearrange(self._sorted(self._shown))

    def set_filters(
        self, *, grade: int | None = None, serious: bool | None = None,
        causality: str | None = None, status: str | None = None,
    ) -> None:  # fmt: skip
        """Keep the rows that match every filter. Rows leave and come in run by run, as they
        do from a QSortFilterProxyModel, so the view keeps its selection as it would."""
        self.grade, self.serious, self.causality, self.status = grade, serious, causality, status
        if self._source is None:
            return
        rows, top = self._source.rows, QModelIndex()
        gone = [n for n, source in enumerate(self._shown) if not self._accepts(rows[source])]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(top, first, last)
            del self._shown[first : last + 1]
            self.endRemoveRows()
        shown = set(self._shown)
        new = self._sorted(self._kept(n for n in range(len(rows)) if n not in shown))
        for at, run in reversed(self._places(self._shown, new)):
            self.beginInsertRows(top, at, at + len(run) - 1)
            self._shown[at:at] = run
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or self._source is None or not index.isValid():
            return None
        return self._source.cell(self._shown[index.row()], index.column(), role)
