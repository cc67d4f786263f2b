"""Admin → Study IDs: the device's range, how many are left, setting one, refusing an
overlap, saying when it is used up or nearly so; and the demo enrols with its range."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import Participant
from app.roles import Role
from app.services.demo import create_demo_store
from app.services.screening import enrol, study_id_range
from app.store.store import Store
from app.ui.admin_page import AdminPage
from app.ui.study_range_tab import StudyRangeTab
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
CLICK = Qt.MouseButton.LeftButton


def _tab(qtbot: QtBot, opened: OpenStore) -> tuple[AdminPage, StudyRangeTab]:
    page = AdminPage(opened.store, opened.admin)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(titles.index("Study IDs"))
    tab = page.study_range_tab
    qtbot.waitExposed(tab)
    return page, tab


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _set(qtbot: QtBot, tab: StudyRangeTab, prefix: str, first: str, last: str) -> None:
    _type(qtbot, tab.prefix_edit, prefix)
    _type(qtbot, tab.first_edit, first)
    _type(qtbot, tab.last_edit, last)
    qtbot.mouseClick(tab.save_button, CLICK)


def _enrolled(opened: OpenStore, study_id: str) -> None:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        session.add(Participant(screening_number=f"S-{study_id}", study_id=study_id,
                                initials="AB", sex="F", status="randomised",
                                created_at=datetime.now(UTC)))  # fmt: skip


def test_without_a_range_the_tab_says_enrolment_cannot_give_ids(
    qtbot: QtBot, opened: OpenStore
) -> None:
    _page, tab = _tab(qtbot, opened)
    assert tab.current_label.text() == "This device has no study-ID range yet."
    assert tab.warning_label.text() == (
        "Enrolment cannot give study IDs until a range is set here."
    )


def test_an_admin_sets_a_range_and_sees_how_many_are_left(qtbot: QtBot, opened: OpenStore) -> None:
    page, tab = _tab(qtbot, opened)
    _set(qtbot, tab, "WH01-", "1", "40")
    assert tab.message_label.text() == "Saved: this device now hands out WH01-001 to WH01-040."
    assert tab.current_label.text() == (
        "WH01-001 to WH01-040: 40 of 40 left; the next enrolment gets WH01-001."
    )
    assert not tab.warning_label.isVisibleTo(tab)
    current = study_id_range(opened.store)
    assert current is not None and (current.prefix, current.first, current.last) == ("WH01-", 1, 40)
    page.grab().save("/tmp/study_range_tab.png")


def test_a_range_overlapping_an_issued_id_is_refused_with_a_sentence(
    qtbot: QtBot, opened: OpenStore
) -> None:
    _enrolled(opened, "WH01-007")
    _page, tab = _tab(qtbot, opened)
    _set(qtbot, tab, "WH01-", "1", "40")
    assert tab.message_label.text() == (
        "Study ID WH01-007 is already assigned inside that range: start the new range after 7."
    )
    assert study_id_range(opened.store) is None
    _set(qtbot, tab, "WH01-", "8", "40")
    assert tab.current_label.text().startswith("WH01-008 to WH01-040: 33 of 33 left")


def test_bad_numbers_are_refused_before_anything_is_saved(qtbot: QtBot, opened: OpenStore) -> None:
    _page, tab = _tab(qtbot, opened)
    _set(qtbot, tab, "WH01-", "40", "1")
    assert tab.message_label.text() == "The last number is below the first."
    _set(qtbot, tab, "WH01-", "-1", "9")
    assert tab.message_label.text() == "Study ID numbers are whole numbers 1–999999."
    # Too long is refused with a sentence, never cut while typing.
    _set(qtbot, tab, "WH01-", "1", "1234567")
    assert tab.message_label.text() == "Study ID numbers are whole numbers 1–999999."
    _set(qtbot, tab, "W" * 17, "1", "9")
    assert "1–16 letters" in tab.message_label.text()
    assert study_id_range(opened.store) is None


def test_nearly_used_up_and_used_up_ranges_are_said(qtbot: QtBot, opened: OpenStore) -> None:
    for n in (1, 2):
        _enrolled(opened, f"WH01-00{n}")
    _page, tab = _tab(qtbot, opened)
    _set(qtbot, tab, "WH01-", "3", "5")
    assert tab.warning_label.text() == "Only 3 study IDs left: set the next range soon."
    for n in (3, 4, 5):
        _enrolled(opened, f"WH01-00{n}")
    tab.refresh()
    assert tab.current_label.text() == "WH01-003 to WH01-005: 0 of 3 left."
    assert tab.warning_label.text() == (
        "Every study ID in this range is used: set a new range before the next enrolment."
    )


def test_the_demo_has_a_range_so_its_signed_eligible_patient_can_be_enrolled(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "demo"
    create_demo_store(folder)
    with Store.open(folder) as store:
        nurse = store.unlock("nurse", "nurse-demo")
        current = study_id_range(store)
        assert current is not None and current.label == "DEMO-009 to DEMO-040"
        with store.read() as session:
            waiting = session.scalars(
                select(Participant.id).where(
                    Participant.status == "eligible", Participant.study_id.is_(None)
                )
            ).all()
        assert len(waiting) == 1
        assert enrol(store, nurse, waiting[0]) == "DEMO-009"
