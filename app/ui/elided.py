"""Text that may be long, shown in the room it has: cut with "…", the whole in a tooltip.

A person's full name, a screen-failure reason or a message can be far longer than the
label that shows it; a label sized to its text would push a window wider than the
screen. :class:`ElidedLabel` shows as much as fits (on one line, or on ``lines`` lines)
and keeps the whole text in its tooltip and accessible description; :meth:`text`
returns the whole text. :func:`elided` cuts a string for places that are not labels
(a window title, a table cell).
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

LONGEST_SHOWN = 200
"""More characters than this are never laid out (a 10,000-character name is cut first)."""
NAME_SHOWN = 60
"""A person's full name in a sentence (status bar, lock screen, dialogs, tables)."""
TOOLTIP_CHARS = 2000


def elided(text: str, longest: int = LONGEST_SHOWN) -> str:
    """``text`` on one line, cut at ``longest`` characters with "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= longest else flat[: longest - 1].rstrip() + "…"


def tooltip(text: str) -> str:
    """The whole text for a tooltip, in lines of 80 characters (at most 2,000 in all)."""
    return textwrap.fill(elided(text, TOOLTIP_CHARS), 80)


def name_shown(full_name: str) -> str:
    """A full name as a sentence shows it: cut at :data:`NAME_SHOWN` characters."""
    return elided(full_name, NAME_SHOWN)


class ElidedLabel(QLabel):
    """A label that cuts its text to its width (see the module doc)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self._full = ""
        self._whole = ""
        self._lines = max(1, lines)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(self._lines > 1)
        # The label takes the width it is given; it never asks for the width of its text.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self.setText(text)

    def text(self) -> str:
        """The whole text, not the part shown."""
        return self._full

    def shown_text(self) -> str:
        """The part that fits, as painted."""
        return super().text()

    def setText(self, text: str, whole: str = "") -> None:
        """Show ``text``, cut to fit; ``whole`` (default: the text) is in the tooltip."""
        self._full = text or ""
        self._whole = whole
        self.setAccessibleDescription(elided(self._full, 2000))
        self._refit()

    def clear(self) -> None:
        self.setText("")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def _fitted(self) -> str:
        width = max(self.contentsRect().width() - 2 * self.margin() - 4, 20)
        metrics = QFontMetrics(self.font())
        flat = elided(self._full, LONGEST_SHOWN * self._lines)
        if self._lines == 1:
            return metrics.elidedText(flat, Qt.TextElideMode.ElideRight, width)
        # Several lines: cut the text so it fits the lines' total width, a little short
        # of it because word wrap leaves the end of each line empty.
        budget = int(width * self._lines * 0.9)
        return metrics.elidedText(flat, Qt.TextElideMode.ElideRight, budget)

    def _refit(self) -> None:
        fitted = self._fitted()
        super().setText(fitted)
        whole = self._whole or self._full
        self.setToolTip(tooltip(whole) if fitted != whole else "")
