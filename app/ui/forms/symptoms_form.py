"""Respiratory symptoms: when each started and when it resolved (one line per symptom).

The form always shows the participant's current record of every symptom; saving keeps
each symptom's record up to date. Changing a date already saved needs a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel

from app.clinical.errors import Message
from app.services.observation_checks import (
    SYMPTOMS,
    Saved,
    SymptomEntry,
    check_symptom,
    symptom_field,
)
from app.services.observations import record_symptoms
from app.services.visits import Recorded
from app.ui.forms import DateField
from app.ui.forms.visit_forms import ObservationForm, stretch

# The symptoms' names as shown (SYMPTOMS holds the English ones).
SYMPTOM_WORDS = {
    "fever": QT_TRANSLATE_NOOP("SymptomsForm", "Fever"),
    "dry_cough": QT_TRANSLATE_NOOP("SymptomsForm", "Dry cough"),
    "dyspnoea": QT_TRANSLATE_NOOP("SymptomsForm", "Difficulty breathing"),
    "chest_tightness": QT_TRANSLATE_NOOP("SymptomsForm", "Chest tightness"),
    "sputum": QT_TRANSLATE_NOOP("SymptomsForm", "Sputum"),
    "sore_throat": QT_TRANSLATE_NOOP("SymptomsForm", "Sore throat"),
    "fatigue": QT_TRANSLATE_NOOP("SymptomsForm", "Fatigue"),
    "myalgia": QT_TRANSLATE_NOOP("SymptomsForm", "Muscle aches"),
}


def symptom_word(key: str, label: str) -> str:
    """Symptom ``key``'s name in the installed language (``label``, its English, if unknown)."""
    source = SYMPTOM_WORDS.get(key)
    if source is None or source != label:
        return label
    return QCoreApplication.translate("SymptomsForm", source)


class SymptomsForm(ObservationForm):
    """Onset and resolution date of each respiratory symptom."""

    form_name = "symptoms"
    form_title = QT_TRANSLATE_NOOP("SymptomsForm", "Symptoms")
    records = ("symptoms",)
    of_visit = False  # symptoms belong to the participant, not to one visit
    checker = check_symptom
    against_protocol = False

    def build(self) -> None:
        self.add_heading(
            self.tr("Respiratory symptoms"),
            self.tr(
                "For each symptom the participant has had: the day it started and, once gone, "
                "the day it resolved (2026-03-01, or day first: 1.3.2026). Leave both blank "
                "for a symptom never present."
            ),
        )
        for key, english in SYMPTOMS.items():
            label = symptom_word(key, english)
            resolved = DateField()
            resolved.setObjectName(symptom_field(key, "resolved_on"))
            resolved.setAccessibleName(self.tr("{symptom}: resolved on").format(symptom=label))
            onset = DateField()
            self.add_field(
                symptom_field(key, "onset_on"),
                label,
                onset,
                trailing=(QLabel(self.tr("resolved")), resolved, stretch()),
            )
            self.watch_extra(resolved, symptom_field(key, "onset_on"))
        self.renames = {
            symptom_field(k, "resolved_on"): symptom_field(k, "onset_on") for k in SYMPTOMS
        }

    def saved_records(self, held: Recorded) -> Sequence[Saved[Any]]:
        return ()  # not chosen: the form always shows what is recorded now

    def blank_values(self) -> dict[str, Any]:
        """Not blank: what is recorded now (a symptom has one record, kept current)."""
        held = {s.entry.symptom: s.entry for s in self.held().symptoms}
        values: dict[str, Any] = {}
        for key in SYMPTOMS:
            entry = held.get(key)
            onset = entry.onset_on if entry else None
            resolved = entry.resolved_on if entry else None
            values[symptom_field(key, "onset_on")] = onset.isoformat() if onset else ""
            values[symptom_field(key, "resolved_on")] = resolved.isoformat() if resolved else ""
        return values

    def is_editing(self) -> bool:
        """A date already saved is being changed or cleared (a new one needs no reason)."""
        return any(before and before != self.extra_text(n) for n, before in self._loaded.items())

    def entries(self, problems: list[Message]) -> list[SymptomEntry]:
        found = []
        for key, english in SYMPTOMS.items():
            label = symptom_word(key, english)
            onset_field = symptom_field(key, "onset_on")
            onset = self.day(
                onset_field,
                self.tr("{symptom}: started").format(symptom=label),
                problems,
                required=False,
            )
            resolved = self.day(
                symptom_field(key, "resolved_on"),
                self.tr("{symptom}: resolved").format(symptom=label),
                problems,
                required=False,
                field=onset_field,
            )
            found.append(SymptomEntry(key, onset, resolved))
        return found

    def check(self) -> list[Message]:
        problems: list[Message] = []
        found = [m for e in self.entries(problems) for m in check_symptom(e)]
        return problems + self.renamed(found, self.renames)

    def save(self, reason: str | None) -> str:
        saved = record_symptoms(
            self.store, self.actor, self.participant_id or "", self.entries([]), reason=reason
        )
        return min(saved.values(), default="")

    def after_save(self, record_id: str) -> None:
        self.record_id = None
        self.reload()
