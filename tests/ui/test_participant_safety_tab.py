"""The participant's safety tab: its lists, New adverse event / New con-med, opening a
row by double-click, and printing the chosen event's report, each through a click."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.clinical.adverse_events import AeEntry
from app.clinical.conmeds import ConMedEntry
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import list_aes, record_ae
from app.services.conmeds import list_conmeds, record_conmed
from app.ui.forms.ae_form import AeForm
from app.ui.forms.conmed_form import ConMedForm
from app.ui.participant_safety_tab import ID_ROLE, ParticipantSafetyTab, RecordListModel
from tests.conftest import OpenStore
from tests.reports_helper import add_participant, kit_code, pdf_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()
KIT = kit_code("M4TQ8WX")
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
def two(opened: OpenStore) -> dict[str, str]:
    """WH01-0001 with a serious event and a con-med; WH01-0002 with an event of its own."""
    nurse = opened.actor(Role.NURSE)
    ids = {}
    for n, kit in ((1, KIT), (2, kit_code("D3N8RTW"))):
        ids[f"p{n}"] = add_participant(opened.store, nurse, screening_number=f"S-00{n}",
                                       study_id=f"WH01-000{n}", kit=kit)  # fmt: skip
    aware = NOW - timedelta(hours=2)
    serious = AeEntry("hypoxia", "", aware, grade=3, aware_at=aware,
                      seriousness=frozenset({"hospitalisation"}))  # fmt: skip
    ids["sae"] = record_ae(opened.store, nurse, PROTOCOL, ids["p1"], serious, now=NOW)
    ids["other"] = record_ae(opened.store, nurse, PROTOCOL, ids["p2"],
                             AeEntry("nausea", "", aware, grade=1), now=NOW)  # fmt: skip
    ids["med"] = record_conmed(opened.store, nurse, ids["p1"],
                               ConMedEntry("Dexamethasone", "6", "mg", "iv", "once daily",
                                           start_on=date.today(), ongoing=True,
                                           conventional=True))  # fmt: skip
    return ids


def _tab(
    opened: OpenStore, qtbot: QtBot, pid: str, role: Role = Role.NURSE
) -> ParticipantSafetyTab:
    tab = ParticipantSafetyTab(opened.store, opened.actor(role), PROTOCOL, pid)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _ids(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def _click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    where = widget.rect().center() if pos is None else pos
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)  # type: ignore[no-untyped-call]


def _double_click(qtbot: QtBot, table: QTableView, row: int) -> None:
    centre = table.visualRect(table.model().index(row, 0)).center()
    _click(qtbot, table.viewport(), centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # type: ignore[no-untyped-call]


def test_the_lists_pass_the_model_tester_and_hold_only_this_participant(
    opened: OpenStore, qtbot: QtBot, qtmodeltester: Any, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    qtmodeltester.check(tab.ae_model)
    qtmodeltester.check(tab.conmed_model)
    qtmodeltester.check(RecordListModel(("Only",)))
    assert _ids(tab.ae_table) == [two["sae"]] and _ids(tab.conmed_table) == [two["med"]]
    cells = [tab.ae_model.index(0, c).data() for c in range(tab.ae_model.columnCount())]
    assert cells[1:4] == ["Hypoxia", "3", "Serious"] and cells[4].startswith("Report within")
    assert tab.ae_summary.text() == "1 adverse event; 1 serious not yet reported."
    med = [tab.conmed_model.index(0, c).data() for c in range(tab.conmed_model.columnCount())]
    assert med[:3] == ["Dexamethasone", "6 mg", "Intravenous"] and med[-2:] == ["Ongoing", "Yes"]
    tab.grab().save("/tmp/participant-safety-tab.png")


def test_new_adverse_event_opens_a_blank_form_whose_save_refreshes_the_list(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    _click(qtbot, tab.new_ae)
    form = tab.form
    assert isinstance(form, AeForm) and form.isVisible() and form.record_id is None
    onset = (datetime.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    form.set_value("term_code", "headache")
    form.set_value("onset_on", onset.date().isoformat())
    clock = form.findChild(QLineEdit, "onset_time")
    assert clock is not None
    clock.setText(onset.strftime("%H:%M"))
    form.set_value("ongoing", True)
    form.set_value("grade", "1")
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, form.save_button)
    assert len(_ids(tab.ae_table)) == 2
    terms = {v.term for v in list_aes(opened.store, PROTOCOL, participant_id=two["p1"])}
    assert terms == {"Hypoxia", "Headache"}


def test_new_con_med_opens_its_form_and_a_double_click_opens_a_saved_one(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    _click(qtbot, tab.new_conmed)
    form = tab.form
    assert isinstance(form, ConMedForm) and form.record_id is None
    form.set_value("drug", "Paracetamol")
    form.set_value("dose", "500")
    form.set_value("dose_unit", "mg")
    form.set_value("start_on", date.today().isoformat())
    form.set_value("ongoing", True)
    with qtbot.waitSignal(tab.changed):
        _click(qtbot, form.save_button)
    assert {m.entry.drug for m in list_conmeds(opened.store, two["p1"])} == {
        "Dexamethasone", "Paracetamol"
    }  # fmt: skip
    row = next(r for r, i in enumerate(_ids(tab.conmed_table)) if i == two["med"])
    _double_click(qtbot, tab.conmed_table, row)
    assert isinstance(tab.form, ConMedForm) and tab.form.record_id == two["med"]
    assert tab.form.text("drug") == "Dexamethasone"


def test_a_double_click_opens_the_event_in_its_form(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    _double_click(qtbot, tab.ae_table, 0)
    form = tab.form
    assert isinstance(form, AeForm) and form.record_id == two["sae"]
    assert form.value("serious_hospitalisation") is True and form.value("grade") == "3"


def test_a_monitor_sees_the_lists_but_no_new_buttons(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"], Role.MONITOR)
    assert not tab.new_ae.isVisible() and not tab.new_conmed.isVisible()
    assert _ids(tab.ae_table) == [two["sae"]]


def _when_modal(kind: type, act: Callable[[Any], None]) -> None:
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def _entry(tab: ParticipantSafetyTab, text: str) -> QAction:
    return next(a for a in tab.print_button.menu().actions() if a.text() == text)


def test_save_report_as_pdf_writes_the_chosen_events_report(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str], tmp_path: Path
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    _click(
        qtbot, tab.ae_table.viewport(), tab.ae_table.visualRect(tab.ae_model.index(0, 0)).center()
    )
    target = tmp_path / "sae.pdf"

    def choose(dialog: QFileDialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(target))
        dialog.accept()

    _when_modal(QFileDialog, choose)
    _entry(tab, "Save report as PDF (简体中文)…").trigger()
    words = pdf_text(target)
    assert "严重不良事件报告" in words and f"药盒 {KIT}" in words


def test_printing_without_a_chosen_event_is_one_sentence(
    opened: OpenStore, qtbot: QtBot, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    tab.ae_table.clearSelection()
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    _when_modal(QMessageBox, read)
    _entry(tab, "Print report (English)…").trigger()
    assert said == ["Choose an adverse event first, then print its report."]


def test_behind_the_lock_the_clock_timer_reads_nothing(
    qtbot: QtBot, opened: OpenStore, two: dict[str, str]
) -> None:
    tab = _tab(opened, qtbot, two["p1"])
    before = tab.ae_summary.text()
    opened.store.lock()
    tab.timer.timeout.emit()  # the minute passes behind the lock: the closed store is not read
    assert tab.ae_summary.text() == before
