"""Screening log: screen a patient, record a screen failure, enrol with a study ID.

A screening number is ``<SITE>-<DEVICE>-<NNNN>`` from this device's counter (the
audited setting ``screening_counter``), so two laptops that are offline for days never
hand out the same number, and a number is never issued twice even if a record is
later deleted. Study IDs come from a range that belongs to this device (settings
``study_id_prefix``, ``study_id_first``, ``study_id_last``), set by an admin; a new
range may not cover an ID already assigned. Enrolment needs a signed, eligible
eligibility assessment (status *eligible*).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.errors import Message, Severity, ValidationError
from app.clinical.plausibility import check_value, has_hard
from app.errors import InvalidInput, NotPermitted
from app.models import Participant, ParticipantStatus, Setting
from app.protocol import Protocol
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility import has_signed_eligibility
from app.services.eligibility_review import date_of_birth_change, review_evidence
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

SCREENING_COUNTER_KEY = "screening_counter"
STUDY_ID_PREFIX_KEY = "study_id_prefix"
STUDY_ID_FIRST_KEY = "study_id_first"
STUDY_ID_LAST_KEY = "study_id_last"
SEXES = {"F": "Female", "M": "Male"}
MAX_AGE_YEARS = 130
MAX_STUDY_NUMBER = 999_999
_INITIALS = re.compile(r"[A-Z]{1,4}")
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")
_NUMBER_TEXT_MAX = 12


@dataclass(frozen=True)
class ScreeningEntry:
    """What the screening form hands over; numbers as typed (text)."""

    initials: str
    sex: str
    date_of_birth: date | None = None
    age_years: str | None = None
    """Only when the date of birth is unknown."""
    weight_kg: str | None = None
    height_cm: str | None = None
    admission_date: date | None = None


@dataclass(frozen=True)
class ScreenedParticipant:
    id: str
    screening_number: str


def _hard(field: str, text: str, code: str) -> Message:
    return Message(field, text, Severity.HARD, code)


def _blank(text: str | None) -> bool:
    return text is None or not str(text).strip()


def _number(field: str, text: str | None, protocol: Protocol, label: str) -> list[Message]:
    if _blank(text):
        return [
            Message(
                field,
                QT_TRANSLATE_NOOP("Screening", "Enter the {label}.").format(label=label),
                Severity.HARD,
                "required",
            )
        ]
    if len(str(text).strip()) > _NUMBER_TEXT_MAX:
        return [
            Message(
                field,
                QT_TRANSLATE_NOOP("Screening", "The {label} is too long to be a number.").format(
                    label=label
                ),
                Severity.HARD,
                "long",
            )
        ]
    return list(check_value(field, str(text).strip(), protocol.plausibility))


def check_screening(protocol: Protocol, entry: ScreeningEntry, *, today: date) -> list[Message]:
    """Every message about a screening entry (hard ones refuse it); never raises."""
    out: list[Message] = []
    initials = (entry.initials or "").strip().upper()
    if not _INITIALS.fullmatch(initials):
        out.append(
            _hard(
                "initials",
                QT_TRANSLATE_NOOP("Screening", "Initials are 1 to 4 letters (A–Z).").said(),
                "initials",
            )
        )
    if entry.sex not in SEXES:
        out.append(
            _hard(
                "sex",
                QT_TRANSLATE_NOOP("Screening", "Choose the sex: female or male.").said(),
                "required",
            )
        )
    born, age_text = entry.date_of_birth, (entry.age_years or "").strip()
    if born is None and not age_text:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "Enter the date of birth, or the age in years if the date is not known.",
                ).said(),
                "required",
            )
        )
    elif born is not None and age_text:
        out.append(
            _hard(
                "age_years",
                QT_TRANSLATE_NOOP(
                    "Screening", "Give the date of birth or the age, not both: leave the age blank."
                ).said(),
                "both",
            )
        )
    elif born is not None:
        if born > today:
            out.append(
                _hard(
                    "date_of_birth",
                    QT_TRANSLATE_NOOP("Screening", "The date of birth is in the future.").said(),
                    "future",
                )
            )
        elif today.year - born.year > MAX_AGE_YEARS:
            out.append(
                _hard(
                    "date_of_birth",
                    QT_TRANSLATE_NOOP(
                        "Screening", "The date of birth gives an age above {max}."
                    ).format(max=MAX_AGE_YEARS),
                    "too_old",
                )
            )
    elif not (age_text.isascii() and age_text.isdigit()) or int(age_text) > MAX_AGE_YEARS:
        out.append(
            _hard(
                "age_years",
                QT_TRANSLATE_NOOP(
                    "Screening", "The age is a whole number of years from 0 to {max}."
                ).format(max=MAX_AGE_YEARS),
                "age",
            )
        )
    out += _number(
        "weight_kg",
        entry.weight_kg,
        protocol,
        QT_TRANSLATE_NOOP("Screening", "body weight in kg").said(),
    )
    if not _blank(entry.height_cm):
        out += _number(
            "height_cm",
            entry.height_cm,
            protocol,
            QT_TRANSLATE_NOOP("Screening", "height in cm").said(),
        )
    admitted = entry.admission_date
    if admitted is None:
        out.append(
            _hard(
                "admission_date",
                QT_TRANSLATE_NOOP("Screening", "Enter the admission date.").said(),
                "required",
            )
        )
    elif admitted > today:
        out.append(
            _hard(
                "admission_date",
                QT_TRANSLATE_NOOP("Screening", "The admission date is in the future.").said(),
                "future",
            )
        )
    elif born is not None and born <= today and admitted < born:
        out.append(
            _hard(
                "admission_date",
                QT_TRANSLATE_NOOP(
                    "Screening", "The admission date is before the date of birth."
                ).said(),
                "before_birth",
            )
        )
    return out


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
    p.height_cm = None if _blank(entry.height_cm) else float(Decimal(str(entry.height_cm).strip()))
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


# -- study IDs -----------------------------------------------------------------------


@dataclass(frozen=True)
class StudyIdRange:
    """This device's study IDs: ``prefix`` + a number from ``first`` to ``last``."""

    prefix: str
    first: int
    last: int
    next_number: int | None
    """The number the next enrolment gets; None when the range is used up."""

    def format(self, number: int) -> str:
        return format_study_id(self.prefix, number, self.last)

    @property
    def remaining(self) -> int:
        return 0 if self.next_number is None else self.last - self.next_number + 1

    @property
    def label(self) -> str:
        return f"{self.format(self.first)} to {self.format(self.last)}"


def format_study_id(prefix: str, number: int, last: int) -> str:
    """``P-007``: the number zero-padded to the width of the range's last number (≥ 3)."""
    return f"{prefix}{number:0{max(3, len(str(last)))}d}"


def _assigned_numbers(session: Session, prefix: str) -> list[int]:
    ids = session.scalars(
        select(Participant.study_id).where(
            Participant.study_id >= prefix, Participant.study_id < prefix + "\U0010ffff"
        )
    ).all()
    tails = (sid[len(prefix) :] for sid in ids if sid is not None)
    return sorted(int(t) for t in tails if t.isascii() and t.isdigit())


def _settings(session: Session) -> dict[str, Setting]:
    keys = (STUDY_ID_PREFIX_KEY, STUDY_ID_FIRST_KEY, STUDY_ID_LAST_KEY)
    return {s.key: s for s in session.scalars(select(Setting).where(Setting.key.in_(keys)))}


def _range_in(session: Session) -> StudyIdRange | None:
    found = _settings(session)
    try:
        prefix = found[STUDY_ID_PREFIX_KEY].value
        first, last = int(found[STUDY_ID_FIRST_KEY].value), int(found[STUDY_ID_LAST_KEY].value)
    except (KeyError, ValueError):
        return None
    used = [n for n in _assigned_numbers(session, prefix) if first <= n <= last]
    upcoming = (used[-1] + 1) if used else first
    return StudyIdRange(prefix, first, last, upcoming if upcoming <= last else None)


def study_id_range(store: Store) -> StudyIdRange | None:
    """This device's study-ID range with the next free number; None when never set."""
    with store.read() as session:
        return _range_in(session)


def check_study_id_range(prefix: object, first: object, last: object) -> tuple[str, int, int]:
    """A prefix of letters, digits, '-' or '_' and a range 1 ≤ first ≤ last ≤ 999999."""
    text = str(prefix or "").strip()
    if not _PREFIX.fullmatch(text):
        raise ValidationError(
            "study_id_prefix",
            QT_TRANSLATE_NOOP(
                "Screening", "The study ID prefix is 1–16 letters, digits, '-' or '_', e.g. WH01-."
            ).said(),
        )
    numbers = []
    for name, value in (("study_id_first", first), ("study_id_last", last)):
        raw = str(value).strip()
        if (
            isinstance(value, bool)
            or not (raw.isascii() and raw.isdigit())
            or not 1 <= int(raw) <= MAX_STUDY_NUMBER
        ):
            raise ValidationError(
                name,
                QT_TRANSLATE_NOOP(
                    "Screening", "Study ID numbers are whole numbers 1–{max}."
                ).format(max=MAX_STUDY_NUMBER),
            )
        numbers.append(int(raw))
    if numbers[0] > numbers[1]:
        raise ValidationError(
            "study_id_last",
            QT_TRANSLATE_NOOP("Screening", "The last number is below the first.").said(),
        )
    return text, numbers[0], numbers[1]


def set_study_id_range(
    store: Store, admin: Actor, prefix: object, first: object, last: object
) -> StudyIdRange:
    """Give this device the study IDs ``prefix`` + ``first``…``last`` (admin only).

    Refused when an ID in the new range was already assigned here.
    """
    if not admin.can(Permission.MANAGE_DEVICE):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Screening", "Your role ({role}) cannot set the study ID range."
            ).format(role=admin.role.value)
        )
    try:
        text, low, high = check_study_id_range(prefix, first, last)
    except ValidationError as exc:
        raise InvalidInput(exc.message) from None
    with store.transaction(admin, reason="study ID range set for this device") as session:
        taken = [n for n in _assigned_numbers(session, text) if low <= n <= high]
        if taken:
            shown = format_study_id(text, taken[-1], high)
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Screening",
                    "Study ID {study_id} is already assigned inside that range: start the"
                    " new range after {number}.",
                ).format(study_id=shown, number=taken[-1])
            )
        found = _settings(session)
        for key, value in (
            (STUDY_ID_PREFIX_KEY, text),
            (STUDY_ID_FIRST_KEY, str(low)),
            (STUDY_ID_LAST_KEY, str(high)),
        ):
            if key in found:
                found[key].value = value
            else:
                session.add(Setting(key=key, value=value))
        session.flush()
        result = _range_in(session)
    assert result is not None
    return result


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
        current = _range_in(session)
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
