"""What each observation form holds: the entries, as typed, and the words they choose from.

The entry dataclasses keep what a person typed, as text; the vocabularies (imaging
modalities, specimens, results, symptoms, dispositions) map each stored key to its
English label. :mod:`app.services.observation_checks` checks an entry and
:mod:`app.services.observations` saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from app.clinical.errors import Message
from app.errors import InvalidInput
from app.models import ParticipantStatus
from app.models.base import Audited
from app.sentences import QT_TRANSLATE_NOOP

E = TypeVar("E")
M = TypeVar("M", bound=Audited)

UNSCHEDULED = "UNSCHEDULED"
"""Visit code of observations taken between scheduled visits (vital signs every 4 h)."""

MODALITIES = {"CT": "CT", "X-ray": "Chest X-ray"}
SPECIMENS = {
    "nasopharyngeal_swab": "Nasopharyngeal swab",
    "oropharyngeal_swab": "Oropharyngeal swab",
    "sputum": "Sputum",
    "lower_respiratory": "Lower airway (BAL, aspirate)",
    "stool": "Stool or anal swab",
    "blood": "Blood",
}
RESULTS = {"positive": "Positive", "negative": "Negative", "indeterminate": "Indeterminate"}
# Registration: "respiratory symptoms (fever, dry cough, difficulty breathing, etc.)".
SYMPTOMS = {
    "fever": "Fever",
    "dry_cough": "Dry cough",
    "dyspnoea": "Difficulty breathing",
    "chest_tightness": "Chest tightness",
    "sputum": "Sputum",
    "sore_throat": "Sore throat",
    "fatigue": "Fatigue",
    "myalgia": "Muscle aches",
}
DISPOSITIONS = {
    "discharged": "Discharged from hospital (follow-up continues)",
    "completed": "Completed the study",
    "withdrawn": "Withdrawn",
    "died": "Died",
}
# Disposition kind -> the status it sets; a discharge keeps the participant on study.
STATUS_AFTER = {
    "completed": ParticipantStatus.COMPLETED,
    "withdrawn": ParticipantStatus.WITHDRAWN,
    "died": ParticipantStatus.DIED,
}

_REFUSED = QT_TRANSLATE_NOOP("Observations", "The entry was refused.")


class EntryRefused(InvalidInput):
    """A save refused by the checks; ``messages`` says what, field by field."""

    def __init__(self, messages: Sequence[Message]) -> None:
        super().__init__(messages[0].text if messages else _REFUSED.said())
        self.messages = tuple(messages)


@dataclass(frozen=True)
class Saved(Generic[E]):
    """A saved record: its id and its values as an entry (to show or to edit)."""

    id: str
    entry: E


# -- entries ------------------------------------------------------------------------


@dataclass(frozen=True)
class VitalSignsEntry:
    visit_code: str
    measured_at: datetime
    temperature_c: str | None = None
    heart_rate_per_min: str | None = None
    respiratory_rate_per_min: str | None = None
    systolic_bp_mmhg: str | None = None
    diastolic_bp_mmhg: str | None = None
    spo2_percent: str | None = None
    o2_device: str | None = None
    """An :class:`~app.protocol.OxygenDevice` value, or None when not recorded."""
    o2_flow_l_min: str | None = None
    fio2_fraction: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class LabValueEntry:
    """One analyte as reported, with its unit and the laboratory's reference range."""

    analyte_code: str
    value_entered: str | None = None
    """A number, optionally after ``<`` or ``>`` (below/above the assay's limit)."""
    unit: str | None = None
    reference_low: str | None = None
    reference_high: str | None = None


@dataclass(frozen=True)
class LabPanelEntry:
    """The results of one blood draw: one value per analyte of the protocol's panel."""

    visit_code: str
    sampled_at: datetime
    values: tuple[LabValueEntry, ...]
    note: str | None = None


@dataclass(frozen=True)
class ImagingEntry:
    visit_code: str
    imaged_on: date
    modality: str
    lesion_extent_percent: str | None = None
    finding: str | None = None


@dataclass(frozen=True)
class SymptomEntry:
    symptom: str
    onset_on: date | None = None
    resolved_on: date | None = None


@dataclass(frozen=True)
class NucleicAcidEntry:
    sampled_at: datetime
    specimen: str
    result: str


@dataclass(frozen=True)
class WhoScoreEntry:
    visit_code: str
    assessed_on: date
    score: int | None


@dataclass(frozen=True)
class DispositionEntry:
    kind: str
    event_on: date
    reason: str | None = None
