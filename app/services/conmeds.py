"""Concomitant medications and the conventional treatment, per participant.

Both arms get the conventional treatment, and the investigator's causality assessment
needs to see it beside each adverse event.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.clinical.conmeds import ConMedEntry, check_conmed
from app.errors import InvalidInput
from app.models import ConMed
from app.sentences import QT_TRANSLATE_NOOP
from app.services.observations import EntryRefused, may_enter, participant_in
from app.store.store import Store
from app.store.uow import Actor


@dataclass(frozen=True)
class ConMedView:
    id: str
    participant_id: str
    entry: ConMedEntry


def _text(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return unicodedata.normalize("NFC", value).strip()


def record_conmed(
    store: Store, actor: Actor, participant_id: str, entry: ConMedEntry,
    *, record_id: str | None = None, reason: str | None = None, today: date | None = None,
) -> str:  # fmt: skip
    """Save one medication (or an edit of a saved one, with a reason); returns its id."""
    messages = check_conmed(entry, today or date.today())
    if messages:
        raise EntryRefused(messages)
    may_enter(actor)
    values = {
        "drug": entry.drug.strip(),
        "dose": _text(entry.dose),
        "dose_unit": _text(entry.dose_unit),
        "route": entry.route,
        "frequency": _text(entry.frequency),
        "start_on": entry.start_on,
        "stop_on": entry.stop_on,
        "ongoing": entry.ongoing,
        "indication": _text(entry.indication),
        "conventional": entry.conventional,
    }
    with store.transaction(actor, reason) as session:
        participant_in(session, participant_id)
        if record_id is None:
            row = ConMed(participant_id=participant_id)
            session.add(row)
        else:
            found = session.get(ConMed, record_id)
            if found is None or found.participant_id != participant_id:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP(
                        "ConMedRecords",
                        "That medication no longer exists: open the participant again.",
                    ).said()
                )
            row = found
        for name, value in values.items():
            setattr(row, name, value)
        session.flush()
        return row.id


def list_conmeds(store: Store, participant_id: str) -> list[ConMedView]:
    """The participant's medications, the most recently started first."""
    with store.read() as session:
        rows = session.scalars(
            select(ConMed)
            .where(ConMed.participant_id == participant_id)
            .order_by(ConMed.start_on.desc(), ConMed.drug)
        )
        return [
            ConMedView(
                r.id,
                r.participant_id,
                ConMedEntry(
                    r.drug,
                    r.dose,
                    r.dose_unit,
                    r.route,
                    r.frequency,
                    r.start_on,
                    r.stop_on,
                    r.ongoing,
                    r.indication,
                    r.conventional,
                ),
            )
            for r in rows
        ]
