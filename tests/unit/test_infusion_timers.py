"""Infusion timepoints on an injected clock: upcoming, due, overdue until recorded or
skipped, done; and the stop criteria at their boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.protocol import load_default, load_protocol
from app.protocol.infusion import infusion_rules
from app.services.infusion_timers import (
    RecordedPoint,
    TimepointView,
    next_due,
    status_at,
    stop_criteria_met,
    timepoint_views,
)

PROTOCOL = load_default()
RULES = infusion_rules(PROTOCOL)
SCHEDULE = PROTOCOL.infusion_vitals
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def _views(
    now_min: float,
    stopped_min: float | None = None,
    recorded: dict[str, RecordedPoint] | None = None,
) -> dict[str, TimepointView]:
    stopped = None if stopped_min is None else _at(stopped_min)
    views = timepoint_views(SCHEDULE, RULES, START, stopped, recorded or {}, _at(now_min))
    return {v.code: v for v in views}


def test_the_schedule_is_the_protocols_before_during_end_and_after() -> None:
    assert list(_views(0)) == ["PRE", "DUR15", "DUR30", "END", "POST60", "POST120", "POST360",
                               "POST1440"]  # fmt: skip
    stopped = _views(50, stopped_min=40)
    assert stopped["END"].target_at == _at(40)
    assert stopped["POST60"].target_at == _at(100)
    assert stopped["POST1440"].target_at == _at(40 + 1440)


def test_end_rows_have_no_time_while_the_infusion_runs() -> None:
    views = _views(10)
    assert views["END"].target_at is None and views["END"].status == "upcoming"
    assert views["POST60"].target_at is None


@pytest.mark.parametrize(
    ("minute", "status"),
    [
        (9.99, "upcoming"),  # due from 5 min before the 15-minute target
        (10, "due"),
        (15, "due"),
        (20, "due"),  # 5 min grace
        (20.01, "overdue"),
        (600, "overdue"),  # it does not go away by itself
    ],
)
def test_a_timepoint_turns_due_then_overdue_at_the_protocols_minutes(
    minute: float, status: str
) -> None:
    assert _views(minute)["DUR15"].status == status


def test_overdue_persists_until_recorded_or_skipped() -> None:
    assert _views(25)["DUR15"].status == "overdue"
    done = RecordedPoint(_at(24), {"heart_rate_per_min": "88"}, measured_by="nurse")
    assert _views(25, recorded={"DUR15": done})["DUR15"].status == "done"
    skipped = RecordedPoint(None, {}, skipped_reason="participant in the bathroom")
    view = _views(25, recorded={"DUR15": skipped})["DUR15"]
    assert view.status == "skipped" and view.skipped_reason == "participant in the bathroom"


def test_the_pre_infusion_row_is_due_at_the_start() -> None:
    assert _views(0)["PRE"].status == "due"
    assert _views(5.01)["PRE"].status == "overdue"


def test_next_due_is_the_earliest_overdue_then_the_next_upcoming() -> None:
    recorded = {"PRE": RecordedPoint(_at(-1), {"spo2_percent": "95"})}
    views = timepoint_views(SCHEDULE, RULES, START, None, recorded, _at(40))
    nxt = next_due(views)
    assert nxt is not None and nxt.code == "DUR15" and nxt.status == "overdue"
    early = timepoint_views(SCHEDULE, RULES, START, None, recorded, _at(2))
    nxt = next_due(early)
    assert nxt is not None and nxt.code == "DUR15" and nxt.status == "upcoming"
    every = {code: RecordedPoint(_at(1), {}) for code in _views(0, stopped_min=40)}
    assert next_due(timepoint_views(SCHEDULE, RULES, START, _at(40), every, _at(2000))) is None


def test_a_longer_infusion_gets_its_during_rows_as_they_come_due() -> None:
    assert "DUR45" not in _views(39)
    assert _views(40)["DUR45"].status == "due"
    stopped = _views(60, stopped_min=50)
    assert "DUR45" in stopped and "DUR60" not in stopped
    short = _views(60, stopped_min=12)
    assert "DUR15" not in short and short["END"].target_at == _at(12)


def test_follow_up_rows_count_from_the_actual_end() -> None:
    views = _views(40 + 60 + 5, stopped_min=40)
    assert views["POST60"].status == "due"
    assert _views(40 + 60 + 5.01, stopped_min=40)["POST60"].status == "overdue"
    assert views["POST120"].status == "upcoming"


def test_status_at_with_no_target_is_upcoming() -> None:
    assert status_at(None, None, START, RULES) == "upcoming"


def _met(values: dict[str, str], before: dict[str, str] | None = None) -> list[str]:
    return [c.code for c in stop_criteria_met(RULES, values, before)]


@pytest.mark.parametrize(
    ("values", "met"),
    [
        ({"temperature_c": "38.4"}, []),
        ({"temperature_c": "38.5"}, ["fever"]),
        ({"systolic_bp_mmhg": "90"}, []),
        ({"systolic_bp_mmhg": "89"}, ["hypotension"]),
        ({"heart_rate_per_min": "130"}, []),
        ({"heart_rate_per_min": "131"}, ["tachycardia"]),
        ({"respiratory_rate_per_min": "30"}, []),
        ({"respiratory_rate_per_min": "31"}, ["tachypnoea"]),
        ({"spo2_percent": "90"}, []),
        ({"spo2_percent": "89"}, ["hypoxaemia"]),
        ({"temperature_c": "39", "heart_rate_per_min": "140"}, ["fever", "tachycardia"]),
        ({"temperature_c": ""}, []),
    ],
)
def test_stop_criteria_at_their_boundaries(values: dict[str, str], met: list[str]) -> None:
    assert _met(values) == met


def test_an_spo2_drop_counts_from_the_pre_infusion_value() -> None:
    assert _met({"spo2_percent": "93"}, {"spo2_percent": "96"}) == []
    assert _met({"spo2_percent": "92"}, {"spo2_percent": "96"}) == ["desaturation"]
    assert _met({"spo2_percent": "92"}) == []  # no value before the infusion: no drop


def test_the_second_studys_file_gives_its_own_minutes_and_criteria() -> None:
    other = load_protocol(ROOT / "tests/data/protocols/NCT99990001.toml")
    rules = infusion_rules(other)
    assert rules.product_check_valid_minutes == 15
    target = START + timedelta(minutes=15)
    assert status_at(target, None, target - timedelta(seconds=1), rules) == "upcoming"
    assert status_at(target, None, target + timedelta(minutes=10, seconds=1), rules) == "overdue"
    assert [c.code for c in stop_criteria_met(rules, {"temperature_c": "39"})] == []
    assert [c.code for c in stop_criteria_met(rules, {"temperature_c": "39.1"})] == ["fever"]
