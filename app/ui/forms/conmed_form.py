"""A concomitant medication, or part of the conventional treatment both arms receive."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from app.clinical.conmeds import DOSE_UNITS, ROUTES, ConMedEntry, check_conmed
from app.clinical.errors import Message, ValidationError
from app.clinical.parsing import parse_date_text
from app.models import ConMed
from app.protocol import Protocol
from app.services.conmeds import list_conmeds, record_conmed
from app.store.store import Store
from app.store.uow import Actor
from app.ui.forms import DateField, NumberField, TextField, column_limit, hard
from app.ui.forms.base import FormWidget

TEXT_CHARS = column_limit(ConMed.drug, 200)
# The routes as the chooser shows them (ROUTES holds the English ones).
ROUTE_WORDS = {
    "oral": QT_TRANSLATE_NOOP("ConMedForm", "Oral"),
    "iv": QT_TRANSLATE_NOOP("ConMedForm", "Intravenous"),
    "im": QT_TRANSLATE_NOOP("ConMedForm", "Intramuscular"),
    "sc": QT_TRANSLATE_NOOP("ConMedForm", "Subcutaneous"),
    "inhaled": QT_TRANSLATE_NOOP("ConMedForm", "Inhaled"),
    "nasogastric": QT_TRANSLATE_NOOP("ConMedForm", "Nasogastric tube"),
    "topical": QT_TRANSLATE_NOOP("ConMedForm", "Topical"),
    "rectal": QT_TRANSLATE_NOOP("ConMedForm", "Rectal"),
    "other": QT_TRANSLATE_NOOP("ConMedForm", "Other"),
}


def route_word(key: str, label: str) -> str:
    """Route ``key``'s name in the installed language (``label``, its English, if unknown)."""
    source = ROUTE_WORDS.get(key)
    if source is None or source != label:
        return label
    return QCoreApplication.translate("ConMedForm", source)


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.addItem("—", "")
    for key, text in items:
        box.addItem(text, key)
    return box


class ConMedForm(FormWidget):
    """Drug, dose and unit, route, frequency, start and stop, indication."""

    form_name = "con-med"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        hint = self.tr("Include the conventional COVID-19 treatment every participant receives.")
        self.add_heading(self.tr("Concomitant medication"), hint)
        self.add_field("drug", self.tr("&Medication"), TextField(TEXT_CHARS))
        self.add_field("dose", self.tr("&Dose"), NumberField(digits=6))
        self.add_field("dose_unit", self.tr("Dose &unit"), _combo([(u, u) for u in DOSE_UNITS]))
        routes = [(key, route_word(key, label)) for key, label in ROUTES.items()]
        self.add_field("route", self.tr("&Route"), _combo(routes))
        often = self.tr("For example: once daily, every 8 h, single dose.")
        self.add_field("frequency", self.tr("&Frequency"), TextField(TEXT_CHARS), hint=often)
        self.add_field("start_on", self.tr("&Started on"), DateField())
        self.add_field("stop_on", self.tr("S&topped on"), DateField())
        self.add_field("ongoing", self.tr("Ongoing"), QCheckBox(self.tr("Still &given")))
        self.add_field("indication", self.tr("&Indication"), TextField(TEXT_CHARS))
        self.add_field(
            "conventional",
            self.tr("Treatment"),
            QCheckBox(self.tr("Part of the &conventional treatment")),
        )
        self.finish()
        self.load(None)

    def blank_values(self) -> dict[str, Any]:
        values: dict[str, Any] = dict.fromkeys(self.fields(), "")
        values["ongoing"] = values["conventional"] = False
        return values

    def load(self, conmed_id: str | None) -> None:
        """Show a saved medication, or a blank form for ``None``."""
        if conmed_id is None:
            self.load_values(self.blank_values(), None)
            return
        found = next(v for v in list_conmeds(self.store, self.participant_id or "")
                     if v.id == conmed_id)  # fmt: skip
        e = found.entry
        self.load_values(
            {"drug": e.drug, "dose": e.dose or "", "dose_unit": e.dose_unit or "",
             "route": e.route or "", "frequency": e.frequency or "",
             "start_on": e.start_on.isoformat() if e.start_on else "",
             "stop_on": e.stop_on.isoformat() if e.stop_on else "", "ongoing": e.ongoing,
             "indication": e.indication or "", "conventional": e.conventional},
            conmed_id,
        )  # fmt: skip

    def _day(self, name: str, label: str, problems: list[Message]) -> date | None:
        try:
            return parse_date_text(self.text(name), name, label)
        except ValidationError as exc:
            problems.append(hard(exc.field, exc.message))
            return None

    def entry(self, problems: list[Message]) -> ConMedEntry:
        return ConMedEntry(
            drug=self.text("drug"),
            dose=self.value("dose") or None,
            dose_unit=str(self.value("dose_unit") or "") or None,
            route=str(self.value("route") or "") or None,
            frequency=self.text("frequency") or None,
            start_on=self._day("start_on", self.tr("Started on"), problems),
            stop_on=self._day("stop_on", self.tr("Stopped on"), problems),
            ongoing=bool(self.value("ongoing")),
            indication=self.text("indication") or None,
            conventional=bool(self.value("conventional")),
        )

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        bad = {m.field for m in problems}
        return problems + [m for m in check_conmed(entry, date.today()) if m.field not in bad]

    def save(self, reason: str | None) -> str:
        return record_conmed(self.store, self.actor, self.participant_id or "", self.entry([]),
                             record_id=self.record_id, reason=reason)  # fmt: skip

    def after_save(self, record_id: str) -> None:
        self.record_id = record_id
