"""A large batch of audit rows is read on two cores with the verdict of one.

``parse_and_prove`` says yes only when every row fits the schema and hashes to its own
``row_hash``; the import then skips the one-core checks. A bad row anywhere, in the part
this process checks, the part the child checks, or at the seam, must make it say no.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import pytest

from app.hub import two_cores
from app.store.audit import chain_values, chained_hash, genesis_hash
from app.sync.bundle_types import sha256_and_blake2b
from app.sync.changes import parse_jsonl

RECORD = "0c2d8a3e-1111-2222-3333-444455556666"


def _chain(count: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    prev = genesis_hash("store")
    for seq in range(1, count + 1):
        row: dict[str, Any] = {
            "seq": seq,
            "at_utc": "2026-12-05T06:00:00.000001Z",
            "user_name": "nurse",
            "action": "update",
            "table_name": "vital_signs",
            "record_id": RECORD,
            "field": "heart_rate_per_min",
            "old_value": str(60 + seq % 40),
            "new_value": str(61 + seq % 40),
            "reason": "病 corrected 😀",
        }
        row["prev_hash"] = prev
        row["row_hash"] = prev = chained_hash(prev, chain_values(row))
        rows.append(row)
    return rows


def _text(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)


def _children() -> set[str]:
    """This process's child processes, running or not yet reaped (Linux)."""
    tasks = os.listdir("/proc/self/task")
    return {pid for tid in tasks for pid in open(f"/proc/self/task/{tid}/children").read().split()}


@pytest.fixture(autouse=True)
def _no_child_left() -> Any:
    """Every child the check starts is gone (reaped) when it returns, whatever it found."""
    before = _children()
    yield
    assert _children() == before


BIG = 7_000


def test_a_large_clean_batch_is_proven_with_the_rows_parsed_as_one_core_parses_them() -> None:
    text = _text(_chain(BIG))
    assert len(text) > two_cores.MIN_CHARS  # the two-core path
    rows, proven = two_cores.parse_and_prove(text)
    assert proven is True
    assert rows == parse_jsonl(text)


@pytest.mark.parametrize("at", [0, 1_000, 2_799, 2_800, 2_801, 4_000, BIG - 1])
@pytest.mark.parametrize(
    "defect",
    [
        {"new_value": "61.5"},  # not a whole number: a misfit
        {"reason": "corrected"},  # content changed after hashing
        {"row_hash": "0" * 64},  # a hash that is not this row's
        {"action": "wipe"},  # an action that is not a change to a record
        {"user_name": ""},
    ],
)
def test_one_bad_row_anywhere_makes_a_large_batch_unproven(at: int, defect: dict[str, Any]) -> None:
    rows = _chain(BIG)
    rows[at].update(defect)
    text = _text(rows)
    parsed, proven = two_cores.parse_and_prove(text)
    assert proven is False
    assert parsed == parse_jsonl(text)
    assert two_cores.all_fit_and_hash(parsed) is False


def test_a_small_batch_gets_the_same_verdicts_on_one_core() -> None:
    rows = _chain(50)
    assert two_cores.parse_and_prove(_text(rows))[1] is True
    rows[20]["new_value"] = "61.5"
    assert two_cores.parse_and_prove(_text(rows))[1] is False


def test_text_that_could_hold_a_control_character_goes_the_one_core_way() -> None:
    rows = _chain(BIG)
    rows[10]["reason"] = "tab\there"  # written as \t: fine, but the text is not clean
    text = "".join(json.dumps(r) + "\n" for r in rows)
    assert "\\t" in text
    parsed, proven = two_cores.parse_and_prove(text)
    assert proven is False and len(parsed) == BIG


@pytest.mark.parametrize("at", [10, 5_000])
def test_text_that_is_not_json_lines_is_refused_and_no_child_is_left(at: int) -> None:
    lines = _text(_chain(BIG)).split("\n")
    lines[at] = lines[at][:-1]  # an object cut short
    with pytest.raises(ValueError, match=r"JSON|Expecting|Unterminated"):
        two_cores.parse_and_prove("\n".join(lines))


def test_only_a_large_batch_is_split_with_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    assert two_cores.parse_and_prove(_text(_chain(50)))[1] is True
    assert forks == []
    assert two_cores.parse_and_prove(_text(_chain(BIG)))[1] is True
    assert forks == [1]


@pytest.mark.parametrize("size", [0, 1_000, 4_000_000, 9_000_001])
def test_a_bundle_files_two_digests_are_its_own_whichever_way_they_are_taken(size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert sha256_and_blake2b(data) == (
        hashlib.sha256(data).hexdigest(),
        hashlib.blake2b(data, digest_size=64).digest(),
    )
