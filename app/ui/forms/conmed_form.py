"""A concomitant medication, or part of the conventional treatment both arms receive."""

from __future__ import annotations

from datetime import date
from typing import Any

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
        hint = "Include the conventional COVID-19 treatment every participant receives."
        self.add_heading("Concomitant medication", hint)
        self.add_field("drug", "&Medication", TextField(TEXT_CHARS))
        self.add_field("dose", "&Dose", NumberField(digits=6))
        self.add_field("dose_unit", "Dose &unit", _combo([(u, u) for u in DOSE_UNITS]))
        self.add_field("route", "&Route", _combo(list(ROUTES.items())))
        self.add_field("frequency", "&Frequency", TextField(TEXT_CHARS),
                       hint="For example: once daily, every 8 h, single dose.")  # fmt: skip
        self.add_field("start_on", "&Started on", DateField())
        self.add_field("stop_on", "S&topped on", DateField())
        self.add_field("ongoing", "Ongoing", QCheckBox("Still &given"))
        self.add_field("indication", "&Indication", TextField(TEXT_CHARS))
        self.add_field(
            "conventional", "Treatment", QCheckBox("Part of the &conventional treatment")
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
            start_on=self._day("start_on", "Started on", problems),
            stop_on=self._day("stop_on", "Stopped on", problems),
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
