"""The Safety page: every adverse event across participants, with the SAE clock.

Model/view like the Participants table: the rows and their filters are
:mod:`app.ui.safety_model`'s; this page adds the filter boxes, the count and printing.
Participants are named by study ID and kit code: no arm, ever.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
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

from app.clinical.adverse_events import ClockStatus
from app.protocol import Protocol
from app.services.adverse_event_views import AeStatus
from app.services.safety_rows import safety_rows
from app.store.store import Store
from app.store.uow import Actor
from app.ui.ae_print import AeReportButton
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.safety_model import (
    AE_ID_ROLE,
    PARTICIPANT_ID_ROLE,
    ROW_HEIGHT_PX,
    Column,
    SafetyFilterProxy,
    SafetyTableModel,
    status_text,
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
            [(self.tr("Any status"), None)] + [(status_text(s), s) for s in statuses],
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
        rows = safety_rows(self.store, self.protocol, now=now)
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.clock.status is ClockStatus.OVERDUE)
        open_saes = sum(1 for r in rows if r.serious and not r.reported)
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
