"""Every page fits the ward laptop: one scroll area, and the primary action on screen.

For every role, every page and form it reaches in the main window (tool bar, header,
navigation and status bar included; see :mod:`tests.ui.screens_helper`): Today,
Participants, Sync, Admin, and a participant's Screening, each Eligibility step,
Oxygenation, Visits with each visit and participant form open, and Trends. In each:

- no scroll area sits inside another (the widget tree is walked);
- the window did not have to grow past the screen to hold the page;
- the primary action (Save, Next, Sign, Sync now, Add person) lies wholly inside the
  window and is not clipped by any scroll area around it.

Sizes: 1366×768 and 1280×720 at 100 % in this process; and 1920×1080 at 150 %, in a
subprocess with ``QT_SCALE_FACTOR=1.5`` on an offscreen screen of 1920×1080 physical
pixels. That is what Qt 6 itself does on a Windows laptop set to 150 %: the screen is
1280×720 device-independent pixels with a device pixel ratio of 1.5, fonts and
controls drawn 1.5 times larger in physical pixels; the subprocess checks that the
screen it got is exactly that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.roles import Role
from tests.conftest import ROOT, OpenStore
from tests.ui import screens_helper as screens

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def participants(opened: OpenStore) -> tuple[str, str]:
    return screens.add_participants(opened.store, opened.actor(Role.NURSE))


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
@pytest.mark.parametrize("role", screens.ROLES, ids=[r.value for r in screens.ROLES])
def test_every_page_has_one_scroll_area_and_its_action_on_screen(
    opened: OpenStore, qtbot: QtBot, participants: tuple[str, str], role: Role,
    size: tuple[int, int],
) -> None:  # fmt: skip
    screens.styled()
    actor = opened.admin if role is Role.ADMIN else opened.actor(role)
    window = screens.main_window(opened.store, actor, size)
    qtbot.addWidget(window)
    problems: list[str] = []
    names = []
    for screen in screens.walk(window, *participants):
        names.append(screen.name)
        problems += screens.fit_problems(screen, size)
    assert problems == []
    assert len(names) >= 18  # every page and form was reached


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("role", screens.ROLES, ids=[r.value for r in screens.ROLES])
def test_with_an_overdue_infusion_check_every_page_fits_in_either_language(
    opened: OpenStore, qtbot: QtBot, role: Role, language: str
) -> None:
    """The overdue-check banner takes height above every page; Chinese text is taller."""
    from app.ui import i18n
    from tests.ui.infusion_env import released_ward, started

    ward = released_ward(opened)
    started(ward, ward.active)  # a week ago: every timed check is overdue by now
    participants = screens.add_participants(opened.store, opened.actor(Role.NURSE))
    screens.styled()
    assert i18n.install_language(language) == language
    try:
        actor = opened.admin if role is Role.ADMIN else opened.actor(role)
        window = screens.main_window(opened.store, actor, (1366, 768))
        qtbot.addWidget(window)
        window.alerts.check_now()
        screens.settle()
        assert window.alert_banner.isVisible() and window.alert_banner.height() > 40
        problems: list[str] = []
        for screen in screens.walk(window, *participants):
            problems += screens.fit_problems(screen, (1366, 768))
        assert problems == []
    finally:
        i18n.install_language(i18n.ENGLISH)


def test_the_nurse_sees_save_on_every_form_without_scrolling(
    opened: OpenStore, qtbot: QtBot, participants: tuple[str, str]
) -> None:
    """The walk checks a primary action only where it shows: here, it does show."""
    screens.styled()
    window = screens.main_window(opened.store, opened.actor(Role.NURSE), (1280, 720))
    qtbot.addWidget(window)
    for screen in screens.walk(window, *participants):
        if screen.primary is not None and screen.name not in ("today", "participants"):
            assert screen.primary.isVisibleTo(window), screen.name
            assert screen.primary.isEnabled() or screen.name == "sync", screen.name


def test_a_nested_scroll_area_is_found(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

    outer = QScrollArea()
    inner_page = QWidget()
    QVBoxLayout(inner_page).addWidget(QScrollArea())
    outer.setWidget(inner_page)
    qtbot.addWidget(outer)
    outer.show()
    assert len(screens.nested_scroll_areas(outer)) == 1


SCREEN_150 = {
    "screens": [
        {"name": "ward-laptop", "x": 0, "y": 0, "width": 1920, "height": 1080,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    ]
}  # fmt: skip


def test_at_150_percent_on_a_1920_by_1080_screen_everything_fits(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN_150))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEDSIDE_", "QT_"))}
    env |= {"QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": "1.5"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screens_helper", "--size", "1280x720",
         "--data-dir", str(tmp_path / "store")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["screen"] == [1280, 720] and found["device_pixel_ratio"] == 1.5
    assert found["problems"] == []
