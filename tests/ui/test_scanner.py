"""Keyboard-wedge scans: told from typing by speed or prefix, and sent where they belong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.forms import NumberField
from app.ui.scanner import ScanField, ScanRouter, accept_scans

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SCANNER_GAP_MS = 8
PERSON_GAP_MS = 140


class Clock:
    """Milliseconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.ms = 1_000.0

    def __call__(self) -> float:
        return self.ms


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def router(qapp: QWidget, clock: Clock) -> Iterator[ScanRouter]:
    made = ScanRouter(clock=clock)
    made.install()
    yield made
    made.remove()


def type_at(qtbot: QtBot, clock: Clock, widget: QWidget, text: str, gap_ms: float) -> None:
    """``text`` then Enter, one key every ``gap_ms`` milliseconds, at ``widget``."""
    for char in text:
        clock.ms += gap_ms
        QTest.keyClicks(widget, char)
    clock.ms += gap_ms
    QTest.keyClick(widget, Qt.Key.Key_Return)


class CheckDialog(QDialog):
    """Two check fields and a default button, as the bedside check has them."""

    def __init__(self) -> None:
        super().__init__()
        self.wristband = ScanField()
        self.label = ScanField()
        self.ok = QPushButton("OK")
        self.ok.setDefault(True)
        self.pressed = 0
        self.ok.clicked.connect(self._pressed)
        column = QVBoxLayout(self)
        for widget in (self.wristband, self.label, self.ok):
            column.addWidget(widget)

    def _pressed(self) -> None:
        self.pressed += 1


def test_a_scan_lands_only_in_the_focused_check_field_and_presses_no_button(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    dialog = CheckDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wristband.setText("old")
    dialog.wristband.setFocus()
    to_find: list[str] = []
    router.scanned.connect(to_find.append)
    with qtbot.waitSignal(dialog.wristband.scanned) as got:
        type_at(qtbot, clock, dialog.wristband, "WH01-007", SCANNER_GAP_MS)
    assert got.args == ["WH01-007"]
    assert dialog.wristband.text() == "WH01-007"
    assert dialog.label.text() == ""
    assert dialog.pressed == 0 and dialog.isVisible()
    assert to_find == [] and router.holding() == ""


def test_a_scan_while_a_form_field_has_focus_goes_to_find_and_leaves_the_field(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    form = QWidget()
    temperature = NumberField("°C", places=1)
    temperature.setText("37,2")
    find_box = QLineEdit()
    column = QVBoxLayout(form)
    column.addWidget(temperature)
    column.addWidget(find_box)
    qtbot.addWidget(form)
    form.show()
    temperature.setFocus()
    edits: list[str] = []
    temperature.textChanged.connect(edits.append)
    router.scanned.connect(find_box.setText)
    with qtbot.waitSignal(router.scanned) as got:
        type_at(qtbot, clock, temperature, "K-4821X", SCANNER_GAP_MS)
    assert got.args == ["K-4821X"]
    assert find_box.text() == "K-4821X"
    assert temperature.text() == "37,2" and edits == []


def test_typing_at_a_persons_speed_reaches_the_field_as_typed(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    field = ScanField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    scans: list[str] = []
    router.scanned.connect(scans.append)
    field.scanned.connect(scans.append)
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_at(qtbot, clock, field, "WH01-007", PERSON_GAP_MS)
    assert field.text() == "WH01-007"
    assert entered == ["WH01-007"]
    assert scans == []


def test_a_persons_fast_rollover_of_a_few_keys_is_typing(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    field = NumberField("/min")
    qtbot.addWidget(field)
    field.show()
    scans: list[str] = []
    router.scanned.connect(scans.append)
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_at(qtbot, clock, field, "112", SCANNER_GAP_MS)
    assert (field.text(), entered, scans) == ("112", ["112"], [])


def test_the_last_character_a_person_typed_arrives_without_enter(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    for char in "38":
        clock.ms += PERSON_GAP_MS
        QTest.keyClicks(field, char)
    assert field.text() == "3" and router.holding() == "8"
    qtbot.waitUntil(lambda: field.text() == "38")
    assert router.holding() == ""


def test_a_scanner_with_a_prefix_is_recognised_at_any_speed(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    router.prefix = "~"
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    with qtbot.waitSignal(router.scanned) as got:
        type_at(qtbot, clock, field, "~K-4821X", 120)
    assert got.args == ["K-4821X"] and field.text() == ""


def test_a_search_box_that_accepts_scans_gets_the_code_and_its_enter(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    search = QLineEdit()
    accept_scans(search)
    search.setText("half-typed")
    qtbot.addWidget(search)
    search.show()
    scans: list[str] = []
    router.scanned.connect(scans.append)
    with qtbot.waitSignal(search.returnPressed):
        type_at(qtbot, clock, search, "WH01-007", SCANNER_GAP_MS)
    assert search.text() == "WH01-007" and scans == []


def test_editing_keys_are_never_held(qtbot: QtBot, clock: Clock, router: ScanRouter) -> None:
    field = QLineEdit("abc")
    qtbot.addWidget(field)
    field.show()
    field.selectAll()
    clock.ms += SCANNER_GAP_MS
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "" and router.holding() == ""


def test_a_tap_right_after_typing_lets_the_typed_characters_land_first(
    qtbot: QtBot, clock: Clock, router: ScanRouter
) -> None:
    form = QWidget()
    site = QLineEdit()
    done = QPushButton("Save")
    column = QVBoxLayout(form)
    column.addWidget(site)
    column.addWidget(done)
    qtbot.addWidget(form)
    form.show()
    seen: list[str] = []
    done.clicked.connect(lambda: seen.append(site.text()))
    QTest.keyClicks(site, "left arm")  # fast, no Enter: held for the scanner check
    assert router.holding() == "left arm"
    QTest.mouseClick(done, Qt.MouseButton.LeftButton)
    assert seen == ["left arm"] and router.holding() == ""
