"""The Sync screen for the monitor: the status to read, one sentence, nothing to press."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.models import DeviceKey, OutboxBundle
from app.roles import Role
from app.services import settings
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from app.ui.sync_controller import sync_round
from app.ui.sync_page import SyncPage
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import FakeParts, styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MONITOR_SENTENCE = (
    "Your role (monitor) cannot sync this device: only people who enter data or manage the "
    "device can send bundles, apply receipts or use the device key."
)


def _device_keys(opened: OpenStore) -> int:
    with opened.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(DeviceKey)) or 0)


def _bundles(opened: OpenStore) -> int:
    with opened.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxBundle)) or 0)


def _open_sync_page(qtbot: QtBot, opened: OpenStore, role: Role) -> tuple[MainWindow, SyncPage]:
    styled()
    actor = opened.admin if role is Role.ADMIN else opened.actor(role)
    window = MainWindow(SessionController(opened.store, actor), parts=FakeParts())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.sync.state is not None)  # the first look at the status
    window.nav_buttons["sync"].click()
    page = window.current_page()
    assert isinstance(page, SyncPage)
    return window, page


def test_the_monitor_sees_the_sentence_and_pressing_sync_now_writes_nothing(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    settings.set_sync_folder(opened.store, opened.admin, share)
    window, page = _open_sync_page(qtbot, opened, Role.MONITOR)
    assert not page.sync_button.isEnabled()
    assert page.role_message.isVisible()
    assert page.role_message.text() == MONITOR_SENTENCE
    assert page.device_key_refused.text() == MONITOR_SENTENCE
    assert not hasattr(page, "device_key")
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Pin the hub" not in tabs
    assert page.choose_button.isHidden() and page.interval_button.isHidden()

    started: list[bool] = []
    window.sync.busyChanged.connect(started.append)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    window.sync.sync_now()  # the timer's way in is closed too
    # A round announces itself synchronously (busyChanged(True)) before any work starts.
    assert started == []
    assert list(share.iterdir()) == []
    assert _device_keys(opened) == 0, "opening the page made no device key"
    assert _bundles(opened) == 0


def test_a_round_run_as_the_monitor_is_refused_with_the_sentence(opened: OpenStore) -> None:
    monitor = opened.actor(Role.MONITOR)
    result = sync_round(opened.store, monitor, {})
    assert result.outcomes == [(MONITOR_SENTENCE, False)]
    assert result.state is not None
    assert _device_keys(opened) == 0


def test_a_nurse_keeps_the_button_and_the_key(qtbot: QtBot, opened: OpenStore) -> None:
    _window, page = _open_sync_page(qtbot, opened, Role.NURSE)
    assert page.sync_button.isEnabled()
    assert page.role_message.isHidden()
    assert page.device_key.text_edit.text().startswith("RW")
