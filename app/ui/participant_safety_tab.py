"""The participant page's safety tab: this participant's adverse events and con-meds.

Two model/view lists; "New adverse event" and "New con-med" open the forms blank,
a double-click (or Enter) on a row opens that record in its form, each in its own
window, and the lists refresh when a form saves. The SAE clock column counts down
like the Safety page's. The participant is named by study ID and kit code elsewhere
on the page; nothing here shows an arm.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clinical.conmeds import ROUTES
from app.protocol import Protocol
from app.roles import Permission
from app.services.adverse_events import AeStatus, AeView, list_aes
from app.services.conmeds import ConMedView, list_conmeds
from app.store.store import Store
from app.store.uow import Actor
from app.ui.ae_print import AeReportButton
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.forms.ae_form import AeForm
from app.ui.forms.base import FormWidget
from app.ui.forms.conmed_form import ConMedForm
from app.ui.rows_model import AnyIndex, RowsTableModel

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
DASH = "—"
ROW_HEIGHT_PX = 48
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
CONTEXT = "ParticipantSafetyTab"
STATUS_WORDS = {
    AeStatus.ENTERED: QT_TRANSLATE_NOOP("ParticipantSafetyTab", "Entered"),
    AeStatus.ASSESSED: QT_TRANSLATE_NOOP("ParticipantSafetyTab", "Assessed"),
    AeStatus.SIGNED: QT_TRANSLATE_NOOP("ParticipantSafetyTab", "Signed"),
    AeStatus.VOID: QT_TRANSLATE_NOOP("ParticipantSafetyTab", "Signature void"),
}


def _said(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _ae_cells(v: AeView) -> list[str]:
    onset = v.entry.onset_at
    moment = QCoreApplication.translate("ParticipantSafetyTab", "%d %b %H:%M")
    term = (
        QCoreApplication.translate("ParticipantSafetyTab", "{term} (infusion reaction)").format(
            term=v.term
        )
        if v.infusion_reaction
        else v.term
    )
    word = STATUS_WORDS.get(v.status)
    return [
        DASH if onset is None else onset.astimezone().strftime(moment),
        term,
        str(v.entry.grade),
        QCoreApplication.translate("ParticipantSafetyTab", "Serious")
        if v.serious
        else QCoreApplication.translate("ParticipantSafetyTab", "No"),
        v.clock.sentence() if v.serious else DASH,
        _said(str(word)) if word else v.status.capitalize(),
    ]


def _conmed_cells(v: ConMedView) -> list[str]:
    e = v.entry
    stopped = (
        QCoreApplication.translate("ParticipantSafetyTab", "Ongoing")
        if e.ongoing
        else (e.stop_on.isoformat() if e.stop_on else DASH)
    )
    return [
        e.drug,
        " ".join(x for x in (e.dose, e.dose_unit) if x) or DASH,
        ROUTES.get(e.route or "", DASH),
        e.frequency or DASH,
        e.start_on.isoformat() if e.start_on else DASH,
        stopped,
        QCoreApplication.translate("ParticipantSafetyTab", "Yes")
        if e.conventional
        else QCoreApplication.translate("ParticipantSafetyTab", "No"),
    ]


class RecordListModel(RowsTableModel):
    """Rows of text cells with each row's record id under :data:`ID_ROLE`.

    Each row is ``(record_id, cells)``; the headers come translated from the tab.
    """

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent, headers=headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: tuple[str, list[str]] | None = self.row_at(index)
        if row is None:
            return None
        record_id, cells = row
        if role == _DISPLAY and 0 <= index.column() < len(cells):
            return cells[index.column()]
        if role == ID_ROLE:
            return record_id
        return None


def _table(model: RecordListModel, name: str, accessible: str, stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT_PX)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class ParticipantSafetyTab(QWidget):
    """Adverse events and con-meds of one participant, each opened in its form.

    Signals:
        changed(): a form saved (the page may refresh its own clock and summary).
    """

    changed = Signal()

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._protocol = protocol
        self._participant_id = participant_id
        self.form: FormWidget | None = None
        """The form last opened (a window of its own)."""
        self.ae_model = RecordListModel(
            (self.tr("Onset"), self.tr("Term"), self.tr("Grade"), self.tr("Serious"),
             self.tr("SAE clock"), self.tr("Status")),
            self,
        )  # fmt: skip
        self.conmed_model = RecordListModel(
            (self.tr("Medication"), self.tr("Dose"), self.tr("Route"), self.tr("Frequency"),
             self.tr("Started"), self.tr("Stopped"), self.tr("Conventional")),
            self,
        )  # fmt: skip
        self.ae_table = _table(self.ae_model, "adverse_events", self.tr("Adverse events"), 1)
        self.conmed_table = _table(self.conmed_model, "con_meds", self.tr("Con meds"), 0)
        self.new_ae = QPushButton(self.tr("New &adverse event"))
        self.new_conmed = QPushButton(self.tr("New &con-med"))
        self.print_button = AeReportButton(store, actor, protocol, self.selected_ae, self)
        may_enter = actor.can(Permission.ENTER_DATA)
        for button in (self.new_ae, self.new_conmed):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setVisible(may_enter)
        self.ae_summary = QLabel()
        ae_title = QLabel(self.tr("Adverse events"))
        conmed_title = QLabel(self.tr("Concomitant medications"))
        for title in (ae_title, conmed_title):
            set_kind(title, "heading")
        ae_bar, conmed_bar = QHBoxLayout(), QHBoxLayout()
        ae_bar.addWidget(ae_title)
        ae_bar.addStretch(1)
        ae_bar.addWidget(self.print_button)
        ae_bar.addWidget(self.new_ae)
        conmed_bar.addWidget(conmed_title)
        conmed_bar.addStretch(1)
        conmed_bar.addWidget(self.new_conmed)
        layout = QVBoxLayout(self)
        layout.addLayout(ae_bar)
        layout.addWidget(self.ae_summary)
        layout.addWidget(self.ae_table, 3)
        layout.addLayout(conmed_bar)
        layout.addWidget(self.conmed_table, 2)
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)  # the clock column counts down by the minute
        self._connect()
        self.refresh()
        self.timer.start()

    def _connect(self) -> None:
        self.timer.timeout.connect(self._tick)
        self.new_ae.clicked.connect(self.open_new_ae)
        self.new_conmed.clicked.connect(self.open_new_conmed)
        self.ae_table.activated.connect(self._ae_activated)
        self.conmed_table.activated.connect(self._conmed_activated)

    @Slot()
    def refresh(self) -> None:
        """Read this participant's events and medications again."""
        aes = list_aes(self._store, self._protocol, participant_id=self._participant_id)
        self.ae_model.set_rows([(v.id, _ae_cells(v)) for v in aes])
        meds = list_conmeds(self._store, self._participant_id)
        self.conmed_model.set_rows([(v.id, _conmed_cells(v)) for v in meds])
        open_saes = sum(1 for v in aes if v.serious and not v.reports)
        if len(aes) == 1:
            text = self.tr("{count} adverse event; {open} serious not yet reported.")
        else:
            text = self.tr("{count} adverse events; {open} serious not yet reported.")
        self.ae_summary.setText(text.format(count=len(aes), open=open_saes))

    @Slot()
    def _tick(self) -> None:
        # Behind the lock the store is closed: nothing is read until it opens again.
        if self.isVisible() and self._store.unlocked:
            self.refresh()

    def selected_ae(self) -> str | None:
        """The adverse event chosen in the list, or None."""
        rows = self.ae_table.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE)) if rows else None

    # -- opening the forms ----------------------------------------------------------

    def _open(self, form: FormWidget, title: str) -> FormWidget:
        form.setParent(self, Qt.WindowType.Dialog)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.setWindowTitle(title)
        form.resize(1000, 700)
        form.saved.connect(self._form_saved)
        self.form = form
        form.show()
        return form

    def _ae_form(self, ae_id: str | None) -> FormWidget:
        form = AeForm(self._store, self._actor, self._protocol, self._participant_id)
        form.load(ae_id)
        return self._open(
            form, self.tr("Adverse event") if ae_id else self.tr("Report an adverse event")
        )

    def _conmed_form(self, conmed_id: str | None) -> FormWidget:
        form = ConMedForm(self._store, self._actor, self._protocol, self._participant_id)
        form.load(conmed_id)
        return self._open(form, self.tr("Concomitant medication"))

    @Slot()
    def open_new_ae(self) -> FormWidget:
        return self._ae_form(None)

    @Slot()
    def open_new_conmed(self) -> FormWidget:
        return self._conmed_form(None)

    def _activated(self, index: QModelIndex, opener: Callable[[str], FormWidget]) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            opener(str(record_id))

    @Slot(QModelIndex)
    def _ae_activated(self, index: QModelIndex) -> None:
        self._activated(index, self._ae_form)

    @Slot(QModelIndex)
    def _conmed_activated(self, index: QModelIndex) -> None:
        self._activated(index, self._conmed_form)

    @Slot(str)
    def _form_saved(self, _record_id: str) -> None:
        self.refresh()
        self.changed.emit()
