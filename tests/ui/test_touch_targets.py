"""Every control a gloved finger uses is at least 44 px (TOUCH_MIN_PX), as drawn.

The walk opens every page and form in the main window at 1366×768 (see
:mod:`tests.ui.screens_helper`) and measures each visible widget after layout and
style: buttons, line edits, combo boxes and the rows of their opened lists, tabs,
scroll bars, tick boxes and radio buttons (the area a tap toggles), spin boxes
(which have no spin buttons at all: a 44 px pair of arrows does not fit a field).
Sizes are measured, never read from the style sheet.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.ui.app_style import TOUCH_MIN_PX
from tests.conftest import OpenStore
from tests.ui import screens_helper as screens

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    r"This plugin does not support raise\(\)",
    "This plugin does not support grabbing the keyboard",
)

WARD_LAPTOP = (1366, 768)
SPIN_FRAME_PX = 24  # a spin box's border and padding, both sides


def click_area(box: QCheckBox | QRadioButton) -> tuple[int, int]:
    """The size of the area whose tap toggles ``box`` (Qt's own hit test uses it)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxClickRect
        if isinstance(box, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonClickRect
    )
    rect = box.style().subElementRect(element, option, box)
    return rect.width(), rect.height()


def combo_rows(combo: QComboBox, qtbot: QtBot) -> list[int]:
    """The height of each row of the combo box's list, opened as a tap opens it."""
    if combo.count() == 0:
        return []
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    heights = [view.visualRect(combo.model().index(i, 0)).height() for i in range(combo.count())]
    combo.hidePopup()
    return heights


def too_small(root: QWidget, qtbot: QtBot) -> list[str]:
    """Each visible control under ``root`` smaller than a finger, with its size."""
    found: list[str] = []
    least = TOUCH_MIN_PX

    def say(widget: QWidget, what: str, size: tuple[int, int]) -> None:
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        text = widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else ""
        found.append(f"{type(widget).__name__} {name!r} {text!r}: {what} {size[0]}×{size[1]}")

    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()) or not widget.isEnabled():
            continue
        size = (widget.width(), widget.height())
        if isinstance(widget, QCheckBox | QRadioButton):
            area = click_area(widget)
            if min(area) < least:
                say(widget, "tap area", area)
        elif isinstance(widget, QAbstractButton):
            if widget.parentWidget() is not None and isinstance(widget.parentWidget(), QTabBar):
                pass  # a tab bar's scroll arrows: measured with the tab bar
            elif min(size) < least:
                say(widget, "button", size)
        elif isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit):
            if widget.height() < least and not isinstance(widget.parentWidget(), QAbstractSpinBox):
                say(widget, "field", size)
            # No spin buttons (too small to tap): the number's own field fills the box.
            if isinstance(widget, QAbstractSpinBox):
                number = widget.lineEdit().width()
                if number < widget.width() - SPIN_FRAME_PX:
                    say(widget, f"has spin buttons (its number is {number} px wide)", size)
            if isinstance(widget, QComboBox):
                short = [h for h in combo_rows(widget, qtbot) if h < least]
                if short:
                    say(widget, "list rows", (widget.view().width(), min(short)))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                rect = widget.tabRect(index)
                if min(rect.width(), rect.height()) < least:
                    say(widget, f"tab {widget.tabText(index)!r}", (rect.width(), rect.height()))
        elif isinstance(widget, QScrollBar):
            thick = widget.width() if widget.orientation().name == "Vertical" else widget.height()
            if thick < least:
                say(widget, "scroll bar", size)
    return found


@pytest.fixture
def walked(opened: OpenStore) -> tuple[str, str]:
    return screens.add_participants(opened.store, opened.actor(Role.NURSE))


@pytest.mark.parametrize("role", [Role.NURSE, Role.ADMIN, Role.MONITOR])
def test_every_control_of_every_page_is_big_enough_for_a_finger(
    opened: OpenStore, qtbot: QtBot, walked: tuple[str, str], role: Role
) -> None:
    screens.styled()
    actor = opened.admin if role is Role.ADMIN else opened.actor(role)
    window = screens.main_window(opened.store, actor, WARD_LAPTOP)
    qtbot.addWidget(window)
    problems = []
    seen: set[str] = set()
    for screen in screens.walk(window, *walked):
        for problem in too_small(window, qtbot):
            if problem not in seen:
                seen.add(problem)
                problems.append(f"{screen.name}: {problem}")
    assert problems == []


def test_a_combo_box_list_has_rows_a_finger_can_tell_apart(qtbot: QtBot) -> None:
    screens.styled()
    combo = QComboBox()
    combo.addItems(["Room air", "Nasal cannula", "Simple face mask", "High-flow nasal cannula"])
    qtbot.addWidget(combo)
    combo.show()
    rows = combo_rows(combo, qtbot)
    assert len(rows) == 4
    assert min(rows) >= TOUCH_MIN_PX
    assert QApplication.instance() is not None
