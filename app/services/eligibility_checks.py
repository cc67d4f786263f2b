"""The eligibility checklist's evidence as typed, its checks and its verdict.

The form hands over an :class:`EligibilityEntry` (dates, RT-PCR and CT results,
respiratory rate and resting SpO₂ as typed, the chosen saved blood gas, yes/no
answers). :func:`check_entry` returns the messages (never raises);
:func:`evaluate_entry` gives the verdict with :func:`app.clinical.evaluate_eligibility`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.clinical.eligibility import EligibilityEvidence, EligibilityResult, evaluate_eligibility
from app.clinical.errors import Message, Severity
from app.clinical.oxygenation import pf_for_comparison
from app.clinical.parsing import parse_decimal
from app.clinical.plausibility import check_value
from app.protocol import Protocol
from app.protocol.model import CriterionKind
from app.sentences import QT_TRANSLATE_NOOP
from app.services.day_checks import day_message
from app.services.oxygenation import BloodGas, blood_gases
from app.store.store import Store

STALE_BLOOD_GAS = timedelta(days=3)
MAX_NUMBER_TEXT = 12
MAX_FINDING = 2000
# Criteria whose answer comes from recorded evidence, not a yes/no asked directly.
DERIVED = (CriterionKind.RT_PCR, CriterionKind.CT)


@dataclass(frozen=True)
class EligibilityEntry:
    """What the checklist hands over; numbers as typed, None = not recorded."""

    assessed_on: date | None
    date_of_birth: date | None = None
    rt_pcr_date: date | None = None
    rt_pcr_positive: bool | None = None
    ct_date: date | None = None
    ct_characteristic: bool | None = None
    ct_finding: str | None = None
    respiratory_rate_per_min: str | None = None
    spo2_at_rest_percent: str | None = None
    oxygenation_id: str | None = None
    answers: Mapping[str, bool | None] = field(default_factory=dict)
    """Consent and attestation criteria by id (exclusions: True = applies)."""


def _hard(name: str, text: str, code: str = "invalid") -> Message:
    return Message(name, text, Severity.HARD, code)


def as_typed(text: str | None) -> str:
    """The text as typed, without the spaces around it ("" for None)."""
    return (text or "").strip()


def check_entry(
    protocol: Protocol, entry: EligibilityEntry, blood_gas: BloodGas | None, *, today: date
) -> list[Message]:
    """Every message about the evidence (hard refuse, soft ask to confirm); never raises.

    Missing evidence is not a message: it makes the verdict *incomplete*.
    """
    out: list[Message] = []
    on = entry.assessed_on
    missing = QT_TRANSLATE_NOOP("Eligibility", "Enter the assessment date.").said()
    future = QT_TRANSLATE_NOOP("Eligibility", "The assessment date is in the future.").said()
    out += filter(None, [day_message("assessed_on", on, today, missing=missing, future=future)])
    born = entry.date_of_birth
    if born is not None and on is not None and born > on:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "The date of birth is after the assessment date."
                ).said(),
            )
        )
    elif born is not None and on is not None and on.year - born.year > 130:
        out.append(
            _hard(
                "date_of_birth",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "The date of birth gives an age above 130."
                ).said(),
            )
        )
    for day, result, what in (
        (entry.rt_pcr_date, entry.rt_pcr_positive, "rt_pcr"),
        (entry.ct_date, entry.ct_characteristic, "ct"),
    ):
        label = (
            QT_TRANSLATE_NOOP("Eligibility", "RT-PCR sample").said()
            if what == "rt_pcr"
            else QT_TRANSLATE_NOOP("Eligibility", "CT scan").said()
        )
        if day is not None and on is not None and day > on:
            out.append(
                _hard(
                    f"{what}_date",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "The {label} date is after the assessment date."
                    ).format(label=label),
                )
            )
        if result is not None and day is None:
            out.append(
                _hard(
                    f"{what}_date",
                    QT_TRANSLATE_NOOP("Eligibility", "Enter the date of the {label}.").format(
                        label=label
                    ),
                    "required",
                )
            )
    if len(as_typed(entry.ct_finding)) > MAX_FINDING:
        out.append(
            _hard(
                "ct_finding",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "Keep the CT finding under {max} characters."
                ).format(max=MAX_FINDING),
            )
        )
    for name, rule in (
        ("respiratory_rate_per_min", "respiratory_rate_per_min"),
        ("spo2_at_rest_percent", "spo2_percent"),
    ):
        typed = as_typed(getattr(entry, name))
        if len(typed) > MAX_NUMBER_TEXT:
            out.append(
                _hard(
                    name,
                    QT_TRANSLATE_NOOP("Eligibility", "That is too long to be a number.").said(),
                )
            )
        elif typed:
            out += [
                Message(name, m.text, m.severity, m.code)
                for m in check_value(rule, typed, protocol.plausibility)
            ]
    if entry.oxygenation_id is not None and blood_gas is None:
        out.append(
            _hard(
                "oxygenation_id",
                QT_TRANSLATE_NOOP(
                    "Eligibility", "That blood gas is not one of this participant's."
                ).said(),
            )
        )
    if blood_gas is not None and on is not None:
        taken = blood_gas.measured_at.astimezone().date()
        if taken > on:
            out.append(
                _hard(
                    "oxygenation_id",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "The blood gas is after the assessment date."
                    ).said(),
                )
            )
        elif on - taken > STALE_BLOOD_GAS:
            out.append(
                Message(
                    "oxygenation_id",
                    QT_TRANSLATE_NOOP(
                        "Eligibility",
                        "The blood gas is {days} days older than the assessment: please "
                        "confirm it still describes the patient.",
                    ).format(days=(on - taken).days),
                    Severity.SOFT,
                    "stale",
                )
            )
    yes_no = {c.id for c in protocol.criteria if c.kind not in (*DERIVED, CriterionKind.AGE)}
    for key in entry.answers:
        if key not in yes_no:
            out.append(
                _hard(
                    "answers",
                    QT_TRANSLATE_NOOP(
                        "Eligibility", "{key} is not a yes/no criterion of this protocol."
                    ).format(key=key),
                )
            )
    return out


def answers_for(protocol: Protocol, entry: EligibilityEntry) -> dict[str, bool | None]:
    """Every yes/no criterion's answer: RT-PCR and CT from the evidence, the rest as given."""
    out: dict[str, bool | None] = {}
    for c in protocol.criteria:
        if c.kind is CriterionKind.RT_PCR:
            out[c.id] = entry.rt_pcr_positive
        elif c.kind is CriterionKind.CT:
            out[c.id] = entry.ct_characteristic
        elif c.kind not in (CriterionKind.AGE, CriterionKind.SEVERITY):
            out[c.id] = entry.answers.get(c.id)
    return out


def _number(text: str | None) -> Decimal | None:
    typed = as_typed(text)
    return parse_decimal(typed, "value") if typed else None


def evaluate_entry(
    protocol: Protocol, entry: EligibilityEntry, blood_gas: BloodGas | None
) -> EligibilityResult:
    """The verdict for evidence that passed :func:`check_entry` (else ValidationError)."""
    evidence = EligibilityEvidence(
        assessed_on=entry.assessed_on,
        date_of_birth=entry.date_of_birth,
        respiratory_rate_per_min=_number(entry.respiratory_rate_per_min),
        spo2_percent_at_rest=_number(entry.spo2_at_rest_percent),
        # Rounded as the rule compares it (0.01 mmHg): the same verdict, a readable reason.
        pf_ratio_mmhg=None if blood_gas is None else pf_for_comparison(blood_gas.pf_ratio_mmhg),
        answers=answers_for(protocol, entry),
    )
    return evaluate_eligibility(protocol, evidence)


def find_blood_gas(
    store: Store, participant_id: str, oxygenation_id: str | None
) -> BloodGas | None:
    if oxygenation_id is None:
        return None
    return next((g for g in blood_gases(store, participant_id) if g.id == oxygenation_id), None)
