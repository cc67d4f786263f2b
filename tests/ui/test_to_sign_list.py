"""The investigator's Today lists what waits for their signature; a tap opens where to sign."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services.eligibility import save_assessment, sign_assessment
from app.ui.forms.eligibility_wizard import EligibilityWizard
from app.ui.main_window import MainWindow
from app.ui.participant_page import ParticipantPage
from app.ui.session import SessionController
from app.ui.today_view import TodayView
from tests.conftest import PASSWORDS, OpenStore
from tests.ui.test_timeline_kinds import PROTOCOL, TODAY, blood_gas, eligible_entry, screened

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _checklist(opened: OpenStore, *, signed: bool) -> tuple[str, str]:
    pid = screened(opened)
    entry = eligible_entry(blood_gas(opened, pid))
    saved = save_assessment(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry, today=TODAY
    )
    if signed:
        investigator = opened.actor(Role.INVESTIGATOR)
        sign_assessment(
            opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], saved.id, PROTOCOL
        )
    return pid, saved.id


def _label(opened: OpenStore, pid: str) -> str:
    from app.models import Participant

    with opened.store.read() as session:
        return session.get_one(Participant, pid).screening_number


def test_unsigned_and_voided_checklists_wait_for_the_investigator_signed_ones_do_not(
    qtbot: QtBot, opened: OpenStore
) -> None:
    unsigned, _ = _checklist(opened, signed=False)
    signed, _ = _checklist(opened, signed=True)
    voided, voided_id = _checklist(opened, signed=True)
    entry = replace(eligible_entry(blood_gas(opened, voided)), ct_finding="Lower lobes too")
    save_assessment(opened.store, opened.actor(Role.NURSE), PROTOCOL, voided, entry,
                    record_id=voided_id, reason="finding completed", today=TODAY)  # fmt: skip
    view = TodayView(opened.store, opened.actor(Role.INVESTIGATOR))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    cards = {c.participant_id: c.text_lines() for c in view.sign_cards()}
    assert set(cards) == {unsigned, voided}
    assert cards[unsigned] == [
        f"{_label(opened, unsigned)} · Eligibility checklist",
        "Not signed yet (eligible).",
    ]
    assert cards[voided][1] == (
        "Signature void: the checklist changed after signing; review it (eligible)."
    )
    assert "Waiting for your signature (2)" in view.sentences()
    view.grab().save("/tmp/to_sign.png")
    del signed


def test_a_nurse_has_no_signature_list(qtbot: QtBot, opened: OpenStore) -> None:
    _checklist(opened, signed=False)
    view = TodayView(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(view)
    assert view.sign_cards() == []
    assert not view._sign_box.isVisibleTo(view)


def test_tapping_an_item_opens_the_eligibility_checklist_to_sign(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid, _ = _checklist(opened, signed=False)
    investigator = opened.actor(Role.INVESTIGATOR)
    window = MainWindow(SessionController(opened.store, investigator), idle_timeout_ms=600_000)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    today = window.current_page()
    assert isinstance(today, TodayView)
    (card,) = today.sign_cards()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert isinstance(page, ParticipantPage) and page.participant_id == pid
    tabs = page.tabs()
    assert tabs.tabText(tabs.currentIndex()) == "Eligibility"
    assert isinstance(page.forms().widget("eligibility"), EligibilityWizard)

    # Once signed, the item is gone from Today.
    sign_assessment(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR],
                    _checklist_id(opened, pid), PROTOCOL)  # fmt: skip
    today.refresh()
    assert today.sign_cards() == []


def _checklist_id(opened: OpenStore, pid: str) -> str:
    from app.services.eligibility import latest_assessment

    view = latest_assessment(opened.store, pid)
    assert view is not None
    return view.id
