"""The checks every observation form shares: a typed number, a date or time that is
not in the future, and the visit the values belong to with its window.

Each returns :class:`~app.clinical.errors.Message` objects and never raises for
anything a person can type; :mod:`app.services.observation_checks` builds each form's
check from them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from app.clinical.errors import Message, Severity
from app.clinical.parsing import format_number
from app.clinical.visits import window_message
from app.protocol import Protocol
from app.sentences import QT_TRANSLATE_NOOP
from app.services.observation_entries import UNSCHEDULED
from app.timeutil import utc_now

CLOCK_DRIFT = timedelta(minutes=5)

_SAY = {
    "not_a_number": QT_TRANSLATE_NOOP("Observations", "{label} must be a number."),
    "range": QT_TRANSLATE_NOOP("Observations", "{label} must be between {limits}."),
    "naive_time": QT_TRANSLATE_NOOP("Observations", "The time needs a time zone."),
    "future_time": QT_TRANSLATE_NOOP(
        "Observations", "This time is in the future: check the date and time."
    ),
    "future_date": QT_TRANSLATE_NOOP("Observations", "This date is in the future: check it."),
    "not_a_date": QT_TRANSLATE_NOOP("Observations", "Enter a date."),
    "visit": QT_TRANSLATE_NOOP("Observations", "Choose the visit these values belong to."),
}


def hard(field: str, text: str, code: str) -> Message:
    return Message(field, text, Severity.HARD, code)


def blank(value: str | None) -> bool:
    return value is None or not value.strip()


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_LAB_VALUE = re.compile(r"([<>]?)\s*(\d+(?:\.\d*)?|\.\d+)")


def _decimal(text: str | None) -> Decimal | None:
    """The number typed, or None if it is not a plain number (or too long to be one)."""
    plain = unicodedata.normalize("NFKC", text or "").strip()
    if len(plain) > 32 or not _NUMBER.fullmatch(plain):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def lab_number(text: str | None) -> tuple[str, Decimal] | None:
    """``("<", Decimal("0.05"))`` for ``"<0.05"``; None if it is not a lab value."""
    plain = unicodedata.normalize("NFKC", text or "").strip()
    match = _LAB_VALUE.fullmatch(plain) if len(plain) <= 32 else None
    return None if match is None else (match.group(1), Decimal(match.group(2)))


def number_in(
    field: str, text: str | None, label: str, low: Decimal, high: Decimal, unit: str
) -> list[Message]:
    """A hard message unless ``text`` is a number within ``low..high``."""
    number = _decimal(text)
    if number is None:
        return [hard(field, _SAY["not_a_number"].format(label=label), "not_a_number")]
    if not low <= number <= high:
        limits = f"{format_number(low)}–{format_number(high)} {unit}".rstrip()
        return [hard(field, _SAY["range"].format(label=label, limits=limits), "range")]
    return []


def not_in_future(field: str, value: object, now: datetime | None = None) -> list[Message]:
    """A hard message for a missing, zone-less or future date or time."""
    moment = now or utc_now()
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return [hard(field, _SAY["naive_time"].said(), "naive_time")]
        if value > moment + CLOCK_DRIFT:
            return [hard(field, _SAY["future_time"].said(), "future")]
    elif isinstance(value, date):
        if value > moment.astimezone().date():
            return [hard(field, _SAY["future_date"].said(), "future")]
    elif value is not None:
        return [hard(field, _SAY["not_a_date"].said(), "not_a_date")]
    return []


def visit_codes(protocol: Protocol) -> tuple[str, ...]:
    """The visit codes a form may use: the protocol's visits, then unscheduled."""
    return (*(v.code for v in protocol.visits), UNSCHEDULED)


def visit_messages(code: str, protocol: Protocol) -> list[Message]:
    """A hard message unless ``code`` is one of the visits a form may use."""
    if code in visit_codes(protocol):
        return []
    return [hard("visit_code", _SAY["visit"].said(), "unknown_visit")]


def in_window(
    protocol: Protocol, day0: date | None, code: str, when: object, field: str
) -> list[Message]:
    """A soft message when ``when`` (a date, or an instant on the ward's clock) falls
    outside the window of visit ``code``; nothing without day 0 or a usable date."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            return []
        day = when.astimezone().date()
    elif isinstance(when, date):
        day = when
    else:
        return []
    found = window_message(day0, protocol.visits, code, day, field)
    return [] if found is None else [found]
