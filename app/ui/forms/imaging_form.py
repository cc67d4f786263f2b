"""Chest imaging at a visit: date, CT or X-ray, lesion extent and the finding."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.clinical.errors import Message
from app.models import ChestImaging
from app.services.observation_checks import MODALITIES, ImagingEntry, check_imaging
from app.services.observations import record_imaging
from app.ui.forms import ChoiceField, NumberField, TextField, column_limit
from app.ui.forms.visit_forms import ObservationForm, visit_name

FINDING_CHARS = column_limit(ChestImaging.finding, 1000)
EXTENT_CHARS = column_limit(ChestImaging.lesion_extent_percent, 16)
# The kinds of image as shown (MODALITIES holds the English ones).
MODALITY_WORDS = {
    "CT": QT_TRANSLATE_NOOP("ImagingForm", "CT"),
    "X-ray": QT_TRANSLATE_NOOP("ImagingForm", "Chest X-ray"),
}


def modality_word(key: str) -> str:
    """Modality ``key``'s name in the installed language (its English if unknown)."""
    label = MODALITIES.get(key, key)
    source = MODALITY_WORDS.get(key)
    if source is None or source != label:
        return str(label)
    return QCoreApplication.translate("ImagingForm", source)


class ImagingForm(ObservationForm):
    """One chest CT or X-ray: when, which, how much of the lungs, and what was seen."""

    form_name = "imaging"
    form_title = QT_TRANSLATE_NOOP("ImagingForm", "Chest imaging")
    new_text = QT_TRANSLATE_NOOP("ImagingForm", "New image")
    records = ("imaging",)
    one_per_visit = True
    checker = check_imaging
    recorder = record_imaging
    when_field = "imaged_on"

    def build(self) -> None:
        self.add_heading(self.tr("Chest imaging"))
        self.add_picker()
        self.add_visit_field()
        self.add_when("imaged", self.tr("&Imaged on"), with_time=False)
        kinds = tuple((key, modality_word(key)) for key in MODALITIES)
        self.add_field("modality", self.tr("&Kind"), ChoiceField(kinds))
        self.add_field(
            "lesion_extent_percent",
            self.tr("&Lesion extent"),
            NumberField("%", places=2, digits=4, max_chars=EXTENT_CHARS),
            hint=self.tr("Share of the lungs affected, as the report gives it."),
        )
        self.add_field(
            "finding",
            self.tr("&Finding"),
            TextField(FINDING_CHARS),
            hint=self.tr("As in the report, in one line (at most {count} characters).").format(
                count=FINDING_CHARS
            ),
        )

    def blank_values(self) -> dict[str, Any]:
        return {
            "visit_code": self.visit_code or "",
            "imaged_on": date.today().isoformat(),
            "modality": None,
            "lesion_extent_percent": "",
            "finding": "",
        }

    def values_of(self, entry: ImagingEntry) -> dict[str, Any]:
        return {
            "visit_code": entry.visit_code,
            "imaged_on": entry.imaged_on.isoformat(),
            "modality": entry.modality,
            "lesion_extent_percent": entry.lesion_extent_percent or "",
            "finding": entry.finding or "",
        }

    def describe(self, entry: ImagingEntry) -> str:
        extent = f" · {entry.lesion_extent_percent} %" if entry.lesion_extent_percent else ""
        name = visit_name(self.protocol, entry.visit_code)
        return f"{entry.imaged_on.isoformat()} · {name} · {modality_word(entry.modality)}{extent}"

    def entry(self, problems: list[Message]) -> ImagingEntry:
        imaged = self.day("imaged_on", self.tr("Imaged on"), problems, required=True)
        return ImagingEntry(
            str(self.value("visit_code") or ""),
            imaged or date.today(),
            str(self.value("modality") or ""),
            self.optional("lesion_extent_percent"),
            self.optional("finding"),
        )
