"""Nothing moves under the finger: checking a form never changes where any field is.

For every form, at 1366×768: every input widget's place in the window is recorded,
a wrong value is typed into every field (as a paste), Save (or Next) is pressed, and
the places are compared once the messages show.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.app_style import apply_style
from app.ui.forms.base import FormWidget
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.forms.fields import (
    CodeField,
    DateField,
    LabValueField,
    NumberField,
    TextField,
    TimeField,
    TypedField,
)
from app.ui.forms.oxygenation_form import OxygenationForm
from app.ui.forms.screening_form import ScreeningForm
from app.ui.forms.visit_forms import form_class
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
WARD_LAPTOP = (1366, 768)
INPUTS = (QLineEdit, QComboBox, QAbstractButton, QPlainTextEdit)
# Values that are unusual but possible, so that soft messages (and their ticks) show too.
UNUSUAL = {"heart_rate_per_min": "160", "weight_kg": "160", "temperature_c": "38,5"}


def wrong(editor: TypedField) -> str:
    """A value each field type refuses."""
    if isinstance(editor, NumberField | LabValueField):
        return "1OO"
    if isinstance(editor, DateField):
        return "31/02/1950"
    if isinstance(editor, TimeField):
        return "25:00"
    if isinstance(editor, CodeField):
        return "L😀W"
    if isinstance(editor, TextField):
        return "x" * (editor.max_chars + 1)
    raise AssertionError(type(editor).__name__)


def places(form: QWidget) -> dict[str, QRect]:
    """Every visible input widget's rectangle in its window's coordinates."""
    QApplication.processEvents()
    found: dict[str, QRect] = {}
    for widget in form.findChildren(QWidget):
        if isinstance(widget, INPUTS) and widget.isVisible():
            corner = widget.mapTo(widget.window(), QPoint(0, 0))
            key = f"{type(widget).__name__}:{widget.objectName()}:{widget.accessibleName()}"
            key += f":{widget.text() if isinstance(widget, QPushButton) else ''}:{id(widget)}"
            found[key] = QRect(corner, widget.size())
    return found


def type_wrong_everywhere(form: FormWidget) -> None:
    for name, field in form.fields().items():
        for part in field.parts:
            if isinstance(part, TypedField) and part.isVisible() and part.isEnabled():
                part.setText(UNUSUAL.get(name, wrong(part)))  # as if pasted


def shown(form: QWidget, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    qtbot.addWidget(form)
    form.resize(*WARD_LAPTOP)
    form.show()
    qtbot.waitExposed(form)


def assert_nothing_moves(form: FormWidget, press: Callable[[], None]) -> None:
    before = places(form)
    type_wrong_everywhere(form)
    typed = places(form)
    press()
    after = places(form)
    messages = [f.message.text() for f in form.fields().values() if f.message.text()]
    assert messages, "the check showed no message"
    assert typed == before
    moved = {k: (before[k], after.get(k)) for k in before if after.get(k) != before[k]}
    assert moved == {}


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1", study_id="P-001", initials="AB", sex="F", status="infused",
            day0_on=date.today() - timedelta(days=7),
            created_at=datetime.now(UTC) - timedelta(days=9),
        )  # fmt: skip
        session.add(p)
    return p.id


@pytest.fixture
def screened(opened: OpenStore) -> str:
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=date.today() - timedelta(days=1),
    )  # fmt: skip
    return screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id


@pytest.mark.parametrize(
    "name", ["vitals", "labs", "imaging", "symptoms", "virology", "who", "disposition"]
)
def test_checking_a_visit_or_outcome_form_moves_no_field(
    opened: OpenStore, qtbot: QtBot, pid: str, name: str
) -> None:
    form = form_class(name)(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(form, qtbot)
    if name == "disposition":  # a withdrawal without its reason: one more message
        form.field("kind").editor.button("withdrawn").click()  # type: ignore[attr-defined]
    assert_nothing_moves(form, form.save_button.click)


def test_checking_the_screening_form_moves_no_field(opened: OpenStore, qtbot: QtBot) -> None:
    form = ScreeningForm(opened.store, opened.actor(Role.NURSE), PROTOCOL)
    shown(form, qtbot)
    assert_nothing_moves(form, form.save_button.click)
    assert form.field("weight_kg").confirm.isVisible()  # 160 kg: unusual, to be confirmed


def test_checking_the_oxygenation_form_moves_no_field(
    opened: OpenStore, qtbot: QtBot, screened: str
) -> None:
    form = OxygenationForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, screened)
    shown(form, qtbot)
    devices = form.field("o2_device").editor
    assert isinstance(devices, QComboBox)
    devices.setCurrentIndex(devices.findData("high_flow_nasal_cannula"))
    assert_nothing_moves(form, form.save_button.click)


def test_soft_messages_and_their_ticks_move_no_field(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(form, qtbot)
    before = places(form)
    form.field("heart_rate_per_min").editor.setText("160")  # type: ignore[attr-defined]
    form.field("temperature_c").editor.setText("38,5")  # type: ignore[attr-defined]
    form.save_button.click()
    assert form.field("heart_rate_per_min").confirm.isVisible()
    assert form.field("temperature_c").note is not None
    assert form.field("temperature_c").note.text() == "Read as 38.5 °C."
    after = places(form)
    assert {k: v for k, v in after.items() if k in before} == before


def test_checking_each_eligibility_step_moves_no_field(
    opened: OpenStore, qtbot: QtBot, screened: str
) -> None:
    wizard = EligibilityWizard(opened.store, opened.actor(Role.NURSE), PROTOCOL, screened)
    shown(wizard, qtbot)
    stepped = 0
    for index, title in enumerate(wizard.step_titles):
        wizard.steps.setCurrentIndex(index)
        own = [n for n, i in wizard._step_of.items() if i == index]
        typed = [n for n in own if any(isinstance(p, TypedField) for p in wizard.field(n).parts)]
        if not typed:
            continue  # consent answers and the verdict: no typed field to get wrong
        assert_nothing_moves(wizard, wizard.next_button.click)
        assert wizard.steps.currentIndex() == index, title
        stepped += 1
    assert stepped >= 3
