"""The pharmacist's Allocation page: a click imports the chosen file with the password
typed again; a refused file is one sentence and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.allocation.generator import top_up
from app.roles import Role
from app.ui.allocation_page import AllocationPage
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import DEVICE, OTHER_DEVICE, AllocationEnv

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


def _page(qtbot: QtBot, env: AllocationEnv, file: Path, password: str) -> AllocationPage:
    page = AllocationPage(env.opened.store, env.pharmacist)
    qtbot.addWidget(page)
    page.choose_file = lambda: str(file)
    page.ask_password = lambda: password
    page.show()
    return page


def test_a_click_imports_the_part_and_shows_the_counts(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    env = AllocationEnv.make(opened, slots=3)
    file = tmp_path / "ward.allocation.age"
    file.write_bytes(env.part())
    page = _page(qtbot, env, file, PASSWORDS[Role.PHARMACIST])
    assert page.counts.text().startswith("No allocation part is imported yet")
    assert page.parts.rowCount() == 0
    with qtbot.waitSignal(page.imported) as got:
        qtbot.mouseClick(page.import_button, CLICK)
    assert got.args == [1]
    assert page.message.text() == "Imported part 1: 3 new slots, 3 in all."
    assert page.counts.text() == "Slots: 3 in all, 0 used, 3 left."
    who = page.parts.item(0, 5)
    assert page.parts.rowCount() == 1 and who is not None and who.text() == "pharmacist"
    assert page.low.isHidden()

    # The same file again: one sentence, nothing changed.
    qtbot.mouseClick(page.import_button, CLICK)
    assert "already imported" in page.message.text()
    assert page.parts.rowCount() == 1

    # A top-up of one slot: four in all; a small part left warns in good time.
    top_up(env.allocation, DEVICE, 1)
    file.write_bytes(env.part(2))
    qtbot.mouseClick(page.import_button, CLICK)
    assert page.message.text() == "Imported part 2: 1 new slot, 4 in all."
    assert page.parts.rowCount() == 2


def test_a_wrong_password_or_another_devices_file_is_refused(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    env = AllocationEnv.make(opened, slots=3)
    file = tmp_path / "icu.allocation.age"
    file.write_bytes(env.part(device=OTHER_DEVICE))
    page = _page(qtbot, env, file, PASSWORDS[Role.PHARMACIST])
    qtbot.mouseClick(page.import_button, CLICK)
    assert f"is for device {OTHER_DEVICE}, not this one" in page.message.text()
    assert page.parts.rowCount() == 0
    page.ask_password = lambda: "wrong password"
    qtbot.mouseClick(page.import_button, CLICK)
    assert page.message.text().startswith("The password is not right")
    page.choose_file = lambda: str(tmp_path)
    qtbot.mouseClick(page.import_button, CLICK)
    assert "is not a file" in page.message.text()
    page.choose_file = lambda: None  # the chooser was cancelled: nothing happens
    qtbot.mouseClick(page.import_button, CLICK)
    assert "is not a file" in page.message.text()
    assert page.counts.text().startswith("No allocation part")


def test_a_low_part_asks_for_a_top_up_and_blinded_people_cannot_import(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    env = AllocationEnv.make(opened, slots=2)
    file = tmp_path / "ward.allocation.age"
    file.write_bytes(env.part())
    page = _page(qtbot, env, file, PASSWORDS[Role.PHARMACIST])
    qtbot.mouseClick(page.import_button, CLICK)
    assert not page.low.isHidden()
    assert page.low.text() == (
        "Only 2 slots left: ask the coordinating centre's statistician to top up this "
        "device's allocation part."
    )
    nurse_page = AllocationPage(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(nurse_page)
    assert not nurse_page.import_button.isEnabled()
    assert nurse_page.counts.text() == "Slots: 2 in all, 0 used, 2 left."
