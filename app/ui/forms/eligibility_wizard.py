"""The eligibility checklist, one step at a time, ending in the verdict and the signature.

Every criterion is asked exactly as the protocol words it (the Chinese wording under
it when the language is 简体中文); the steps follow the protocol's criteria, so a
second study's file gives its own checklist. Evidence decides where it can: age from
the date of birth, the RT-PCR and CT results with their dates, and the severity signs
(respiratory rate, resting SpO₂, the P/F ratio of a saved blood gas). The app computes
the verdict; an investigator signs it with their password. Changing a signed checklist
voids the signature, and the last step says so: "VOID — sign again".

The steps, their fields and the signing are built here; what the checklist holds
(its entry, the blood gases, the age and verdict it computes) is
:mod:`app.ui.forms.eligibility_entry`, and the verdict and signature lines and moving
between steps are :mod:`app.ui.forms.wizard_view`.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.clinical.eligibility import EligibilityResult
from app.errors import BedsideError
from app.models import EligibilityAssessment
from app.protocol import Criterion, CriterionKind, Protocol
from app.services.eligibility import (
    MAX_FINDING,
    AssessmentView,
    load_assessment,
    sign_assessment,
)
from app.services.oxygenation import BloodGas, blood_gases
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import (
    YES_NO,
    ChoiceField,
    DateField,
    NumberField,
    TextField,
    column_limit,
)
from app.ui.forms.base import FormWidget
from app.ui.forms.eligibility_entry import ChecklistEntryMixin
from app.ui.forms.wizard_view import WizardViewMixin
from app.ui.i18n import current_language, pick

FINDING_CHARS = column_limit(EligibilityAssessment.ct_finding, MAX_FINDING)
SIGN_CHARS = column_limit(EligibilityAssessment.respiratory_rate_per_min, 16)


class EligibilityWizard(WizardViewMixin, ChecklistEntryMixin, FormWidget):
    """The checklist for one participant (see the module doc).

    Signals:
        signed(str): the assessment id, after an investigator signed it.
    """

    signed = Signal(str)

    form_name = "eligibility"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.language = language or current_language()
        self.view: AssessmentView | None = None
        self.result: EligibilityResult | None = None
        self.gases: list[BloodGas] = blood_gases(store, participant_id)
        self.steps = QStackedWidget()
        self.step_titles: list[str] = []
        self._step_of: dict[str, int] = {}
        self.step_label = QLabel()
        self.back_button = QPushButton(self.tr("‹ &Back"))
        self.next_button = QPushButton(self.tr("&Next ›"))
        self.age_label = QLabel()
        self.gas_details = QLabel()
        self.results = QLabel()
        self.verdict_label = QLabel()
        self.verdict_detail = QLabel()
        self.signature_label = QLabel()
        self.password = QLineEdit()
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_error = QLabel()
        self.sign_row = QWidget()
        self._build()
        self._connect_signals()
        self.load()

    # -- building -------------------------------------------------------------------------

    def _step(self, title: str) -> None:
        page = QWidget()
        page.setObjectName("page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.steps.addWidget(page)
        self.step_titles.append(title)
        self.start_section(layout)
        self.add_heading(title)

    def _wording(self, criterion: Criterion) -> None:
        kind = self.tr("exclusion") if criterion.is_exclusion else self.tr("inclusion")
        main = pick(criterion.text_en, criterion.text_zh)
        text = self.tr("<b>{id}</b> ({kind}): {text}").format(
            id=criterion.id, kind=kind, text=html.escape(main)
        )
        if main != criterion.text_en:  # the Chinese leads: the registration's English under it
            text += f"<br><span style='color:#333333'>{html.escape(criterion.text_en)}</span>"
        elif self.language == "zh_CN" and criterion.text_zh:
            text += f"<br><span style='color:#333333'>{html.escape(criterion.text_zh)}</span>"
        if criterion.text_zh and (main != criterion.text_en or self.language == "zh_CN"):
            # The protocol file's Chinese is the team's translation of the registration.
            text += "<br><i style='color:#333333'>{}</i>".format(
                html.escape(self.tr("Chinese wording: to be checked against the Chinese protocol."))
            )
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setObjectName(f"wording_{criterion.id}")
        set_kind(label, "result")
        self.add_widget(label)

    def _end_step(self) -> None:
        index = self.steps.count() - 1
        for name in self.fields():
            self._step_of.setdefault(name, index)
        self.body_layout.addStretch(1)

    def _build(self) -> None:
        self.add_widget(self.steps)
        self._step(self.tr("Assessment date and age"))
        for criterion in self._criteria(CriterionKind.AGE):
            self._wording(criterion)
        self.add_field("assessed_on", self.tr("Assessment &date"), DateField())
        set_kind(self.age_label, "hint")
        self.add_field(
            "date_of_birth", self.tr("Date of b&irth"), DateField(), trailing=(self.age_label,),
            hint=self.tr("From the screening log; the age is counted on the assessment date."),
        )  # fmt: skip
        self._end_step()
        if self._criteria(CriterionKind.RT_PCR, CriterionKind.CT):
            self._step(self.tr("Infection and imaging"))
            for criterion in self._criteria(CriterionKind.RT_PCR, CriterionKind.CT):
                self._wording(criterion)
                if criterion.kind is CriterionKind.RT_PCR:
                    self.add_field("rt_pcr_date", self.tr("RT-PCR &sample date"), DateField())
                    result = ChoiceField(
                        (("yes", self.tr("Positive")), ("no", self.tr("Negative")))
                    )
                    self.add_field("rt_pcr_positive", self.tr("RT-PCR &result"), result)
                else:
                    self.add_field("ct_date", self.tr("&CT date"), DateField())
                    shape = ChoiceField(
                        (("yes", self.tr("Characteristic")), ("no", self.tr("Not characteristic")))
                    )
                    self.add_field("ct_characteristic", self.tr("CT &finding is"), shape)
                    words = self.tr("CT finding (&words)")
                    self.add_field("ct_finding", words, TextField(FINDING_CHARS))
            self._end_step()
        self._build_severity()
        asked = self._criteria(CriterionKind.CONSENT, CriterionKind.ATTESTATION)
        if asked:
            self._step(self.tr("Consent and exclusions"))
            self.add_hint(
                self.tr("For an exclusion, Yes means the exclusion applies to this patient.")
            )
            for criterion in asked:
                self._wording(criterion)
                answer = self.tr("{id}: answer").format(id=criterion.id)
                self.add_field(criterion.id, answer, ChoiceField(YES_NO))
            self._end_step()
        self._build_verdict_step()
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(140)
        set_kind(self.step_label, "hint")
        self.button_row.insertWidget(0, self.back_button)
        self.button_row.insertWidget(1, self.step_label)
        self.button_row.insertWidget(self.button_row.count() - 1, self.next_button)

    def _build_severity(self) -> None:
        t = self.protocol.thresholds
        severity = self._criteria(CriterionKind.SEVERITY)
        if not severity:
            return
        self._step(self.tr("Severity"))
        for criterion in severity:
            self._wording(criterion)
        self.add_hint(self.tr("Any one sign is enough. Leave a sign blank if it was not measured."))
        if t.respiratory_rate_min_per_min is not None:
            self.add_field(
                "respiratory_rate_per_min",
                self.tr("&Respiratory rate"),
                NumberField("/min", places=0, digits=3, max_chars=SIGN_CHARS),
            )
        if t.spo2_max_percent is not None:
            self.add_field(
                "spo2_at_rest_percent", self.tr("&SpO₂ at rest"),
                NumberField("%", places=0, digits=3, max_chars=SIGN_CHARS),
                hint=self.tr("At rest, as the criterion asks."),
            )  # fmt: skip
        if t.pf_ratio_max_mmhg is not None:
            self.add_field(
                "oxygenation_id", self.tr("&Blood gas (P/F)"), QComboBox(), trailing=(),
                hint=self.tr(
                    "A saved blood gas with its FiO₂; record one in the oxygenation form."
                ),
            )  # fmt: skip
            self.gas_details.setWordWrap(True)
            set_kind(self.gas_details, "result")
            self.add_widget(self.gas_details)
            self._fill_gases()
        self._end_step()

    def _build_verdict_step(self) -> None:
        self._step(self.tr("Verdict and signature"))
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setAccessibleName(self.tr("Verdict"))
        set_kind(self.verdict_label, "heading")
        self.add_widget(self.verdict_label)
        self.verdict_detail.setWordWrap(True)
        self.verdict_detail.setAccessibleName(self.tr("Failing criteria"))
        set_kind(self.verdict_detail, "hard")
        self.verdict_detail.setContentsMargins(10, 4, 4, 4)  # clear of the red bar
        self.add_widget(self.verdict_detail)
        self.add_heading(self.tr("Signature"))
        self.signature_label.setWordWrap(True)
        self.signature_label.setAccessibleName(self.tr("Signature"))
        self.add_widget(self.signature_label)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Your password, to sign"))
        self.password.setPlaceholderText(self.tr("Your password, to sign"))
        set_kind(self.sign_button, "primary")
        row = QHBoxLayout(self.sign_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.password, 1)
        row.addWidget(self.sign_button)
        self.add_widget(self.sign_row)
        self.sign_error.setWordWrap(True)
        set_kind(self.sign_error, "error")
        self.add_widget(self.sign_error)
        self.add_heading(self.tr("Each criterion"))
        self.results.setWordWrap(True)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setAccessibleName(self.tr("Each criterion"))
        set_kind(self.results, "result")
        self.add_widget(self.results)
        self._end_step()

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.sign_button.clicked.connect(self.sign)
        # Enter in the password signs through enter_pressed (the form's Enter key).
        self.steps.currentChanged.connect(self._step_changed)

    # -- saving and drafts ------------------------------------------------------------------

    def after_save(self, record_id: str) -> None:
        super().after_save(record_id)
        self.view = load_assessment(self.store, record_id)
        self._show_signature()

    def change_summary(self) -> str:
        if self.view is not None and self.view.signed:
            return self.tr(
                "You are changing a signed eligibility checklist: the signature becomes void "
                "and an investigator must sign it again."
            )
        return self.tr("You are changing an eligibility checklist that was already saved.")

    def extra_draft_state(self) -> dict[str, Any]:
        return {"step": self.steps.currentIndex()}

    def change_state(self) -> Any:
        values, _step = super().change_state()  # turning to another step changes nothing
        return values

    def restore_extra_draft(self, state: dict[str, Any]) -> None:
        step = state.get("step")
        if isinstance(step, int) and 0 <= step < self.steps.count():
            self.steps.setCurrentIndex(step)

    # -- signing --------------------------------------------------------------------------------

    @Slot()
    def sign(self) -> None:
        """Sign the saved checklist as the investigator (the password is asked again)."""
        if self.record_id is None or not self.sign_row.isVisible():
            return
        if not self.password.text():
            self.sign_error.setText(self.tr("Type your password, then press Enter or Sign."))
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.view = sign_assessment(
                self.store, self.actor, self.password.text(), self.record_id, self.protocol
            )
        except BedsideError as exc:
            self.sign_error.setText(exc.sentence)
            return
        finally:
            self.password.clear()
        self.sign_error.clear()
        self._show_signature()
        self.focus_step()  # the password row is gone: the focus stays in the wizard
        self.signed.emit(self.record_id)
