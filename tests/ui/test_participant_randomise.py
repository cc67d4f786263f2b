"""The participant page's Randomise button: there for nurses and investigators, says why
when it cannot be used, and after the dialog the header shows the kit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services.allocation import import_part
from app.ui.participant_page import ParticipantPage
from app.ui.randomise_dialog import RandomiseDialog
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import AllocationEnv

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def env(opened: OpenStore) -> AllocationEnv:
    made = AllocationEnv.make(opened, slots=2)
    import_part(opened.store, made.pharmacist, made.part(), PASSWORDS[Role.PHARMACIST])
    return made


def _page(qtbot: QtBot, env: AllocationEnv, pid: str, role: Role) -> ParticipantPage:
    actor = env.pharmacist if role is Role.PHARMACIST else env.opened.actor(role)
    page = ParticipantPage(env.opened.store, actor, pid)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def test_a_nurse_randomises_from_the_page_and_the_header_shows_the_kit(
    qtbot: QtBot, env: AllocationEnv
) -> None:
    pid = env.ready_participant()
    page = _page(qtbot, env, pid, Role.NURSE)
    button = page.randomise_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, CLICK)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RandomiseDialog))
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.randomise_button, CLICK)
    kit = env.participant(pid).kit_code
    assert kit and f"Kit: {kit}" in page.header_text()
    assert not button.isVisible()  # randomised once: the button goes


def test_a_participant_not_enrolled_gets_the_reason_on_a_disabled_button(
    qtbot: QtBot, env: AllocationEnv
) -> None:
    pid = env.ready_participant(enrolled=False)
    page = _page(qtbot, env, pid, Role.INVESTIGATOR)
    assert page.randomise_button.isVisible() and not page.randomise_button.isEnabled()
    assert "not enrolled" in page.randomise_button.toolTip()


@pytest.mark.parametrize("role", [Role.PHARMACIST, Role.MONITOR])
def test_others_have_no_randomise_button(qtbot: QtBot, env: AllocationEnv, role: Role) -> None:
    pid = env.ready_participant()
    page = _page(qtbot, env, pid, role)
    assert not page.randomise_button.isVisible()


def test_only_an_investigator_gets_emergency_unblinding_once_there_is_a_kit(
    qtbot: QtBot, env: AllocationEnv
) -> None:
    from app.services.allocation import randomise

    pid = env.ready_participant()
    assert not _page(qtbot, env, pid, Role.INVESTIGATOR).unblind_button.isVisible()
    randomise(env.opened.store, env.opened.actor(Role.NURSE), pid)
    assert _page(qtbot, env, pid, Role.INVESTIGATOR).unblind_button.isVisible()
    for role in (Role.NURSE, Role.PHARMACIST, Role.MONITOR):
        assert not _page(qtbot, env, pid, role).unblind_button.isVisible()
