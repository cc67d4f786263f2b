"""One field type per kind of value: numbers, dates, times, codes and free text.

Every field keeps exactly what was typed: no keystroke is blocked and nothing is cut,
so ``1OO`` stays ``1OO`` (and is refused), never becomes ``1``. What the text denotes
is read by the pure parsers of :mod:`app.clinical.parsing`:

- :meth:`TypedField.problem` is the sentence that refuses it (None when it can be
  saved); the form shows it in the field's message line and saves nothing.
- :meth:`TypedField.entry_text` is what the form hands the service: the value as
  understood, in the digits typed (``38,5`` → ``38.5``; ``1.3.2026`` → ``2026-03-01``),
  or the text as typed when it is refused (the service refuses it too).
- :meth:`TypedField.understood` says how the text was read when that is not obvious
  from it ("Read as 38.5 °C."), and the form shows it under the field.

:func:`column_limit` gives a text field the length of its model column.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from app.clinical.errors import ValidationError
from app.clinical.parsing import (
    MAX_NUMBER_CHARS,
    check_text,
    number_text,
    parse_code_text,
    parse_date_text,
    parse_lab_value_text,
    parse_number_text,
    parse_time_text,
)

TOUCH_HEIGHT = 44
# How a date is read back ("Sunday 1 March 2026"), in the installed language.
WEEKDAYS = (
    QT_TRANSLATE_NOOP("TypedField", "Monday"),
    QT_TRANSLATE_NOOP("TypedField", "Tuesday"),
    QT_TRANSLATE_NOOP("TypedField", "Wednesday"),
    QT_TRANSLATE_NOOP("TypedField", "Thursday"),
    QT_TRANSLATE_NOOP("TypedField", "Friday"),
    QT_TRANSLATE_NOOP("TypedField", "Saturday"),
    QT_TRANSLATE_NOOP("TypedField", "Sunday"),
)
MONTHS = (
    QT_TRANSLATE_NOOP("TypedField", "January"),
    QT_TRANSLATE_NOOP("TypedField", "February"),
    QT_TRANSLATE_NOOP("TypedField", "March"),
    QT_TRANSLATE_NOOP("TypedField", "April"),
    QT_TRANSLATE_NOOP("TypedField", "May"),
    QT_TRANSLATE_NOOP("TypedField", "June"),
    QT_TRANSLATE_NOOP("TypedField", "July"),
    QT_TRANSLATE_NOOP("TypedField", "August"),
    QT_TRANSLATE_NOOP("TypedField", "September"),
    QT_TRANSLATE_NOOP("TypedField", "October"),
    QT_TRANSLATE_NOOP("TypedField", "November"),
    QT_TRANSLATE_NOOP("TypedField", "December"),
)


def column_limit(attribute: Any, default: int) -> int:
    """The length of a model column (``String(n)``), or ``default`` for ``Text``."""
    column = attribute.property.columns[0]
    length = getattr(column.type, "length", None)
    return int(length) if length else default


def _width_for(edit: QLineEdit, sample: str) -> int:
    """Wide enough for ``sample`` in the edit's font, with its padding and border."""
    return max(120, edit.fontMetrics().horizontalAdvance(sample) + 40)


class TypedField(QLineEdit):
    """A one-line field that keeps its text and reads it on demand (see the module doc).

    ``label`` names the field in its sentences (default: its accessible name).
    """

    def __init__(self, label: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._label = label
        self.setPlaceholderText(placeholder)
        # No validator and no maximum length: nothing typed or pasted is dropped.
        self.setFixedHeight(TOUCH_HEIGHT)

    # -- what subclasses give -------------------------------------------------------------

    def read(self, text: str) -> Any:
        """The value ``text`` denotes, None when blank; raises ValidationError."""
        raise NotImplementedError

    def canonical(self, value: Any) -> str:
        """The value as the service takes it."""
        return str(value)

    def described(self, value: Any) -> str:
        """The value as the person reads it back ("38.5 °C", "Sunday 1 March 2026")."""
        return self.canonical(value)

    # -- reading ----------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return (
            self._label
            or self.accessibleName()
            or self.objectName()
            or QCoreApplication.translate("TypedField", "This field")
        )

    def reading(self) -> Any:
        """What the text denotes (None when blank); raises ValidationError."""
        return self.read(self.text())

    def problem(self) -> str | None:
        """The sentence that refuses the text, or None when it can be saved."""
        try:
            self.reading()
        except ValidationError as exc:
            return exc.message
        return None

    def entry_text(self) -> str:
        """The value as understood, in the digits typed; as typed when refused; "" blank."""
        try:
            value = self.reading()
        except ValidationError:
            return self.text().strip()
        return "" if value is None else self.canonical(value)

    def understood(self) -> str:
        """ "Read as …" when the text is not already written as it is read; else ""."""
        try:
            value = self.reading()
        except ValidationError:
            return ""
        if value is None or self.canonical(value) == self.text().strip():
            return ""
        return QCoreApplication.translate("TypedField", "Read as {value}.").format(
            value=self.described(value)
        )


class NumberField(TypedField):
    """A number: digits with one decimal point or comma; a sign only when ``signed``.

    ``places`` limits the decimals (0: a whole number); ``digits`` sizes the field.
    """

    def __init__(
        self,
        unit: str = "",
        *,
        signed: bool = False,
        places: int | None = None,
        digits: int = 5,
        max_chars: int = MAX_NUMBER_CHARS,
        label: str = "",
        placeholder: str = "",
    ) -> None:
        super().__init__(label, placeholder)
        self.unit = unit
        self.signed = signed
        self.places = places
        self.max_chars = min(max_chars, MAX_NUMBER_CHARS)
        self.setFixedWidth(_width_for(self, "0" * (digits + 2) + ("-" if signed else "")))

    def read(self, text: str) -> Decimal | None:
        return parse_number_text(
            text, self.objectName(), self.label, signed=self.signed, places=self.places,
            max_chars=self.max_chars,
        )  # fmt: skip

    def canonical(self, value: Decimal) -> str:
        return number_text(value)

    def described(self, value: Decimal) -> str:
        return f"{number_text(value)} {self.unit}".strip()


class LabValueField(TypedField):
    """A laboratory value as reported: a number, optionally after ``<`` or ``>``."""

    def __init__(self, *, max_chars: int = MAX_NUMBER_CHARS, label: str = "") -> None:
        super().__init__(label)
        self.max_chars = min(max_chars, MAX_NUMBER_CHARS)
        self.unit = ""
        self.setFixedWidth(_width_for(self, "<0000.000"))

    def read(self, text: str) -> tuple[str, Decimal] | None:
        return parse_lab_value_text(text, self.objectName(), self.label, max_chars=self.max_chars)

    def canonical(self, value: tuple[str, Decimal]) -> str:
        return value[0] + number_text(value[1])

    def described(self, value: tuple[str, Decimal]) -> str:
        qualifier, number = value
        shown = number_text(number)
        if qualifier == "<":
            return QCoreApplication.translate("TypedField", "below {number}").format(number=shown)
        if qualifier == ">":
            return QCoreApplication.translate("TypedField", "above {number}").format(number=shown)
        return shown


class DateField(TypedField):
    """A calendar date: 2026-03-01, 01/03/2026 or 1.3.2026 (day first), or 1 Mar 2026."""

    def __init__(self, label: str = "", placeholder: str | None = None) -> None:
        if placeholder is None:
            placeholder = QCoreApplication.translate("TypedField", "YYYY-MM-DD")
        super().__init__(label, placeholder)
        self.setFixedWidth(_width_for(self, "00/00/00000"))

    def read(self, text: str) -> date | None:
        return parse_date_text(text, self.objectName(), self.label)

    def canonical(self, value: date) -> str:
        return value.isoformat()

    def described(self, value: date) -> str:
        return QCoreApplication.translate("TypedField", "{weekday} {day} {month} {year}").format(
            weekday=QCoreApplication.translate("TypedField", str(WEEKDAYS[value.weekday()])),
            day=value.day,
            month=QCoreApplication.translate("TypedField", str(MONTHS[value.month - 1])),
            year=value.year,
        )


class TimeField(TypedField):
    """A ward-clock time, 24-hour: 14:05 (also 9:30, 14.05, 1405)."""

    def __init__(self, label: str = "", placeholder: str | None = None) -> None:
        if placeholder is None:
            placeholder = QCoreApplication.translate("TypedField", "HH:MM")
        super().__init__(label, placeholder)
        self.setFixedWidth(_width_for(self, "HH:MM00"))

    def read(self, text: str) -> time | None:
        return parse_time_text(text, self.objectName(), self.label)

    def canonical(self, value: time) -> str:
        return f"{value:%H:%M}"


class CodeField(TypedField):
    """A short code such as initials, read in capitals: ``lw`` is saved as ``LW``.

    ``letter`` is a regular expression for one character of the code, ``longest`` the
    most characters, ``rule`` the sentence that says what the code is.
    """

    def __init__(self, *, letter: str, longest: int, rule: str, label: str = "") -> None:
        super().__init__(label)
        self.letter, self.longest, self.rule = letter, longest, rule
        self.setFixedWidth(_width_for(self, "W" * (longest + 2)))

    def read(self, text: str) -> str | None:
        return parse_code_text(
            text, self.objectName(), self.label, letter=self.letter, longest=self.longest,
            rule=self.rule,
        )  # fmt: skip

    def understood(self) -> str:
        try:
            value = self.reading()
        except ValidationError:
            return ""
        if value is None or value == self.text().strip():
            return ""
        return QCoreApplication.translate("TypedField", "Saved as {value}.").format(value=value)


class TextField(TypedField):
    """Free text on one line, up to ``max_chars`` characters (refused beyond, never cut)."""

    def __init__(self, max_chars: int, *, label: str = "", placeholder: str = "") -> None:
        super().__init__(label, placeholder)
        self.max_chars = max_chars
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def read(self, text: str) -> str | None:
        typed = check_text(text, self.objectName(), self.label, max_chars=self.max_chars)
        return typed or None

    def understood(self) -> str:
        count = len(self.text().strip())
        if count > self.max_chars * 0.8 and self.problem() is None:
            return QCoreApplication.translate(
                "TypedField", "{count} of at most {limit} characters."
            ).format(count=f"{count:,}", limit=f"{self.max_chars:,}")
        return ""


def entry_text(editor: QWidget) -> str:
    """What any one-line editor hands the service: understood text, else as typed."""
    if isinstance(editor, TypedField):
        return editor.entry_text()
    if isinstance(editor, QLineEdit):
        return editor.text().strip()
    raise TypeError(f"no text for {type(editor).__name__}")


def problem_of(editor: QWidget) -> str | None:
    """The sentence refusing what ``editor`` holds, if it is a typed field."""
    return editor.problem() if isinstance(editor, TypedField) else None


class NumberEdit(NumberField):
    """The earlier editor's signature: ``int_digits`` before and ``decimals`` after."""

    def __init__(self, int_digits: int = 4, decimals: int = 2, placeholder: str = "") -> None:
        super().__init__(places=decimals, digits=int_digits + decimals + 1, placeholder=placeholder)


class DateEdit(DateField):
    """The earlier name of :class:`DateField`."""


class TimeEdit(TimeField):
    """The earlier name of :class:`TimeField`."""
