"""The infusion worksheet (blinded) and its blank downtime version.

Both arms print the same sheet: the product is "study product, kit K", the volume is
the bag's, and nothing on it differs between arms except the codes and the times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.reports.data import SignatureMark, Timepoint, WorksheetData
from app.reports.i18n import CHECKS, pick, word
from app.reports.layout import (
    FRAME_WIDTH,
    Barcode,
    banner,
    grid,
    local_time,
    manifestation,
    plain_style,
    render,
    styles,
    text,
)

BOX = "□"
# The infusion record's words (kept here until they join app.reports.i18n).
_INFUSION_WORDS: dict[str, tuple[str, str]] = {
    "rate_ml_h": ("Rate (mL/h)", "速度 (mL/h)"),
    "line_site": ("Line and site", "通路及部位"),
    "volume_infused_ml": ("Volume infused (mL)", "实际输注量 (mL)"),
    "interruptions": ("Interruptions", "中断"),
    "stopped_early": ("Stopped early because", "提前停止原因"),
    "skipped": ("Not taken: {reason}", "未测量：{reason}"),
    "transcribed": (
        "Transcribed from a paper worksheet: the paper sheet is the source document.",
        "由纸质记录单转录：纸质记录单为源文件。",
    ),
}


def iword(key: str, lang: str) -> str:
    en, zh = _INFUSION_WORDS[key]
    return zh if lang == "zh_CN" else en


def clock(moment: datetime | None, tz: tzinfo) -> str:
    """``HH:MM`` on the ward's clock, or nothing (a box to write in)."""
    return "" if moment is None else moment.astimezone(tz).strftime("%H:%M")


def product_line(data: WorksheetData, lang: str) -> str:
    """ "Study product, kit K…": what the bag is called on a blinded printout."""
    product = pick(lang, data.study.product_en, data.study.product_zh)
    if data.kit_code is None:
        return product
    if lang == "zh_CN":
        return f"{product}，药盒 {data.kit_code}"
    return f"{product}, kit {data.kit_code}"


def offset_text(point: Timepoint, lang: str) -> str:
    if point.anchor == "before_start":
        return word("before_start", lang)
    if point.anchor == "end" and point.offset_minutes == 0:
        return word("at_end", lang)
    if point.anchor == "end" and point.offset_minutes % 60 == 0:
        return word("end_plus_h", lang).format(h=point.offset_minutes // 60)
    key = "start_plus" if point.anchor == "start" else "end_plus"
    return word(key, lang).format(m=point.offset_minutes)


def _identity(data: WorksheetData, lang: str) -> list[Flowable]:
    st = styles(lang)
    font = st["body"].fontName
    codes: list[Flowable] = []
    for key, value in (("study_id", data.study_id), ("kit_code", data.kit_code)):
        label = word(key, lang)
        if value:
            codes.append(Barcode(value, label, font))
        else:
            codes.append(Paragraph(f"{text(label)}: ______________________", st["code"]))
        codes.append(Spacer(1, 4 * mm))

    def row(key: str, value: str | None) -> list[Paragraph]:
        return [Paragraph(text(word(key, lang)), st["cell"]), Paragraph(text(value), st["cell"])]

    product = product_line(data, lang) if not data.downtime or data.kit_code else ""
    vehicle = pick(lang, data.vehicle_en, data.vehicle_zh)
    facts = [
        row("initials", data.initials),
        [Paragraph(text(word("product", lang)), st["cell"]), Paragraph(text(product), st["cell"])],
        row("dose_number", None if data.dose_number is None else str(data.dose_number)),
        row("weight_kg", data.weight_kg),
        row("volume_ml", data.volume_ml),
        row("vehicle", vehicle),
        row("prepared_at", local_time(data.prepared_at, data.local_tz)),
        row("use_by", local_time(data.use_by, data.local_tz)),
        row("started_at", local_time(data.started_at, data.local_tz)),
        row("ended_at", local_time(data.ended_at, data.local_tz)),
    ]
    right = grid(facts, [30 * mm, 62 * mm], header=False, row_height=6.4 * mm)
    left_width = FRAME_WIDTH - 92 * mm
    codes += _infusion(data, lang, left_width - 4 * mm)
    outer = Table([[codes, right]], colWidths=[left_width, 92 * mm])
    outer.setStyle(
        plain_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [outer]


def _infusion(data: WorksheetData, lang: str, width: float) -> list[Flowable]:
    """Rate, line and site, volume infused, pauses, early stop: boxes until recorded."""
    st = styles(lang)
    facts = data.infusion
    pauses = ""
    if facts is not None:
        pauses = "; ".join(
            f"{clock(at, data.local_tz)} {reason} → {clock(back, data.local_tz) or '…'}"
            for at, back, reason in facts.interruptions
        )
    line_site = "" if facts is None else f"{facts.line}, {facts.site}"
    values = (
        ("rate_ml_h", None if facts is None else facts.rate_ml_h),
        ("line_site", line_site),
        ("volume_infused_ml", None if facts is None else facts.volume_infused_ml),
        ("interruptions", pauses),
        ("stopped_early", None if facts is None else facts.stopped_early_reason),
    )
    cells: list[list[object]] = [
        [Paragraph(text(iword(k, lang)), st["cell"]), Paragraph(text(v), st["cell"])]
        for k, v in values
    ]
    return [grid(cells, [34 * mm, width - 34 * mm], header=False, row_height=None)]


def _checks(data: WorksheetData, lang: str) -> list[Flowable]:
    st = styles(lang)
    done = {c.key: c for c in data.checks}
    rows: list[list[object]] = [
        [Paragraph(text(word(k, lang)), st["cell"]) for k in ("check", "done", "time", "by")]
    ]
    for key, (en, zh) in CHECKS.items():
        item = done.get(key)
        when = local_time(item.done_at, data.local_tz) if item and item.done_at else ""
        rows.append(
            [
                Paragraph(text(pick(lang, en, zh)), st["cell"]),
                Paragraph("✓" if item and item.done_at else BOX, st["box"]),
                Paragraph(text(when), st["cell"]),
                Paragraph(text(item.by if item else None), st["cell"]),
            ]
        )
    return [
        Paragraph(text(word("checks", lang)), st["h2"]),
        grid(rows, [FRAME_WIDTH - 86 * mm, 14 * mm, 44 * mm, 28 * mm], row_height=6.4 * mm),
    ]


def _vitals(data: WorksheetData, lang: str) -> list[Flowable]:
    st = styles(lang)
    head = [
        Paragraph(text(word("timepoint", lang)), st["cell"]),
        Paragraph(text(word("target", lang)), st["cell"]),
        Paragraph(text(word("actual", lang)), st["cell"]),
    ]
    for m in data.measurements:
        label = pick(lang, m.label_en, m.label_zh)
        head.append(Paragraph(f"{text(label)}<br/>({text(m.unit)})", st["head"]))
    head.append(Paragraph(text(word("by", lang)), st["head"]))
    rows: list[list[object]] = [head]
    spans: list[tuple[Any, ...]] = []
    for index, point in enumerate(data.timepoints, start=1):
        target = offset_text(point, lang)
        if point.target_at is not None:
            target = f"{local_time(point.target_at, data.local_tz)}"
        values: Mapping[str, str] = dict(point.values)
        cells: list[object] = [
            Paragraph(text(values.get(m.field)), st["cell"]) for m in data.measurements
        ]
        if point.skipped_reason and data.measurements:
            note = iword("skipped", lang).format(reason=point.skipped_reason)
            cells = [Paragraph(text(note), st["small"]), *([""] * (len(cells) - 1))]
            spans.append(("SPAN", (3, index), (2 + len(cells), index)))
        rows.append(
            [
                Paragraph(text(pick(lang, point.label_en, point.label_zh)), st["cell"]),
                Paragraph(text(target), st["small"]),
                Paragraph(text(clock(point.measured_at, data.local_tz)), st["cell"]),
                *cells,
                Paragraph(text(point.by), st["small"]),
            ]
        )
    fixed = [31 * mm, 21 * mm, 15 * mm]
    initials = 14 * mm
    rest = (FRAME_WIDTH - sum(fixed) - initials) / max(1, len(data.measurements))
    widths = [*fixed, *([rest] * len(data.measurements)), initials]
    return [
        Paragraph(text(word("vitals", lang)), st["h2"]),
        grid(rows, widths, row_height=None, extra=spans),
    ]


def signature_rows(
    lines: list[tuple[str, SignatureMark | None]], lang: str,
    names: Mapping[str, str | None] | None = None,
) -> list[Flowable]:  # fmt: skip
    """Prepared-by / checked-by / given-by lines, or the e-signature once signed; a
    person the store names (``names``, by line key) is printed on the line to sign."""
    st = styles(lang)
    rows: list[list[object]] = [
        [
            Paragraph("", st["cell"]),
            Paragraph(text(word("name", lang)), st["cell"]),
            Paragraph(text(word("signature", lang)), st["cell"]),
            Paragraph(text(word("date_time", lang)), st["cell"]),
        ]
    ]
    spans: list[tuple[Any, ...]] = []
    for index, (key, mark) in enumerate(lines, start=1):
        label = Paragraph(text(word(key, lang)), st["cell"])
        if mark is None:
            who = (names or {}).get(key)
            rows.append([label, Paragraph(text(who), st["cell"]), "", ""])
            continue
        style = st["stamp"] if mark.void else st["cell"]
        rows.append([label, Paragraph(text(manifestation(mark, lang)), style), "", ""])
        spans.append(("SPAN", (1, index), (3, index)))
    return [
        Paragraph(text(word("signatures", lang)), st["h2"]),
        grid(
            rows,
            [28 * mm, 52 * mm, FRAME_WIDTH - 124 * mm, 44 * mm],
            row_height=[None, *([9 * mm] * len(lines))],
            extra=spans,
        ),
    ]


def render_worksheet(data: WorksheetData, lang: str = "en") -> bytes:
    """The worksheet as PDF bytes, in ``lang`` (``en`` or ``zh_CN``)."""
    st = styles(lang)
    name = word("downtime" if data.downtime else "worksheet", lang)
    story: list[Flowable] = [Paragraph(text(name), st["title"])]
    if data.downtime:
        story += [banner(word("downtime_note", lang), st["banner"]), Spacer(1, 3 * mm)]
    if data.infusion is not None and data.infusion.transcribed_from_paper:
        story += [banner(iword("transcribed", lang), st["banner"]), Spacer(1, 3 * mm)]
    story += _identity(data, lang)
    story += _checks(data, lang)
    story += _vitals(data, lang)
    story += signature_rows(
        [
            ("prepared_by", data.prepared_by),
            ("checked_by", data.checked_by),
            ("given_by", data.given_by),
        ],
        lang,
        {
            "prepared_by": data.prepared_by_name,
            "checked_by": data.checked_by_name,
            "given_by": data.given_by_name,
        },
    )
    subject = f"{word('study_id', lang)} {data.study_id or '________'}"
    return render(
        story,
        lang=lang,
        study=data.study,
        printout=name,
        marker=word("blinded", lang),
        subject=subject,
        printed_at=data.printed_at,
        printed_by=data.printed_by,
    )
