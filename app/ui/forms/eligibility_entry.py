"""What the eligibility checklist holds, read from its fields and shown in them.

A mixin of :class:`~app.ui.forms.eligibility_wizard.EligibilityWizard`: the entry made
of what was typed and answered, checked and saved; the participant's latest checklist
(or a new one for today, with the date of birth from the screening log) put back in the
fields; the saved blood gases to choose the P/F ratio from; and, as the entry is typed,
the age it counts and the blood gas it shows, and the verdict the app computes.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QStackedWidget, QWidget

from app.clinical.eligibility import EligibilityResult, age_in_completed_years
from app.clinical.errors import Message, ValidationError
from app.clinical.plausibility import has_hard
from app.protocol import Criterion, CriterionKind, Protocol
from app.services.eligibility import (
    AssessmentView,
    EligibilityEntry,
    check_entry,
    evaluate_entry,
    latest_assessment,
    save_assessment,
)
from app.services.oxygenation import BloodGas, blood_gases
from app.services.screening import load_screening
from app.store.store import Store
from app.store.uow import Actor
from app.ui.forms.typed_entry import after_typing, read_dates

if TYPE_CHECKING:
    from app.ui.forms.field_row import FormField

DATES = {
    "assessed_on": QT_TRANSLATE_NOOP("EligibilityWizard", "Assessment date"),
    "date_of_birth": QT_TRANSLATE_NOOP("EligibilityWizard", "Date of birth"),
    "rt_pcr_date": QT_TRANSLATE_NOOP("EligibilityWizard", "RT-PCR sample date"),
    "ct_date": QT_TRANSLATE_NOOP("EligibilityWizard", "CT date"),
}
NO_GAS = QT_TRANSLATE_NOOP("EligibilityWizard", "No blood gas chosen")
"""The "no gas" entry's English (its value when loading); shown translated."""


def _yes_no(value: Any) -> bool | None:
    return None if value is None else value == "yes"


def _choice(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


class ChecklistEntryMixin:
    """The checklist's entry, its blood gases and what it computes (see the module doc)."""

    store: Store
    actor: Actor
    protocol: Protocol
    participant_id: str | None
    record_id: str | None
    view: AssessmentView | None
    result: EligibilityResult | None
    gases: list[BloodGas]
    steps: QStackedWidget
    age_label: QLabel
    gas_details: QLabel
    sign_row: QWidget

    if TYPE_CHECKING:  # provided by the widget this is mixed into

        def fields(self) -> dict[str, FormField]: ...

        def value(self, name: str) -> Any: ...

        def text(self, name: str) -> str: ...

        def load_values(self, values: dict[str, Any], record_id: str | None) -> None: ...

        def has_unsaved_changes(self) -> bool: ...

        def _show_result(self) -> None: ...

        def _show_signature(self) -> None: ...

        def _step_changed(self, index: int) -> None: ...

    def _criteria(self, *kinds: CriterionKind) -> list[Criterion]:
        return [c for c in self.protocol.criteria if c.kind in kinds]

    # -- blood gases ------------------------------------------------------------------------

    def _combo(self) -> QComboBox | None:
        field = self.fields().get("oxygenation_id")
        return field.editor if field is not None else None  # type: ignore[return-value]

    def _fill_gases(self) -> None:
        combo = self._combo()
        if combo is None:
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(QCoreApplication.translate("EligibilityWizard", str(NO_GAS)), None)
        for gas in self.gases:
            when = gas.measured_at.astimezone()
            item = QCoreApplication.translate(
                "EligibilityWizard", "{when} — P/F {ratio} mmHg"
            ).format(when=f"{when:%d %b %Y %H:%M}", ratio=f"{gas.pf_ratio_mmhg:.0f}")
            combo.addItem(item, gas.id)
        index = combo.findData(chosen)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def reload_blood_gases(self) -> None:
        """Read the participant's blood gases again (after one was saved elsewhere)."""
        self.gases = blood_gases(self.store, self.participant_id or "")
        self._fill_gases()
        self.preview()

    def reload(self) -> None:
        """Catch up with what was saved elsewhere; nothing typed here is lost."""
        self.gases = blood_gases(self.store, self.participant_id or "")
        self._fill_gases()
        if self.has_unsaved_changes():
            self.preview()
        else:
            self.load()

    def chosen_gas(self) -> BloodGas | None:
        combo = self._combo()
        wanted = None if combo is None else combo.currentData()
        return next((g for g in self.gases if g.id == wanted), None)

    # -- values -------------------------------------------------------------------------------

    def entry(self, out: list[Message] | None = None) -> EligibilityEntry:
        problems = [] if out is None else out
        days = read_dates(self._text, DATES, "EligibilityWizard", problems)
        asked = self._criteria(CriterionKind.CONSENT, CriterionKind.ATTESTATION)
        gas = self.chosen_gas()
        return EligibilityEntry(
            assessed_on=days["assessed_on"],
            date_of_birth=days["date_of_birth"],
            rt_pcr_date=days["rt_pcr_date"],
            rt_pcr_positive=_yes_no(self._value("rt_pcr_positive")),
            ct_date=days["ct_date"],
            ct_characteristic=_yes_no(self._value("ct_characteristic")),
            ct_finding=self._text("ct_finding") or None,
            respiratory_rate_per_min=self._text("respiratory_rate_per_min") or None,
            spo2_at_rest_percent=self._text("spo2_at_rest_percent") or None,
            oxygenation_id=None if gas is None else gas.id,
            answers={c.id: _yes_no(self.value(c.id)) for c in asked},
        )

    def _value(self, name: str) -> Any:
        return self.value(name) if name in self.fields() else None

    def _text(self, name: str) -> str:
        return self.text(name) if name in self.fields() else ""

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        found = check_entry(self.protocol, entry, self.chosen_gas(), today=date.today())
        return after_typing(problems, found)

    def save(self, reason: str | None) -> str:
        saved = save_assessment(
            self.store, self.actor, self.protocol, self.participant_id or "", self.entry(),
            record_id=self.record_id, reason=reason,
        )  # fmt: skip
        return saved.id

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the participant's latest checklist, or a new one for today."""
        self.view = latest_assessment(self.store, self.participant_id or "")
        values: dict[str, Any] = dict.fromkeys(DATES, "")
        values.update({c.id: None for c in self.protocol.criteria})
        if self.view is None:
            born = load_screening(self.store, self.participant_id or "").entry.date_of_birth
            values["assessed_on"] = date.today().isoformat()
            values["date_of_birth"] = born.isoformat() if born else ""
            values.update(rt_pcr_positive=None, ct_characteristic=None, ct_finding="",
                          respiratory_rate_per_min="", spo2_at_rest_percent="",
                          oxygenation_id=NO_GAS)  # fmt: skip
        else:
            e = self.view.entry
            for name in DATES:
                day = getattr(e, name)
                values[name] = day.isoformat() if day else ""
            values.update(
                rt_pcr_positive=_choice(e.rt_pcr_positive),
                ct_characteristic=_choice(e.ct_characteristic), ct_finding=e.ct_finding or "",
                respiratory_rate_per_min=e.respiratory_rate_per_min or "",
                spo2_at_rest_percent=e.spo2_at_rest_percent or "",
                oxygenation_id=e.oxygenation_id or NO_GAS,
            )  # fmt: skip
            values.update({key: _choice(answer) for key, answer in e.answers.items()})
        self.load_values(values, None if self.view is None else self.view.id)
        self.steps.setCurrentIndex(0 if self.view is None else self.steps.count() - 1)
        self._step_changed(self.steps.currentIndex())
        self._show_signature()

    # -- computed -------------------------------------------------------------------------------

    def preview(self) -> None:
        if not hasattr(self, "sign_row"):
            return  # still building
        entry = self.entry([])
        try:
            born, on = entry.date_of_birth, entry.assessed_on
            age = age_in_completed_years(born, on) if born and on else None
        except ValidationError:
            age = None
        self.age_label.setText(
            ""
            if age is None
            else QCoreApplication.translate(
                "EligibilityWizard", "{age} completed years on {on}"
            ).format(age=age, on=on)
        )
        gas = self.chosen_gas()
        self.gas_details.setVisible(gas is not None)
        if gas is not None:
            self.gas_details.setText(_gas_details(gas))
        self.result = None
        if not has_hard(self.check()):
            try:
                self.result = evaluate_entry(self.protocol, entry, gas)
            except ValidationError:
                self.result = None
        self._show_result()
        self._show_signature()


def _gas_details(gas: BloodGas) -> str:
    """The chosen blood gas in a sentence: when, its P/F ratio and band, its context."""
    fio2_at = (
        QCoreApplication.translate("EligibilityWizard", ", FiO₂ read at {time}").format(
            time=f"{gas.fio2_at.astimezone():%H:%M}"
        )
        if gas.fio2_at
        else ""
    )
    band = (gas.pf_band or "").replace("_", " ")
    return QCoreApplication.translate(
        "EligibilityWizard", "Blood gas of {when}{fio2_at}: P/F {ratio} mmHg ({band}). {context}."
    ).format(
        when=f"{gas.measured_at.astimezone():%d %b %Y %H:%M}",
        fio2_at=fio2_at,
        ratio=f"{gas.pf_ratio_mmhg:.1f}",
        band=band,
        context=gas.context,
    )
