"""The casebook's data: every form of one participant with its values and signatures,
and with ``audit`` the audit trail of exactly the fields printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AuditEntry,
    EligibilityAssessment,
    Signature,
)
from app.protocol import Protocol
from app.reports.data import (
    AuditLine,
    CasebookData,
    CaseRecord,
    CaseSection,
    LabelledValue,
)
from app.services.infusion_reports import casebook_sections as infusion_sections

# What the casebook prints of each form, field by field: an allow-list, so a column
# added later (a blinded one above all) never reaches paper unless it is named here.
from app.services.reports import (
    ELIGIBILITY_FIELDS,
    FORMS,
    PARTICIPANT_FIELDS,
    SIGNATURE_FIELDS,
    _criteria,
    _fields,
    _marks,
    _participant,
    shown,
    study_heading,
)
from app.store.store import Store


def _heading(row: Any, order: str) -> str:
    when = shown(getattr(row, order, None)) or ""
    visit = getattr(row, "visit_code", None)
    return " · ".join(part for part in (visit, when) if part)


def _record(
    session: Session, row: Any, order: str, names: tuple[str, ...], protocol: Protocol
) -> CaseRecord:
    return CaseRecord(_heading(row, order), _fields(row, names, protocol), _marks(session, row))


def casebook_data(
    store: Store,
    protocol: Protocol,
    study_id: str,
    *,
    audit: bool = False,
    printed_by: str | None = None,
) -> CasebookData:
    """Every form of the participant with its values and signatures; ``audit`` adds the
    audit trail of exactly the fields printed."""
    with store.read() as session:
        p = _participant(session, study_id)
        printed: dict[str, tuple[str, ...]] = {p.id: PARTICIPANT_FIELDS}
        sections = [
            CaseSection(
                "Screening and enrolment",
                "筛选与入组",
                (CaseRecord(p.screening_number, _fields(p, PARTICIPANT_FIELDS, protocol)),),
            )
        ]
        checklists = session.scalars(
            select(EligibilityAssessment)
            .where(EligibilityAssessment.participant_id == p.id)
            .order_by(EligibilityAssessment.assessed_on, EligibilityAssessment.id)
        ).all()
        records = []
        for row in checklists:
            printed[row.id] = ELIGIBILITY_FIELDS
            answers = tuple(
                LabelledValue(
                    f"{'Exclusion' if c.is_exclusion else 'Inclusion'} {c.id}",
                    f"{'排除标准' if c.is_exclusion else '入选标准'} {c.id}",
                    {True: "Yes", False: "No", None: None}[c.answer],
                )
                for c in _criteria(row, protocol)
            )
            fields = _fields(row, ELIGIBILITY_FIELDS, protocol) + answers
            records.append(CaseRecord(row.assessed_on.isoformat(), fields, _marks(session, row)))
        sections.append(CaseSection("Eligibility checklist", "入选资格核对表", tuple(records)))
        for title_en, title_zh, model, order, names in FORMS:
            rows = session.scalars(
                select(model)
                .where(model.participant_id == p.id)  # type: ignore[attr-defined]
                .order_by(getattr(model, order), model.id)
            ).all()
            for r in rows:
                printed[r.id] = names
            sections.append(
                CaseSection(
                    title_en,
                    title_zh,
                    tuple(
                        CaseRecord(
                            _heading(r, order), _fields(r, names, protocol), _marks(session, r)
                        )
                        for r in rows
                    ),
                )
            )

        def record(row: Any, order: str, names: Sequence[str]) -> CaseRecord:
            return _record(session, row, order, tuple(names), protocol)

        sections += infusion_sections(session, p.id, record, printed)
        trail = _audit_lines(session, printed) if audit else None
        return CasebookData(
            study=study_heading(protocol),
            study_id=p.study_id,
            screening_number=p.screening_number,
            initials=p.initials,
            sections=tuple(sections),
            audit=trail,
            printed_by=printed_by,
        )


def _audit_lines(session: Session, printed: dict[str, tuple[str, ...]]) -> tuple[AuditLine, ...]:
    signature_ids = session.scalars(
        select(Signature.id).where(Signature.record_id.in_(list(printed)))
    ).all()
    allowed = dict(printed)
    allowed.update(dict.fromkeys(signature_ids, SIGNATURE_FIELDS))
    lines = []
    ids = list(allowed)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for a in session.scalars(
            select(AuditEntry).where(AuditEntry.record_id.in_(chunk)).order_by(AuditEntry.seq)
        ):
            names = allowed.get(a.record_id or "", ())
            if a.field is not None and a.field not in names:
                continue
            what = f"{a.table_name or ''}.{a.field}" if a.field else (a.table_name or "")
            lines.append(
                (a.seq, AuditLine(a.at_utc, a.user_name, a.action, what, a.old_value,
                                  a.new_value, a.reason))
            )  # fmt: skip
    return tuple(line for _, line in sorted(lines, key=lambda item: item[0]))
