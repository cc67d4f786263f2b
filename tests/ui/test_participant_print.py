"""The participant page's Print button, used as a nurse would: menu, dialog, file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.ui.participant_page import ParticipantPage
from tests.conftest import OpenStore
from tests.reports_helper import add_participant, kit_code, pdf_text

KIT = kit_code("Q7WT2MX")


def _when_modal(kind: type, act: object) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)  # type: ignore[operator]
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def _action(page: ParticipantPage, menu_title: str, entry: str):
    menu = page._print.menu()
    for action in menu.actions():
        if action.text() == menu_title:
            for sub in action.menu().actions():
                if sub.text() == entry:
                    return sub
    raise AssertionError(f"no {menu_title} → {entry} in the Print menu")


def test_save_as_pdf_writes_the_worksheet_of_this_participant(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = add_participant(
        opened.store, nurse, screening_number="WH01-L1-0007", study_id="WH01-0007", kit=KIT
    )
    page = ParticipantPage(opened.store, nurse, pid)
    qtbot.addWidget(page)
    target = tmp_path / "ward-copy.pdf"

    def choose(dialog: QFileDialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(target))
        dialog.accept()

    _when_modal(QFileDialog, choose)
    _action(page, "Infusion worksheet (English)", "Save as PDF…").trigger()
    text = pdf_text(target)
    assert "WH01-0007" in text and KIT in text


def test_a_participant_without_a_study_id_gets_one_sentence_and_no_file(
    qtbot: QtBot, opened: OpenStore
) -> None:
    nurse = opened.actor(Role.NURSE)
    pid = add_participant(
        opened.store, nurse, screening_number="WH01-L1-0008", study_id=None, kit=None
    )
    page = ParticipantPage(opened.store, nurse, pid)
    qtbot.addWidget(page)
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    _when_modal(QMessageBox, read)
    _action(page, "Casebook (简体中文)", "Save as PDF…").trigger()
    assert said == ["This participant has no study ID yet: enrol them first."]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)]
