"""Reading small files that a hostile hand may have written: size, depth and values bounded.

The key slot file, the audit anchor, the login back-off file and a backup's manifest are
all read through these before anything in them is trusted: a file that is too large,
nested too deep, holds NaN or a huge integer, or a value out of its range is
:class:`SlotFileDamaged`, turned into one sentence by whoever reads it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from app.sentences import QT_TRANSLATE_NOOP

MAX_NAME_CHARS = 256


class SlotFileDamaged(ValueError):
    """The slot file is not one Bedside wrote; turned into :data:`DAMAGED` by the loader."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes:
    if type(text) is not str:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "expected base64 text").said())
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if length is not None and len(raw) != length:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "wrong length").said())
    return raw


def bounded_int(value: Any, low: int, high: int) -> int:
    """``value`` if it is a true int (not a bool or float) within ``low``–``high``."""
    if type(value) is not int or not low <= value <= high:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "number out of range").said())
    return value


def bounded_text(value: Any, max_chars: int = MAX_NAME_CHARS) -> str:
    if type(value) is not str or not 0 < len(value) <= max_chars:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad text").said())
    return value


def _object(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "expected an object").said())
    return value


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")


def check_json_depth(raw: bytes, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` without recursing (``json`` would)."""
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b'""', raw))
    depth = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > limit:
                raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "nested too deeply").said())
        else:
            depth -= 1


def _refuse_constant(name: str) -> Any:
    raise SlotFileDamaged(
        QT_TRANSLATE_NOOP("Store", "{name} is not a number Bedside writes").format(name=name)
    )


def _short_int(text: str) -> int:
    if len(text) > 20:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "number too long").said())
    return int(text)


def parse_bounded_json(raw: bytes, max_bytes: int, max_depth: int) -> Any:
    """JSON from a file Bedside wrote, refused if it is too big, too deep or has odd numbers.

    Floats, NaN and infinities never appear in these files; an integer longer than
    20 digits is refused before Python converts it.
    """
    if len(raw) > max_bytes:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "too large").said())
    check_json_depth(raw, max_depth)
    try:
        return json.loads(
            raw.decode("utf-8"),
            parse_float=lambda _text: _refuse_constant("a fraction"),
            parse_int=_short_int,
            parse_constant=_refuse_constant,
        )
    except RecursionError:
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "nested too deeply").said()) from None


def read_capped(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a regular file; anything larger or odd is damaged.

    Opened non-blocking so a FIFO put in the file's place cannot hang the app.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "not a regular file").said())
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(65536, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "too large").said())
        return b"".join(chunks)
    finally:
        os.close(fd)
