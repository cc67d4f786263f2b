"""The "Print / Save as PDF" button of an adverse event's report, in either language.

The report is built with ``app.reports.ae_report`` (blinded: "study product, kit K"),
then goes through Qt's print dialog to a CUPS queue or is saved as a PDF file
(:mod:`app.ui.print_pdf`). Without an event chosen it says so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QMenu, QWidget

from app.errors import BedsideError
from app.protocol.model import Protocol
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX
from app.ui.pdf_button import LANGUAGE_NAMES
from app.ui.record_print_button import RecordPrintButton


class AeReportButton(RecordPrintButton):
    """ "Print / Save as PDF…" with Print and Save entries per language."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        ae_id: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, ae_id, parent)
        self.setText(self.tr("&Print / Save as PDF…"))
        self.setAccessibleName(self.tr("Print or save the adverse event report"))
        self.setMinimumHeight(TOUCH_MIN_PX)
        menu = QMenu(self)
        for lang, language in LANGUAGE_NAMES.items():
            menu.addAction(
                self.tr("Print report ({language})…").format(language=language),
                partial(self.run, lang, save=False),
            )
            menu.addAction(
                self.tr("Save report as PDF ({language})…").format(language=language),
                partial(self.run, lang, save=True),
            )
        self.setMenu(menu)

    def build(self, lang: str) -> bytes:
        """The chosen event's report; :class:`BedsideError` with a sentence if none is chosen."""
        ae_id = self._chosen()
        if not ae_id:
            raise BedsideError(self.tr("Choose an adverse event first, then print its report."))
        from app.reports.ae_report import render_ae_report
        from app.services.ae_report import ae_report_data

        data = ae_report_data(self._store, self._protocol, ae_id, printed_by=self._actor.name)
        return render_ae_report(data, lang)

    def suggested_name(self, lang: str) -> str:
        ae_id = self._chosen() or "event"
        suffix = "" if lang == "en" else f"-{lang}"
        return f"adverse-event-{ae_id[:8]}{suffix}.pdf"

    def run(self, lang: str, *, save: bool) -> None:
        self.deliver(
            partial(self.build, lang),
            save=save,
            suggested=partial(self.suggested_name, lang),
            title="Adverse event report",
            caption=self.tr("Adverse event report"),
        )
