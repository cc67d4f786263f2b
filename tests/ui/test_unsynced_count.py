""" "Unsynced changes" counts saves that changed records, follows each save at once, and
does not grow with logins, locks or sync attempts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from app.protocol import load_default
from app.services import observations as obs
from app.sync.device import DATA_CHANGE, status
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import ready_nurse, unlock_as
from tests.ui.test_timeline_kinds import screened

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()


def _count(window: MainWindow) -> int:
    return int(window.unsynced_label.text().rpartition(": ")[2])


def test_the_count_follows_a_save_at_once_and_not_sync_attempts_or_locks(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = screened(opened)
    nurse = ready_nurse(opened)
    window = MainWindow(SessionController(opened.store, nurse), idle_timeout_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    before = status(opened.store).unsynced_changes
    qtbot.waitUntil(lambda: _count(window) == before)
    assert window.unsynced_label.toolTip() == DATA_CHANGE

    # One save of many fields is one change, shown without waiting for the 30 s look.
    at = datetime.now(UTC) - timedelta(minutes=5)
    entry = obs.VitalSignsEntry("D1", at, temperature_c="38.5", heart_rate_per_min="96",
                                respiratory_rate_per_min="24", spo2_percent="92")  # fmt: skip
    obs.record_vital_signs(opened.store, nurse, PROTOCOL, pid, entry)
    qtbot.waitUntil(lambda: _count(window) == before + 1, timeout=3000)

    # Sync attempts (no folder chosen) and a lock and unlock change no record.
    for _ in range(3):
        with qtbot.waitSignal(window.sync.busyChanged, check_params_cb=lambda busy: not busy):
            window.sync.sync_now()
    window.lock()
    unlock_as(qtbot, window, "nurse", "nurse-pass-2")
    window.sync.refresh_status()
    qtbot.waitUntil(lambda: status(opened.store).unsynced_changes == before + 1)
    assert _count(window) == before + 1
    assert status(opened.store).unsynced_audit_rows > before + 1  # rows are not changes
