"""Print a finished PDF (a worksheet, a casebook) and save it as a PDF file.

Qt's printing paints pages with QPainter; it cannot send an existing PDF, and QtPdf
(which could render one) is not part of PySide6-Essentials. So Qt's print dialog chooses
the printer, the copies and the page range as usual, and the PDF's own bytes go to that
CUPS queue with ``lp``: the printer gets exactly the document that was checked, with its
embedded fonts, instead of a re-rendering of it. When the dialog's "Print to file" is
chosen, the PDF is written to that file.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from app.errors import BedsideError

log = logging.getLogger("bedside.print")
JOB_ID = re.compile(r"request id is (\S+)")
LP_TIMEOUT_SECONDS = 60


class PrintFailed(BedsideError):
    """The printing system refused or could not take the job."""


def printer_names() -> list[str]:
    """The print queues this computer knows (CUPS queues on Linux and macOS)."""
    return list(QPrinterInfo.availablePrinterNames())


def _lp() -> str:
    found = shutil.which("lp")
    if found is None:
        raise PrintFailed(
            QCoreApplication.translate(
                "PrintPdf",
                "Printing needs the CUPS client (lp), which is not installed: use Save as PDF.",
            )
        )
    return found


def send_to_queue(pdf: bytes, queue: str, *, copies: int = 1, title: str = "Bedside") -> str:
    """Submit ``pdf`` unchanged to the CUPS queue ``queue``; returns the job id."""
    if not queue:
        raise PrintFailed(
            QCoreApplication.translate(
                "PrintPdf", "No printer was chosen: choose one, or use Save as PDF."
            )
        )
    # On lp's standard input: no copy of the printout is ever written to a temp folder.
    argv = [_lp(), "-d", queue, "-n", str(max(1, copies)), "-t", title]
    try:
        done = subprocess.run(
            argv, input=pdf, capture_output=True, timeout=LP_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise PrintFailed(
            QCoreApplication.translate(
                "PrintPdf",
                "The printing system did not answer within {seconds} s: "
                "check the printer, or use Save as PDF.",
            ).format(seconds=LP_TIMEOUT_SECONDS)
        ) from None
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    found = JOB_ID.search(stdout)
    if done.returncode != 0 or found is None:
        reason = (stderr.strip().splitlines() or ["no reason given"])[0]
        log.warning("lp refused a job for %s: %s", queue, reason)
        raise PrintFailed(
            QCoreApplication.translate(
                "PrintPdf", "The printer {queue} did not take the job ({reason})."
            ).format(queue=queue, reason=reason[:160])
        )
    log.info("printed %s to %s as %s", title, queue, found.group(1))
    return found.group(1)


def save_pdf(pdf: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``pdf`` to ``path`` through a temporary file, so no half-written PDF remains."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    fd, temp = tempfile.mkstemp(prefix=".bedside-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise PrintFailed(
            QCoreApplication.translate(
                "PrintPdf", "The PDF could not be saved in {folder} ({reason})."
            ).format(folder=target.parent, reason=exc.strerror)
        ) from exc
    return target


def make_print_dialog(parent: QWidget | None, printer: QPrinter) -> QPrintDialog:
    """Qt's print dialog for a finished document: copies, no selection, no page painting."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("PrintPdf", "Print"))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    return dialog


def print_pdf(
    pdf: bytes,
    parent: QWidget | None = None,
    *,
    title: str = "Bedside",
    queue: str | None = None,
    ask: bool = True,
) -> str | None:
    """Print ``pdf``: Qt's print dialog (unless ``ask`` is False), then the chosen queue.

    Returns the CUPS job id, the path written for "Print to file", or None when the
    dialog was cancelled. ``queue`` preselects a printer.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    if queue:
        printer.setPrinterName(queue)
    if ask:
        dialog = make_print_dialog(parent, printer)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return None
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return str(save_pdf(pdf, printer.outputFileName()))
    return send_to_queue(pdf, printer.printerName(), copies=printer.copyCount(), title=title)


def save_pdf_as(
    pdf: bytes, parent: QWidget | None = None, suggested: str = "worksheet.pdf"
) -> Path | None:
    """Save as PDF: ask where (Qt's own file dialog), then write it; None if cancelled."""
    dialog = QFileDialog(
        parent,
        QCoreApplication.translate("PrintPdf", "Save as PDF"),
        suggested,
        QCoreApplication.translate("PrintPdf", "PDF files (*.pdf)"),
    )
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(suggested)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.selectedFiles()
    dialog.deleteLater()
    if not accepted or not chosen:
        return None
    return save_pdf(pdf, chosen[0])
