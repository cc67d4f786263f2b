"""The infusion's part of the printouts: what the worksheet and the casebook show of the
preparation, the product check, the infusion and its timed vital signs.

Blinded: only the preparation's columns in clear are read (kit, volume, times, who),
never ``content_sealed``; both arms fill exactly the same fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    CheckResult,
    Infusion,
    InfusionInterruption,
    InfusionVitals,
    Participant,
    Preparation,
    PreparationStatus,
    ProductCheck,
    User,
)
from app.protocol import Protocol
from app.protocol.infusion import infusion_rules
from app.reports.data import CaseRecord, CaseSection, CheckDone, InfusionFacts, Timepoint
from app.services.infusion_timers import VITALS_FIELDS, schedule_for

# The casebook's allow-lists: a column added later never reaches paper unless named here.
PREPARATION_FIELDS = ("kit_code", "dose_number", "weight_kg", "volume_ml", "prepared_at",
                      "use_by_at", "prepared_by", "checked_by", "checked_at", "released_at",
                      "status")  # fmt: skip
CHECK_FIELDS = ("checked_at", "wristband_text", "label_text", "result", "reason", "checked_by")
INFUSION_FIELDS = ("dose_number", "started_at", "started_by", "rate_ml_h", "line", "site",
                   "stopped_at", "stopped_by", "volume_infused_ml", "status",
                   "stopped_early_reason", "transcribed_from_paper")  # fmt: skip
PAUSE_FIELDS = ("interrupted_at", "reason", "restarted_at")
VITALS_PRINTED = ("timepoint_code", "target_at", "measured_at", *VITALS_FIELDS,
                  "skipped_reason", "stop_criteria", "measured_by")  # fmt: skip
# The checks a passed electronic product check covers; the pack and the prescription
# are still checked by eye and ticked by hand.
SCANNED_CHECKS = ("wristband", "kit_label", "released", "expiry")

Record = Callable[[Any, str, Sequence[str]], CaseRecord]


def full_name(session: Session, user_name: str | None) -> str | None:
    """``Full Name (user)`` of a user name, as signature lines print people."""
    if not user_name:
        return None
    found = session.scalars(select(User.full_name).where(User.name == user_name)).first()
    return f"{found} ({user_name})" if found else user_name


def preparation_for(session: Session, participant_id: str, dose: int | None) -> Preparation | None:
    """The dose's preparation to print: the one given, else released, else prepared."""
    query = select(Preparation).where(Preparation.participant_id == participant_id)
    if dose is not None:
        query = query.where(Preparation.dose_number == dose)
    rows = session.scalars(query.order_by(Preparation.prepared_at.desc())).all()
    given = set(
        session.scalars(
            select(Infusion.preparation_id).where(Infusion.participant_id == participant_id)
        )
    )
    for wanted in (lambda p: p.id in given, lambda p: p.status == PreparationStatus.RELEASED,
                   lambda p: p.status == PreparationStatus.PREPARED):  # fmt: skip
        found = next((p for p in rows if wanted(p)), None)
        if found is not None:
            return found
    return None


def _check(session: Session, prep: Preparation, infusion: Infusion | None) -> ProductCheck | None:
    if infusion is not None and infusion.product_check_id is not None:
        return session.get(ProductCheck, infusion.product_check_id)
    return session.scalars(
        select(ProductCheck)
        .where(ProductCheck.preparation_id == prep.id, ProductCheck.result == CheckResult.OK)
        .order_by(ProductCheck.checked_at.desc())
    ).first()


def _timepoints(
    session: Session, protocol: Protocol, infusion: Infusion, now: datetime
) -> tuple[Timepoint, ...]:
    saved = {
        v.timepoint_code: v
        for v in session.scalars(
            select(InfusionVitals).where(InfusionVitals.infusion_id == infusion.id)
        )
    }
    points = schedule_for(protocol.infusion_vitals, infusion_rules(protocol), infusion.started_at,
                          infusion.stopped_at, now, list(saved))  # fmt: skip
    out = []
    for t in points:
        row = saved.get(t.code)
        values: tuple[tuple[str, str], ...] = ()
        if row is not None:
            values = tuple(
                (field, value)
                for column, field in VITALS_FIELDS.items()
                if (value := getattr(row, column)) is not None
            )
        out.append(
            Timepoint(
                t.code, t.label_en, t.label_zh, t.anchor.value, t.offset_minutes,
                t.due_at(infusion.started_at, infusion.stopped_at),
                measured_at=None if row is None else row.measured_at,
                values=values,
                by=None if row is None else row.measured_by,
                skipped_reason=None if row is None else row.skipped_reason,
            )
        )  # fmt: skip
    return tuple(out)


def _facts(session: Session, infusion: Infusion) -> InfusionFacts:
    pauses = session.scalars(
        select(InfusionInterruption)
        .where(InfusionInterruption.infusion_id == infusion.id)
        .order_by(InfusionInterruption.interrupted_at)
    ).all()
    return InfusionFacts(
        rate_ml_h=infusion.rate_ml_h,
        line=infusion.line,
        site=infusion.site,
        volume_infused_ml=infusion.volume_infused_ml,
        interruptions=tuple((p.interrupted_at, p.restarted_at, p.reason) for p in pauses),
        stopped_early_reason=infusion.stopped_early_reason,
        transcribed_from_paper=infusion.transcribed_from_paper,
    )


def worksheet_parts(
    session: Session, protocol: Protocol, participant: Participant, dose: int | None,
    now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """The worksheet's fields the store holds for this dose (WorksheetData keywords)."""
    prep = preparation_for(session, participant.id, dose)
    if prep is None:
        return {}
    infusion = session.scalars(select(Infusion).where(Infusion.preparation_id == prep.id)).first()
    check = _check(session, prep, infusion)
    parts: dict[str, Any] = {
        "dose_number": prep.dose_number,
        "weight_kg": prep.weight_kg,
        "volume_ml": prep.volume_ml,
        "prepared_at": prep.prepared_at,
        "use_by": prep.use_by_at,
        "prepared_by_name": full_name(session, prep.prepared_by),
        "checked_by_name": full_name(session, prep.checked_by),
    }
    if check is not None:
        parts["checks"] = tuple(
            CheckDone(key, check.checked_at, check.checked_by) for key in SCANNED_CHECKS
        )
    if infusion is not None:
        parts.update(
            started_at=infusion.started_at,
            ended_at=infusion.stopped_at,
            timepoints=_timepoints(session, protocol, infusion, now),
            given_by_name=full_name(session, infusion.started_by),
            infusion=_facts(session, infusion),
        )
    return parts


def _rows(session: Session, model: Any, *where: Any, order: Any) -> list[Any]:
    return list(session.scalars(select(model).where(*where).order_by(order, model.id)).all())


def casebook_sections(
    session: Session, participant_id: str, record: Record, printed: dict[str, tuple[str, ...]]
) -> list[CaseSection]:
    """The preparation's clear columns, product checks, infusions, their pauses and vitals.

    ``record(row, order_field, names)`` prints one row; every printed row's fields go into
    ``printed`` (what the audit trail may show).
    """
    infusions = _rows(session, Infusion, Infusion.participant_id == participant_id,
                      order=Infusion.started_at)  # fmt: skip
    ids = [i.id for i in infusions]
    groups: list[tuple[str, str, list[Any], str, tuple[str, ...]]] = [
        ("Preparation (blinded)", "制备（盲态）",
         _rows(session, Preparation, Preparation.participant_id == participant_id,
               order=Preparation.prepared_at), "prepared_at", PREPARATION_FIELDS),
        ("Product checks", "研究用品核对",
         _rows(session, ProductCheck, ProductCheck.participant_id == participant_id,
               order=ProductCheck.checked_at), "checked_at", CHECK_FIELDS),
        ("Infusions", "输注", infusions, "started_at", INFUSION_FIELDS),
        ("Infusion interruptions", "输注中断",
         _rows(session, InfusionInterruption, InfusionInterruption.infusion_id.in_(ids),
               order=InfusionInterruption.interrupted_at), "interrupted_at", PAUSE_FIELDS),
        ("Infusion vital signs", "输注生命体征",
         _rows(session, InfusionVitals, InfusionVitals.infusion_id.in_(ids),
               order=InfusionVitals.target_at), "target_at", VITALS_PRINTED),
    ]  # fmt: skip
    sections = []
    for title_en, title_zh, rows, order, names in groups:
        for row in rows:
            printed[row.id] = names
        sections.append(
            CaseSection(title_en, title_zh, tuple(record(r, order, names) for r in rows))
        )
    return sections
