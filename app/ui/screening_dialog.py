"""The "Screen a patient" dialog of the Participants screen."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.store.store import Store
from app.store.uow import Actor
from app.ui.participant_tabs import current_protocol


class ScreeningDialog(QDialog):
    """Holds the screening form for a new patient.

    Signals:
        screened(str): the new participant's id, once saved.
    """

    screened = Signal(str)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.ui.forms.screening_form import ScreeningForm

        self.setWindowTitle("Screen a patient")
        self.resize(900, 700)
        self.form = ScreeningForm(store, actor, current_protocol(), None, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.form.saved.connect(self._on_saved)

    @Slot(str)
    def _on_saved(self, participant_id: str) -> None:
        self.screened.emit(participant_id)
