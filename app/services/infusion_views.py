"""Infusions as the ward sees them: blinded, with each timepoint's target and status.

Nothing here reads a sealed column; the product is named as the protocol's blinded
label and the kit code ("Study product, kit K"), the same for both arms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.models import Infusion, InfusionInterruption, InfusionVitals, Participant, Preparation
from app.protocol import Protocol
from app.protocol.infusion import infusion_rules
from app.services.infusion_check import product_label
from app.services.infusion_timers import (
    OUTSTANDING,
    VITALS_FIELDS,
    RecordedPoint,
    TimepointView,
    next_due,
    timepoint_views,
)


@dataclass(frozen=True)
class InterruptionView:
    id: str
    interrupted_at: datetime
    reason: str
    restarted_at: datetime | None


@dataclass(frozen=True)
class InfusionView:
    """One infusion: who, which kit, its times, and its vital-signs grid at ``now``."""

    id: str
    participant_id: str
    study_id: str
    kit_code: str
    product_en: str
    product_zh: str
    dose_number: int
    preparation_id: str
    product_check_id: str | None
    started_at: datetime
    started_by: str
    stopped_at: datetime | None
    stopped_by: str | None
    status: str
    """``in_progress``, ``completed`` or ``stopped_early``."""
    rate_ml_h: str
    volume_infused_ml: str | None
    line: str
    site: str
    stopped_early_reason: str | None
    transcribed_from_paper: bool
    interruptions: tuple[InterruptionView, ...]
    timepoints: list[TimepointView]
    next_due: TimepointView | None

    @property
    def paused(self) -> bool:
        """Whether an interruption is open (the infusion is not running now)."""
        return any(i.restarted_at is None for i in self.interruptions)

    @property
    def outstanding(self) -> bool:
        """Whether any timepoint still waits to be recorded or skipped."""
        return any(p.status in OUTSTANDING for p in self.timepoints)

    @property
    def overdue(self) -> list[TimepointView]:
        return [p for p in self.timepoints if p.status == "overdue"]


def _recorded(row: InfusionVitals) -> RecordedPoint:
    values = {k: v for k in VITALS_FIELDS if (v := getattr(row, k)) is not None}
    criteria = tuple(row.stop_criteria.splitlines()) if row.stop_criteria else ()
    return RecordedPoint(row.measured_at, values, row.skipped_reason, row.measured_by, criteria)


def build_view(
    protocol: Protocol, row: Infusion, participant: Participant, kit_code: str,
    vitals: Sequence[InfusionVitals], pauses: Sequence[InfusionInterruption], now: datetime,
) -> InfusionView:  # fmt: skip
    """The view of one infusion from its rows (no session needed)."""
    recorded = {v.timepoint_code: _recorded(v) for v in vitals}
    points = timepoint_views(protocol.infusion_vitals, infusion_rules(protocol), row.started_at,
                             row.stopped_at, recorded, now)  # fmt: skip
    en, zh = product_label(protocol, kit_code)
    return InfusionView(
        id=row.id,
        participant_id=row.participant_id,
        study_id=participant.study_id or participant.screening_number,
        kit_code=kit_code,
        product_en=en,
        product_zh=zh,
        dose_number=row.dose_number,
        preparation_id=row.preparation_id,
        product_check_id=row.product_check_id,
        started_at=row.started_at,
        started_by=row.started_by,
        stopped_at=row.stopped_at,
        stopped_by=row.stopped_by,
        status=row.status,
        rate_ml_h=row.rate_ml_h,
        volume_infused_ml=row.volume_infused_ml,
        line=row.line,
        site=row.site,
        stopped_early_reason=row.stopped_early_reason,
        transcribed_from_paper=row.transcribed_from_paper,
        interruptions=tuple(
            InterruptionView(p.id, p.interrupted_at, p.reason, p.restarted_at)
            for p in sorted(pauses, key=lambda p: p.interrupted_at)
        ),
        timepoints=points,
        next_due=next_due(points),
    )


def load_views(
    session: Session, protocol: Protocol, query: Select[Any], now: datetime
) -> list[InfusionView]:
    """The views of the infusions ``query`` selects, each in three queries in all."""
    rows: list[Infusion] = list(session.scalars(query.order_by(Infusion.started_at)).all())
    if not rows:
        return []
    ids = [r.id for r in rows]
    vitals: dict[str, list[InfusionVitals]] = {}
    for v in session.scalars(select(InfusionVitals).where(InfusionVitals.infusion_id.in_(ids))):
        vitals.setdefault(v.infusion_id, []).append(v)
    pauses: dict[str, list[InfusionInterruption]] = {}
    for p in session.scalars(
        select(InfusionInterruption).where(InfusionInterruption.infusion_id.in_(ids))
    ):
        pauses.setdefault(p.infusion_id, []).append(p)
    people = {
        p.id: p
        for p in session.scalars(
            select(Participant).where(Participant.id.in_({r.participant_id for r in rows}))
        )
    }
    kit_rows = session.execute(
        select(Preparation.id, Preparation.kit_code).where(
            Preparation.id.in_({r.preparation_id for r in rows})
        )
    )
    kits: dict[str, str] = {prep_id: kit for prep_id, kit in kit_rows}  # noqa: C416
    return [
        build_view(
            protocol,
            r,
            people[r.participant_id],
            kits.get(r.preparation_id, ""),
            vitals.get(r.id, []),
            pauses.get(r.id, []),
            now,
        )
        for r in rows
    ]


def infusion_view(
    session: Session, protocol: Protocol, row: Infusion, now: datetime
) -> InfusionView:
    """The view of one infusion."""
    return load_views(session, protocol, select(Infusion).where(Infusion.id == row.id), now)[0]
