"""The Admin page says when a disabled person's old key file could still open the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.ui.admin_page import AdminPage
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import styled


def test_the_banner_shows_while_a_rekey_is_due_and_the_button_does_it(
    qtbot: QtBot, opened: OpenStore
) -> None:
    opened.actor(Role.NURSE)
    # As a disable whose re-key failed leaves it: the slot is gone, the key unchanged.
    opened.store.slots.revoke("user", "nurse")
    opened.store.slots.save()
    generation = opened.store.slots.generation
    styled()
    page = AdminPage(opened.store, opened.admin)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.rekey_banner.isVisible()
    assert "old key file" in page.rekey_label.text()
    qtbot.mouseClick(page.rekey_button, Qt.MouseButton.LeftButton)
    assert not page.rekey_banner.isVisible()
    assert opened.store.slots.generation == generation + 1
    assert not opened.store.rekey_due
    assert "re-keyed" in page.people_message.text()


def test_no_banner_when_nothing_is_due(qtbot: QtBot, opened: OpenStore) -> None:
    styled()
    page = AdminPage(opened.store, opened.admin)
    qtbot.addWidget(page)
    page.show()
    assert not page.rekey_banner.isVisible()
