"""Admin → Study IDs: the study-ID range this device hands out at enrolment.

Shows the current range, the next number and how many are left; says when the range
is used up or nearly so; sets a new one through
:func:`app.services.screening.set_study_id_range`, which refuses a range that overlaps
a study ID already given out here.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.clinical.errors import ValidationError
from app.errors import BedsideError
from app.services.screening import (
    StudyIdRange,
    check_study_id_range,
    set_study_id_range,
    study_id_range,
)
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, form_layout, set_kind

NEARLY_USED_UP = 5
"""At or below this many IDs left, the tab asks for the next range to be set soon."""


def range_sentences(current: StudyIdRange | None) -> tuple[str, str, str]:
    """(what the range is, a warning or "", the warning's kind) for ``current``."""
    translate = QCoreApplication.translate
    if current is None:
        return (
            translate("StudyRangeTab", "This device has no study-ID range yet."),
            translate(
                "StudyRangeTab", "Enrolment cannot give study IDs until a range is set here."
            ),
            "error",
        )
    values = {
        "label": current.label,
        "remaining": current.remaining,
        "total": current.last - current.first + 1,
    }
    if current.next_number is None:
        return (
            translate("StudyRangeTab", "{label}: {remaining} of {total} left.").format(**values),
            translate(
                "StudyRangeTab",
                "Every study ID in this range is used: set a new range before the next enrolment.",
            ),
            "error",
        )
    said = translate(
        "StudyRangeTab", "{label}: {remaining} of {total} left; the next enrolment gets {next}."
    ).format(next=current.format(current.next_number), **values)
    if current.remaining <= NEARLY_USED_UP:
        if current.remaining == 1:
            warning = translate(
                "StudyRangeTab", "Only {count} study ID left: set the next range soon."
            )
        else:
            warning = translate(
                "StudyRangeTab", "Only {count} study IDs left: set the next range soon."
            )
        return said, warning.format(count=current.remaining), "error"
    return said, "", "hint"


class StudyRangeTab(QWidget):
    """The device's study-ID range: shown, and set by an admin.

    Signals:
        rangeChanged(): a new range was saved.
    """

    rangeChanged = Signal()

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self.current_label = QLabel()
        self.warning_label = QLabel()
        self.prefix_edit = QLineEdit()
        self.first_edit = QLineEdit()
        self.last_edit = QLineEdit()
        self.message_label = QLabel()
        self.save_button = QPushButton(self.tr("&Set the range"))
        self._build()
        self._connect_signals()
        self.refresh()

    def _build(self) -> None:
        self.current_label.setAccessibleName(self.tr("Current study-ID range"))
        self.current_label.setWordWrap(True)
        self.current_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_kind(self.current_label, "heading")
        self.warning_label.setWordWrap(True)
        self.warning_label.setAccessibleName(self.tr("Study-ID range warning"))
        explain = QLabel(
            self.tr(
                "Each device hands out study IDs from its own range, so two laptops offline never "
                "give the same one. A new range may not include an ID already given out here."
            )
        )
        explain.setWordWrap(True)
        set_kind(explain, "hint")
        self.prefix_edit.setPlaceholderText(self.tr("e.g. WH01-"))
        for edit in (self.first_edit, self.last_edit):
            edit.setPlaceholderText("1–999999")
        for edit in (self.prefix_edit, self.first_edit, self.last_edit):
            edit.setMinimumHeight(TOUCH_MIN_PX)
        # Access keys: Alt+P and Alt+E are the navigation's (Participants, Safety).
        # The message line has its own reserved height: a refusal moves no field.
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(2 * self.fontMetrics().height() + 4)
        self.message_label.setAccessibleName(self.tr("Why the range was not set"))
        self.save_button.setMinimumHeight(TOUCH_MIN_PX)
        set_kind(self.save_button, "primary")
        fields = QWidget(self)
        form = form_layout(fields)
        form.addRow(self._buddy(self.tr("P&refix"), self.prefix_edit), self.prefix_edit)
        form.addRow(self._buddy(self.tr("&First number"), self.first_edit), self.first_edit)
        form.addRow(self._buddy(self.tr("&Last number"), self.last_edit), self.last_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(explain)
        layout.addWidget(fields)
        layout.addWidget(self.message_label)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    @staticmethod
    def _buddy(text: str, edit: QLineEdit) -> QLabel:
        label = QLabel(text)
        label.setBuddy(edit)
        edit.setAccessibleName(re.sub(r"\(&\w\)$", "", text).replace("&", "").strip())
        return label

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        for edit in (self.prefix_edit, self.first_edit, self.last_edit):
            edit.returnPressed.connect(self.save)

    @Slot()
    def refresh(self) -> None:
        """Read the range again and say what it is."""
        current = study_id_range(self._store)
        said, warning, kind = range_sentences(current)
        self.current_label.setText(said)
        self.warning_label.setText(warning)
        set_kind(self.warning_label, kind)
        self.warning_label.setVisible(bool(warning))
        if current is not None and not self.prefix_edit.text():
            self.prefix_edit.setText(current.prefix)

    @Slot()
    def save(self) -> None:
        """Check the three fields, then set the range; a refusal is one sentence."""
        edits = (self.prefix_edit, self.first_edit, self.last_edit)
        prefix, first, last = (e.text() for e in edits)
        try:
            check_study_id_range(prefix, first, last)
        except ValidationError as exc:
            self._refuse(exc.message, exc.field)
            return
        try:
            made = set_study_id_range(self._store, self._actor, prefix, first, last)
        except BedsideError as exc:
            self._refuse(exc.sentence, "study_id_first")
            return
        set_kind(self.message_label, "ok")
        said = self.tr("Saved: this device now hands out {label}.").format(label=made.label)
        self.message_label.setText(said)
        self.refresh()
        self.rangeChanged.emit()

    def _refuse(self, sentence: str, field: str) -> None:
        set_kind(self.message_label, "error")
        self.message_label.setText(sentence)
        edit = {
            "study_id_prefix": self.prefix_edit,
            "study_id_first": self.first_edit,
            "study_id_last": self.last_edit,
        }.get(field, self.first_edit)
        edit.setFocus()
        edit.selectAll()
