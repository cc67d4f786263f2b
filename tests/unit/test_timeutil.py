"""Stored instants are read back exactly, and only in the one shape Bedside writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.timeutil import iso_utc, parse_iso_utc


@given(st.datetimes(min_value=datetime(1900, 1, 1), timezones=st.just(UTC)))
def test_every_instant_reads_back_exactly(moment: datetime) -> None:
    assert parse_iso_utc(iso_utc(moment)) == moment


def test_another_zone_is_written_as_utc() -> None:
    moment = datetime(2026, 12, 2, 8, 30, tzinfo=timezone(timedelta(hours=8)))
    assert iso_utc(moment) == "2026-12-02T00:30:00.000000Z"


@pytest.mark.parametrize(
    "text",
    [
        "2026-13-01T00:00:00.000000Z",  # no 13th month
        "2026-02-30T00:00:00.000000Z",  # no 30 February
        "2026-1-01T00:00:00.000000Z",  # not padded
        "2026-01-01T00:00:00Z",  # no microseconds
        "2026-01-01T00:00:00.000000+00:00",  # not Z
        "2026-01-01 00:00:00.000000Z",  # a space
        "2026-01-01T00:00:00.000000Z\n",  # trailing
        "\uff12026-01-01T00:00:00.000000Z",  # a full-width digit
        "",
    ],
)
def test_any_other_shape_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"does not match|must be in|out of range"):
        parse_iso_utc(text)
