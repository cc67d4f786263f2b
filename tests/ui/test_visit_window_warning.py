"""Values of a visit dated outside its window: a soft warning at entry, amber afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.visits import recorded
from app.ui.forms.visit_forms import ObservationForm, form_class
from app.ui.visits_panel import STATUS_COLOURS, VisitColumn, VisitsPanel
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()


def _participant(opened: OpenStore, day0: date) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(screening_number="S-1", study_id="P-001", initials="AB", sex="F",
                        status="infused", day0_on=day0,
                        created_at=datetime.now(UTC) - timedelta(days=9))  # fmt: skip
        session.add(p)
    return p.id


def _form(opened: OpenStore, qtbot: QtBot, pid: str, name: str, visit: str) -> ObservationForm:
    form = form_class(name)(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, visit)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    return form


def _type_in(qtbot: QtBot, form: ObservationForm, name: str, text: str) -> None:
    editor = form.field(name).editor
    editor.setFocus(Qt.FocusReason.TabFocusReason)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)


def _press_save(qtbot: QtBot, form: ObservationForm) -> None:
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_day_7_vitals_taken_on_day_3_warn_save_once_confirmed_and_show_amber(
    opened: OpenStore, qtbot: QtBot
) -> None:
    today = date.today()
    pid = _participant(opened, today - timedelta(days=3))
    form = _form(opened, qtbot, pid, "vitals", "D7")
    _type_in(qtbot, form, "temperature_c", "37.2")
    _press_save(qtbot, form)

    when = form.field("measured_on")
    assert when.confirm.isVisible()
    assert "Day 7 is due on days 6 to 8" in when.message.text()
    assert "(day 3), outside the window" in when.message.text()
    assert recorded(opened.store, pid).vitals == ()
    form.grab().save("/tmp/visit-window-warning.png")

    qtbot.mouseClick(when.confirm, Qt.MouseButton.LeftButton)
    assert when.confirm.isChecked()
    with qtbot.waitSignal(form.saved, timeout=3000):
        _press_save(qtbot, form)
    (saved,) = recorded(opened.store, pid).vitals
    assert (saved.entry.visit_code, saved.entry.temperature_c) == ("D7", "37.2")

    panel = VisitsPanel(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, clock=date.today)
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    qtbot.waitExposed(panel)
    model = panel.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Day 7")
    status = model.index(row, VisitColumn.STATUS)
    assert status.data() == "Done (outside window)"
    background = status.data(Qt.ItemDataRole.BackgroundRole).color()
    green = QColor(STATUS_COLOURS[next(s for s in STATUS_COLOURS if s.value == "done")][1])
    assert background != green
    assert background.red() > background.blue() and background.green() > background.blue()
    panel.grab().save("/tmp/visit-window-amber.png")
    QApplication.processEvents()


def test_day_7_vitals_taken_on_day_7_save_without_a_warning(
    opened: OpenStore, qtbot: QtBot
) -> None:
    pid = _participant(opened, date.today() - timedelta(days=7))
    form = _form(opened, qtbot, pid, "vitals", "D7")
    _type_in(qtbot, form, "temperature_c", "37.2")
    with qtbot.waitSignal(form.saved, timeout=3000):
        _press_save(qtbot, form)
    assert not form.field("measured_on").confirm.isVisible()
    assert len(recorded(opened.store, pid).vitals) == 1


def test_an_unscheduled_set_has_no_window_to_warn_about(opened: OpenStore, qtbot: QtBot) -> None:
    pid = _participant(opened, date.today() - timedelta(days=3))
    form = _form(opened, qtbot, pid, "vitals", "UNSCHEDULED")
    _type_in(qtbot, form, "temperature_c", "37.2")
    with qtbot.waitSignal(form.saved, timeout=3000):
        _press_save(qtbot, form)
    assert len(recorded(opened.store, pid).vitals) == 1


def test_a_who_score_dated_outside_its_window_warns_too(opened: OpenStore, qtbot: QtBot) -> None:
    pid = _participant(opened, date.today() - timedelta(days=3))
    form = _form(opened, qtbot, pid, "who", "D7")
    assert any(
        m.code == "outside_window" and m.field == "assessed_on"
        for m in form.check()
        if m.severity.value == "soft"
    )
