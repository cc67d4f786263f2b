"""The preparation rules at their boundaries: the dose from the weight, the lot's expiry
and the bag's use-by as hard stops, cell count and viability against the protocol; and
no entry makes the validators raise anything but a validation message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.preparation import (
    PreparationEntry,
    checked_preparation,
    parse_cell_count,
    preparation_messages,
)
from app.protocol import ProtocolError, load_default, load_protocol
from app.protocol.preparation import parse_preparation, preparation_rules
from app.protocol.reader import Table
from tests.unit.preparation_env import NOW, WUHAN, active_entry, placebo_entry

PROTOCOL = load_default()
RULES = preparation_rules(PROTOCOL)
SECOND = load_protocol(Path(__file__).resolve().parents[1] / "data/protocols/NCT99990001.toml")


def _messages(
    entry: PreparationEntry, *, placebo: bool = False, now: datetime = NOW
) -> dict[str, Message]:
    found = preparation_messages(entry, PROTOCOL, RULES, is_placebo=placebo, now=now)
    return {m.field: m for m in found}


def test_the_protocol_file_gives_the_rules_and_reuses_the_dose_interval() -> None:
    assert (RULES.use_by_hours, RULES.viability_min_percent) == (4, Decimal(70))
    assert (RULES.second_dose_allowed, RULES.max_doses, RULES.repeat_interval_days) == (True, 2, 7)
    second = preparation_rules(SECOND)
    assert (second.use_by_hours, second.second_dose_allowed, second.max_doses) == (6, False, 1)
    assert second.repeat_interval_days is None
    table = {
        "use_by_hours": 4,
        "viability_min_percent": 70,
        "cell_count_tolerance_percent": 10,
        "second_dose_allowed": True,
        "max_doses": 2,
    }
    with pytest.raises(ProtocolError, match=r"needs dose\.repeat_interval_days"):
        parse_preparation(Table(dict(table), "preparation"), None)
    with pytest.raises(ProtocolError, match=r"preparation\.max_doses must be 1"):
        parse_preparation(Table({**table, "second_dose_allowed": False}, "preparation"), 7)
    with pytest.raises(ProtocolError, match=r"preparation\.use_by_hours must be a whole number"):
        parse_preparation(Table({**table, "use_by_hours": 0}, "preparation"), 7)
    with pytest.raises(ProtocolError, match=r"preparation\.colour is not a known key"):
        parse_preparation(Table({**table, "colour": "red"}, "preparation"), 7)


@pytest.mark.parametrize(
    ("weight", "cells", "text", "unusual"),
    [
        ("65", "65000000", "6.5 × 10⁷ cells in 100 mL", False),
        ("35", "35000000", "3.5 × 10⁷ cells in 100 mL", False),  # soft minimum: usual
        ("34.9", "34900000", "3.49 × 10⁷ cells in 100 mL", True),
        ("150", "150000000", "1.5 × 10⁸ cells in 100 mL", False),  # soft maximum: usual
        ("150,1", "150100000", "1.501 × 10⁸ cells in 100 mL", True),  # decimal comma
        ("1", "1000000", "1 × 10⁶ cells in 100 mL", True),  # hard minimum: possible
        ("500", "500000000", "5 × 10⁸ cells in 100 mL", True),  # hard maximum: possible
    ],
)
def test_the_dose_at_the_weight_boundaries(
    weight: str, cells: str, text: str, unusual: bool
) -> None:
    count = str(Decimal(cells))
    entry = active_entry(weight_kg=weight, cell_count=count)
    found = _messages(entry)
    assert ("weight_kg" in found) is unusual
    if unusual:
        assert found["weight_kg"].severity is Severity.SOFT
        with pytest.raises(ValidationError, match="please confirm"):
            checked_preparation(entry, PROTOCOL, RULES, is_placebo=False, now=NOW)
    kept = checked_preparation(
        entry, PROTOCOL, RULES, is_placebo=False, now=NOW, confirm_unusual=True
    )
    assert (kept.dose_cells, kept.dose_text, kept.volume_ml) == (cells, text, "100")
    assert kept.weight_kg == weight.replace(",", ".")
    placebo = checked_preparation(
        placebo_entry(weight_kg=weight),
        PROTOCOL,
        RULES,
        is_placebo=True,
        now=NOW,
        confirm_unusual=True,
    )
    assert (placebo.dose_cells, placebo.volume_ml, placebo.cell_count) == ("", "100", "")
    assert placebo.dose_text == "100 mL normal saline (0.9 % sodium chloride)"


@pytest.mark.parametrize("weight", ["0.99", "500.01", "0", "", "65kg", "-65", "6 5"])
def test_an_impossible_weight_is_refused(weight: str) -> None:
    found = _messages(active_entry(weight_kg=weight))
    assert found["weight_kg"].severity is Severity.HARD
    with pytest.raises(ValidationError) as caught:
        checked_preparation(
            active_entry(weight_kg=weight),
            PROTOCOL,
            RULES,
            is_placebo=False,
            now=NOW,
            confirm_unusual=True,
        )
    assert caught.value.field == "weight_kg"


def test_the_second_study_doses_by_its_own_rule() -> None:
    rules = preparation_rules(SECOND)
    entry = active_entry(weight_kg="60", cell_count="1.2e8")
    kept = checked_preparation(entry, SECOND, rules, is_placebo=False, now=NOW)
    assert (kept.dose_cells, kept.volume_ml) == ("120000000", "50")
    found = preparation_messages(
        active_entry(weight_kg="29.9"), SECOND, rules, is_placebo=False, now=NOW
    )
    assert [m.severity for m in found if m.field == "weight_kg"] == [Severity.HARD]


def test_an_expired_lot_is_a_hard_stop() -> None:
    # NOW is 2026-11-26 10:00 in Wuhan; prepared at 09:30, the bag's use-by is 13:30.
    assert "lot_expiry" not in _messages(active_entry(lot_expiry="2026-11-26"))
    found = _messages(active_entry(lot_expiry="25/11/2026"))["lot_expiry"]
    assert (found.severity, found.code) == (Severity.HARD, "expired")
    assert found.text == "The lot expired on 2026-11-25: this product must not be used."
    # A bag prepared at 22:00 is used by 02:00 the next day, after a lot expiring today.
    late = datetime(2026, 11, 26, 22, 0, tzinfo=WUHAN)
    later = _messages(active_entry(prepared_at=late, lot_expiry="2026-11-26"), now=late)
    assert "before the bag's use-by" in later["lot_expiry"].text
    assert "lot_expiry" not in _messages(
        active_entry(prepared_at=late, lot_expiry="2026-11-27"), now=late
    )
    with pytest.raises(ValidationError, match="expired"):
        checked_preparation(
            active_entry(lot_expiry="2026-11-25"),
            PROTOCOL,
            RULES,
            is_placebo=False,
            now=NOW,
            confirm_unusual=True,
        )


def test_past_the_use_by_is_a_hard_stop_at_the_minute() -> None:
    at = NOW - timedelta(hours=4)
    assert "prepared_at" not in _messages(active_entry(prepared_at=at))  # exactly at the use-by
    found = _messages(active_entry(prepared_at=at - timedelta(seconds=1)))["prepared_at"]
    assert (found.severity, found.code) == (Severity.HARD, "past_use_by")
    assert found.text.startswith("Past its use-by (2026-11-26 09:59)")
    assert "prepared_at" in _messages(
        placebo_entry(prepared_at=at - timedelta(minutes=1)), placebo=True
    )
    kept = checked_preparation(
        active_entry(prepared_at=at), PROTOCOL, RULES, is_placebo=False, now=NOW
    )
    assert kept.use_by_at == NOW
    ahead = _messages(active_entry(prepared_at=NOW + timedelta(minutes=6)))["prepared_at"]
    assert ahead.code == "future"
    assert "prepared_at" not in _messages(active_entry(prepared_at=NOW + timedelta(minutes=5)))
    assert _messages(active_entry(prepared_at=None))["prepared_at"].code == "missing"
    naive = _messages(active_entry(prepared_at=datetime(2026, 11, 26, 9, 0)))["prepared_at"]
    assert naive.text == "The preparation time must carry a time zone."


@pytest.mark.parametrize(
    ("count", "ok"),
    [
        ("58500000", True),  # 65 kg: 6.5×10⁷, 10 % below
        ("58499999", False),
        ("71500000", True),  # 10 % above
        ("7.15e7", True),
        ("7.16×10⁷", False),
        ("6,5x10^7", True),
    ],
)
def test_the_cell_count_is_within_the_tolerance_of_the_dose(count: str, ok: bool) -> None:
    found = _messages(active_entry(cell_count=count))
    assert ("cell_count" not in found) is ok
    if not ok:
        assert found["cell_count"].code == "off_dose"


def test_cell_counts_are_read_as_written_or_refused() -> None:
    assert parse_cell_count("65000000") == Decimal(65000000)
    assert parse_cell_count("6.5E7") == parse_cell_count("6.5 × 10^7") == Decimal("6.5E+7")
    assert parse_cell_count("  ") is None
    for typed in ("6.5e", "1e3e", "6..5e7", "6,5.0e7", "65 000 000", "-6.5e7", "0", "x"):
        with pytest.raises(ValidationError):
            parse_cell_count(typed)


@pytest.mark.parametrize(
    ("viability", "ok"),
    [("70", True), ("69.9", False), ("69,99", False), ("100", True), ("100.1", False), ("", False)],
)
def test_viability_at_the_protocol_minimum(viability: str, ok: bool) -> None:
    found = _messages(active_entry(viability_percent=viability))
    assert ("viability_percent" not in found) is ok


def test_a_placebo_bag_takes_no_content_and_every_bag_is_inspected() -> None:
    assert _messages(placebo_entry(), placebo=True) == {}
    found = _messages(placebo_entry(lot="L1", cell_count="1"), placebo=True)
    assert set(found) == {"lot", "cell_count"}
    assert found["lot"].text == "Lot: a placebo bag (saline) has none; leave it empty."
    missing = _messages(placebo_entry(weight_kg="65"))  # read as an active bag
    assert {"lot", "lot_expiry", "cell_count", "viability_percent"} <= set(missing)
    assert (
        _messages(replace(active_entry(), appearance_ok=False))["appearance_ok"].code
        == "appearance"
    )
    assert _messages(active_entry(lot="L-1;DROP"))["lot"].text.startswith("Lot: use letters")
    assert "lot" in _messages(active_entry(lot="L" * 33))


texts = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[0-9]{1,9}([.,][0-9]{1,4})?([eE][0-9]{1,2}|×10\^[0-9])?", fullmatch=True),
    st.sampled_from(["65", "6.5e7", "2026-11-30", "30/02/2026", "1e999", "NaN", "∞", "\x00"]),
)
aware = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.builds(
        timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
    ),
)
moments = st.one_of(st.none(), aware, st.just(datetime.max.replace(tzinfo=WUHAN)), st.datetimes())
entries = st.builds(
    PreparationEntry,
    weight_kg=texts,
    prepared_at=moments,
    lot=texts,
    lot_expiry=texts,
    cell_count=texts,
    viability_percent=texts,
    appearance_ok=st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=entries, placebo=st.booleans(), now=aware)
def test_no_entry_makes_the_validators_raise_anything_but_a_message(
    entry: PreparationEntry, placebo: bool, now: datetime
) -> None:
    found = preparation_messages(entry, PROTOCOL, RULES, is_placebo=placebo, now=now)
    assert all(m.text and m.text[-1] in ".?" and "\n" not in m.text for m in found)
    refused: str | None = None
    try:
        kept = checked_preparation(
            entry, PROTOCOL, RULES, is_placebo=placebo, now=now, confirm_unusual=True
        )
    except ValidationError as exc:
        refused = exc.field
    if refused is not None:
        assert refused in {m.field for m in found}
        return
    assert not [m for m in found if m.severity is Severity.HARD]
    assert kept.use_by_at - kept.prepared_at == timedelta(hours=RULES.use_by_hours)
    if kept.lot_expiry:
        assert date.fromisoformat(kept.lot_expiry) >= kept.use_by_at.date()
