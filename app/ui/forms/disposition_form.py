"""Disposition: how participation ended (or a discharge), and the status it sets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.clinical.errors import Message
from app.models import Disposition, ParticipantStatus
from app.protocol import Protocol
from app.services.observation_checks import (
    DISPOSITIONS,
    STATUS_AFTER,
    DispositionEntry,
    Saved,
    check_disposition,
)
from app.services.observations import record_disposition
from app.services.participants import status_word
from app.services.visits import Recorded
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import ChoiceField, TextField, column_limit
from app.ui.forms.visit_forms import ObservationForm

REASON_CHARS = column_limit(Disposition.reason, 1000)
KINDS = (
    ("discharged", "Discharged"),
    ("completed", "Completed"),
    ("withdrawn", "Withdrawn"),
    ("died", "Died"),
)
DATE_WORDS = {
    "died": "Date of death",
    "withdrawn": "Date of withdrawal",
    "completed": "Date completed",
    "discharged": "Date of discharge",
}


class DispositionForm(ObservationForm):
    """Discharge, completion, withdrawal (with reason) or death (with its date)."""

    form_name = "disposition"
    form_title = "Disposition"
    records = ("dispositions",)
    new_text = "New disposition"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        visit_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, None, parent)
        del visit_code
        self.add_heading("Disposition", "How the participant's time on the study ended.")
        self.add_picker()
        self.add_field("kind", "&What happened", ChoiceField(KINDS))
        self.add_when("event", "&Date", with_time=False)
        reason = TextField(REASON_CHARS)
        hint = "Required for a withdrawal (e.g. consent withdrawn, lost to follow-up)."
        self.add_field("reason", "&Reason", reason, hint=hint)
        self.effect = QLabel()
        self.effect.setWordWrap(True)
        set_kind(self.effect, "result")
        self.add_widget(self.effect)
        self.finish()
        self.reload()

    def preview(self) -> None:
        """Say what saving will do to the participant's status, and name the date."""
        if not hasattr(self, "effect"):
            return
        kind = self.value("kind")
        self.field("event_on").label.setText(DATE_WORDS.get(str(kind), "&Date"))
        status = STATUS_AFTER.get(str(kind))
        if status is None and kind == "discharged":
            text = "A discharge keeps the participant in follow-up: the status does not change."
        elif status is not None:
            text = f"Saving sets the participant's status to {status_word(status)}."
            if status is ParticipantStatus.DIED:
                text += " The death counts for the mortality outcome."
        else:
            text = "Choose what happened."
        self.effect.setText(text)

    def blank_values(self) -> dict[str, Any]:
        return {"kind": None, "event_on": date.today().isoformat(), "reason": ""}

    def values_of(self, entry: DispositionEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "event_on": entry.event_on.isoformat(),
            "reason": entry.reason or "",
        }

    def saved_records(self, held: Recorded) -> Sequence[Saved[Any]]:
        return list(held.dispositions)[::-1]

    def describe(self, entry: DispositionEntry) -> str:
        return f"{entry.event_on.isoformat()} · {DISPOSITIONS.get(entry.kind, entry.kind)}"

    def entry(self, problems: list[Message]) -> DispositionEntry:
        when = self.day("event_on", "Date", problems, required=True)
        return DispositionEntry(
            str(self.value("kind") or ""), when or date.today(), self.optional("reason")
        )

    def check(self) -> list[Message]:
        problems: list[Message] = []
        found = check_disposition(self.entry(problems))
        if problems:
            found = tuple(m for m in found if m.field != "event_on")
        return problems + list(found)

    def save(self, reason: str | None) -> str:
        return record_disposition(
            self.store,
            self.actor,
            self.participant_id or "",
            self.entry([]),
            record_id=self.record_id,
            reason=reason,
        ).id
