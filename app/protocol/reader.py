"""Strict, path-aware reading of a parsed TOML document.

Every getter names the full key path in its error (``visits[2].window_after_days``), and
:meth:`Table.done` refuses keys nobody asked for, so a typo in the file is an error
rather than a silently ignored setting.
"""

from __future__ import annotations

import re
from decimal import Decimal


class ProtocolError(Exception):
    """A protocol file that cannot be used, explained in one sentence.

    ``key_path`` is the offending key (``"thresholds.spo2_max_percent"``), or None when
    the file as a whole is at fault (missing, not TOML).
    """

    def __init__(self, message: str, key_path: str | None = None) -> None:
        super().__init__(message)
        self.key_path = key_path


def _fail(path: str, problem: str) -> ProtocolError:
    return ProtocolError(f"{path} {problem}.", path)


class Table:
    """A TOML table being read, remembering its key path and which keys were read."""

    def __init__(self, data: dict[str, object], path: str) -> None:
        self._data = data
        self.path = path
        self._read: set[str] = set()

    def key_path(self, key: str) -> str:
        """Full dotted path of ``key`` inside this table."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        """Whether the key is present (it still has to be read to count as known)."""
        return key in self._data

    def _get(self, key: str) -> object:
        self._read.add(key)
        if key not in self._data:
            raise _fail(self.key_path(key), "is missing")
        return self._data[key]

    def text(
        self, key: str, pattern: str | None = None, hint: str = "", *, allow_empty: bool = False
    ) -> str:
        """A non-blank string (or any string if ``allow_empty``), matching ``pattern`` in full."""
        value = self._get(key)
        if not isinstance(value, str):
            raise _fail(self.key_path(key), "must be text")
        if not allow_empty and not value.strip():
            raise _fail(self.key_path(key), "must be non-empty text")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise _fail(self.key_path(key), f"must look like {hint or pattern}")
        return value

    def optional_text(self, key: str, pattern: str | None = None, hint: str = "") -> str | None:
        """Like :meth:`text`, or None when the key is absent."""
        self._read.add(key)
        return self.text(key, pattern, hint) if key in self._data else None

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        """A string that is one of ``allowed``."""
        value = self._get(key)
        if not isinstance(value, str) or value not in allowed:
            raise _fail(self.key_path(key), f"must be one of {', '.join(allowed)}")
        return value

    def flag(self, key: str) -> bool:
        """A TOML boolean."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise _fail(self.key_path(key), "must be true or false")
        return value

    def optional_flag(self, key: str) -> bool | None:
        """Like :meth:`flag`, or None when the key is absent."""
        self._read.add(key)
        return self.flag(key) if key in self._data else None

    def whole(self, key: str, low: int, high: int) -> int:
        """An integer in ``low..high``."""
        return check_whole(self._get(key), self.key_path(key), low, high)

    def optional_whole(self, key: str, low: int, high: int) -> int | None:
        """Like :meth:`whole`, or None when the key is absent."""
        self._read.add(key)
        return self.whole(key, low, high) if key in self._data else None

    def number(self, key: str, low: Decimal | int, high: Decimal | int) -> Decimal:
        """An integer or float in ``low..high``, as an exact Decimal."""
        return check_number(self._get(key), self.key_path(key), Decimal(low), Decimal(high))

    def optional_number(self, key: str, low: Decimal | int, high: Decimal | int) -> Decimal | None:
        """Like :meth:`number`, or None when the key is absent."""
        self._read.add(key)
        return self.number(key, low, high) if key in self._data else None

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of non-blank strings (may be empty)."""
        value = self._get(key)
        path = self.key_path(key)
        if not isinstance(value, list):
            raise _fail(path, "must be a list of text")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise _fail(f"{path}[{i}]", "must be non-empty text")
        return tuple(str(item) for item in value)

    def array(self, key: str) -> list[object]:
        """A TOML array, items unchecked (the caller checks them by index)."""
        value = self._get(key)
        if not isinstance(value, list):
            raise _fail(self.key_path(key), "must be a list")
        return list(value)

    def table(self, key: str) -> Table:
        """A sub-table."""
        value = self._get(key)
        if not isinstance(value, dict):
            raise _fail(self.key_path(key), "must be a table")
        return Table(value, self.key_path(key))

    def tables(self, key: str, minimum: int = 1) -> list[Table]:
        """An array of tables (``[[key]]``) with at least ``minimum`` entries."""
        value = self._get(key)
        path = self.key_path(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _fail(path, "must be a list of tables")
        if len(value) < minimum:
            raise _fail(path, f"must have at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        return [Table(v, f"{path}[{i}]") for i, v in enumerate(value)]

    def done(self) -> None:
        """Refuse any key that was never read: it is a typo or an unsupported setting."""
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise _fail(self.key_path(unknown[0]), "is not a known key")


def check_whole(value: object, path: str, low: int, high: int) -> int:
    """``value`` if it is an integer (not a bool) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(path, f"must be a whole number between {low} and {high}")
    return value


def check_number(value: object, path: str, low: Decimal, high: Decimal) -> Decimal:
    """``value`` as a Decimal if it is a finite number (not a bool) in ``low..high``."""
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    if number is None or not number.is_finite() or not low <= number <= high:
        raise _fail(
            path, f"must be a number between {format_number(low)} and {format_number(high)}"
        )
    return number


def format_number(value: Decimal) -> str:
    """Plain notation for a limit in a message: ``Decimal("100.0")`` -> ``"100"``."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def fail(path: str, problem: str) -> ProtocolError:
    """A ProtocolError for a rule that spans keys ("must be above ...", "repeats ...")."""
    return _fail(path, problem)
