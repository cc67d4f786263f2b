"""The pharmacist's preparation sheet: the only printout that names the arm.

The arm is handed in by the caller (an unblinded person's choice); this module never
reads one. Every page carries the UNBLINDED marker and the pharmacy-only warning.

A sheet for a preparation already kept (:class:`PreparedSheet`, filled by
:mod:`app.services.preparation_sheet`) also prints the dose number, the lot's expiry,
the bag's cell count as typed and when the bag was released.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.reports.data import PreparationData
from app.reports.i18n import pick, word
from app.reports.layout import (
    FRAME_WIDTH,
    UNBLINDED_RED,
    Barcode,
    banner,
    grid,
    local_time,
    render,
    styles,
    text,
)
from app.reports.worksheet import signature_rows

# Labels of the rows only a kept preparation has (English, Simplified Chinese).
KEPT_WORDS = {
    "dose_number": ("Dose", "剂次"),
    "lot_expiry": ("Lot expiry", "批号有效期"),
    "cell_count": ("Cell count in the bag", "袋内细胞数"),
    "released_at": ("Released", "放行时间"),
}


@dataclass(frozen=True)
class PreparedSheet(PreparationData):
    """UNBLINDED: the sheet of a kept preparation: the values as typed and when released."""

    dose_number: int | None = None
    lot_expiry: str | None = None
    cell_count: str | None = None
    released_at: datetime | None = None


def _kept_word(key: str, lang: str) -> str:
    en, zh = KEPT_WORDS[key]
    return pick(lang, en, zh)


def render_preparation(data: PreparationData, lang: str = "en") -> bytes:
    """The preparation sheet as PDF bytes, marked UNBLINDED on every page."""
    st = styles(lang)
    name = word("preparation", lang)
    font = st["body"].fontName
    story: list[Flowable] = [
        Paragraph(text(name), st["title"]),
        banner(word("unblinded_note", lang), st["banner"], UNBLINDED_RED),
        Spacer(1, 3 * mm),
    ]
    for key, value in (("study_id", data.study_id), ("kit_code", data.kit_code)):
        if value:
            story += [Barcode(value, word(key, lang), font), Spacer(1, 3 * mm)]
    cells = "—"
    if data.total_cells is not None:
        mantissa, power = data.total_cells
        cells = f"{text(mantissa)} × 10<super>{power}</super>"

    def row(key: str, value: str | None, markup: bool = False) -> list[Paragraph]:
        shown = value if markup else text(value)
        label = _kept_word(key, lang) if key in KEPT_WORDS else word(key, lang)
        return [Paragraph(text(label), st["cell"]), Paragraph(shown or "", st["cell"])]

    kept = data if isinstance(data, PreparedSheet) else None
    facts = [
        *([row("dose_number", str(kept.dose_number or ""))] if kept else []),
        row("arm", pick(lang, data.arm_en, data.arm_zh)),
        row("weight_kg", data.weight_kg),
        row("cell_rule", f"{data.cells_per_kg} / kg"),
        row("cells", cells, markup=True),
        row("volume_ml", data.volume_ml),
        row("vehicle", pick(lang, data.vehicle_en, data.vehicle_zh)),
        row("lot", data.lot),
        *([row("lot_expiry", kept.lot_expiry), row("cell_count", kept.cell_count)] if kept else []),
        row("viability", None if data.viability_percent is None else f"{data.viability_percent} %"),
        row("prepared_at", local_time(data.prepared_at, data.local_tz)),
        row("use_by", local_time(data.use_by, data.local_tz)),
        *([row("released_at", local_time(kept.released_at, data.local_tz))] if kept else []),
    ]
    story.append(grid(facts, [45 * mm, FRAME_WIDTH - 45 * mm], header=False, row_height=7 * mm))
    story += signature_rows(
        [("prepared_by", data.prepared_by), ("checked_by", data.checked_by)], lang
    )
    return render(
        story,
        lang=lang,
        study=data.study,
        printout=name,
        marker=word("unblinded", lang),
        subject=f"{word('study_id', lang)} {data.study_id or '________'}",
        printed_at=data.printed_at,
        printed_by=data.printed_by,
        unblinded=True,
    )
