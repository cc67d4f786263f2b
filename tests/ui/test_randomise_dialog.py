"""The Randomise dialog: one click takes the next kit and shows it as blinded people see
it; a participant who cannot be randomised gets the sentence why, and no button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services.allocation import TOP_UP, import_part, randomise
from app.ui.randomise_dialog import RandomiseDialog
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import DEVICE, AllocationEnv

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def env(opened: OpenStore) -> AllocationEnv:
    made = AllocationEnv.make(opened, slots=2)
    import_part(opened.store, made.pharmacist, made.part(), PASSWORDS[Role.PHARMACIST])
    return made


def _dialog(qtbot: QtBot, env: AllocationEnv, pid: str, role: Role = Role.NURSE) -> RandomiseDialog:
    actor = env.opened.actor(role) if role is not Role.PHARMACIST else env.pharmacist
    dialog = RandomiseDialog(env.opened.store, actor, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_click_randomises_and_shows_the_kit_only(qtbot: QtBot, env: AllocationEnv) -> None:
    pid = env.ready_participant()
    dialog = _dialog(qtbot, env, pid)
    study_id = env.participant(pid).study_id
    assert dialog.heading.text() == f"Randomise {study_id} (LW)?"
    assert "once and cannot be undone" in dialog.explain.text()
    assert dialog.randomise_button.isEnabled() and not dialog.message.isVisible()
    with qtbot.waitSignal(dialog.randomised) as got:
        qtbot.mouseClick(dialog.randomise_button, CLICK)
    kit = env.allocation.parts[DEVICE].slots[0].kit_code
    assert got.args == [kit]
    assert dialog.outcome.text() == f"Randomised: study product, kit {kit}"
    assert dialog.outcome.isVisible() and not dialog.randomise_button.isVisible()
    assert dialog.heading.text() == f"{study_id} (LW) is randomised"
    p = env.participant(pid)
    assert (p.kit_code, p.status) == (kit, "randomised")
    shown = " ".join(w.text() for w in (dialog.heading, dialog.explain, dialog.outcome))
    assert "placebo" not in shown.lower() and " arm" not in shown
    assert dialog.cancel_button.text() == "&Close"
    qtbot.mouseClick(dialog.cancel_button, CLICK)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_participant_not_enrolled_gets_the_reason_and_no_button(
    qtbot: QtBot, env: AllocationEnv
) -> None:
    pid = env.ready_participant(enrolled=False)
    dialog = _dialog(qtbot, env, pid)
    assert not dialog.randomise_button.isEnabled()
    assert dialog.message.isVisible()
    assert "is not enrolled yet" in dialog.message.text()
    qtbot.mouseClick(dialog.cancel_button, CLICK)
    assert env.participant(pid).kit_code is None


def test_a_pharmacist_is_told_who_randomises(qtbot: QtBot, env: AllocationEnv) -> None:
    pid = env.ready_participant()
    dialog = _dialog(qtbot, env, pid, Role.PHARMACIST)
    assert not dialog.randomise_button.isEnabled()
    assert dialog.message.text().startswith("Only a nurse or an investigator randomises")


def test_a_part_used_up_meanwhile_is_one_sentence_next_to_the_button(
    qtbot: QtBot, env: AllocationEnv
) -> None:
    waiting = env.ready_participant()
    dialog = _dialog(qtbot, env, waiting)
    assert dialog.randomise_button.isEnabled()
    nurse = env.opened.actor(Role.NURSE)
    for _ in range(2):  # another nurse takes both slots while the dialog is open
        randomise(env.opened.store, nurse, env.ready_participant())
    qtbot.mouseClick(dialog.randomise_button, CLICK)
    assert dialog.message.text() == TOP_UP and dialog.message.isVisible()
    assert not dialog.randomise_button.isEnabled()
    assert env.participant(waiting).kit_code is None
