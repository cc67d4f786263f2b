"""The trend chart: SpO₂, P/F and key labs since day 0, painted, with units."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import Oxygenation, Participant
from app.protocol import Protocol, load_default, load_protocol
from app.roles import Role
from app.services import observations as obs
from app.ui.trend_chart import TrendChart, nice_ticks
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
DAY0 = date.today() - timedelta(days=10)


def _at(day: int, hour: int = 8) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), time(hour), tzinfo=UTC)


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1",
            study_id="P-001",
            initials="AB",
            sex="F",
            status="infused",
            day0_on=DAY0,
            created_at=_at(-2),
        )
        session.add(p)
    return p.id


def _chart(opened: OpenStore, qtbot: QtBot, pid: str, protocol: Protocol = PROTOCOL) -> TrendChart:
    chart = TrendChart(opened.store, opened.actor(Role.MONITOR), protocol, pid)
    qtbot.addWidget(chart)
    chart.resize(1000, 900)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def _data(opened: OpenStore, pid: str, protocol: Protocol = PROTOCOL) -> None:
    nurse = opened.actor(Role.NURSE)
    for day, spo2 in ((0, "88"), (3, "91"), (7, "95")):
        entry = obs.VitalSignsEntry("UNSCHEDULED", _at(day), spo2_percent=spo2)
        obs.record_vital_signs(opened.store, nurse, protocol, pid, entry)
    with opened.store.transaction(nurse) as session:
        for day, pf in ((1, "180"), (6, "260")):
            session.add(
                Oxygenation(
                    participant_id=pid,
                    measured_at=_at(day, 6),
                    o2_device="niv_cpap",
                    pf_ratio_mmhg=pf,
                )
            )
    panel = obs.LabPanelEntry(
        "UNSCHEDULED",
        _at(2),
        (
            obs.LabValueEntry("CRP", "80", "mg/L"),
            obs.LabValueEntry("IL6", "<5", "pg/mL"),
        ),
    )
    obs.record_lab_panel(opened.store, nurse, protocol, pid, panel)


def test_the_chart_paints_each_series_with_its_unit(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    _data(opened, pid)
    chart = _chart(opened, qtbot, pid)
    qtbot.waitUntil(lambda: chart.canvas.painted)
    assert [(s.label, s.unit) for s in chart.series()] == [
        ("SpO₂", "%"),
        ("P/F ratio", "mmHg"),
        ("C-reactive protein (CRP)", "mg/L"),
        ("Interleukin-6 (IL-6)", "pg/mL"),
    ]
    assert chart.summary_text().splitlines() == [
        "SpO₂: 95 % on day 7 (3 values)",
        "P/F ratio: 260 mmHg on day 6 (2 values)",
        "C-reactive protein (CRP): 80 mg/L on day 2 (1 value)",
        "Interleukin-6 (IL-6): <5 pg/mL on day 2 (1 value)",
    ]
    assert chart.canvas.accessibleDescription() == chart.summary_text()
    image = chart.canvas.grab().toImage()
    assert image.width() > 0 and image.pixelColor(5, 5).name() == "#ffffff"


def test_the_days_run_from_day_0_to_the_last_visit(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    _data(opened, pid)
    chart = _chart(opened, qtbot, pid)
    assert chart.canvas.day_range() == (0, 28)
    second = _chart(opened, qtbot, pid, SECOND)
    assert second.canvas.day_range() == (0, 60)


def test_the_second_protocol_has_no_lymphocytes_and_its_own_thresholds(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    _data(opened, pid, SECOND)
    chart = _chart(opened, qtbot, pid, SECOND)
    assert [s.key for s in chart.series()] == ["spo2", "pf", "CRP", "IL6"]
    assert chart.canvas._threshold(chart.series()[0]) == 90.0
    assert chart.canvas._threshold(chart.series()[1]) == 200.0


def test_with_no_values_the_chart_says_so(opened: OpenStore, qtbot: QtBot, pid: str) -> None:
    chart = _chart(opened, qtbot, pid)
    assert chart.series() == ()
    assert chart._empty.isVisibleTo(chart)


def test_refresh_shows_values_saved_meanwhile(opened: OpenStore, qtbot: QtBot, pid: str) -> None:
    chart = _chart(opened, qtbot, pid)
    _data(opened, pid)
    chart.reload()
    assert len(chart.series()) == 4 and not chart._empty.isVisibleTo(chart)


@pytest.mark.parametrize(("low", "high"), [(85.0, 100.0), (0.0, 0.7), (150.0, 330.0), (5.0, 5.0)])
def test_ticks_are_round_and_cover_the_values(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert 2 <= len(ticks) <= 8
