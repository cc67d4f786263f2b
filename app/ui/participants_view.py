"""The participants screen: search (or scan), sort, open.

Built for gloves and a barcode scanner: rows are 48 px, the search box takes a
scan followed by Enter and opens that participant, and Enter or a double tap on
a row opens it. Blinded people never get an arm column; the pharmacist does.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScroller,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.roles import Permission
from app.services.allocation import arm_text
from app.services.participants import (
    ParticipantRow,
    allocated_arms,
    find_by_code,
    list_participants,
    normalise_code,
)
from app.store.blinding import BlindingKeyMissing
from app.store.store import Store
from app.store.uow import Actor
from app.ui.participants_model import (
    ROW_HEIGHT_PX,
    Column,
    ParticipantsFilterProxy,
    ParticipantsTableModel,
)

# The widest text each column usually holds; widths follow the font in use.
COLUMN_SAMPLES = {
    Column.STUDY_ID: "DEMO-0000 ",
    Column.SCREENING_NUMBER: "Screening ",
    Column.INITIALS: "Initials ",
    Column.SEX: "Sex ",
    Column.AGE: "Age ",
    Column.WEIGHT: "Weight (kg) ",
    Column.STATUS: "Screen failed ",
    Column.KIT: "KWM8GVEQ ",  # eight characters of app.allocation.kit_codes
    Column.LAST_SEEN: "25 Nov 14:05 ",
    Column.ARM: "not allocated ",
}

STALE_AFTER_S = 2.0
NO_KEY_TEXT = QT_TRANSLATE_NOOP("ParticipantsView", "no blinding key yet")


class ParticipantsView(QWidget):
    """Every participant in a searchable, sortable table.

    Signals:
        openParticipant(str): the id of the participant the person chose.
    """

    openParticipant = Signal(str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screening_dialog: QWidget | None = None  # the open "Screen a patient" dialog
        self._store = store
        self._actor = actor
        self._model = ParticipantsTableModel(show_arm=actor.can(Permission.SEE_ARM), parent=self)
        self._proxy = ParticipantsFilterProxy(self)
        self._proxy.setSourceModel(self._model)
        self._title = QLabel(self.tr("Participants"))
        self._count = QLabel()
        self._search = QLineEdit()
        self._open_button = QPushButton(self.tr("Open"))
        self._screen_button = QPushButton(self.tr("Screen a patient…"))
        self._table = QTableView()
        self._down = QShortcut(QKeySequence(Qt.Key.Key_Down), self._search)
        self._natural_widths: list[int] = []
        self._loaded_at = 0.0
        self._build()
        self._connect_signals()
        self.refresh()

    # -- layout -----------------------------------------------------------------

    def _build(self) -> None:
        self._title.setProperty("kind", "heading")
        title_font = self._title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._count.setProperty("kind", "hint")
        self._count.setAccessibleName(self.tr("How many participants are shown"))
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Its text changes with every keystroke; its width must not re-lay the window out.
        self._count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._search.setPlaceholderText(
            self.tr("Search or scan: study ID, screening number, initials, kit")
        )
        self._search.setClearButtonEnabled(True)
        self._search.setAccessibleName(self.tr("Search participants"))
        self._search.setMinimumHeight(ROW_HEIGHT_PX)
        self._open_button.setMinimumHeight(ROW_HEIGHT_PX)
        self._open_button.setEnabled(False)
        self._open_button.setToolTip(self.tr("Open the selected participant (Enter)"))
        self._down.setContext(Qt.ShortcutContext.WidgetShortcut)

        table = self._table
        table.setModel(self._proxy)
        table.setAccessibleName(self.tr("Participants"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setStyleSheet("QTableView::item { padding-left: 8px; padding-right: 8px; }")
        rows = table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(ROW_HEIGHT_PX)
        rows.setDefaultSectionSize(ROW_HEIGHT_PX)
        header = table.horizontalHeader()
        header.setMinimumHeight(ROW_HEIGHT_PX)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(Column.STUDY_ID, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        metrics = QFontMetrics(table.font())
        self._natural_widths = [
            metrics.horizontalAdvance(COLUMN_SAMPLES[Column(c)]) + 24
            for c in range(self._model.columnCount())
        ]
        table.viewport().installEventFilter(self)
        # Swipe to scroll on a touch screen.
        QScroller.grabGesture(table.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self._screen_button.setMinimumHeight(ROW_HEIGHT_PX)
        self._screen_button.setVisible(self._actor.can(Permission.ENTER_DATA))
        top = QHBoxLayout()
        top.addWidget(self._title)
        top.addWidget(self._count, 1)
        top.addWidget(self._screen_button)
        search_row = QHBoxLayout()
        search_row.addWidget(self._search, 1)
        search_row.addWidget(self._open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(search_row)
        layout.addWidget(table, 1)
        self.setFocusProxy(self._search)

    def _connect_signals(self) -> None:
        self._search.textChanged.connect(self._on_search_changed)
        self._search.returnPressed.connect(self._on_search_entered)
        self._down.activated.connect(self._focus_table)
        self._table.activated.connect(self._on_row_activated)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._open_button.clicked.connect(self._on_open_clicked)
        self._screen_button.clicked.connect(self._on_screen_clicked)
        self._proxy.modelReset.connect(self._update_count)
        self._proxy.layoutChanged.connect(self._update_count)

    @Slot()
    def _on_screen_clicked(self) -> None:
        from app.ui.screening_dialog import ScreeningDialog

        dialog = ScreeningDialog(self._store, self._actor, self)
        dialog.screened.connect(self._on_screened)
        dialog.openRequested.connect(self.openParticipant)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.screening_dialog = dialog
        dialog.open()

    @Slot(str)
    def _on_screened(self, participant_id: str) -> None:
        self.refresh()
        self.select_participant(participant_id)

    # -- public ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The main window keeps this page while another is shown: coming back to it
        # shows what was saved meanwhile (but not twice right after construction).
        if time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload every participant from the store, keeping the search and selection."""
        keep = self.selected_participant_id()
        rows = list_participants(self._store)
        self._model.set_rows(rows, self._arm_texts(rows) if self._model.shows_arm else None)
        self._loaded_at = time.monotonic()
        if keep is not None:
            self.select_participant(keep)
        self._update_count()

    def _arm_texts(self, rows: list[ParticipantRow]) -> dict[str, str | None]:
        """The pharmacist's Arm column: "A (active)" or "B (placebo)" per randomised row."""
        try:
            arms = allocated_arms(self._store, self._actor)
        except BlindingKeyMissing:
            # Randomised, but this pharmacist cannot open the arm on this device yet.
            no_key = QCoreApplication.translate("ParticipantsView", str(NO_KEY_TEXT))
            return {r.id: no_key for r in rows if r.kit_code is not None}
        return {pid: arm_text(code) for pid, code in arms.items() if code is not None}

    def set_search_text(self, text: str) -> None:
        self._search.setText(text)

    def search_text(self) -> str:
        return self._search.text()

    def visible_count(self) -> int:
        return self._proxy.rowCount()

    def selected_participant_id(self) -> str | None:
        return self._proxy.participant_id(self._table.currentIndex())

    def select_participant(self, participant_id: str) -> bool:
        """Make ``participant_id`` the current row if it is shown; True if it is."""
        for row in range(self._proxy.rowCount()):
            index = self._proxy.index(row, 0)
            if self._proxy.participant_id(index) == participant_id:
                self._select(index)
                return True
        return False

    def table(self) -> QTableView:
        return self._table

    def search_box(self) -> QLineEdit:
        return self._search

    def count_text(self) -> str:
        """What the count label says ("12 participants", "3 of 12 shown", …)."""
        return self._count.text()

    def model(self) -> ParticipantsTableModel:
        return self._model

    def proxy(self) -> ParticipantsFilterProxy:
        return self._proxy

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """Natural widths when they fit; narrower in proportion when not (no sideways scroll)."""
        available = self._table.viewport().width()
        scale = min(1.0, available / sum(self._natural_widths))
        for column, width in enumerate(self._natural_widths[:-1]):
            self._table.setColumnWidth(column, int(width * scale))

    # -- handlers ---------------------------------------------------------------------

    @Slot(str)
    def _on_search_changed(self, text: str) -> None:
        self._proxy.set_search_text(normalise_code(text))
        self._update_count()

    @Slot()
    def _on_search_entered(self) -> None:
        """A typed or scanned code + Enter: open the exact match, else the only row left."""
        found = find_by_code(self._store, self._search.text())
        if found is None and self._proxy.rowCount() == 1:
            found = self._proxy.participant_id(self._proxy.index(0, 0))
        if found is not None:
            # The next scan replaces this one rather than appending to it.
            self._search.selectAll()
            self.openParticipant.emit(found)
        elif self._proxy.rowCount() > 1:
            self._focus_table()

    @Slot()
    def _focus_table(self) -> None:
        if self._proxy.rowCount() == 0:
            return
        if not self._table.currentIndex().isValid():
            self._select(self._proxy.index(0, 0))
        self._table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        participant_id = self._proxy.participant_id(index)
        if participant_id is not None:
            self.openParticipant.emit(participant_id)

    @Slot()
    def _on_open_clicked(self) -> None:
        participant_id = self.selected_participant_id()
        if participant_id is not None:
            self.openParticipant.emit(participant_id)

    @Slot()
    def _on_selection_changed(self) -> None:
        self._open_button.setEnabled(self.selected_participant_id() is not None)

    @Slot()
    def _update_count(self) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if total == 0:
            text = self.tr("No participants yet")
        elif not self._proxy.search_text:
            if total == 1:
                text = self.tr("1 participant")
            else:
                text = self.tr("{total} participants").format(total=total)
        elif shown == 0:
            text = self.tr("No participant matches “{search}”").format(
                search=self._search.text().strip()
            )
        else:
            text = self.tr("{shown} of {total} shown").format(shown=shown, total=total)
        self._count.setText(text)
        self._on_selection_changed()

    def _select(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self._table.selectionModel().setCurrentIndex(index, flags)
        self._table.scrollTo(index)
