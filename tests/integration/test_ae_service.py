"""Adverse events through the service, on real encrypted stores: the clock, sign-off,
reports, and death as an outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clinical.adverse_events import AeEntry, ClockStatus
from app.errors import InvalidInput, NotPermitted, ReasonRequired
from app.models import AdverseEvent, Disposition, Participant
from app.protocol import load_default
from app.roles import Role
from app.services import adverse_events as aes
from app.services.observations import EntryRefused
from tests.conftest import PASSWORDS, OpenStore

PROTOCOL = load_default()
NOW = datetime.now(UTC).replace(microsecond=0)
ONSET = NOW - timedelta(hours=6)


@pytest.fixture
def pid(opened: OpenStore) -> str:
    with opened.store.transaction(opened.actor(Role.NURSE)) as session:
        p = Participant(screening_number="S-1", study_id="P-1", initials="AB", sex="F",
                        status="infused", kit_code="K7Q2MX", day0_on=date.today(),
                        created_at=NOW - timedelta(days=3))  # fmt: skip
        session.add(p)
    return p.id


def entry(**values: object) -> AeEntry:
    base: dict[str, object] = {"term_code": "fever", "term_text": "", "onset_at": ONSET,
                               "grade": 3, "outcome": "recovering"}  # fmt: skip
    base.update(values)
    return AeEntry(**base)  # type: ignore[arg-type]


def test_a_serious_grade_3_event_starts_its_clock_at_awareness(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    aware = ONSET + timedelta(hours=1)
    sae = entry(seriousness=frozenset({"hospitalisation"}), aware_at=aware)
    ae_id = aes.record_ae(opened.store, nurse, PROTOCOL, pid, sae, now=NOW)
    view = aes.load_ae(opened.store, PROTOCOL, ae_id, now=NOW)
    assert view.clock.started_at == aware
    assert view.clock.deadline == aware + timedelta(hours=24)
    assert view.clock.status is ClockStatus.DUE
    later = aware + timedelta(hours=20)
    assert aes.load_ae(opened.store, PROTOCOL, ae_id, now=later).clock.status is ClockStatus.URGENT
    overdue = aware + timedelta(hours=25)
    assert [v.id for v in aes.open_saes(opened.store, PROTOCOL, now=overdue)] == [ae_id]


def test_marking_reported_records_who_when_how_and_numbers_follow_ups(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    sae = entry(seriousness=frozenset({"life_threatening"}), aware_at=ONSET)
    ae_id = aes.record_ae(opened.store, nurse, PROTOCOL, pid, sae, now=NOW)
    assert aes.mark_reported(opened.store, nurse, ae_id, NOW - timedelta(hours=1), "fax") == 0
    assert aes.mark_reported(opened.store, nurse, ae_id, NOW, "email", "discharge letter") == 1
    view = aes.load_ae(opened.store, PROTOCOL, ae_id, now=NOW)
    assert view.clock.status is ClockStatus.REPORTED
    assert [(r.label, r.method, r.reported_by) for r in view.reports] == [
        ("Initial report", "fax", "Nurse Person"),
        ("Follow-up 1", "email", "Nurse Person"),
    ]
    assert aes.open_saes(opened.store, PROTOCOL, now=NOW) == []


def test_an_event_made_serious_by_a_later_edit_starts_its_clock_then(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    ae_id = aes.record_ae(opened.store, nurse, PROTOCOL, pid, entry(grade=2), now=NOW)
    assert aes.load_ae(opened.store, PROTOCOL, ae_id).clock.status is ClockStatus.NOT_SERIOUS
    edit_at = NOW + timedelta(minutes=1)
    serious = entry(grade=2, seriousness=frozenset({"hospitalisation"}), aware_at=ONSET)
    aes.record_ae(opened.store, nurse, PROTOCOL, pid, serious, record_id=ae_id,
                  reason="admitted to ICU", now=edit_at)  # fmt: skip
    clock = aes.load_ae(opened.store, PROTOCOL, ae_id, now=edit_at).clock
    assert clock.started_at == edit_at
    assert clock.deadline == edit_at + timedelta(hours=24)


def test_a_nurse_cannot_assess_causality(opened: OpenStore, pid: str) -> None:
    with pytest.raises(NotPermitted, match="investigator"):
        aes.record_ae(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid,
                      entry(causality_product="possibly"), now=NOW)  # fmt: skip


def test_signoff_refuses_blank_causality_and_a_later_edit_voids_the_signature(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    investigator = opened.actor(Role.INVESTIGATOR)
    password = PASSWORDS[Role.INVESTIGATOR]
    ae_id = aes.record_ae(opened.store, nurse, PROTOCOL, pid, entry(), now=NOW)
    with pytest.raises(EntryRefused, match="causality to the study product"):
        aes.sign_ae(opened.store, investigator, PROTOCOL, password, ae_id)
    assessed = entry(causality_product="unlikely", causality_procedures="not_related",
                     expectedness="expected")  # fmt: skip
    with pytest.raises(ReasonRequired):
        aes.record_ae(opened.store, investigator, PROTOCOL, pid, entry(grade=2),
                      record_id=ae_id)  # fmt: skip
    aes.record_ae(opened.store, investigator, PROTOCOL, pid, assessed, record_id=ae_id,
                  reason="assessment")  # fmt: skip
    view = aes.load_ae(opened.store, PROTOCOL, ae_id)
    assert view.status == aes.AeStatus.ASSESSED
    assert view.rsi_version == "IB v1.0"
    with pytest.raises(NotPermitted):
        aes.sign_ae(opened.store, nurse, PROTOCOL, PASSWORDS[Role.NURSE], ae_id)
    aes.sign_ae(opened.store, investigator, PROTOCOL, password, ae_id)
    signed = aes.load_ae(opened.store, PROTOCOL, ae_id)
    assert signed.status == aes.AeStatus.SIGNED
    assert signed.signature is not None and "Investigator Person" in signed.signature
    aes.record_ae(opened.store, investigator, PROTOCOL, pid, assessed.__class__(
        **{**assessed.__dict__, "grade": 2}), record_id=ae_id, reason="regraded")  # fmt: skip
    assert aes.load_ae(opened.store, PROTOCOL, ae_id).status == aes.AeStatus.VOID


def test_death_as_an_outcome_updates_the_disposition(opened: OpenStore, pid: str) -> None:
    nurse = opened.actor(Role.NURSE)
    died = NOW - timedelta(hours=1)
    fatal = entry(term_code="hypoxia", grade=5, outcome="fatal", end_at=died,
                  seriousness=frozenset({"death"}), aware_at=died)  # fmt: skip
    aes.record_ae(opened.store, nurse, PROTOCOL, pid, fatal, now=NOW)
    with opened.store.read() as session:
        participant = session.get(Participant, pid)
        assert participant is not None and participant.status == "died"
        dispositions = session.scalars(select(Disposition)).all()
        assert [(d.kind, d.event_on) for d in dispositions] == [("died", died.date())]
        assert dispositions[0].reason == "Fatal adverse event: Hypoxia"


def test_a_refused_event_saves_nothing(opened: OpenStore, pid: str) -> None:
    bad = entry(end_at=ONSET - timedelta(hours=1))
    with pytest.raises(EntryRefused, match="cannot end before it began"):
        aes.record_ae(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, bad, now=NOW)
    with opened.store.read() as session:
        assert session.scalars(select(AdverseEvent)).all() == []
    with pytest.raises(InvalidInput, match="Only a serious"):
        ae_id = aes.record_ae(opened.store, opened.actor(Role.NURSE), PROTOCOL, pid, entry())
        aes.mark_reported(opened.store, opened.actor(Role.NURSE), ae_id, NOW, "fax")


def test_a_monitor_reads_but_cannot_enter(opened: OpenStore, pid: str) -> None:
    with pytest.raises(NotPermitted):
        aes.record_ae(opened.store, opened.actor(Role.MONITOR), PROTOCOL, pid, entry())


def test_conmeds_are_saved_as_typed_and_edited_with_a_reason(opened: OpenStore, pid: str) -> None:
    from app.clinical.conmeds import ConMedEntry
    from app.services.conmeds import list_conmeds, record_conmed

    nurse = opened.actor(Role.NURSE)
    dex = ConMedEntry("Dexamethasone", "6,0", "mg", "iv", "once daily",
                      date.today() - timedelta(days=2), ongoing=True, indication="COVID-19",
                      conventional=True)  # fmt: skip
    cid = record_conmed(opened.store, nurse, pid, dex)
    [saved] = list_conmeds(opened.store, pid)
    assert saved.entry == dex
    stopped = ConMedEntry(**{**dex.__dict__, "ongoing": False, "stop_on": date.today()})
    with pytest.raises(ReasonRequired):
        record_conmed(opened.store, nurse, pid, stopped, record_id=cid)
    record_conmed(opened.store, nurse, pid, stopped, record_id=cid, reason="course finished")
    assert list_conmeds(opened.store, pid)[0].entry.stop_on == date.today()
    with pytest.raises(EntryRefused, match="stop before it started"):
        backwards = date.today() - timedelta(days=1)
        record_conmed(opened.store, nurse, pid, ConMedEntry("Heparin", start_on=date.today(),
                                                            stop_on=backwards))  # fmt: skip


def test_the_demo_adverse_events_cover_a_reaction_a_running_clock_and_a_report(
    tmp_path: Path,
) -> None:
    from app.services.ae_demo import add_demo_adverse_events
    from app.services.demo import create_demo_store, demo_password
    from app.store.store import Store

    folder = tmp_path / "demo"
    create_demo_store(folder)
    store = Store.open(folder)
    try:
        actors = {r: store.unlock(r.value, demo_password(r)) for r in (Role.NURSE,
                  Role.INVESTIGATOR)}  # fmt: skip
        ids = add_demo_adverse_events(store, actors, PROTOCOL,
                                      demo_password(Role.INVESTIGATOR), NOW)  # fmt: skip
        views = {v.id: v for v in aes.list_aes(store, PROTOCOL, now=NOW)}
    finally:
        store.close()
    reaction, running, reported = (views[ids[k]] for k in ("reaction", "running", "reported"))
    assert reaction.infusion_reaction and reaction.status == aes.AeStatus.SIGNED
    assert running.serious and running.clock.status is ClockStatus.DUE
    assert reported.clock.status is ClockStatus.REPORTED
    assert [r.label for r in reported.reports] == ["Initial report"]


def test_a_death_recorded_as_a_disposition_becomes_one_fatal_serious_event(
    opened: OpenStore, pid: str
) -> None:
    nurse = opened.actor(Role.NURSE)
    died_on = date.today() - timedelta(days=1)
    with opened.store.transaction(nurse, "death recorded") as session:
        first = aes.death_recorded(session, nurse, pid, died_on, NOW)
        again = aes.death_recorded(session, nurse, pid, died_on, NOW)
    assert first is not None and again is None
    view = aes.load_ae(opened.store, PROTOCOL, first, now=NOW)
    assert (view.entry.grade, view.entry.outcome, view.serious) == (5, "fatal", True)
    assert view.entry.seriousness == frozenset({"death"})
    assert view.clock.status is ClockStatus.DUE and view.clock.started_at == NOW


def test_a_death_saved_through_the_disposition_form_service_raises_its_serious_event(
    opened: OpenStore, pid: str
) -> None:
    from app.services.observations import DispositionEntry, record_disposition

    nurse = opened.actor(Role.NURSE)
    died_on = date.today() - timedelta(days=1)
    record_disposition(opened.store, nurse, pid, DispositionEntry("died", died_on))
    (fatal,) = aes.list_aes(opened.store, PROTOCOL, participant_id=pid)
    assert (fatal.entry.grade, fatal.entry.outcome, fatal.serious) == (5, "fatal", True)
    assert fatal.clock.status is not ClockStatus.REPORTED
    # The same death saved again as a correction raises no second event.
    with opened.store.read() as session:
        (disposition,) = session.scalars(
            select(Disposition).where(Disposition.participant_id == pid)
        )
        record_id = disposition.id
    record_disposition(
        opened.store, nurse, pid, DispositionEntry("died", died_on, "confirmed"),
        record_id=record_id, reason="reason added",
    )  # fmt: skip
    assert len(aes.list_aes(opened.store, PROTOCOL, participant_id=pid)) == 1
