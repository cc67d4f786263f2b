"""A printout button for the record chosen elsewhere on the page: a participant, an event.

It knows the store, who prints (their name goes on the printout) and the protocol, and
asks ``chosen()`` at each press which record to print; its menu opens at one touch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QToolButton, QWidget

from app.protocol.model import Protocol
from app.store.store import Store
from app.store.uow import Actor
from app.ui.pdf_button import PdfButton


class RecordPrintButton(PdfButton):
    """Prints or saves the PDFs of the record ``chosen()`` names (see the subclasses)."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        chosen: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._protocol = protocol
        self._chosen = chosen
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
