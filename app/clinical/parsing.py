"""Turning what a form hands over into checked values, or a :class:`ValidationError`.

Numbers are :class:`~decimal.Decimal` throughout :mod:`app.clinical`: entered values keep
the digits the nurse typed and threshold comparisons are exact (``90 / 0.3`` is exactly
300, not 300.00000000000006). Floats are accepted at the edge and converted through their
shortest ``repr``, so ``0.3`` becomes ``Decimal("0.3")``.

This module reads numbers: values a form hands over, and numbers and lab values as typed.
Typed dates and times are read by :mod:`app.clinical.parsing_dates`, free text and codes
by :mod:`app.clinical.parsing_text`; their parsers can be imported from here as well.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.clinical.errors import ValidationError
from app.clinical.parsing_dates import MONTH_NAMES as MONTH_NAMES
from app.clinical.parsing_dates import MONTHS as MONTHS
from app.clinical.parsing_dates import parse_date_text as parse_date_text
from app.clinical.parsing_dates import parse_local_datetime as parse_local_datetime
from app.clinical.parsing_dates import parse_time_text as parse_time_text
from app.clinical.parsing_text import check_text as check_text
from app.clinical.parsing_text import parse_code_text as parse_code_text
from app.clinical.parsing_text import refuse_controls, shown_char
from app.sentences import QT_TRANSLATE_NOOP

# No exponents, no thousands separators: "1e3" or "1,000" at the bedside is a typo.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_decimal(value: object, field: str) -> Decimal:
    """Return ``value`` as a finite Decimal, or raise ValidationError naming ``field``.

    Accepts Decimal, int and float, and text with an optional sign and a decimal point
    (full-width digits, as typed with a Chinese input method, are normalised first).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(
            field, QT_TRANSLATE_NOOP("Typing", "{field} must be a number.").format(field=field)
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if "," in text:
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP(
                    "Typing", "{field} must use a decimal point, not a comma."
                ).format(field=field),
            )
        if not _NUMBER.fullmatch(text):
            raise ValidationError(
                field, QT_TRANSLATE_NOOP("Typing", "{field} must be a number.").format(field=field)
            )
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                field, QT_TRANSLATE_NOOP("Typing", "{field} must be a number.").format(field=field)
            ) from None
    else:
        raise ValidationError(
            field, QT_TRANSLATE_NOOP("Typing", "{field} must be a number.").format(field=field)
        )
    if not number.is_finite():
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be a finite number.").format(field=field),
        )
    return number


def parse_decimal_in(value: object, field: str, low: Decimal, high: Decimal) -> Decimal:
    """Like :func:`parse_decimal`, and also refuse values outside ``low..high``."""
    number = parse_decimal(value, field)
    if not low <= number <= high:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be between {low} and {high}.").format(
                field=field, low=format_number(low), high=format_number(high)
            ),
        )
    return number


def optional_decimal(value: object, field: str) -> Decimal | None:
    """None stays None (not entered); anything else must be a finite number."""
    return None if value is None else parse_decimal(value, field)


def require_int(value: object, field: str, low: int, high: int) -> int:
    """Return ``value`` if it is a whole number (not a bool) in ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be a whole number.").format(field=field),
        )
    if not low <= value <= high:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be between {low} and {high}.").format(
                field=field, low=low, high=high
            ),
        )
    return value


def optional_int(value: object, field: str, low: int, high: int) -> int | None:
    """None stays None; anything else must be a whole number in ``low..high``."""
    return None if value is None else require_int(value, field, low, high)


def require_date(value: object, field: str) -> date:
    """Return ``value`` if it is a calendar date (a datetime is refused: pass ``.date()``)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be a calendar date.").format(field=field),
        )
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
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must be a date and time.").format(field=field),
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{field} must carry a time zone.").format(field=field),
        )
    return value


def optional_bool(value: object, field: str) -> bool | None:
    """None (not answered) or a real bool; anything else is refused."""
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError(
        field,
        QT_TRANSLATE_NOOP("Typing", "{field} must be yes, no or not answered.").format(field=field),
    )


def format_number(value: Decimal) -> str:
    """Plain notation without exponent or trailing zeros: ``Decimal("300.0")`` -> ``"300"``."""
    if value.is_finite() and not -12 <= value.adjusted() <= 12:
        return f"{value:.6E}"
    text = f"{value.normalize():f}"
    return "0" if text in {"-0", "+0"} else text


# -- what a person typed into a field ----------------------------------------------------
#
# Each parser takes the text exactly as typed and returns what it denotes, or raises a
# ValidationError whose message is one sentence for the nurse. None means blank. Nothing
# is ever guessed: a letter, a stray sign or a second separator refuses the whole entry,
# because dropping it would save another number (``1OO`` is not 1, ``-5`` is not 5).

MAX_NUMBER_CHARS = 16
"""The longest number a field takes (the shortest number column in the models)."""

_DIGITS = frozenset("0123456789")
_SEPARATORS = frozenset(".,")
_SIGNS = {"-": "-", "+": "+", "\u2212": "-"}  # U+2212 is the minus sign of word processors
_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"}


def parse_number_text(
    text: object,
    field: str,
    label: str,
    *,
    signed: bool = False,
    places: int | None = None,
    max_chars: int = MAX_NUMBER_CHARS,
) -> Decimal | None:
    """The number typed in a field, as a Decimal with the digits typed; blank → None.

    Accepts digits with one decimal separator, a point or a comma (``38,5`` is 38.5), and
    full-width digits. A sign is accepted only when ``signed`` (base excess); ``places``
    limits the decimals (0: a whole number). Anything else raises ValidationError with
    one sentence naming ``label``: nothing typed is dropped or guessed.
    """
    raw = "" if text is None else str(text)
    refuse_controls(raw, field, label, frozenset())
    typed = unicodedata.normalize("NFKC", raw).strip()
    if not typed:
        return None
    if len(typed) > max_chars:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing", "{label}: a number has at most {most} characters; this has {count}."
            ).format(label=label, most=max_chars, count=len(typed)),
        )
    sign = ""
    body = typed
    if typed[0] in _SIGNS:
        sign, body = _SIGNS[typed[0]], typed[1:]
        if not signed and sign == "-":
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP(
                    "Typing", "{label} cannot be negative: type it without the minus sign."
                ).format(label=label),
            )
        if not signed:
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP(
                    "Typing", "{label}: type the number without the plus sign."
                ).format(label=label),
            )
    for char in body:
        if char in _DIGITS or char in _SEPARATORS:
            continue
        if char in _SIGNS:
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP(
                    "Typing", "{label}: a sign can only stand in front of the number."
                ).format(label=label)
                if signed
                else QT_TRANSLATE_NOOP(
                    "Typing", "{label} cannot be negative: remove the {char}."
                ).format(label=label, char=shown_char(char)),
            )  # fmt: skip
        if char.isspace():
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP("Typing", "{label}: remove the space inside the number.").format(
                    label=label
                ),
            )
        guess = _LOOKALIKES.get(char)
        if guess:
            message = QT_TRANSLATE_NOOP(
                "Typing",
                "{label} must be a number: {char} is not a digit. Did you mean the digit {guess}?",
            ).format(label=label, char=shown_char(char), guess=guess)
        elif char.isdigit():
            message = QT_TRANSLATE_NOOP(
                "Typing", "{label} must be a number: {char} is not one of the digits 0–9."
            ).format(label=label, char=shown_char(char))
        else:
            message = QT_TRANSLATE_NOOP(
                "Typing", "{label} must be a number: {char} is not a digit."
            ).format(label=label, char=shown_char(char))
        raise ValidationError(field, message)
    separators = [c for c in body if c in _SEPARATORS]
    if len(separators) > 1:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing", "{label}: use one decimal separator only, as in 38.5 or 38,5."
            ).format(label=label),
        )
    whole, _sep, fraction = body.replace(",", ".").partition(".")
    if not whole and not fraction:
        raise ValidationError(
            field, QT_TRANSLATE_NOOP("Typing", "{label} must be a number.").format(label=label)
        )
    if places is not None and len(fraction) > places:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{label} is a whole number.").format(label=label)
            if places == 0
            else QT_TRANSLATE_NOOP(
                "Typing", "{label} takes at most one decimal place."
            ).format(label=label)
            if places == 1
            else QT_TRANSLATE_NOOP(
                "Typing", "{label} takes at most {places} decimal places."
            ).format(label=label, places=places),
        )  # fmt: skip
    digits = (whole or "0") + (f".{fraction}" if fraction else "")
    return Decimal(sign + digits)


def number_text(value: Decimal) -> str:
    """A Decimal as plain text with the digits it was typed with: ``38.50`` stays ``38.50``."""
    return f"{value:f}"


def parse_lab_value_text(
    text: object, field: str, label: str, *, max_chars: int = MAX_NUMBER_CHARS
) -> tuple[str, Decimal] | None:
    """A lab value as reported: a number, optionally after ``<`` or ``>``; blank → None."""
    raw = "" if text is None else str(text)
    refuse_controls(raw, field, label, frozenset())
    typed = unicodedata.normalize("NFKC", raw).strip()
    if not typed:
        return None
    qualifier = typed[0] if typed[0] in "<>" else ""
    rest = typed[1:].lstrip() if qualifier else typed
    if not rest:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{label}: give the number after “{qualifier}”.").format(
                label=label, qualifier=qualifier
            ),
        )
    number = parse_number_text(rest, field, label, max_chars=max_chars)
    assert number is not None
    return qualifier, number
