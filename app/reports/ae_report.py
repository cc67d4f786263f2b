"""The adverse-event report: the SAE form ready to fax or scan to the sponsor (blinded).

The participant is named by study ID and kit code, the product "study product, kit K":
nothing on the sheet differs between arms. Grade and seriousness print apart, the
seriousness criteria as ticked boxes, the SAE clock with its deadline, every report
already sent with its number, the con-meds, and the investigator's signature
manifestation (or "Not signed", or VOID after a later edit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.clinical.adverse_events import SERIOUSNESS
from app.reports.ae_words import (
    CLOCK,
    GRADE_WORDS,
    METHODS,
    SEX,
    ae_word,
    answer,
    pair,
)
from app.reports.data import SignatureMark, StudyHeading
from app.reports.i18n import pick, word
from app.reports.layout import (
    FRAME_WIDTH,
    UNBLINDED_RED,
    banner,
    grid,
    local_time,
    manifestation,
    render,
    styles,
    text,
)

TICKED, BOX = "✓", "□"
SERIOUS_INK = colors.Color(0.15, 0.15, 0.15)  # red is kept for a clock that has run out
DASH = "—"


@dataclass(frozen=True)
class AeReportMed:
    """One concomitant medication as the report lists it (values as typed)."""

    drug: str
    dose: str | None
    dose_unit: str | None
    route: str | None
    frequency: str | None
    start_on: date | None
    stop_on: date | None
    ongoing: bool
    indication: str | None
    conventional: bool


@dataclass(frozen=True)
class AeReportSent:
    """A report already sent: 0 is the initial report, then follow-ups 1, 2, …"""

    number: int
    reported_at: datetime
    reported_by: str
    method: str
    note: str | None


@dataclass(frozen=True)
class AeReportData:
    """One adverse event as its report prints it; no arm, no field that differs by arm."""

    study: StudyHeading
    site: str
    study_id: str | None
    screening_number: str
    initials: str | None
    sex: str | None
    age_years: int | None
    kit_code: str | None
    term: str
    coded: bool
    """True for a term from the CTCAE list; False for free text still to be coded."""
    ctcae_version: str
    grade: int | None
    grade_wording: str
    description: str | None
    onset_at: datetime | None
    end_at: datetime | None
    ongoing: bool
    infusion_reaction: bool
    seriousness: frozenset[str]
    causality_product: str | None
    causality_procedures: str | None
    expectedness: str | None
    rsi: str
    rsi_version: str
    action_taken: str | None
    outcome: str | None
    aware_at: datetime | None
    clock_started_at: datetime | None
    deadline: datetime | None
    clock_status: str
    """A :class:`~app.clinical.adverse_events.ClockStatus` value."""
    window_hours: int
    reports: tuple[AeReportSent, ...]
    conmeds: tuple[AeReportMed, ...]
    signature: SignatureMark | None
    printed_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    printed_by: str | None = None
    local_tz: tzinfo = UTC

    @property
    def serious(self) -> bool:
        return bool(self.seriousness)

    @property
    def this_report(self) -> int:
        """The number this form carries: the initial report, or the next follow-up."""
        return len(self.reports)


def product_line(data: AeReportData, lang: str) -> str:
    """ "Study product, kit K": the only name a blinded printout gives the product."""
    product = pick(lang, data.study.product_en, data.study.product_zh)
    if data.kit_code is None:
        return product
    return (
        f"{product}，药盒 {data.kit_code}" if lang == "zh_CN" else f"{product}, kit {data.kit_code}"
    )


def _when(data: AeReportData, moment: datetime | None) -> str:
    return local_time(moment, data.local_tz) or DASH


def _report_label(number: int, lang: str) -> str:
    return ae_word("initial", lang) if number == 0 else ae_word("follow_up", lang).format(n=number)


class _Sheet:
    """Builds the story of one report in one language."""

    def __init__(self, data: AeReportData, lang: str) -> None:
        self.data = data
        self.lang = lang
        self.st = styles(lang)

    def w(self, key: str) -> str:
        return ae_word(key, self.lang)

    def p(self, value: object, style: str = "cell") -> Paragraph:
        return Paragraph(text(value), self.st[style])

    def facts(self, rows: list[tuple[str, object]], label_mm: float = 44) -> Flowable:
        cells = [[self.p(self.w(key)), self.p(value)] for key, value in rows]
        return grid(cells, [label_mm * mm, FRAME_WIDTH - label_mm * mm], header=False)

    def facts_side_by_side(self, rows: list[tuple[str, object]]) -> Flowable:
        """Short facts two to a line: label, value, label, value."""
        cells: list[list[object]] = []
        for start in range(0, len(rows), 2):
            line: list[object] = []
            for key, value in rows[start : start + 2]:
                line += [self.p(self.w(key)), self.p(value)]
            cells.append(line + [""] * (4 - len(line)))
        value = FRAME_WIDTH / 2 - 32 * mm
        return grid(cells, [32 * mm, value, 32 * mm, value], header=False)

    def heading(self, key: str) -> list[Flowable]:
        return [CondPageBreak(30 * mm), Paragraph(text(self.w(key)), self.st["h2"])]

    def story(self) -> list[Flowable]:
        d = self.data
        title = self.w("sae_report" if d.serious else "ae_report")
        out: list[Flowable] = [Paragraph(text(title), self.st["title"])]
        this = f"{self.w('this_form')}: {_report_label(d.this_report, self.lang)}"
        out.append(self.p(f"{this} · {self.w('blinded_note')}", "body"))
        if d.serious and d.deadline is not None:
            status = pair(CLOCK, d.clock_status, self.lang)
            note = self.w("deadline_note").format(
                h=d.window_hours, due=_when(d, d.deadline), status=status
            )
            late = d.clock_status in {"overdue", "reported late"}
            ink = UNBLINDED_RED if late else SERIOUS_INK
            out += [Spacer(1, 2 * mm), banner(note, self.st["banner"], ink)]
        out += self.participant() + self.event() + self.seriousness() + self.assessment()
        out += self.reporting() + self.conmeds() + self.signature()
        return out

    def participant(self) -> list[Flowable]:
        d = self.data
        sex = pair(SEX, d.sex, self.lang) if d.sex else None
        age = None if d.age_years is None else str(d.age_years)
        sex_age = ", ".join(v for v in (sex, age) if v) or DASH
        rows: list[tuple[str, object]] = [
            ("study", d.study.nct_id),
            ("site", d.site),
            ("study_id", d.study_id or DASH),
            ("screening_number", d.screening_number),
            ("initials", d.initials or DASH),
            ("sex_age", sex_age),
            ("product", product_line(d, self.lang)),
        ]
        return [*self.heading("section_participant"), self.facts_side_by_side(rows)]

    def event(self) -> list[Flowable]:
        d = self.data
        term = self.w("term_ctcae" if d.coded else "term_free").format(t=d.term, v=d.ctcae_version)
        grade = DASH
        if d.grade is not None:
            grade = f"{d.grade} — {pair(GRADE_WORDS, d.grade, self.lang)}"
            if d.grade_wording:
                grade += f": {d.grade_wording}"
        end = self.w("ongoing") if d.ongoing else _when(d, d.end_at)
        rows: list[tuple[str, object]] = [
            ("term", term),
            ("description", d.description or DASH),
            ("onset", _when(d, d.onset_at)),
            ("end", end),
            ("grade", grade),
            ("infusion_reaction", self.w("yes" if d.infusion_reaction else "no")),
        ]
        return [*self.heading("section_event"), self.facts(rows)]

    def seriousness(self) -> list[Flowable]:
        d = self.data
        cells = [
            [Paragraph(TICKED if key in d.seriousness else BOX, self.st["box"]),
             self.p(answer("seriousness", key, self.lang))]
            for key in SERIOUSNESS
        ]  # fmt: skip
        half = (len(cells) + 1) // 2
        rows = [left + right for left, right in zip(cells[:half], cells[half:], strict=False)]
        text_mm = FRAME_WIDTH / 2 - 9 * mm
        out = self.heading("section_serious")
        out.append(grid(rows, [9 * mm, text_mm, 9 * mm, text_mm], header=False))
        if not d.serious:
            out.append(self.p(self.w("not_serious"), "small"))
        return out

    def assessment(self) -> list[Flowable]:
        d = self.data
        rsi = self.w("against_rsi").format(rsi=d.rsi, version=d.rsi_version)
        expectedness = answer("expectedness", d.expectedness, self.lang)
        rows: list[tuple[str, object]] = [
            ("causality_product", answer("causality", d.causality_product, self.lang)),
            ("causality_procedures", answer("causality", d.causality_procedures, self.lang)),
            ("expectedness", f"{expectedness}; {rsi}"),
            ("action", answer("action", d.action_taken, self.lang)),
            ("outcome", answer("outcome", d.outcome, self.lang)),
        ]
        return [*self.heading("section_assessment"), self.facts(rows)]

    def reporting(self) -> list[Flowable]:
        d = self.data
        status = pair(CLOCK, d.clock_status, self.lang)
        rows: list[tuple[str, object]] = [
            ("aware", _when(d, d.aware_at)),
            ("clock_started", _when(d, d.clock_started_at)),
            ("deadline", _when(d, d.deadline)),
            ("clock", status),
        ]
        out = [*self.heading("section_reporting"), self.facts(rows)]
        if not d.reports:
            return [*out, Spacer(1, 1 * mm), self.p(self.w("none_sent"), "small")]
        head = [self.p(self.w(k), "head") for k in
                ("report", "reported_at", "reported_by", "method", "note")]  # fmt: skip
        table: list[list[object]] = [head]
        for r in d.reports:
            table.append(
                [self.p(_report_label(r.number, self.lang)), self.p(_when(d, r.reported_at)),
                 self.p(r.reported_by), self.p(pair(METHODS, r.method, self.lang)),
                 self.p(r.note or "")]
            )  # fmt: skip
        widths = [28 * mm, 36 * mm, 40 * mm, 28 * mm, FRAME_WIDTH - 132 * mm]
        return [*out, Spacer(1, 2 * mm), grid(table, widths)]

    def conmeds(self) -> list[Flowable]:
        d = self.data
        out = self.heading("section_conmeds")
        if not d.conmeds:
            return [*out, self.p(self.w("none_recorded"), "small")]
        keys = ("drug", "dose", "route", "frequency", "started", "stopped", "indication",
                "conventional")  # fmt: skip
        table: list[list[object]] = [[self.p(self.w(k), "head") for k in keys]]
        for m in d.conmeds:
            dose = " ".join(v for v in (m.dose, m.dose_unit) if v) or DASH
            stopped = self.w("ongoing") if m.ongoing else (m.stop_on.isoformat() if m.stop_on
                                                          else DASH)  # fmt: skip
            table.append(
                [self.p(m.drug), self.p(dose), self.p(m.route or DASH),
                 self.p(m.frequency or DASH),
                 self.p(m.start_on.isoformat() if m.start_on else DASH), self.p(stopped),
                 self.p(m.indication or DASH), self.p(self.w("yes" if m.conventional else "no"))]
            )  # fmt: skip
        widths = [34, 20, 16, 26, 20, 20, 26]
        rest = FRAME_WIDTH - sum(widths) * mm
        return [*out, grid(table, [*(v * mm for v in widths), rest])]

    def signature(self) -> list[Flowable]:
        d = self.data
        out = self.heading("section_signature")
        mark = d.signature
        if mark is None:
            line, style = word("not_signed", self.lang), "cell"
        else:
            line, style = manifestation(mark, self.lang), "stamp" if mark.void else "cell"
        rows: list[list[object]] = [[self.p(line, style)]]
        if mark is not None and mark.void:
            rows.append([self.p(self.w("void_sign_again"), "small")])
        out.append(grid(rows, [FRAME_WIDTH], header=False))
        wet = [[self.p(self.w("wet_signature")), ""]]
        out += [Spacer(1, 3 * mm), grid(wet, [60 * mm, FRAME_WIDTH - 60 * mm], header=False,
                                        row_height=12 * mm)]  # fmt: skip
        return out


def render_ae_report(data: AeReportData, lang: str = "en") -> bytes:
    """The report as PDF bytes, in ``lang`` (``en`` or ``zh_CN``), marked BLINDED."""
    sheet = _Sheet(data, lang)
    name = ae_word("sae_report" if data.serious else "ae_report", lang)
    subject = f"{word('study_id', lang)} {data.study_id or data.screening_number}"
    return render(
        sheet.story(),
        lang=lang,
        study=data.study,
        printout=name,
        marker=word("blinded", lang),
        subject=subject,
        printed_at=data.printed_at,
        printed_by=data.printed_by,
    )
