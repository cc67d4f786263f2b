"""The adverse-event form: the nurse enters, the investigator assesses and signs.

Grade and seriousness are separate fields; the grade's help is the term's own CTCAE
wording (the general wording for a free-text term). The SAE clock shows under the
seriousness criteria. Causality and expectedness are open to an investigator only, and
the investigator signs with their own password below the form. Nothing here shows an
arm: the participant is named by study ID and kit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.clinical.adverse_events import (
    ACTIONS,
    CAUSALITY,
    EXPECTEDNESS,
    OUTCOMES,
    SERIOUSNESS,
    AeEntry,
    check_ae,
    load_ctcae_terms,
)
from app.clinical.errors import Message, ValidationError
from app.clinical.parsing import parse_local_datetime
from app.errors import BedsideError
from app.models import AdverseEvent
from app.protocol import Protocol
from app.protocol.safety import safety_rules
from app.roles import Role
from app.services.adverse_events import AeStatus, load_ae, record_ae, sign_ae
from app.services.observations import EntryRefused
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.forms import DateField, TextField, TimeField, column_limit, hard
from app.ui.forms.base import FormWidget
from app.ui.forms.field_row import show_line
from app.ui.forms.fields import entry_text

TERM_CHARS = column_limit(AdverseEvent.term_text, 200)
GRADE_WORDS = {
    1: QT_TRANSLATE_NOOP("AeForm", "Mild"),
    2: QT_TRANSLATE_NOOP("AeForm", "Moderate"),
    3: QT_TRANSLATE_NOOP("AeForm", "Severe"),
    4: QT_TRANSLATE_NOOP("AeForm", "Life-threatening"),
    5: QT_TRANSLATE_NOOP("AeForm", "Death"),
}
FREE_TEXT = QT_TRANSLATE_NOOP("AeForm", "Not in the list: type the term below")
TIMES = {
    "onset": QT_TRANSLATE_NOOP("AeForm", "Onset"),
    "end": QT_TRANSLATE_NOOP("AeForm", "End"),
    "aware": QT_TRANSLATE_NOOP("AeForm", "Site aware"),
}
# The rules' field names -> the form's fields.
FIELD_OF = {"onset_at": "onset_on", "end_at": "end_on", "aware_at": "aware_on",
            "seriousness": "serious_death"}  # fmt: skip


def on_form(messages: list[Message]) -> list[Message]:
    """The rules' messages, each keyed by the form field that shows it."""
    return [replace(m, field=FIELD_OF.get(m.field, m.field)) for m in messages]


def _tr(source: object) -> str:
    """A QT_TRANSLATE_NOOP constant of this form, in the installed language."""
    return QCoreApplication.translate("AeForm", str(source))


def _said(text: str) -> str:
    """A rule's wording in the installed language (a translatable template says itself)."""
    said = getattr(text, "said", None)
    return str(said()) if callable(said) else text


def _words(items: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(key, _said(text)) for key, text in items.items()]


def _combo(items: list[tuple[str, str]], blank: str = "—") -> QComboBox:
    box = QComboBox()
    box.addItem(blank, "")
    for key, text in items:
        box.addItem(text, key)
    return box


class AeForm(FormWidget):
    """One adverse event of one participant.

    Signals:
        signed(str): the id of the event just signed.
    """

    signed = Signal(str)

    form_name = "adverse-event"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.terms = load_ctcae_terms()
        self.safety = safety_rules(protocol)
        self._infusion_id: str | None = None
        self.add_heading(
            QCoreApplication.translate("AeForm", "Adverse event"),
            QCoreApplication.translate("AeForm", "Grade is intensity; seriousness is separate."),
        )
        terms = [(t.code, t.term) for t in self.terms.terms]
        term_label = QCoreApplication.translate("AeForm", "&Term (CTCAE)")
        self.add_field("term_code", term_label, _combo(terms, _tr(FREE_TEXT)))
        free_hint = QCoreApplication.translate(
            "AeForm", "Only when the term is not in the list; it is coded later."
        )
        free_label = QCoreApplication.translate("AeForm", "Free-text te&rm")
        self.add_field("term_text", free_label, TextField(TERM_CHARS), hint=free_hint)
        for prefix, label in TIMES.items():
            self._add_when(prefix, _tr(label))
        self.add_field(
            "ongoing",
            QCoreApplication.translate("AeForm", "Ongoing"),
            QCheckBox(QCoreApplication.translate("AeForm", "The event is &ongoing")),
        )
        grades = [
            (
                str(g),
                QCoreApplication.translate("AeForm", "{grade} — {word}").format(
                    grade=g, word=_tr(w)
                ),
            )
            for g, w in GRADE_WORDS.items()
        ]
        self.add_field(
            "grade", QCoreApplication.translate("AeForm", "CTCAE &grade"), _combo(grades), hint=" "
        )
        serious_label = QCoreApplication.translate("AeForm", "Serious")
        for key, text in SERIOUSNESS.items():
            label = serious_label if key == "death" else ""
            self.add_field(f"serious_{key}", label, QCheckBox(_said(text)))
        self.clock_label = QLabel()
        self.clock_label.setWordWrap(True)
        set_kind(self.clock_label, "result")
        self.add_widget(self.clock_label)
        assess = actor.role is Role.INVESTIGATOR
        self.add_heading(
            QCoreApplication.translate("AeForm", "Investigator's assessment"),
            None
            if assess
            else QCoreApplication.translate(
                "AeForm", "An investigator assesses causality and expectedness."
            ),
        )
        causality = _words(CAUSALITY)
        self.add_field(
            "causality_product",
            QCoreApplication.translate("AeForm", "Causality: study &product"),
            _combo(causality),
        )
        self.add_field(
            "causality_procedures",
            QCoreApplication.translate("AeForm", "Causality: study pro&cedures"),
            _combo(causality),
        )
        rsi = self.safety
        self.add_field(
            "expectedness",
            QCoreApplication.translate("AeForm", "E&xpectedness"),
            _combo(_words(EXPECTEDNESS)),
            hint=QCoreApplication.translate("AeForm", "Against {document}, {version}.").format(
                document=rsi.reference_safety_information,
                version=rsi.reference_safety_information_version,
            ),
        )
        for name in ("causality_product", "causality_procedures", "expectedness"):
            self.field(name).editor.setEnabled(assess)
        self.add_field(
            "action_taken",
            QCoreApplication.translate("AeForm", "&Action taken"),
            _combo(_words(ACTIONS)),
        )
        self.add_field(
            "outcome", QCoreApplication.translate("AeForm", "O&utcome"), _combo(_words(OUTCOMES))
        )
        self.add_field(
            "infusion_related",
            QCoreApplication.translate("AeForm", "Infusion"),
            QCheckBox(QCoreApplication.translate("AeForm", "&Infusion-related reaction")),
        )
        self.add_field(
            "description", QCoreApplication.translate("AeForm", "&Description"), TextField(2000)
        )
        self._add_sign_row(assess)
        self.finish()
        self.load_values(self.blank_values(), None)

    # -- building -------------------------------------------------------------------------

    def _add_when(self, prefix: str, label: str) -> None:
        clock = TimeField()
        clock.setObjectName(f"{prefix}_time")
        clock.setAccessibleName(
            QCoreApplication.translate("AeForm", "{label}: time").format(label=label)
        )
        self.add_field(
            f"{prefix}_on",
            QCoreApplication.translate("AeForm", "{label} date").format(label=label),
            DateField(),
            trailing=(QLabel(QCoreApplication.translate("AeForm", "at")), clock),
        )
        self.watch_part(clock, f"{prefix}_on")

    def _add_sign_row(self, assess: bool) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            QCoreApplication.translate("AeForm", "Your password, to sign")
        )
        self.password.setAccessibleName(
            QCoreApplication.translate("AeForm", "Password to sign the adverse event")
        )
        self.sign_button = QPushButton(
            QCoreApplication.translate("AeForm", "Sign as &investigator")
        )
        self.sign_button.clicked.connect(self.sign)
        self.password.returnPressed.connect(self.sign)
        self.signature_label = QLabel()
        self.signature_label.setWordWrap(True)
        self.sign_error = QLabel()
        self.sign_error.setWordWrap(True)
        set_kind(self.sign_error, "error")
        for widget in (self.password, self.sign_button):
            widget.setMinimumHeight(TOUCH_MIN_PX)
        line.addWidget(self.password, 1)
        line.addWidget(self.sign_button)
        for widget in (self.password, self.sign_button):
            widget.setVisible(assess)
        self.add_widget(row)
        self.add_widget(self.signature_label)
        self.add_widget(self.sign_error)

    # -- values ---------------------------------------------------------------------------

    def blank_values(self) -> dict[str, Any]:
        values: dict[str, Any] = dict.fromkeys(self.fields(), "")
        for key in SERIOUSNESS:
            values[f"serious_{key}"] = False
        values["ongoing"] = values["infusion_related"] = False
        return values

    def values_of(self, entry: AeEntry) -> dict[str, Any]:
        local = {p: getattr(entry, f"{p}_at") for p in TIMES}
        values: dict[str, Any] = {
            "term_code": entry.term_code or "",
            "term_text": "" if entry.term_code else entry.term_text,
            "ongoing": entry.ongoing,
            "grade": "" if entry.grade is None else str(entry.grade),
            "causality_product": entry.causality_product or "",
            "causality_procedures": entry.causality_procedures or "",
            "expectedness": entry.expectedness or "",
            "action_taken": entry.action_taken or "",
            "outcome": entry.outcome or "",
            "infusion_related": entry.infusion_related,
            "description": entry.description or "",
        }
        for key in SERIOUSNESS:
            values[f"serious_{key}"] = key in entry.seriousness
        for prefix, moment in local.items():
            shown = None if moment is None else moment.astimezone()
            values[f"{prefix}_on"] = "" if shown is None else shown.date().isoformat()
            self._time(prefix).setText("" if shown is None else shown.strftime("%H:%M"))
        return values

    def load(self, ae_id: str | None) -> None:
        """Show a saved event (or a blank form for ``None``)."""
        if ae_id is None:
            self._infusion_id = None
            self.load_values(self.blank_values(), None)
            for prefix in TIMES:
                self._time(prefix).clear()
        else:
            view = load_ae(self.store, self.protocol, ae_id)
            self._infusion_id = view.entry.infusion_id
            self.load_values(self.values_of(view.entry), ae_id)
        self._show_status()

    def _time(self, prefix: str) -> QLineEdit:
        found = self.findChild(QLineEdit, f"{prefix}_time")
        assert found is not None
        return found

    def _moment(self, prefix: str, problems: list[Message]) -> datetime | None:
        label = _tr(TIMES[prefix])
        try:
            day, clock = self.text(f"{prefix}_on"), entry_text(self._time(prefix))
            return parse_local_datetime(day, clock, f"{prefix}_on", label)
        except ValidationError as exc:
            problems.append(hard(exc.field, exc.message))
            return None

    def _choice(self, name: str) -> str | None:
        return str(self.value(name) or "") or None

    def entry(self, problems: list[Message]) -> AeEntry:
        grade = self._choice("grade")
        return AeEntry(
            term_code=self._choice("term_code"),
            term_text=self.text("term_text"),
            onset_at=self._moment("onset", problems),
            end_at=self._moment("end", problems),
            ongoing=bool(self.value("ongoing")),
            grade=None if grade is None else int(grade),
            seriousness=frozenset(k for k in SERIOUSNESS if self.value(f"serious_{k}")),
            aware_at=self._moment("aware", problems),
            causality_product=self._choice("causality_product"),
            causality_procedures=self._choice("causality_procedures"),
            expectedness=self._choice("expectedness"),
            action_taken=self._choice("action_taken"),
            outcome=self._choice("outcome"),
            infusion_id=self._infusion_id,
            infusion_related=bool(self.value("infusion_related")),
            description=self.text("description") or None,
        )

    # -- load → check → save --------------------------------------------------------------

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        bad = {m.field for m in problems}
        found = [m for m in on_form(check_ae(entry, self.terms, utc_now())) if m.field not in bad]
        return problems + found

    def save(self, reason: str | None) -> str:
        return record_ae(self.store, self.actor, self.protocol, self.participant_id or "",
                         self.entry([]), record_id=self.record_id, reason=reason)  # fmt: skip

    def after_save(self, record_id: str) -> None:
        self.record_id = record_id
        self._show_status()

    def preview(self) -> None:
        """The grade's own wording as help, and what the SAE clock will do."""
        if not hasattr(self, "clock_label"):
            return
        grade = self._choice("grade")
        term = self._choice("term_code")
        help_text = "" if grade is None else self.terms.grade_wording(term, int(grade))
        grade_field = self.field("grade")
        grade_field.hint = help_text or QCoreApplication.translate(
            "AeForm", "Choose a grade to see its CTCAE wording."
        )
        show_line(grade_field)
        serious = any(self.value(f"serious_{k}") for k in SERIOUSNESS)
        hours = self.safety.sae_reporting_window_hours
        self.clock_label.setText(
            QCoreApplication.translate(
                "AeForm",
                "Serious: report to the sponsor within {hours} h of the site becoming aware.",
            ).format(hours=hours)
            if serious
            else QCoreApplication.translate("AeForm", "Not serious: no expedited report.")
        )

    # -- signing --------------------------------------------------------------------------

    def enter_pressed(self) -> None:
        """Enter in the password field signs (through its own signal), elsewhere saves."""
        if QApplication.focusWidget() is not self.password:
            self.submit()

    @Slot()
    def sign(self) -> None:
        """Sign the saved event with the investigator's password (their own key)."""
        self.sign_error.clear()
        if self.record_id is None or self.has_unsaved_changes():
            self.sign_error.setText(
                QCoreApplication.translate(
                    "AeForm", "Save the event first: only what is saved can be signed."
                )
            )
            return
        try:
            sign_ae(self.store, self.actor, self.protocol, self.password.text(), self.record_id)
        except EntryRefused as exc:
            self.show_messages(on_form(list(exc.messages)))
            self.sign_error.setText(
                QCoreApplication.translate("AeForm", "Not signed: {reason}").format(
                    reason=exc.messages[0].text
                )
            )
            return
        except BedsideError as exc:
            self.sign_error.setText(exc.sentence)
            return
        finally:
            self.password.clear()
        self._show_status()
        self.signed.emit(self.record_id)

    def _show_status(self) -> None:
        if self.record_id is None:
            self.signature_label.setText(QCoreApplication.translate("AeForm", "Not saved yet."))
            return
        view = load_ae(self.store, self.protocol, self.record_id)
        words = {
            AeStatus.ENTERED: QCoreApplication.translate(
                "AeForm", "Entered; waiting for the investigator's assessment."
            ),
            AeStatus.ASSESSED: QCoreApplication.translate(
                "AeForm", "Assessed; waiting for the investigator's signature."
            ),
            AeStatus.SIGNED: view.signature or QCoreApplication.translate("AeForm", "Signed."),
            AeStatus.VOID: QCoreApplication.translate("AeForm", "{signature}. Sign again.").format(
                signature=view.signature
            ),
        }
        self.signature_label.setText(words[view.status])
        if view.serious:
            self.clock_label.setText(
                QCoreApplication.translate("AeForm", "SAE clock: {clock}").format(
                    clock=view.clock.sentence()
                )
            )
