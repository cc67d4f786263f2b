"""Demo infusions: one running with a vitals check coming due, one with a check overdue,
and completed ones with every timepoint recorded.

Each goes through the bedside service on its own clock (the check, the start, each
timepoint at its time), after randomisation and the pharmacy have released the bags.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from app.models import Participant, Preparation, PreparationStatus
from app.protocol import Protocol, load_default
from app.services.infusion import (
    check_product,
    load_infusion,
    record_vitals,
    start_infusion,
    stop_infusion,
)
from app.store.store import Store
from app.store.uow import Actor

# Calm vital signs, a little different at each timepoint (values as a nurse types them).
_CALM = (
    {"heart_rate_per_min": "86", "respiratory_rate_per_min": "22", "spo2_percent": "94",
     "systolic_bp_mmhg": "124", "diastolic_bp_mmhg": "78", "temperature_c": "37.2"},
    {"heart_rate_per_min": "88", "respiratory_rate_per_min": "21", "spo2_percent": "94",
     "systolic_bp_mmhg": "120", "diastolic_bp_mmhg": "76", "temperature_c": "37.3"},
    {"heart_rate_per_min": "84", "respiratory_rate_per_min": "20", "spo2_percent": "95",
     "systolic_bp_mmhg": "118", "diastolic_bp_mmhg": "74", "temperature_c": "37.1"},
)  # fmt: skip
LINE, SITE, RATE = "peripheral IV", "left forearm", "150"


def _bag(store: Store, participant_id: str) -> tuple[Participant, Preparation]:
    with store.read() as session:
        participant = session.get_one(Participant, participant_id)
        prep = session.scalars(
            select(Preparation)
            .where(
                Preparation.participant_id == participant_id,
                Preparation.status == PreparationStatus.RELEASED,
            )
            .order_by(Preparation.prepared_at.desc())
        ).first()
        if prep is None:
            raise ValueError(f"{participant.study_id} has no released bag to give")
        session.expunge_all()
        return participant, prep


def _start(
    store: Store, nurse: Actor, participant_id: str, started_at: datetime, protocol: Protocol
) -> str:
    participant, prep = _bag(store, participant_id)
    checked_at = started_at - timedelta(minutes=3)
    check = check_product(store, nurse, participant_id, participant.study_id or "",
                          prep.kit_code, checked_at, protocol=protocol)  # fmt: skip
    return start_infusion(store, nurse, participant_id, check.id, started_at, RATE, LINE, SITE,
                          now=started_at, protocol=protocol)  # fmt: skip


def _vitals(
    store: Store, nurse: Actor, infusion_id: str, code: str, at: datetime, n: int,
    protocol: Protocol,
) -> None:  # fmt: skip
    record_vitals(store, nurse, infusion_id, code, _CALM[n % len(_CALM)], at, now=at,
                  protocol=protocol)  # fmt: skip


def running(
    store: Store, nurse: Actor, participant_id: str, started_at: datetime, now: datetime,
    protocol: Protocol,
) -> str:  # fmt: skip
    """An infusion started at ``started_at`` with every timepoint due by ``now`` but the
    last one recorded on time (so a later one is coming due or overdue)."""
    iid = _start(store, nurse, participant_id, started_at, protocol)
    _vitals(store, nurse, iid, "PRE", started_at - timedelta(minutes=1), 0, protocol)
    return iid


def completed(
    store: Store, nurse: Actor, participant_id: str, started_at: datetime, now: datetime,
    protocol: Protocol,
) -> str:  # fmt: skip
    """An infusion of the expected duration, each timepoint due by ``now`` recorded at its
    target time."""
    iid = _start(store, nurse, participant_id, started_at, protocol)
    duration = protocol.infusion_vitals.expected_duration_minutes
    ended_at = started_at + timedelta(minutes=duration)
    view = load_infusion(store, iid, started_at, protocol=protocol)
    for n, point in enumerate(p for p in view.timepoints if p.target_at is not None):
        at = point.target_at if point.code != "PRE" else started_at - timedelta(minutes=1)
        _vitals(store, nurse, iid, point.code, at or started_at, n, protocol)
    stop_infusion(store, nurse, iid, ended_at, "100", now=ended_at)
    view = load_infusion(store, iid, ended_at, protocol=protocol)
    for n, point in enumerate(p for p in view.timepoints if p.status != "done"):
        at = point.target_at or ended_at
        if at <= now:
            _vitals(store, nurse, iid, point.code, at, n, protocol)
    return iid


def seed_infusions(
    store: Store, nurse: Actor, now: datetime, *, due_soon: str, overdue: str,
    done: Sequence[tuple[str, datetime]] = (), protocol: Protocol | None = None,
) -> dict[str, str]:  # fmt: skip
    """The demo's infusions; returns participant id -> infusion id.

    ``due_soon`` started 8 minutes before ``now`` (its 15-minute check is minutes away);
    ``overdue`` started 30 minutes before (its 15-minute check is overdue); each of
    ``done`` (participant id, start) is a completed infusion with its follow-ups recorded.
    Each participant needs a released bag.
    """
    protocol = protocol or load_default()
    made = {
        due_soon: running(store, nurse, due_soon, now - timedelta(minutes=8), now, protocol),
        overdue: running(store, nurse, overdue, now - timedelta(minutes=30), now, protocol),
    }
    for participant_id, started_at in done:
        made[participant_id] = completed(store, nurse, participant_id, started_at, now, protocol)
    return made
