"""The participant casebook: every form with its values and signatures, and optionally
the audit trail (the "PDF of filled forms")."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from app.reports.checklist import cell_value, signature_lines, value_rows
from app.reports.data import AuditLine, CasebookData, CaseSection, LabelledValue
from app.reports.i18n import pick, word
from app.reports.layout import FRAME_WIDTH, grid, render, styles, text


def _audit(lines: tuple[AuditLine, ...], lang: str) -> list[Flowable]:
    st = styles(lang)
    head = ("audit_when", "audit_who", "audit_what", "audit_old", "audit_new", "audit_reason")
    rows: list[list[object]] = [[Paragraph(text(word(k, lang)), st["head"]) for k in head]]
    for a in lines:
        rows.append(
            [
                Paragraph(text(a.at_utc[:19].replace("T", " ")), st["head"]),
                Paragraph(text(a.user_name), st["head"]),
                Paragraph(text(f"{a.action} {a.what}".strip()), st["head"]),
                Paragraph(text(a.old_value), st["head"]),
                Paragraph(text(a.new_value), st["head"]),
                Paragraph(text(a.reason), st["head"]),
            ]
        )
    widths = [27 * mm, 18 * mm, 42 * mm, 30 * mm, 30 * mm, FRAME_WIDTH - 147 * mm]
    return [PageBreak(), Paragraph(text(word("audit", lang)), st["h2"]), grid(rows, widths)]


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
