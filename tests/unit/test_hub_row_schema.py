"""The hub's check of incoming audit rows gives one verdict whichever way it scans the text.

A batch whose JSON text cannot hold a control character or a lone surrogate skips the
per-value scan for them (``schema.check_rows``); every batch, clean or not, must be refused
for the same row and the same reason as when each row is checked in full.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.hub import schema
from app.hub.continuity import Rejected
from app.sync.changes import parse_jsonl


def _row(seq: int, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "seq": seq,
        "prev_hash": "a" * 64,
        "row_hash": "b" * 64,
        "at_utc": "2026-12-04T10:00:00.123456Z",
        "user_name": "nurse",
        "action": "update",
        "table_name": "vital_signs",
        "record_id": "0c2d8a3e-1111-2222-3333-444455556666",
        "field": "note",
        "old_value": "before",
        "new_value": "after",
        "reason": "typo",
    }
    row.update(changes)
    return row


def _verdict(check: Any) -> tuple[str, str] | None:
    try:
        check()
    except Rejected as rejected:
        return rejected.code, rejected.sentence
    return None


def _both(rows: list[dict[str, Any]], *, ascii_only: bool) -> tuple[Any, Any]:
    """The per-row verdict and the batch verdict for ``rows`` sent as JSON lines."""
    lines = "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in rows)
    text = lines.encode("utf-8").decode("utf-8")
    parsed = parse_jsonl(text)

    def one_by_one() -> None:
        for row in parsed:
            schema.check_row(row)

    return _verdict(one_by_one), _verdict(lambda: schema.check_rows(parsed, text))


REFUSED = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\ud800", "\udfff"]
TRICKY = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\t",
    "\n",
    "\r",
    "\ud800",
    "\udfff",
    "\\",
    "\\b",
    "\\u0001",
    "😀",
    "病",
    "‮",
    "=1+1",
    "'; DROP TABLE x; --",
]


@pytest.mark.parametrize("bad", TRICKY)
@pytest.mark.parametrize("where", ["user_name", "note_value", "reason", "record_id"])
def test_a_tricky_character_gets_the_same_verdict_in_a_batch_and_alone(
    bad: str, where: str
) -> None:
    changes: dict[str, Any] = {
        "user_name": {"user_name": f"nu{bad}rse"},
        "note_value": {"new_value": f"after{bad}"},
        "reason": {"reason": f"typo{bad}"},
        "record_id": {"record_id": f"0c2d8a3e{bad}"},
    }[where]
    rows = [_row(1), _row(2, **changes), _row(3)]
    for ascii_only in (True, False):
        if not ascii_only and any("\ud800" <= c <= "\udfff" for c in bad):
            continue  # a lone surrogate cannot be written as UTF-8 at all
        alone, batch = _both(rows, ascii_only=ascii_only)
        assert batch == alone
        if bad in REFUSED or where == "record_id":
            assert batch is not None and batch[1].startswith("Audit row 2:")
        else:
            assert batch is None


def test_a_clean_batch_passes_and_a_control_character_is_named() -> None:
    rows = [_row(n, new_value=f"note {n} 病 😀\t") for n in range(1, 50)]
    assert _both(rows, ascii_only=False) == (None, None)
    assert _both(rows, ascii_only=True) == (None, None)
    rows[30]["reason"] = "typo\x7f"
    alone, batch = _both(rows, ascii_only=False)
    assert batch == alone == ("bad_value", "Audit row 31: its reason holds a control character.")
    rows[30]["reason"] = "half \ud83d"
    alone, batch = _both(rows, ascii_only=True)
    assert batch == alone == ("bad_value", "Audit row 31: its reason is not valid Unicode.")


TEXT = st.lists(st.sampled_from([*TRICKY, "a", "Z", "0", " ", '"', "é"]), max_size=6).map("".join)
VALUE = st.one_of(st.none(), TEXT, st.integers(-3, 3), st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.integers(1, 4),
            st.sampled_from(
                [
                    "user_name",
                    "table_name",
                    "record_id",
                    "field",
                    "old_value",
                    "new_value",
                    "reason",
                ]
            ),
            VALUE,
        ),
        max_size=4,
    ),
    ascii_only=st.booleans(),
)
def test_any_batch_gets_the_verdict_of_its_rows_checked_one_by_one(
    edits: list[tuple[int, str, Any]], ascii_only: bool
) -> None:
    rows = [_row(n) for n in range(1, 5)]
    for seq, name, value in edits:
        rows[seq - 1][name] = value
    if not ascii_only:
        try:
            "".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
        except UnicodeEncodeError:
            ascii_only = True  # a lone surrogate: only its escape can be sent
    alone, batch = _both(rows, ascii_only=ascii_only)
    assert batch == alone


# Every part of a row, with values that fit it, fit another part, or fit nothing.
PART_VALUES: list[Any] = [
    None,
    True,
    0,
    1,
    -1,
    2**62,
    2**62 + 1,
    10**63,  # 64 digits: a hash's length, but a number
    "",
    "a",
    "a" * 64,
    "A" * 64,
    "a" * 63,
    "a" * 64 + "|",
    "a" * 65,
    "nurse|" + "a" * 64,
    "n" * 65,
    "2026-12-04T10:00:00Z",
    "2026-12-04T10:00:00.123456Z",
    "2026-12-04T10:00:00.1234567Z",
    "2026-12-04 10:00:00Z",
    "2026-02-30",
    "2026-12-04",
    "insert",
    "delete",
    "update",
    "login",
    "Update",
    "vital_signs",
    "participants",
    "audit_log",
    "heart_rate_per_min",
    "temperature_c",
    "measured_at",
    "date_of_birth",
    "sex",
    "note",
    "id",
    "0c2d8a3e-1111-2222-3333-444455556666",
    "0C2D8A3E-1111-2222-3333-444455556666",
    "80",
    "-0",
    "80.5",
    "1e999",
    "99999999999999999999",
    "FF",
    "MM",
    "病",
    "x" * 40,
]


def _typed_rows() -> list[dict[str, Any]]:
    """An update of a text field, an update of a whole number, an insert of a date."""
    return [
        _row(1),
        _row(2, field="heart_rate_per_min", old_value="80", new_value="96"),
        _row(
            3,
            action="insert",
            table_name="participants",
            field="date_of_birth",
            old_value=None,
            new_value="1970-01-01",
        ),
    ]


def test_every_part_of_a_row_gets_the_same_verdict_in_a_clean_batch_and_alone() -> None:
    """Sequence numbers, hashes, times, actions, tables, fields and typed values too: a clean
    batch takes a quicker path for ordinary rows, which must accept no row the full check
    refuses, and refuse each for the same reason."""
    assert _both(_typed_rows(), ascii_only=True) == (None, None)
    differ = []
    for index in range(3):
        for name in sorted(_row(1)):
            for value in PART_VALUES:
                rows = _typed_rows()
                rows[index][name] = value
                alone, batch = _both(rows, ascii_only=False)
                if batch != alone:
                    differ.append((index + 1, name, value, alone, batch))
    assert differ == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(sorted(_row(1))),
            st.one_of(st.sampled_from(PART_VALUES), TEXT),
        ),
        min_size=2,
        max_size=5,
    )
)
def test_rows_with_several_odd_parts_get_the_same_verdict_in_a_batch_and_alone(
    edits: list[tuple[int, str, Any]],
) -> None:
    rows = _typed_rows()
    for index, name, value in edits:
        rows[index][name] = value
    alone, batch = _both(rows, ascii_only=True)
    assert batch == alone
