"""The Safety page: every AE across participants, filtered and sorted, with the SAE clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clinical.adverse_events import AeEntry
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import mark_reported, record_ae
from app.ui.safety_model import AE_ID_ROLE, Column, SafetyFilterProxy, SafetyTableModel
from app.ui.safety_page import SafetyPage
from tests.conftest import OpenStore

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROTOCOL = load_default()
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def events(opened: OpenStore) -> dict[str, str]:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        people = [
            Participant(
                screening_number=f"S-{n}",
                study_id=f"P-00{n}",
                initials="AB",
                sex="F",
                status="infused",
                kit_code=f"K{n}Q2MX",
                day0_on=date.today(),
                created_at=NOW - timedelta(days=3),
            )
            for n in (1, 2)
        ]
        session.add_all(people)
    one, two = (p.id for p in people)

    def ae(pid: str, hours_ago: int, **values: object) -> str:
        onset = NOW - timedelta(hours=hours_ago)
        base: dict[str, object] = {"term_code": "fever", "term_text": "", "onset_at": onset,
                                   "grade": 1, "outcome": "recovering"}  # fmt: skip
        base.update(values)
        if base.get("seriousness"):
            base["aware_at"] = onset
        return record_ae(opened.store, nurse, PROTOCOL, pid, AeEntry(**base), now=NOW)  # type: ignore[arg-type]

    late = ae(one, 30, term_code="hypoxia", grade=3, seriousness=frozenset({"hospitalisation"}))
    urgent = ae(two, 20, term_code="dyspnea", grade=2,
                seriousness=frozenset({"medically_important"}))  # fmt: skip
    reported = ae(two, 10, term_code="hypotension", grade=3,
                  seriousness=frozenset({"life_threatening"}))  # fmt: skip
    mark_reported(opened.store, nurse, reported, NOW - timedelta(hours=2), "fax", now=NOW)
    mild = ae(one, 5, term_code="infusion_related_reaction", grade=1)
    return {"late": late, "urgent": urgent, "reported": reported, "mild": mild}


def _page(opened: OpenStore, qtbot: QtBot) -> SafetyPage:
    page = SafetyPage(opened.store, PROTOCOL)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.refresh(now=NOW)
    page.show()
    qtbot.waitExposed(page)
    return page


def _ids(page: SafetyPage) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, 0).data(AE_ID_ROLE) for r in range(proxy.rowCount())]


def test_the_safety_models_pass_the_model_tester(
    opened: OpenStore, qtbot: QtBot, qtmodeltester, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    qtmodeltester.check(page.model)
    proxy = SafetyFilterProxy()
    proxy.setSourceModel(page.model)
    proxy.sort(Column.GRADE, Qt.SortOrder.DescendingOrder)
    proxy.set_filters(serious=True)
    qtmodeltester.check(proxy)
    qtmodeltester.check(SafetyTableModel())


def test_the_clock_column_puts_the_overdue_first_and_says_each_state(
    opened: OpenStore, qtbot: QtBot, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    assert _ids(page)[:3] == [events["late"], events["urgent"], events["reported"]]
    clock = {page.proxy.index(r, 0).data(AE_ID_ROLE): page.proxy.index(r, Column.CLOCK).data()
             for r in range(page.proxy.rowCount())}  # fmt: skip
    assert clock[events["late"]].startswith("Overdue by 6 h")
    assert clock[events["urgent"]].startswith("Report within 4 h")
    assert clock[events["reported"]].startswith("Reported")
    assert clock[events["mild"]] == "—"
    assert "1 overdue" in page.summary.text()
    page.grab().save(str(opened.data_dir.parent / "safety.png"))


def test_filters_by_grade_seriousness_causality_and_status(
    opened: OpenStore, qtbot: QtBot, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    page.serious_filter.setFocus()
    qtbot.keyClicks(page.serious_filter, "Not")
    assert _ids(page) == [events["mild"]]
    page.serious_filter.setCurrentIndex(0)
    page.grade_filter.setCurrentIndex(3)  # grade 3
    assert sorted(_ids(page)) == sorted([events["late"], events["reported"]])
    page.grade_filter.setCurrentIndex(0)
    page.causality_filter.setCurrentIndex(3)  # not assessed
    assert len(_ids(page)) == 4
    page.status_filter.setCurrentIndex(3)  # signed
    assert _ids(page) == []


def test_activating_a_row_opens_its_event(
    opened: OpenStore, qtbot: QtBot, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    page.table.setFocus()
    page.table.selectRow(0)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    with qtbot.waitSignal(page.open_event) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args[1] == events["late"]


def test_no_column_or_cell_names_an_arm(
    opened: OpenStore, qtbot: QtBot, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    model = page.model
    texts = [
        str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
    ]
    texts += [str(model.index(r, c).data()) for r in range(model.rowCount())
              for c in range(model.columnCount())]  # fmt: skip
    arm_words = {a.name_en.casefold() for a in PROTOCOL.arms} | {"arm", "placebo"}
    assert not any(word in t.casefold() for t in texts for word in arm_words)


def test_behind_the_lock_the_clock_timer_reads_nothing(
    opened: OpenStore, qtbot: QtBot, events: dict[str, str]
) -> None:
    page = _page(opened, qtbot)
    before = page.summary.text()
    assert page.timer.isActive()
    opened.store.lock()
    page.timer.timeout.emit()  # the minute passes behind the lock: the closed store is not read
    assert page.summary.text() == before


def test_a_causality_the_table_does_not_know_is_shown_as_stored() -> None:
    from app.ui.safety_model import _causality_text

    assert _causality_text("possibly") == "Possibly related"
    assert _causality_text("unrelated") == "unrelated"
