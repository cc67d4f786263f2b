"""Screening log: screen a patient, record a screen failure, enrol with a study ID.

A screening number is ``<SITE>-<DEVICE>-<NNNN>`` from this device's counter (the
audited setting ``screening_counter``), so two laptops that are offline for days never
hand out the same number, and a number is never issued twice even if a record is
later deleted. Study IDs come from a range that belongs to this device
(:mod:`app.services.study_ids`), set by an admin. Enrolment needs a signed, eligible
eligibility assessment (status *eligible*). The form's checks are in
:mod:`app.services.screening_checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.errors import Message, Severity
from app.clinical.plausibility import has_hard
from app.errors import InvalidInput, NotPermitted
from app.models import Participant, ParticipantStatus, Setting
from app.protocol import Protocol
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility import has_signed_eligibility
from app.services.eligibility_review import date_of_birth_change, review_evidence
from app.services.screening_checks import (
    MAX_AGE_YEARS,
    SEXES,
    ScreeningEntry,
    check_screening,
)
from app.services.study_ids import (
    MAX_STUDY_NUMBER,
    STUDY_ID_FIRST_KEY,
    STUDY_ID_LAST_KEY,
    STUDY_ID_PREFIX_KEY,
    StudyIdRange,
    check_study_id_range,
    format_study_id,
    range_in,
    set_study_id_range,
    study_id_range,
)
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

__all__ = [
    "FAILABLE",
    "MAX_AGE_YEARS",
    "MAX_STUDY_NUMBER",
    "SCREENING_COUNTER_KEY",
    "SEXES",
    "STUDY_ID_FIRST_KEY",
    "STUDY_ID_LAST_KEY",
    "STUDY_ID_PREFIX_KEY",
    "ScreenedParticipant",
    "ScreeningEntry",
    "ScreeningRecord",
    "StudyIdRange",
    "check_screening",
    "check_study_id_range",
    "enrol",
    "format_study_id",
    "load_screening",
    "screen_fail",
    "screen_patient",
    "set_study_id_range",
    "study_id_range",
    "update_screening",
]

SCREENING_COUNTER_KEY = "screening_counter"


@dataclass(frozen=True)
class ScreenedParticipant:
    id: str
    screening_number: str


def _refuse_hard(messages: list[Message]) -> None:
    if has_hard(messages):
        first = next(m for m in messages if m.severity is Severity.HARD)
        raise InvalidInput(first.text)


def _can_enter(actor: Actor) -> None:
    if not actor.can(Permission.ENTER_DATA):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Screening", "Your role ({role}) cannot enter study data.").format(
                role=actor.role.value
            )
        )


def _fill(p: Participant, entry: ScreeningEntry) -> None:
    p.initials = entry.initials.strip().upper()
    p.sex = entry.sex
    p.date_of_birth = entry.date_of_birth
    p.age_years = None if entry.date_of_birth else int((entry.age_years or "0").strip())
    p.weight_kg = float(Decimal((entry.weight_kg or "").strip()))
    height = (entry.height_cm or "").strip()
    p.height_cm = float(Decimal(height)) if height else None
    p.admission_date = entry.admission_date


@contextmanager
def _flushed_with_reason(session: Session, reason: str) -> Iterator[None]:
    """Changes made inside are flushed (and audited) with ``reason``; the rest of the
    unit of work keeps its own. One transaction, two audit reasons."""
    before = session.info.get("reason")
    session.info["reason"] = reason
    try:
        yield
        session.flush()
    finally:
        session.info["reason"] = before


def _issue_screening_number(session: Session, site: str, device: str) -> str:
    prefix = f"{site}-{device}-"
    counter = session.scalars(
        select(Setting).where(Setting.key == SCREENING_COUNTER_KEY)
    ).one_or_none()
    issued = int(counter.value) if counter is not None else 0
    # A restored copy may hold participants the counter does not know: never go back.
    highest = session.scalar(
        select(Participant.screening_number)
        .where(Participant.screening_number >= prefix, Participant.screening_number < prefix + "~")
        .order_by(Participant.screening_number.desc())
        .limit(1)
    )
    if (
        highest is not None
        and highest[len(prefix) :].isascii()
        and highest[len(prefix) :].isdigit()
    ):
        issued = max(issued, int(highest[len(prefix) :]))
    number = f"{prefix}{issued + 1:04d}"
    with _flushed_with_reason(session, f"screening number {number} issued"):
        if counter is None:
            session.add(Setting(key=SCREENING_COUNTER_KEY, value=str(issued + 1)))
        else:
            counter.value = str(issued + 1)
    return number


def screen_patient(
    store: Store,
    actor: Actor,
    protocol: Protocol,
    entry: ScreeningEntry,
    *,
    today: date | None = None,
) -> ScreenedParticipant:
    """A new participant in status *screening* with this device's next screening number."""
    _can_enter(actor)
    _refuse_hard(check_screening(protocol, entry, today=today or date.today()))
    info = store.info()
    with store.transaction(actor) as session:
        number = _issue_screening_number(session, info.site, info.device)
        p = Participant(
            screening_number=number,
            status=ParticipantStatus.SCREENING.value,
            created_at=utc_now(),
        )
        _fill(p, entry)
        session.add(p)
        session.flush()
        return ScreenedParticipant(p.id, number)


def update_screening(
    store: Store,
    actor: Actor,
    protocol: Protocol,
    participant_id: str,
    entry: ScreeningEntry,
    *,
    reason: str | None,
    today: date | None = None,
) -> ScreenedParticipant:
    """Correct a screened participant's details (a reason is needed: they were saved).

    A changed date of birth voids the signature of a checklist that used the old one,
    flags it for the investigator's review and takes back *eligible* (same transaction).
    """
    _can_enter(actor)
    _refuse_hard(check_screening(protocol, entry, today=today or date.today()))
    with store.transaction(actor, reason=reason) as session:
        p = _participant(session, participant_id)
        born_before = p.date_of_birth
        _fill(p, entry)
        # A signed checklist that rests on the old date of birth goes back for review.
        changed = date_of_birth_change(born_before, p.date_of_birth)
        if changed:
            review_evidence(session, participant_id, changed)
        return ScreenedParticipant(p.id, p.screening_number)


@dataclass(frozen=True)
class ScreeningRecord:
    """A screened participant as the screening form shows it."""

    id: str
    screening_number: str
    entry: ScreeningEntry
    status: ParticipantStatus
    study_id: str | None
    screen_fail_reason: str | None


def load_screening(store: Store, participant_id: str) -> ScreeningRecord:
    """The screening number, the details as typed back, the status and the study ID."""
    with store.read() as session:
        p = _participant(session, participant_id)
        entry = ScreeningEntry(
            initials=p.initials,
            sex=p.sex,
            date_of_birth=p.date_of_birth,
            age_years=None if p.age_years is None else str(p.age_years),
            weight_kg=None if p.weight_kg is None else f"{p.weight_kg:g}",
            height_cm=None if p.height_cm is None else f"{p.height_cm:g}",
            admission_date=p.admission_date,
        )
        return ScreeningRecord(
            p.id,
            p.screening_number,
            entry,
            ParticipantStatus(p.status),
            p.study_id,
            p.screen_fail_reason,
        )


def _participant(session: Session, participant_id: str) -> Participant:
    p = session.get(Participant, participant_id)
    if p is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Screening", "There is no participant {participant}.").format(
                participant=participant_id
            )
        )
    return p


FAILABLE = (ParticipantStatus.SCREENING.value, ParticipantStatus.ELIGIBLE.value)


def screen_fail(store: Store, actor: Actor, participant_id: str, reason: str) -> None:
    """Record a screen failure with its reason (status *screen-failed*)."""
    _can_enter(actor)
    why = (reason or "").strip()
    if not why:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Screening", "Give the reason for the screen failure.").said()
        )
    with store.transaction(actor, reason=f"screen failure: {why}") as session:
        p = _participant(session, participant_id)
        if p.status not in FAILABLE:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "{participant} is {status}: only a participant still in screening can"
                    " be screen failed.",
                ).format(
                    participant=p.study_id or p.screening_number, status=p.status.replace("-", " ")
                )
            )
        p.status = ParticipantStatus.SCREEN_FAILED.value
        p.screen_fail_reason = why


def enrol(store: Store, actor: Actor, participant_id: str) -> str:
    """Give an eligible participant the next study ID of this device's range."""
    _can_enter(actor)
    with store.transaction(actor) as session:
        p = _participant(session, participant_id)
        if p.study_id is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening", "{screening_number} is already enrolled as {study_id}."
                ).format(screening_number=p.screening_number, study_id=p.study_id)
            )
        if p.status != ParticipantStatus.ELIGIBLE.value or not has_signed_eligibility(
            session, participant_id
        ):
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "{screening_number} cannot be enrolled yet: an investigator must "
                    "first sign an eligibility assessment that says eligible.",
                ).format(screening_number=p.screening_number)
            )
        current = range_in(session)
        if current is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "This device has no study ID range: ask an admin to set one, then enrol again.",
                ).said()
            )
        if current.next_number is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "This device's study IDs ({range}) are all used: ask an admin to set "
                    "a new range, then enrol again.",
                ).format(range=current.label)
            )
        p.study_id = current.format(current.next_number)
        return p.study_id
