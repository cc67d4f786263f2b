"""What the main window shows before a screen exists, and where it finds the participant screens.

The participant screens come from another part of the app and are loaded by name
(:class:`ParticipantParts`), with a plain placeholder until they exist.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.errors import BedsideError
from app.ui.app_style import set_kind

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor


def participant_form_key(participant_id: str) -> str:
    return f"participant:{participant_id}"


class PlaceholderPage(QFrame):
    """A titled frame with one sentence, for screens that later issues fill (both given
    already in the interface language)."""

    def __init__(self, title: str, sentence: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        heading = QLabel(title, self)
        set_kind(heading, "title")
        text = QLabel(sentence, self)
        text.setWordWrap(True)
        set_kind(text, "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(1)


class ParticipantParts:
    """The participant screens and the barcode lookup, loaded by module name when present."""

    @staticmethod
    def _module(name: str) -> Any | None:
        # A module that is missing gets a placeholder; one that fails to import is a bug.
        if importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)

    def today(self, store: Store, actor: Actor) -> QWidget:
        module = self._module("app.ui.today_view")
        if module is None:
            return PlaceholderPage(
                QCoreApplication.translate("ParticipantParts", "Today"),
                QCoreApplication.translate(
                    "ParticipantParts", "Today's visits arrive with the participant work."
                ),
            )
        return module.TodayView(store, actor)  # type: ignore[no-any-return]

    def participants(self, store: Store, actor: Actor) -> QWidget:
        module = self._module("app.ui.participants_view")
        if module is None:
            return PlaceholderPage(
                QCoreApplication.translate("ParticipantParts", "Participants"),
                QCoreApplication.translate(
                    "ParticipantParts", "The participant list arrives with the participant work."
                ),
            )
        return module.ParticipantsView(store, actor)  # type: ignore[no-any-return]

    def participant(self, store: Store, actor: Actor, participant_id: str) -> QWidget:
        module = self._module("app.ui.participant_page")
        if module is None:
            return PlaceholderPage(
                QCoreApplication.translate("ParticipantParts", "Participant"),
                QCoreApplication.translate("ParticipantParts", "Participant {id}.").format(
                    id=participant_id
                ),
            )
        return module.ParticipantPage(store, actor, participant_id)  # type: ignore[no-any-return]

    def find_by_code(self, store: Store, code: str) -> str | None:
        module = self._module("app.services.participants")
        if module is None:
            raise BedsideError(
                QCoreApplication.translate(
                    "ParticipantParts",
                    "Finding participants by barcode arrives with the participant work.",
                )
            )
        return module.find_by_code(store, code)  # type: ignore[no-any-return]
