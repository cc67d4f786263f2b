"""The participant page for preparation: the pharmacist's Preparation tab, and the second
person's "Check product…" button that opens the check of a bag waiting for release."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services.preparation import prepare
from app.ui.participant_page import ParticipantPage
from app.ui.preparation_check_dialog import PreparationCheckDialog
from tests.conftest import OpenStore
from tests.unit.preparation_env import NOW, Randomised, active_entry, randomised_pair

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _page(qtbot: QtBot, pair: Randomised, pid: str, role: Role) -> ParticipantPage:
    actor = pair.pharmacist if role is Role.PHARMACIST else pair.opened.actor(role)
    page = ParticipantPage(pair.opened.store, actor, pid)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def _tab_names(page: ParticipantPage) -> list[str]:
    return [page.tabs().tabText(i) for i in range(page.tabs().count())]


def test_only_the_pharmacist_has_a_preparation_tab(qtbot: QtBot, pair: Randomised) -> None:
    assert "Preparation" in _tab_names(_page(qtbot, pair, pair.active, Role.PHARMACIST))
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        assert "Preparation" not in _tab_names(_page(qtbot, pair, pair.active, role))


def test_a_prepared_bag_offers_the_check_to_another_person_not_to_its_preparer(
    qtbot: QtBot, pair: Randomised
) -> None:
    store = pair.opened.store
    nurse_page = _page(qtbot, pair, pair.active, Role.NURSE)
    assert not nurse_page.check_button.isVisible()  # nothing prepared yet
    prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    nurse_page.reload()
    assert nurse_page.check_button.isVisible()
    assert not _page(qtbot, pair, pair.active, Role.PHARMACIST).check_button.isVisible()
    assert not _page(qtbot, pair, pair.active, Role.MONITOR).check_button.isVisible()
    qtbot.mouseClick(nurse_page.check_button, CLICK)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, PreparationCheckDialog)
    )
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
