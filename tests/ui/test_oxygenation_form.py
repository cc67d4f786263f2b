"""The oxygenation form driven by keys and clicks: kPa, FiO₂ typed as 40, S/F at 98 %.

Set ``BEDSIDE_SCREENSHOTS=docs/screenshots`` to write screenshots 24 and 25 on the way.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.clinical.errors import Message
from app.clinical.units import MMHG_PER_KPA
from app.models import AuditEntry, Oxygenation
from app.protocol import load_default, load_protocol
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.app_style import apply_style
from app.ui.forms import ChoiceField
from app.ui.forms.oxygenation_form import OxygenationForm
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
CLICK = Qt.MouseButton.LeftButton
# Yesterday: the tests type ward times such as 09:30, which today may not have reached yet.
TODAY = (date.today() - timedelta(days=1)).isoformat()


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("BEDSIDE_SCREENSHOTS")
    if folder:
        for _ in range(5):  # layout requests are posted events: let them all run
            QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def form(
    qtbot: QtBot, opened: OpenStore, role: Role = Role.NURSE, protocol=PROTOCOL
) -> OxygenationForm:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    entry = ScreeningEntry(initials="LW", sex="F", age_years="60", weight_kg="58",
                           admission_date=date.today() - timedelta(days=1))  # fmt: skip
    pid = screen_patient(opened.store, opened.actor(Role.NURSE), protocol, entry).id
    f = OxygenationForm(opened.store, opened.actor(role), protocol, pid)
    qtbot.addWidget(f)
    f.resize(1000, 1250)
    f.show()
    qtbot.waitExposed(f)
    return f


def type_in(qtbot: QtBot, f: OxygenationForm, name: str, text: str) -> None:
    editor = f.field(name).editor
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)
    editor.editingFinished.emit()  # leaving the field (offscreen windows never take focus)


def choose(qtbot: QtBot, f: OxygenationForm, name: str, key: str) -> None:
    editor = f.field(name).editor
    assert isinstance(editor, ChoiceField)
    qtbot.mouseClick(editor.button(key), CLICK)


def device(f: OxygenationForm, value: str) -> None:
    combo = f.field("o2_device").editor
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))


def blood_gas(qtbot: QtBot, f: OxygenationForm, fio2: str) -> None:
    type_in(qtbot, f, "measured_at", TODAY)
    qtbot.keyClicks(f.measured_time, "09:30")
    f.measured_time.editingFinished.emit()
    device(f, "high_flow_nasal_cannula")
    type_in(qtbot, f, "o2_flow_l_min", "40")
    type_in(qtbot, f, "spo2_percent", "92")
    choose(qtbot, f, "at_rest", "yes")
    type_in(qtbot, f, "pao2_entered", "8")
    qtbot.mouseClick(f.pao2_unit.button("kPa"), CLICK)
    choose(qtbot, f, "fio2_mode", "set")
    type_in(qtbot, f, "fio2_entered", fio2)


def rows(opened: OpenStore) -> list[Oxygenation]:
    with opened.store.read() as session:
        return list(session.scalars(select(Oxygenation)))


def test_a_blood_gas_in_kpa_shows_pf_with_its_band_and_saves_as_typed(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    blood_gas(qtbot, f, "0.40")
    assert f.text("fio2_at") == "09:30"  # offered from the blood-gas time
    shown = f.results.text()
    assert "PaO₂ 8 kPa = 60.0 mmHg (exact conversion)." in shown
    assert "P/F ratio 150 mmHg: moderate (Berlin: > 100 and ≤ 200 mmHg)" in shown
    assert "S/F ratio 230 — an estimate from SpO₂, not a measured P/F." in shown
    assert "set on the device" in f.convention.text()
    shot(f, "24-oxygenation-blood-gas")
    with qtbot.waitSignal(f.saved) as saved:
        qtbot.mouseClick(f.save_button, CLICK)
    (row,) = rows(opened)
    assert row.id == saved.args[0]
    assert (row.pao2_entered, row.pao2_unit, row.fio2_entered, row.fio2_source) == (
        "8",
        "kPa",
        "0.40",
        "set",
    )
    assert Decimal(row.pf_ratio_mmhg) == 8 * MMHG_PER_KPA / Decimal("0.40")
    assert row.pf_band == "moderate" and row.at_rest is True
    assert f.status_label.text().startswith("Saved at ")


def test_fio2_typed_as_40_is_caught_with_the_rules_sentence(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    blood_gas(qtbot, f, "40")
    message = f.field("fio2_entered").message
    assert message.isVisible()
    assert message.text() == "✖ FiO₂ is a fraction: did you mean 0.40?"
    assert f.field("fio2_entered").editor.property("mark") == "hard"
    assert "P/F ratio: not computed" in f.results.text()
    shot(f, "25-oxygenation-fio2-as-percent")
    qtbot.mouseClick(f.save_button, CLICK)
    assert f.save_error.text() == "Not saved: correct the entries marked in red."
    assert rows(opened) == []
    type_in(qtbot, f, "fio2_entered", "0.40")
    assert not message.isVisible()
    f.field("fio2_entered").editor.setFocus()
    with qtbot.waitSignal(f.saved):
        qtbot.keyClick(f.field("fio2_entered").editor, Qt.Key.Key_Return)  # Enter saves
    assert len(rows(opened)) == 1


def test_sf_is_refused_at_98_percent_but_the_spo2_is_saved(opened: OpenStore, qtbot: QtBot) -> None:
    f = form(qtbot, opened)
    type_in(qtbot, f, "measured_at", TODAY)
    f.measured_time.setText("10:15")
    device(f, "room_air")
    assert not f.field("fio2_entered").editor.isEnabled()
    type_in(qtbot, f, "spo2_percent", "98")
    choose(qtbot, f, "at_rest", "yes")
    assert (
        "S/F ratio (estimate): not computed. An S/F ratio is not valid above SpO₂ 97 %"
        in f.results.text()
    )
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(f.save_button, CLICK)
    (row,) = rows(opened)
    assert (row.spo2_percent, row.sf_ratio_estimate, row.fio2_fraction) == ("98", None, "0.21")


def test_an_unusual_value_needs_its_tick_before_saving(opened: OpenStore, qtbot: QtBot) -> None:
    f = form(qtbot, opened)
    type_in(qtbot, f, "measured_at", TODAY)
    f.measured_time.setText("10:15")
    device(f, "room_air")
    type_in(qtbot, f, "spo2_percent", "65")
    choose(qtbot, f, "at_rest", "no")
    qtbot.mouseClick(f.save_button, CLICK)
    field = f.field("spo2_percent")
    assert field.message.text().startswith("⚠ SpO₂ 65 % is unusual (expected 70–100 %)")
    assert field.confirm.isVisible() and rows(opened) == []
    assert "tick" in f.save_error.text()
    qtbot.mouseClick(field.confirm, CLICK, pos=QPoint(14, field.confirm.height() // 2))
    assert field.confirm.isChecked()
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(f.save_button, CLICK)
    assert rows(opened)[0].spo2_percent == "65"


def test_correcting_a_saved_entry_asks_one_reason_and_audits_it(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    blood_gas(qtbot, f, "0.40")
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(f.save_button, CLICK)
    type_in(qtbot, f, "pao2_entered", "8.4")
    qtbot.mouseClick(f.save_button, CLICK)
    dialog = f.reason_dialog
    assert dialog is not None and not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog._usual[0], CLICK)
    assert dialog.reason() == "Typing error corrected"
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(dialog.ok_button, CLICK)
    (row,) = rows(opened)
    assert row.pao2_entered == "8.4"
    with opened.store.read() as session:
        change = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == row.id, AuditEntry.field == "pao2_entered",
                AuditEntry.action == "update",
            )
        ).one()  # fmt: skip
    assert (change.old_value, change.new_value, change.reason) == (
        "8",
        "8.4",
        "Typing error corrected",
    )


def test_a_refusal_from_the_store_is_one_sentence_and_nothing_typed_is_lost(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    blood_gas(qtbot, f, "0.40")
    f.participant_id = "no-such-participant"
    qtbot.mouseClick(f.save_button, CLICK)
    assert f.save_error.text() == "There is no participant no-such-participant."
    assert f.text("pao2_entered") == "8" and f.has_unsaved_changes()


def test_the_pairing_gap_and_the_estimate_table_come_from_the_protocol(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened, protocol=SECOND)
    type_in(qtbot, f, "measured_at", TODAY)
    f.measured_time.setText("09:30")
    device(f, "nasal_cannula")
    type_in(qtbot, f, "o2_flow_l_min", "3")
    type_in(qtbot, f, "pao2_entered", "66")
    choose(qtbot, f, "fio2_mode", "estimated")
    type_in(qtbot, f, "fio2_at", "09:50")  # 20 min: beyond this protocol's 15
    assert "within 15 min" in f.field("fio2_at").message.text()
    assert "1 L/min → 0.25" in f.convention.text()
    type_in(qtbot, f, "fio2_at", "09:40")
    assert "FiO₂ 0.33 estimated from nasal cannula at 3 L/min" in f.results.text()
    assert "P/F ratio 200 mmHg: moderate" in f.results.text()


def test_a_draft_keeps_the_time_and_unit_too(opened: OpenStore, qtbot: QtBot) -> None:
    f = form(qtbot, opened)
    assert f.draft_state() is None
    blood_gas(qtbot, f, "40")
    state = f.draft_state()
    assert state is not None
    again = form(qtbot, opened)
    again.restore_draft(state)
    assert again.measured_time.text() == "09:30" and again.pao2_unit.value() == "kPa"
    assert again.field("fio2_entered").message.text().endswith("did you mean 0.40?")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(max_size=12), min_size=8, max_size=8), data=st.data())
def test_no_text_in_any_field_makes_the_check_raise(
    opened: OpenStore, qtbot: QtBot, texts: list[str], data: st.DataObject
) -> None:
    f = _FUZZ.get(id(opened)) or _FUZZ.setdefault(id(opened), form(qtbot, opened))
    names = ["measured_at", "o2_flow_l_min", "spo2_percent", "pao2_entered", "fio2_entered",
             "fio2_at", "note"]  # fmt: skip
    for name, text in zip(names, texts, strict=False):
        f.field(name).editor.setText(text)  # type: ignore[attr-defined]  # past the validators
    f.measured_time.setText(texts[-1])
    device(f, data.draw(st.sampled_from(["", "room_air", "nasal_cannula", "niv_cpap"])))
    f.set_value("fio2_mode", data.draw(st.sampled_from([None, "set", "measured", "estimated"])))
    f.pao2_unit.set_value(data.draw(st.sampled_from(["mmHg", "kPa"])))
    assert all(isinstance(m, Message) for m in f.check())
    f.preview()


_FUZZ: dict[int, OxygenationForm] = {}
