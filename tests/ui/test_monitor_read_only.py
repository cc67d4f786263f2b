"""A monitor reads every form but types into none: the fields are read-only, Save is off,
and the reason stands at the top of the form, above its fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.screening import ScreeningEntry, screen_patient
from app.ui.forms import ChoiceField
from app.ui.forms.base import FormWidget
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.forms.oxygenation_form import OxygenationForm
from app.ui.forms.screening_form import ScreeningForm
from app.ui.forms.visit_forms import FORM_MODULES, VISIT_FORM_NAMES, form_class
from tests.conftest import OpenStore
from tests.ui.screens_helper import styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PROTOCOL = load_default()
REASON = "Monitors can read but not change records."


@pytest.fixture
def ids(opened: OpenStore) -> tuple[str, str]:
    nurse = opened.actor(Role.NURSE)
    entry = ScreeningEntry(
        initials="LW", sex="F", date_of_birth=date(1961, 3, 14), weight_kg="58",
        admission_date=date.today() - timedelta(days=1),
    )  # fmt: skip
    screened = screen_patient(opened.store, nurse, PROTOCOL, entry).id
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number="S-1", study_id="P-001", initials="AB", sex="F", status="infused",
            day0_on=date.today() - timedelta(days=7),
            created_at=datetime.now(UTC) - timedelta(days=9),
        )  # fmt: skip
        session.add(p)
    return screened, p.id


def forms(opened: OpenStore, ids: tuple[str, str]) -> list[FormWidget]:
    monitor = opened.actor(Role.MONITOR)
    screened, on_study = ids
    made: list[FormWidget] = [
        ScreeningForm(opened.store, monitor, PROTOCOL, screened),
        EligibilityWizard(opened.store, monitor, PROTOCOL, screened),
        OxygenationForm(opened.store, monitor, PROTOCOL, screened),
    ]
    for name in FORM_MODULES:
        visit = "D7" if name in VISIT_FORM_NAMES else None
        made.append(form_class(name)(opened.store, monitor, PROTOCOL, on_study, visit))
    return made


def test_every_form_is_read_only_for_a_monitor_with_the_reason_on_top(
    opened: OpenStore, qtbot: QtBot, ids: tuple[str, str]
) -> None:
    styled()
    for form in forms(opened, ids):
        qtbot.addWidget(form)
        form.resize(1366, 768)
        form.show()
        qtbot.waitExposed(form)
        name = type(form).__name__
        banner = form.read_only_banner
        assert banner.isVisible() and banner.text() == REASON, name
        # At the top: above the scroll area with the fields, whatever is scrolled.
        top = banner.mapTo(form, QPoint(0, 0)).y()
        assert top == 0 and banner.geometry().bottom() < form.scroll_area.geometry().top(), name
        assert form.save_error.text() == "", name  # not (also) at the bottom
        assert not form.save_button.isEnabled(), name
        typed = 0
        for field in form.fields().values():
            for part in field.parts:
                if isinstance(part, QLineEdit) and part.isVisible():
                    before = part.text()
                    part.setFocus()
                    qtbot.keyClicks(part, "12")
                    qtbot.keyClick(part, Qt.Key.Key_Backspace)
                    assert part.text() == before and part.isReadOnly(), (name, field.name)
                    typed += 1
                elif isinstance(part, ChoiceField):
                    assert not part.isEnabled(), (name, field.name)
                elif part.isVisible() and part.isWindow() is False:
                    assert not part.isEnabled() or getattr(part, "isReadOnly", lambda: 1)()
            assert not field.confirm.isEnabled()
        assert form.draft_state() is None, name  # nothing changed
        assert typed or isinstance(form, FormWidget)


def test_a_read_only_field_looks_different_from_one_a_nurse_types_into(
    opened: OpenStore, qtbot: QtBot, ids: tuple[str, str]
) -> None:
    styled()
    screened, _ = ids
    mine = ScreeningForm(opened.store, opened.actor(Role.NURSE), PROTOCOL, screened)
    theirs = ScreeningForm(opened.store, opened.actor(Role.MONITOR), PROTOCOL, screened)
    images = []
    for form in (mine, theirs):
        qtbot.addWidget(form)
        form.resize(1366, 768)
        form.show()
        qtbot.waitExposed(form)
        editor = form.field("initials").editor
        image = editor.grab().toImage()
        images.append(image.pixelColor(image.width() - 6, image.height() // 2).name())
    assert theirs.field("initials").editor.isReadOnly()  # type: ignore[attr-defined]
    assert images[0] != images[1]  # the read-only field has its own background
