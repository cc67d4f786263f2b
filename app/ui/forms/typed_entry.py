"""A form's dates as typed, and its own refusals before the service's checks.

The screening form and the eligibility checklist read their date fields the same way:
each typed text becomes a day, or a sentence in red under the field, named with the
field's label in the person's language. The service's checks then speak only of the
fields whose typing was understood, so a field never shows two messages at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication

from app.clinical.errors import Message, ValidationError
from app.ui.forms import hard, parse_date_text


def read_dates(
    text_of: Callable[[str], str],
    labels: Mapping[str, object],
    context: str,
    problems: list[Message],
) -> dict[str, date | None]:
    """Each date field's day (None when blank or refused; a refusal joins ``problems``).

    ``labels`` maps a field's name to its English label, marked for translation under
    ``context`` (the form's class name), which the refusal names in the person's language.
    """
    days: dict[str, date | None] = {}
    for name, label in labels.items():
        shown = QCoreApplication.translate(context, str(label))
        try:
            days[name] = parse_date_text(text_of(name), name, shown)
        except ValidationError as exc:
            problems.append(hard(exc.field, exc.message))
            days[name] = None
    return days


def after_typing(problems: list[Message], found: Iterable[Message]) -> list[Message]:
    """The refusals of the typing, then the checks ``found`` of the fields understood."""
    parsed = {m.field for m in problems}
    return problems + [m for m in found if m.field not in parsed]
