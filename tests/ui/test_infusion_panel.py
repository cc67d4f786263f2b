"""The participant's infusion tab: timepoints recorded by keyboard, skipped with a
reason, pauses and the stop, and "Stop the infusion?" when vital signs meet a stop
criterion; both arms look the same."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.services.infusion import infusions_for
from app.ui.infusion_dialogs import StepDialog
from app.ui.infusion_panel import InfusionPanel
from app.ui.infusion_reaction_form import ReactionAeForm
from tests.conftest import OpenStore
from tests.ui.infusion_env import CHECKED_AT, PROTOCOL, Ward, released_ward, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton
T0 = CHECKED_AT


@pytest.fixture
def ward(opened: OpenStore) -> Ward:
    return released_ward(opened)


def _panel(qtbot: QtBot, ward: Ward, pid: str, clock: list[datetime]) -> InfusionPanel:
    panel = InfusionPanel(ward.opened.store, ward.nurse, PROTOCOL, pid, clock=lambda: clock[0])
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    panel.activateWindow()
    qtbot.waitActive(panel)
    return panel


def _type(widget: QWidget | None, text: str) -> None:
    assert widget is not None
    QTest.keyClicks(widget, text)


def _key(key: Qt.Key) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key)


def _record_by_keyboard(qtbot: QtBot, panel: InfusionPanel, code: str, values: list[str]) -> None:
    """Tab to the row's Record, Enter, type each value with Tab between, Enter to save."""
    button = panel.grid.button(code, "record")
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    _key(Qt.Key.Key_Return)
    form = panel.vitals_form
    assert form is not None
    qtbot.waitUntil(form.field("temperature_c").editor.hasFocus)
    for i, value in enumerate(values):
        if i:
            _key(Qt.Key.Key_Tab)
        _type(QApplication.focusWidget(), value)
    _key(Qt.Key.Key_Return)


def test_a_timepoint_is_recorded_by_keyboard_with_a_decimal_comma(qtbot: QtBot, ward: Ward) -> None:
    iid = started(ward, ward.active)
    clock = [T0 + timedelta(minutes=1)]
    panel = _panel(qtbot, ward, ward.active, clock)
    assert panel.row_text("PRE")[:3] == [
        "Before infusion",
        f"{T0.astimezone():%H:%M}",
        "Due now 1 min ago",
    ]
    _record_by_keyboard(qtbot, panel, "PRE", ["37,2", "88", "18", "121", "76", "96"])
    qtbot.waitUntil(lambda: panel.vitals_form is None)
    row = panel.row_text("PRE")
    assert row[2] == "Recorded"
    assert "37.2 °C" in row[3] and "88 /min" in row[3] and "BP 121/76 mmHg" in row[3]
    assert not panel.grid.button("PRE", "record").isVisible()
    point = infusions_for(ward.opened.store, ward.active, clock[0], protocol=PROTOCOL)[0]
    assert point.id == iid and point.timepoints[0].values["temperature_c"] == "37.2"
    assert panel.next_sentence(clock[0]).startswith("Next check: 15 min into infusion at ")


def test_a_value_outside_the_possible_range_is_refused_beside_its_field(
    qtbot: QtBot, ward: Ward
) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=1)]
    panel = _panel(qtbot, ward, ward.active, clock)
    form = panel.open_record("PRE")
    form.set_value("temperature_c", "3,72")
    QTest.mouseClick(form.save_button, CLICK)
    message = form.field("temperature_c").message.text()
    assert message.startswith("✖ ") and "3.72" in message
    assert form.value("temperature_c") == "3,72"  # kept as typed
    assert panel.row_text("PRE")[2] != "Recorded"


def test_a_timepoint_is_skipped_with_a_reason_and_refused_without_one(
    qtbot: QtBot, ward: Ward
) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=22)]
    panel = _panel(qtbot, ward, ward.active, clock)
    assert panel.row_text("DUR15")[2] == "OVERDUE 7 min ago"
    QTest.mouseClick(panel.grid.button("DUR15", "skip"), CLICK)
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog) and dialog.isVisible()
    QTest.mouseClick(dialog.ok_button, CLICK)
    assert dialog.message("reason") == "Enter the reason." and dialog.isVisible()
    QTest.keyClicks(dialog.editor("reason"), "Participant in the bathroom")
    QTest.mouseClick(dialog.ok_button, CLICK)
    qtbot.waitUntil(lambda: panel.row_text("DUR15")[2] == "Skipped")
    assert panel.row_text("DUR15")[3] == "Skipped: Participant in the bathroom"
    assert not panel.grid.button("DUR15", "skip").isVisible()


def test_vital_signs_at_a_stop_criterion_ask_to_stop_and_offer_an_adverse_event(
    qtbot: QtBot, ward: Ward
) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=15)]
    panel = _panel(qtbot, ward, ward.active, clock)
    _record_by_keyboard(qtbot, panel, "DUR15", ["38,5"])  # the threshold: >= 38.5 °C
    qtbot.waitUntil(lambda: panel.stop_prompt is not None)
    prompt = panel.stop_prompt
    assert prompt is not None and prompt.isVisible()
    assert "Temperature 38.5 °C or higher" in prompt.findings.text()
    QTest.mouseClick(prompt.report_button, CLICK)
    form = panel.ae_form
    assert isinstance(form, ReactionAeForm) and form.isVisible()
    assert form.value("infusion_related") is True
    assert "Temperature 38.5 °C or higher" in form.value("description")


def test_just_under_a_stop_criterion_asks_nothing(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=15)]
    panel = _panel(qtbot, ward, ward.active, clock)
    _record_by_keyboard(qtbot, panel, "DUR15", ["38,4"])
    qtbot.waitUntil(lambda: panel.row_text("DUR15")[2] == "Recorded")
    assert panel.stop_prompt is None


def test_stopping_from_the_prompt_ends_the_infusion_early(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=15)]
    panel = _panel(qtbot, ward, ward.active, clock)
    _record_by_keyboard(qtbot, panel, "DUR15", ["37", "88", "18", "84", "50", "95"])
    qtbot.waitUntil(lambda: panel.stop_prompt is not None)
    prompt = panel.stop_prompt
    assert prompt is not None
    assert "Systolic blood pressure below 90 mmHg" in prompt.findings.text()
    QTest.mouseClick(prompt.stop_button, CLICK)
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog)
    assert dialog.editor("stopped_early_reason").text() == "Stop criteria met"
    QTest.keyClicks(dialog.editor("volume_infused_ml"), "22,5")
    QTest.mouseClick(dialog.ok_button, CLICK)
    view = infusions_for(ward.opened.store, ward.active, clock[0], protocol=PROTOCOL)[0]
    assert (view.status, view.volume_infused_ml) == ("stopped_early", "22.5")
    assert view.stopped_early_reason == "Stop criteria met"
    qtbot.waitUntil(lambda: "stopped early (Stop criteria met)" in panel.status.text())
    assert not panel.stop_button.isVisible()


def test_an_interruption_and_its_restart_are_recorded_with_their_reason(
    qtbot: QtBot, ward: Ward
) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=10)]
    panel = _panel(qtbot, ward, ward.active, clock)
    QTest.mouseClick(panel.interrupt_button, CLICK)
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog)
    assert dialog.editor("interrupted_at").text() == f"{clock[0].astimezone():%H:%M}"
    QTest.keyClicks(dialog.editor("reason"), "Line occluded")
    QTest.mouseClick(dialog.ok_button, CLICK)
    assert "paused" in panel.status.text() and panel.restart_button.isVisible()
    clock[0] += timedelta(minutes=4)
    QTest.mouseClick(panel.restart_button, CLICK)
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog)
    QTest.mouseClick(dialog.ok_button, CLICK)
    text = panel.status.text()
    paused, restarted = (f"{m.astimezone():%H:%M}" for m in (T0 + timedelta(minutes=10), clock[0]))
    assert "running" in text and f"Paused {paused}–{restarted} (Line occluded)." in text


def _masked(panel: InfusionPanel, ward: Ward) -> list[str]:
    said = [panel.status.text(), panel.next_check.text()]
    said += [w.text() for w in panel.findChildren(QLabel) if w.isVisible()]
    text = "\n".join(said)
    for pid in (ward.active, ward.placebo):
        text = text.replace(ward.kits[pid], "KIT").replace(ward.study_id(pid), "ID")
    return re.sub(r"\d\d:\d\d", "HH:MM", text).splitlines()


def test_both_arms_look_the_same(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active)
    started(ward, ward.placebo)
    clock = [T0 + timedelta(minutes=12)]
    active = _panel(qtbot, ward, ward.active, clock)
    placebo = _panel(qtbot, ward, ward.placebo, clock)
    assert _masked(active, ward) == _masked(placebo, ward)
    assert "Study product, kit KIT: running" in _masked(active, ward)[0]


def test_behind_the_lock_the_countdown_timer_reads_nothing(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active)
    clock = [T0 + timedelta(minutes=1)]
    panel = _panel(qtbot, ward, ward.active, clock)
    before = panel.row_text("PRE")
    ward.opened.store.lock()
    clock[0] += timedelta(minutes=30)
    panel.timer.timeout.emit()  # would read a closed store
    assert panel.row_text("PRE") == before


def test_a_second_dose_is_shown_and_the_first_can_be_chosen_again(qtbot: QtBot, ward: Ward) -> None:
    from app.services.infusion import stop_infusion
    from app.services.preparation import SHARED_ITEMS, prepare, second_check
    from tests.conftest import PASSWORDS
    from tests.ui.infusion_env import Role
    from tests.unit.preparation_env import placebo_entry

    pid = ward.placebo
    first = started(ward, pid)
    stop_infusion(ward.opened.store, ward.nurse, first, T0 + timedelta(minutes=50), "100",
                  now=T0 + timedelta(minutes=50))  # fmt: skip
    day7 = T0 + timedelta(days=7)
    pharmacist = ward.opened.actor(Role.PHARMACIST)
    entry = placebo_entry(prepared_at=day7, dose_number=2)
    made = prepare(ward.opened.store, pharmacist, pid, entry, day7, protocol=PROTOCOL)
    second_check(ward.opened.store, ward.nurse, made.shared.id, PASSWORDS[Role.NURSE],
                 SHARED_ITEMS, day7 + timedelta(minutes=5))  # fmt: skip
    second = started(ward, pid, day7 + timedelta(minutes=10))
    panel = _panel(qtbot, ward, pid, [day7 + timedelta(minutes=12)])
    assert panel.dose_choice.isVisible() and panel.dose_choice.count() == 2
    assert panel.infusion is not None and panel.infusion.id == second
    assert panel.dose_choice.currentText().startswith("Dose 2 ·")
    assert panel.dose_choice.currentText().endswith("· running")
    assert panel.stop_button.isVisible() and not panel.check_button.isVisible()
    panel.dose_choice.setFocus()
    QTest.keyClick(panel.dose_choice, Qt.Key.Key_Up)  # the keyboard chooses dose 1
    assert panel.infusion.id == first
    assert re.match(r"Study product, kit \w+: completed ", panel.status.text())
    assert "100 mL infused" in panel.status.text()
    assert not panel.stop_button.isVisible() and not panel.check_button.isVisible()
    panel.refresh()  # the countdown's re-read keeps the chosen dose
    assert panel.infusion.id == first


def test_one_infusion_needs_no_chooser(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active)
    panel = _panel(qtbot, ward, ward.active, [T0 + timedelta(minutes=1)])
    assert not panel.dose_choice.isVisible()
