"""Turning what a form hands over into checked values, or a :class:`ValidationError`.

Numbers are :class:`~decimal.Decimal` throughout :mod:`app.clinical`: entered values keep
the digits the nurse typed and threshold comparisons are exact (``90 / 0.3`` is exactly
300, not 300.00000000000006). Floats are accepted at the edge and converted through their
shortest ``repr``, so ``0.3`` becomes ``Decimal("0.3")``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.clinical.errors import ValidationError

# No exponents, no thousands separators: "1e3" or "1,000" at the bedside is a typo.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_decimal(value: object, field: str) -> Decimal:
    """Return ``value`` as a finite Decimal, or raise ValidationError naming ``field``.

    Accepts Decimal, int and float, and text with an optional sign and a decimal point
    (full-width digits, as typed with a Chinese input method, are normalised first).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(field, f"{field} must be a number.")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if "," in text:
            raise ValidationError(field, f"{field} must use a decimal point, not a comma.")
        if not _NUMBER.fullmatch(text):
            raise ValidationError(field, f"{field} must be a number.")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(field, f"{field} must be a number.") from None
    else:
        raise ValidationError(field, f"{field} must be a number.")
    if not number.is_finite():
        raise ValidationError(field, f"{field} must be a finite number.")
    return number


def parse_decimal_in(value: object, field: str, low: Decimal, high: Decimal) -> Decimal:
    """Like :func:`parse_decimal`, and also refuse values outside ``low..high``."""
    number = parse_decimal(value, field)
    if not low <= number <= high:
        raise ValidationError(
            field, f"{field} must be between {format_number(low)} and {format_number(high)}."
        )
    return number


def optional_decimal(value: object, field: str) -> Decimal | None:
    """None stays None (not entered); anything else must be a finite number."""
    return None if value is None else parse_decimal(value, field)


def require_int(value: object, field: str, low: int, high: int) -> int:
    """Return ``value`` if it is a whole number (not a bool) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"{field} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(field, f"{field} must be between {low} and {high}.")
    return value


def optional_int(value: object, field: str, low: int, high: int) -> int | None:
    """None stays None; anything else must be a whole number in ``low..high``."""
    return None if value is None else require_int(value, field, low, high)


def require_date(value: object, field: str) -> date:
    """Return ``value`` if it is a calendar date (a datetime is refused: pass ``.date()``)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(field, f"{field} must be a calendar date.")
    return value


def optional_date(value: object, field: str) -> date | None:
    """None stays None; anything else must be a calendar date."""
    return None if value is None else require_date(value, field)


def require_datetime(value: object, field: str) -> datetime:
    """Return ``value`` if it is a datetime carrying a time zone.

    Naive times are refused because comparing a local ward clock with a UTC timestamp
    would silently shift a blood gas by hours.
    """
    if not isinstance(value, datetime):
        raise ValidationError(field, f"{field} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, f"{field} must carry a time zone.")
    return value


def optional_bool(value: object, field: str) -> bool | None:
    """None (not answered) or a real bool; anything else is refused."""
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError(field, f"{field} must be yes, no or not answered.")


def format_number(value: Decimal) -> str:
    """Plain notation without exponent or trailing zeros: ``Decimal("300.0")`` -> ``"300"``."""
    if value.is_finite() and not -12 <= value.adjusted() <= 12:
        return f"{value:.6E}"
    text = f"{value.normalize():f}"
    return "0" if text in {"-0", "+0"} else text
