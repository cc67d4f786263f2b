"""The "Randomise" confirmation a nurse or investigator opens from the participant page.

It names the participant, says what will happen (the next kit of this device's
allocation list, once, for good), and randomises on one click. Afterwards it shows
the kit as every blinded person sees it: "Randomised: study product, kit K". A
refusal is the service's one sentence under the text; nothing changes then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.errors import BedsideError
from app.protocol import load_default
from app.services.allocation import randomise, why_not_randomise
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.error_dialog import show_error
from app.ui.i18n import pick
from app.ui.participant_dialog import ParticipantDialog


class RandomiseDialog(ParticipantDialog):
    """Confirm, then randomise one participant.

    Signals:
        randomised(str): the kit code, once the participant is randomised.
    """

    randomised = Signal(str)

    def __init__(
        self, store: Store, actor: Actor, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(store, actor, participant_id, parent)
        self.kit_code: str | None = None
        study = load_default().study
        self.product = pick(study.blinded_label_en, study.blinded_label_zh)
        who = self._who
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
        row = self._button_row((self.cancel_button,), self.randomise_button, kind="primary")
        parts = (self.heading, self.explain, self.message, self.outcome)
        self._lay_out(parts, row, spacing=12, min_width=560)

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
