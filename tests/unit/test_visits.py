"""Visit target dates, windows and status on a given date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.clinical.errors import ValidationError
from app.clinical.visits import (
    PlannedVisit,
    VisitStatus,
    plan_visits,
    schedule_status,
    visit_status,
)
from app.protocol import load_default

PROTOCOL = load_default()
DAY0 = date(2020, 4, 10)


def planned(code: str) -> PlannedVisit:
    return next(p for p in plan_visits(DAY0, PROTOCOL.visits) if p.code == code)


def test_target_dates_count_calendar_days_from_day_0() -> None:
    targets = {p.code: p.target_date for p in plan_visits(DAY0, PROTOCOL.visits)}
    assert targets == {
        "BASELINE": DAY0,
        "D1": date(2020, 4, 11),
        "D2": date(2020, 4, 12),
        "D7": date(2020, 4, 17),
        "W2": date(2020, 4, 24),
        "W3": date(2020, 5, 1),
        "W4": date(2020, 5, 8),
    }


def test_windows_come_from_the_protocol() -> None:
    d7, w4 = planned("D7"), planned("W4")
    assert (d7.window_opens, d7.window_closes) == (date(2020, 4, 16), date(2020, 4, 18))
    assert (w4.window_opens, w4.window_closes) == (date(2020, 5, 6), date(2020, 5, 10))
    d1 = planned("D1")
    assert d1.window_opens == d1.target_date == d1.window_closes


@pytest.mark.parametrize(("offset", "status"), [
    (-2, VisitStatus.UPCOMING),   # day 5: before the window opens on day 6
    (-1, VisitStatus.DUE),        # day 6: window open
    (0, VisitStatus.DUE),         # day 7: target day
    (1, VisitStatus.OVERDUE),     # day 8: past target, window still open
    (2, VisitStatus.MISSED),      # day 9: window closed without data
])  # fmt: skip
def test_day_7_status_through_its_window(offset: int, status: VisitStatus) -> None:
    d7 = planned("D7")
    assert visit_status(d7, d7.target_date + timedelta(days=offset)) is status


def test_a_zero_width_window_is_due_only_on_its_day_then_missed() -> None:
    d1 = planned("D1")
    assert visit_status(d1, DAY0) is VisitStatus.UPCOMING
    assert visit_status(d1, d1.target_date) is VisitStatus.DUE
    assert visit_status(d1, d1.target_date + timedelta(days=1)) is VisitStatus.MISSED


def test_a_visit_with_data_is_done_whatever_the_date() -> None:
    d7 = planned("D7")
    late = d7.target_date + timedelta(days=10)
    assert visit_status(d7, late + timedelta(days=5), done_on=late) is VisitStatus.DONE


def test_data_dated_after_the_date_checked_is_refused() -> None:
    d7 = planned("D7")
    with pytest.raises(ValidationError):
        visit_status(d7, d7.target_date, done_on=d7.target_date + timedelta(days=1))


def test_schedule_status_flags_a_visit_done_outside_its_window() -> None:
    today = date(2020, 4, 25)
    states = {
        s.visit.code: s
        for s in schedule_status(
            DAY0,
            PROTOCOL.visits,
            today,
            {"BASELINE": DAY0, "D1": date(2020, 4, 11), "D7": date(2020, 4, 20)},
        )
    }
    assert states["BASELINE"].done_in_window is True
    assert states["D7"].status is VisitStatus.DONE
    assert states["D7"].done_in_window is False
    assert states["D2"].status is VisitStatus.MISSED
    assert states["W2"].status is VisitStatus.OVERDUE
    assert states["W3"].status is VisitStatus.UPCOMING
    assert states["W2"].done_in_window is None


def test_schedule_status_refuses_an_unknown_visit_code() -> None:
    with pytest.raises(ValidationError, match="'D5' is not a visit"):
        schedule_status(DAY0, PROTOCOL.visits, DAY0, {"D5": DAY0})


def test_day_0_at_the_end_of_the_calendar_is_refused_not_crashed() -> None:
    with pytest.raises(ValidationError):
        plan_visits(date.max, PROTOCOL.visits)
