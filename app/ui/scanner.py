"""Barcode scanners that type: telling a scan from a person typing, and where it goes.

A keyboard-wedge scanner "types" the code and presses Enter, faster than any person:
characters arrive a few milliseconds apart. :class:`ScanRouter`, an application event
filter, holds each typed character for a moment; a run of at least ``min_chars``
characters, each within ``max_gap_ms`` of the one before and ended by Enter (or Tab),
is a scan. A scanner set to send a ``prefix`` first is recognised by it, at any speed.

- A scan aimed at a :class:`ScanField` (a check field) lands there whole, replacing
  what it held, and the field says ``scanned(text)``; its Enter presses no button and
  nothing of it reaches a neighbouring field.
- A line edit marked with :func:`accept_scans` (a search box) gets the scan as if it
  were typed, Enter included.
- A scan anywhere else (a vital-signs form, a button) leaves that widget untouched and
  the router says ``scanned(text)``: the main window puts it in its Find box.
- What a person types reaches its widget as typed, in order, a moment later.
- With nobody listening for ``scanned`` (no main window yet, at login), a fast run
  anywhere but a scan field is typing.
- A password field is never watched: what goes into it is never held or routed.

The clock is injected (milliseconds, monotonic) so tests can type at any speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import SIGNAL, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

MAX_GAP_MS = 30
"""Characters closer together than this come from a scanner, not a person."""
MIN_SCAN_CHARS = 4
"""A shorter fast run (a person's key rollover) is typing."""
PREFIX_GAP_MS = 500
"""After the prefix, a scanner may be slower (a long cable, a busy laptop)."""
ACCEPTS_SCANS = "acceptsScans"
TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
TYPING_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def accept_scans(edit: QLineEdit) -> None:
    """Let scans land in ``edit`` as typed text and Enter (e.g. a search box)."""
    edit.setProperty(ACCEPTS_SCANS, True)


class ScanField(QLineEdit):
    """A field for a scanned code (wristband, kit label); a person may type it too.

    Signals:
        scanned(str): a scan landed here (the field now holds exactly the scan).
    """

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty(ACCEPTS_SCANS, True)

    def take_scan(self, code: str) -> None:
        """Hold ``code`` alone, as scanned, and say so."""
        self.setText(code)
        self.scanned.emit(code)


@dataclass
class _HeldKey:
    receiver: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class ScanRouter(QObject):
    """The application-wide event filter that recognises scans (see the module doc).

    Signals:
        scanned(str): a scan that was not aimed at a field taking scans.
    """

    scanned = Signal(str)

    def __init__(
        self,
        *,
        clock: Callable[[], float] = monotonic_ms,
        max_gap_ms: float = MAX_GAP_MS,
        min_chars: int = MIN_SCAN_CHARS,
        prefix: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.max_gap_ms = max_gap_ms
        self.min_chars = min_chars
        self.prefix = prefix
        self._held: list[_HeldKey] = []
        self._last_ms = 0.0
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._timed_out)

    # -- installing -------------------------------------------------------------------

    def install(self, app: QApplication | None = None) -> None:
        """Start watching every key press of ``app`` (the running application)."""
        target = app or QApplication.instance()
        if target is not None:
            target.installEventFilter(self)

    def remove(self, app: QApplication | None = None) -> None:
        target = app or QApplication.instance()
        self.flush()
        if target is not None:
            target.removeEventFilter(self)

    # -- the filter ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying:
            return False
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusOut) and self._held:
            self.flush()  # a tap or a new field: what was typed lands first, where it was
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        return self._key_pressed(watched, event)

    def _key_pressed(self, receiver: QWidget, event: QKeyEvent) -> bool:
        if isinstance(receiver, QLineEdit) and receiver.echoMode() != QLineEdit.EchoMode.Normal:
            self.flush()  # a password is never held, never taken for a scan, never shown
            return False
        now = self._clock()
        gap = now - self._last_ms
        text = event.text()
        typing = bool(text) and text.isprintable() and not event.modifiers() & TYPING_MODIFIERS
        if typing and not event.isAutoRepeat():
            if self._held and (gap > self._gap_limit() or receiver is not self._held[0].receiver):
                self.flush()
            self._held.append(_HeldKey(receiver, event.key(), event.modifiers(), text))
            self._last_ms = now
            self._flush_timer.start(int(self._gap_limit()) + 10)
            return True
        if event.key() in TERMINATORS and self._held and gap <= self._gap_limit():
            code = self._scan_text()
            if code is not None and self._can_take(self._aim(receiver)):
                self._held.clear()
                self._flush_timer.stop()
                self._deliver_scan(self._aim(receiver), code)
                return True
        self.flush()
        return False

    def _gap_limit(self) -> float:
        if self.prefix and self._held_text().startswith(self.prefix):
            return max(self.max_gap_ms, PREFIX_GAP_MS)
        return self.max_gap_ms

    def _held_text(self) -> str:
        return "".join(k.text for k in self._held)

    def _scan_text(self) -> str | None:
        """The code the held run is, or None when it is a person's typing."""
        typed = self._held_text()
        if self.prefix and typed.startswith(self.prefix):
            code = typed[len(self.prefix) :]
            return code or None
        return typed if len(typed) >= self.min_chars else None

    def _aim(self, receiver: QWidget) -> QWidget:
        """The widget the scan was typed at (where its first character went)."""
        first = self._held[0].receiver if self._held else receiver
        return first if shiboken6.isValid(first) else receiver

    def _can_take(self, target: QWidget) -> bool:
        """Whether a scan aimed at ``target`` has somewhere to go (else it is typing)."""
        if target.property(ACCEPTS_SCANS):
            return True
        return self.receivers(SIGNAL("scanned(QString)")) > 0

    def _deliver_scan(self, target: QWidget, code: str) -> None:
        if isinstance(target, ScanField):
            target.take_scan(code)
        elif isinstance(target, QLineEdit) and target.property(ACCEPTS_SCANS):
            target.clear()  # the next scan replaces this one rather than appending to it
            target.insert(code)
            self._replay(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        else:
            self.scanned.emit(code)

    # -- letting typing through ---------------------------------------------------------

    def flush(self) -> None:
        """Give every held character to the widget it was typed at, in order."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        for key in held:
            if shiboken6.isValid(key.receiver):
                self._replay(key.receiver, key.key, key.modifiers, key.text)

    def _replay(
        self, receiver: QWidget, key: int, modifiers: Qt.KeyboardModifier, text: str
    ) -> None:
        self._replaying = True
        try:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(receiver, QKeyEvent(kind, key, modifiers, text))
        finally:
            self._replaying = False

    @Slot()
    def _timed_out(self) -> None:
        # Nothing followed: a person typed it (a scan ends with Enter at once).
        self.flush()

    def holding(self) -> str:
        """The characters held now, not yet given to a widget (tests)."""
        return self._held_text()
