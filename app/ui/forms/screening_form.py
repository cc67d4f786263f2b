"""Screen a patient: who they are, and this device's next screening number.

Without a participant it is the "Screen a patient" form of the Participants screen:
saving creates the participant (status *screening*) and shows the screening number.
With one, it shows their details (a change asks for a reason), and offers the two
steps that end screening: a screen failure with its reason, and enrolment (the next
study ID of this device) once an investigator signed them eligible.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.clinical.eligibility import age_in_completed_years
from app.clinical.errors import Message, ValidationError
from app.errors import BedsideError
from app.models import Participant, ParticipantStatus
from app.protocol import Protocol
from app.services.participants import status_word
from app.services.screening import (
    SEXES,
    ScreeningEntry,
    ScreeningRecord,
    check_screening,
    enrol,
    load_screening,
    screen_fail,
    screen_patient,
    study_id_range,
    update_screening,
)
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.elided import ElidedLabel
from app.ui.forms import (
    ChoiceField,
    CodeField,
    DateField,
    NumberField,
    TextField,
    column_limit,
    parse_date_text,
)
from app.ui.forms.base import FormWidget
from app.ui.forms.typed_entry import after_typing, read_dates

DATE_FIELDS = {
    "date_of_birth": QT_TRANSLATE_NOOP("ScreeningForm", "Date of birth"),
    "admission_date": QT_TRANSLATE_NOOP("ScreeningForm", "Admission date"),
}
SEX_WORDS = {
    "F": QT_TRANSLATE_NOOP("ScreeningForm", "Female"),
    "M": QT_TRANSLATE_NOOP("ScreeningForm", "Male"),
}
"""The sexes as the buttons show them (the stored value is the code)."""
INITIALS_LONGEST = min(4, column_limit(Participant.initials, 4))  # the service takes 1-4
FAIL_REASON_CHARS = column_limit(Participant.screen_fail_reason, 500)


class ScreeningForm(FormWidget):
    """The screening log entry for one patient (new, or an existing participant).

    Signals:
        statusChanged(str): the participant's status or study ID changed (screen
            failure, enrolment); the id of the participant.
    """

    statusChanged = Signal(str)

    form_name = "screening"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.record: ScreeningRecord | None = None
        self.end_heading = QLabel()
        self.banner = ElidedLabel(lines=2)  # a long screen-failure reason is cut here
        self.age_label = QLabel()
        self.admitted_today = QPushButton(self.tr("Today"))
        self.new_button = QPushButton(self.tr("Screen another patient"))
        self.fail_reason = TextField(
            FAIL_REASON_CHARS, label=self.tr("Reason for the screen failure")
        )
        self.fail_button = QPushButton(self.tr("Record screen failure"))
        self.fail_row = QWidget()
        self.enrol_button = QPushButton(self.tr("Enrol: assign the study ID"))
        self.enrol_hint = QLabel()
        self.action_error = QLabel()
        self._build()
        self._connect_signals()
        if participant_id is None:
            self.new_patient()
        else:
            self.load(participant_id)

    def _build(self) -> None:
        set_kind(self.banner, "heading")
        self.add_widget(self.banner)
        self.add_heading(
            self.tr("Screen a patient"),
            self.tr("Everything here can be corrected later, with a reason."),
        )
        initials = CodeField(
            letter="[A-Z]",
            longest=INITIALS_LONGEST,
            rule=self.tr("Initials are 1 to {longest} letters A–Z.").format(
                longest=INITIALS_LONGEST
            ),
        )
        self.add_field(
            "initials", self.tr("&Initials"), initials, hint=self.tr("1–4 letters, e.g. LW.")
        )
        # Alt+S is Save: Sex takes the x.
        sexes = tuple(
            (code, QCoreApplication.translate("ScreeningForm", str(SEX_WORDS.get(code, word))))
            for code, word in SEXES.items()
        )
        self.add_field("sex", self.tr("Se&x"), ChoiceField(sexes))
        set_kind(self.age_label, "hint")
        born = self.tr("Date of &birth")
        self.add_field("date_of_birth", born, DateField(), trailing=(self.age_label,))
        self.add_field(
            "age_years", self.tr("A&ge"), NumberField(self.tr("years"), places=0, digits=3),
            hint=self.tr("Only when the date of birth is not known."),
        )  # fmt: skip
        self.add_field("weight_kg", self.tr("&Weight"), NumberField("kg", places=2, digits=4))
        self.add_field(
            "height_cm",
            self.tr("&Height"),
            NumberField("cm", places=1, digits=4),
            hint=self.tr("If known."),
        )
        self.add_field(
            "admission_date", self.tr("A&dmitted on"), DateField(), trailing=(self.admitted_today,)
        )
        self.end_heading = self.add_heading(self.tr("End of screening"))
        self.fail_reason.setPlaceholderText(
            self.tr("Why screening ends here, e.g. declined consent")
        )
        self.fail_reason.setAccessibleName(self.tr("Reason for the screen failure"))
        set_kind(self.fail_button, "danger")
        fail_line = QHBoxLayout(self.fail_row)
        fail_line.setContentsMargins(0, 0, 0, 0)
        fail_line.addWidget(self.fail_reason, 1)
        fail_line.addWidget(self.fail_button)
        self.add_widget(self.fail_row)
        set_kind(self.enrol_button, "primary")
        self.enrol_hint.setWordWrap(True)
        set_kind(self.enrol_hint, "hint")
        self.add_widget(self.enrol_hint)
        self.add_widget(self.enrol_button)
        self.action_error.setWordWrap(True)
        set_kind(self.action_error, "error")
        self.add_widget(self.action_error)
        self.button_row.insertWidget(2, self.new_button)
        self.finish()

    def _connect_signals(self) -> None:
        self.admitted_today.clicked.connect(self._admitted_today)
        self.new_button.clicked.connect(self.new_patient)
        self.fail_button.clicked.connect(self._screen_fail)
        self.fail_reason.returnPressed.connect(self._screen_fail)
        self.enrol_button.clicked.connect(self._enrol)

    # -- values ---------------------------------------------------------------------------

    def entry(self, out: list[Message] | None = None) -> ScreeningEntry:
        problems = [] if out is None else out
        days = read_dates(self.text, DATE_FIELDS, "ScreeningForm", problems)
        return ScreeningEntry(
            initials=self.text("initials"),
            sex=str(self.value("sex") or ""),
            date_of_birth=days["date_of_birth"],
            age_years=self.text("age_years") or None,
            weight_kg=self.text("weight_kg") or None,
            height_cm=self.text("height_cm") or None,
            admission_date=days["admission_date"],
        )

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        return after_typing(problems, check_screening(self.protocol, entry, today=date.today()))

    def save(self, reason: str | None) -> str:
        if self.record_id is None:
            made = screen_patient(self.store, self.actor, self.protocol, self.entry())
            return made.id
        update_screening(
            self.store, self.actor, self.protocol, self.record_id, self.entry(), reason=reason
        )
        return self.record_id

    def after_save(self, record_id: str) -> None:
        super().after_save(record_id)
        self.load(record_id)

    def form_key(self) -> str:
        return f"{self.form_name}:{self.record_id or 'new'}"

    def change_summary(self) -> str:
        if self.record is None:
            return self.tr("You are changing the screening details of this patient.")
        return self.tr("You are changing the screening details of {label}.").format(
            label=self.record.screening_number
        )

    # -- loading --------------------------------------------------------------------------

    @Slot()
    def new_patient(self) -> None:
        """A blank form for the next patient."""
        self.record = None
        self.participant_id = None
        self.load_values(
            {"initials": "", "sex": None, "date_of_birth": "", "age_years": "", "weight_kg": "",
             "height_cm": "", "admission_date": ""},
            None,
        )  # fmt: skip
        self._show_state()

    def load(self, participant_id: str) -> None:
        """Show a screened participant's details, status and what can be done next."""
        record = load_screening(self.store, participant_id)
        self.record = record
        self.participant_id = participant_id
        e = record.entry
        values: dict[str, Any] = {
            "initials": e.initials, "sex": e.sex,
            "date_of_birth": e.date_of_birth.isoformat() if e.date_of_birth else "",
            "age_years": e.age_years or "", "weight_kg": e.weight_kg or "",
            "height_cm": e.height_cm or "",
            "admission_date": e.admission_date.isoformat() if e.admission_date else "",
        }  # fmt: skip
        self.load_values(values, participant_id)
        self._show_state()

    def reload(self) -> None:
        """Show the status saved elsewhere (signed eligible, enrolled); keeps unsaved typing."""
        if self.record is not None and not self.has_unsaved_changes():
            self.load(self.record.id)

    def _show_state(self) -> None:
        record = self.record
        self.action_error.clear()
        self.fail_reason.clear()
        self.new_button.setVisible(record is not None and self.participant_id is not None)
        if record is None:
            self.banner.setText(self.tr("New patient: the screening number is given on saving."))
            self.fail_row.hide()
            self.enrol_button.hide()
            self.enrol_hint.hide()
            self.end_heading.hide()  # a new patient has nothing under it yet
            return
        label = record.study_id or record.screening_number
        text = f"{label} · {status_word(record.status)}"
        if record.status is ParticipantStatus.SCREEN_FAILED and record.screen_fail_reason:
            text += f" — {record.screen_fail_reason}"
        self.banner.setText(text)
        open_status = record.status in (ParticipantStatus.SCREENING, ParticipantStatus.ELIGIBLE)
        can_act = self.save_button.isEnabled()
        can_fail = open_status and record.study_id is None and can_act
        self.fail_row.setVisible(can_fail)
        ready = record.status is ParticipantStatus.ELIGIBLE and record.study_id is None
        self.enrol_button.setVisible(ready and can_act)
        self.enrol_hint.setVisible(ready)
        self.end_heading.setVisible(can_fail or ready)
        if ready:
            current = study_id_range(self.store)
            if current is None:
                hint = self.tr(
                    "Signed eligible. This device has no study ID range yet: ask an admin."
                )
            elif current.next_number is not None:
                hint = self.tr(
                    "Signed eligible. Next study ID: {study_id} ({remaining} left of {range})."
                ).format(
                    study_id=current.format(current.next_number),
                    remaining=current.remaining,
                    range=current.label,
                )
            else:
                hint = self.tr(
                    "Signed eligible. This device's study IDs ({range}) are all used: ask an admin."
                ).format(range=current.label)
            self.enrol_hint.setText(hint)

    # -- slots ----------------------------------------------------------------------------

    @Slot()
    def _admitted_today(self) -> None:
        self.set_value("admission_date", date.today().isoformat())

    @Slot()
    def _screen_fail(self) -> None:
        if self.record is None:
            return
        refused = self.fail_reason.problem()
        if refused:
            self.action_error.setText(refused)
            return
        try:
            screen_fail(self.store, self.actor, self.record.id, self.fail_reason.entry_text())
        except BedsideError as exc:
            self.action_error.setText(exc.sentence)
            return
        self.load(self.record.id)
        self.statusChanged.emit(self.record.id)

    @Slot()
    def _enrol(self) -> None:
        if self.record is None:
            return
        try:
            enrol(self.store, self.actor, self.record.id)
        except BedsideError as exc:
            self.action_error.setText(exc.sentence)
            return
        self.load(self.record.id)
        self.statusChanged.emit(self.record.id)

    def preview(self) -> None:
        try:
            shown = self.tr("Date of birth")
            born = parse_date_text(self.text("date_of_birth"), "date_of_birth", shown)
            age = None if born is None else age_in_completed_years(born, date.today())
        except ValidationError:
            age = None
        self.age_label.setText("" if age is None else self.tr("{age} years today").format(age=age))
