"""The vital signs of one infusion timepoint, and "Stop the infusion?" when they say so.

The form is built on the form base: the same field types as every form (a decimal
comma is read as a point), each value checked against the protocol's plausibility
ranges, the sentence next to the field. After a save, values that meet one of the
protocol's infusion stop criteria open :class:`StopPrompt`: stop the infusion, carry
on, or report an adverse event. The same for both arms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.clinical.errors import Message, ValidationError
from app.clinical.parsing import parse_local_datetime
from app.protocol import Protocol
from app.services import infusion as service
from app.services.observation_checks import UNSCHEDULED, VitalSignsEntry, check_vital_signs
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.forms import DateField, NumberField, TimeField, hard
from app.ui.forms.base import FormWidget
from app.ui.forms.fields import entry_text
from app.ui.forms.visit_forms import local_parts
from app.ui.forms.vitals_form import MEASUREMENTS
from app.ui.i18n import pick


class InfusionVitalsForm(FormWidget):
    """Temperature, pulse, breathing, blood pressure and SpO₂ at one timepoint.

    Signals (besides the base's ``saved``):
        recorded(object): the service's :class:`~app.services.infusion.VitalsResult`.
    """

    recorded = Signal(object)

    form_name = "infusion_vitals"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        infusion_id: str,
        timepoint: service.TimepointView,
        *,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.infusion_id = infusion_id
        self.timepoint = timepoint
        self._clock = clock
        self.result: service.VitalsResult | None = None
        target = timepoint.target_at
        hint = (
            self.tr("Target time {time}.").format(time=f"{target.astimezone():%H:%M}")
            if target
            else None
        )
        label = pick(timepoint.label_en, timepoint.label_zh)
        self.add_heading(self.tr("Vital signs: {label}").format(label=label), hint)
        day = DateField()
        at_time = TimeField()
        at_time.setObjectName("measured_time")
        at_time.setAccessibleName(self.tr("Measured at: time"))
        self.add_field(
            "measured_on", self.tr("&Measured on"), day, trailing=(QLabel(self.tr("at")), at_time)
        )
        self.watch_part(at_time, "measured_on")
        self.measured_time = at_time
        for name, (field, places) in MEASUREMENTS.items():
            rng = protocol.range_for(field)
            label = pick(rng.label_en, rng.label_zh) if rng else name.replace("_", " ")
            self.add_field(
                name, label, NumberField(rng.unit if rng else "", places=places, digits=4)
            )
        self.save_button.setText(self.tr("&Save vital signs"))
        self.finish()
        on, at = local_parts(clock())
        self.load_values({"measured_on": on}, None)
        at_time.setText(at)
        self._dirty = False

    def form_key(self) -> str:
        return f"{self.form_name}:{self.infusion_id}:{self.timepoint.code}"

    def measured_at(self, problems: list[Message]) -> datetime | None:
        try:
            moment = parse_local_datetime(
                self.text("measured_on"), entry_text(self.measured_time), "measured_on",
                self.tr("Measured on"),
            )  # fmt: skip
        except ValidationError as exc:
            problems.append(hard("measured_on", exc.message))
            return None
        if moment is None:
            problems.append(hard("measured_on", self.tr("Measured on: enter the date and time.")))
        return moment

    def values(self) -> dict[str, str]:
        """Each measurement as understood (``37,9`` → ``37.9``), "" when blank."""
        return {name: self.text(name) for name in MEASUREMENTS}

    def check(self) -> list[Message]:
        """The same checks as every set of vital signs: ranges, BP, not in the future."""
        problems: list[Message] = []
        measured = self.measured_at(problems)
        typed = {k: v for k, v in self.values().items() if v}
        entry = VitalSignsEntry(
            visit_code=UNSCHEDULED, measured_at=measured or self._clock(), **typed
        )
        found = check_vital_signs(self.protocol, entry, self._clock())
        if problems:  # the time could not be read: its own message says so
            found = tuple(m for m in found if m.field != "measured_at")
        moved = [
            Message("measured_on" if m.field == "measured_at" else m.field, m.text, m.severity,
                    m.code)
            for m in found
        ]  # fmt: skip
        return problems + moved

    def save(self, reason: str | None) -> str:
        measured = self.measured_at([])
        assert measured is not None  # check() refused a missing time
        typed = {k: v for k, v in self.values().items() if v}
        result = service.record_vitals(
            self.store, self.actor, self.infusion_id, self.timepoint.code, typed, measured,
            now=self._clock(), protocol=self.protocol, confirm_unusual=True, reason=reason,
        )  # fmt: skip
        self.result = result
        return result.id

    def after_save(self, record_id: str) -> None:
        super().after_save(record_id)
        self.recorded.emit(self.result)

    def extra_draft_state(self) -> dict[str, Any]:
        return {"measured_time": self.measured_time.text()}

    def restore_extra_draft(self, state: dict[str, Any]) -> None:
        self.measured_time.setText(str(state.get("measured_time", "")))


class StopPrompt(QDialog):
    """Vital signs met a stop criterion: "Stop the infusion?".

    ``choice`` after it closes: ``stop``, ``continue`` or ``report`` (stop questions
    are answered by the nurse; reporting opens the adverse-event form).

    Signals:
        chosen(str): the choice, as it is made.
    """

    chosen = Signal(str)

    def __init__(self, criteria: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stop the infusion?"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.choice = ""
        self.heading = QLabel(self.tr("Stop the infusion?"))
        set_kind(self.heading, "heading")
        self.findings = QLabel(
            self.tr("These vital signs meet the protocol's stop criteria:\n{criteria}").format(
                criteria="\n".join(f"• {c}" for c in criteria)
            )
        )
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.stop_button = QPushButton(self.tr("&Stop the infusion…"))
        set_kind(self.stop_button, "danger")
        self.report_button = QPushButton(self.tr("&Report an adverse event"))
        self.continue_button = QPushButton(self.tr("&Continue the infusion"))
        row = QHBoxLayout()
        for button in (self.continue_button, self.report_button, self.stop_button):
            button.setMinimumHeight(TOUCH_MIN_PX)
            button.setAutoDefault(False)
            button.clicked.connect(self._chosen)
            row.addWidget(button)
        self.stop_button.setProperty("choice", "stop")
        self.report_button.setProperty("choice", "report")
        self.continue_button.setProperty("choice", "continue")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 16)
        column.addWidget(self.heading)
        column.addWidget(self.findings)
        column.addLayout(row)
        self.setMinimumWidth(640)

    @Slot()
    def _chosen(self) -> None:
        self.choice = str(self.sender().property("choice"))
        self.chosen.emit(self.choice)
        self.accept()
