"""An infusion reaction as an adverse event, linked to its infusion.

When a timepoint's values meet a stop criterion the screen asks "stop the infusion?"
and offers an adverse event: :func:`reaction_entry` gives the form its starting values
(term, onset, the infusion, the criteria met), and :func:`record_reaction` saves it
once the nurse has chosen a grade. Causality stays for the investigator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.clinical.adverse_events import AeEntry
from app.protocol import Protocol, load_default
from app.protocol.infusion import StopCriterion
from app.services.adverse_events import record_ae
from app.services.infusion import participant_of
from app.store.store import Store
from app.store.uow import Actor

REACTION_TERM = "infusion_related_reaction"


def reaction_entry(
    infusion_id: str, criteria: Sequence[StopCriterion], onset_at: datetime,
    grade: int | None = None,
) -> AeEntry:  # fmt: skip
    """The adverse event the stop-criteria prompt offers, not yet graded unless ``grade``."""
    found = "; ".join(c.label_en for c in criteria)
    return AeEntry(
        term_code=REACTION_TERM,
        term_text="Infusion related reaction",
        onset_at=onset_at,
        ongoing=True,
        grade=grade,
        aware_at=onset_at,
        infusion_id=infusion_id,
        infusion_related=True,
        description=f"Vital signs during the infusion met: {found}." if found else None,
    )


def record_reaction(
    store: Store, actor: Actor, infusion_id: str, criteria: Sequence[StopCriterion],
    onset_at: datetime, grade: int, *, now: datetime | None = None,
    protocol: Protocol | None = None,
) -> str:  # fmt: skip
    """Save the reaction as an adverse event of the infusion's participant; its id."""
    participant = participant_of(store, infusion_id)
    entry = reaction_entry(infusion_id, criteria, onset_at, grade)
    return record_ae(store, actor, protocol or load_default(), participant.id, entry, now=now)
