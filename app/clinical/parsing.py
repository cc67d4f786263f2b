"""Turning what a form hands over into checked values, or a :class:`ValidationError`.

Numbers are :class:`~decimal.Decimal` throughout :mod:`app.clinical`: entered values keep
the digits the nurse typed and threshold comparisons are exact (``90 / 0.3`` is exactly
300, not 300.00000000000006). Floats are accepted at the edge and converted through their
shortest ``repr``, so ``0.3`` becomes ``Decimal("0.3")``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from app.clinical.errors import ValidationError
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
_ALLOWED_CONTROLS_MULTILINE = frozenset("\n\t")


def _control_character(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first control (or other invisible format) character in ``text``, if any."""
    for char in text:
        if char in allowed:
            continue
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"} and char != "\u200d":
            return char
    return None


def _refuse_controls(text: str, field: str, label: str, allowed: frozenset[str]) -> None:
    char = _control_character(text, allowed)
    if char is not None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing",
                "{label}: remove the invisible control character ({code}); it cannot be saved.",
            ).format(label=label, code=f"U+{ord(char):04X}"),
        )


def _shown(char: str) -> str:
    return QT_TRANSLATE_NOOP("Typing", "a space").format() if char.isspace() else f"“{char}”"


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
    _refuse_controls(raw, field, label, frozenset())
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
                ).format(label=label, char=_shown(char)),
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
            ).format(label=label, char=_shown(char), guess=guess)
        elif char.isdigit():
            message = QT_TRANSLATE_NOOP(
                "Typing", "{label} must be a number: {char} is not one of the digits 0–9."
            ).format(label=label, char=_shown(char))
        else:
            message = QT_TRANSLATE_NOOP(
                "Typing", "{label} must be a number: {char} is not a digit."
            ).format(label=label, char=_shown(char))
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
    _refuse_controls(raw, field, label, frozenset())
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


_DATE_PARTS = re.compile(r"(\d+)\s*([./\-])\s*(\d+)\s*\2\s*(\d+)")
_NAMED_DATE = re.compile(r"(\d{1,2})\s*[ .\-]?\s*([A-Za-z]+)\.?\s*[ .\-,]?\s*(\d{4})")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip
MONTH_NAMES = (
    QT_TRANSLATE_NOOP("Months", "January"), QT_TRANSLATE_NOOP("Months", "February"),
    QT_TRANSLATE_NOOP("Months", "March"), QT_TRANSLATE_NOOP("Months", "April"),
    QT_TRANSLATE_NOOP("Months", "May"), QT_TRANSLATE_NOOP("Months", "June"),
    QT_TRANSLATE_NOOP("Months", "July"), QT_TRANSLATE_NOOP("Months", "August"),
    QT_TRANSLATE_NOOP("Months", "September"), QT_TRANSLATE_NOOP("Months", "October"),
    QT_TRANSLATE_NOOP("Months", "November"), QT_TRANSLATE_NOOP("Months", "December"),
)  # fmt: skip


def _month_of(word: str) -> int | None:
    word = word.lower()
    if len(word) < 3:
        return None
    found = [i + 1 for i, name in enumerate(MONTHS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _calendar_date(field: str, label: str, typed: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing",
                "{label}: {typed} has no month {month}. "
                "The day comes first: 01/03/2026 is 1 March 2026.",
            ).format(label=label, typed=typed, month=month),
        )
    if year < 1:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{label}: {typed} has no year {year}.").format(
                label=label, typed=typed, year=year
            ),
        )
    last = calendar.monthrange(year, month)[1]
    if 1 <= day <= last:
        return date(year, month, day)
    raise ValidationError(
        field,
        QT_TRANSLATE_NOOP(
            "Typing", "{label}: {typed} is not a date: {month} {year} has {last} days."
        ).format(
            label=label, typed=typed, month=MONTH_NAMES[month - 1].format(), year=year, last=last
        ),
    )


def parse_date_text(text: object, field: str, label: str) -> date | None:
    """A calendar date as a ward writes it; blank → None; else ValidationError.

    ``2026-03-01`` (year first), ``01/03/2026``, ``1.3.2026`` and ``1-3-2026`` (day
    first, as written in China and Europe), and ``1 Mar 2026``. The year has four digits;
    an impossible date (31/02/1950) is refused with the reason.
    """
    raw = "" if text is None else str(text)
    _refuse_controls(raw, field, label, frozenset())
    typed = unicodedata.normalize("NFKC", raw).strip()
    if not typed:
        return None
    shape = QT_TRANSLATE_NOOP(
        "Typing", "{label}: write the date as 2026-03-01, 01/03/2026 or 1.3.2026 (day first)."
    ).format(label=label)
    if len(typed) > 32:
        raise ValidationError(field, shape)
    parts = _DATE_PARTS.fullmatch(typed)
    if parts is not None and parts[1].isascii() and parts[3].isascii() and parts[4].isascii():
        first, middle, last = parts[1], parts[3], parts[4]
        if len(first) == 4 and len(last) <= 2:
            return _calendar_date(field, label, typed, int(first), int(middle), int(last))
        if len(last) == 4 and len(first) <= 2 and len(middle) <= 2:
            return _calendar_date(field, label, typed, int(last), int(middle), int(first))
        if len(last) == 2 and len(first) <= 2:
            raise ValidationError(
                field,
                QT_TRANSLATE_NOOP(
                    "Typing",
                    "{label}: write the year with four digits, "
                    "as in 2026-03-01, 01/03/2026 or 1.3.2026 (day first).",
                ).format(label=label),
            )
        raise ValidationError(field, shape)
    named = _NAMED_DATE.fullmatch(typed)
    if named is not None and named[1].isascii() and named[3].isascii():
        month = _month_of(named[2])
        if month is not None:
            return _calendar_date(field, label, typed, int(named[3]), month, int(named[1]))
    raise ValidationError(field, shape)


_TIME_PARTS = re.compile(r"(\d{1,2})\s*[:.hH]\s*(\d{2})|(\d{2})(\d{2})")


def parse_time_text(text: object, field: str, label: str) -> time | None:
    """A ward-clock time, 24-hour: ``14:05``, ``9:30``, ``14.05`` or ``1405``; blank → None."""
    raw = "" if text is None else str(text)
    _refuse_controls(raw, field, label, frozenset())
    typed = unicodedata.normalize("NFKC", raw).strip()
    if not typed:
        return None
    match = _TIME_PARTS.fullmatch(typed) if len(typed) <= 8 and typed.isascii() else None
    if match is None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{label}: write the time as 14:05 (24-hour clock).").format(
                label=label
            ),
        )
    hours, minutes = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), int(match[4]))
    if hours > 23 or minutes > 59:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing", "{label}: {typed} is not a time of day (hours 0–23, minutes 0–59)."
            ).format(label=label, typed=typed),
        )
    return time(hours, minutes)


def parse_local_datetime(day: object, clock: object, field: str, label: str) -> datetime | None:
    """A ward-clock date and time → an aware datetime in this laptop's time zone."""
    on = parse_date_text(day, field, label)
    at = parse_time_text(clock, field, label)
    if on is None and at is None:
        return None
    if on is None or at is None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{label}: give both the date and the time.").format(
                label=label
            ),
        )
    return datetime.combine(on, at).astimezone()


def check_text(
    text: object, field: str, label: str, *, max_chars: int, multiline: bool = False
) -> str:
    """Free text as typed (surrounding blanks dropped), if it can be saved as it is.

    Refused, never cut: more than ``max_chars`` characters, or a control character (a
    newline and a tab only in a multi-line note).
    """
    raw = "" if text is None else str(text)
    _refuse_controls(raw, field, label, _ALLOWED_CONTROLS_MULTILINE if multiline else frozenset())
    typed = raw.strip()
    if len(typed) > max_chars:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP(
                "Typing", "{label}: at most {most} characters; this has {count}."
            ).format(label=label, most=f"{max_chars:,}", count=f"{len(typed):,}"),
        )
    return typed


def parse_code_text(
    text: object, field: str, label: str, *, letter: str, longest: int, rule: str
) -> str | None:
    """A code (initials) typed in capitals or not: the capitals it denotes; blank → None.

    Each character must match ``letter`` (a regular expression for one capital, such as
    ``[A-Z]``) and there are at most ``longest``; ``rule`` says so in one sentence
    ("Initials are 1 to 4 letters A–Z."). Nothing is dropped: a character that does not
    belong refuses the whole code, and the sentence names it.
    """
    typed = check_text(text, field, label, max_chars=max(longest, 64))
    if not typed:
        return None
    code = typed.upper()
    odd = next((c for c in code if re.fullmatch(letter, c) is None), None)
    if odd is not None:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{rule} {char} is not one of them.").format(
                rule=rule, char=_shown(odd).capitalize()
            ),
        )
    if len(code) > longest:
        raise ValidationError(
            field,
            QT_TRANSLATE_NOOP("Typing", "{rule} This has {count}.").format(
                rule=rule, count=len(code)
            ),
        )
    return code
