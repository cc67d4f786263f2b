"""A value is saved as typed or refused with a sentence next to its field, never changed.

Everything goes through the widgets: the text is typed with the keyboard (or set as a
paste when it holds what a keyboard cannot type) and Save is pressed. The named cases
are the ones a new user found (``38,5`` saved as 38, ``1OO`` as 1, ``31/02/1950`` as
``3102``); the Hypothesis test types any text into every numeric field of every form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.clinical.errors import Severity
from app.clinical.parsing import number_text
from app.models import ChestImaging, LabResult, Oxygenation, Participant, VitalSigns
from app.protocol import load_default
from app.roles import Role
from app.services.eligibility import latest_assessment
from app.services.screening import ScreeningEntry, screen_patient
from app.services.visits import recorded
from app.ui.app_style import apply_style
from app.ui.forms import ChoiceField, NumberField
from app.ui.forms.base import FormWidget
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.forms.oxygenation_form import OxygenationForm
from app.ui.forms.screening_form import ScreeningForm
from app.ui.forms.visit_forms import ObservationForm, form_class
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
CLICK = Qt.MouseButton.LeftButton


def today() -> date:
    """Today's date, read when a test needs it (a run may cross midnight)."""
    return date.today()


# Midnight today: never in the future, whatever the hour the tests run at.
SAFE_TIME = "00:00"
_NUMBER = re.compile(r"([<>]?)\s*([+\-\u2212]?)(\d+(?:[.,]\d*)?|[.,]\d+)")


def meant(text: str, *, qualifier: bool = False) -> tuple[str, Decimal] | None:
    """What a person means by ``text``, read apart from the app: (``<``/``>``, number)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.fullmatch(plain)
    if match is None or not match[3].isascii() or (match[1] and not qualifier):
        return None
    body = match[3].replace(",", ".")
    body = ("0" + body if body.startswith(".") else body).rstrip(".")
    return match[1], Decimal(("-" if match[2] in ("-", "\u2212") else "") + body)


# -- the store and the forms ------------------------------------------------------------


@pytest.fixture
def pid(opened: OpenStore) -> str:
    """An infused participant, seven days after day 0 (the visit forms)."""
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(
            screening_number="S-1", study_id="P-001", initials="AB", sex="F", status="infused",
            day0_on=today() - timedelta(days=7), created_at=datetime.now(UTC) - timedelta(days=9),
        )  # fmt: skip
        session.add(p)
    return p.id


@pytest.fixture
def screened(opened: OpenStore) -> str:
    """A screened patient (the oxygenation form and the eligibility checklist)."""
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=today() - timedelta(days=1),
    )  # fmt: skip
    return screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id


def shown(qtbot: QtBot, form: QWidget) -> QWidget:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    return form


def editor(form: QWidget, name: str) -> QLineEdit:
    found = form.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Typed key by key when a keyboard can type it, else pasted (set as a whole)."""
    edit.clear()
    if text.isascii() and text.isprintable():
        qtbot.keyClicks(edit, text)
    else:
        edit.setText(text)
    assert edit.text() == text  # nothing typed is dropped on the way in
    edit.editingFinished.emit()


def choose(combo: QWidget, data: str) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(data))


def press_save(qtbot: QtBot, form: FormWidget) -> list[str]:
    """Press Save as a nurse would: tick what is unusual, give a reason when asked.

    Returns the ids saved (empty when the form refused).
    """
    saved: list[str] = []
    form.saved.connect(saved.append)
    if isinstance(form, EligibilityWizard):  # Save is on the last step
        form.steps.setCurrentIndex(form.steps.count() - 1)
    try:
        for _attempt in range(3):
            qtbot.mouseClick(form.save_button, CLICK)
            dialog = form.reason_dialog
            if dialog is not None:
                dialog.reason_edit.setText("Typing error corrected")
                qtbot.mouseClick(dialog.ok_button, CLICK)
            if saved:
                return saved
            shown_now = form.shown_messages()
            if any(m.severity is Severity.HARD for m in shown_now) or not shown_now:
                return saved
            for m in form.unconfirmed():
                form.confirm(m.field)
        return saved
    finally:
        form.saved.disconnect(saved.append)


def message_of(form: FormWidget, name: str) -> str:
    return form.field(name).message.text()


# -- the cases a new user found, by name ----------------------------------------------


def vitals(opened: OpenStore, qtbot: QtBot, pid: str) -> ObservationForm:
    form = form_class("vitals")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(qtbot, form)
    return form


def saved_vitals(opened: OpenStore) -> list[VitalSigns]:
    with opened.store.read() as session:
        return list(session.scalars(select(VitalSigns)))


def test_38_comma_5_in_temperature_is_saved_as_38_5_and_shown_as_understood(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = vitals(opened, qtbot, pid)
    type_text(qtbot, editor(form, "temperature_c"), "38,5")
    note = form.field("temperature_c").note
    assert note is not None and note.text() == "Read as 38.5 °C."
    assert press_save(qtbot, form)
    (row,) = saved_vitals(opened)
    assert row.temperature_c == 38.5


@pytest.mark.parametrize(
    ("name", "typed", "sentence"),
    [
        ("respiratory_rate_per_min", "-5", "Respiratory rate cannot be negative: type it "
         "without the minus sign."),
        ("respiratory_rate_per_min", "-5abc", "Respiratory rate cannot be negative: type it "
         "without the minus sign."),
        ("heart_rate_per_min", "1OO", "Heart rate must be a number: “O” is not a digit. "
         "Did you mean the digit 0?"),
        ("spo2_percent", "9l", "SpO₂ must be a number: “l” is not a digit. "
         "Did you mean the digit 1?"),
    ],
)  # fmt: skip
def test_a_vital_sign_that_is_not_a_number_is_refused_with_a_sentence(
    opened: OpenStore, qtbot: QtBot, pid: str, name: str, typed: str, sentence: str
) -> None:
    form = vitals(opened, qtbot, pid)
    type_text(qtbot, editor(form, "temperature_c"), "37.2")
    type_text(qtbot, editor(form, name), typed)
    assert press_save(qtbot, form) == []
    assert message_of(form, name) == f"✖ {sentence}"
    assert form.value(name) == typed  # still as typed, to correct
    assert saved_vitals(opened) == []


def screening(opened: OpenStore, qtbot: QtBot) -> ScreeningForm:
    form = ScreeningForm(opened.store, opened.actor(Role.NURSE), PROTOCOL)
    shown(qtbot, form)
    type_text(qtbot, editor(form, "initials"), "LW")
    sex = form.field("sex").editor
    assert isinstance(sex, ChoiceField)
    qtbot.mouseClick(sex.button("F"), CLICK)
    type_text(qtbot, editor(form, "date_of_birth"), "1961-03-14")
    type_text(qtbot, editor(form, "weight_kg"), "58.5")
    type_text(qtbot, editor(form, "admission_date"), today().isoformat())
    return form


def participants(opened: OpenStore) -> list[Participant]:
    with opened.store.read() as session:
        return list(session.scalars(select(Participant)))


@pytest.mark.parametrize(
    ("name", "typed", "sentence"),
    [
        ("weight_kg", "7O.5", "Weight must be a number: “O” is not a digit. "
         "Did you mean the digit 0?"),
        ("weight_kg", "-5", "Weight cannot be negative: type it without the minus sign."),
        ("date_of_birth", "31/02/1950", "Date of birth: 31/02/1950 is not a date: "
         "February 1950 has 28 days."),
        ("initials", "L😀W", "Initials are 1 to 4 letters A–Z. “😀” is not one of them."),
        ("initials", "L2", "Initials are 1 to 4 letters A–Z. “2” is not one of them."),
    ],
)  # fmt: skip
def test_a_screening_entry_that_cannot_be_saved_as_typed_is_refused_with_a_sentence(
    opened: OpenStore, qtbot: QtBot, name: str, typed: str, sentence: str
) -> None:
    form = screening(opened, qtbot)
    type_text(qtbot, editor(form, name), typed)
    assert press_save(qtbot, form) == []
    assert message_of(form, name) == f"✖ {sentence}"
    assert form.value(name) == typed
    assert participants(opened) == []


def test_initials_are_saved_as_typed_in_capitals_and_a_ward_date_day_first(
    opened: OpenStore, qtbot: QtBot
) -> None:
    form = screening(opened, qtbot)
    type_text(qtbot, editor(form, "initials"), "lw")
    type_text(qtbot, editor(form, "date_of_birth"), "14.3.1961")
    assert form.field("initials").note.text() == "Saved as LW."  # type: ignore[union-attr]
    note = form.field("date_of_birth").note
    assert note is not None and note.text() == "Read as Tuesday 14 March 1961."
    assert press_save(qtbot, form)
    (p,) = participants(opened)
    assert (p.initials, p.date_of_birth, p.weight_kg) == ("LW", date(1961, 3, 14), 58.5)


def test_a_lab_value_below_zero_is_refused_next_to_it(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    form = form_class("labs")(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, "D7")
    shown(qtbot, form)
    type_text(qtbot, editor(form, "CRP.value"), "-5")
    assert press_save(qtbot, form) == []
    assert message_of(form, "CRP.value") == (
        "✖ C-reactive protein (CRP) cannot be negative: type it without the minus sign."
    )
    assert recorded(opened.store, pid).lab_panels == ()


def test_spo2_9l_on_the_oxygenation_form_is_refused(
    opened: OpenStore, qtbot: QtBot, screened: str
) -> None:
    form = OxygenationForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, screened)
    shown(qtbot, form)
    type_text(qtbot, form.measured_time, SAFE_TIME)
    choose(form.field("o2_device").editor, "room_air")
    type_text(qtbot, editor(form, "spo2_percent"), "9l")
    assert press_save(qtbot, form) == []
    assert "“l” is not a digit" in message_of(form, "spo2_percent")


def test_minus_is_accepted_where_the_quantity_can_be_negative(
    opened: OpenStore, qtbot: QtBot, pid: str
) -> None:
    # No form of this protocol records a base excess yet: the field type is shown in a
    # form of its own, as any form composes it.
    class BaseExcessForm(FormWidget):
        def __init__(self) -> None:
            super().__init__(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid)
            self.add_field("base_excess", "&Base excess", NumberField("mmol/L", signed=True))
            self.add_field("heart_rate", "&Heart rate", NumberField("/min", places=0))
            self.finish()

        def check(self) -> list[Any]:
            return []

        def save(self, reason: str | None) -> str:
            return self.text("base_excess")

    form = BaseExcessForm()
    shown(qtbot, form)
    type_text(qtbot, editor(form, "base_excess"), "−4,5")
    type_text(qtbot, editor(form, "heart_rate"), "-4")
    assert press_save(qtbot, form) == []
    assert message_of(form, "base_excess") == ""
    assert "cannot be negative" in message_of(form, "heart_rate")
    type_text(qtbot, editor(form, "heart_rate"), "96")
    assert press_save(qtbot, form) == ["-4.5"]


# -- any text, in every numeric field, through the widget -----------------------------


@dataclass(frozen=True)
class Numeric:
    """One numeric field: how to open its form ready to save, and how to read it back."""

    form: str
    name: str
    prepare: Callable[[QtBot, Any], None]
    stored: Callable[[OpenStore, str, Any, str], object]
    """(store, participant id, form, saved id) → the value saved for this field."""
    owner: str = ""
    """The field whose message line speaks for it (the part of a row), else ``name``."""
    qualifier: bool = False
    valid: str = ""
    """A value it saves, with a decimal comma where the field takes decimals."""


def _vitals_baseline(qtbot: QtBot, form: ObservationForm, name: str) -> None:
    form.picker.setCurrentIndex(0)  # a new set of vital signs each time
    if name in ("o2_flow_l_min", "fio2_fraction"):
        type_text(qtbot, editor(form, "heart_rate_per_min"), "80")
    if name == "o2_flow_l_min":
        choose(form.field("o2_device").editor, "nasal_cannula")


VALID = {
    "temperature_c": "37,5", "heart_rate_per_min": "96", "respiratory_rate_per_min": "24",
    "systolic_bp_mmhg": "128", "diastolic_bp_mmhg": "78", "spo2_percent": "93",
    "o2_flow_l_min": "2,5", "fio2_fraction": "0,35", "age_years": "47", "weight_kg": "58,5",
    "height_cm": "162,5", "pao2_entered": "80,5", "fio2_entered": "0,45",
    "spo2_at_rest_percent": "92", "lesion_extent_percent": "35,5", "CRP.value": "<0,5",
    "CRP.reference_low": "0", "CRP.reference_high": "10,5",
}  # fmt: skip


def _vital(name: str) -> Numeric:
    def stored(opened: OpenStore, _pid: str, _form: Any, saved: str) -> object:
        with opened.store.read() as session:
            return getattr(session.get_one(VitalSigns, saved), name)

    return Numeric(
        "vitals", name, lambda qb, f: _vitals_baseline(qb, f, name), stored, valid=VALID[name]
    )


def _screening_baseline(qtbot: QtBot, form: ScreeningForm, name: str) -> None:
    form.new_patient()
    type_text(qtbot, editor(form, "initials"), "LW")
    form.field("sex").editor.button("F").click()  # type: ignore[attr-defined]
    if name != "age_years":
        type_text(qtbot, editor(form, "date_of_birth"), "1961-03-14")
    if name != "weight_kg":
        type_text(qtbot, editor(form, "weight_kg"), "58.5")
    type_text(qtbot, editor(form, "admission_date"), today().isoformat())


def _screening(name: str) -> Numeric:
    def stored(opened: OpenStore, _pid: str, _form: Any, saved: str) -> object:
        with opened.store.read() as session:
            return getattr(session.get_one(Participant, saved), name)

    return Numeric(
        "screening", name, lambda qb, f: _screening_baseline(qb, f, name), stored,
        valid=VALID[name],
    )  # fmt: skip


def _oxygenation_baseline(qtbot: QtBot, form: OxygenationForm, name: str) -> None:
    form.new_entry()
    type_text(qtbot, form.measured_time, SAFE_TIME)
    if name in ("pao2_entered", "fio2_entered"):
        choose(form.field("o2_device").editor, "high_flow_nasal_cannula")
        type_text(qtbot, editor(form, "o2_flow_l_min"), "40")
        form.field("fio2_mode").editor.button("set").click()  # type: ignore[attr-defined]
        type_text(qtbot, editor(form, "pao2_entered"), "80")
        type_text(qtbot, editor(form, "fio2_entered"), "0.40")
        type_text(qtbot, editor(form, "fio2_at"), SAFE_TIME)
    else:
        choose(form.field("o2_device").editor, "nasal_cannula" if "flow" in name else "room_air")
        type_text(qtbot, editor(form, "spo2_percent"), "92")
        form.field("at_rest").editor.button("yes").click()  # type: ignore[attr-defined]


def _oxygenation(name: str) -> Numeric:
    def stored(opened: OpenStore, _pid: str, _form: Any, saved: str) -> object:
        with opened.store.read() as session:
            return getattr(session.get_one(Oxygenation, saved), name)

    return Numeric(
        "oxygenation", name, lambda qb, f: _oxygenation_baseline(qb, f, name), stored,
        valid="2" if name == "o2_flow_l_min" else "92" if name == "spo2_percent" else VALID[name],
    )  # fmt: skip


def _eligibility(name: str) -> Numeric:
    def stored(opened: OpenStore, pid: str, _form: Any, _saved: str) -> object:
        view = latest_assessment(opened.store, pid)
        return None if view is None else getattr(view.entry, name)

    def prepare(_qtbot: QtBot, wizard: EligibilityWizard) -> None:
        wizard.reveal(name)  # the severity step

    return Numeric("eligibility", name, prepare, stored, valid=VALID[name])


def _imaging_baseline(qtbot: QtBot, form: ObservationForm) -> None:
    form.picker.setCurrentIndex(0)
    form.set_value("modality", "CT")


def _imaging_stored(opened: OpenStore, _pid: str, _form: Any, saved: str) -> object:
    with opened.store.read() as session:
        return session.get_one(ChestImaging, saved).lesion_extent_percent


def _labs_baseline(qtbot: QtBot, form: ObservationForm, name: str) -> None:
    form.picker.setCurrentIndex(0)
    choose(form.findChild(QComboBox, "CRP.unit"), "mg/L")
    if name != "CRP.value":
        type_text(qtbot, editor(form, "CRP.value"), "5")


def _lab(name: str) -> Numeric:
    part = name.split(".")[1]

    def stored(opened: OpenStore, _pid: str, _form: Any, saved: str) -> object:
        with opened.store.read() as session:  # only CRP is typed: the draw's one row
            row = session.get_one(LabResult, saved)
            assert row.analyte_code == "CRP"
            return getattr(row, "value_entered" if part == "value" else part)

    return Numeric(
        "labs", name, lambda qb, f: _labs_baseline(qb, f, name), stored, owner="CRP.value",
        qualifier=part == "value", valid=VALID[name],
    )  # fmt: skip


NUMERIC = [
    *(_vital(n) for n in ("temperature_c", "heart_rate_per_min", "respiratory_rate_per_min",
                          "systolic_bp_mmhg", "diastolic_bp_mmhg", "spo2_percent",
                          "o2_flow_l_min", "fio2_fraction")),
    *(_screening(n) for n in ("age_years", "weight_kg", "height_cm")),
    *(_oxygenation(n) for n in ("o2_flow_l_min", "spo2_percent", "pao2_entered",
                                "fio2_entered")),
    *(_eligibility(n) for n in ("respiratory_rate_per_min", "spo2_at_rest_percent")),
    Numeric(
        "imaging", "lesion_extent_percent", _imaging_baseline, _imaging_stored,
        valid=VALID["lesion_extent_percent"],
    ),
    *(_lab(n) for n in ("CRP.value", "CRP.reference_low", "CRP.reference_high")),
]  # fmt: skip

TYPED = st.one_of(
    st.integers(0, 400).map(str),
    st.decimals(min_value=0, max_value=300, places=2)
    .map(str)
    .map(lambda t: t.replace(".", ",") if len(t) % 2 else t),
    st.from_regex(r"\A[<>]?[-+\u2212 ]?[0-9Ool]{1,4}[.,]?[0-9Ool]{0,3}[a-z ,.%-]?\Z"),
    st.text(max_size=8),
)


def _open(qtbot: QtBot, opened: OpenStore, kind: str, pid: str, screened: str) -> FormWidget:
    nurse = opened.actor(Role.NURSE)
    if kind == "screening":
        form: FormWidget = ScreeningForm(opened.store, nurse, PROTOCOL)
    elif kind == "oxygenation":
        form = OxygenationForm(opened.store, nurse, PROTOCOL, screened)
    elif kind == "eligibility":
        form = EligibilityWizard(opened.store, nurse, PROTOCOL, screened)
    else:
        form = form_class(kind)(opened.store, nurse, PROTOCOL, pid, "D7")
    shown(qtbot, form)
    return form


@pytest.mark.parametrize("spec", NUMERIC, ids=lambda s: f"{s.form}-{s.name}")
def test_any_text_in_a_numeric_field_is_saved_as_the_number_it_denotes_or_refused(
    opened: OpenStore, qtbot: QtBot, pid: str, screened: str, spec: Numeric
) -> None:
    form = _open(qtbot, opened, spec.form, pid, screened)
    seen: dict[str, int] = {"saved": 0, "refused": 0}

    @settings(
        max_examples=10, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )  # fmt: skip
    @given(text=TYPED)
    def typed(text: str) -> None:
        assume(text.strip())
        spec.prepare(qtbot, form)
        type_text(qtbot, editor(form, spec.name), text)
        saved = press_save(qtbot, form)
        denotes = meant(text, qualifier=spec.qualifier)
        if not saved:
            seen["refused"] += 1
            assert message_of(form, spec.owner or spec.name), f"{text!r} refused without a word"
            return
        seen["saved"] += 1
        value = spec.stored(opened, pid if spec.form not in ("oxygenation", "eligibility")
                            else screened, form, saved[-1])  # fmt: skip
        assert denotes is not None, f"{text!r} is not a number, yet {value!r} was saved"
        qualifier, number = denotes
        if isinstance(value, str):  # kept as text: the digits as typed, the comma a point
            assert value == qualifier + number_text(number), (text, value)
        else:
            assert value is not None and Decimal(repr(value)) == number, (text, value)

    example(text=spec.valid)(typed)()
    assert seen["refused"] > 0 and seen["saved"] > 0, seen
