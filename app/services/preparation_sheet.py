"""UNBLINDED: the pharmacist's preparation sheet filled from a kept preparation.

Where :func:`app.services.reports.preparation_data` prints a sheet for an arm the
pharmacist names (to be filled in by hand), this one prints what was kept: the arm, the
weight used, the dose in cells, the lot and its expiry, the cell count and viability as
typed, the preparation (thaw) time and use-by, and who prepared and who checked the
bag, with when. A pharmacist holding the blinding key only.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from decimal import Decimal

from sqlalchemy import select

from app.clinical.parsing import format_number
from app.errors import InvalidInput
from app.models import User
from app.protocol import Protocol, load_default
from app.reports.data import SignatureMark
from app.reports.preparation import PreparedSheet, render_preparation
from app.sentences import QT_TRANSLATE_NOOP
from app.services.preparation import unblinded_view
from app.services.reports import study_heading
from app.store.store import Store
from app.store.uow import Actor


def _full_names(store: Store, names: list[str]) -> dict[str, str]:
    with store.read() as session:
        rows = session.execute(select(User.name, User.full_name).where(User.name.in_(names)))
        return {row.name: row.full_name for row in rows}


def _cells(dose_cells: str) -> tuple[str, int] | None:
    """Mantissa and power of ten of the dose (``("6.5", 7)``); None for placebo."""
    if not dose_cells:
        return None
    cells = Decimal(dose_cells)
    power = cells.adjusted()
    return format_number(cells.scaleb(-power).quantize(Decimal("0.001"))), power


def preparation_sheet(
    store: Store,
    actor: Actor,
    preparation_id: str,
    protocol: Protocol | None = None,
    *,
    local_tz: tzinfo = UTC,
) -> PreparedSheet:
    """The sheet's data for one kept preparation (refused to anyone blinded)."""
    chosen = protocol or load_default()
    view = unblinded_view(store, actor, preparation_id, chosen)
    arm = next((a for a in chosen.arms if a.code == view.arm), None)
    if arm is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Preparation", "The preparation names an arm this protocol does not have."
            ).said()
        )
    bag = view.shared
    people = [bag.prepared_by, *([bag.checked_by] if bag.checked_by else [])]
    full = _full_names(store, people)

    def who(name: str) -> str:
        return f"{full.get(name, name)} ({name})"

    checked = None
    if bag.checked_by and bag.checked_at:
        checked = SignatureMark(who(bag.checked_by), bag.checked_at,
                                f"second check ({bag.check_kind}), released")  # fmt: skip
    dose = chosen.dose
    return PreparedSheet(
        study=study_heading(chosen),
        study_id=bag.study_id,
        kit_code=bag.kit_code,
        arm_en=arm.name_en,
        arm_zh=arm.name_zh,
        is_placebo=arm.is_placebo,
        weight_kg=bag.weight_kg,
        volume_ml=bag.volume_ml,
        vehicle_en=dose.vehicle_en,
        vehicle_zh=dose.vehicle_zh,
        cells_per_kg=format_number(dose.cells_per_kg),
        total_cells=_cells(view.dose_cells),
        lot=view.lot or None,
        viability_percent=view.viability_percent or None,
        prepared_at=bag.prepared_at,
        use_by=bag.use_by_at,
        prepared_by=SignatureMark(who(bag.prepared_by), bag.prepared_at, "prepared the bag"),
        checked_by=checked,
        printed_by=actor.name,
        local_tz=local_tz,
        dose_number=bag.dose_number,
        lot_expiry=view.lot_expiry or None,
        cell_count=view.cell_count or None,
        released_at=bag.released_at,
    )


def preparation_sheet_pdf(
    store: Store,
    actor: Actor,
    preparation_id: str,
    lang: str = "en",
    *,
    local_tz: tzinfo = UTC,
) -> bytes:
    """The sheet of one kept preparation as PDF bytes, marked UNBLINDED on every page."""
    return render_preparation(
        preparation_sheet(store, actor, preparation_id, local_tz=local_tz), lang
    )
