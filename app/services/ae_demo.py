"""The demo's adverse events: one infusion-related reaction (assessed and signed), one
serious event with its clock running, one serious event already reported.

:func:`add_demo_adverse_events` runs after the demo's participants exist; every name,
time and finding is invented.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.clinical.adverse_events import AeEntry
from app.models import Participant
from app.protocol import Protocol
from app.roles import Role
from app.services.adverse_events import mark_reported, record_ae, sign_ae
from app.store.store import Store
from app.store.uow import Actor


def _participant(store: Store, screening: str) -> str:
    with store.read() as session:
        found = session.scalars(
            select(Participant.id).where(Participant.screening_number == screening)
        ).first()
    if found is None:
        raise LookupError(f"the demo has no participant {screening}")
    return found


def add_demo_adverse_events(
    store: Store, actors: dict[Role, Actor], protocol: Protocol, investigator_password: str,
    now: datetime,
) -> dict[str, str]:  # fmt: skip
    """Add the demo's three events; returns which is which (``reaction``, ``running``,
    ``reported``) → adverse event id."""
    nurse, investigator = actors[Role.NURSE], actors[Role.INVESTIGATOR]
    infused, on_study, finished = (_participant(store, s) for s in ("S-008", "S-009", "S-010"))
    chills_at = now - timedelta(days=4, hours=2)
    reaction = AeEntry(
        "chills",
        "",
        chills_at,
        chills_at + timedelta(hours=1),
        grade=2,
        action_taken="interrupted",
        outcome="recovered",
        infusion_related=True,
        description="Rigors 20 min into the infusion; settled after a pause.",
    )
    ids = {"reaction": record_ae(store, nurse, protocol, infused, reaction, now=now)}
    assessed = AeEntry(
        **{
            **reaction.__dict__,
            "causality_product": "probably",
            "causality_procedures": "possibly",
            "expectedness": "expected",
        }
    )
    record_ae(
        store,
        investigator,
        protocol,
        infused,
        assessed,
        record_id=ids["reaction"],
        reason="investigator's assessment",
        now=now,
    )
    sign_ae(store, investigator, protocol, investigator_password, ids["reaction"], now=now)
    hypoxia_at = now - timedelta(hours=7)
    running = AeEntry(
        "hypoxia",
        "",
        hypoxia_at,
        ongoing=True,
        grade=3,
        seriousness=frozenset({"hospitalisation"}),
        aware_at=hypoxia_at + timedelta(hours=1),
        action_taken="not_applicable",
        outcome="not_recovered",
        description="SpO2 85 % at rest; moved to the intensive care unit.",
    )
    ids["running"] = record_ae(store, nurse, protocol, on_study, running, now=now)
    clot_at = now - timedelta(days=6)
    reported = AeEntry(
        "thromboembolic_event",
        "",
        clot_at,
        clot_at + timedelta(days=3),
        grade=3,
        seriousness=frozenset({"medically_important"}),
        aware_at=clot_at + timedelta(hours=2),
        action_taken="not_applicable",
        outcome="recovered",
        description="Deep vein thrombosis, left calf.",
    )
    ids["reported"] = record_ae(store, nurse, protocol, finished, reported, now=now)
    mark_reported(
        store,
        investigator,
        ids["reported"],
        clot_at + timedelta(hours=9),
        "fax",
        "Initial SAE form faxed to the sponsor.",
        now=now,
    )
    return ids
