"""Adverse events: CTCAE v5 grading, ICH E2A seriousness, causality, expectedness, and
the SAE reporting clock.

Grade (intensity) and seriousness (a regulatory category) are separate: a grade-3 event
need not be serious and a grade-2 event can be. :func:`check_ae` returns one
:class:`~app.clinical.errors.Message` per problem, keyed by the entry's field names, and
never raises for anything a person can enter. :func:`sae_clock` takes ``now`` so the
clock is tested with an injected time.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from app.clinical.errors import Message, Severity
from app.sentences import QT_TRANSLATE_NOOP, Template

GRADES = (1, 2, 3, 4, 5)

# ICH E2A: an AE is serious if it does any of these (SDTM flag in the comment).
SERIOUSNESS = {
    "death": QT_TRANSLATE_NOOP("AdverseEvents", "Results in death"),  # AESDTH
    "life_threatening": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Is life-threatening (risk of death at the time of the event)"
    ),  # AESLIFE
    "hospitalisation": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Requires or prolongs hospitalisation"
    ),  # AESHOSP
    "disability": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Persistent or significant disability or incapacity"
    ),  # AESDISAB
    "congenital_anomaly": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Congenital anomaly or birth defect"
    ),  # AESCONG
    "medically_important": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Other medically important event (investigator's judgement)"
    ),  # AESMIE
}
CAUSALITY = {
    "not_related": QT_TRANSLATE_NOOP("AdverseEvents", "Not related"),
    "unlikely": QT_TRANSLATE_NOOP("AdverseEvents", "Unlikely related"),
    "possibly": QT_TRANSLATE_NOOP("AdverseEvents", "Possibly related"),
    "probably": QT_TRANSLATE_NOOP("AdverseEvents", "Probably related"),
    "definitely": QT_TRANSLATE_NOOP("AdverseEvents", "Definitely related"),
}
# "Possibly" or stronger counts as related (clinical.md §5).
RELATED = frozenset({"possibly", "probably", "definitely"})
EXPECTEDNESS = {
    "expected": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Expected (listed in the reference safety information)"
    ),
    "unexpected": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Unexpected (not consistent with the reference safety information)"
    ),
}
ACTIONS = {
    "none": QT_TRANSLATE_NOOP("AdverseEvents", "No action with the study product"),
    "interrupted": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion interrupted"),
    "rate_reduced": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion rate reduced"),
    "stopped": QT_TRANSLATE_NOOP("AdverseEvents", "Infusion stopped"),
    "not_applicable": QT_TRANSLATE_NOOP(
        "AdverseEvents", "Not applicable (no infusion under way or due)"
    ),
}
OUTCOMES = {
    "recovered": QT_TRANSLATE_NOOP("AdverseEvents", "Recovered / resolved"),
    "recovering": QT_TRANSLATE_NOOP("AdverseEvents", "Recovering / resolving"),
    "not_recovered": QT_TRANSLATE_NOOP("AdverseEvents", "Not recovered / not resolved"),
    "recovered_with_sequelae": QT_TRANSLATE_NOOP("AdverseEvents", "Recovered with sequelae"),
    "fatal": QT_TRANSLATE_NOOP("AdverseEvents", "Fatal"),
    "unknown": QT_TRANSLATE_NOOP("AdverseEvents", "Unknown"),
}
TERM_TEXT_MAX = 200
CLOCK_DRIFT = timedelta(minutes=5)


def choice_word(choices: Mapping[str, str], key: str) -> str:
    """The shown word of ``key`` in one of the tables above (SERIOUSNESS, CAUSALITY, …),
    in the installed language; the tables' own values stay the English."""
    word = choices.get(key)
    if isinstance(word, Template):
        return word.said()
    return key if word is None else word


@dataclass(frozen=True)
class CtcaeTerm:
    code: str
    term: str
    soc: str
    grades: Mapping[int, str]
    """The term's own wording of each grade it defines; a grade it lacks cannot be chosen."""
    infusion_reaction: bool = False


@dataclass(frozen=True)
class CtcaeTerms:
    version: str
    general: Mapping[int, str]
    terms: tuple[CtcaeTerm, ...]

    def get(self, code: str | None) -> CtcaeTerm | None:
        return next((t for t in self.terms if t.code == code), None)

    def grade_wording(self, code: str | None, grade: int) -> str:
        """The term's own wording of ``grade``, or the general wording for a free term."""
        term = self.get(code)
        if term is not None:
            return term.grades.get(grade) or QT_TRANSLATE_NOOP(
                "AdverseEvents", "{term} has no grade {grade} in CTCAE."
            ).format(term=term.term, grade=grade)
        return self.general.get(grade, "")


def ctcae_terms_path() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if isinstance(bundle, str) else Path(__file__).resolve().parents[2]
    return root / "resources" / "ctcae_terms.toml"


@cache
def load_ctcae_terms(path: Path | None = None) -> CtcaeTerms:
    """The curated CTCAE list shipped in ``resources/`` (read once)."""
    data = tomllib.loads((path or ctcae_terms_path()).read_text("utf-8"))
    terms = tuple(
        CtcaeTerm(
            code=t["code"],
            term=t["term"],
            soc=t["soc"],
            grades={int(g): text for g, text in t.get("grades", {}).items()},
            infusion_reaction=bool(t.get("infusion_reaction", False)),
        )
        for t in data["term"]
    )
    general = {int(g): text for g, text in data["general"].items()}
    return CtcaeTerms(str(data["ctcae_version"]), general, terms)


@dataclass(frozen=True)
class AeEntry:
    """An adverse event as entered (nurse) and assessed (investigator).

    ``term_code`` is a CTCAE code from the curated list, or None with ``term_text`` as
    free text to be coded later. ``seriousness`` holds keys of :data:`SERIOUSNESS`; the
    event is serious when it holds any.
    """

    term_code: str | None
    term_text: str
    onset_at: datetime | None
    end_at: datetime | None = None
    ongoing: bool = False
    grade: int | None = None
    seriousness: frozenset[str] = field(default_factory=frozenset)
    aware_at: datetime | None = None
    """When the site became aware of the event (the SAE clock runs from it)."""
    causality_product: str | None = None
    causality_procedures: str | None = None
    expectedness: str | None = None
    action_taken: str | None = None
    outcome: str | None = None
    infusion_id: str | None = None
    infusion_related: bool = False
    """The AE's own field: the investigator judges the event an infusion-related reaction."""
    description: str | None = None

    @property
    def serious(self) -> bool:
        return bool(self.seriousness)


def is_infusion_reaction(entry: AeEntry, terms: CtcaeTerms) -> bool:
    """Flagged as an infusion reaction: by its own field, or its term is one."""
    term = terms.get(entry.term_code)
    return entry.infusion_related or (term is not None and term.infusion_reaction)


def _hard(name: str, text: str, code: str) -> Message:
    return Message(name, text, Severity.HARD, code)


def _aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def check_ae(
    entry: AeEntry, terms: CtcaeTerms, now: datetime, *, for_signoff: bool = False
) -> list[Message]:
    """Every problem with ``entry``, one sentence each; ``for_signoff`` adds what an
    investigator's signature needs (both causalities assessed, an outcome)."""
    out: list[Message] = []
    out.extend(_check_term(entry, terms))
    out.extend(_check_times(entry, now))
    out.extend(_check_grade(entry, terms))
    out.extend(_check_choices(entry))
    if for_signoff:
        if entry.causality_product is None:
            out.append(
                _hard(
                    "causality_product",
                    QT_TRANSLATE_NOOP(
                        "AdverseEvents", "Assess causality to the study product before signing."
                    ).said(),
                    "causality_blank",
                )
            )
        if entry.causality_procedures is None:
            out.append(
                _hard(
                    "causality_procedures",
                    QT_TRANSLATE_NOOP(
                        "AdverseEvents", "Assess causality to the study procedures before signing."
                    ).said(),
                    "causality_blank",
                )
            )
        if entry.outcome is None:
            out.append(
                _hard(
                    "outcome",
                    QT_TRANSLATE_NOOP("AdverseEvents", "Record the outcome before signing.").said(),
                    "outcome_blank",
                )
            )
    return out


def _check_term(entry: AeEntry, terms: CtcaeTerms) -> list[Message]:
    if entry.term_code is not None and terms.get(entry.term_code) is None:
        return [
            _hard(
                "term_code",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "Choose a term from the list, or type it as free text."
                ).said(),
                "unknown_term",
            )
        ]
    text = entry.term_text if isinstance(entry.term_text, str) else ""
    if entry.term_code is None and not text.strip():
        return [
            _hard(
                "term_text",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "Name the adverse event: choose a term or type it."
                ).said(),
                "term_blank",
            )
        ]
    if len(text) > TERM_TEXT_MAX:
        return [
            _hard(
                "term_text",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "Keep the term to {count} characters; describe it further in the description.",
                ).format(count=TERM_TEXT_MAX),
                "term_too_long",
            )
        ]
    return []


def _check_times(entry: AeEntry, now: datetime) -> list[Message]:
    out: list[Message] = []
    times = {"onset_at": entry.onset_at, "end_at": entry.end_at, "aware_at": entry.aware_at}
    for name, moment in times.items():
        if moment is not None and not _aware(moment):
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("AdverseEvents", "Give the time with its time zone.").said(),
                    "naive_time",
                )
            )
        elif moment is not None and moment > now + CLOCK_DRIFT:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP(
                        "AdverseEvents", "This time is in the future: check the date and time."
                    ).said(),
                    "future",
                )
            )
    if out:
        return out
    if entry.onset_at is None:
        out.append(
            _hard(
                "onset_at",
                QT_TRANSLATE_NOOP("AdverseEvents", "Record when the event began.").said(),
                "onset_blank",
            )
        )
    if entry.ongoing and entry.end_at is not None:
        out.append(
            _hard(
                "end_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "An ongoing event has no end: clear the end or untick ongoing."
                ).said(),
                "ongoing_with_end",
            )
        )
    if entry.onset_at is not None and entry.end_at is not None and entry.end_at < entry.onset_at:
        out.append(
            _hard(
                "end_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "The event cannot end before it began: check the onset and end.",
                ).said(),
                "end_before_onset",
            )
        )
    if entry.serious and entry.aware_at is None:
        out.append(
            _hard(
                "aware_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "Record when the site became aware of this serious "
                    "event: the reporting clock runs from it.",
                ).said(),
                "aware_blank",
            )
        )
    onset, aware = entry.onset_at, entry.aware_at
    if onset is not None and aware is not None and aware < onset:
        out.append(
            _hard(
                "aware_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "The site cannot have become aware before the event began: check the times.",
                ).said(),
                "aware_before_onset",
            )
        )
    return out


def _check_grade(entry: AeEntry, terms: CtcaeTerms) -> list[Message]:
    grade = entry.grade
    if grade is None:
        return [
            _hard(
                "grade",
                QT_TRANSLATE_NOOP("AdverseEvents", "Choose the CTCAE grade (1 to 5).").said(),
                "grade_blank",
            )
        ]
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        return [
            _hard(
                "grade",
                QT_TRANSLATE_NOOP("AdverseEvents", "The CTCAE grade is 1, 2, 3, 4 or 5.").said(),
                "grade_range",
            )
        ]
    term = terms.get(entry.term_code)
    if term is not None and grade not in term.grades:
        allowed = ", ".join(str(g) for g in sorted(term.grades))
        return [
            _hard(
                "grade",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "{term} has no grade {grade} in CTCAE: choose {allowed}."
                ).format(term=term.term, grade=grade, allowed=allowed),
                "grade_not_defined",
            )
        ]
    fatal = entry.outcome == "fatal"
    if grade == 5 and not fatal:
        return [
            _hard(
                "outcome",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "Grade 5 is death related to the event: set the outcome to "
                    "fatal, or choose a lower grade.",
                ).said(),
                "grade5_not_fatal",
            )
        ]
    if fatal and grade != 5:
        return [
            _hard(
                "grade",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "A fatal outcome is grade 5: set the grade to 5, or choose another outcome.",
                ).said(),
                "fatal_not_grade5",
            )
        ]
    return []


def _check_choices(entry: AeEntry) -> list[Message]:
    out: list[Message] = []
    unknown = sorted(str(s) for s in entry.seriousness if s not in SERIOUSNESS)
    if unknown:
        out.append(
            _hard(
                "seriousness",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "Tick seriousness criteria from the list only."
                ).said(),
                "unknown_criterion",
            )
        )
    lists: dict[str, tuple[str | None, Mapping[str, str]]] = {
        "causality_product": (entry.causality_product, CAUSALITY),
        "causality_procedures": (entry.causality_procedures, CAUSALITY),
        "expectedness": (entry.expectedness, EXPECTEDNESS),
        "action_taken": (entry.action_taken, ACTIONS),
        "outcome": (entry.outcome, OUTCOMES),
    }
    for name, (value, allowed) in lists.items():
        if value is not None and value not in allowed:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("AdverseEvents", "Choose one of the listed answers.").said(),
                    "unknown_choice",
                )
            )
    if entry.outcome == "fatal" and "death" not in entry.seriousness:
        out.append(
            _hard(
                "seriousness",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", 'A fatal event is serious: tick "results in death".'
                ).said(),
                "fatal_not_serious",
            )
        )
    if "death" in entry.seriousness and entry.outcome != "fatal":
        out.append(
            _hard(
                "outcome",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    '"Results in death" is ticked: set the outcome to fatal, or untick it.',
                ).said(),
                "death_not_fatal",
            )
        )
    if entry.outcome == "fatal" and entry.ongoing:
        out.append(
            _hard(
                "end_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents", "A fatal event has ended: give the time of death as its end."
                ).said(),
                "fatal_ongoing",
            )
        )
    if entry.outcome in {"recovered", "recovered_with_sequelae"} and entry.ongoing:
        out.append(
            _hard(
                "end_at",
                QT_TRANSLATE_NOOP(
                    "AdverseEvents",
                    "A recovered event has ended: give its end or choose another outcome.",
                ).said(),
                "recovered_ongoing",
            )
        )
    return out


def death_date(entry: AeEntry) -> date | None:
    """The date of death an AE records: the end of a fatal event."""
    if entry.outcome == "fatal" and entry.end_at is not None:
        return entry.end_at.date()
    return None


# -- the SAE clock -------------------------------------------------------------------


class ClockStatus(StrEnum):
    NOT_SERIOUS = "not serious"
    DUE = "due"
    URGENT = "urgent"
    OVERDUE = "overdue"
    REPORTED = "reported"
    REPORTED_LATE = "reported late"


@dataclass(frozen=True)
class SaeClock:
    status: ClockStatus
    started_at: datetime | None
    deadline: datetime | None
    remaining: timedelta | None
    """Time left before the deadline (negative when overdue); None once reported."""

    def sentence(self) -> str:
        """What the clock column and Today show."""
        if self.status is ClockStatus.NOT_SERIOUS or self.deadline is None:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Not serious").said()
        due = self.deadline.strftime("%Y-%m-%d %H:%M UTC")
        if self.status is ClockStatus.REPORTED:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Reported (was due {due})").format(due=due)
        if self.status is ClockStatus.REPORTED_LATE:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Reported late (was due {due})").format(
                due=due
            )
        assert self.remaining is not None
        minutes = int(abs(self.remaining).total_seconds() // 60)
        span = f"{minutes // 60} h {minutes % 60:02d} min"
        if self.status is ClockStatus.OVERDUE:
            return QT_TRANSLATE_NOOP("AdverseEvents", "Overdue by {span} (was due {due})").format(
                span=span, due=due
            )
        return QT_TRANSLATE_NOOP("AdverseEvents", "Report within {span} (due {due})").format(
            span=span, due=due
        )


def sae_clock(
    clock_started_at: datetime | None,
    reported_at: datetime | None,
    window_hours: int,
    urgent_within_hours: int,
    now: datetime,
) -> SaeClock:
    """The reporting clock of one event. ``clock_started_at`` is None for an event that
    is not serious; it is the awareness moment, or the edit that made it serious."""
    if clock_started_at is None:
        return SaeClock(ClockStatus.NOT_SERIOUS, None, None, None)
    deadline = clock_started_at + timedelta(hours=window_hours)
    if reported_at is not None:
        late = reported_at > deadline
        status = ClockStatus.REPORTED_LATE if late else ClockStatus.REPORTED
        return SaeClock(status, clock_started_at, deadline, None)
    remaining = deadline - now
    if remaining < timedelta(0):
        status = ClockStatus.OVERDUE
    elif remaining <= timedelta(hours=urgent_within_hours):
        status = ClockStatus.URGENT
    else:
        status = ClockStatus.DUE
    return SaeClock(status, clock_started_at, deadline, remaining)
