"""The "Randomise" confirmation a nurse or investigator opens from the participant page.

It names the participant, says what will happen (the next kit of this device's
allocation list, once, for good), and randomises on one click. Afterwards it shows
the kit as every blinded person sees it: "Randomised: study product, kit K". A
refusal is the service's one sentence under the text; nothing changes then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import BedsideError
from app.models import Participant
from app.protocol import load_default
from app.services.allocation import randomise, why_not_randomise
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.error_dialog import show_error
from app.ui.i18n import pick


def _name(store: Store, participant_id: str) -> str:
    with store.read() as session:
        p = session.get(Participant, participant_id)
        if p is None:
            return participant_id
        return f"{p.study_id or p.screening_number} ({p.initials})"


class RandomiseDialog(QDialog):
    """Confirm, then randomise one participant.

    Signals:
        randomised(str): the kit code, once the participant is randomised.
    """

    randomised = Signal(str)

    def __init__(
        self, store: Store, actor: Actor, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._participant_id = participant_id
        self.kit_code: str | None = None
        study = load_default().study
        self.product = pick(study.blinded_label_en, study.blinded_label_zh)
        self._who = who = _name(store, participant_id)
        self.setWindowTitle(self.tr("Randomise"))
        self.heading = QLabel(self.tr("Randomise {who}?").format(who=who))
        self.explain = QLabel(
            self.tr(
                "{who} gets the next kit of this device's allocation list. This happens once "
                "and cannot be undone. Everyone sees the kit code; the treatment stays masked."
            ).format(who=who)
        )
        self.message = QLabel()
        self.outcome = QLabel()
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.randomise_button = QPushButton(self.tr("&Randomise"))
        self._build()
        self.cancel_button.clicked.connect(self.reject)
        self.randomise_button.clicked.connect(self.randomise)
        self._show_refusal(why_not_randomise(store, actor, participant_id))

    def _build(self) -> None:
        set_kind(self.heading, "heading")
        set_kind(self.message, "error")
        set_kind(self.outcome, "ok")
        for label in (self.heading, self.explain, self.message, self.outcome):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Why the participant cannot be randomised"))
        self.outcome.setAccessibleName(self.tr("Randomisation result"))
        self.message.hide()
        self.outcome.hide()
        for button in (self.cancel_button, self.randomise_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
        set_kind(self.randomise_button, "primary")
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.randomise_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        for widget in (self.heading, self.explain, self.message, self.outcome):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(row)
        self.setMinimumWidth(560)

    def _show_refusal(self, sentence: str | None) -> None:
        self.message.setText(sentence or "")
        self.message.setVisible(sentence is not None)
        self.randomise_button.setEnabled(sentence is None)
        self.adjustSize()

    @Slot()
    def randomise(self) -> None:
        """Take the next slot for this participant; show the kit, or why not."""
        try:
            kit = randomise(self._store, self._actor, self._participant_id)
        except BedsideError as exc:
            self._show_refusal(exc.sentence)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        self.kit_code = kit
        self.heading.setText(self.tr("{who} is randomised").format(who=self._who))
        self.explain.setText(
            self.tr(
                "Kit {kit} now belongs to {who}: the pharmacist prepares it for the infusion."
            ).format(kit=kit, who=self._who)
        )
        self.outcome.setText(
            self.tr("Randomised: {product}, kit {kit}").format(
                product=self.product.lower(), kit=kit
            )
        )
        self.outcome.show()
        self.message.hide()
        self.randomise_button.hide()
        self.cancel_button.setText(self.tr("&Close"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.accept)
        self.adjustSize()
        self.randomised.emit(kit)
