"""This device's study IDs: the range an admin gives it, and the next free number.

A range is ``prefix`` + a number from ``first`` to ``last`` (settings
``study_id_prefix``, ``study_id_first``, ``study_id_last``); a new range may not cover
an ID already assigned here. Enrolment (:func:`app.services.screening.enrol`) takes the
next number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.errors import ValidationError
from app.errors import InvalidInput, NotPermitted
from app.models import Participant, Setting
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store.store import Store
from app.store.uow import Actor

STUDY_ID_PREFIX_KEY = "study_id_prefix"
STUDY_ID_FIRST_KEY = "study_id_first"
STUDY_ID_LAST_KEY = "study_id_last"
MAX_STUDY_NUMBER = 999_999
_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")


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


def range_in(session: Session) -> StudyIdRange | None:
    """The range as the settings in ``session`` hold it; None when never set."""
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
        return range_in(session)


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
        result = range_in(session)
    assert result is not None
    return result
