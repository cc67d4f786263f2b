"""The participant casebook: every form with its values and signatures, and optionally
the audit trail (the "PDF of filled forms")."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from app.reports.checklist import cell_value, signature_lines, value_rows
from app.reports.data import AuditLine, CasebookData, CaseSection, LabelledValue
from app.reports.i18n import pick, word
from app.reports.layout import FRAME_WIDTH, grid, render, styles, text


def _audit(lines: tuple[AuditLine, ...], lang: str) -> list[Flowable]:
    st = styles(lang)
    style = st["head"]
    head = ("audit_when", "audit_who", "audit_what", "audit_old", "audit_new", "audit_reason")
    widths = [27 * mm, 18 * mm, 42 * mm, 30 * mm, 30 * mm, FRAME_WIDTH - 147 * mm]
    room = [w - 7 for w in widths]  # the grid's padding, and a point to spare

    def cell(value: str | None, column: int) -> object:
        # A value that fits its column on one line is set as plain text (the grid sets
        # its font): a trail of thousands of lines renders in a fraction of the time.
        shown = value or ""
        if "\n" not in shown and stringWidth(shown, style.fontName, style.fontSize) <= room[column]:
            return shown
        return Paragraph(text(shown), style)

    rows: list[list[object]] = [[Paragraph(text(word(k, lang)), style) for k in head]]
    for a in lines:
        values = (a.at_utc[:19].replace("T", " "), a.user_name, f"{a.action} {a.what}".strip(),
                  a.old_value, a.new_value, a.reason)  # fmt: skip
        rows.append([cell(v, i) for i, v in enumerate(values)])
    table = grid(rows, widths, extra=[("FONTSIZE", (0, 1), (-1, -1), style.fontSize),
                                      ("LEADING", (0, 1), (-1, -1), style.leading)])  # fmt: skip
    return [PageBreak(), Paragraph(text(word("audit", lang)), st["h2"]), table]


WIDE_TABLE_FIELDS = 12


def as_table(section: CaseSection) -> bool:
    """Repeated forms with few fields read best as one row per record."""
    first = section.records[0].fields
    return len(section.records) > 1 and len(first) <= WIDE_TABLE_FIELDS


def _table(section: CaseSection, lang: str) -> list[Flowable]:
    st = styles(lang)
    first = section.records[0].fields
    head = [Paragraph(text(pick(lang, f.label_en, f.label_zh)), st["head"]) for f in first]
    rows: list[list[object]] = [head]
    signed: list[Flowable] = []
    for record in section.records:
        rows.append([Paragraph(text(cell_value(f.value, lang)), st["head"]) for f in record.fields])
        if record.signatures:
            signed.append(Paragraph(text(record.heading), st["small"]))
            signed += signature_lines(record.signatures, lang)
    widths = [FRAME_WIDTH / len(first)] * len(first)
    return [grid(rows, widths), *signed]


def render_casebook(data: CasebookData, lang: str = "en") -> bytes:
    """The casebook as PDF bytes."""
    st = styles(lang)
    name = word("casebook", lang)
    who = (
        LabelledValue("Study ID", "研究编号", data.study_id),
        LabelledValue("Screening number", "筛选号", data.screening_number),
        LabelledValue("Initials", "姓名缩写", data.initials),
    )
    story: list[Flowable] = [
        Paragraph(text(name), st["title"]),
        grid(value_rows(who, lang), [45 * mm, FRAME_WIDTH - 45 * mm], header=False),
    ]
    label_width = 62 * mm
    for section in data.sections:
        story += [
            CondPageBreak(30 * mm),
            Paragraph(text(pick(lang, section.title_en, section.title_zh)), st["h2"]),
        ]
        if not section.records:
            story.append(Paragraph(text(word("nothing_recorded", lang)), st["body"]))
        elif as_table(section):
            story += _table(section, lang)
            continue
        for record in section.records:
            story.append(Paragraph(text(record.heading), st["body"]))
            rows = value_rows(record.fields, lang)
            story.append(grid(rows, [label_width, FRAME_WIDTH - label_width], header=False))
            if record.signatures:
                story += signature_lines(record.signatures, lang)
    if data.audit is not None:
        story += _audit(data.audit, lang)
    return render(
        story,
        lang=lang,
        study=data.study,
        printout=name,
        marker=word("blinded", lang),
        subject=f"{word('study_id', lang)} {data.study_id or data.screening_number}",
        printed_at=data.printed_at,
        printed_by=data.printed_by,
    )
