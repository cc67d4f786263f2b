"""The participant page carries the form tabs; a half-typed form survives a lock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.models import Participant, ParticipantStatus
from app.roles import Role
from app.ui.participant_page import ParticipantPage
from app.ui.participant_tabs import ParticipantTabs
from tests.conftest import OpenStore


def _participant(opened: OpenStore) -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number="WH01-D-0001",
            initials="LW",
            sex="F",
            weight_kg=61.0,
            date_of_birth=date(1970, 5, 1),
            status=ParticipantStatus.INFUSED.value,
            study_id="WH01-001",
            day0_on=date.today(),
            created_at=datetime.now(UTC),
        )
        session.add(p)
    return p.id


def test_form_tabs_are_built_only_when_opened(qtbot: QtBot, opened: OpenStore) -> None:
    pid = _participant(opened)
    page = ParticipantPage(opened.store, opened.actor(Role.NURSE), pid)
    qtbot.addWidget(page)
    titles = [page.tabs().tabText(i) for i in range(page.tabs().count())]
    assert titles == [
        "Timeline", "Screening", "Eligibility", "Oxygenation", "Infusion", "Visits", "Safety",
        "Trends",
    ]  # fmt: skip
    forms = page.forms()
    assert all(tab.widget is None for tab in forms.lazy.values())
    forms.show_tab("visits")
    assert forms.lazy["visits"].widget is not None
    assert forms.lazy["oxygenation"].widget is None


def test_a_half_typed_oxygenation_form_is_kept_in_the_page_draft(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    page = ParticipantPage(opened.store, nurse, pid)
    qtbot.addWidget(page)
    form = page.forms().show_tab("oxygenation")
    spo2 = form.findChild(QLineEdit, "spo2_percent")
    assert spo2 is not None
    qtbot.keyClicks(spo2, "91")
    state = page.draft_state()
    assert state is not None and state["front"] == "oxygenation"

    again = ParticipantPage(opened.store, nurse, pid)
    qtbot.addWidget(again)
    assert again.draft_state() is None
    again.restore_draft(state)
    restored = again.forms().widget("oxygenation").findChild(QLineEdit, "spo2_percent")
    assert restored is not None and restored.text() == "91"
    assert again.tabs().currentWidget() is again.forms().lazy["oxygenation"]
    assert isinstance(again.forms(), ParticipantTabs)


def test_screen_a_patient_is_offered_to_those_who_enter_data(
    qtbot: QtBot, opened: OpenStore
) -> None:
    from app.ui.participants_view import ParticipantsView

    nurse_view = ParticipantsView(opened.store, opened.actor(Role.NURSE))
    monitor_view = ParticipantsView(opened.store, opened.actor(Role.MONITOR))
    qtbot.addWidget(nurse_view)
    qtbot.addWidget(monitor_view)
    assert not nurse_view._screen_button.isHidden()
    assert monitor_view._screen_button.isHidden()
