"""The oxygenation form: SpO₂ with its oxygen context, and a blood gas with its FiO₂.

Everything is computed as it is typed (by :func:`app.services.oxygenation.assess_oxygenation`):
the FiO₂ (set, measured, or estimated by the protocol's table, which is shown), the
P/F ratio with its Berlin band, and the S/F estimate (not above SpO₂ 97 %). Times are
the ward clock; the FiO₂ time is on the blood gas's day (or the day next to it, when
the two straddle midnight).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from app.clinical.errors import Message, ValidationError
from app.clinical.fio2 import DEVICE_LABELS_EN
from app.clinical.oxygenation import PFBand
from app.clinical.parsing import format_number
from app.models import Oxygenation
from app.protocol import OxygenDevice, Protocol
from app.services.oxygenation import (
    BAND_WORDS,
    FiO2Mode,
    OxygenationAssessment,
    OxygenationEntry,
    assess_oxygenation,
    fio2_convention,
    load_oxygenation,
    record_oxygenation,
)
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import set_kind
from app.ui.forms import (
    YES_NO,
    ChoiceField,
    DateField,
    NumberField,
    TextField,
    TimeField,
    column_limit,
    entry_text,
    hard,
    parse_local_datetime,
    parse_time_text,
    problem_of,
)
from app.ui.forms.base import FormWidget

FIO2_MODES = (
    (FiO2Mode.SET.value, QT_TRANSLATE_NOOP("OxygenationForm", "Set on device")),
    (FiO2Mode.MEASURED.value, QT_TRANSLATE_NOOP("OxygenationForm", "Measured")),
    (FiO2Mode.ESTIMATED.value, QT_TRANSLATE_NOOP("OxygenationForm", "Estimated")),
)
BANDS = {
    PFBand.ABOVE_300: QT_TRANSLATE_NOOP(
        "OxygenationForm", "above 300: outside the Berlin ARDS range"
    ),
    PFBand.MILD: QT_TRANSLATE_NOOP("OxygenationForm", "mild (Berlin: > 200 and ≤ 300 mmHg)"),
    PFBand.MODERATE: QT_TRANSLATE_NOOP(
        "OxygenationForm", "moderate (Berlin: > 100 and ≤ 200 mmHg)"
    ),
    PFBand.SEVERE: QT_TRANSLATE_NOOP("OxygenationForm", "severe (Berlin: ≤ 100 mmHg)"),
}
"""The Berlin bands as this form shows them (the service's BAND_WORDS, in English)."""
UNITS = (("mmHg", "mmHg"), ("kPa", "kPa"))
NOTE_CHARS = column_limit(Oxygenation.note, 500)
# The typed numbers are kept as text; a field takes no more than its column holds.
FLOW_CHARS = column_limit(Oxygenation.o2_flow_l_min, 16)
SPO2_CHARS = column_limit(Oxygenation.spo2_percent, 16)
PAO2_CHARS = column_limit(Oxygenation.pao2_entered, 16)
FIO2_CHARS = column_limit(Oxygenation.fio2_entered, 16)


def _said(text: str) -> str:
    """A rule's wording in the installed language (a translatable template says itself)."""
    said = getattr(text, "said", None)
    return str(said()) if callable(said) else text


def _modes() -> tuple[tuple[str, str], ...]:
    """The FiO₂ modes with their labels in the installed language."""
    return tuple(
        (code, QCoreApplication.translate("OxygenationForm", str(word)))
        for code, word in FIO2_MODES
    )


def _num(value: Any) -> str:
    return format_number(value) if value is not None else ""


class OxygenationForm(FormWidget):
    """One SpO₂ and/or blood gas for one participant (see the module doc)."""

    form_name = "oxygenation"

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
        *,
        record_id: str | None = None,
    ) -> None:
        super().__init__(store, actor, protocol, participant_id, parent)
        self.assessment: OxygenationAssessment | None = None
        self.measured_time = TimeField()
        self.measured_time.setObjectName("measured_time")
        self.measured_time.setAccessibleName(self.tr("Measured at (time)"))
        self.now_button = QPushButton(self.tr("Now"))
        self.pao2_unit = ChoiceField(UNITS)
        self.pao2_unit.setAccessibleName(self.tr("PaO₂ unit"))
        self.pao2_unit.set_value("mmHg")
        self.convention = QLabel()
        self.results = QLabel()
        # Computed lines sit between fields: their room is fixed, so no field moves.
        self.convention.setFixedHeight(2 * self.fontMetrics().lineSpacing() + 4)
        self.results.setFixedHeight(5 * self.fontMetrics().lineSpacing() + 24)
        self.new_button = QPushButton(self.tr("New entry"))
        self._build()
        self._connect_signals()
        if record_id is not None:
            self.load_record(record_id)
        else:
            self.new_entry()

    def _build(self) -> None:
        gap = self.protocol.oxygenation.pairing_max_gap_minutes
        self.add_heading(
            self.tr("Oxygenation"),
            self.tr("SpO₂, a blood gas, or both, with the oxygen given then."),
        )
        self.add_field(
            "measured_at", self.tr("&Measured on"), DateField(),
            trailing=(QLabel(self.tr("at")), self.measured_time, self.now_button),
            hint=self.tr("Ward clock: the time of the SpO₂ reading or of the blood-gas sample."),
        )  # fmt: skip
        devices = QComboBox()
        devices.addItem(self.tr("Choose…"), "")
        for device in OxygenDevice:
            devices.addItem(_said(DEVICE_LABELS_EN[device]).capitalize(), device.value)
        self.add_field("o2_device", self.tr("&Oxygen given by"), devices)
        self.add_field(
            "o2_flow_l_min", self.tr("Oxygen &flow"),
            NumberField("L/min", places=2, digits=4, max_chars=FLOW_CHARS),
        )  # fmt: skip
        self.add_heading("SpO₂")
        self.add_field(
            "spo2_percent", "SpO₂", NumberField("%", places=0, digits=3, max_chars=SPO2_CHARS)
        )
        self.add_field("at_rest", self.tr("Taken at &rest"), ChoiceField(YES_NO))
        self.add_heading(self.tr("Blood gas and FiO₂"))
        self.add_field(
            "pao2_entered", "PaO₂", NumberField(places=2, digits=5, max_chars=PAO2_CHARS),
            trailing=(self.pao2_unit,),
            hint=self.tr(
                "As printed, in its unit; kPa is converted exactly (1 kPa = 7.50062 mmHg)."
            ),
        )  # fmt: skip
        self.add_field("fio2_mode", self.tr("FiO₂ o&btained"), ChoiceField(_modes()))
        self.add_field(
            "fio2_entered", self.tr("F&iO₂"),
            NumberField(self.tr("fraction"), places=3, digits=4, max_chars=FIO2_CHARS),
            hint=self.tr("A fraction from 0.21 (room air) to 1.00: 0.40, not 40."),
        )  # fmt: skip
        self.add_field(
            "fio2_at", self.tr("FiO₂ rea&d at"), TimeField(),
            hint=self.tr(
                "Ward clock. A P/F ratio needs the FiO₂ within {gap} min of the blood gas."
            ).format(gap=gap),
        )  # fmt: skip
        self.convention.setWordWrap(True)
        set_kind(self.convention, "hint")
        self.add_widget(self.convention)
        self.add_heading(self.tr("Computed"))
        self.results.setWordWrap(True)
        self.results.setAccessibleName(self.tr("Computed values"))
        set_kind(self.results, "result")
        self.add_widget(self.results)
        self.add_field(
            "note",
            self.tr("&Note"),
            TextField(NOTE_CHARS),
            hint=self.tr("At most {count} characters.").format(count=NOTE_CHARS),
        )
        self.new_button.hide()
        self.button_row.insertWidget(2, self.new_button)
        self.watch_part(self.measured_time, "measured_at")
        self.finish()

    def _connect_signals(self) -> None:
        self.now_button.clicked.connect(self._fill_now)
        self.new_button.clicked.connect(self.new_entry)
        self.pao2_unit.changed.connect(self._unit_changed)
        self.measured_time.editingFinished.connect(self._time_left)

    # -- values ---------------------------------------------------------------------------

    def _measured(self, out: list[Message]) -> datetime | None:
        try:
            return parse_local_datetime(
                self.text("measured_at"),
                entry_text(self.measured_time),
                "measured_at",
                self.tr("Measured at"),
            )
        except ValidationError as exc:
            out.append(hard(exc.field, exc.message))
            return None

    def _fio2_at(self, measured: datetime | None, out: list[Message]) -> datetime | None:
        try:
            clock = parse_time_text(self.text("fio2_at"), "fio2_at", self.tr("FiO₂ read at"))
        except ValidationError as exc:
            out.append(hard(exc.field, exc.message))
            return None
        if clock is None or measured is None:
            return None
        same_day = datetime.combine(measured.date(), clock).astimezone()
        options = (same_day - timedelta(days=1), same_day, same_day + timedelta(days=1))
        return min(options, key=lambda moment: abs(moment - measured))

    def entry(self, out: list[Message] | None = None) -> OxygenationEntry:
        """What is typed, as the service takes it (parse problems go to ``out``)."""
        problems = [] if out is None else out
        measured = self._measured(problems)
        yes_no = self.value("at_rest")
        return OxygenationEntry(
            measured_at=measured,
            o2_device=str(self.value("o2_device") or ""),
            o2_flow_l_min=self._usable("o2_flow_l_min"),
            spo2_percent=self.text("spo2_percent") or None,
            at_rest=None if yes_no is None else yes_no == "yes",
            pao2_entered=self.text("pao2_entered") or None,
            pao2_unit=self.pao2_unit.value() or "mmHg",
            fio2_mode=self.value("fio2_mode"),
            fio2_entered=self._usable("fio2_entered"),
            fio2_at=self._fio2_at(measured, problems),
            note=self.text("note") or None,
        )

    def _usable(self, name: str) -> str | None:
        """A field's value; None when it is switched off and holds what it refuses."""
        editor = self.field(name).editor
        if not editor.isEnabled() and problem_of(editor):
            return None
        return self.text(name) or None

    def check(self) -> list[Message]:
        problems: list[Message] = []
        entry = self.entry(problems)
        found = assess_oxygenation(self.protocol, entry)
        parsed = {m.field for m in problems}
        return problems + [m for m in found.messages if m.field not in parsed]

    def save(self, reason: str | None) -> str:
        return record_oxygenation(
            self.store, self.actor, self.protocol, self.participant_id or "", self.entry(),
            record_id=self.record_id, reason=reason,
        )  # fmt: skip

    def after_save(self, record_id: str) -> None:
        super().after_save(record_id)
        self.new_button.show()

    def extra_draft_state(self) -> dict[str, Any]:
        return {"measured_time": self.measured_time.text(), "pao2_unit": self.pao2_unit.value()}

    def restore_extra_draft(self, state: dict[str, Any]) -> None:
        self.measured_time.setText(str(state.get("measured_time", "")))
        self.pao2_unit.set_value(state.get("pao2_unit") or "mmHg")

    def change_summary(self) -> str:
        return self.tr("You are changing an oxygenation record that was already saved.")

    # -- loading --------------------------------------------------------------------------

    @Slot()
    def new_entry(self) -> None:
        """A blank entry for today."""
        self.measured_time.clear()
        self.pao2_unit.set_value("mmHg")
        self.load_values(
            {"measured_at": f"{datetime.now():%Y-%m-%d}", "o2_device": "", "o2_flow_l_min": "",
             "spo2_percent": "", "at_rest": None, "pao2_entered": "", "fio2_mode": None,
             "fio2_entered": "", "fio2_at": "", "note": ""},
            None,
        )  # fmt: skip
        self.new_button.hide()

    def reload(self) -> None:
        """Show the saved record again if nothing is being typed (a correction elsewhere)."""
        if self.record_id is not None and not self.has_unsaved_changes():
            self.load_record(self.record_id)

    def load_record(self, record_id: str) -> None:
        """Show a saved record; saving changes to it asks for a reason."""
        _pid, entry = load_oxygenation(self.store, record_id)
        local = entry.measured_at.astimezone() if entry.measured_at else None
        self._loading = True
        self.measured_time.setText(f"{local:%H:%M}" if local else "")
        self.pao2_unit.set_value(entry.pao2_unit)
        self._loading = False
        self.load_values(
            {
                "measured_at": f"{local:%Y-%m-%d}" if local else "",
                "o2_device": entry.o2_device,
                "o2_flow_l_min": entry.o2_flow_l_min or "",
                "spo2_percent": entry.spo2_percent or "",
                "at_rest": None if entry.at_rest is None else "yes" if entry.at_rest else "no",
                "pao2_entered": entry.pao2_entered or "",
                "fio2_mode": entry.fio2_mode,
                "fio2_entered": entry.fio2_entered or "",
                "fio2_at": f"{entry.fio2_at.astimezone():%H:%M}" if entry.fio2_at else "",
                "note": entry.note or "",
            },
            record_id,
        )
        self.new_button.show()

    # -- computed values ------------------------------------------------------------------

    def preview(self) -> None:
        entry = self.entry([])
        device = entry.o2_device
        mode = entry.fio2_mode
        is_room_air = device == OxygenDevice.ROOM_AIR.value
        self.field("o2_flow_l_min").editor.setEnabled(not is_room_air)
        self.field("fio2_mode").editor.setEnabled(not is_room_air)
        self.field("fio2_entered").editor.setEnabled(
            not is_room_air and mode != FiO2Mode.ESTIMATED.value
        )
        self.convention.setText(fio2_convention(self.protocol, device) if device else "")
        try:
            found = assess_oxygenation(self.protocol, entry)
        except Exception:  # noqa: BLE001 - a preview must never stop typing; check() reports
            found = None
        self.assessment = found
        self.results.setText(self._results_text(found))

    def _results_text(self, found: OxygenationAssessment | None) -> str:
        if found is None:
            return self.tr("Nothing to compute yet.")
        lines = []
        if found.fio2 is not None and found.fio2.is_estimate:
            lines.append(found.fio2.note_en)
        elif found.fio2 is not None:
            mode = dict(FIO2_MODES).get(str(self.value("fio2_mode")))
            how = (
                QCoreApplication.translate("OxygenationForm", str(mode)) if mode else self.tr("Set")
            ).lower()
            device = _said(DEVICE_LABELS_EN[found.fio2.device])
            lines.append(
                self.tr("FiO₂ {fio2}, {how} ({device}).").format(
                    fio2=f"{found.fio2.fio2_fraction:.2f}", how=how, device=device
                )
            )
        if found.pao2 is not None and found.pao2.unit.value == "kPa":
            lines.append(
                self.tr("PaO₂ {kpa} kPa = {mmhg} mmHg (exact conversion).").format(
                    kpa=found.pao2.entered, mmhg=f"{found.pao2.mmhg:.1f}"
                )
            )
        if found.pf is not None:
            estimate = self.tr(" — the FiO₂ is an estimate") if found.pf.fio2_estimated else ""
            band = BANDS.get(found.pf.band)
            words = (
                QCoreApplication.translate("OxygenationForm", str(band))
                if band
                else BAND_WORDS[found.pf.band]
            )
            lines.append(
                self.tr(
                    "P/F ratio {ratio} mmHg: {band}{estimate}. "
                    "FiO₂ read {minutes} min from the blood gas."
                ).format(
                    ratio=f"{found.pf.pf_ratio_mmhg:.0f}",
                    band=words,
                    estimate=estimate,
                    minutes=f"{found.pf.minutes_apart:.0f}",
                )
            )
        elif found.pao2 is not None:
            lines.append(self.tr("P/F ratio: not computed (needs the FiO₂ and its time)."))
        if found.sf is not None:
            lines.append(
                self.tr("S/F ratio {ratio} — an estimate from SpO₂, not a measured P/F.").format(
                    ratio=f"{found.sf.sf_ratio:.0f}"
                )
            )
        elif found.sf_refused:
            lines.append(
                self.tr("S/F ratio (estimate): not computed. {reason}").format(
                    reason=found.sf_refused
                )
            )
        return "\n".join(lines) or self.tr("Nothing to compute yet.")

    # -- slots ----------------------------------------------------------------------------

    @Slot()
    def _fill_now(self) -> None:
        now = datetime.now()
        self.set_value("measured_at", f"{now:%Y-%m-%d}")
        self.measured_time.setText(f"{now:%H:%M}")
        self._time_left()

    @Slot()
    def _unit_changed(self) -> None:
        self._on_edited("pao2_entered")

    @Slot()
    def _time_left(self) -> None:
        # The FiO₂ is usually read at the moment of the blood gas: offer that time.
        clock = entry_text(self.measured_time)
        if not self.text("fio2_at") and clock and self.measured_time.problem() is None:
            self.set_value("fio2_at", clock)
        self._on_left("measured_at")
