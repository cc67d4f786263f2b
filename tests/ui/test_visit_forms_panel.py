"""The visits panel: schedule with status, a visit's forms one tap away, outcomes, drafts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from app.models import Participant
from app.protocol import Protocol, load_default, load_protocol
from app.roles import Role
from app.services import observations as obs
from app.ui.visits_panel import VisitColumn, VisitsPanel
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
TODAY = date(2026, 11, 25)
ARM_WORDS = re.compile(r"\barms?\b|msc|placebo|allocat|treatment group", re.IGNORECASE)


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1",
            study_id="P-001",
            initials="AB",
            sex="F",
            status="infused",
            day0_on=TODAY - timedelta(days=8),
            created_at=datetime(2026, 11, 10, tzinfo=UTC),
        )
        session.add(p)
    return p.id


def _panel(
    opened: OpenStore,
    qtbot: QtBot,
    pid: str,
    protocol: Protocol = PROTOCOL,
    role: Role = Role.NURSE,
) -> VisitsPanel:
    panel = VisitsPanel(opened.store, opened.actor(role), protocol, pid, clock=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _column(panel: VisitsPanel, column: VisitColumn) -> list[str]:
    model = panel.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_visits_model_passes_the_model_tester(
    opened: OpenStore, qtbot: QtBot, qtmodeltester: object, pid: str
) -> None:
    panel = _panel(opened, qtbot, pid)
    qtmodeltester.check(panel.model())  # type: ignore[attr-defined]


def test_the_schedule_shows_each_visit_with_its_status_on_the_day(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    vitals = obs.VitalSignsEntry("D1", datetime(2026, 11, 18, 9, tzinfo=UTC), spo2_percent="92")
    obs.record_vital_signs(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, vitals)
    panel = _panel(opened, qtbot, pid)
    assert _column(panel, VisitColumn.VISIT)[:4] == ["Baseline", "Day 1", "Day 2", "Day 7"]
    # Day 8: baseline and day 2 missed, day 1 done, day 7 overdue (window closes day 8).
    assert _column(panel, VisitColumn.STATUS) == [
        "Missed",
        "Done",
        "Missed",
        "OVERDUE",
        "Upcoming",
        "Upcoming",
        "Upcoming",
    ]
    assert _column(panel, VisitColumn.FORMS)[1] == "Vital signs"
    assert panel.selected_visit() == "D7"  # the overdue one is chosen for the nurse
    assert panel.day0_text() == "Day 0: Tue 17 Nov 2026. Today is day 8."


def test_the_second_protocol_drives_the_schedule(opened: OpenStore, qtbot: QtBot, pid: str) -> None:
    panel = _panel(opened, qtbot, pid, SECOND)
    assert _column(panel, VisitColumn.VISIT) == ["Baseline", "Day 3", "Day 10", "Day 60"]
    assert _column(panel, VisitColumn.WINDOW)[1] == "Thu 19 Nov – Sat 21 Nov"
    # Day 8 is the first day of the day-10 visit's window (8-12).
    assert _column(panel, VisitColumn.STATUS) == ["Missed", "Missed", "Due", "Upcoming"]
    assert panel.selected_visit() == "D10"


def test_a_visit_form_button_opens_that_visits_form_and_back_returns(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    panel = _panel(opened, qtbot, pid)
    panel.table().setCurrentIndex(panel.model().index(3, 0))  # Day 7
    qtbot.mouseClick(panel.button("labs"), Qt.MouseButton.LeftButton)
    form = panel.current_form()
    assert form is not None and form.form_name == "labs" and form.visit_code == "D7"
    assert form.value("visit_code") == "D7"
    qtbot.mouseClick(panel._back, Qt.MouseButton.LeftButton)
    assert panel.current_form() is None


def test_enter_on_a_visit_opens_its_vital_signs(opened: OpenStore, qtbot: QtBot, pid: str) -> None:
    panel = _panel(opened, qtbot, pid)
    table = panel.table()
    table.setFocus()
    table.setCurrentIndex(panel.model().index(4, 0))  # Week 2
    qtbot.keyClick(table, Qt.Key.Key_Return)
    form = panel.current_form()
    assert form is not None and (form.form_name, form.visit_code) == ("vitals", "W2")


def test_leaving_a_form_with_unsaved_entries_takes_a_second_press(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    panel = _panel(opened, qtbot, pid)
    form = panel.open_form("vitals", "D7")
    qtbot.keyClicks(form.field("spo2_percent").editor, "91")
    panel.back_to_schedule()
    assert panel.current_form() is form and "Not saved yet" in panel._back_note.text()
    panel.back_to_schedule()
    assert panel.current_form() is None


def test_saving_refreshes_the_schedule_and_says_which_form_saved(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    panel = _panel(opened, qtbot, pid)
    form = panel.open_form("who", "D7")
    form.set_value("assessed_on", (TODAY - timedelta(days=1)).isoformat())
    form.set_value("score", 5)
    with qtbot.waitSignal(panel.recordSaved) as saved:
        form.submit()
    assert saved.args == ["who"]
    panel.back_to_schedule()
    assert _column(panel, VisitColumn.STATUS)[3] == "Done"


def test_the_open_form_comes_back_from_a_draft(opened: OpenStore, qtbot: QtBot, pid: str) -> None:
    panel = _panel(opened, qtbot, pid)
    form = panel.open_form("imaging", "W2")
    qtbot.keyClicks(form.field("lesion_extent_percent").editor, "40")
    state = panel.draft_state()
    assert state is not None and (state["form"], state["visit"]) == ("imaging", "W2")
    again = _panel(opened, qtbot, pid)
    assert again.draft_state() is None
    again.restore_draft(state)
    restored = again.current_form()
    assert restored is not None and restored.form_name == "imaging"
    assert restored.value("lesion_extent_percent") == "40"
    assert restored.value("visit_code") == "W2"


def test_the_outcomes_show_what_is_known_and_say_what_is_not(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    onset = TODAY - timedelta(days=12)
    obs.record_symptoms(
        opened.store, nurse, pid, [obs.SymptomEntry("fever", onset, onset + timedelta(days=6))]
    )
    panel = _panel(opened, qtbot, pid)
    text = panel.outcome_text()
    assert "Fever: 6 days" in text
    assert "Not reached yet (first of 2 consecutive negatives, at least 24 h apart)." in text
    assert "Mortality by day 28" in text and "Not known yet" in text


@pytest.mark.parametrize("role", [Role.NURSE, Role.MONITOR])
def test_nothing_on_the_panel_names_an_arm(
    opened: OpenStore, qtbot: QtBot, pid: str, role: Role
) -> None:
    panel = _panel(opened, qtbot, pid, role=role)
    words = [label.text() for label in panel.findChildren(QLabel)]
    words += [button.text() for button in panel.findChildren(QAbstractButton)]
    model = panel.model()
    words += [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    assert ARM_WORDS.search(" ".join(words)) is None


def test_before_day_0_there_is_no_schedule_but_the_forms_open(
    opened: OpenStore, qtbot: QtBot
) -> None:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-2",
            initials="CD",
            sex="M",
            status="randomised",
            created_at=datetime(2026, 11, 20, tzinfo=UTC),
        )
        session.add(p)
    panel = _panel(opened, qtbot, p.id)
    assert panel.model().rowCount() == 0 and not panel.table().isVisibleTo(panel)
    assert panel.day0_text().startswith("Day 0 (the infusion) is not recorded yet")
    assert "Counted from day 0, which is not recorded yet." in panel.outcome_text()
    qtbot.mouseClick(panel.button("vitals"), Qt.MouseButton.LeftButton)
    form = panel.current_form()
    assert form is not None and form.visit_code is None and form.value("visit_code") == ""
