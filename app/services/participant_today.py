"""Today: the visits due, the vital signs taken today, what waits for a signature."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.models import (
    EligibilityAssessment,
    Participant,
    Signature,
)
from app.sentences import QT_TRANSLATE_NOOP
from app.services.participant_rows import ON_STUDY, ParticipantRow, _rows
from app.store.store import Store

# -- Today ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueVisit:
    """A participant who needs observations today."""

    participant: ParticipantRow
    overdue: bool
    reason: str
    visit_code: str | None = None
    """The protocol visit that is due; None when no schedule runs yet (no day 0)."""


def start_of_day(now: datetime, days_back: int = 0) -> datetime:
    """Midnight that begins ``now``'s calendar day (in ``now``'s own timezone), minus days."""
    day = now.date() - timedelta(days=days_back)
    return datetime.combine(day, time(), tzinfo=now.tzinfo)


def visit_due(row: ParticipantRow, now: datetime) -> DueVisit | None:
    """Whether ``row`` needs observations today: the one rule Today applies.

    For now: on study (randomised or infused) and no vital signs since midnight;
    overdue when none since yesterday's midnight either. The protocol's visit
    windows (``app.clinical.visits``) replace this rule later.
    """
    if row.status not in ON_STUDY:
        return None
    today = start_of_day(now)
    if row.last_seen is not None and row.last_seen >= today:
        return None
    if row.last_seen is None:
        return DueVisit(
            row, False, QT_TRANSLATE_NOOP("Today", "No vital signs recorded yet").said()
        )
    if row.last_seen < start_of_day(now, 1):
        days = (today.date() - row.last_seen.astimezone(now.tzinfo).date()).days
        said = QT_TRANSLATE_NOOP("Today", "Last vital signs {days} days ago").format(days=days)
        return DueVisit(row, True, said)
    return DueVisit(row, False, QT_TRANSLATE_NOOP("Today", "No vital signs today yet").said())


def today(store: Store, now: datetime) -> list[DueVisit]:
    """Participants with visits due or overdue on ``now``'s day, overdue first.

    ``now`` must be timezone-aware; the ward's day is ``now``'s calendar day in
    its own timezone (pass local time from the screen, UTC in a test).
    """
    # Visits work (app/services/visits.py) replaced the placeholder rule here: a
    # participant with day 0 is due by the protocol's visit windows; one on study
    # without day 0 yet (randomised, awaiting the infusion) keeps the vital-signs rule.
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware 'now'")
    from app.protocol import load_default
    from app.services.visits import visits_due

    rows = {r.id: r for r in _rows(store, now.date(), ON_STUDY)}
    scheduled = visits_due(store, load_default(), now.date(), tz=now.tzinfo)
    due = [DueVisit(rows[v.participant_id], v.overdue, v.reason, v.visit.code)
           for v in scheduled if v.participant_id in rows]  # fmt: skip
    with store.read() as session:
        dated = set(session.scalars(select(Participant.id).where(Participant.day0_on.is_not(None))))
    due += [d for r in rows.values() if r.id not in dated and (d := visit_due(r, now)) is not None]
    due.sort(key=lambda d: (not d.overdue, d.participant.label))
    return due


def vitals_today(store: Store, now: datetime) -> tuple[int, int]:
    """(participants on study with vital signs since ``now``'s midnight, all on study)."""
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware 'now'")
    rows = _rows(store, now.date(), ON_STUDY)
    midnight = start_of_day(now)
    seen = sum(1 for r in rows if r.last_seen is not None and r.last_seen >= midnight)
    return seen, len(rows)


# -- what waits for a signature -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AwaitingSignature:
    """A record an investigator has to sign (again), and where it is."""

    participant_id: str
    label: str
    """The participant's study ID, else their screening number."""
    form: str
    """The participant page's tab that signs it (``eligibility``)."""
    record_id: str
    what: str
    reason: str


def awaiting_signature(store: Store) -> list[AwaitingSignature]:
    """Every participant's latest eligibility checklist that has a verdict but no
    signature that still holds: never signed, or signed and voided since (an answer or
    the evidence behind it changed, so it needs the investigator's review).

    A checklist still incomplete waits for the nurse, not for a signature.
    """
    from app.clinical.eligibility import Verdict
    from app.services.eligibility import NEWEST
    from app.store.uow import content_hash

    found: list[AwaitingSignature] = []
    with store.read() as session:
        labels = {
            pid: study or screening
            for pid, study, screening in session.execute(
                select(Participant.id, Participant.study_id, Participant.screening_number)
            )
        }
        seen: set[str] = set()
        for row in session.scalars(select(EligibilityAssessment).order_by(*NEWEST)):
            if row.participant_id in seen:
                continue  # only the newest checklist counts
            seen.add(row.participant_id)
            if row.verdict == Verdict.INCOMPLETE.value:
                continue
            signatures = session.scalars(
                select(Signature).where(
                    Signature.table_name == EligibilityAssessment.__tablename__,
                    Signature.record_id == row.id,
                )
            ).all()
            digest = content_hash(row)
            if any(s.is_valid and s.content_hash == digest for s in signatures):
                continue
            verdict = (
                QT_TRANSLATE_NOOP("Today", "eligible").said()
                if row.verdict == Verdict.ELIGIBLE.value
                else QT_TRANSLATE_NOOP("Today", "not eligible").said()
            )
            reason = (
                QT_TRANSLATE_NOOP(
                    "Today",
                    "Signature void: the checklist changed after signing; review it ({verdict}).",
                ).format(verdict=verdict)
                if signatures
                else QT_TRANSLATE_NOOP("Today", "Not signed yet ({verdict}).").format(
                    verdict=verdict
                )
            )
            what = QT_TRANSLATE_NOOP("Today", "Eligibility checklist").said()
            found.append(
                AwaitingSignature(
                    row.participant_id, labels.get(row.participant_id, "?"), "eligibility",
                    row.id, what, reason,
                )
            )  # fmt: skip
    found.sort(key=lambda a: a.label)
    return found
