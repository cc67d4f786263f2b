"""What every printout shares: the page, its header and footer, styles, barcodes, boxes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.reports.data import SignatureMark, StudyHeading
from app.reports.fonts import register_fonts
from app.reports.i18n import pick, word

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 14 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.92, 0.92, 0.92)
UNBLINDED_RED = colors.Color(0.75, 0.05, 0.05)
# 0.33 mm modules: at 200 dpi each bar is 2-3 pixels, which a phone or wedge scanner reads.
BAR_MODULE = 0.33 * mm


def text(value: object) -> str:
    """``value`` escaped for a Paragraph (``None`` prints as nothing)."""
    return "" if value is None else escape(str(value)).replace("\n", "<br/>")


def styles(lang: str) -> dict[str, ParagraphStyle]:
    font = register_fonts()
    wrap = "CJK" if lang == "zh_CN" else None
    base = ParagraphStyle("body", fontName=font, fontSize=9, leading=11.5, wordWrap=wrap)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "head": ParagraphStyle("head", parent=base, fontSize=7, leading=8.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=20, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=11.5, leading=15, spaceBefore=7, spaceAfter=3
        ),
        "code": ParagraphStyle("code", parent=base, fontSize=13, leading=16),
        "banner": ParagraphStyle(
            "banner", parent=base, fontSize=9.5, leading=12.5, textColor=colors.white
        ),
        "stamp": ParagraphStyle(
            "stamp", parent=base, fontSize=10, leading=13, textColor=UNBLINDED_RED
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "box": ParagraphStyle("box", parent=base, fontSize=14, leading=15, alignment=TA_CENTER),
    }


def local_time(moment: datetime | None, tz: tzinfo) -> str:
    """A wall-clock time with its zone, or nothing (a box to write in)."""
    if moment is None:
        return ""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z").strip()


def utc_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def manifestation(mark: SignatureMark, lang: str) -> str:
    """What the signature says on paper: name, UTC time, meaning, and VOID when voided."""
    line = (
        f"{word('signed_by', lang)}: {mark.printed_name} · {utc_time(mark.signed_at)} · "
        f"{word('meaning', lang)}: {mark.meaning}"
    )
    if mark.void:
        line += f" · {word('void', lang)} ({word('void_note', lang)})"
    return line


class Barcode(Flowable):  # type: ignore[misc]
    """A Code 128 barcode with its text below, in the printout's font."""

    def __init__(self, value: str, label: str, font: str, bar_height: float = 11 * mm) -> None:
        super().__init__()
        self.value = value
        self.label = label
        self.font = font
        self.code = Code128(value, barWidth=BAR_MODULE, barHeight=bar_height, quiet=True)
        self.width = max(self.code.width, 40 * mm)
        self.height = bar_height + 12

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        self.code.drawOn(canvas, 0, 12)
        canvas.setFont(self.font, 10)
        canvas.drawString(self.code.lquiet, 1, f"{self.label}: {self.value}")


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    row_height: float | Sequence[float | None] | None = None,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table; the first row shaded as the header."""
    heights = list(row_height) if isinstance(row_height, Sequence) else row_height
    table = Table(
        list(rows), colWidths=list(widths), rowHeights=heights, repeatRows=1 if header else 0
    )
    commands: list[tuple[Any, ...]] = [
        # Plain-string cells (the empty boxes) would otherwise be set in Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle([*commands, *extra]))
    return table


def plain_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle in the printout's font (Table's default is unembedded Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), *commands])


def banner(sentence: str, style: ParagraphStyle, colour: Any = colors.black) -> Table:
    """A full-width dark band with a sentence in white (downtime, unblinded)."""
    table = Table([[Paragraph(text(sentence), style)]], colWidths=[FRAME_WIDTH])
    table.setStyle(
        plain_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def render(
    story: list[Flowable],
    *,
    lang: str,
    study: StudyHeading,
    printout: str,
    marker: str,
    subject: str,
    printed_at: datetime,
    printed_by: str | None,
    unblinded: bool = False,
) -> bytes:
    """The PDF of ``story`` with the header and footer on every page."""
    font = register_fonts()
    title = pick(lang, study.title_en, study.title_zh)
    printed = f"{word('printed', lang)} {utc_time(printed_at)}"
    if printed_by:
        printed += f" · {printed_by}"

    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 9 * mm
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.black)
        canvas.drawString(MARGIN, top, f"{study.nct_id} · {printout}")
        canvas.drawString(MARGIN, top - 10, title[:110])
        colour = UNBLINDED_RED if unblinded else colors.black
        canvas.setFillColor(colour)
        canvas.setFont(font, 11)
        width = canvas.stringWidth(marker, font, 11) + 10
        canvas.rect(PAGE_WIDTH - MARGIN - width, top - 4, width, 16, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.drawString(PAGE_WIDTH - MARGIN - width + 5, top, marker)
        canvas.setFillColor(colors.black)
        canvas.setFont(font, 7.5)
        canvas.drawString(MARGIN, 8 * mm, f"{subject} · {printed}")
        page = word("page", lang).format(n=doc.page)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 8 * mm, page)
        canvas.restoreState()

    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=14 * mm,
        title=f"{printout} {subject}",
        author="Bedside",
        creator="Bedside",
        lang="zh-CN" if lang == "zh_CN" else "en",
        invariant=True,
        # Else every page opens in Helvetica, which is not embedded.
        initialFontName=font,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()
