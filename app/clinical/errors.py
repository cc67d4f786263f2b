"""The one exception the clinical rules raise, and the messages validators return.

Every rule in :mod:`app.clinical` refuses bad input by raising :class:`ValidationError`
(and nothing else); validators that check a whole form return :class:`Message` objects
so a form can show each one next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ValidationError(ValueError):
    """Input a clinical rule cannot work with, explained in one sentence.

    ``field`` names the offending input (``"fio2_fraction"``, ``"date_of_birth"``) so a
    form can put the sentence next to it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Severity(StrEnum):
    """How a plausibility message must be handled by the form."""

    HARD = "hard"
    """The value cannot be right: the form refuses to save it."""
    SOFT = "soft"
    """The value is unusual: the form saves it only after the user confirms."""


@dataclass(frozen=True)
class Message:
    """One finding about one field, as a single sentence.

    ``code`` is a stable identifier (``"hard_range"``, ``"soft_range"``,
    ``"not_a_number"``, ``"diastolic_not_below_systolic"``, ...) that a translated UI
    can key on instead of parsing ``text``.
    """

    field: str
    text: str
    severity: Severity
    code: str
