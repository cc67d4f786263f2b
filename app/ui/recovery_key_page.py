"""The recovery key, shown only once at the end of the first run: on screen, printed or
saved as a PDF.

The key opens the store if every admin password is lost; the page cannot be left
until the admin ticks that it is printed or saved and put somewhere safe.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF, Qt, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.timeutil import utc_now
from app.ui.app_style import mono_font, set_kind, ui_font
from app.ui.setup_pages import page_title, translated

if TYPE_CHECKING:
    from app.ui.setup_wizard import SetupWizard

# English sources, translated where they are shown (context "SetupWizard");
# str(): PySide6 types QT_TRANSLATE_NOOP as returning object.
CONFIRM_TEXT = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "I have printed or saved the recovery key and put it somewhere safe"
    )
)
KEY_ALPHABET = str(
    QT_TRANSLATE_NOOP(
        "SetupWizard", "The key uses the letters A–Z and the digits 2–7 only: no zero, no one."
    )
)


def key_lines(key: str) -> list[str]:
    """The key in two lines of four groups, so a line never breaks inside a group."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return ["-".join(groups[:half]), "-".join(groups[half:])] if half else [key]


def recovery_key_html(key: str, site: str, device: str, store_id: str, created: str) -> str:
    """The printable recovery key page."""
    e = html.escape
    lines = "<br/>".join(e(line) for line in key_lines(key))
    translate = QCoreApplication.translate
    heading = translate("SetupWizard", "Bedside recovery key")
    where = translate(
        "SetupWizard",
        "Site <b>{site}</b> · device <b>{device}</b><br/>\nStore {store}<br/>Created {created}",
    ).format(site=e(site), device=e(device), store=e(store_id), created=e(created))
    opens = translate(
        "SetupWizard",
        "This key opens the store if every admin password is lost. With it an admin can set\n"
        "a new password (<tt>bedside recover --user NAME</tt>).",
    )
    keep = translate(
        "SetupWizard",
        "<b>Keep this page locked away, apart from the laptop.</b> Anyone who has this key and\n"
        "a copy of the data folder can read the data. Do not photograph it or keep it on the\n"
        "laptop.",
    )
    kept_by = translate(
        "SetupWizard", "Kept by: ________________________ &nbsp; Date: ____________"
    )
    signature = translate("SetupWizard", "Signature: ______________________________")
    return f"""
<h1>{heading}</h1>
<p>{where}</p>
<table border="1" cellpadding="16" cellspacing="0" width="100%"><tr><td align="center"
   style="font-family: 'DejaVu Sans Mono', 'Consolas', monospace; font-size: 22pt;
   font-weight: bold;">{lines}</td></tr></table>
<p>{e(translated(KEY_ALPHABET))}</p>
<p>{opens}</p>
<p>{keep}</p>
<p>{kept_by}</p>
<p>{signature}</p>
"""


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(page_title(self.tr("The recovery key: shown only this once")))
        self.setSubTitle(
            self.tr(
                "It opens the store if every admin password is lost. Print it, or save it as a "
                "PDF on a USB stick (not on this laptop), and lock it away."
            )
        )
        self.key_label = QLabel(self)
        self.key_label.setFont(mono_font(24))
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setWordWrap(True)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setStyleSheet("padding: 16px; border: 2px dashed #3a3a3a;")
        alphabet = QLabel(translated(KEY_ALPHABET), self)
        set_kind(alphabet, "hint")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Recovery key message"))
        self.confirm_box = QCheckBox(translated(CONFIRM_TEXT), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(alphabet)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.confirm_box)
        # Tests (and a future "save to the USB stick" helper) give the path directly.
        self.choose_pdf_path: Callable[[], str] = self._ask_pdf_path
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.confirm_box.toggled.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.key_label.setText(self._wizard.recovery_key)

    def isComplete(self) -> bool:
        return self.confirm_box.isChecked()

    def document(self, printer: QPrinter | None = None) -> QTextDocument:
        w = self._wizard
        doc = QTextDocument(self)
        if printer is not None:
            # Lay the page out on the paper's own width, not a screen-sized default.
            doc.setPageSize(printer.pageLayout().paintRectPoints().size().toSizeF())
        doc.setDefaultFont(ui_font(12))
        doc.setHtml(
            recovery_key_html(
                w.recovery_key, w.site, w.device, w.store_id, f"{utc_now():%Y-%m-%d %H:%M} UTC"
            )
        )
        return doc

    def _say(self, sentence: str, *, ok: bool) -> None:
        self.status_label.setText(sentence)
        set_kind(self.status_label, "ok" if ok else "error")

    @Slot()
    def print_key(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the recovery key"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.document(printer).print_(printer)
        self._say(self.tr("Sent to the printer. Check the page came out whole."), ok=True)

    def _ask_pdf_path(self) -> str:
        suggested = Path.home() / f"bedside-recovery-key-{self._wizard.site}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key as PDF"), str(suggested), "PDF (*.pdf)"
        )
        return path

    @Slot()
    def save_pdf(self) -> None:
        path = self.choose_pdf_path()
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")
        self.write_pdf(target)

    def write_pdf(self, target: Path) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(20, 20, 20, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        self.document(printer).print_(printer)
        del printer  # the PDF is finished when the printer goes
        if not target.is_file() or target.stat().st_size == 0:
            said = self.tr("The PDF could not be written to {folder}: choose another place.")
            self._say(said.format(folder=target.parent), ok=False)
            return False
        self._say(self.tr("Saved to {path}.").format(path=target), ok=True)
        return True
