"""The main window's drafts: where a person's half-filled form waits, and putting it back.

Before a page with a half-filled form goes (lock, another participant, another
person, closing), its ``draft_state()`` is kept as that person's draft; when they open
it again, ``restore_draft()`` puts it back, and a notice says where the newest waits.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton, QWidget

from app.errors import BedsideError

if TYPE_CHECKING:
    from app.ui.session import SessionController

log = logging.getLogger(__name__)


class DraftsMixin:
    """Draft keeping for :class:`~app.ui.main_window.MainWindow` (its pages, its session)."""

    session: SessionController
    draft_notice: QPushButton
    _pages: dict[str, QWidget]
    _draft_place: tuple[str, str] | None

    def current_page(self) -> QWidget | None:
        raise NotImplementedError

    def open_participant(self, participant_id: str) -> None:
        raise NotImplementedError

    def show_message(self, sentence: str) -> None:
        raise NotImplementedError

    def _announce_draft(self) -> None:
        """Say where this person's newest kept draft waits, unless it is on screen."""
        from app.services.drafts import newest_draft_place

        current = self.current_page()
        on_screen = self._draft_key(current) if current is not None else None
        try:
            place = newest_draft_place(
                self.session.store, self.session.actor, skip=(on_screen,) if on_screen else ()
            )
        except BedsideError as exc:
            log.warning("drafts: %s", exc.sentence)
            place = None
        if place is None:
            self._draft_place = None
            self.draft_notice.hide()
            return
        self._draft_place = (place.form_key, place.participant_id)
        self.draft_notice.setText(place.sentence)
        self.draft_notice.setAccessibleName(place.sentence)
        self.draft_notice.show()

    def _go_to_draft(self) -> None:
        place = self._draft_place
        self.draft_notice.hide()
        self._draft_place = None
        if place is not None:
            self.open_participant(place[1])

    @staticmethod
    def _draft_key(page: QWidget) -> str | None:
        key = page.property("draftKey") or getattr(page, "draft_key", None)
        return str(key) if key else None

    @staticmethod
    def _draft_of(page: QWidget) -> dict[str, Any] | None:
        state = getattr(page, "draft_state", None)
        return state() if callable(state) else None

    def _drafts(self) -> dict[str, dict[str, Any] | None]:
        out: dict[str, dict[str, Any] | None] = {}
        for page in self._pages.values():
            key = self._draft_key(page)
            if key and callable(getattr(page, "draft_state", None)):
                out[key] = self._draft_of(page)
        return out

    def _keep_drafts(self, drafts: dict[str, dict[str, Any] | None]) -> None:
        for key, state in drafts.items():
            try:
                self.session.keep_draft(key, state)
            except BedsideError as exc:
                self.show_message(exc.sentence)

    def _restore_draft(self, page: QWidget, key: str | None) -> bool:
        restore = getattr(page, "restore_draft", None)
        if not key or not callable(restore):
            return False
        state = self.session.load_draft(key)
        if not state:
            return False
        restore(state)
        return True
