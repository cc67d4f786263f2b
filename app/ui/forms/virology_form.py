"""Nucleic-acid (RT-PCR) results: when the sample was taken, what it was, the result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.clinical.errors import Message
from app.protocol import Protocol
from app.services.observation_checks import (
    RESULTS,
    SPECIMENS,
    NucleicAcidEntry,
    Saved,
    check_nucleic_acid,
)
from app.services.observations import record_nucleic_acid
from app.services.outcomes import outcomes_of
from app.services.visits import Recorded
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import ChoiceField
from app.ui.forms.visit_forms import ObservationForm, local_parts, now_parts


def specimen_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("Choose the specimen…", "")
    for key, label in SPECIMENS.items():
        combo.addItem(label, key)
    return combo


def negativity_text(held: Recorded, protocol: Protocol) -> str:
    """ "Negative from day 9 (rule)" or "not reached yet", from the saved results."""
    found = outcomes_of(held, protocol)
    count = len(held.nucleic_acid)
    if held.day0_on is None:
        reached = "counted from day 0 once it is recorded"
    elif found.negativity_days is None:
        reached = "not reached yet"
    else:
        reached = f"day {found.negativity_days}"
    return (
        f"{count} result{'s' * (count != 1)} saved. Time to negativity: {reached} "
        f"({found.negativity_rule})."
    )


class VirologyForm(ObservationForm):
    """One RT-PCR sample and its result; the time to negativity follows the saved ones."""

    form_name = "virology"
    form_title = "Nucleic acid test"
    records = ("nucleic_acid",)
    new_text = "New sample"

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
        del visit_code  # samples are dated, not tied to a visit
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_kind(self.summary, "result")
        self.add_heading("Nucleic acid (RT-PCR)")
        self.add_widget(self.summary)
        self.add_picker()
        self.add_when("sampled", "Sampled &on")
        self.add_field("specimen", "Spe&cimen", specimen_combo())
        self.add_field("result", "&Result", ChoiceField(tuple(RESULTS.items())))
        self.finish()
        self.reload()

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

    def saved_records(self, held: Recorded) -> Sequence[Saved[Any]]:
        return list(held.nucleic_acid)[::-1]

    def describe(self, entry: NucleicAcidEntry) -> str:
        day, clock = local_parts(entry.sampled_at)
        specimen = SPECIMENS.get(entry.specimen, entry.specimen)
        return f"{day} {clock} · {specimen} · {RESULTS.get(entry.result, entry.result)}"

    def entry(self, problems: list[Message]) -> NucleicAcidEntry:
        sampled = self.when("sampled", "Sampled on", problems)
        return NucleicAcidEntry(
            sampled or datetime.now(UTC),
            str(self.value("specimen") or ""),
            str(self.value("result") or ""),
        )

    def check(self) -> list[Message]:
        problems: list[Message] = []
        found = check_nucleic_acid(self.entry(problems))
        if problems:
            found = tuple(m for m in found if m.field != "sampled_at")
        return problems + self.renamed(found, {"sampled_at": "sampled_on"})

    def save(self, reason: str | None) -> str:
        return record_nucleic_acid(
            self.store,
            self.actor,
            self.participant_id or "",
            self.entry([]),
            record_id=self.record_id,
            reason=reason,
        ).id
