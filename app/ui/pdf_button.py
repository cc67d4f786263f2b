"""What every printout button shares: the languages, and printing or saving one PDF.

A printout that cannot be made says why in one sentence (a message box) and nothing
is printed or written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QToolButton

from app.errors import BedsideError

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


class PdfButton(QToolButton):
    """A tool button whose menu entries print a PDF or save it (see the subclasses)."""

    def deliver(
        self,
        make: Callable[[], bytes],
        *,
        save: bool,
        suggested: Callable[[], str],
        title: str,
        caption: str,
    ) -> None:
        """Build with ``make``, then Qt's print dialog, or Save as PDF under ``suggested()``."""
        from app.ui.print_pdf import print_pdf, save_pdf_as

        try:
            pdf = make()
            if save:
                save_pdf_as(pdf, self, suggested())
            else:
                print_pdf(pdf, self, title=title)
        except BedsideError as error:
            QMessageBox.warning(self, caption, str(error))
