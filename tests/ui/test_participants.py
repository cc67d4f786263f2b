"""The participants screen: search, scan, sort, open; models checked by qtmodeltester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from pytestqt.qtbot import QtBot

from app.models import Participant, ParticipantStatus, VitalSigns
from app.roles import Role
from app.services.participants import ParticipantRow, TimelineEntry
from app.ui import participants_view as participants_view_module
from app.ui.participants_model import (
    PARTICIPANT_ID_ROLE,
    ROW_HEIGHT_PX,
    Column,
    ParticipantsFilterProxy,
    ParticipantsTableModel,
    TimelineModel,
)
from app.ui.participants_view import ParticipantsView
from tests.conftest import OpenStore

# The offscreen platform cannot resize windows to a new minimum size; not a fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

# screening number, study ID, initials, age, status, kit
PEOPLE = [
    ("S-001", "P-001", "AB", 45, "randomised", "K-1041"),
    ("S-002", "P-002", "CD", 100, "infused", "K-1017"),
    ("S-003", None, "EF", 9, "screening", None),
    ("S-004", "P-010", "AX", 61, "completed", "K-1063"),
]


def _rows() -> list[ParticipantRow]:
    return [
        ParticipantRow(
            id=f"id-{n}", study_id=study, screening_number=screening, initials=initials,
            sex="F", age_years=age, weight_kg=60.5 + n, status=ParticipantStatus(status),
            kit_code=kit, last_seen=NOW - timedelta(hours=n) if n % 2 else None,
        )
        for n, (screening, study, initials, age, status, kit) in enumerate(PEOPLE)
    ]  # fmt: skip


def _populate(opened: OpenStore) -> dict[str, str]:
    """The participants of PEOPLE in the store; screening number → id."""
    nurse = opened.actor(Role.NURSE)
    ids = {}
    with opened.store.transaction(nurse) as session:
        for screening, study, initials, age, status, kit in PEOPLE:
            p = Participant(
                screening_number=screening, study_id=study, initials=initials, sex="M",
                age_years=age, weight_kg=72.5, status=status, kit_code=kit, created_at=NOW,
            )  # fmt: skip
            session.add(p)
            session.flush()
            ids[screening] = p.id
        session.add(VitalSigns(participant_id=ids["S-001"], visit_code="D1", measured_at=NOW))
    return ids


@pytest.fixture
def view(opened: OpenStore, qtbot: QtBot) -> tuple[ParticipantsView, dict[str, str]]:
    ids = _populate(opened)
    widget = ParticipantsView(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, ids


def _shown_screening_numbers(widget: ParticipantsView) -> list[str]:
    proxy = widget.proxy()
    column = Column.SCREENING_NUMBER
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def _headers(widget: ParticipantsView) -> list[str]:
    model = widget.table().model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


# -- models ---------------------------------------------------------------------------


@pytest.mark.parametrize("show_arm", [False, True])
def test_the_participants_model_passes_the_model_tester(qtmodeltester, show_arm: bool) -> None:
    model = ParticipantsTableModel(show_arm=show_arm)
    model.set_rows(_rows(), {"id-0": "A"})
    qtmodeltester.check(model)
    model.sort(Column.AGE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_the_filter_proxy_passes_the_model_tester_while_filtering_and_sorting(
    qtmodeltester,
) -> None:
    model = ParticipantsTableModel()
    model.set_rows(_rows())
    proxy = ParticipantsFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search_text("p-0")
    proxy.sort(Column.AGE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3


def test_the_timeline_model_passes_the_model_tester(qtmodeltester) -> None:
    model = TimelineModel()
    model.set_entries(
        [
            TimelineEntry(NOW, "changed", "Status changed to Infused", "status: a → b", "nurse"),
            TimelineEntry(NOW - timedelta(days=1), "vitals", "Vital signs, visit D1", "T 37", None),
        ]
    )
    qtmodeltester.check(model)


def test_every_cell_carries_its_participant_id() -> None:
    model = ParticipantsTableModel()
    model.set_rows(_rows())
    assert {model.index(2, c).data(PARTICIPANT_ID_ROLE) for c in range(model.columnCount())} == {
        "id-2"
    }
    assert model.index(0, 0).data(PARTICIPANT_ID_ROLE) == "id-0"
    assert model.data(QModelIndex()) is None


# -- the screen -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("p-00", ["S-001", "S-002"]),
        ("P-010", ["S-004"]),
        ("s-003", ["S-003"]),
        ("ab", ["S-001"]),
        ("a", ["S-001", "S-004"]),
        ("  cd ", ["S-002"]),
        ("k-1017", ["S-002"]),
        ("zz", []),
    ],
)
def test_search_matches_study_id_screening_number_initials_or_kit_ignoring_case(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot, typed: str, expected: list[str]
) -> None:
    widget, _ids = view
    qtbot.keyClicks(widget.search_box(), typed)
    assert _shown_screening_numbers(widget) == expected


def test_the_count_says_how_many_are_shown_and_when_nothing_matches(
    view: tuple[ParticipantsView, dict[str, str]],
) -> None:
    widget, _ids = view
    assert widget.count_text() == "4 participants"
    widget.set_search_text("p-00")
    assert widget.count_text() == "2 of 4 shown"
    widget.set_search_text("zz")
    assert widget.count_text() == "No participant matches “zz”"


def test_clicking_the_age_header_sorts_ages_as_numbers(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, _ids = view
    header = widget.table().horizontalHeader()
    x = header.sectionViewportPosition(Column.AGE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    ages = [widget.proxy().index(r, Column.AGE).data() for r in range(4)]
    assert ages == ["9", "45", "61", "100"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [widget.proxy().index(r, Column.AGE).data() for r in range(4)] == ages[::-1]


def test_study_ids_sort_in_order_with_not_yet_enrolled_last(
    view: tuple[ParticipantsView, dict[str, str]],
) -> None:
    widget, _ids = view
    assert _shown_screening_numbers(widget) == ["S-001", "S-002", "S-004", "S-003"]


def test_status_shows_as_words(view: tuple[ParticipantsView, dict[str, str]]) -> None:
    widget, _ids = view
    statuses = [widget.proxy().index(r, Column.STATUS).data() for r in range(4)]
    assert statuses == ["Randomised", "Infused", "Completed", "Screening"]


def test_rows_are_tall_enough_for_a_gloved_finger(
    view: tuple[ParticipantsView, dict[str, str]],
) -> None:
    widget, _ids = view
    assert ROW_HEIGHT_PX >= 44
    assert all(widget.table().rowHeight(r) >= 44 for r in range(4))
    assert widget.search_box().height() >= 44


def test_enter_on_a_row_opens_that_participant(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    widget.select_participant(ids["S-002"])
    widget.table().setFocus()
    with qtbot.waitSignal(widget.openParticipant) as opened_signal:
        qtbot.keyClick(widget.table(), Qt.Key.Key_Return)
    assert opened_signal.args == [ids["S-002"]]


def test_double_clicking_a_row_opens_that_participant(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    table = widget.table()
    rect = table.visualRect(widget.proxy().index(2, Column.INITIALS))
    # A single tap only selects; a real double click starts with it.
    with qtbot.assertNotEmitted(widget.openParticipant):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert widget.selected_participant_id() == ids["S-004"]
    with qtbot.waitSignal(widget.openParticipant) as opened_signal:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened_signal.args == [ids["S-004"]]


def test_scanning_a_kit_code_then_enter_opens_its_participant(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    qtbot.keyClicks(widget.search_box(), "k-1063")
    with qtbot.waitSignal(widget.openParticipant) as opened_signal:
        qtbot.keyClick(widget.search_box(), Qt.Key.Key_Return)
    assert opened_signal.args == [ids["S-004"]]
    assert widget.search_box().selectedText() == "k-1063"  # the next scan replaces it


def test_enter_in_the_search_opens_the_only_row_left(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    qtbot.keyClicks(widget.search_box(), "cd")
    with qtbot.waitSignal(widget.openParticipant) as opened_signal:
        qtbot.keyClick(widget.search_box(), Qt.Key.Key_Return)
    assert opened_signal.args == [ids["S-002"]]


def test_enter_in_the_search_with_several_rows_moves_to_the_first_row(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    qtbot.keyClicks(widget.search_box(), "p-00")
    with qtbot.assertNotEmitted(widget.openParticipant):
        qtbot.keyClick(widget.search_box(), Qt.Key.Key_Return)
    assert widget.selected_participant_id() == ids["S-001"]
    qtbot.waitUntil(widget.table().hasFocus)


def test_the_open_button_opens_the_selected_row_and_waits_for_a_selection(
    view: tuple[ParticipantsView, dict[str, str]], qtbot: QtBot
) -> None:
    widget, ids = view
    assert not widget._open_button.isEnabled()
    widget.select_participant(ids["S-003"])
    assert widget._open_button.isEnabled()
    with qtbot.waitSignal(widget.openParticipant) as opened_signal:
        qtbot.mouseClick(widget._open_button, Qt.MouseButton.LeftButton)
    assert opened_signal.args == [ids["S-003"]]


def test_refresh_keeps_the_search_and_the_selection(
    view: tuple[ParticipantsView, dict[str, str]],
) -> None:
    widget, ids = view
    widget.set_search_text("p-0")
    widget.select_participant(ids["S-002"])
    widget.refresh()
    assert widget.search_text() == "p-0"
    assert widget.selected_participant_id() == ids["S-002"]
    assert widget.visible_count() == 3


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR, Role.ADMIN])
def test_blinded_people_get_no_arm_column(opened: OpenStore, qtbot: QtBot, role: Role) -> None:
    _populate(opened)
    actor = opened.admin if role is Role.ADMIN else opened.actor(role)
    widget = ParticipantsView(opened.store, actor)
    qtbot.addWidget(widget)
    assert "Arm" not in _headers(widget)
    assert widget.table().model().columnCount() == len(Column) - 1


def test_the_pharmacist_gets_an_arm_column_not_allocated_until_randomisation_exists(
    opened: OpenStore, qtbot: QtBot
) -> None:
    _populate(opened)
    widget = ParticipantsView(opened.store, opened.actor(Role.PHARMACIST))
    qtbot.addWidget(widget)
    assert _headers(widget)[-1] == "Arm"
    assert widget.proxy().index(0, Column.ARM).data() == "not allocated"


def test_an_empty_store_says_there_are_no_participants_yet(opened: OpenStore, qtbot: QtBot) -> None:
    widget = ParticipantsView(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(widget)
    assert widget.count_text() == "No participants yet"
    assert not widget.grab().isNull()


def test_coming_back_to_the_list_shows_participants_added_meanwhile(
    view: tuple[ParticipantsView, dict[str, str]],
    opened: OpenStore,
) -> None:
    widget, _ids = view
    widget.hide()
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(Participant(screening_number="S-099", initials="NW", sex="F", created_at=NOW))
    # As if it had been loaded a while ago.
    widget._loaded_at -= participants_view_module.STALE_AFTER_S + 1
    widget.show()
    assert widget.count_text() == "5 participants"
