"""Today leads to the next task: a tap opens the due visit's form, and its sentences are true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.models import Participant, VitalSigns
from app.roles import Role
from app.ui.main_window import MainWindow
from app.ui.participant_page import ParticipantPage
from app.ui.session import SessionController
from app.ui.today_view import TodayView
from app.ui.visits_panel import VisitsPanel
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# Ten in the morning, the ward's own time: far from midnight whichever day the tests run.
NOW = datetime.now().astimezone().replace(hour=10, minute=0, second=0, microsecond=0)


def _clock() -> datetime:
    return NOW


def _on_study(
    opened: OpenStore, study_id: str, day0_days_ago: int | None, now: datetime = NOW
) -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number=f"S-{study_id}", study_id=study_id, initials="AB", sex="F",
            status="infused", kit_code=f"K-{study_id}", created_at=NOW - timedelta(days=9),
            day0_on=None if day0_days_ago is None else (now - timedelta(days=day0_days_ago)).date(),
        )  # fmt: skip
        session.add(p)
    return p.id


def _vitals(opened: OpenStore, participant_id: str, at: datetime, visit: str = "D1") -> None:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(
            VitalSigns(
                participant_id=participant_id,
                visit_code=visit,
                measured_at=at.astimezone(UTC),
                spo2_percent=94,
            )
        )


def test_tapping_a_card_opens_the_due_visits_vital_signs_form_focused(
    qtbot: QtBot, opened: OpenStore
) -> None:
    real_now = datetime.now().astimezone()
    other = _on_study(opened, "P-001", None)
    _vitals(opened, other, real_now - timedelta(minutes=1))
    # Day 1 by the window's own clock, the real one: NOW was taken when the module was
    # imported, which may have been the day before.
    wanted = _on_study(opened, "P-002", 1, real_now)  # day 1 today: the Day 1 visit is due
    nurse = opened.actor(Role.NURSE)
    window = MainWindow(SessionController(opened.store, nurse), idle_timeout_ms=600_000)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    today = window.current_page()
    assert isinstance(today, TodayView)
    (card,) = today.cards()
    assert card.participant_id == wanted and card.visit_code == "D1"

    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)

    page = window.current_page()
    assert isinstance(page, ParticipantPage) and page.participant_id == wanted
    tabs = page.tabs()
    assert tabs.tabText(tabs.currentIndex()) == "Visits"
    panel = page.forms().widget("visits")
    assert isinstance(panel, VisitsPanel)
    form = panel.current_form()
    assert form is not None and form.form_name == "vitals"
    assert panel._form_visit == "D1"
    assert "Day 1" in panel._form_title.text()
    qtbot.waitUntil(lambda: form.isVisible() and form.isAncestorOf(QApplication.focusWidget()))
    window.grab().save("/tmp/today_opens_due_form.png")


def test_enter_on_a_card_opens_the_due_form_too(qtbot: QtBot, opened: OpenStore) -> None:
    wanted = _on_study(opened, "P-002", 1, datetime.now().astimezone())
    window = MainWindow(
        SessionController(opened.store, opened.actor(Role.NURSE)), idle_timeout_ms=600_000
    )
    qtbot.addWidget(window)
    window.show()
    today = window.current_page()
    assert isinstance(today, TodayView)
    card = today.cards()[0]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    page = window.current_page()
    assert isinstance(page, ParticipantPage) and page.participant_id == wanted
    panel = page.forms().widget("visits")
    assert isinstance(panel, VisitsPanel)
    assert panel.current_form() is not None


def _today(qtbot: QtBot, opened: OpenStore, role: Role = Role.NURSE) -> TodayView:
    view = TodayView(opened.store, opened.actor(role), clock=_clock)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_nobody_due_does_not_claim_everyone_has_vital_signs_when_one_has_none(
    qtbot: QtBot, opened: OpenStore
) -> None:
    seen = _on_study(opened, "P-001", 4)  # day 4: Day 2 is past, Day 7 not open yet
    unseen = _on_study(opened, "P-002", 4)
    _vitals(opened, seen, NOW - timedelta(hours=1), "D2")
    view = _today(qtbot, opened)
    assert view.cards() == []
    said = " ".join(view.sentences())
    assert "every participant on study has vital signs today" not in said
    assert view._due_none.text() == (
        "None: no visit is due or overdue today. 1 of 2 participants on study have vital "
        "signs today."
    )
    _vitals(opened, unseen, NOW - timedelta(minutes=30), "D2")
    qtbot.mouseClick(view._refresh_button, Qt.MouseButton.LeftButton)
    assert view._due_none.text() == "None: every participant on study has vital signs today."


def test_with_nobody_on_study_today_says_exactly_that(qtbot: QtBot, opened: OpenStore) -> None:
    view = _today(qtbot, opened)
    assert view._due_none.text() == "None: no participant is on study."
    assert view.section_text("Sync") == "Never synced."


def test_vital_signs_from_yesterday_do_not_count_as_today(qtbot: QtBot, opened: OpenStore) -> None:
    pid = _on_study(opened, "P-001", 4)
    _vitals(opened, pid, NOW - timedelta(days=1), "D2")
    view = _today(qtbot, opened)
    assert "0 of 1 participants on study have vital signs today" in view._due_none.text()


def test_every_sentence_today_says_is_listed_and_the_sign_list_is_only_for_signers(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = _on_study(opened, "P-001", 1)
    nurse_view = _today(qtbot, opened)
    said = nurse_view.sentences()
    assert said[0] == "Visits due or overdue (1)"
    assert any("P-001" in line and "Day 1" in line for line in said)
    assert "Waiting for your signature" not in said
    assert said[-6:] == [
        "Infusions in progress", "None.",
        "Open serious adverse events", "None: no serious adverse event waits to be reported.",
        "Sync", "Never synced.",
    ]  # fmt: skip
    investigator_view = _today(qtbot, opened, Role.INVESTIGATOR)
    assert "Waiting for your signature" in investigator_view.sentences()
    assert (
        "None: every eligibility checklist with a verdict is signed."
        in investigator_view.sentences()
    )
    del pid
