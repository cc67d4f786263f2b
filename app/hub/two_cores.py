"""Reading a large bundle's audit rows on two cores, for a verdict of "all fit and hash".

Each audit row's schema check and its own hash depend on that row alone (its
``prev_hash`` is in it), so the rows can be checked in two halves at once. A forked
child parses and checks the second half of the JSON-lines text while this process
parses all of it (the rows it returns) and checks the first half; the child answers
with one byte. The answer is only ever "every row fits the schema and hashes to its
``row_hash``"; anything else (a misfit, a mismatch, text that is not clean, a child
that fails or cannot be started) sends the import down the one-core path, which finds
the first problem and says why. So the verdict is the same on one core or two; only
the time differs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from app.hub.continuity import Rejected
from app.hub.schema import check_clean_row, is_clean
from app.store.audit import chain_values, chained_hash
from app.sync.changes import parse_jsonl

# The parent parses every row and checks the rows before the split; the child parses
# and checks the rest. Parsing a row costs about two thirds as much as checking it, so
# the child takes the larger part for both to finish at about the same time.
_PARENT_SHARE = 0.4
# Below this many characters (some five thousand rows) a fork costs more than it saves.
MIN_CHARS = 2_000_000


def all_fit_and_hash(rows: Sequence[Mapping[str, Any]]) -> bool:
    """True if every row passes :func:`schema.check_clean_row` and its
    ``row_hash`` is the hash of its content chained from its own ``prev_hash``."""
    for row in rows:
        try:
            check_clean_row(row)
            if chained_hash(row["prev_hash"], chain_values(row)) != row["row_hash"]:
                return False
        except (Rejected, KeyError):
            return False
    return True


def parse_and_prove(text: str) -> tuple[list[dict[str, Any]], bool]:
    """The rows of ``text`` (:func:`parse_jsonl`, which raises ValueError), and whether
    ``text`` is clean and every row fits and hashes (:func:`all_fit_and_hash`)."""
    if not is_clean(text):
        return parse_jsonl(text), False
    split = text.find("\n", int(len(text) * _PARENT_SHARE)) + 1
    if len(text) < MIN_CHARS or not 0 < split < len(text) or not _can_fork():
        rows = parse_jsonl(text)
        return rows, all_fit_and_hash(rows)
    child = _Checker(text, split)
    try:
        rows = parse_jsonl(text)
        mine = all_fit_and_hash(rows[: text.count("\n", 0, split)])
        return rows, child.answer() and mine
    finally:
        child.reap()


def _can_fork() -> bool:
    # With another thread running, the child could start with a lock that thread held.
    return hasattr(os, "fork") and threading.active_count() == 1


class _Checker:
    """A child process that parses and checks ``text[split:]`` and answers with one byte."""

    def __init__(self, text: str, split: int) -> None:
        read_end, write_end = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:
            self._pid = -1
        if self._pid == 0:  # pragma: no cover - the child: tested by what it answers
            try:
                os.close(read_end)
                try:
                    fits = all_fit_and_hash(parse_jsonl(text[split:]))
                except ValueError:
                    fits = False
                os.write(write_end, b"1" if fits else b"0")
            finally:
                os._exit(0)  # none of the parent's clean-up: its files, connections, handlers
        os.close(write_end)
        self._answer = os.fdopen(read_end, "rb")

    def answer(self) -> bool:
        """The child's verdict: False if it said no, failed or could not be started."""
        return self._pid > 0 and self._answer.read(1) == b"1"

    def reap(self) -> None:
        self._answer.close()
        if self._pid > 0:
            os.waitpid(self._pid, 0)
