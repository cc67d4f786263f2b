"""The Emergency unblinding dialog and the banner on the participant page.

An investigator types the reason and their password and clicks: the arm is shown once,
in the dialog only, and closing it forgets it; the banner then names who, when and why,
never the arm. A missing reason or a wrong password is one sentence next to its field,
and nothing is written; anyone else gets the sentence why, and no usable button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.models.allocation import Unblinding
from app.protocol import load_default
from app.roles import Role
from app.services.unblinding import NO_REASON, unblindings_for
from app.ui.unblind_banner import UnblindBanner, banner_line
from app.ui.unblind_dialog import UnblindDialog
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.preparation_env import Randomised, randomised_pair

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton
REASON = "Anaphylaxis during the infusion"
ARMS = {a.code: a for a in load_default().arms}
ARM_WORDS = [w for a in ARMS.values() for w in (a.name_en, a.name_zh)]


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _dialog(qtbot: QtBot, pair: Randomised, pid: str, role: Role) -> UnblindDialog:
    dialog = UnblindDialog(pair.opened.store, pair.opened.actor(role), pid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _count(pair: Randomised) -> int:
    with pair.opened.store.read() as session:
        return session.scalar(select(func.count(Unblinding.id))) or 0


def _fill(qtbot: QtBot, dialog: UnblindDialog, reason: str, password: str) -> None:
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.keyClicks(dialog.password, password)


def test_the_investigator_sees_the_arm_once_and_the_banner_names_no_arm(
    qtbot: QtBot, pair: Randomised
) -> None:
    dialog = _dialog(qtbot, pair, pair.placebo, Role.INVESTIGATOR)
    assert "reveals the treatment" in dialog.warning.text()
    assert "reported to the coordinating centre" in dialog.warning.text()
    assert not dialog.outcome.isVisible()
    _fill(qtbot, dialog, REASON, PASSWORDS[Role.INVESTIGATOR])
    with qtbot.waitSignal(dialog.unblinded) as got:
        qtbot.mouseClick(dialog.unblind_button, CLICK)
    assert got.args == [pair.placebo]
    arm = ARMS["B"]
    kit = pair.kits[pair.placebo]
    assert dialog.outcome.isVisible()
    assert dialog.outcome.text() == f"Kit {kit}: arm B, {arm.name_en}\n{arm.name_zh}"
    assert not dialog.password.isVisible() and not dialog.unblind_button.isVisible()
    assert dialog.password.text() == ""
    assert _count(pair) == 1
    qtbot.mouseClick(dialog.cancel_button, CLICK)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.outcome.text() == "" and dialog.result_shown is None

    page = QWidget()
    qtbot.addWidget(page)
    banner = UnblindBanner(page)
    page.show()
    assert not banner.isVisible()
    banner.refresh(pair.opened.store, pair.placebo)
    assert banner.isVisible()
    (line,) = unblindings_for(pair.opened.store, pair.placebo)
    when = line.unblinded_at.astimezone()
    assert banner.text.text() == (
        f"Emergency unblinded by Investigator Person on {when:%Y-%m-%d %H:%M}: {REASON}"
    )
    assert banner.lines == [banner_line(line)]
    for word in ARM_WORDS:
        assert word not in banner.text.text()


def test_a_participant_never_unblinded_has_no_banner(qtbot: QtBot, pair: Randomised) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    banner = UnblindBanner(page)
    page.show()
    banner.refresh(pair.opened.store, pair.active)
    assert not banner.isVisible() and banner.lines == []


def test_a_missing_reason_is_said_next_to_it_and_nothing_is_written(
    qtbot: QtBot, pair: Randomised
) -> None:
    dialog = _dialog(qtbot, pair, pair.active, Role.INVESTIGATOR)
    _fill(qtbot, dialog, "   ", PASSWORDS[Role.INVESTIGATOR])
    qtbot.mouseClick(dialog.unblind_button, CLICK)
    assert dialog.reason_message.isVisible()
    assert dialog.reason_message.text() == NO_REASON
    assert not dialog.outcome.isVisible() and _count(pair) == 0


def test_a_wrong_password_is_said_next_to_it_and_nothing_is_written(
    qtbot: QtBot, pair: Randomised
) -> None:
    dialog = _dialog(qtbot, pair, pair.active, Role.INVESTIGATOR)
    _fill(qtbot, dialog, REASON, "not my password")
    qtbot.mouseClick(dialog.unblind_button, CLICK)
    assert dialog.password_message.isVisible()
    assert dialog.password_message.text().startswith("The password is not right")
    assert not dialog.reason_message.isVisible() and not dialog.outcome.isVisible()
    assert dialog.password.text() == "" and _count(pair) == 0
    # At once again, even with the right password: the wait is said beside the field.
    qtbot.keyClicks(dialog.password, PASSWORDS[Role.INVESTIGATOR])
    qtbot.mouseClick(dialog.unblind_button, CLICK)
    assert dialog.password_message.text().startswith(
        "Too many wrong passwords for investigator: try again in"
    )
    assert not dialog.outcome.isVisible() and _count(pair) == 0


@pytest.mark.parametrize("role", [Role.NURSE, Role.PHARMACIST, Role.MONITOR])
def test_anyone_else_gets_the_sentence_and_no_button(
    qtbot: QtBot, pair: Randomised, role: Role
) -> None:
    dialog = _dialog(qtbot, pair, pair.active, role)
    assert dialog.message.isVisible()
    assert dialog.message.text() == (
        f"Only an investigator can emergency-unblind a participant: your role ({role.value}) "
        "stays blinded."
    )
    assert not dialog.unblind_button.isEnabled()
    qtbot.mouseClick(dialog.unblind_button, CLICK)
    assert _count(pair) == 0 and not dialog.outcome.isVisible()
