"""Dates and times as a ward writes them, read from what a person typed into a field.

Blank is None; anything else is the date or time it denotes, or a ValidationError with
one sentence for the nurse saying why not. Nothing is guessed: the day comes first, the
year has four digits, and the clock has 24 hours.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time

from app.clinical.errors import ValidationError
from app.clinical.parsing_text import refuse_controls
from app.sentences import QT_TRANSLATE_NOOP

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
    refuse_controls(raw, field, label, frozenset())
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
    refuse_controls(raw, field, label, frozenset())
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
