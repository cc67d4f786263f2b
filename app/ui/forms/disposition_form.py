"""Disposition: how participation ended (or a discharge), and the status it sets."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel

from app.clinical.errors import Message
from app.models import Disposition, ParticipantStatus
from app.services.observation_checks import (
    DISPOSITIONS,
    STATUS_AFTER,
    DispositionEntry,
    check_disposition,
)
from app.services.observations import record_disposition
from app.services.participants import status_word
from app.ui.app_style import set_kind
from app.ui.forms import ChoiceField, TextField, column_limit
from app.ui.forms.visit_forms import ObservationForm

REASON_CHARS = column_limit(Disposition.reason, 1000)
KINDS = (
    ("discharged", QT_TRANSLATE_NOOP("DispositionForm", "Discharged")),
    ("completed", QT_TRANSLATE_NOOP("DispositionForm", "Completed")),
    ("withdrawn", QT_TRANSLATE_NOOP("DispositionForm", "Withdrawn")),
    ("died", QT_TRANSLATE_NOOP("DispositionForm", "Died")),
)
DATE_WORDS = {
    "died": QT_TRANSLATE_NOOP("DispositionForm", "Date of death"),
    "withdrawn": QT_TRANSLATE_NOOP("DispositionForm", "Date of withdrawal"),
    "completed": QT_TRANSLATE_NOOP("DispositionForm", "Date completed"),
    "discharged": QT_TRANSLATE_NOOP("DispositionForm", "Date of discharge"),
}
# How a saved disposition is named in the chooser (DISPOSITIONS holds the English ones).
DISPOSITION_WORDS = {
    "discharged": QT_TRANSLATE_NOOP(
        "DispositionForm", "Discharged from hospital (follow-up continues)"
    ),
    "completed": QT_TRANSLATE_NOOP("DispositionForm", "Completed the study"),
    "withdrawn": QT_TRANSLATE_NOOP("DispositionForm", "Withdrawn"),
    "died": QT_TRANSLATE_NOOP("DispositionForm", "Died"),
}


def disposition_word(kind: str) -> str:
    """Disposition ``kind``'s name in the installed language (its English if unknown)."""
    label = DISPOSITIONS.get(kind, kind)
    source = DISPOSITION_WORDS.get(kind)
    if source is None or source != label:
        return label
    return QCoreApplication.translate("DispositionForm", source)


class DispositionForm(ObservationForm):
    """Discharge, completion, withdrawal (with reason) or death (with its date)."""

    form_name = "disposition"
    form_title = QT_TRANSLATE_NOOP("DispositionForm", "Disposition")
    new_text = QT_TRANSLATE_NOOP("DispositionForm", "New disposition")
    records = ("dispositions",)
    of_visit = False
    checker = check_disposition
    recorder = record_disposition
    against_protocol = False
    when_field = "event_on"

    def build(self) -> None:
        self.add_heading(
            self.tr("Disposition"), self.tr("How the participant's time on the study ended.")
        )
        self.add_picker()
        kinds = tuple(
            (key, QCoreApplication.translate("DispositionForm", str(text))) for key, text in KINDS
        )
        self.add_field("kind", self.tr("&What happened"), ChoiceField(kinds))
        self.add_when("event", self.tr("&Date"), with_time=False)
        reason = TextField(REASON_CHARS)
        hint = self.tr("Required for a withdrawal (e.g. consent withdrawn, lost to follow-up).")
        self.add_field("reason", self.tr("&Reason"), reason, hint=hint)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        set_kind(self.effect, "result")
        self.add_widget(self.effect)

    def preview(self) -> None:
        """Say what saving will do to the participant's status, and name the date."""
        if not hasattr(self, "effect"):
            return
        kind = self.value("kind")
        source = DATE_WORDS.get(str(kind))
        self.field("event_on").label.setText(
            QCoreApplication.translate("DispositionForm", str(source))
            if source
            else self.tr("&Date")
        )
        status = STATUS_AFTER.get(str(kind))
        if status is None and kind == "discharged":
            text = self.tr(
                "A discharge keeps the participant in follow-up: the status does not change."
            )
        elif status is not None:
            text = self.tr("Saving sets the participant's status to {status}.").format(
                status=status_word(status)
            )
            if status is ParticipantStatus.DIED:
                text += " " + self.tr("The death counts for the mortality outcome.")
        else:
            text = self.tr("Choose what happened.")
        self.effect.setText(text)

    def blank_values(self) -> dict[str, Any]:
        return {"kind": None, "event_on": date.today().isoformat(), "reason": ""}

    def values_of(self, entry: DispositionEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "event_on": entry.event_on.isoformat(),
            "reason": entry.reason or "",
        }

    def describe(self, entry: DispositionEntry) -> str:
        return f"{entry.event_on.isoformat()} · {disposition_word(entry.kind)}"

    def entry(self, problems: list[Message]) -> DispositionEntry:
        when = self.day("event_on", self.tr("Date"), problems, required=True)
        return DispositionEntry(
            str(self.value("kind") or ""), when or date.today(), self.optional("reason")
        )
