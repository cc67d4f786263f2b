"""The infusion record through its service on a real store: start, vitals as typed,
stop criteria, skips, pauses, stop, and what Today lists."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, NotPermitted, ReasonRequired
from app.models import AdverseEvent, Infusion, InfusionVitals, Participant
from app.roles import Role
from app.services.infusion import (
    check_product,
    infusions_for,
    infusions_in_progress,
    interrupt,
    load_infusion,
    record_vitals,
    restart,
    skip_timepoint,
    start_infusion,
    stop_infusion,
)
from app.services.infusion_reaction import reaction_entry, record_reaction
from app.services.observation_checks import EntryRefused
from tests.conftest import OpenStore
from tests.infusion_helper import T0, Dosed, nurse, randomised

CHECK = T0 + timedelta(hours=1)
START = CHECK + timedelta(minutes=5)
PRE = {"heart_rate_per_min": "84", "systolic_bp_mmhg": "122", "diastolic_bp_mmhg": "76",
       "spo2_percent": "96", "temperature_c": "36.8", "respiratory_rate_per_min": "18"}  # fmt: skip


def _at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def _started(opened: OpenStore, number: int = 1, arm: str = "UC-MSC") -> tuple[Dosed, str]:
    d = randomised(opened, number, arm=arm)
    c = check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, CHECK)
    iid = start_infusion(opened.store, nurse(opened), d.participant_id, c.id, START, "150",
                         "peripheral IV", "left forearm", now=START)  # fmt: skip
    return d, iid


def test_starting_records_the_infusion_as_typed_and_marks_the_participant_infused(
    opened: OpenStore,
) -> None:
    d, iid = _started(opened)
    with opened.store.read() as session:
        row = session.get(Infusion, iid)
        assert row is not None
        assert (row.rate_ml_h, row.line, row.site, row.status) == (
            "150", "peripheral IV", "left forearm", "in_progress")  # fmt: skip
        assert row.started_by == "nurse" and row.dose_number == 1
        assert not row.transcribed_from_paper
        participant = session.get(Participant, d.participant_id)
        assert participant is not None and participant.status == "infused"


@pytest.mark.parametrize(
    ("rate", "line", "site", "sentence"),
    [
        ("fast", "IV", "arm", "The rate must be a number."),
        ("0", "IV", "arm", "The rate must be above 0 mL/h."),
        ("1001", "IV", "arm", "The rate must be between 0–1000 mL/h."),
        ("150", " ", "arm", "Enter the line."),
        ("150", "IV", "x" * 65, "Keep the site to 64 characters."),
    ],
)
def test_a_bad_start_is_refused_with_a_sentence_and_saves_nothing(
    opened: OpenStore, rate: str, line: str, site: str, sentence: str
) -> None:
    d = randomised(opened, 1)
    c = check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, CHECK)
    with pytest.raises(EntryRefused) as caught:
        start_infusion(opened.store, nurse(opened), d.participant_id, c.id, START, rate, line,
                       site, now=START)  # fmt: skip
    assert str(caught.value) == sentence
    with opened.store.read() as session:
        assert session.scalars(select(Infusion)).all() == []


def test_a_start_in_the_future_or_without_a_check_is_refused(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    c = check_product(opened.store, nurse(opened), d.participant_id, d.study_id, d.kit, CHECK)
    with pytest.raises(EntryRefused, match="in the future"):
        start_infusion(opened.store, nurse(opened), d.participant_id, c.id,
                       START + timedelta(hours=1), "150", "IV", "arm", now=START)  # fmt: skip
    with pytest.raises(InvalidInput, match="Check the product at the bedside"):
        start_infusion(opened.store, nurse(opened), d.participant_id, None, START, "150", "IV",
                       "arm", now=START)  # fmt: skip


def test_a_monitor_cannot_start_an_infusion(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    monitor = opened.actor(Role.MONITOR)
    with pytest.raises(NotPermitted):
        check_product(opened.store, monitor, d.participant_id, d.study_id, d.kit, CHECK)


def test_vitals_are_saved_as_typed_and_the_pre_row_is_done(opened: OpenStore) -> None:
    _, iid = _started(opened)
    values = {**PRE, "temperature_c": "36.80"}
    result = record_vitals(opened.store, nurse(opened), iid, "PRE", values,
                           START - timedelta(minutes=1), now=START)  # fmt: skip
    assert result.stop_criteria == ()
    with opened.store.read() as session:
        row = session.get(InfusionVitals, result.id)
        assert row is not None and row.temperature_c == "36.80"
        assert row.target_at == START and row.measured_by == "nurse"
    view = load_infusion(opened.store, iid, START)
    pre = view.timepoints[0]
    assert (pre.code, pre.status, pre.values["temperature_c"]) == ("PRE", "done", "36.80")


def test_impossible_values_are_refused_and_unusual_ones_need_confirming(
    opened: OpenStore,
) -> None:
    _, iid = _started(opened)
    with pytest.raises(EntryRefused, match="outside the possible range"):
        record_vitals(opened.store, nurse(opened), iid, "DUR15", {"heart_rate_per_min": "400"},
                      _at(15), now=_at(15))  # fmt: skip
    with pytest.raises(EntryRefused, match="whole number"):
        record_vitals(opened.store, nurse(opened), iid, "DUR15", {"heart_rate_per_min": "88.5"},
                      _at(15), now=_at(15))  # fmt: skip
    with pytest.raises(EntryRefused, match="please confirm"):
        record_vitals(opened.store, nurse(opened), iid, "DUR15", {"temperature_c": "34.5"},
                      _at(15), now=_at(15))  # fmt: skip
    with pytest.raises(InvalidInput, match="not one of the infusion's vital signs"):
        record_vitals(opened.store, nurse(opened), iid, "DUR15", {"weight_kg": "70"},
                      _at(15), now=_at(15))  # fmt: skip
    with pytest.raises(InvalidInput, match="DUR99 is not a timepoint"):
        record_vitals(opened.store, nurse(opened), iid, "DUR99", {"heart_rate_per_min": "80"},
                      _at(15), now=_at(15))  # fmt: skip
    record_vitals(opened.store, nurse(opened), iid, "DUR15", {"temperature_c": "34.5"},
                  _at(15), now=_at(15), confirm_unusual=True)  # fmt: skip


def test_values_meeting_stop_criteria_are_listed_and_kept_with_the_row(opened: OpenStore) -> None:
    _, iid = _started(opened)
    record_vitals(opened.store, nurse(opened), iid, "PRE", PRE, START, now=START)
    result = record_vitals(
        opened.store, nurse(opened), iid, "DUR15",
        {"temperature_c": "38.5", "spo2_percent": "92", "heart_rate_per_min": "130"},
        _at(15), now=_at(15),
    )  # fmt: skip
    assert [c.code for c in result.stop_criteria] == ["fever", "desaturation"]
    point = next(p for p in load_infusion(opened.store, iid, _at(16)).timepoints
                 if p.code == "DUR15")  # fmt: skip
    assert point.stop_criteria == (
        "Temperature 38.5 °C or higher",
        "SpO₂ 4 points or more below its value before the infusion",
    )


def test_the_stop_prompt_offers_an_infusion_related_adverse_event(opened: OpenStore) -> None:
    d, iid = _started(opened)
    result = record_vitals(opened.store, nurse(opened), iid, "DUR15", {"temperature_c": "39.0"},
                           _at(15), now=_at(15))  # fmt: skip
    entry = reaction_entry(iid, result.stop_criteria, _at(15))
    assert entry.infusion_related and entry.infusion_id == iid and entry.grade is None
    ae_id = record_reaction(opened.store, nurse(opened), iid, result.stop_criteria, _at(15), 2,
                            now=_at(16))  # fmt: skip
    with opened.store.read() as session:
        ae = session.get(AdverseEvent, ae_id)
        assert ae is not None and ae.participant_id == d.participant_id
        assert ae.infusion_id == iid and ae.infusion_related and ae.grade == 2
        assert ae.description is not None and "Temperature 38.5 °C or higher" in ae.description


def test_end_rows_wait_for_the_stop_and_a_skip_needs_a_reason(opened: OpenStore) -> None:
    _, iid = _started(opened)
    with pytest.raises(InvalidInput, match="Stop the infusion first"):
        record_vitals(opened.store, nurse(opened), iid, "END", {"heart_rate_per_min": "80"},
                      _at(10), now=_at(10))  # fmt: skip
    with pytest.raises(InvalidInput, match="Say why"):
        skip_timepoint(opened.store, nurse(opened), iid, "DUR15", "  ", now=_at(30))
    skip_timepoint(opened.store, nurse(opened), iid, "DUR15", "in CT scan", now=_at(30))
    statuses = {p.code: p.status for p in load_infusion(opened.store, iid, _at(30)).timepoints}
    assert statuses["DUR15"] == "skipped" and statuses["PRE"] == "overdue"
    with pytest.raises(InvalidInput, match="already recorded"):
        skip_timepoint(opened.store, nurse(opened), iid, "DUR15", "again", now=_at(31))
    # Values taken after all replace the skip, with a reason for the change.
    with pytest.raises(ReasonRequired):
        record_vitals(opened.store, nurse(opened), iid, "DUR15", {"heart_rate_per_min": "80"},
                      _at(31), now=_at(31))  # fmt: skip
    record_vitals(opened.store, nurse(opened), iid, "DUR15", {"heart_rate_per_min": "80"},
                  _at(31), now=_at(31), reason="back from CT")  # fmt: skip
    statuses = {p.code: p.status for p in load_infusion(opened.store, iid, _at(32)).timepoints}
    assert statuses["DUR15"] == "done"


def test_interruptions_have_a_reason_and_a_restart(opened: OpenStore) -> None:
    _, iid = _started(opened)
    with pytest.raises(InvalidInput, match="not paused"):
        restart(opened.store, nurse(opened), iid, _at(5), now=_at(5))
    interrupt(opened.store, nurse(opened), iid, _at(10), "line occluded", now=_at(10))
    assert load_infusion(opened.store, iid, _at(11)).paused
    with pytest.raises(InvalidInput, match="already paused"):
        interrupt(opened.store, nurse(opened), iid, _at(11), "again", now=_at(11))
    with pytest.raises(InvalidInput, match="before the interruption"):
        restart(opened.store, nurse(opened), iid, _at(9), now=_at(12))
    restart(opened.store, nurse(opened), iid, _at(14), now=_at(14))
    view = load_infusion(opened.store, iid, _at(15))
    assert not view.paused
    assert [(i.reason, i.restarted_at) for i in view.interruptions] == [("line occluded", _at(14))]


def test_stopping_early_keeps_the_reason_and_the_volume_as_typed(opened: OpenStore) -> None:
    _, iid = _started(opened)
    with pytest.raises(InvalidInput, match="cannot stop before it started"):
        stop_infusion(opened.store, nurse(opened), iid, _at(-10), "10", now=_at(20))
    with pytest.raises(EntryRefused, match="volume infused must be a number"):
        stop_infusion(opened.store, nurse(opened), iid, _at(20), "half", now=_at(20))
    stop_infusion(opened.store, nurse(opened), iid, _at(20), "45.0", "fever 39 °C", now=_at(20))
    view = load_infusion(opened.store, iid, _at(21))
    assert (view.status, view.volume_infused_ml, view.stopped_early_reason) == (
        "stopped_early", "45.0", "fever 39 °C")  # fmt: skip
    assert view.stopped_at == _at(20) and view.stopped_by == "nurse"
    codes = [p.code for p in view.timepoints]
    assert "DUR30" not in codes and "END" in codes
    with pytest.raises(InvalidInput, match="already ended"):
        stop_infusion(opened.store, nurse(opened), iid, _at(25), "50", now=_at(25))


def test_today_lists_running_infusions_and_ended_ones_with_follow_ups_outstanding(
    opened: OpenStore,
) -> None:
    _, running = _started(opened, 1)
    _, ended = _started(opened, 2, arm="PLACEBO")
    stop_infusion(opened.store, nurse(opened), ended, _at(40), "100", now=_at(40))
    shown = infusions_in_progress(opened.store, _at(45))
    assert {v.id for v in shown} == {running, ended}
    first = shown[0]
    assert first.next_due is not None and first.next_due.status == "overdue"  # PRE of both
    # Once every row of the ended one is recorded or skipped, it leaves Today.
    for point in load_infusion(opened.store, ended, _at(45)).timepoints:
        skip_timepoint(opened.store, nurse(opened), ended, point.code, "test", now=_at(45))
    assert [v.id for v in infusions_in_progress(opened.store, _at(45))] == [running]


def test_both_arms_look_the_same_to_the_ward(opened: OpenStore) -> None:
    active, _ = _started(opened, 1, arm="UC-MSC")
    placebo, _ = _started(opened, 2, arm="PLACEBO")
    a = asdict(infusions_for(opened.store, active.participant_id, _at(1))[0])
    p = asdict(infusions_for(opened.store, placebo.participant_id, _at(1))[0])
    assert set(a) == set(p)
    different = {k for k in a if a[k] != p[k]}
    assert different == {"id", "participant_id", "study_id", "kit_code", "product_en",
                         "product_zh", "preparation_id", "product_check_id"}  # fmt: skip
    assert a["product_en"] == f"Study product, kit {active.kit}"
    assert "UC-MSC" not in repr(a) and "PLACEBO" not in repr(p)


def test_a_paper_record_is_transcribed_without_an_electronic_check(opened: OpenStore) -> None:
    d = randomised(opened, 1)
    iid = start_infusion(opened.store, nurse(opened), d.participant_id, None, START, "150", "IV",
                         "right arm", now=START + timedelta(days=1),
                         transcribed_from_paper=True)  # fmt: skip
    view = infusions_for(opened.store, d.participant_id, START)[0]
    assert view.id == iid and view.transcribed_from_paper and view.product_check_id is None
