"""Today's "Infusions in progress": every infusion with checks to do, the next target
time and its countdown, the overdue first and red, follow-up after the end, a tap opens
the participant's infusion."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.infusion import record_vitals, stop_infusion
from app.ui.infusion_today import OVERDUE_EDGE
from app.ui.today_view import TodayView
from tests.conftest import OpenStore
from tests.ui.infusion_env import CHECKED_AT, PROTOCOL, Ward, released_ward, started

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
T0 = CHECKED_AT
VALUES = {"temperature_c": "36.9", "heart_rate_per_min": "80"}


@pytest.fixture
def ward(opened: OpenStore) -> Ward:
    return released_ward(opened)


def _hhmm(moment: datetime) -> str:
    return f"{moment.astimezone():%H:%M}"


def _today(qtbot: QtBot, ward: Ward, clock: list[datetime]) -> TodayView:
    view = TodayView(ward.opened.store, ward.nurse, clock=lambda: clock[0].astimezone())
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def test_each_infusion_shows_its_next_check_and_the_overdue_one_first_in_red(
    qtbot: QtBot, ward: Ward
) -> None:
    early = started(ward, ward.active, T0)
    started(ward, ward.placebo, T0 + timedelta(minutes=10))
    record_vitals(ward.opened.store, ward.nurse, early, "PRE", VALUES, T0, now=T0,
                  protocol=PROTOCOL)  # fmt: skip
    clock = [T0 + timedelta(minutes=21)]
    view = _today(qtbot, ward, clock)
    cards = view.infusion_cards()
    # The longest overdue first: the second one's pre-infusion check was never done.
    assert [c.participant_id for c in cards] == [ward.placebo, ward.active]
    second, first = (c.text_lines() for c in cards)
    kit = ward.kits[ward.active]
    assert first == [
        f"{ward.study_id(ward.active)} · Study product, kit {kit}",
        f"Running since {_hhmm(T0)} · check at {_hhmm(T0 + timedelta(minutes=15))} (6 min ago)",
        "OVERDUE — 15 min into infusion",
    ]
    assert second[2] == "OVERDUE — Before infusion"
    assert all(OVERDUE_EDGE in c.styleSheet() for c in cards)
    assert view._infusions_box.title() == "Infusions in progress (2, 2 overdue)"
    assert view.section_text("Infusions in progress").splitlines()[1] == " ".join(first)


def test_the_countdown_moves_between_refreshes(qtbot: QtBot, ward: Ward) -> None:
    iid = started(ward, ward.active, T0)
    record_vitals(ward.opened.store, ward.nurse, iid, "PRE", VALUES, T0, now=T0,
                  protocol=PROTOCOL)  # fmt: skip
    clock = [T0 + timedelta(minutes=2)]
    view = _today(qtbot, ward, clock)
    card = view.infusion_cards()[0]
    assert card.text_lines()[1].endswith("(in 13 min)")
    assert card.text_lines()[2] == "Next — 15 min into infusion"
    clock[0] += timedelta(minutes=4)
    view._infusions_box.tick()
    assert card.text_lines()[1].endswith("(in 9 min)")


def test_after_the_end_the_follow_up_checks_keep_it_on_today(qtbot: QtBot, ward: Ward) -> None:
    iid = started(ward, ward.active, T0)
    end = T0 + timedelta(minutes=40)
    stop_infusion(ward.opened.store, ward.nurse, iid, end, "50", now=end)
    clock = [end + timedelta(minutes=1)]
    view = _today(qtbot, ward, clock)
    lines = view.infusion_cards()[0].text_lines()
    assert lines[1].startswith(f"Ended {_hhmm(end)}, follow-up")


def test_tapping_an_infusion_opens_the_participants_infusion(qtbot: QtBot, ward: Ward) -> None:
    started(ward, ward.active, T0)
    view = _today(qtbot, ward, [T0 + timedelta(minutes=1)])
    with qtbot.waitSignal(view.openForm) as got:
        QTest.mouseClick(view.infusion_cards()[0], Qt.MouseButton.LeftButton)
    assert got.args == [ward.active, "infusion", ""]
