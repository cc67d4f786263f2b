"""Reading infusions: one infusion, a participant's infusions, and what Today shows.

Each view is the infusion as the ward sees it at the moment given (its timepoints due,
done or missed); :mod:`app.services.infusion_views` builds them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Infusion, InfusionStatus, Participant
from app.protocol import Protocol, load_default
from app.sentences import QT_TRANSLATE_NOOP
from app.services.infusion_timers import OUTSTANDING
from app.services.infusion_views import InfusionView, infusion_view, load_views
from app.store.store import Store


def infusion_in(session: Session, infusion_id: str) -> Infusion:
    """The infusion row, or InvalidInput when it no longer exists."""
    row = session.get(Infusion, infusion_id)
    if row is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Infusion", "That infusion no longer exists: open the participant again."
            ).said()
        )
    return row


def load_infusion(
    store: Store, infusion_id: str, now: datetime, *, protocol: Protocol | None = None
) -> InfusionView:
    """One infusion as the ward sees it at ``now``."""
    protocol = protocol or load_default()
    with store.read() as session:
        return infusion_view(session, protocol, infusion_in(session, infusion_id), now)


def infusions_for(
    store: Store, participant_id: str, now: datetime, *, protocol: Protocol | None = None
) -> list[InfusionView]:
    """Every infusion of one participant, first dose first."""
    protocol = protocol or load_default()
    with store.read() as session:
        query = select(Infusion).where(Infusion.participant_id == participant_id)
        return load_views(session, protocol, query, now)


def infusions_in_progress(
    store: Store, now: datetime, *, protocol: Protocol | None = None
) -> list[InfusionView]:
    """What Today shows: every running infusion, and every ended one whose follow-up
    vital signs are still outstanding, the most pressing first."""
    protocol = protocol or load_default()
    with store.read() as session:
        views = load_views(session, protocol, select(Infusion), now)
    shown = [
        v
        for v in views
        if v.status == InfusionStatus.IN_PROGRESS
        or any(p.status in OUTSTANDING for p in v.timepoints)
    ]
    return sorted(shown, key=lambda v: (v.next_due is None, _due_key(v)))


def _due_key(view: InfusionView) -> datetime:
    due = view.next_due
    return view.started_at if due is None or due.target_at is None else due.target_at


def participant_of(store: Store, infusion_id: str) -> Participant:
    """The participant an infusion was given to (for the adverse-event form)."""
    with store.read() as session:
        row = infusion_in(session, infusion_id)
        found = session.get(Participant, row.participant_id)
        assert found is not None
        session.expunge(found)
        return found
