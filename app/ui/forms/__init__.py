"""Data-entry forms, and what every form shares: field types, choices and text parsers.

The field types (:mod:`app.ui.forms.fields`) keep exactly what was typed and refuse,
with a sentence, what cannot be saved as it is; no keystroke is filtered. What they
hold is read back with :func:`editor_value` (as typed, for drafts) and set with
:func:`set_editor_value`. The parsers (:mod:`app.clinical.parsing`) use no Qt and raise
only :class:`~app.clinical.errors.ValidationError` (one sentence naming the field).

- :class:`NumberField` (a decimal point or comma; a sign only where the quantity can be
  negative), :class:`LabValueField`, :class:`DateField` (2026-03-01, 01/03/2026,
  1.3.2026), :class:`TimeField` (14:05), :class:`CodeField` (initials),
  :class:`TextField` (a length limit from the model), :class:`ChoiceField` (large
  exclusive buttons, e.g. :data:`YES_NO`; the value is the chosen key or None).
- :func:`parse_date_text`, :func:`parse_time_text`, :func:`parse_local_datetime`.
- :func:`hard`: a hard :class:`~app.clinical.errors.Message`.

The form base is :mod:`app.ui.forms.base`; the reason dialog
:mod:`app.ui.forms.reason_dialog`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
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

from app.clinical.errors import Message, Severity
from app.clinical.parsing import parse_date_text, parse_local_datetime, parse_time_text
from app.ui.app_style import set_kind
from app.ui.forms.fields import (
    CodeField,
    DateEdit,
    DateField,
    LabValueField,
    NumberEdit,
    NumberField,
    TextField,
    TimeEdit,
    TimeField,
    TypedField,
    column_limit,
    entry_text,
    problem_of,
)

__all__ = [
    "YES_NO",
    "ChoiceField",
    "CodeField",
    "DateEdit",
    "DateField",
    "LabValueField",
    "NumberEdit",
    "NumberField",
    "TextField",
    "TimeEdit",
    "TimeField",
    "TypedField",
    "column_limit",
    "editor_value",
    "entry_text",
    "hard",
    "parse_date_text",
    "parse_local_datetime",
    "parse_time_text",
    "problem_of",
    "set_editor_value",
]


def hard(field: str, text: str, code: str = "invalid") -> Message:
    """A hard message (the form refuses to save)."""
    return Message(field, text, Severity.HARD, code)


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
        # The border is always there (clear until a message marks it), so a mark does not
        # make the buttons taller.
        set_kind(self, "choices")
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        for key, text in choices:
            if (key, text) in YES_NO:  # the shared Yes / No, in the installed language
                text = QCoreApplication.translate("ChoiceField", text)
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


YES_NO: tuple[tuple[str, str], ...] = (
    ("yes", str(QT_TRANSLATE_NOOP("ChoiceField", "Yes"))),
    ("no", str(QT_TRANSLATE_NOOP("ChoiceField", "No"))),
)


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
