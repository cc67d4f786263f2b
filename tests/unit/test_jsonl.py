"""Strict JSON lines, as bundles carry their audit rows and seals: one object per line."""

from __future__ import annotations

import pytest

from app.sync.changes import parse_jsonl


def test_each_line_is_one_object_in_order() -> None:
    text = '{"seq":1,"v":"病 😀"}\n{"seq":2,"v":null}\n{}\n'
    assert parse_jsonl(text) == [{"seq": 1, "v": "病 😀"}, {"seq": 2, "v": None}, {}]
    assert parse_jsonl(text.encode("utf-8")) == parse_jsonl(text)
    assert parse_jsonl("") == []


@pytest.mark.parametrize(
    "text",
    [
        '{"a":1}{"b":2}\n',  # two objects on one line
        '{"a":1} {"b":2}\n',
        '{"a":\n1}\n',  # one object over two lines
        '{"a":[1\n,2]}\n{"c":3}\n',
        '{"a":1}',  # no newline after the last line
        '{"a":1}\n\n',  # an empty line
        ' {"a":1}\n',  # space before the object
        '{"a":1} \n',  # space after it
        "[1,2]\n",  # not an object
        '"text"\n',
        "7\n",
        "null\n",
        '{"a":1,}\n',  # not JSON
        "{'a':1}\n",
        '{"a":NaN}\n',  # Python reads these, JSON has none of them
        '{"a":-Infinity}\n',
        '{"a":1}\n{"b":1}\n{"c":\n',
        '{"a":"tab\tinside"}\n',  # a raw control character inside a string
        '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n",  # nested too deeply
    ],
)
def test_anything_but_one_object_per_line_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"JSON|Expecting|Invalid"):
        parse_jsonl(text)


def test_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(ValueError, match="utf-8"):
        parse_jsonl(b'{"a":"\xff"}\n')
