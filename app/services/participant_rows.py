"""Participants as the screens see them: the list, a barcode lookup, the arms.

The base of :mod:`app.services.participants` (which the screens import); nothing here
knows the arm but :func:`allocated_arms`, which refuses every blinded role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, func, select, type_coerce

from app.errors import NotPermitted
from app.models import (
    LatestVitals,
    Participant,
    ParticipantStatus,
)
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store.blinding import PREFIX as _SEALED
from app.store.store import Store
from app.store.uow import Actor

BLINDED_PREFIX = f"{_SEALED}."
"""An audited value that starts so is sealed under the blinding key: shown as BLINDED."""

# "screen-failed" reads "Screen failed". str() of each is the English word.
STATUS_WORDS = {
    ParticipantStatus.SCREENING: QT_TRANSLATE_NOOP("Participants", "Screening"),
    ParticipantStatus.SCREEN_FAILED: QT_TRANSLATE_NOOP("Participants", "Screen failed"),
    ParticipantStatus.ELIGIBLE: QT_TRANSLATE_NOOP("Participants", "Eligible"),
    ParticipantStatus.RANDOMISED: QT_TRANSLATE_NOOP("Participants", "Randomised"),
    ParticipantStatus.INFUSED: QT_TRANSLATE_NOOP("Participants", "Infused"),
    ParticipantStatus.COMPLETED: QT_TRANSLATE_NOOP("Participants", "Completed"),
    ParticipantStatus.WITHDRAWN: QT_TRANSLATE_NOOP("Participants", "Withdrawn"),
    ParticipantStatus.DIED: QT_TRANSLATE_NOOP("Participants", "Died"),
}
_STATUS_BY_VALUE = {s.value: s for s in ParticipantStatus}  # 3x faster than the Enum call

# Participants who are on study and need observations (see :func:`visit_due`).
ON_STUDY = (ParticipantStatus.RANDOMISED, ParticipantStatus.INFUSED)


def status_word(status: ParticipantStatus) -> str:
    """The status as a word a nurse reads ("Screen failed", not "screen-failed")."""
    return STATUS_WORDS[status].said()


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    """One line of the participants list; no arm, ever."""

    id: str
    study_id: str | None
    screening_number: str
    initials: str
    sex: str
    age_years: int | None
    weight_kg: float | None
    status: ParticipantStatus
    kit_code: str | None
    last_seen: datetime | None
    """When the last vital signs were measured (UTC)."""
    next_visit: str | None = None
    """Placeholder until the protocol's visit windows are wired in."""

    @property
    def label(self) -> str:
        """How to name the participant: the study ID once enrolled, else the screening number."""
        return self.study_id or self.screening_number


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years on ``on``."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def _select_rows(
    statuses: Sequence[ParticipantStatus] | None, participant_id: str | None
) -> Select[*tuple[Any, ...]]:
    query: Select[*tuple[Any, ...]] = (
        select(
            Participant.id,
            Participant.study_id,
            Participant.screening_number,
            Participant.initials,
            Participant.sex,
            type_coerce(Participant.date_of_birth, String),
            Participant.age_years,
            Participant.weight_kg,
            Participant.status,
            Participant.kit_code,
            # Raw ISO text, read with fromisoformat below; kept by triggers (migration 0013),
            # so the latest of each participant's vital signs is one row, not one index seek.
            type_coerce(LatestVitals.measured_at, String).label("last_seen"),
        )
        .outerjoin(LatestVitals, LatestVitals.participant_id == Participant.id)
        .order_by(
            Participant.study_id.is_(None), Participant.study_id, Participant.screening_number
        )
    )
    if statuses is not None:
        query = query.where(Participant.status.in_([s.value for s in statuses]))
    if participant_id is not None:
        query = query.where(Participant.id == participant_id)
    return query


def _rows(
    store: Store,
    on: date,
    statuses: Sequence[ParticipantStatus] | None = None,
    participant_id: str | None = None,
) -> list[ParticipantRow]:
    # Core rows rather than ORM objects, built positionally in one comprehension:
    # 10,000 participants load in a few tens of milliseconds.
    with store.read() as session:
        result = session.connection().execute(_select_rows(statuses, participant_id)).all()
    status_of = _STATUS_BY_VALUE.__getitem__
    # fromisoformat is ~30x faster than strptime; it shows at 10,000 rows.
    day_of, instant_of = date.fromisoformat, datetime.fromisoformat
    return [
        ParticipantRow(
            pid,
            study,
            screening,
            initials,
            sex,
            age if dob is None else age_on(day_of(dob), on),
            weight,
            status_of(status),
            kit,
            None if last is None else instant_of(last),
        )
        for pid, study, screening, initials, sex, dob, age, weight, status, kit, last in result
    ]


def list_participants(store: Store, *, on: date | None = None) -> list[ParticipantRow]:
    """Every participant, ordered by study ID (not yet enrolled last), then screening number.

    ``on`` is the day ages are counted on (today by default).
    """
    return _rows(store, on or date.today())


def normalise_code(code: str) -> str:
    """A typed or scanned code as it is compared: printable characters, trimmed, upper case.

    Barcode scanners add a carriage return, a tab or a group separator; those go.
    """
    return "".join(ch for ch in code if ch.isprintable()).strip().upper()


def find_by_code(store: Store, code: str) -> str | None:
    """The participant whose study ID, screening number or kit code is exactly ``code``.

    Case and surrounding blanks do not matter. A study ID wins over a screening
    number, which wins over a kit code. None when nothing matches.
    """
    wanted = normalise_code(code)
    if not wanted:
        return None
    with store.read() as session:
        for column in (Participant.study_id, Participant.screening_number, Participant.kit_code):
            found = session.scalars(
                select(Participant.id).where(func.upper(func.trim(column)) == wanted).limit(1)
            ).first()
            if found is not None:
                return found
    return None


# -- allocation -----------------------------------------------------------------


def allocated_arms(store: Store, actor: Actor) -> dict[str, str | None]:
    """Participant id → arm code of each randomised participant, for an unblinded person only.

    Read from this device's allocation slots (:func:`app.services.allocation.arms_for`).
    Blinded roles are refused without a word about any participant; a pharmacist who
    holds no blinding key yet gets :class:`~app.store.blinding.BlindingKeyMissing`.
    """
    from app.services.allocation import arms_for

    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Allocation", "Your role ({role}) cannot see treatment allocation."
            ).format(role=actor.role.value)
        )
    return dict(arms_for(store, actor))
