"""Laboratory results of one blood draw: every analyte of the protocol's panel in one grid.

Each value is kept as reported, with a unit chosen from the analyte's allowed units
(never assumed when there is more than one) and the laboratory's reference range. A
new draw starts from the units and ranges of the participant's last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.clinical.errors import Message
from app.models import LabResult
from app.protocol import LabTest
from app.services.observation_checks import (
    LabPanelEntry,
    LabValueEntry,
    Saved,
    check_lab_panel,
    lab_field,
)
from app.services.observations import record_lab_panel
from app.services.visits import LabPanel, Recorded
from app.ui.forms import LabValueField, NumberField, column_limit, entry_text
from app.ui.forms.visit_forms import (
    ObservationForm,
    local_parts,
    now_parts,
    stretch,
    visit_name,
)
from app.ui.i18n import pick

PARTS = ("unit", "reference_low", "reference_high")


VALUE_CHARS = column_limit(LabResult.value_entered, 32)
LIMIT_CHARS = column_limit(LabResult.reference_low, 32)


def unit_combo(test: LabTest) -> QComboBox:
    combo = QComboBox()
    if len(test.units) > 1:
        combo.addItem(QCoreApplication.translate("LabsForm", "Unit…"), "")
    for unit in test.units:
        combo.addItem(unit.label, unit.label)
    combo.setMinimumWidth(130)
    return combo


class LabsForm(ObservationForm):
    """One blood draw: sampling time, then value, unit and reference range per analyte."""

    form_name = "labs"
    form_title = QT_TRANSLATE_NOOP("LabsForm", "Laboratory results")
    new_text = QT_TRANSLATE_NOOP("LabsForm", "New blood draw")
    records = ("lab_panels",)
    one_per_visit = True
    checker = check_lab_panel
    when_field = "sampled_at"

    def build(self) -> None:
        self.add_heading(
            self.tr("Laboratory results"),
            self.tr("One blood draw. Leave blank what was not tested."),
        )
        self.add_picker()
        self.add_visit_field()
        self.add_when("sampled", self.tr("Sampled &on"))
        self.add_heading(
            self.tr("Results"),
            self.tr(
                "Type each value as reported (< or > allowed), with its unit and the "
                "laboratory's reference range from the report."
            ),
        )
        for test in self.protocol.labs:
            self._add_analyte(test)
        names = {"sampled_at": "sampled_on"}
        for test in self.protocol.labs:
            names.update({lab_field(test.code, p): lab_field(test.code, "value") for p in PARTS})
        self.renames = names

    def _add_analyte(self, test: LabTest) -> None:
        code = test.code
        unit = unit_combo(test)
        low = NumberField(digits=4, max_chars=LIMIT_CHARS, placeholder=self.tr("low"))
        high = NumberField(digits=4, max_chars=LIMIT_CHARS, placeholder=self.tr("high"))
        name = pick(test.name_en, test.name_zh)
        for editor, part, words in (
            (unit, "unit", self.tr("{analyte}: unit")),
            (low, "reference_low", self.tr("{analyte}: lowest normal")),
            (high, "reference_high", self.tr("{analyte}: highest normal")),
        ):
            editor.setObjectName(lab_field(code, part))
            editor.setAccessibleName(words.format(analyte=name))
        dash = QLabel("–")
        self.add_field(
            lab_field(code, "value"),
            name,
            LabValueField(max_chars=VALUE_CHARS),
            trailing=(unit, QLabel(self.tr("normal range")), low, dash, high, stretch()),
        )
        for editor in (unit, low, high):
            self.watch_extra(editor, lab_field(code, "value"))

    # -- values ---------------------------------------------------------------------------

    def _last_panel(self) -> LabPanel | None:
        panels = self.held().lab_panels
        return panels[-1] if panels else None

    def blank_values(self) -> dict[str, Any]:
        day, clock = now_parts()
        values: dict[str, Any] = {
            "visit_code": self.visit_code or "",
            "sampled_on": day,
            "sampled_time": clock,
        }
        last = self._last_panel()
        before = {v.analyte_code: v for v in last.entry.values} if last else {}
        for test in self.protocol.labs:
            values[lab_field(test.code, "value")] = ""
            old = before.get(test.code)
            single = test.units[0].label if len(test.units) == 1 else ""
            values[lab_field(test.code, "unit")] = old.unit if old and old.unit else single
            values[lab_field(test.code, "reference_low")] = old.reference_low if old else ""
            values[lab_field(test.code, "reference_high")] = old.reference_high if old else ""
        return values

    def values_of(self, entry: LabPanel) -> dict[str, Any]:
        day, clock = local_parts(entry.entry.sampled_at)
        values: dict[str, Any] = {
            "visit_code": entry.entry.visit_code,
            "sampled_on": day,
            "sampled_time": clock,
        }
        given = {v.analyte_code: v for v in entry.entry.values}
        for test in self.protocol.labs:
            value = given.get(test.code, LabValueEntry(test.code))
            values[lab_field(test.code, "value")] = value.value_entered or ""
            for part in PARTS:
                values[lab_field(test.code, part)] = getattr(value, part) or ""
        return values

    def saved_records(self, held: Recorded) -> Sequence[Saved[Any]]:
        mine = [p for p in held.lab_panels if self.visit_code in (None, p.entry.visit_code)]
        return [Saved(min(p.record_ids.values()), p) for p in reversed(mine)]

    def describe(self, entry: LabPanel) -> str:
        day, clock = local_parts(entry.entry.sampled_at)
        count = len(entry.record_ids)
        name = visit_name(self.protocol, entry.entry.visit_code)
        if count == 1:
            return self.tr("{day} {time} · {visit} · 1 result").format(
                day=day, time=clock, visit=name
            )
        return self.tr("{day} {time} · {visit} · {count} results").format(
            day=day, time=clock, visit=name, count=count
        )

    def entry(self, problems: list[Message]) -> LabPanelEntry:
        sampled = self.when("sampled", self.tr("Sampled on"), problems)
        values = []
        for test in self.protocol.labs:
            extra = {p: self.findChild(QWidget, lab_field(test.code, p)) for p in PARTS}
            unit = extra["unit"]
            low, high = extra["reference_low"], extra["reference_high"]
            assert isinstance(unit, QComboBox)
            assert isinstance(low, QLineEdit) and isinstance(high, QLineEdit)
            values.append(
                LabValueEntry(
                    test.code,
                    self.optional(lab_field(test.code, "value")),
                    unit.currentData() or None,
                    entry_text(low) or None,
                    entry_text(high) or None,
                )
            )
        return LabPanelEntry(
            str(self.value("visit_code") or ""), sampled or datetime.now(UTC), tuple(values)
        )

    # -- saving ---------------------------------------------------------------------------

    def save(self, reason: str | None) -> str:
        record_ids: dict[str, str] = {}
        if self.record_id is not None:
            panels = self.held().lab_panels
            shown = next((p for p in panels if self.record_id in p.record_ids.values()), None)
            record_ids = dict(shown.record_ids) if shown else {}
        saved = record_lab_panel(
            self.store,
            self.actor,
            self.protocol,
            self.participant_id or "",
            self.entry([]),
            record_ids=record_ids,
            reason=reason,
            confirm_unusual=True,
        )
        return min(saved.values())
