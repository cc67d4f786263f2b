"""Vital signs: one set of measurements at a visit, checked against the protocol's ranges."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from app.clinical.errors import Message
from app.clinical.fio2 import DEVICE_LABELS_EN
from app.models import VitalSigns
from app.protocol import OxygenDevice
from app.services.observation_checks import VitalSignsEntry, check_vital_signs
from app.services.observations import record_vital_signs
from app.ui.forms import NumberField, TextField, column_limit
from app.ui.forms.visit_forms import ObservationForm, local_parts, now_parts, visit_name
from app.ui.i18n import pick

# Field -> (protocol plausibility field, decimal places the measurement has).
MEASUREMENTS: dict[str, tuple[str, int]] = {
    "temperature_c": ("temperature_celsius", 2),
    "heart_rate_per_min": ("heart_rate_per_min", 0),
    "respiratory_rate_per_min": ("respiratory_rate_per_min", 0),
    "systolic_bp_mmhg": ("systolic_bp_mmhg", 0),
    "diastolic_bp_mmhg": ("diastolic_bp_mmhg", 0),
    "spo2_percent": ("spo2_percent", 0),
}
NOTE_CHARS = column_limit(VitalSigns.note, 500)
# The oxygen devices as the chooser shows them (DEVICE_LABELS_EN, capitalised).
DEVICE_WORDS = {
    OxygenDevice.ROOM_AIR: QT_TRANSLATE_NOOP("VitalSignsForm", "Room air"),
    OxygenDevice.NASAL_CANNULA: QT_TRANSLATE_NOOP("VitalSignsForm", "Nasal cannula"),
    OxygenDevice.SIMPLE_MASK: QT_TRANSLATE_NOOP("VitalSignsForm", "Simple face mask"),
    OxygenDevice.NON_REBREATHER_MASK: QT_TRANSLATE_NOOP(
        "VitalSignsForm", "Mask with reservoir (non-rebreather)"
    ),
    OxygenDevice.VENTURI_MASK: QT_TRANSLATE_NOOP("VitalSignsForm", "Venturi mask"),
    OxygenDevice.HIGH_FLOW_NASAL_CANNULA: QT_TRANSLATE_NOOP(
        "VitalSignsForm", "High-flow nasal cannula"
    ),
    OxygenDevice.NIV_CPAP: QT_TRANSLATE_NOOP("VitalSignsForm", "Niv/cpap"),
    OxygenDevice.INVASIVE_VENTILATION: QT_TRANSLATE_NOOP("VitalSignsForm", "Invasive ventilator"),
}


def device_word(device: OxygenDevice) -> str:
    """The device's name in the chooser, in the installed language."""
    source = DEVICE_WORDS.get(device)
    if source is None or source != DEVICE_LABELS_EN[device].capitalize():
        return DEVICE_LABELS_EN[device].capitalize()
    return QCoreApplication.translate("VitalSignsForm", source)


class VitalSignsForm(ObservationForm):
    """One set of vital signs; each value is checked against the protocol's ranges."""

    form_name = "vitals"
    form_title = QT_TRANSLATE_NOOP("VitalSignsForm", "Vital signs")
    new_text = QT_TRANSLATE_NOOP("VitalSignsForm", "New set of vital signs")
    records = ("vitals",)
    checker = check_vital_signs
    recorder = record_vital_signs
    when_field = "measured_at"  # when it cannot be read, the form's own sentence says so
    renames = MappingProxyType({"measured_at": "measured_on"})

    def build(self) -> None:
        protocol = self.protocol
        self.add_heading(
            self.tr("Vital signs"),
            self.tr("Type each value as measured; leave blank what was not."),
        )
        self.add_picker()
        self.add_visit_field()
        self.add_when("measured", self.tr("&Measured on"))
        for name, (field, places) in MEASUREMENTS.items():
            rng = protocol.range_for(field)
            # the protocol's words
            label = pick(rng.label_en, rng.label_zh) if rng else name.replace("_", " ")
            editor = NumberField(rng.unit if rng else "", places=places, digits=4)
            self.add_field(name, label, editor)
        self.add_heading(self.tr("Oxygen at the time"))
        device = QComboBox()
        device.addItem(self.tr("Not recorded"), "")
        for d in OxygenDevice:
            device.addItem(device_word(d), d.value)
        self.add_field("o2_device", self.tr("&Oxygen device"), device)
        self.add_field("o2_flow_l_min", self.tr("&Flow"), NumberField("L/min", places=2, digits=4))
        self.add_field(
            "fio2_fraction",
            self.tr("F&iO₂"),
            NumberField(self.tr("fraction"), places=3, digits=4, placeholder="0.21–1.00"),
            hint=self.tr("A fraction: 0.40, not 40. Only if set or measured."),
        )
        self.add_field(
            "note",
            self.tr("&Note"),
            TextField(NOTE_CHARS),
            hint=self.tr("At most {count} characters.").format(count=NOTE_CHARS),
        )

    # -- values ---------------------------------------------------------------------------

    def blank_values(self) -> dict[str, Any]:
        day, clock = now_parts()
        values: dict[str, Any] = dict.fromkeys(self.fields(), "")
        values.update(visit_code=self.visit_code or "", measured_on=day, measured_time=clock)
        return values

    def values_of(self, entry: VitalSignsEntry) -> dict[str, Any]:
        day, clock = local_parts(entry.measured_at)
        typed = (*MEASUREMENTS, "o2_flow_l_min", "fio2_fraction", "note")
        values = {name: getattr(entry, name) or "" for name in typed}
        values.update(
            visit_code=entry.visit_code,
            measured_on=day,
            measured_time=clock,
            o2_device=entry.o2_device or "",
        )
        return values

    def describe(self, entry: VitalSignsEntry) -> str:
        day, clock = local_parts(entry.measured_at)
        parts = [f"{day} {clock}", visit_name(self.protocol, entry.visit_code)]
        if entry.spo2_percent:
            parts.append(f"SpO₂ {entry.spo2_percent} %")
        if entry.temperature_c:
            parts.append(self.tr("T {value} °C").format(value=entry.temperature_c))
        return " · ".join(parts)

    def entry(self, problems: list[Message]) -> VitalSignsEntry:
        measured = self.when("measured", self.tr("Measured on"), problems)
        return VitalSignsEntry(
            visit_code=str(self.value("visit_code") or ""),
            measured_at=measured or datetime.now(UTC),
            temperature_c=self.optional("temperature_c"),
            heart_rate_per_min=self.optional("heart_rate_per_min"),
            respiratory_rate_per_min=self.optional("respiratory_rate_per_min"),
            systolic_bp_mmhg=self.optional("systolic_bp_mmhg"),
            diastolic_bp_mmhg=self.optional("diastolic_bp_mmhg"),
            spo2_percent=self.optional("spo2_percent"),
            o2_device=self.optional("o2_device"),
            o2_flow_l_min=self.optional("o2_flow_l_min"),
            fio2_fraction=self.optional("fio2_fraction"),
            note=self.optional("note"),
        )
