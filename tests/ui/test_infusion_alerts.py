"""Overdue infusion checks, with an injected clock: due, then overdue with a sound, an
alert that stays until the check is recorded or skipped, a timer that needs no focus,
counting on while the window is locked, and the Admin switch for the sound."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services.infusion import record_vitals, skip_timepoint
from app.ui.infusion_alerts import (
    RED,
    AlertBanner,
    AlertMonitor,
    AlertSoundSetting,
    alert_sound_on,
    set_alert_sound,
)
from tests.conftest import OpenStore
from tests.ui.infusion_env import CHECKED_AT, PROTOCOL, Ward, released_ward, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
T0 = CHECKED_AT
DUR15 = T0 + timedelta(minutes=15)
PRE = {"temperature_c": "36.9", "heart_rate_per_min": "80", "spo2_percent": "96"}


@pytest.fixture
def ward(opened: OpenStore) -> Ward:
    return released_ward(opened)


class Beeps:
    def __init__(self) -> None:
        self.at: list[datetime] = []


def _running(ward: Ward) -> str:
    """An infusion started at T0 whose pre-infusion check is recorded: 15 min is next."""
    iid = started(ward, ward.active)
    record_vitals(ward.opened.store, ward.nurse, iid, "PRE", PRE, T0, now=T0, protocol=PROTOCOL)
    return iid


def _monitor(ward: Ward, clock: list[datetime], beeps: Beeps, tick_ms: int = 5_000) -> AlertMonitor:
    return AlertMonitor(
        ward.opened.store, PROTOCOL, clock=lambda: clock[0],
        sound=lambda: beeps.at.append(clock[0]), tick_ms=tick_ms,
    )  # fmt: skip


def test_a_check_is_due_then_overdue_and_the_alert_stays_until_it_is_recorded(
    qtbot: QtBot, ward: Ward
) -> None:
    iid = _running(ward)
    clock, beeps = [DUR15 - timedelta(minutes=5, seconds=1)], Beeps()
    monitor = _monitor(ward, clock, beeps)
    banner = AlertBanner(monitor)
    qtbot.addWidget(banner)
    monitor.check_now()
    assert monitor.alerts() == [] and banner.isHidden()
    clock[0] = DUR15 - timedelta(minutes=5)  # the protocol's due_before_minutes
    monitor.check_now()
    assert [(a.check.timepoint_code, a.state) for a in monitor.alerts()] == [("DUR15", "due")]
    assert beeps.at == [] and not banner.isHidden()
    clock[0] = DUR15 + timedelta(minutes=5)  # the last moment of the grace: still due
    monitor.check_now()
    assert monitor.overdue() == []
    clock[0] = DUR15 + timedelta(minutes=5, seconds=1)
    monitor.check_now()
    assert [a.check.timepoint_code for a in monitor.overdue()] == ["DUR15"]
    assert beeps.at == [clock[0]] and banner.colour() == RED
    assert banner.lines()[0].startswith("⚠ ")
    assert "15 min into infusion vital signs overdue" in banner.lines()[0]
    for seconds in (30, 59):  # it stays, and sounds again only after a minute
        clock[0] = DUR15 + timedelta(minutes=5, seconds=1 + seconds)
        monitor.check_now()
        assert len(monitor.overdue()) == 1 and len(beeps.at) == 1
    clock[0] += timedelta(seconds=1)
    monitor.check_now()
    assert len(beeps.at) == 2
    record_vitals(ward.opened.store, ward.nurse, iid, "DUR15", PRE, clock[0], now=clock[0],
                  protocol=PROTOCOL)  # fmt: skip
    monitor.check_now()
    assert monitor.alerts() == [] and banner.isHidden()
    clock[0] += timedelta(minutes=5)
    monitor.check_now()
    assert len(beeps.at) == 2


def test_a_skipped_check_ends_its_alert(ward: Ward) -> None:
    iid = _running(ward)
    clock, beeps = [DUR15 + timedelta(minutes=10)], Beeps()
    monitor = _monitor(ward, clock, beeps)
    monitor.check_now()
    assert len(monitor.overdue()) == 1
    skip_timepoint(ward.opened.store, ward.nurse, iid, "DUR15", "Asleep", now=clock[0],
                   protocol=PROTOCOL)  # fmt: skip
    monitor.check_now()
    assert monitor.overdue() == []


def test_the_timer_reads_again_without_focus_or_anyone_asking(qtbot: QtBot, ward: Ward) -> None:
    _running(ward)
    clock, beeps = [DUR15 - timedelta(minutes=10)], Beeps()
    monitor = _monitor(ward, clock, beeps, tick_ms=20)
    monitor.start()
    assert monitor.timer.isActive() and monitor.alerts() == []
    clock[0] = DUR15 + timedelta(minutes=6)
    qtbot.waitUntil(lambda: len(monitor.overdue()) == 1)
    assert len(beeps.at) == 1
    monitor.stop()


def test_while_locked_it_counts_on_from_the_last_reading(ward: Ward) -> None:
    _running(ward)
    clock, beeps = [DUR15], Beeps()
    monitor = _monitor(ward, clock, beeps)
    monitor.check_now()
    monitor.set_store(None)  # the window locked: the store's key is gone
    clock[0] = DUR15 + timedelta(minutes=6)
    monitor.check_now()
    assert len(monitor.overdue()) == 1 and len(beeps.at) == 1


def test_the_sound_can_be_switched_off_in_admin_and_the_alert_still_shows(
    qtbot: QtBot, ward: Ward, opened: OpenStore
) -> None:
    _running(ward)
    switch = AlertSoundSetting(opened.store, opened.admin)
    qtbot.addWidget(switch)
    switch.show()
    assert switch.checkbox.isChecked() and alert_sound_on(opened.store)
    QTest.mouseClick(switch.checkbox, Qt.MouseButton.LeftButton)
    assert not switch.checkbox.isChecked() and not alert_sound_on(opened.store)
    clock, beeps = [DUR15 + timedelta(minutes=6)], Beeps()
    monitor = _monitor(ward, clock, beeps)
    monitor.check_now()
    assert len(monitor.overdue()) == 1 and beeps.at == [] and not monitor.sound_on
    set_alert_sound(opened.store, opened.admin, True)
    clock[0] += timedelta(minutes=2)
    monitor.check_now()
    assert len(beeps.at) == 1


def test_only_an_admin_switches_the_sound(qtbot: QtBot, ward: Ward, opened: OpenStore) -> None:
    switch = AlertSoundSetting(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(switch)
    switch.show()
    QTest.mouseClick(switch.checkbox, Qt.MouseButton.LeftButton)
    assert switch.checkbox.isChecked() and alert_sound_on(opened.store)
    assert switch.message.text() == "Your role (nurse) cannot change the alert sound."


def test_tapping_an_alert_opens_its_participant(qtbot: QtBot, ward: Ward) -> None:
    _running(ward)
    clock, beeps = [DUR15 + timedelta(minutes=6)], Beeps()
    monitor = _monitor(ward, clock, beeps)
    banner = AlertBanner(monitor)
    qtbot.addWidget(banner)
    banner.show()
    monitor.check_now()
    buttons = [b for b in banner.findChildren(QPushButton) if b.text().startswith("⚠ ")]
    assert len(buttons) == 1
    with qtbot.waitSignal(banner.openParticipant) as got:
        QTest.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert got.args == [ward.active]


def test_a_locked_store_is_never_read(ward: Ward) -> None:
    _running(ward)
    clock, beeps = [DUR15], Beeps()
    monitor = _monitor(ward, clock, beeps)
    monitor.check_now()
    ward.opened.store.lock()
    clock[0] = DUR15 + timedelta(minutes=6)
    monitor.check_now()
    assert len(monitor.overdue()) == 1 and len(beeps.at) == 1
