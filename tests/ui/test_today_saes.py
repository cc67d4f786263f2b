"""Today lists the serious adverse events that wait to be reported, with their clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pytestqt.qtbot import QtBot

from app.clinical.adverse_events import AeEntry
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services import adverse_events as aes
from app.ui.today_view import NO_OPEN_SAE, TodayView
from tests.conftest import OpenStore

PROTOCOL = load_default()
NOW = datetime.now(UTC).replace(microsecond=0)
SECTION = "Open serious adverse events"


def _participant(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(screening_number="S-1", study_id="P-001", initials="AB", sex="F",
                        status="infused", kit_code="K7Q2MX", day0_on=date.today(),
                        created_at=NOW - timedelta(days=3))  # fmt: skip
        session.add(p)
    return p.id


def _today(qtbot: QtBot, opened: OpenStore) -> TodayView:
    view = TodayView(opened.store, opened.actor(Role.NURSE), clock=lambda: NOW)
    qtbot.addWidget(view)
    return view


def test_an_unreported_serious_event_shows_its_deadline_until_it_is_reported(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    assert _today(qtbot, opened).section_text(SECTION) == NO_OPEN_SAE
    sae = AeEntry(term_code="fever", term_text="", onset_at=NOW - timedelta(hours=6), grade=3,
                  outcome="recovering", seriousness=frozenset({"hospitalisation"}),
                  aware_at=NOW - timedelta(hours=5))  # fmt: skip
    ae_id = aes.record_ae(opened.store, nurse, PROTOCOL, pid, sae, now=NOW)
    # A non-serious event is not listed.
    mild = AeEntry(term_code="headache", term_text="", onset_at=NOW - timedelta(hours=2),
                   grade=1, outcome="recovering")  # fmt: skip
    aes.record_ae(opened.store, nurse, PROTOCOL, pid, mild, now=NOW)

    text = _today(qtbot, opened).section_text(SECTION)
    (line,) = text.splitlines()
    assert line.startswith("P-001 · ")
    deadline = (NOW + timedelta(hours=19)).strftime("%Y-%m-%d %H:%M UTC")
    assert aes.load_ae(opened.store, PROTOCOL, ae_id, now=NOW).clock.sentence() in line
    assert deadline in line or "19 h" in line
    for arm in (a.code for a in PROTOCOL.arms):
        assert arm not in text.split(" · ", 1)[1]

    aes.mark_reported(opened.store, nurse, ae_id, NOW, "fax")
    assert _today(qtbot, opened).section_text(SECTION) == NO_OPEN_SAE
