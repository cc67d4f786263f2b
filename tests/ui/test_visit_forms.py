"""The visit and outcome forms, filled with the keyboard: save, messages, reasons, drafts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditEntry, Participant
from app.protocol import load_default
from app.roles import Role
from app.services.visits import recorded
from app.ui.forms.visit_forms import ObservationForm, form_class
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1",
            study_id="P-001",
            initials="AB",
            sex="F",
            status="infused",
            day0_on=date.today() - timedelta(days=7),
            created_at=datetime.now(UTC) - timedelta(days=9),
        )
        session.add(p)
    return p.id


def _form(
    opened: OpenStore,
    qtbot: QtBot,
    pid: str,
    name: str,
    visit: str | None = "D7",
    role: Role = Role.NURSE,
) -> ObservationForm:
    form = form_class(name)(opened.store, opened.actor(role), PROTOCOL, pid, visit)
    qtbot.addWidget(form)
    form.resize(1000, 800)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    return form


def _focused(form: QWidget) -> QWidget:
    """The focused widget of the form's window (offscreen, no window need be active)."""
    widget = QApplication.focusWidget() or form.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot: QtBot, form: QWidget, text: str) -> None:
    """Type into the focused editor, then Tab to the next one."""
    widget = _focused(form)
    if isinstance(widget, QComboBox):
        qtbot.keyClicks(widget, text)  # a combo box jumps to the item starting so
    elif text == " ":
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    elif text:
        widget.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(_focused(form), Qt.Key.Key_Tab)


def _start_at(form: ObservationForm, name: str) -> None:
    form.field(name).editor.setFocus(Qt.FocusReason.TabFocusReason)


def _enter(qtbot: QtBot, form: ObservationForm) -> None:
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.keyClick(_focused(form), Qt.Key.Key_Return)


def test_vital_signs_are_filled_with_tab_and_saved_with_enter(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "vitals")
    _start_at(form, "temperature_c")
    for text in ("37.8", "96", "24", "128", "78", "93"):
        _type(qtbot, form, text)
    assert _focused(form) is form.field("o2_device").editor
    _enter(qtbot, form)
    (saved,) = recorded(opened.store, pid).vitals
    values = saved.entry
    assert (values.visit_code, values.temperature_c, values.heart_rate_per_min) == (
        "D7",
        "37.8",
        "96",
    )
    assert (values.systolic_bp_mmhg, values.diastolic_bp_mmhg, values.spo2_percent) == (
        "128",
        "78",
        "93",
    )
    assert form.record_id == saved.id and form.picker.currentIndex() == 1


def test_an_unusual_value_needs_its_tick_before_saving(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "vitals")
    _start_at(form, "heart_rate_per_min")
    _type(qtbot, form, "160")
    qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    field = form.field("heart_rate_per_min")
    assert field.confirm.isVisible() and "please confirm" in field.message.text()
    assert recorded(opened.store, pid).vitals == ()
    form.confirm("heart_rate_per_min")
    with qtbot.waitSignal(form.saved):
        form.submit()
    assert len(recorded(opened.store, pid).vitals) == 1


def test_an_impossible_value_is_marked_and_nothing_is_saved(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "vitals")
    _start_at(form, "systolic_bp_mmhg")
    _type(qtbot, form, "90")
    _type(qtbot, form, "95")
    qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    assert "must be below systolic" in form.field("diastolic_bp_mmhg").message.text()
    assert _focused(form) is form.field("diastolic_bp_mmhg").editor
    assert recorded(opened.store, pid).vitals == ()


def test_editing_saved_vital_signs_asks_the_reason_and_the_audit_keeps_it(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "vitals")
    _start_at(form, "spo2_percent")
    _type(qtbot, form, "92")
    _enter(qtbot, form)
    _start_at(form, "spo2_percent")
    _type(qtbot, form, "94")
    qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    dialog = form.reason_dialog
    assert dialog is not None and "SpO₂: 92 → 94" in dialog.what_label.text()
    qtbot.keyClicks(dialog.reason_edit, "Typing error corrected")
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    (saved,) = recorded(opened.store, pid).vitals
    assert saved.entry.spo2_percent == "94"
    with opened.store.read() as session:
        reasons = session.scalars(
            select(AuditEntry.reason).where(
                AuditEntry.record_id == saved.id, AuditEntry.action == "update"
            )
        ).all()
    assert reasons == ["Typing error corrected"]


def test_a_lab_panel_is_typed_row_by_row_with_unit_and_range(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "labs")
    _start_at(form, "CRP.value")
    for text in ("12.5", "mg/d", "0", "0.8"):  # value, unit (typed to pick), normal range
        _type(qtbot, form, text)
    _enter(qtbot, form)
    (panel,) = recorded(opened.store, pid).lab_panels
    (crp,) = panel.entry.values
    assert (
        crp.analyte_code,
        crp.value_entered,
        crp.unit,
        crp.reference_low,
        crp.reference_high,
    ) == (
        "CRP",
        "12.5",
        "mg/dL",
        "0",
        "0.8",
    )


def test_a_lab_value_with_two_possible_units_is_refused_until_one_is_chosen(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "labs")
    _start_at(form, "CRP.value")
    _type(qtbot, form, "12")
    qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    assert "Choose the unit: mg/L, mg/dL." in form.field("CRP.value").message.text()
    assert recorded(opened.store, pid).lab_panels == ()
    # A single-unit analyte needs no choice.
    assert form.findChild(QComboBox, "IL6.unit").currentText() == "pg/mL"


def test_a_lab_draft_brings_back_values_units_and_ranges(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "labs")
    _start_at(form, "CRP.value")
    for text in ("40", "mg/L", "0", "10"):
        _type(qtbot, form, text)
    state = form.draft_state()
    assert state is not None
    again = _form(opened, qtbot, pid, "labs")
    again.restore_draft(state)
    assert again.value("CRP.value") == "40"
    assert again.extra_text("CRP.unit") == "mg/L"
    assert again.extra_text("CRP.reference_high") == "10"
    with qtbot.waitSignal(again.saved):
        again.submit()


def test_imaging_is_chosen_and_typed_with_the_keyboard(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "imaging")
    _start_at(form, "imaged_on")
    _type(qtbot, form, "")  # today already
    _type(qtbot, form, " ")  # CT
    _type(qtbot, form, "")  # past the X-ray button
    _type(qtbot, form, "35")
    _type(qtbot, form, "bilateral ground-glass opacities")
    _enter(qtbot, form)
    (saved,) = recorded(opened.store, pid).imaging
    assert (saved.entry.modality, saved.entry.lesion_extent_percent) == ("CT", "35")
    assert saved.entry.finding == "bilateral ground-glass opacities"


def test_the_who_level_is_picked_by_typing_its_number(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "who")
    _start_at(form, "score")
    qtbot.keyClicks(_focused(form), "5")
    assert (
        "Oxygen by mask or nasal prongs".lower()
        in str(
            form.field("score").editor.currentText()  # type: ignore[attr-defined]
        ).lower()
    )
    _enter(qtbot, form)
    (saved,) = recorded(opened.store, pid).who_scores
    assert (saved.entry.visit_code, saved.entry.score) == ("D7", 5)


def test_symptom_dates_are_typed_and_a_resolution_before_onset_is_refused(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "symptoms", None)
    onset = date.today() - timedelta(days=12)
    _start_at(form, "fever.onset_on")
    _type(qtbot, form, onset.isoformat())
    _type(qtbot, form, (onset - timedelta(days=1)).isoformat())
    qtbot.keyClick(_focused(form), Qt.Key.Key_Return)
    assert "cannot resolve before it started" in form.field("fever.onset_on").message.text()
    _start_at(form, "fever.onset_on")
    _type(qtbot, form, onset.isoformat())
    _type(qtbot, form, (onset + timedelta(days=5)).isoformat())
    _type(qtbot, form, onset.isoformat())  # dry cough, still going
    _enter(qtbot, form)
    symptoms = {s.entry.symptom: s.entry for s in recorded(opened.store, pid).symptoms}
    assert symptoms["fever"].resolved_on == onset + timedelta(days=5)
    assert symptoms["dry_cough"].resolved_on is None


def test_a_nucleic_acid_result_is_chosen_with_the_keyboard(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "virology", None)
    _start_at(form, "specimen")
    qtbot.keyClick(_focused(form), Qt.Key.Key_Down)  # the first specimen
    qtbot.keyClick(_focused(form), Qt.Key.Key_Tab)
    _type(qtbot, form, "")  # past Positive
    _type(qtbot, form, " ")  # Negative
    _enter(qtbot, form)
    (saved,) = recorded(opened.store, pid).nucleic_acid
    assert (saved.entry.specimen, saved.entry.result) == ("nasopharyngeal_swab", "negative")
    assert "1 result saved" in form.summary.text()  # type: ignore[attr-defined]


def test_a_death_recorded_on_the_disposition_form_sets_the_status(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "disposition", None, Role.INVESTIGATOR)
    form.field("kind").editor.button("died").click()  # type: ignore[attr-defined]
    assert form.field("event_on").label.text() == "Date of death"
    assert "status to Died" in form.effect.text()  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.saved):
        form.submit()
    with opened.store.read() as session:
        assert session.get_one(Participant, pid).status == "died"


def test_a_withdrawal_without_a_reason_is_refused_next_to_the_reason(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "disposition", None)
    form.field("kind").editor.button("withdrawn").click()  # type: ignore[attr-defined]
    form.submit()
    assert "reason for the withdrawal" in form.field("reason").message.text()


def test_a_monitor_sees_the_forms_but_cannot_save(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "vitals", role=Role.MONITOR)
    assert not form.save_button.isEnabled()
    # The reason is at the top of the form, where the monitor looks first.
    assert form.read_only_banner.text() == "Monitors can read but not change records."


def test_a_draft_of_an_edit_comes_back_over_the_record_it_was_changing(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = _form(opened, qtbot, pid, "who")
    form.set_value("score", 6)
    with qtbot.waitSignal(form.saved):
        form.submit()
    qtbot.keyClicks(form.field("score").editor, "4")
    state = form.draft_state()
    assert state is not None and state["record_id"] == form.record_id
    again = _form(opened, qtbot, pid, "who", None)
    again.restore_draft(state)
    assert again.record_id == form.record_id and again.picker.currentIndex() == 1
    assert again.value("score") == 4
    assert "Level: 6 → 4" in again.change_summary()


@pytest.mark.parametrize(
    ("name", "new_entry", "title"),
    [
        ("vitals", "New set of vital signs", "Vital signs"),
        ("labs", "New blood draw", "Laboratory results"),
        ("imaging", "New image", "Chest imaging"),
        ("who", "New score", "WHO scale score"),
        ("symptoms", "New", "Symptoms"),
        ("virology", "New sample", "Nucleic acid test"),
        ("disposition", "New disposition", "Disposition"),
    ],
)
def test_each_forms_chooser_names_a_new_entry_and_the_form_in_the_persons_language(
    opened: OpenStore, qtbot: QtBot, pid: str, name: str, new_entry: str, title: str
) -> None:
    from app.ui import i18n

    form = _form(opened, qtbot, pid, name)
    assert form.picker.itemText(0) == new_entry
    assert form.picker.accessibleName() == f"{title}: new or saved"
    try:
        assert i18n.install_language("zh_CN") == "zh_CN"
        chinese = _form(opened, qtbot, pid, name)
        first = chinese.picker.itemText(0)
        assert first and first != new_entry and not first.isascii()
        spoken = chinese.picker.accessibleName()
        assert title not in spoken and not spoken.isascii()
    finally:
        i18n.install_language(i18n.ENGLISH)
