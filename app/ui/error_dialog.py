"""Errors on screen: a known fault is one sentence; a bug is logged and shown by reference.

A :class:`~app.errors.BedsideError` (wrong password, disk full, store in use …)
already carries the sentence that says what to do. Anything else is a bug: its
traceback goes to ``bedside.log`` under a short reference, and the nurse sees
that reference and the reassurance that saved data is safe, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import BedsideError


def sentence_for(exc: BaseException) -> str:
    """What to tell the user about ``exc``; logs it first when it is a bug."""
    if isinstance(exc, BedsideError):
        return exc.sentence
    from app.logsetup import report_bug  # not at start-up: logging.handlers is slow to import

    reference = report_bug(exc)
    return QCoreApplication.translate(
        "ErrorDialog",
        "Something went wrong inside Bedside (reference {reference}). "
        "What you saved before is safe. Tell the data manager this reference.",
    ).format(reference=reference)


class ErrorDialog(QMessageBox):
    """A window-modal message that does not block the caller (``open()``, not ``exec()``)."""

    def __init__(self, sentence: str, *, bug: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bedside — problem") if bug else self.tr("Bedside"))
        self.setIcon(QMessageBox.Icon.Critical if bug else QMessageBox.Icon.Warning)
        self.setText(sentence)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName(self.tr("Error message"))


# Dialogs without a parent are kept here while open, or Python would delete them at once.
_open: set[ErrorDialog] = set()


def _forget(dialog: ErrorDialog, _result: int) -> None:
    _open.discard(dialog)


def show_error(parent: QWidget | None, exc: BaseException) -> ErrorDialog:
    """Show ``exc`` as one sentence (known fault) or a bug reference; returns the dialog."""
    dialog = ErrorDialog(sentence_for(exc), bug=not isinstance(exc, BedsideError), parent=parent)
    _open.add(dialog)
    dialog.finished.connect(functools.partial(_forget, dialog))
    dialog.open()
    return dialog


_showing = False


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    if QApplication.instance() is None or _showing:
        # No window to speak in, or a failure while showing one: the log must still get it.
        from app.logsetup import report_bug

        report_bug(exc)
        sys.__excepthook__(kind, exc, tb)
        return
    _showing = True
    try:
        show_error(QApplication.activeWindow(), exc)
    finally:
        _showing = False


def install_excepthook() -> None:
    """Route exceptions that escape a slot (Qt calls ``sys.excepthook``) to :func:`show_error`."""
    sys.excepthook = _excepthook
