"""Adverse events: an event as entered and assessed, and every check it must pass.

An event names a CTCAE term and grade (:mod:`app.clinical.ctcae`), may be serious under
ICH E2A with a reporting clock (:mod:`app.clinical.sae_clock`), and is assessed for
causality, expectedness, action and outcome (:mod:`app.clinical.ae_assessment`); their
names can be imported from here as well. :func:`check_ae` returns one
:class:`~app.clinical.errors.Message` per problem, keyed by the entry's field names, and
never raises for anything a person can enter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.clinical.ae_assessment import ACTIONS as ACTIONS
from app.clinical.ae_assessment import CAUSALITY as CAUSALITY
from app.clinical.ae_assessment import EXPECTEDNESS as EXPECTEDNESS
from app.clinical.ae_assessment import OUTCOMES as OUTCOMES
from app.clinical.ae_assessment import RELATED as RELATED
from app.clinical.ae_assessment import choice_word as choice_word
from app.clinical.ctcae import GRADES as GRADES
from app.clinical.ctcae import CtcaeTerm as CtcaeTerm
from app.clinical.ctcae import CtcaeTerms as CtcaeTerms
from app.clinical.ctcae import ctcae_terms_path as ctcae_terms_path
from app.clinical.ctcae import load_ctcae_terms as load_ctcae_terms
from app.clinical.errors import Message, Severity
from app.clinical.sae_clock import SERIOUSNESS as SERIOUSNESS
from app.clinical.sae_clock import ClockStatus as ClockStatus
from app.clinical.sae_clock import SaeClock as SaeClock
from app.clinical.sae_clock import sae_clock as sae_clock
from app.sentences import QT_TRANSLATE_NOOP

TERM_TEXT_MAX = 200
CLOCK_DRIFT = timedelta(minutes=5)


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
