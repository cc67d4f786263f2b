"""Data-entry forms, and what every form shares: editors and text parsers.

The editors limit keystrokes (Qt validators), so a nurse cannot type a letter into a
number; what they hold is read back with :func:`editor_value` (JSON-friendly, for
drafts) and set with :func:`set_editor_value`. The parsers use no Qt and raise only
:class:`~app.clinical.errors.ValidationError` (one sentence naming the field).

- :class:`NumberEdit` (digits and one decimal point), :class:`DateEdit` (YYYY-MM-DD),
  :class:`TimeEdit` (HH:MM, 24-hour), :class:`ChoiceField` (large exclusive buttons,
  e.g. :data:`YES_NO`; the value is the chosen key or None).
- :func:`parse_date_text`, :func:`parse_time_text`, :func:`parse_local_datetime`.
- :func:`hard`: a hard :class:`~app.clinical.errors.Message`.

The form base is :mod:`app.ui.forms.base`; the reason dialog
:mod:`app.ui.forms.reason_dialog`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.clinical.errors import Message, Severity, ValidationError
from app.ui.app_style import set_kind

# -- pure parsers (no Qt) ---------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})")


def parse_date_text(text: object, field: str, label: str) -> date | None:
    """``YYYY-MM-DD`` → a date; blank → None; anything else raises ValidationError."""
    value = str(text or "").strip()
    if not value:
        return None
    match = _DATE_RE.fullmatch(value)
    if match is None:
        raise ValidationError(field, f"{label}: write the date as YYYY-MM-DD, e.g. 2020-02-14.")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValidationError(field, f"{label}: {value} is not a date in the calendar.") from None


def parse_time_text(text: object, field: str, label: str) -> time | None:
    """``HH:MM`` (24-hour) → a time; blank → None; anything else raises ValidationError."""
    value = str(text or "").strip()
    if not value:
        return None
    match = _TIME_RE.fullmatch(value)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(field, f"{label}: write the time as HH:MM (24-hour), e.g. 14:05.")
    return time(int(match[1]), int(match[2]))


def parse_local_datetime(day: object, clock: object, field: str, label: str) -> datetime | None:
    """A ward-clock date and time → an aware datetime in this laptop's time zone."""
    on = parse_date_text(day, field, label)
    at = parse_time_text(clock, field, label)
    if on is None and at is None:
        return None
    if on is None or at is None:
        raise ValidationError(field, f"{label}: give both the date and the time.")
    return datetime.combine(on, at).astimezone()


def hard(field: str, text: str, code: str = "invalid") -> Message:
    """A hard message (the form refuses to save)."""
    return Message(field, text, Severity.HARD, code)


# -- editors ----------------------------------------------------------------------------


def _width_for(edit: QLineEdit, sample: str) -> int:
    """Wide enough for ``sample`` in the edit's font, with its padding and border."""
    return max(120, edit.fontMetrics().horizontalAdvance(sample) + 40)


def _limited(edit: QLineEdit, pattern: str, placeholder: str, max_length: int) -> None:
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)


class NumberEdit(QLineEdit):
    """A number as typed: digits and one decimal point, nothing else reaches the text."""

    def __init__(self, int_digits: int = 4, decimals: int = 2, placeholder: str = "") -> None:
        super().__init__()
        pattern = rf"\d{{0,{int_digits}}}" + (rf"(\.\d{{0,{decimals}}})?" if decimals else "")
        _limited(self, pattern, placeholder, int_digits + decimals + 1)
        self.setFixedWidth(_width_for(self, "0" * (int_digits + decimals + 2)))


class DateEdit(QLineEdit):
    """A date typed as YYYY-MM-DD (may stay blank)."""

    def __init__(self) -> None:
        super().__init__()
        _limited(self, r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?", "YYYY-MM-DD", 10)
        self.setFixedWidth(_width_for(self, "YYYY-MM-DD0"))


class TimeEdit(QLineEdit):
    """A ward-clock time typed as HH:MM, 24-hour (may stay blank)."""

    def __init__(self) -> None:
        super().__init__()
        _limited(self, r"\d{0,2}(:\d{0,2})?", "HH:MM", 5)
        self.setFixedWidth(_width_for(self, "HH:MM00"))


class ChoiceField(QFrame):
    """Large exclusive buttons (Yes / No, F / M …); value is the chosen key or None.

    Signals:
        changed(): the choice changed.
    """

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # so that "not answered" can come back
        self._buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        for key, text in choices:
            button = QPushButton(text)
            button.setCheckable(True)
            button.setProperty("choice", key)
            set_kind(button, "choice")
            self._buttons[key] = button
            self._group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._group.buttonToggled.connect(self._toggled)

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def value(self) -> str | None:
        return next((k for k, b in self._buttons.items() if b.isChecked()), None)

    def set_value(self, key: str | None) -> None:
        for k, button in self._buttons.items():
            button.blockSignals(True)
            button.setChecked(k == key)
            button.blockSignals(False)
        self.changed.emit()

    @Slot(QAbstractButton, bool)
    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            for other in self._buttons.values():
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self.changed.emit()


YES_NO = (("yes", "Yes"), ("no", "No"))


def editor_value(editor: QWidget) -> Any:
    """What an editor holds, as JSON-friendly data (drafts)."""
    if isinstance(editor, ChoiceField):
        return editor.value()
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return editor.currentText() if data is None else data
    if isinstance(editor, QAbstractButton):
        return editor.isChecked()
    raise TypeError(f"no value for {type(editor).__name__}")


def set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, ChoiceField):
        editor.set_value(None if value is None else str(value))
    elif isinstance(editor, QLineEdit):
        editor.setText("" if value is None else str(value))
    elif isinstance(editor, QPlainTextEdit):
        editor.setPlainText("" if value is None else str(value))
    elif isinstance(editor, QComboBox):
        index = editor.findData(value)
        editor.setCurrentIndex(index if index >= 0 else max(0, editor.findText(str(value))))
    elif isinstance(editor, QAbstractButton):
        editor.setChecked(bool(value))
    else:
        raise TypeError(f"cannot set {type(editor).__name__}")
