"""Concomitant medications, including the conventional treatment both arms receive.

A dose is kept as typed beside its unit. :func:`check_conmed` returns one message per
problem and never raises for anything a person can type.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from app.clinical.errors import Message, Severity
from app.sentences import QT_TRANSLATE_NOOP, Template

ROUTES = {
    "oral": QT_TRANSLATE_NOOP("ConMeds", "Oral"),
    "iv": QT_TRANSLATE_NOOP("ConMeds", "Intravenous"),
    "im": QT_TRANSLATE_NOOP("ConMeds", "Intramuscular"),
    "sc": QT_TRANSLATE_NOOP("ConMeds", "Subcutaneous"),
    "inhaled": QT_TRANSLATE_NOOP("ConMeds", "Inhaled"),
    "nasogastric": QT_TRANSLATE_NOOP("ConMeds", "Nasogastric tube"),
    "topical": QT_TRANSLATE_NOOP("ConMeds", "Topical"),
    "rectal": QT_TRANSLATE_NOOP("ConMeds", "Rectal"),
    "other": QT_TRANSLATE_NOOP("ConMeds", "Other"),
}


def route_word(key: str) -> str:
    """The shown word of a route in the installed language (:data:`ROUTES` stays English)."""
    word = ROUTES.get(key)
    if isinstance(word, Template):
        return word.said()
    return key if word is None else word


DOSE_UNITS = ("mg", "g", "µg", "mg/kg", "IU", "mL", "L/min", "puff", "tablet", "drop")
TEXT_MAX = 200
DOSE_MAX = Decimal(100000)


@dataclass(frozen=True)
class ConMedEntry:
    drug: str
    dose: str | None = None
    dose_unit: str | None = None
    route: str | None = None
    frequency: str | None = None
    start_on: date | None = None
    stop_on: date | None = None
    ongoing: bool = False
    indication: str | None = None
    conventional: bool = False
    """Part of the conventional treatment of COVID-19 that both arms receive."""


def _hard(name: str, text: str, code: str) -> Message:
    return Message(name, text, Severity.HARD, code)


def dose_number(text: str | None) -> Decimal | None:
    """The dose as a number (decimal comma accepted), or None when it is not one."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", ".")
    try:
        number = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def check_conmed(entry: ConMedEntry, today: date) -> list[Message]:
    out: list[Message] = []
    texts = {"drug": entry.drug, "frequency": entry.frequency, "indication": entry.indication}
    for name, text in texts.items():
        if text is not None and len(text) > TEXT_MAX:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("ConMeds", "Keep this to {count} characters.").format(
                        count=TEXT_MAX
                    ),
                    "too_long",
                )
            )
    if _blank(entry.drug):
        out.append(
            _hard("drug", QT_TRANSLATE_NOOP("ConMeds", "Name the medication.").said(), "drug_blank")
        )
    if not _blank(entry.dose):
        number = dose_number(entry.dose)
        if number is None:
            out.append(
                _hard(
                    "dose",
                    QT_TRANSLATE_NOOP(
                        "ConMeds", "Type the dose as a number, such as 500 or 0,5."
                    ).said(),
                    "not_a_number",
                )
            )
        elif not Decimal(0) < number <= DOSE_MAX:
            out.append(
                _hard(
                    "dose",
                    QT_TRANSLATE_NOOP(
                        "ConMeds", "The dose must be above 0 and at most 100000."
                    ).said(),
                    "dose_range",
                )
            )
        if _blank(entry.dose_unit):
            out.append(
                _hard(
                    "dose_unit",
                    QT_TRANSLATE_NOOP("ConMeds", "Give the dose's unit.").said(),
                    "unit_blank",
                )
            )
    if not _blank(entry.dose_unit) and entry.dose_unit not in DOSE_UNITS:
        out.append(
            _hard(
                "dose_unit",
                QT_TRANSLATE_NOOP("ConMeds", "Choose a unit from the list.").said(),
                "unknown_unit",
            )
        )
    if entry.route is not None and entry.route not in ROUTES:
        out.append(
            _hard(
                "route",
                QT_TRANSLATE_NOOP("ConMeds", "Choose a route from the list.").said(),
                "unknown_route",
            )
        )
    if entry.start_on is None:
        out.append(
            _hard(
                "start_on",
                QT_TRANSLATE_NOOP("ConMeds", "Record when the medication was started.").said(),
                "start_blank",
            )
        )
    for name, day in {"start_on": entry.start_on, "stop_on": entry.stop_on}.items():
        if day is not None and day > today:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("ConMeds", "This date is in the future: check it.").said(),
                    "future",
                )
            )
    if entry.ongoing and entry.stop_on is not None:
        out.append(
            _hard(
                "stop_on",
                QT_TRANSLATE_NOOP(
                    "ConMeds", "An ongoing medication has no stop date: clear it or untick ongoing."
                ).said(),
                "ongoing_with_stop",
            )
        )
    if entry.start_on is not None and entry.stop_on is not None and entry.stop_on < entry.start_on:
        out.append(
            _hard(
                "stop_on",
                QT_TRANSLATE_NOOP(
                    "ConMeds", "The medication cannot stop before it started: check the dates."
                ).said(),
                "stop_before_start",
            )
        )
    return out
