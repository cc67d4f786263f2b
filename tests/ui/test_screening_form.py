"""The "Screen a patient" form: a new patient by keyboard, a correction, a screen failure,
enrolment. Set ``BEDSIDE_SCREENSHOTS=docs/screenshots`` to write screenshot 20."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.clinical.errors import Message
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import EligibilityEntry, save_assessment, sign_assessment
from app.services.screening import set_study_id_range
from app.ui.app_style import apply_style
from app.ui.forms import ChoiceField
from app.ui.forms.screening_form import ScreeningForm
from tests.conftest import PASSWORDS, OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
CLICK = Qt.MouseButton.LeftButton


def today() -> date:
    """Today's date, read when a test needs it (a run may cross midnight)."""
    return date.today()


def shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("BEDSIDE_SCREENSHOTS")
    if folder:
        for _ in range(5):
            QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def form(
    qtbot: QtBot, opened: OpenStore, role: Role = Role.NURSE, pid: str | None = None
) -> ScreeningForm:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    f = ScreeningForm(opened.store, opened.actor(role), PROTOCOL, pid)
    qtbot.addWidget(f)
    f.resize(1000, 860)
    f.show()
    qtbot.waitExposed(f)
    return f


def type_in(qtbot: QtBot, f: ScreeningForm, name: str, text: str) -> None:
    editor = f.field(name).editor
    assert isinstance(editor, QLineEdit)
    editor.clear()
    qtbot.keyClicks(editor, text)
    editor.editingFinished.emit()


def screen(qtbot: QtBot, f: ScreeningForm, weight: str = "58.5") -> str:
    type_in(qtbot, f, "initials", "lw")
    sex = f.field("sex").editor
    assert isinstance(sex, ChoiceField)
    qtbot.mouseClick(sex.button("F"), CLICK)
    type_in(qtbot, f, "date_of_birth", "1961-03-14")
    type_in(qtbot, f, "weight_kg", weight)
    type_in(qtbot, f, "height_cm", "162")
    qtbot.mouseClick(f.admitted_today, CLICK)
    f.field("height_cm").editor.setFocus()
    with qtbot.waitSignal(f.saved) as saved:
        qtbot.keyClick(f.field("height_cm").editor, Qt.Key.Key_Return)
    return str(saved.args[0])


def test_a_patient_screened_by_keyboard_gets_this_devices_next_number(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    assert f.banner.text() == "New patient: the screening number is given on saving."
    pid = screen(qtbot, f)
    assert f.banner.text() == "WH01-WARD_LAPTOP_1-0001 · Screening"
    assert f.age_label.text().endswith("years today")
    shot(f, "20-screening")
    with opened.store.read() as session:
        p = session.get_one(Participant, pid)
    assert (p.initials, p.sex, p.weight_kg, p.height_cm, p.admission_date) == (
        "LW",
        "F",
        58.5,
        162.0,
        today(),
    )
    qtbot.mouseClick(f.new_button, CLICK)
    assert f.record_id is None and f.text("initials") == ""
    screen(qtbot, f)
    assert f.banner.text().startswith("WH01-WARD_LAPTOP_1-0002")


def test_an_unusual_weight_is_confirmed_and_a_missing_admission_date_refused(
    opened: OpenStore, qtbot: QtBot
) -> None:
    f = form(qtbot, opened)
    type_in(qtbot, f, "initials", "ZH")
    qtbot.mouseClick(f.field("sex").editor.button("M"), CLICK)  # type: ignore[attr-defined]
    type_in(qtbot, f, "age_years", "47")
    type_in(qtbot, f, "weight_kg", "160")
    qtbot.mouseClick(f.save_button, CLICK)
    assert f.field("admission_date").message.text() == "✖ Enter the admission date."
    assert f.field("weight_kg").message.text().startswith("⚠ Body weight 160 kg is unusual")
    type_in(qtbot, f, "admission_date", (today() - timedelta(days=1)).isoformat())
    qtbot.mouseClick(f.save_button, CLICK)
    assert "tick" in f.save_error.text()
    tick = f.field("weight_kg").confirm
    qtbot.mouseClick(tick, CLICK, pos=QPoint(14, tick.height() // 2))
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(f.save_button, CLICK)
    with opened.store.read() as session:
        (p,) = session.scalars(select(Participant)).all()
    assert (p.age_years, p.date_of_birth, p.weight_kg) == (47, None, 160.0)


def test_a_correction_asks_for_the_reason(opened: OpenStore, qtbot: QtBot) -> None:
    f = form(qtbot, opened)
    pid = screen(qtbot, f)
    again = form(qtbot, opened, pid=pid)
    type_in(qtbot, again, "weight_kg", "60")
    qtbot.mouseClick(again.save_button, CLICK)
    dialog = again.reason_dialog
    assert dialog is not None and "WH01-WARD_LAPTOP_1-0001" in dialog.what_label.text()
    qtbot.keyClicks(dialog.reason_edit, "Weighed again on the bed scale")
    with qtbot.waitSignal(again.saved):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    with opened.store.read() as session:
        assert session.get_one(Participant, pid).weight_kg == 60.0


def test_a_screen_failure_needs_its_reason(opened: OpenStore, qtbot: QtBot) -> None:
    pid = screen(qtbot, form(qtbot, opened))
    f = form(qtbot, opened, pid=pid)
    assert f.fail_row.isVisible() and not f.enrol_button.isVisible()
    qtbot.mouseClick(f.fail_button, CLICK)
    assert f.action_error.text() == "Give the reason for the screen failure."
    qtbot.keyClicks(f.fail_reason, "Declined consent")
    with qtbot.waitSignal(f.statusChanged):
        qtbot.mouseClick(f.fail_button, CLICK)
    assert f.banner.text() == "WH01-WARD_LAPTOP_1-0001 · Screen failed — Declined consent"
    assert not f.fail_row.isVisible()


def test_an_eligible_participant_is_enrolled_with_the_next_study_id(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = screen(qtbot, form(qtbot, opened))
    entry = EligibilityEntry(
        assessed_on=today(), date_of_birth=date(1961, 3, 14), rt_pcr_date=today(),
        rt_pcr_positive=True, ct_date=today(), ct_characteristic=True,
        respiratory_rate_per_min="31",
        answers={"IN05": True, "IN06": True, "EX01": False, "EX02": False, "EX03": False,
                 "EX04": False},
    )  # fmt: skip
    saved = save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry)
    sign_assessment(opened.store, opened.actor(Role.INVESTIGATOR), PASSWORDS[Role.INVESTIGATOR],
                    saved.id, PROTOCOL)  # fmt: skip
    f = form(qtbot, opened, pid=pid)
    assert f.enrol_button.isVisible()
    assert (
        f.enrol_hint.text()
        == "Signed eligible. This device has no study ID range yet: ask an admin."
    )
    qtbot.mouseClick(f.enrol_button, CLICK)
    assert f.action_error.text().startswith("This device has no study ID range")
    set_study_id_range(opened.store, opened.admin, "WH01-", 7, 9)
    f.load(pid)
    assert "Next study ID: WH01-007 (3 left of WH01-007 to WH01-009)." in f.enrol_hint.text()
    with qtbot.waitSignal(f.statusChanged):
        qtbot.mouseClick(f.enrol_button, CLICK)
    assert f.banner.text() == "WH01-007 · Eligible"
    assert not f.enrol_button.isVisible()


def test_a_monitor_cannot_screen(opened: OpenStore, qtbot: QtBot) -> None:
    f = form(qtbot, opened, Role.MONITOR)
    assert not f.save_button.isEnabled()
    f.submit()
    with opened.store.read() as session:
        assert session.scalars(select(Participant)).all() == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.text(max_size=12), min_size=6, max_size=6))
def test_no_text_in_any_field_makes_the_check_raise(
    opened: OpenStore, qtbot: QtBot, texts: list[str]
) -> None:
    f = _FUZZ.get(id(opened)) or _FUZZ.setdefault(id(opened), form(qtbot, opened))
    names = ["initials", "date_of_birth", "age_years", "weight_kg", "height_cm", "admission_date"]
    for name, text in zip(names, texts, strict=True):
        f.field(name).editor.setText(text)  # type: ignore[attr-defined]  # past the validators
    assert all(isinstance(m, Message) for m in f.check())
    f.preview()


_FUZZ: dict[int, ScreeningForm] = {}


def test_reload_shows_a_status_changed_elsewhere(opened: OpenStore, qtbot: QtBot) -> None:
    pid = screen(qtbot, form(qtbot, opened))
    f = form(qtbot, opened, pid=pid)
    from app.services.screening import screen_fail

    screen_fail(opened.store, opened.actor(Role.NURSE), pid, "Withdrew before consent")
    f.reload()
    assert f.banner.text().endswith("Screen failed — Withdrew before consent")
