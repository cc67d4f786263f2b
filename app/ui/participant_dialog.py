"""What the bedside dialogs about one participant share: whom they name, and their layout.

The product check, randomisation and emergency unblinding each open on one
participant, name them by study ID (or screening number) and initials, and end in a
row of touch-sized buttons with the one that acts at the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget

from app.models import Participant
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind


def participant_label(store: Store, participant_id: str) -> str:
    """The participant as a dialog names them: "S-0001 (AB)", or the id if not found."""
    with store.read() as session:
        p = session.get(Participant, participant_id)
        if p is None:
            return participant_id
        return f"{p.study_id or p.screening_number} ({p.initials})"


class ParticipantDialog(QDialog):
    """A dialog about one participant, acted on by ``actor`` in ``store``."""

    def __init__(
        self, store: Store, actor: Actor, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._participant_id = participant_id
        self._who = participant_label(store, participant_id)

    def _button_row(
        self, left: Sequence[QPushButton], act: QPushButton, *, kind: str
    ) -> QHBoxLayout:
        """``left`` at the left, ``act`` (styled ``kind``) at the right; Enter presses none,
        so that a scan's Enter or a typed one does not act by itself."""
        for button in (*left, act):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
        set_kind(act, kind)
        row = QHBoxLayout()
        for button in left:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(act)
        return row

    def _lay_out(
        self,
        parts: Sequence[QWidget | QLayout],
        buttons: QLayout,
        *,
        spacing: int,
        min_width: int,
    ) -> None:
        """``parts`` from the top, then room, then ``buttons`` along the bottom."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(spacing)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(min_width)
