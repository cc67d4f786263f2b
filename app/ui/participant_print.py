"""The participant page's Print button: worksheet, checklist and casebook, in either language.

Each entry builds the PDF with ``app.reports`` (blinded: "study product, kit K"), then
goes through Qt's print dialog to a CUPS queue or is saved as a PDF file. A
printout that cannot be made (no study ID yet, no checklist) says why in one
sentence and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMenu, QWidget

from app.errors import BedsideError
from app.protocol.model import Protocol
from app.store.store import Store
from app.store.uow import Actor
from app.ui.participants_model import ROW_HEIGHT_PX
from app.ui.pdf_button import LANGUAGE_NAMES
from app.ui.record_print_button import RecordPrintButton

log = logging.getLogger(__name__)


class PrintButton(RecordPrintButton):
    """ "Print…" with one menu entry per printout and language, each printed or saved."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        study_id: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, study_id, parent)
        self.setText(self.tr("Print…"))
        self.setAccessibleName(self.tr("Print"))
        self.setMinimumHeight(ROW_HEIGHT_PX)
        menu = QMenu(self)
        for what, label in (
            ("worksheet", QT_TRANSLATE_NOOP("PrintButton", "Infusion worksheet")),
            ("checklist", QT_TRANSLATE_NOOP("PrintButton", "Eligibility checklist")),
            ("casebook", QT_TRANSLATE_NOOP("PrintButton", "Casebook")),
        ):
            for lang, language in LANGUAGE_NAMES.items():
                shown = QCoreApplication.translate("PrintButton", str(label))
                sub = menu.addMenu(
                    self.tr("{printout} ({language})").format(printout=shown, language=language)
                )
                sub.addAction(self.tr("Print…"), partial(self.run, what, lang, save=False))
                sub.addAction(self.tr("Save as PDF…"), partial(self.run, what, lang, save=True))
        self.setMenu(menu)

    def build(self, what: str, lang: str) -> bytes:
        """The PDF of one printout; :class:`BedsideError` with a sentence if it cannot be made."""
        study_id = self._chosen()
        if not study_id:
            raise BedsideError(self.tr("This participant has no study ID yet: enrol them first."))
        name = self._actor.name
        if what == "worksheet":
            from app.reports.worksheet import render_worksheet
            from app.services.reports import worksheet_data

            return render_worksheet(
                worksheet_data(self._store, self._protocol, study_id, printed_by=name), lang
            )
        if what == "checklist":
            from app.reports.checklist import render_checklist
            from app.services.reports import checklist_data

            return render_checklist(
                checklist_data(self._store, self._protocol, study_id, printed_by=name), lang
            )
        from app.reports.casebook import render_casebook
        from app.services.reports import casebook_data

        return render_casebook(
            casebook_data(self._store, self._protocol, study_id, printed_by=name), lang
        )

    def run(self, what: str, lang: str, *, save: bool) -> None:
        def suggested() -> str:
            suffix = "" if lang == "en" else f"-{lang}"
            return f"{self._chosen() or 'participant'}-{what}{suffix}.pdf"

        self.deliver(
            partial(self.build, what, lang),
            save=save,
            suggested=suggested,
            title=f"{self._chosen() or 'participant'} {what}",
            caption=self.tr("Print"),
        )
