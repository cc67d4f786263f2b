"""One row of a form: the label, the editor and what it needs so that nothing moves.

:func:`field_row` builds it: the label with, under it, room kept for the "The value is
right" tick; the editor with its unit and the editors beside it; and under them one
line of fixed height that shows the field's message, else how its value was read
("Read as 38.5 °C."), else its hint. A message, a tick or a mark therefore never moves
a field. :data:`FORM_STYLE` is how messages and marks look.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.elided import ElidedLabel
from app.ui.forms import ChoiceField

HARD_INK, SOFT_INK, SOFT_EDGE = "#a4000f", "#4d3300", "#b07800"
FORM_STYLE = f"""
QLabel[kind="hard"] {{ color: {HARD_INK}; background: #fdecee; font-weight: bold;
    border-left: 6px solid {HARD_INK}; }}
QLabel[kind="soft"] {{ color: {SOFT_INK}; background: #fff3cd; font-weight: bold;
    border-left: 6px solid {SOFT_EDGE}; }}
QLabel[kind="note"] {{ color: #333333; }}
QLabel[kind="understood"] {{ color: #111111; font-weight: bold; }}
QCheckBox[kind="soft"] {{ color: {SOFT_INK}; font-weight: bold; }}
QLabel[kind="result"] {{ background: #eef1f4; border: 2px solid #9aa4ad; border-radius: 6px;
    padding: 8px 12px; }}
QFrame[kind="choices"] {{ border: 3px solid transparent; border-radius: 4px; }}
QLineEdit[mark="hard"], QComboBox[mark="hard"], QPlainTextEdit[mark="hard"],
QFrame[mark="hard"] {{ border: 3px solid {HARD_INK}; background: #fdecee; }}
QLineEdit[mark="soft"], QComboBox[mark="soft"], QPlainTextEdit[mark="soft"],
QFrame[mark="soft"] {{ border: 3px solid {SOFT_EDGE}; background: #fff8e1; }}
QLineEdit[mark="hard"], QComboBox[mark="hard"], QLineEdit[mark="soft"],
QComboBox[mark="soft"] {{ min-height: {TOUCH_MIN_PX - 10}px; }}
QPushButton[kind="choice"]:checked {{ background: #0b4f8a; color: #ffffff; }}
"""


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


@dataclass
class FormField:
    """One field: its label, editor, unit, message line and confirmation tick.

    ``message`` and ``note`` share the fixed-height line under the editor: the note
    (how the value was read, else the hint) shows while there is no message.
    """

    name: str
    label: QLabel
    editor: QWidget
    unit: QLabel | None
    message: QLabel
    confirm: QCheckBox
    box: QWidget
    note: ElidedLabel | None = None
    hint: str = ""
    line: QStackedLayout | None = None
    parts: list[QWidget] = dataclasses.field(default_factory=list)
    """The field's editor and the editors beside it that belong to it."""


def field_row(
    form: QWidget,
    name: str,
    label: str,
    editor: QWidget,
    *,
    unit: str | None = None,
    hint: str | None = None,
    trailing: Iterable[QWidget] = (),
) -> tuple[QWidget, QWidget, FormField]:
    """The label column, the field column and the :class:`FormField` of one row."""
    caption = QLabel(label)
    caption.setWordWrap(True)
    caption.setBuddy(editor)
    caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    caption.setContentsMargins(0, 8, 0, 0)
    editor.setAccessibleName(label.replace("&", ""))
    editor.setObjectName(name)
    steady_height(editor)
    # The tick sits under the label in room kept for it, so showing it moves nothing.
    confirm = QCheckBox(QCoreApplication.translate("FieldRow", "The value is right"))
    confirm.setAccessibleName(
        QCoreApplication.translate("FieldRow", "{label}: the value is right").format(
            label=label.replace("&", "")
        )
    )
    set_kind(confirm, "soft")
    keep_room(confirm)
    confirm.hide()
    left = QWidget()
    left_column = QVBoxLayout(left)
    left_column.setContentsMargins(0, 0, 0, 0)
    left_column.setSpacing(2)
    left_column.addWidget(caption)
    left_column.addWidget(confirm)
    left_column.addStretch(1)
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    # Sized editors (numbers, dates, times, choices) keep their width; text grows.
    sized = editor.maximumWidth() < 10_000 or isinstance(editor, ChoiceField)
    row.addWidget(editor, 0 if sized else 1)
    unit = unit if unit is not None else getattr(editor, "unit", None)
    unit_label = None
    if unit:
        unit_label = QLabel(unit)
        unit_label.setMinimumWidth(60)
        row.addWidget(unit_label)
    for extra in trailing:
        steady_height(extra)
        row.addWidget(extra)
    if sized:
        row.addStretch(1)
    column.addLayout(row)
    # One line of fixed height under the editor: the message, else the note.
    line_box = QWidget()
    line_box.setObjectName(f"{name}.line")
    line_box.setFixedHeight(note_height(form))
    line = QStackedLayout(line_box)
    line.setContentsMargins(0, 0, 0, 0)
    note = ElidedLabel(hint or "")
    note.setContentsMargins(2, 0, 4, 0)
    set_kind(note, "note")
    note.setAccessibleName(
        QCoreApplication.translate("FieldRow", "About {label}").format(label=label.replace("&", ""))
    )
    message = ElidedLabel()
    message.setContentsMargins(8, 0, 4, 0)
    message.setAccessibleName(
        QCoreApplication.translate("FieldRow", "Message about {label}").format(
            label=label.replace("&", "")
        )
    )
    line.addWidget(note)
    line.addWidget(message)
    line.setCurrentWidget(note)
    column.addWidget(line_box)
    entry = FormField(
        name, caption, editor, unit_label, message, confirm, box, note, hint or "", line,
        [editor],
    )  # fmt: skip
    return left, box, entry


def show_line(field: FormField) -> None:
    """The line under a field: its message, else how the value was read, else the hint."""
    if field.line is None or field.note is None:
        return
    if field.message.text():
        field.line.setCurrentWidget(field.message)
        return
    read = [u for part in field.parts or [field.editor] if (u := understood(part))]
    kind = "understood" if read else "note"
    if field.note.property("kind") != kind:
        set_kind(field.note, kind)
    field.note.setText("  ".join(read) or field.hint)
    field.line.setCurrentWidget(field.note)


def understood(editor: QWidget) -> str:
    reader = getattr(editor, "understood", None)
    return str(reader()) if callable(reader) and editor.isEnabled() else ""


def steady_height(editor: QWidget) -> None:
    """A one-line editor keeps its height when a mark thickens its border."""
    if isinstance(editor, QLineEdit | QComboBox):
        editor.setFixedHeight(max(TOUCH_MIN_PX, editor.minimumHeight()))


def keep_room(widget: QWidget) -> None:
    """Hidden, ``widget`` keeps its room in the layout (showing it moves nothing)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def note_height(widget: QWidget) -> int:
    """One line of bold text with the message frame around it."""
    font = widget.font()
    font.setBold(True)
    return QFontMetrics(font).height() + 10
