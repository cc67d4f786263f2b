"""The check every form makes of a day it asks for: given, and not after today."""

from __future__ import annotations

from datetime import date

from app.clinical.errors import Message, Severity


def day_message(
    field: str, day: date | None, today: date, *, missing: str, future: str
) -> Message | None:
    """A hard message saying ``missing`` for no day, or ``future`` for a day after
    ``today``; None for a day that can stand."""
    if day is None:
        return Message(field, missing, Severity.HARD, "required")
    if day > today:
        return Message(field, future, Severity.HARD, "future")
    return None
