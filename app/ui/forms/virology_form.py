"""Nucleic-acid (RT-PCR) results: when the sample was taken, what it was, the result."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel

from app.clinical.errors import Message
from app.protocol import Protocol
from app.services.observation_checks import (
    RESULTS,
    SPECIMENS,
    NucleicAcidEntry,
    check_nucleic_acid,
)
from app.services.observations import record_nucleic_acid
from app.services.outcomes import outcomes_of
from app.services.visits import Recorded
from app.ui.app_style import set_kind
from app.ui.forms import ChoiceField
from app.ui.forms.visit_forms import ObservationForm, local_parts, now_parts

# The specimens and results as shown (SPECIMENS and RESULTS hold the English ones).
WORDS = {
    "nasopharyngeal_swab": QT_TRANSLATE_NOOP("VirologyForm", "Nasopharyngeal swab"),
    "oropharyngeal_swab": QT_TRANSLATE_NOOP("VirologyForm", "Oropharyngeal swab"),
    "sputum": QT_TRANSLATE_NOOP("VirologyForm", "Sputum"),
    "lower_respiratory": QT_TRANSLATE_NOOP("VirologyForm", "Lower airway (BAL, aspirate)"),
    "stool": QT_TRANSLATE_NOOP("VirologyForm", "Stool or anal swab"),
    "blood": QT_TRANSLATE_NOOP("VirologyForm", "Blood"),
    "positive": QT_TRANSLATE_NOOP("VirologyForm", "Positive"),
    "negative": QT_TRANSLATE_NOOP("VirologyForm", "Negative"),
    "indeterminate": QT_TRANSLATE_NOOP("VirologyForm", "Indeterminate"),
}


def word(key: str, label: str) -> str:
    """``key``'s name in the installed language (``label``, its English, if unknown)."""
    source = WORDS.get(key)
    if source is None or source != label:
        return label
    return QCoreApplication.translate("VirologyForm", source)


def specimen_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("VirologyForm", "Choose the specimen…"), "")
    for key, label in SPECIMENS.items():
        combo.addItem(word(key, label), key)
    return combo


def negativity_text(held: Recorded, protocol: Protocol) -> str:
    """ "Negative from day 9 (rule)" or "not reached yet", from the saved results."""
    found = outcomes_of(held, protocol)
    count = len(held.nucleic_acid)
    if held.day0_on is None:
        reached = QCoreApplication.translate(
            "VirologyForm", "counted from day 0 once it is recorded"
        )
    elif found.negativity_days is None:
        reached = QCoreApplication.translate("VirologyForm", "not reached yet")
    else:
        reached = QCoreApplication.translate("VirologyForm", "day {day}").format(
            day=found.negativity_days
        )
    if count == 1:
        said = QCoreApplication.translate(
            "VirologyForm", "1 result saved. Time to negativity: {reached} ({rule})."
        )
    else:
        said = QCoreApplication.translate(
            "VirologyForm", "{count} results saved. Time to negativity: {reached} ({rule})."
        )
    return said.format(count=count, reached=reached, rule=found.negativity_rule)


class VirologyForm(ObservationForm):
    """One RT-PCR sample and its result; the time to negativity follows the saved ones."""

    form_name = "virology"
    form_title = QT_TRANSLATE_NOOP("VirologyForm", "Nucleic acid test")
    new_text = QT_TRANSLATE_NOOP("VirologyForm", "New sample")
    records = ("nucleic_acid",)
    of_visit = False  # samples are dated, not tied to a visit
    checker = check_nucleic_acid
    recorder = record_nucleic_acid
    against_protocol = False
    when_field = "sampled_at"
    renames = MappingProxyType({"sampled_at": "sampled_on"})

    def build(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_kind(self.summary, "result")
        self.add_heading(self.tr("Nucleic acid (RT-PCR)"))
        self.add_widget(self.summary)
        self.add_picker()
        self.add_when("sampled", self.tr("Sampled &on"))
        self.add_field("specimen", self.tr("Spe&cimen"), specimen_combo())
        results = tuple((key, word(key, label)) for key, label in RESULTS.items())
        self.add_field("result", self.tr("&Result"), ChoiceField(results))

    def reload(self, select: str | None = None) -> None:
        super().reload(select)
        held = self.held()
        self.summary.setText(negativity_text(held, self.protocol))

    def blank_values(self) -> dict[str, Any]:
        day, clock = now_parts()
        return {"sampled_on": day, "sampled_time": clock, "specimen": "", "result": None}

    def values_of(self, entry: NucleicAcidEntry) -> dict[str, Any]:
        day, clock = local_parts(entry.sampled_at)
        return {
            "sampled_on": day,
            "sampled_time": clock,
            "specimen": entry.specimen,
            "result": entry.result,
        }

    def describe(self, entry: NucleicAcidEntry) -> str:
        day, clock = local_parts(entry.sampled_at)
        specimen = word(entry.specimen, SPECIMENS.get(entry.specimen, entry.specimen))
        result = word(entry.result, RESULTS.get(entry.result, entry.result))
        return f"{day} {clock} · {specimen} · {result}"

    def entry(self, problems: list[Message]) -> NucleicAcidEntry:
        sampled = self.when("sampled", self.tr("Sampled on"), problems)
        return NucleicAcidEntry(
            sampled or datetime.now(UTC),
            str(self.value("specimen") or ""),
            str(self.value("result") or ""),
        )
