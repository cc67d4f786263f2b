"""Oxygenation: SpO₂ with its oxygen context, and a blood gas paired with its FiO₂.

:func:`assess_oxygenation` (:mod:`app.services.oxygenation_check`) is the form's whole
check and computes the FiO₂, the PaO₂ in mmHg, the P/F ratio and the S/F estimate.
:func:`record_oxygenation` saves one :class:`~app.models.Oxygenation` row: typed
numbers as typed, computed ones as exact decimal text. :func:`blood_gases` offers the
saved blood gases to the eligibility checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.clinical.errors import Severity
from app.clinical.fio2 import device_word
from app.clinical.parsing import format_number, parse_decimal
from app.clinical.units import PressureUnit
from app.errors import InvalidInput, NotPermitted
from app.models import Oxygenation, Participant
from app.protocol import Protocol
from app.protocol.model import OxygenDevice
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility_review import review_evidence
from app.services.oxygenation_check import (
    BAND_WORDS,
    FUTURE_SLACK,
    MAX_DECIMAL_TEXT,
    MAX_TEXT,
    FiO2Mode,
    OxygenationAssessment,
    OxygenationEntry,
    assess_oxygenation,
    decimal_text,
    fio2_convention,
    typed_text,
)
from app.store.store import Store
from app.store.uow import Actor

__all__ = [
    "BAND_WORDS",
    "FUTURE_SLACK",
    "MAX_DECIMAL_TEXT",
    "MAX_TEXT",
    "BloodGas",
    "FiO2Mode",
    "OxygenationAssessment",
    "OxygenationEntry",
    "assess_oxygenation",
    "blood_gases",
    "decimal_text",
    "fio2_convention",
    "load_oxygenation",
    "record_oxygenation",
]

_GAS = QT_TRANSLATE_NOOP("Oxygenation", "{pao2} on FiO₂ {fio2} ({source}, {device}{flow})")


def _can_enter(actor: Actor) -> None:
    if not actor.can(Permission.ENTER_DATA):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Oxygenation", "Your role ({role}) cannot enter study data.").format(
                role=actor.role.value
            )
        )


def record_oxygenation(
    store: Store,
    actor: Actor,
    protocol: Protocol,
    participant_id: str,
    entry: OxygenationEntry,
    *,
    record_id: str | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> str:
    """Save (or, with ``record_id``, correct) one oxygenation record; returns its id.

    Hard messages refuse it with the first one's sentence; soft ones were confirmed by
    the person on the form.
    """
    _can_enter(actor)
    found = assess_oxygenation(protocol, entry, now=now)
    if found.refused:
        raise InvalidInput(next(m.text for m in found.messages if m.severity is Severity.HARD))
    assert entry.measured_at is not None
    with store.transaction(actor, reason=reason) as session:
        if session.get(Participant, participant_id) is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Oxygenation", "There is no participant {participant}.").format(
                    participant=participant_id
                )
            )
        if record_id is None:
            row = Oxygenation(participant_id=participant_id)
            session.add(row)
        else:
            existing = session.get(Oxygenation, record_id)
            if existing is None or existing.participant_id != participant_id:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP(
                        "Oxygenation", "That oxygenation record is not this participant's."
                    ).said()
                )
            row = existing
        _fill(row, entry, found)
        session.flush()
        if record_id is not None:
            # A signed checklist that used this blood gas's P/F goes back for review.
            review_evidence(session, participant_id)
        return row.id


def _fill(row: Oxygenation, entry: OxygenationEntry, found: OxygenationAssessment) -> None:
    assert entry.measured_at is not None
    fio2, pao2, pf, sf = found.fio2, found.pao2, found.pf, found.sf
    row.visit_code = typed_text(entry.visit_code) or None
    row.measured_at = entry.measured_at
    row.spo2_percent = typed_text(entry.spo2_percent) or None
    row.at_rest = entry.at_rest if row.spo2_percent else None
    row.o2_device = entry.o2_device
    row.o2_flow_l_min = typed_text(entry.o2_flow_l_min) or None
    estimated = fio2 is not None and fio2.is_estimate
    row.fio2_entered = None if fio2 is None or estimated else typed_text(entry.fio2_entered)
    row.fio2_fraction = None if fio2 is None else decimal_text(fio2.fio2_fraction)
    row.fio2_source = (
        None if fio2 is None else FiO2Mode.ESTIMATED.value if estimated else entry.fio2_mode
    )
    row.fio2_at = entry.fio2_at if pao2 is not None else None
    row.pao2_entered = None if pao2 is None else pao2.entered
    row.pao2_unit = None if pao2 is None else pao2.unit.value
    row.pao2_mmhg = None if pao2 is None else decimal_text(pao2.mmhg)
    row.pf_ratio_mmhg = None if pf is None else decimal_text(pf.pf_ratio_mmhg)
    row.pf_band = None if pf is None else pf.band.value
    row.sf_ratio_estimate = None if sf is None else decimal_text(sf.sf_ratio)
    row.note = typed_text(entry.note) or None


def load_oxygenation(store: Store, record_id: str) -> tuple[str, OxygenationEntry]:
    """A saved record as the form shows it: (participant id, entry)."""
    with store.read() as session:
        row = session.get(Oxygenation, record_id)
        if row is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Oxygenation", "There is no oxygenation record {record}.").format(
                    record=record_id
                )
            )
        mode = row.fio2_source
        return row.participant_id, OxygenationEntry(
            measured_at=row.measured_at,
            o2_device=row.o2_device,
            o2_flow_l_min=row.o2_flow_l_min,
            spo2_percent=row.spo2_percent,
            at_rest=row.at_rest,
            pao2_entered=row.pao2_entered,
            pao2_unit=row.pao2_unit or PressureUnit.MMHG.value,
            fio2_mode=mode,
            fio2_entered=row.fio2_entered,
            fio2_at=row.fio2_at,
            visit_code=row.visit_code,
            note=row.note,
        )


@dataclass(frozen=True)
class BloodGas:
    """A saved blood gas with its P/F, as the eligibility checklist offers it."""

    id: str
    measured_at: datetime
    pao2_entered: str
    pao2_unit: str
    pao2_mmhg: Decimal
    fio2_fraction: Decimal
    fio2_source: str
    fio2_at: datetime | None
    o2_device: str
    o2_flow_l_min: str | None
    pf_ratio_mmhg: Decimal
    pf_band: str | None

    @property
    def context(self) -> str:
        """``PaO₂ 8 kPa (60.0 mmHg) on FiO₂ 0.40 (set, high-flow nasal cannula, 40 L/min)``."""
        pao2 = f"PaO₂ {self.pao2_entered} {self.pao2_unit}"
        if self.pao2_unit != PressureUnit.MMHG.value:
            pao2 += f" ({self.pao2_mmhg:.1f} mmHg)"
        device = device_word(OxygenDevice(self.o2_device))
        flow = f", {self.o2_flow_l_min} L/min" if self.o2_flow_l_min else ""
        fio2 = format_number(self.fio2_fraction)
        return _GAS.format(pao2=pao2, fio2=fio2, source=self.fio2_source, device=device, flow=flow)


def blood_gases(store: Store, participant_id: str) -> list[BloodGas]:
    """The participant's blood gases that have a P/F ratio, newest first."""
    with store.read() as session:
        rows = session.scalars(
            select(Oxygenation)
            .where(
                Oxygenation.participant_id == participant_id,
                Oxygenation.pf_ratio_mmhg.is_not(None),
            )
            .order_by(Oxygenation.measured_at.desc())
        ).all()
    return [
        BloodGas(
            r.id,
            r.measured_at,
            r.pao2_entered or "",
            r.pao2_unit or "",
            parse_decimal(r.pao2_mmhg, "pao2_mmhg"),
            parse_decimal(r.fio2_fraction, "fio2_fraction"),
            r.fio2_source or "",
            r.fio2_at,
            r.o2_device,
            r.o2_flow_l_min,
            parse_decimal(r.pf_ratio_mmhg, "pf_ratio_mmhg"),
            r.pf_band,
        )
        for r in rows
    ]
