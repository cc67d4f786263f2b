"""Today: who needs observations now (overdue first), one tap to open; the other frames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.models import Participant, VitalSigns
from app.roles import Role
from app.ui import today_view as today_view_module
from app.ui.today_view import TodayView
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _clock() -> datetime:
    return NOW


def _ward(opened: OpenStore) -> dict[str, str]:
    """Four participants; study ID → id. P-001 seen today, P-002 yesterday, P-003 long ago."""
    nurse = opened.actor(Role.NURSE)
    ids = {}
    seen = {"P-001": timedelta(hours=1), "P-002": timedelta(hours=20), "P-003": timedelta(days=4)}
    with opened.store.transaction(nurse) as session:
        for n, study in enumerate(("P-001", "P-002", "P-003", "P-004"), start=1):
            p = Participant(
                screening_number=f"S-00{n}", study_id=study, initials="AB", sex="F",
                status="completed" if study == "P-004" else "infused", kit_code=f"K-10{n}",
                created_at=NOW - timedelta(days=5),
            )  # fmt: skip
            session.add(p)
            session.flush()
            ids[study] = p.id
            if study in seen:
                session.add(
                    VitalSigns(participant_id=p.id, visit_code="D1", measured_at=NOW - seen[study])
                )
    return ids


@pytest.fixture
def today_view(opened: OpenStore, qtbot: QtBot) -> tuple[TodayView, dict[str, str]]:
    ids = _ward(opened)
    view = TodayView(opened.store, opened.actor(Role.NURSE), clock=_clock)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    return view, ids


def test_cards_show_who_is_due_with_the_overdue_first(
    today_view: tuple[TodayView, dict[str, str]],
) -> None:
    view, ids = today_view
    cards = view.cards()
    assert [(c.participant_id, c.overdue) for c in cards] == [
        (ids["P-003"], True),
        (ids["P-002"], False),
    ]
    assert cards[0].text_lines() == [
        "P-003 · AB",
        "Infused · kit K-103",
        "OVERDUE — Last vital signs 4 days ago",
    ]
    assert "(2, 1 overdue)" in view._due_box.title()
    assert all(c.height() >= 44 for c in cards)


def test_tapping_a_card_opens_that_participant(
    today_view: tuple[TodayView, dict[str, str]], qtbot: QtBot
) -> None:
    view, ids = today_view
    with qtbot.waitSignal(view.openParticipant) as signal:
        qtbot.mouseClick(view.cards()[1], Qt.MouseButton.LeftButton)
    assert signal.args == [ids["P-002"]]


def test_enter_on_a_focused_card_opens_that_participant(
    today_view: tuple[TodayView, dict[str, str]], qtbot: QtBot
) -> None:
    view, ids = today_view
    card = view.cards()[0]
    card.setFocus()
    with qtbot.waitSignal(view.openParticipant) as signal:
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert signal.args == [ids["P-003"]]


def test_refresh_drops_a_participant_once_their_vital_signs_are_in(
    today_view: tuple[TodayView, dict[str, str]], opened: OpenStore, qtbot: QtBot
) -> None:
    view, ids = today_view
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(VitalSigns(participant_id=ids["P-002"], visit_code="D2", measured_at=NOW))
    qtbot.mouseClick(view._refresh_button, Qt.MouseButton.LeftButton)
    assert [c.participant_id for c in view.cards()] == [ids["P-003"]]


def test_the_frames_still_to_come_say_none_and_never_synced(
    today_view: tuple[TodayView, dict[str, str]],
) -> None:
    view, _ids = today_view
    assert view.section_text("Infusions in progress") == "None."
    assert view.section_text("Open serious adverse events").startswith("None:")
    assert view.section_text("Sync") == "Never synced."


def test_with_nobody_due_today_says_so(opened: OpenStore, qtbot: QtBot) -> None:
    view = TodayView(opened.store, opened.actor(Role.MONITOR), clock=_clock)
    qtbot.addWidget(view)
    assert view.cards() == []
    assert view._due_none.isVisibleTo(view)
    assert view._due_box.title() == "Visits due or overdue"


def test_coming_back_to_today_shows_what_was_saved_meanwhile(
    today_view: tuple[TodayView, dict[str, str]],
    opened: OpenStore,
) -> None:
    view, ids = today_view
    view.hide()
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(VitalSigns(participant_id=ids["P-003"], visit_code="D2", measured_at=NOW))
    # As if it had been loaded a while ago.
    view._loaded_at -= today_view_module.STALE_AFTER_S + 1
    view.show()
    assert [c.participant_id for c in view.cards()] == [ids["P-002"]]
