"""A worksheet printed through the app's print code reaches a real CUPS queue intact.

A private cupsd (tests/cups.py) runs in a temporary folder with a raw queue that files
each job as a PDF. The app's print function shows Qt's print dialog, the test clicks
Print, and the PDF that arrives is read back with pdftotext. Qt cannot send an existing
PDF (QtPdf is not in PySide6-Essentials), so after the dialog the app hands the PDF's
bytes to the chosen queue with ``lp``; the test goes through exactly that code.

libcups reads ``CUPS_SERVER`` once per process, at its first call: a test elsewhere in
the same process that asked Qt for printers first would hide the private queue from Qt.
So the tests through Qt's print dialog run in a fresh process of their own
(:func:`test_the_print_dialog_tests_pass_in_a_fresh_process`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.protocol import load_default
from app.reports.worksheet import render_worksheet
from app.roles import Role
from app.services.reports import worksheet_data
from app.ui.print_pdf import PrintFailed, print_pdf, printer_names, save_pdf, send_to_queue
from tests.conftest import OpenStore
from tests.cups import CupsServer, start_cups, why_not
from tests.reports_helper import add_participant, kit_code, pdf_text

KIT = kit_code("M4P7TQ2")
pytestmark = pytest.mark.skipif(why_not() is not None, reason=f"no private cupsd: {why_not()}")
FRESH = "BEDSIDE_PRINT_DIALOG_PROCESS"
in_fresh_process = pytest.mark.skipif(
    os.environ.get(FRESH) != "1",
    reason="through Qt's print dialog: run in a fresh process by the test below",
)


@pytest.fixture(scope="module")
def cups() -> Iterator[CupsServer]:
    # libcups reads CUPS_SERVER once, at its first call: before Qt asks for printers.
    before = os.environ.get("CUPS_SERVER")
    for server in start_cups():
        os.environ["CUPS_SERVER"] = str(server.socket)
        try:
            yield server
        finally:
            if before is None:
                os.environ.pop("CUPS_SERVER", None)
            else:
                os.environ["CUPS_SERVER"] = before


@pytest.fixture
def worksheet(opened: OpenStore) -> bytes:
    nurse = opened.actor(Role.NURSE)
    add_participant(opened.store, nurse, screening_number="WH01-L1-0005", study_id="WH01-0005",
                    kit=KIT)  # fmt: skip
    return render_worksheet(worksheet_data(opened.store, load_default(), "WH01-0005"), "en")


def _when_modal(kind: type, act: object) -> None:
    """Run ``act(dialog)`` once a modal dialog of ``kind`` is up (it runs its own loop)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)  # type: ignore[operator]
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def _button(dialog: QPrintDialog, text: str):
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                return button
    raise AssertionError(f"no {text} button in the dialog")


@in_fresh_process
def test_the_private_queue_is_listed_by_qt(cups: CupsServer, qtbot) -> None:
    assert cups.queue in printer_names()


@in_fresh_process
def test_a_worksheet_printed_through_the_print_dialog_arrives_in_the_queue(
    cups: CupsServer, worksheet: bytes, qtbot, tmp_path: Path
) -> None:
    def click_print(dialog: QPrintDialog) -> None:
        qtbot.mouseClick(_button(dialog, "Print"), Qt.MouseButton.LeftButton)

    _when_modal(QPrintDialog, click_print)
    job = print_pdf(worksheet, None, title="Worksheet WH01-0005", queue=cups.queue)
    assert job is not None and job.startswith(cups.queue)
    arrived = cups.wait_for_job(job)
    assert arrived == worksheet
    (tmp_path / "arrived.pdf").write_bytes(arrived)
    words = pdf_text(tmp_path / "arrived.pdf")
    assert "Study ID: WH01-0005" in words and f"Kit code: {KIT}" in words
    assert "24 h after end" in words


@in_fresh_process
def test_cancelling_the_print_dialog_prints_nothing(
    cups: CupsServer, worksheet: bytes, qtbot
) -> None:
    before = sorted(cups.out.iterdir())

    def click_cancel(dialog: QPrintDialog) -> None:
        qtbot.mouseClick(_button(dialog, "Cancel"), Qt.MouseButton.LeftButton)

    _when_modal(QPrintDialog, click_cancel)
    assert print_pdf(worksheet, None, queue=cups.queue) is None
    assert sorted(cups.out.iterdir()) == before


def test_a_queue_that_does_not_exist_is_one_sentence(cups: CupsServer, worksheet: bytes) -> None:
    with pytest.raises(PrintFailed, match=r"^The printer no-such-queue did not take the job \("):
        send_to_queue(worksheet, "no-such-queue")


def test_save_as_pdf_writes_the_worksheet_whole(worksheet: bytes, tmp_path: Path) -> None:
    saved = save_pdf(worksheet, tmp_path / "saved-worksheet")
    assert saved == tmp_path / "saved-worksheet.pdf"
    assert saved.read_bytes() == worksheet
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bedside-")] == []


def test_printing_writes_no_copy_of_the_printout_to_a_temp_folder(
    cups: CupsServer, worksheet: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    # A temp folder that is not there: any copy written on the way to the queue fails.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-temp-folder"))
    job = send_to_queue(worksheet, cups.queue, title="Worksheet WH01-0005")
    assert cups.wait_for_job(job) == worksheet  # whole, byte for byte
    assert not (tmp_path / "no-temp-folder").exists()


@pytest.mark.skipif(os.environ.get(FRESH) == "1", reason="already the fresh process")
def test_the_print_dialog_tests_pass_in_a_fresh_process() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__)),
         "-k", "listed_by_qt or print_dialog"],
        env={**os.environ, FRESH: "1", "QT_QPA_PLATFORM": "offscreen"},
        cwd=root, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    tail = done.stdout[-4000:] + done.stderr[-2000:]
    assert done.returncode == 0, tail
    assert "3 passed" in done.stdout, tail
