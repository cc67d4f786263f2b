"""The small questions of an infusion: why it paused, when it ran again, how it ended,
why a check was skipped.

:class:`StepDialog` asks one question with a few typed fields (a reason, a time, a
volume). OK hands the values as understood to ``act``, which saves through the
service; a refusal is one sentence next to its field and nothing is saved. Times are
ward-clock times of today.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clinical.errors import ValidationError
from app.clinical.parsing import parse_local_datetime
from app.errors import BedsideError
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.elided import ElidedLabel
from app.ui.error_dialog import show_error
from app.ui.forms import TypedField

Values = dict[str, str]


@dataclass
class Ask:
    """One field of a :class:`StepDialog`."""

    name: str
    label: str
    editor: TypedField
    required: bool = True
    text: str = ""


def _plain(label: str) -> str:
    """A field's label without its accelerator ("&Reason", "原因(&R)")."""
    return re.sub(r"\(&\w\)$", "", label).replace("&", "")


def moment_today(clock_text: str, today: date, field: str, label: str) -> datetime:
    """A ward-clock ``HH:MM`` of ``today`` as an aware instant; raises ValidationError."""
    moment = parse_local_datetime(today.isoformat(), clock_text, field, label)
    if moment is None:
        said = QCoreApplication.translate("StepDialog", "{label}: enter the time.")
        raise ValidationError(field, said.format(label=label))
    return moment


class StepDialog(QDialog):
    """A question with a few fields; OK runs ``act(values)`` (see the module doc)."""

    def __init__(
        self,
        title: str,
        explain: str,
        asks: list[Ask],
        act: Callable[[Values], None],
        *,
        ok_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._act = act
        self.asks = {a.name: a for a in asks}
        self.messages: dict[str, ElidedLabel] = {}
        heading = QLabel(title)
        set_kind(heading, "heading")
        words = QLabel(explain)
        words.setWordWrap(True)
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for row, ask in enumerate(asks):
            ask.editor.setObjectName(ask.name)
            ask.editor.setAccessibleName(_plain(ask.label))
            ask.editor.setText(ask.text)
            label = QLabel(ask.label)
            label.setBuddy(ask.editor)
            message = ElidedLabel(lines=2)
            set_kind(message, "error")
            plain = _plain(ask.label).lower()
            message.setAccessibleName(self.tr("Why {label} is refused").format(label=plain))
            message.setFixedHeight(2 * message.fontMetrics().lineSpacing() + 6)
            self.messages[ask.name] = message
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(ask.editor, 2 * row, 1)
            grid.addWidget(message, 2 * row + 1, 1)
        grid.setColumnStretch(1, 1)
        self.ok_button = QPushButton(ok_text if ok_text is not None else self.tr("&Save"))
        set_kind(self.ok_button, "primary")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.ok_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 16)
        column.addWidget(heading)
        column.addWidget(words)
        column.addLayout(grid)
        column.addLayout(buttons)
        self.setMinimumWidth(620)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        for ask in asks:
            ask.editor.returnPressed.connect(self.submit)
        if asks:
            asks[0].editor.setFocus()

    def editor(self, name: str) -> TypedField:
        return self.asks[name].editor

    def message(self, name: str) -> str:
        return self.messages[name].text()

    @Slot()
    def submit(self) -> None:
        """Check each field, then save through ``act``; stay open with the reason if not."""
        values: Values = {}
        first_bad: str | None = None
        for name, ask in self.asks.items():
            problem = ask.editor.problem()
            typed = ask.editor.entry_text()
            if problem is None and ask.required and not typed:
                plain = _plain(ask.label).lower()
                problem = self.tr("Enter the {label}.").format(label=plain)
            self.messages[name].setText(problem or "")
            if problem and first_bad is None:
                first_bad = name
            values[name] = typed
        if first_bad is not None:
            self.asks[first_bad].editor.setFocus()
            return
        try:
            self._act(values)
        except ValidationError as exc:
            self._refused(exc.field, exc.message)
            return
        except BedsideError as exc:
            self._refused("", exc.sentence)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: shown by reference, never raw
            show_error(self, exc)
            return
        self.accept()

    def _refused(self, field: str, sentence: str) -> None:
        name = field if field in self.messages else list(self.messages)[-1]
        self.messages[name].setText(sentence)
        self.asks[name].editor.setFocus()
