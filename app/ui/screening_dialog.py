"""The "Screen a patient" dialog of the Participants screen."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.participant_tabs import current_protocol


class ScreeningDialog(QDialog):
    """Holds the screening form for a new patient, with Cancel and, once saved,
    "Open participant".

    Signals:
        screened(str): the new participant's id, once saved.
        openRequested(str): the person wants the new participant's page.
    """

    screened = Signal(str)
    openRequested = Signal(str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.ui.forms.screening_form import ScreeningForm

        self.setWindowTitle(self.tr("Screen a patient"))
        self.resize(900, 700)
        self.form = ScreeningForm(store, actor, current_protocol(), None, self)
        self.participant_id: str | None = None
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.open_button = QPushButton(self.tr("&Open participant"))
        self.open_hint = QLabel(self.tr("Save first: then the new participant can be opened."))
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        for button in (self.cancel_button, self.open_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
        set_kind(self.open_button, "primary")
        set_kind(self.open_hint, "hint")
        self.open_button.setEnabled(False)
        row = QHBoxLayout()
        row.setContentsMargins(16, 0, 16, 8)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.open_hint)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form, 1)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.form.saved.connect(self._on_saved)
        self.cancel_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._open)

    @Slot(str)
    def _on_saved(self, participant_id: str) -> None:
        self.participant_id = participant_id
        self.open_button.setEnabled(True)
        if self.form.record:
            label = self.form.record.screening_number
        else:
            label = self.tr("the new patient")
        self.open_hint.setText(self.tr("Saved as {label}.").format(label=label))
        self.cancel_button.setText(self.tr("&Close"))
        self.cancel_button.setAccessibleName(self.tr("Close"))
        self.screened.emit(participant_id)

    @Slot()
    def _open(self) -> None:
        if self.participant_id is None:
            return
        self.openRequested.emit(self.participant_id)
        self.accept()
