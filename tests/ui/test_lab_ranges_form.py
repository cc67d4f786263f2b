"""Lab ranges through the laboratory form: an impossible value is refused next to it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.visits import recorded
from app.ui.forms.visit_forms import ObservationForm, form_class
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()


@pytest.fixture
def form(opened: OpenStore, qtbot: QtBot) -> ObservationForm:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(screening_number="S-1", study_id="P-001", initials="AB", sex="F",
                        status="infused", day0_on=date.today() - timedelta(days=7),
                        created_at=datetime.now(UTC) - timedelta(days=9))  # fmt: skip
        session.add(p)
    widget = form_class("labs")(opened.store, opened.actor(Role.NURSE), PROTOCOL, p.id, "D7")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _crp(qtbot: QtBot, form: ObservationForm, value: str, unit: str) -> None:
    editor = form.field("CRP.value").editor
    editor.setFocus(Qt.FocusReason.TabFocusReason)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, value)
    combo = form.findChild(QComboBox, "CRP.unit")
    assert combo is not None
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(combo, unit)
    assert combo.currentText() == unit


def test_crp_250_mg_dl_is_refused_next_to_the_value(
    opened: OpenStore, qtbot: QtBot, form: ObservationForm
) -> None:
    _crp(qtbot, form, "250", "mg/dL")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    field = form.field("CRP.value")
    assert "outside the possible range 0–100 mg/dL" in field.message.text()
    assert not field.confirm.isVisible()
    assert recorded(opened.store, form.participant_id or "").lab_panels == ()
    form.grab().save("/tmp/lab-crp-hard.png")


def test_crp_350_mg_l_is_saved_once_confirmed(
    opened: OpenStore, qtbot: QtBot, form: ObservationForm
) -> None:
    _crp(qtbot, form, "350", "mg/L")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    field = form.field("CRP.value")
    assert field.confirm.isVisible() and "unusual (expected 0–300 mg/L)" in field.message.text()
    assert recorded(opened.store, form.participant_id or "").lab_panels == ()
    qtbot.mouseClick(field.confirm, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(form.saved, timeout=3000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    (panel,) = recorded(opened.store, form.participant_id or "").lab_panels
    assert [(v.value_entered, v.unit) for v in panel.entry.values] == [("350", "mg/L")]
