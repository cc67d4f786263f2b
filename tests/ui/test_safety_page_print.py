"""The Safety page's Print / Save as PDF button: the chosen event's report, by a click."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from app.clinical.adverse_events import AeEntry
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import record_ae
from app.ui.safety_page import SafetyPage
from tests.conftest import OpenStore
from tests.reports_helper import add_participant, kit_code, pdf_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()
KIT = kit_code("M4TQ8WX")


def _when_modal(kind: type, act: Callable[[Any], None]) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_save_as_pdf_writes_the_report_of_the_chosen_row(
    opened: OpenStore, qtbot: QtBot, tmp_path: Path
) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = add_participant(opened.store, nurse, screening_number="S-1", study_id="WH01-0001",
                          kit=KIT)  # fmt: skip
    now = datetime.now(UTC)
    onset = now - timedelta(hours=3)
    record_ae(opened.store, nurse, PROTOCOL, pid, AeEntry("fever", "", onset, grade=1), now=now)
    page = SafetyPage(opened.store, PROTOCOL, actor=nurse)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    assert page.print_button is not None and page.selected_ae() is None
    centre = page.table.visualRect(page.proxy.index(0, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # type: ignore[no-untyped-call]
    assert page.selected_ae() is not None
    target = tmp_path / "ae.pdf"

    def choose(dialog: QFileDialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(target))
        dialog.accept()

    _when_modal(QFileDialog, choose)
    entry = next(a for a in page.print_button.menu().actions()
                 if a.text() == "Save report as PDF (English)…")  # fmt: skip
    entry.trigger()
    words = pdf_text(target)
    assert "Adverse event report" in words and f"kit {KIT}" in words and "Fever" in words


def test_without_an_actor_the_page_has_no_print_button(opened: OpenStore, qtbot: QtBot) -> None:
    page = SafetyPage(opened.store, PROTOCOL)
    qtbot.addWidget(page)
    assert page.print_button is None
