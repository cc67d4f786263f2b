"""The participant page: header with the kit but never the arm, Timeline and Forms tabs."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from app.models import Participant, VitalSigns
from app.roles import Role
from app.ui.participant_page import ParticipantPage
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
# Words that would give the arm away ("pharmacist" is fine: that is who dispensed the kit).
ARM_WORDS = re.compile(r"\barms?\b|msc|placebo|allocat|treatment group", re.IGNORECASE)


def _randomised(opened: OpenStore) -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number="S-006", study_id="P-002", initials="LY", sex="M",
            date_of_birth=date(1955, 8, 21), weight_kg=76.0, status="screening", created_at=NOW,
        )  # fmt: skip
        session.add(p)
    pharmacist = opened.actor(Role.PHARMACIST)
    with opened.store.transaction(pharmacist, reason="randomised; kit dispensed") as session:
        row = session.get_one(Participant, p.id)
        row.status = "randomised"
        row.kit_code = "K-1041"
    with opened.store.transaction(nurse) as session:
        for days in (2, 1):
            session.add(
                VitalSigns(
                    participant_id=p.id, visit_code=f"D{3 - days}",
                    measured_at=NOW - timedelta(days=days), heart_rate_per_min=90 + days,
                )
            )  # fmt: skip
    return p.id


def _page(opened: OpenStore, qtbot: QtBot, pid: str, role: Role) -> ParticipantPage:
    page = ParticipantPage(opened.store, opened.actor(role), pid)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _all_text(page: ParticipantPage) -> str:
    """Every word on the page: labels, buttons, tab titles and timeline cells."""
    words = [label.text() for label in page.findChildren(QLabel)]
    words += [button.text() for button in page.findChildren(QAbstractButton)]
    tabs = page.tabs()
    words += [tabs.tabText(i) for i in range(tabs.count())]
    model = page.timeline_model()
    words += [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    return " ".join(words)


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR])
def test_the_header_shows_the_kit_code_but_never_the_arm(
    opened: OpenStore, qtbot: QtBot, role: Role
) -> None:
    page = _page(opened, qtbot, _randomised(opened), role)
    header = page.header_text()
    assert "P-002" in header
    assert "Kit: K-1041" in header
    assert "Status: Randomised" in header
    assert "Sex: Male" in header
    assert "Weight: 76.0 kg" in header
    assert "Age: " in header and " years" in header
    text = _all_text(page)
    assert ARM_WORDS.search(text) is None, text


def test_a_participant_not_yet_randomised_has_no_kit_and_shows_the_screening_number(
    opened: OpenStore, qtbot: QtBot
) -> None:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(screening_number="S-009", initials="QQ", sex="F", age_years=40,
                        created_at=NOW)  # fmt: skip
        session.add(p)
    page = _page(opened, qtbot, p.id, Role.NURSE)
    assert page.title() == "S-009"
    assert "Kit: —" in page.header_text()
    assert "Weight: —" in page.header_text()
    assert "Age: 40 years" in page.header_text()


def test_a_screen_failed_participant_shows_the_reason(opened: OpenStore, qtbot: QtBot) -> None:
    investigator = opened.actor(Role.INVESTIGATOR)
    with opened.store.transaction(investigator) as session:
        p = Participant(screening_number="S-003", initials="CJ", sex="M", created_at=NOW,
                        status="screen-failed", screen_fail_reason="Declined consent.")  # fmt: skip
        session.add(p)
    page = _page(opened, qtbot, p.id, Role.NURSE)
    assert "Screen failed: Declined consent." in page.header_text()


def test_the_timeline_tab_lists_visits_and_changes_newest_first_beside_the_form_tabs(
    opened: OpenStore, qtbot: QtBot
) -> None:
    page = _page(opened, qtbot, _randomised(opened), Role.NURSE)
    tabs = page.tabs()
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Timeline",
        "Screening",
        "Eligibility",
        "Oxygenation",
        "Infusion",
        "Visits",
        "Safety",
        "Trends",
    ]
    assert tabs.currentIndex() == ParticipantPage.TIMELINE_TAB
    model = page.timeline_model()
    titles = [model.entry_at(r).title for r in range(model.rowCount())]
    assert titles == [
        "Status changed to Randomised",
        "Participant record created",
        "Vital signs, visit D2",
        "Vital signs, visit D1",
    ]
    assert model.index(0, 3).data() == "pharmacist"
    table = tabs.widget(ParticipantPage.TIMELINE_TAB)
    assert all(table.rowHeight(r) >= 44 for r in range(model.rowCount()))


def test_there_is_no_draft_while_no_form_was_touched(opened: OpenStore, qtbot: QtBot) -> None:
    page = _page(opened, qtbot, _randomised(opened), Role.NURSE)
    assert page.draft_state() is None
    page.restore_draft({"anything": 1})
    assert page.draft_state() is None


def test_the_back_button_asks_for_the_participants_list(opened: OpenStore, qtbot: QtBot) -> None:
    page = _page(opened, qtbot, _randomised(opened), Role.NURSE)
    with qtbot.waitSignal(page.backRequested):
        qtbot.mouseClick(page._back, Qt.MouseButton.LeftButton)


def test_reload_shows_a_change_saved_elsewhere(opened: OpenStore, qtbot: QtBot) -> None:
    pid = _randomised(opened)
    page = _page(opened, qtbot, pid, Role.NURSE)
    with opened.store.transaction(opened.actor(Role.NURSE), reason="infused") as session:
        session.get_one(Participant, pid).status = "infused"
    page.reload()
    assert "Status: Infused" in page.header_text()
    assert page.timeline_model().entry_at(0).title == "Status changed to Infused"
