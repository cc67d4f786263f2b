"""The Safety page: every adverse event across participants, with the SAE clock.

Model/view like the Participants table: :class:`SafetyTableModel` holds the rows,
:class:`SafetyFilterProxy` sorts (by a sort key per cell) and filters by grade,
seriousness, causality and status. Participants are named by study ID and kit code:
no arm, ever.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clinical.adverse_events import CAUSALITY, RELATED, ClockStatus, choice_word
from app.protocol import Protocol
from app.services.adverse_events import AeStatus, AeView, list_aes
from app.store.store import Store
from app.store.uow import Actor
from app.ui.ae_print import AeReportButton
from app.ui.app_style import TOUCH_MIN_PX, set_kind

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


def _status_text(status: str) -> str:
    word = STATUS_WORDS.get(status)
    return QCoreApplication.translate(MODEL, str(word)) if word else status.capitalize()


def _causality_text(value: str) -> str:
    """The causality's word in the installed language; a stored value the table does not
    know is shown as stored."""
    return choice_word(CAUSALITY, value)


def causality_group(view: AeView) -> str:
    """``related``, ``not related`` or ``not assessed`` (possibly or stronger is related)."""
    value = view.entry.causality_product
    if value is None:
        return "not assessed"
    return "related" if value in RELATED else "not related"


def _onset(view: AeView) -> datetime:
    assert view.entry.onset_at is not None
    return view.entry.onset_at


COLUMNS = len(Column)


class SafetyTableModel(QAbstractTableModel):
    """Adverse events, one per row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AeView] = []
        # Each cell's text is made once per reading; sort keys once per column sorted on:
        # the view and its proxy ask for them many times each with thousands of events.
        self._texts: list[list[str]] = []
        self._keys: dict[int, list[Any]] = {}

    def set_rows(self, rows: Sequence[AeView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [[self._text(view, column) for column in Column] for view in self._rows]
        self._keys = {}
        self.endResetModel()

    def row_at(self, row: int) -> AeView:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows) or not 0 <= col < COLUMNS:
            return None
        if role == _DISPLAY:
            return self._texts[row][col]
        if role == SORT_ROLE:
            keys = self._keys.get(col)
            if keys is None:
                keys = self._keys[col] = [self._sort_key(v, Column(col)) for v in self._rows]
            return keys[row]
        view = self._rows[row]
        column = Column(col)
        if role == AE_ID_ROLE:
            return view.id
        if role == PARTICIPANT_ID_ROLE:
            return view.participant_id
        if role == _FOREGROUND and column == Column.CLOCK:
            return _INK.get(view.clock.status)
        return None

    @staticmethod
    def _text(view: AeView, column: Column) -> str:
        entry = view.entry
        if column == Column.STUDY_ID:
            return view.study_id or view.screening_number
        if column == Column.KIT:
            return view.kit_code or DASH
        if column == Column.TERM:
            if view.infusion_reaction:
                said = QCoreApplication.translate("SafetyTableModel", "{term} (infusion reaction)")
                return said.format(term=view.term)
            return view.term
        if column == Column.ONSET:
            moment = QCoreApplication.translate("SafetyTableModel", "%d %b %H:%M")
            return _onset(view).astimezone().strftime(moment)
        if column == Column.GRADE:
            return str(entry.grade)
        if column == Column.SERIOUS:
            if view.serious:
                return QCoreApplication.translate("SafetyTableModel", "Serious")
            return QCoreApplication.translate("SafetyTableModel", "No")
        if column == Column.CAUSALITY:
            value = entry.causality_product
            return DASH if value is None else _causality_text(value)
        if column == Column.STATUS:
            return _status_text(view.status)
        return view.clock.sentence() if view.serious else DASH

    @staticmethod
    def _sort_key(view: AeView, column: Column) -> Any:
        if column == Column.ONSET:
            return _onset(view).timestamp()
        if column == Column.GRADE:
            return view.entry.grade or 0
        if column == Column.SERIOUS:
            return int(view.serious)
        if column == Column.CAUSALITY:
            order = list(CAUSALITY)
            value = view.entry.causality_product
            return -1 if value is None else order.index(value) if value in order else -1
        if column == Column.CLOCK:
            deadline = view.clock.deadline
            rank = _CLOCK_ORDER[view.clock.status]
            return rank * 1e12 + (deadline.timestamp() if deadline is not None else 0)
        return SafetyTableModel._text(view, column).casefold()


class SafetyFilterProxy(QSortFilterProxyModel):
    """Sorts by each cell's sort key and keeps the rows that match every filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.grade: int | None = None
        self.serious: bool | None = None
        self.causality: str | None = None
        self.status: str | None = None

    def set_filters(
        self, *, grade: int | None = None, serious: bool | None = None,
        causality: str | None = None, status: str | None = None,
    ) -> None:  # fmt: skip
        self.beginFilterChange()
        self.grade, self.serious, self.causality, self.status = grade, serious, causality, status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, SafetyTableModel) or source_parent.isValid():
            return True
        view = model.row_at(source_row)
        return (
            (self.grade is None or view.entry.grade == self.grade)
            and (self.serious is None or view.serious == self.serious)
            and (self.causality is None or causality_group(view) == self.causality)
            and (self.status is None or view.status == self.status)
        )


def _filter_box(name: str, accessible: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setMinimumHeight(TOUCH_MIN_PX)
    for text, value in items:
        box.addItem(text, value)
    return box


RESIZE_ROWS = 200
"""Columns fit the widest of this many rows around the view, not of every event."""


class SafetyPage(QWidget):
    """Every AE and SAE; double-click (or Enter) opens the event.

    Signals:
        open_event(str, str): participant id and adverse event id to open.
    """

    open_event = Signal(str, str)

    def __init__(
        self,
        store: Store,
        protocol: Protocol,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        """``actor`` (who prints) adds the chosen event's "Print / Save as PDF" button."""
        super().__init__(parent)
        self.store = store
        self.protocol = protocol
        self.model = SafetyTableModel(self)
        self.proxy = SafetyFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        title = QLabel(self.tr("Safety: adverse events and the SAE reporting clock"))
        set_kind(title, "heading")
        self.summary = QLabel()
        grades = [(self.tr("Grade {grade}").format(grade=g), g) for g in range(1, 6)]
        self.grade_filter = _filter_box(
            "grade_filter", self.tr("Grade filter"), [(self.tr("All grades"), None), *grades]
        )
        self.serious_filter = _filter_box(
            "serious_filter",
            self.tr("Serious filter"),
            [
                (self.tr("Serious or not"), None),
                (self.tr("Serious"), True),
                (self.tr("Not serious"), False),
            ],
        )
        self.causality_filter = _filter_box(
            "causality_filter",
            self.tr("Causality filter"),
            [
                (self.tr("Any causality"), None),
                (self.tr("Related"), "related"),
                (self.tr("Not related"), "not related"),
                (self.tr("Not assessed"), "not assessed"),
            ],
        )
        statuses = (AeStatus.ENTERED, AeStatus.ASSESSED, AeStatus.SIGNED, AeStatus.VOID)
        self.status_filter = _filter_box(
            "status_filter",
            self.tr("Status filter"),
            [(self.tr("Any status"), None)] + [(_status_text(s), s) for s in statuses],
        )
        filters = QHBoxLayout()
        for box in (self.grade_filter, self.serious_filter, self.causality_filter,
                    self.status_filter):  # fmt: skip
            filters.addWidget(box)
        filters.addStretch(1)
        self.print_button: AeReportButton | None = None
        if actor is not None:
            self.print_button = AeReportButton(store, actor, protocol, self.selected_ae, self)
            filters.addWidget(self.print_button)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.CLOCK, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT_PX)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(RESIZE_ROWS)  # thousands of events open at once
        header.setSectionResizeMode(Column.TERM, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)  # the clock column counts down by the minute
        self._connect()

    def _connect(self) -> None:
        for box in (self.grade_filter, self.serious_filter, self.causality_filter,
                    self.status_filter):  # fmt: skip
            box.currentIndexChanged.connect(self._filters_changed)
        self.table.activated.connect(self._activated)
        self.timer.timeout.connect(self._tick)

    @Slot()
    def refresh(self, now: datetime | None = None) -> None:
        """Read every event again (the clock column is computed at ``now``)."""
        rows = list_aes(self.store, self.protocol, now=now)
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.clock.status is ClockStatus.OVERDUE)
        open_saes = sum(1 for r in rows if r.serious and not r.reports)
        if late:
            text = self.tr(
                "{count} adverse events; {open} serious not yet reported; {late} overdue."
            )
        else:
            text = self.tr("{count} adverse events; {open} serious not yet reported.")
        self.summary.setText(text.format(count=len(rows), open=open_saes, late=late))
        if not self.timer.isActive():
            self.timer.start()

    @Slot()
    def _tick(self) -> None:
        # Behind the lock the store is closed: the clocks are read again on unlock.
        if self.store.unlocked:
            self.refresh()

    def selected_ae(self) -> str | None:
        """The adverse event chosen in the table, or None."""
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(AE_ID_ROLE)) if rows else None

    @Slot(int)
    def _filters_changed(self, _index: int) -> None:
        self.proxy.set_filters(
            grade=self.grade_filter.currentData(),
            serious=self.serious_filter.currentData(),
            causality=self.causality_filter.currentData(),
            status=self.status_filter.currentData(),
        )

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.open_event.emit(str(index.data(PARTICIPANT_ID_ROLE)), str(index.data(AE_ID_ROLE)))
