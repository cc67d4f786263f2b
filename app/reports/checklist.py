"""The eligibility checklist as saved and signed (blinded: nothing in it depends on the arm)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.reports.data import ChecklistData, LabelledValue, SignatureMark
from app.reports.i18n import pick, word
from app.reports.layout import FRAME_WIDTH, grid, manifestation, render, styles, text


def answer_word(answer: bool | None, lang: str) -> str:
    if answer is None:
        return word("not_recorded", lang)
    return word("yes" if answer else "no", lang)


def cell_value(value: str | None, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if value in ("Yes", "No"):
        return word(value.lower(), lang)
    return value


def value_rows(values: tuple[LabelledValue, ...], lang: str) -> list[list[object]]:
    st = styles(lang)
    return [
        [
            Paragraph(text(pick(lang, v.label_en, v.label_zh)), st["cell"]),
            Paragraph(text(cell_value(v.value, lang)), st["cell"]),
        ]
        for v in values
    ]


def signature_lines(marks: tuple[SignatureMark, ...], lang: str) -> list[Flowable]:
    st = styles(lang)
    if not marks:
        return [Paragraph(text(word("not_signed", lang)), st["body"])]
    return [
        Paragraph(text(manifestation(m, lang)), st["stamp"] if m.void else st["body"])
        for m in marks
    ]


def render_checklist(data: ChecklistData, lang: str = "en") -> bytes:
    """The checklist as PDF bytes: evidence, every criterion's answer, verdict, signatures."""
    st = styles(lang)
    name = word("checklist", lang)
    who = [
        LabelledValue("Study ID", "研究编号", data.study_id),
        LabelledValue("Screening number", "筛选号", data.screening_number),
        LabelledValue("Initials", "姓名缩写", data.initials),
        LabelledValue("Assessed on", "评估日期", data.assessed_on),
    ]
    story: list[Flowable] = [
        Paragraph(text(name), st["title"]),
        grid(value_rows(tuple(who), lang), [45 * mm, FRAME_WIDTH - 45 * mm], header=False),
        Paragraph(text(word("evidence", lang)), st["h2"]),
    ]
    if data.evidence:
        widths = [70 * mm, FRAME_WIDTH - 70 * mm]
        story.append(grid(value_rows(data.evidence, lang), widths, header=False))
    else:
        story.append(Paragraph(text(word("nothing_recorded", lang)), st["body"]))
    story.append(Paragraph(text(word("criteria", lang)), st["h2"]))
    rows: list[list[object]] = [
        [Paragraph(text(word(k, lang)), st["cell"]) for k in ("record", "criteria", "answer")]
    ]
    for c in data.criteria:
        kind = word("exclusion" if c.is_exclusion else "inclusion", lang)
        rows.append(
            [
                Paragraph(text(f"{kind} {c.id}"), st["cell"]),
                Paragraph(text(pick(lang, c.text_en, c.text_zh)), st["cell"]),
                Paragraph(text(answer_word(c.answer, lang)), st["cell"]),
            ]
        )
    story.append(grid(rows, [28 * mm, FRAME_WIDTH - 56 * mm, 28 * mm]))
    story += [
        Paragraph(text(word("verdict", lang)), st["h2"]),
        Paragraph(text(data.verdict_text), st["body"]),
        Paragraph(text(word("signatures", lang)), st["h2"]),
        *signature_lines(data.signatures, lang),
    ]
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
