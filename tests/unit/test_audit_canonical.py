"""The canonical form an audit row is hashed in is exactly compact JSON, whatever it holds.

``row_hash`` encodes a row's values with a JSON encoder made once; the text must be what
``json.dumps`` writes for the same values, so a hash made by any other JSON library that
follows the documented form (compact separators, no ASCII escaping) is the same.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.store.audit import CHAIN_FIELDS, chain_values, chained_hash, row_hash

# Any text but a lone surrogate, which the store refuses before a row is written.
TEXT = st.text(st.characters(exclude_categories=("Cs",)))
VALUE = st.one_of(st.none(), TEXT, st.integers(-(2**70), 2**70))


def _by_the_book(prev_hash: str, values: list[Any]) -> str:
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(bytes.fromhex(prev_hash) + text.encode("utf-8")).hexdigest()


@settings(max_examples=400, deadline=None)
@given(values=st.lists(VALUE, min_size=len(CHAIN_FIELDS), max_size=len(CHAIN_FIELDS)))
def test_a_row_hashes_as_its_values_written_as_compact_json(values: list[Any]) -> None:
    prev = "ab" * 32
    row = dict(zip(CHAIN_FIELDS, values, strict=True))
    expected = _by_the_book(prev, values)
    assert row_hash(prev, row) == expected
    assert chained_hash(prev, chain_values(row)) == expected
    assert chained_hash(prev, values) == expected


def test_quotes_backslashes_controls_and_other_scripts_are_escaped_as_json_escapes_them() -> None:
    values: list[Any] = [
        7,
        'a"b\\c\n\t\x01\x7f',
        "病 😀 ‮",
        None,
        "",
        "=1+1",
        None,
        None,
        None,
        None,
    ]
    assert chained_hash("00" * 32, values) == _by_the_book("00" * 32, values)
    assert chained_hash("00" * 32, tuple(values)) == _by_the_book("00" * 32, values)
