"""What the screening form hands over, and its checks.

:func:`check_screening` returns every message about a screening entry (initials, sex,
date of birth or age, weight, height, admission date) and never raises; the screening
log (:mod:`app.services.screening`) refuses an entry with a hard one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.clinical.errors import Message, Severity
from app.clinical.plausibility import check_value
from app.protocol import Protocol
from app.sentences import QT_TRANSLATE_NOOP
from app.services.day_checks import day_message

SEXES = {"F": "Female", "M": "Male"}
MAX_AGE_YEARS = 130
_INITIALS = re.compile(r"[A-Z]{1,4}")
_NUMBER_TEXT_MAX = 12


@dataclass(frozen=True)
class ScreeningEntry:
    """What the screening form hands over; numbers as typed (text)."""

    initials: str
    sex: str
    date_of_birth: date | None = None
    age_years: str | None = None
    """Only when the date of birth is unknown."""
    weight_kg: str | None = None
    height_cm: str | None = None
    admission_date: date | None = None


def _hard(field: str, text: str, code: str) -> Message:
    return Message(field, text, Severity.HARD, code)


def _blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def _number(field: str, text: str | None, protocol: Protocol, label: str) -> list[Message]:
    if _blank(text):
        return [
            Message(
                field,
                QT_TRANSLATE_NOOP("Screening", "Enter the {label}.").format(label=label),
                Severity.HARD,
                "required",
            )
        ]
    if len(str(text).strip()) > _NUMBER_TEXT_MAX:
        return [
            Message(
                field,
                QT_TRANSLATE_NOOP("Screening", "The {label} is too long to be a number.").format(
                    label=label
                ),
                Severity.HARD,
                "long",
            )
        ]
    return list(check_value(field, str(text).strip(), protocol.plausibility))


def check_screening(protocol: Protocol, entry: ScreeningEntry, *, today: date) -> list[Message]:
    """Every message about a screening entry (hard ones refuse it); never raises."""
    out: list[Message] = []
    initials = (entry.initials or "").strip().upper()
    if not _INITIALS.fullmatch(initials):
        out.append(
            _hard(
                "initials",
                QT_TRANSLATE_NOOP("Screening", "Initials are 1 to 4 letters (A–Z).").said(),
                "initials",
            )
        )
    if entry.sex not in SEXES:
        out.append(
            _hard(
                "sex",
                QT_TRANSLATE_NOOP("Screening", "Choose the sex: female or male.").said(),
                "required",
            )
        )
    born, age_text = entry.date_of_birth, (entry.age_years or "").strip()
    if born is None and not age_text:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "Enter the date of birth, or the age in years if the date is not known.",
                ).said(),
                "required",
            )
        )
    elif born is not None and age_text:
        out.append(
            _hard(
                "age_years",
                QT_TRANSLATE_NOOP(
                    "Screening", "Give the date of birth or the age, not both: leave the age blank."
                ).said(),
                "both",
            )
        )
    elif born is not None:
        if born > today:
            out.append(
                _hard(
                    "date_of_birth",
                    QT_TRANSLATE_NOOP("Screening", "The date of birth is in the future.").said(),
                    "future",
                )
            )
        elif today.year - born.year > MAX_AGE_YEARS:
            out.append(
                _hard(
                    "date_of_birth",
                    QT_TRANSLATE_NOOP(
                        "Screening", "The date of birth gives an age above {max}."
                    ).format(max=MAX_AGE_YEARS),
                    "too_old",
                )
            )
    elif not (age_text.isascii() and age_text.isdigit()) or int(age_text) > MAX_AGE_YEARS:
        out.append(
            _hard(
                "age_years",
                QT_TRANSLATE_NOOP(
                    "Screening", "The age is a whole number of years from 0 to {max}."
                ).format(max=MAX_AGE_YEARS),
                "age",
            )
        )
    out += _number(
        "weight_kg",
        entry.weight_kg,
        protocol,
        QT_TRANSLATE_NOOP("Screening", "body weight in kg").said(),
    )
    if not _blank(entry.height_cm):
        out += _number(
            "height_cm",
            entry.height_cm,
            protocol,
            QT_TRANSLATE_NOOP("Screening", "height in cm").said(),
        )
    admitted = entry.admission_date
    missing = QT_TRANSLATE_NOOP("Screening", "Enter the admission date.").said()
    future = QT_TRANSLATE_NOOP("Screening", "The admission date is in the future.").said()
    found = day_message("admission_date", admitted, today, missing=missing, future=future)
    if found is not None:
        out.append(found)
    elif admitted is not None and born is not None and born <= today and admitted < born:
        out.append(
            _hard(
                "admission_date",
                QT_TRANSLATE_NOOP(
                    "Screening", "The admission date is before the date of birth."
                ).said(),
                "before_birth",
            )
        )
    return out
