"""Fill the printouts' data from the store (read-only).

Each function reads in one short session and hands back a plain object from
``app.reports.data``. Nothing here reads an arm: the blinded printouts have no place
for one, and the pharmacist's sheet takes the arm as an argument. What the store does
not hold yet (a dose not prepared, checked or given) is left empty, to be written by
hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clinical.infusion import infusion_timepoints
from app.clinical.parsing import format_number
from app.errors import InvalidInput, NotPermitted
from app.models import (
    ChestImaging,
    Disposition,
    EligibilityAssessment,
    LabResult,
    NucleicAcidTest,
    Oxygenation,
    Participant,
    Signature,
    Symptom,
    VitalSigns,
    WhoScaleScore,
)
from app.models.base import Audited
from app.protocol import Protocol
from app.reports.data import (
    CasebookData,
    ChecklistData,
    CriterionAnswer,
    LabelledValue,
    Measurement,
    PreparationData,
    SignatureMark,
    StudyHeading,
    Timepoint,
    WorksheetData,
)
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.services.eligibility import answers_for
from app.services.eligibility_views import saved_entry
from app.services.infusion_reports import worksheet_parts
from app.services.participants import normalise_code
from app.store.store import Store
from app.store.uow import Actor, content_hash
from app.timeutil import utc_now

# What the casebook prints of each form, field by field: an allow-list, so a column
# added later (a blinded one above all) never reaches paper unless it is named here.
PARTICIPANT_FIELDS = (
    "screening_number", "study_id", "initials", "sex", "date_of_birth", "age_years",
    "weight_kg", "height_cm", "admission_date", "status", "kit_code", "day0_on",
    "screen_fail_reason",
)  # fmt: skip
ELIGIBILITY_FIELDS = (
    "assessed_on", "date_of_birth", "rt_pcr_date", "rt_pcr_positive", "ct_date",
    "ct_characteristic", "ct_finding", "respiratory_rate_per_min", "spo2_at_rest_percent",
    "pf_ratio_mmhg", "verdict_text",
)  # fmt: skip
FORMS: tuple[tuple[str, str, type[Audited], str, tuple[str, ...]], ...] = (
    ("Oxygenation", "氧合", Oxygenation, "measured_at", (
        "visit_code", "measured_at", "spo2_percent", "at_rest", "o2_device", "o2_flow_l_min",
        "fio2_entered", "fio2_fraction", "fio2_source", "fio2_at", "pao2_entered",
        "pao2_unit", "pao2_mmhg", "pf_ratio_mmhg", "pf_band", "sf_ratio_estimate", "note")),
    ("Vital signs", "生命体征", VitalSigns, "measured_at", (
        "visit_code", "measured_at", "temperature_c", "heart_rate_per_min",
        "respiratory_rate_per_min", "systolic_bp_mmhg", "diastolic_bp_mmhg", "spo2_percent",
        "o2_device", "o2_flow_l_min", "fio2_fraction", "note")),
    ("Laboratory", "实验室检查", LabResult, "sampled_at", (
        "visit_code", "sampled_at", "analyte_code", "value_entered", "unit", "reference_low",
        "reference_high", "note")),
    ("Chest imaging", "胸部影像", ChestImaging, "imaged_on", (
        "visit_code", "imaged_on", "modality", "lesion_extent_percent", "finding")),
    ("Symptoms", "症状", Symptom, "symptom", ("symptom", "onset_on", "resolved_on")),
    ("Nucleic acid tests", "核酸检测", NucleicAcidTest, "sampled_at", (
        "sampled_at", "specimen", "result")),
    ("WHO clinical progression scale", "WHO 临床进展量表", WhoScaleScore, "assessed_on", (
        "visit_code", "assessed_on", "score")),
    ("Disposition", "结局", Disposition, "event_on", ("kind", "event_on", "reason")),
)  # fmt: skip
SIGNATURE_FIELDS = ("printed_name", "meaning", "signed_at", "voided_at", "void_reason")
FIELD_EN = {
    "study_id": "Study ID", "age_years": "Age (years)", "temperature_c": "Temperature (°C)",
    "day0_on": "Day 0", "o2_device": "O₂ device", "o2_flow_l_min": "O₂ flow (L/min)",
    "fio2_entered": "FiO₂ as entered", "fio2_at": "FiO₂ measured at",
    "pao2_entered": "PaO₂ as entered", "pao2_unit": "PaO₂ unit", "pao2_mmhg": "PaO₂ (mmHg)",
    "pf_ratio_mmhg": "P/F (mmHg)", "pf_band": "P/F band", "sf_ratio_estimate": "S/F (estimate)",
    "fio2_source": "FiO₂ source", "spo2_at_rest_percent": "SpO₂ at rest (%)",
    "rt_pcr_date": "RT-PCR date", "rt_pcr_positive": "RT-PCR positive", "ct_date": "CT date",
    "ct_characteristic": "CT characteristic", "ct_finding": "CT finding",
    "lesion_extent_percent": "Lesion extent (%)", "who_score": "WHO score",
    "volume_ml": "Volume (mL)", "use_by_at": "Use by", "rate_ml_h": "Rate (mL/h)",
    "volume_infused_ml": "Volume infused (mL)", "timepoint_code": "Timepoint",
    "target_at": "Target time", "wristband_text": "Wristband as scanned",
    "label_text": "Kit label as scanned", "stop_criteria": "Stop criteria met",
}  # fmt: skip
FIELD_ZH = {
    "screening_number": "筛选号", "study_id": "研究编号", "initials": "姓名缩写", "sex": "性别",
    "date_of_birth": "出生日期", "age_years": "年龄（岁）", "weight_kg": "体重 (kg)",
    "height_cm": "身高 (cm)", "admission_date": "入院日期", "status": "状态",
    "kit_code": "药盒编号", "day0_on": "第 0 天", "screen_fail_reason": "筛选失败原因",
    "assessed_on": "评估日期", "rt_pcr_date": "RT-PCR 日期", "rt_pcr_positive": "RT-PCR 阳性",
    "ct_date": "CT 日期", "ct_characteristic": "CT 典型表现", "ct_finding": "CT 所见",
    "spo2_at_rest_percent": "静息 SpO₂ (%)", "pf_ratio_mmhg": "P/F (mmHg)",
    "verdict_text": "结论", "visit_code": "访视", "measured_at": "测量时间",
    "note": "备注", "o2_device": "给氧装置", "o2_flow_l_min": "氧流量 (L/min)",
    "fio2_fraction": "FiO₂", "sampled_at": "采样时间", "analyte_code": "检测项目",
    "value_entered": "结果", "unit": "单位", "imaged_on": "检查日期", "modality": "方式",
    "finding": "所见", "symptom": "症状", "onset_on": "开始日期", "resolved_on": "消失日期",
    "specimen": "标本", "result": "结果", "score": "评分", "kind": "类型",
    "event_on": "日期", "reason": "原因", "temperature_c": "体温 (°C)",
    "lesion_extent_percent": "病灶范围 (%)", "pao2_mmhg": "PaO₂ (mmHg)",
    "dose_number": "给药次数", "volume_ml": "体积 (mL)", "prepared_at": "制备时间",
    "use_by_at": "须在此时间前使用", "prepared_by": "制备人", "checked_by": "核对人",
    "checked_at": "核对时间", "released_at": "放行时间", "wristband_text": "腕带扫描内容",
    "label_text": "药盒标签扫描内容", "started_at": "输注开始", "started_by": "开始人",
    "rate_ml_h": "速度 (mL/h)", "line": "通路", "site": "部位", "stopped_at": "输注结束",
    "stopped_by": "结束人", "volume_infused_ml": "实际输注量 (mL)",
    "stopped_early_reason": "提前停止原因", "transcribed_from_paper": "由纸质转录",
    "interrupted_at": "中断时间", "restarted_at": "重新开始时间", "timepoint_code": "时间点",
    "target_at": "计划时间", "skipped_reason": "未测量原因", "stop_criteria": "符合的停止标准",
    "measured_by": "测量人",
}  # fmt: skip


def study_heading(protocol: Protocol) -> StudyHeading:
    s = protocol.study
    return StudyHeading(s.nct_id, s.title_en, s.title_zh, s.blinded_label_en, s.blinded_label_zh)


def timepoints(
    protocol: Protocol, started_at: datetime | None = None, ended_at: datetime | None = None
) -> tuple[Timepoint, ...]:
    """The protocol's vitals timepoints, with target times once the start is known."""
    points = []
    for t in infusion_timepoints(protocol.infusion_vitals):
        target = None if started_at is None else t.due_at(started_at, ended_at)
        points.append(
            Timepoint(t.code, t.label_en, t.label_zh, t.anchor.value, t.offset_minutes, target)
        )
    return tuple(points)


def measurements(protocol: Protocol) -> tuple[Measurement, ...]:
    """The columns of the vitals grid, in the protocol's order."""
    found = []
    for name in protocol.infusion_vitals.measurements:
        r = protocol.range_for(name)
        if r is not None:
            found.append(Measurement(name, r.label_en, r.label_zh, r.unit))
    return tuple(found)


def blinded_volume_ml(protocol: Protocol) -> str | None:
    """The bag's volume, printed only when both arms' bags hold the same (else blank)."""
    dose = protocol.dose
    if dose.volume_ml != dose.placebo_volume_ml:
        return None
    return format_number(dose.volume_ml)


def _participant(session: Session, study_id: str) -> Participant:
    wanted = normalise_code(study_id)
    found = session.scalars(
        select(Participant).where(Participant.study_id == wanted).limit(1)
    ).first()
    if found is None and wanted:
        for p in session.scalars(select(Participant).where(Participant.study_id.is_not(None))):
            if normalise_code(p.study_id or "") == wanted:
                return p
    if found is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Reports",
                "No participant has that study ID: check it with `bedside participant list`.",
            ).said()
        )
    return found


def _weight(p: Participant) -> str | None:
    return None if p.weight_kg is None else format_number(Decimal(repr(p.weight_kg)))


def worksheet_data(
    store: Store,
    protocol: Protocol,
    study_id: str,
    *,
    printed_by: str | None = None,
    local_tz: tzinfo = UTC,
    dose_number: int | None = 1,
    now: datetime | None = None,
) -> WorksheetData:
    """The blinded infusion worksheet for one participant and dose: the preparation, the
    product check, the infusion and its vital signs as far as the store holds them."""
    with store.read() as session:
        p = _participant(session, study_id)
        if p.kit_code is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Reports",
                    "{participant} has no kit allocated yet: randomise before printing a "
                    "worksheet, or print a blank one with --blank.",
                ).format(participant=p.study_id)
            )
        fields: dict[str, Any] = {
            "dose_number": dose_number,
            "weight_kg": _weight(p),
            "volume_ml": blinded_volume_ml(protocol),
            "prepared_at": None,
            "use_by": None,
            "started_at": None,
            "ended_at": None,
            "timepoints": timepoints(protocol),
            "checks": (),
        }
        fields.update(worksheet_parts(session, protocol, p, dose_number, now or utc_now()))
        return WorksheetData(
            study=study_heading(protocol),
            study_id=p.study_id,
            kit_code=p.kit_code,
            initials=p.initials,
            vehicle_en=protocol.dose.vehicle_en,
            vehicle_zh=protocol.dose.vehicle_zh,
            measurements=measurements(protocol),
            printed_by=printed_by,
            local_tz=local_tz,
            **fields,
        )


def blank_worksheet_data(
    protocol: Protocol,
    store: Store | None = None,
    study_id: str | None = None,
    *,
    printed_by: str | None = None,
) -> WorksheetData:
    """A downtime worksheet: everything to be written by hand (the participant's codes
    pre-printed when ``study_id`` is given), transcribed into Bedside later."""
    code = initials = None
    if store is not None and study_id is not None:
        with store.read() as session:
            p = _participant(session, study_id)
            study_id, code, initials = p.study_id, p.kit_code, p.initials
    return WorksheetData(
        study=study_heading(protocol),
        study_id=study_id,
        kit_code=code,
        initials=initials,
        dose_number=None,
        weight_kg=None,
        volume_ml=blinded_volume_ml(protocol),
        vehicle_en=protocol.dose.vehicle_en,
        vehicle_zh=protocol.dose.vehicle_zh,
        prepared_at=None,
        use_by=None,
        started_at=None,
        ended_at=None,
        timepoints=timepoints(protocol),
        measurements=measurements(protocol),
        checks=(),
        downtime=True,
        printed_by=printed_by,
    )


def _marks(session: Session, row: Audited) -> tuple[SignatureMark, ...]:
    digest = content_hash(row)
    table = row.__tablename__  # type: ignore[attr-defined]
    query = (
        select(Signature)
        .where(Signature.table_name == table, Signature.record_id == row.id)
        .order_by(Signature.signed_at)
    )
    return tuple(
        SignatureMark(
            s.printed_name,
            s.signed_at,
            s.meaning,
            void=not (s.is_valid and s.content_hash == digest),
        )
        for s in session.scalars(query)
    )


def shown(value: object) -> str | None:
    """A stored value as printed: as typed for text, ISO for dates, UTC for instants."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format_number(Decimal(repr(value)))
    return str(value)


def _label(name: str, protocol: Protocol) -> tuple[str, str]:
    r = protocol.range_for(name)
    en = FIELD_EN.get(name) or name.replace("_", " ").capitalize()
    if r is not None:
        return f"{r.label_en} ({r.unit})", f"{r.label_zh} ({r.unit})"
    return en, FIELD_ZH.get(name, "")


def _fields(row: object, names: Sequence[str], protocol: Protocol) -> tuple[LabelledValue, ...]:
    out = []
    for name in names:
        en, zh = _label(name, protocol)
        out.append(LabelledValue(en, zh, shown(getattr(row, name))))
    return tuple(out)


def _criteria(row: EligibilityAssessment, protocol: Protocol) -> tuple[CriterionAnswer, ...]:
    answers = answers_for(protocol, saved_entry(row))
    return tuple(
        CriterionAnswer(c.id, c.text_en, c.text_zh, c.is_exclusion, answers.get(c.id))
        for c in protocol.criteria
    )


def checklist_data(
    store: Store, protocol: Protocol, study_id: str, *, printed_by: str | None = None
) -> ChecklistData:
    """The participant's latest eligibility checklist as saved, with its signatures."""
    with store.read() as session:
        p = _participant(session, study_id)
        row = session.scalars(
            select(EligibilityAssessment)
            .where(EligibilityAssessment.participant_id == p.id)
            .order_by(EligibilityAssessment.assessed_on.desc(), EligibilityAssessment.id.desc())
            .limit(1)
        ).first()
        if row is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Reports", "{participant} has no eligibility checklist to print."
                ).format(participant=p.study_id)
            )
        return ChecklistData(
            study=study_heading(protocol),
            study_id=p.study_id,
            screening_number=p.screening_number,
            initials=p.initials,
            assessed_on=row.assessed_on.isoformat(),
            evidence=_fields(row, ELIGIBILITY_FIELDS[:-1], protocol),
            criteria=_criteria(row, protocol),
            verdict_text=row.verdict_text,
            signatures=_marks(session, row),
            printed_by=printed_by,
        )


def preparation_data(
    store: Store,
    actor: Actor,
    protocol: Protocol,
    study_id: str,
    arm_code: str,
    *,
    lot: str | None = None,
    viability_percent: str | None = None,
) -> PreparationData:
    """UNBLINDED: the pharmacist's sheet for the arm the pharmacist names (``arm_code``)."""
    if not actor.can(Permission.SEE_ARM):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "Reports", "Your role ({role}) cannot print the preparation sheet."
            ).format(role=actor.role.value)
        )
    arm = next((a for a in protocol.arms if a.code == arm_code), None)
    if arm is None:
        raise InvalidInput(QT_TRANSLATE_NOOP("Reports", "That arm is not in the protocol.").said())
    with store.read() as session:
        p = _participant(session, study_id)
        weight = _weight(p)
        study, code = p.study_id, p.kit_code
    dose = protocol.dose
    total: tuple[str, int] | None = None
    if not arm.is_placebo and weight is not None:
        cells = dose.cells_per_kg * Decimal(weight)
        power = cells.adjusted()
        total = (format_number(cells.scaleb(-power).quantize(Decimal("0.001"))), power)
    volume = dose.placebo_volume_ml if arm.is_placebo else dose.volume_ml
    return PreparationData(
        study=study_heading(protocol),
        study_id=study,
        kit_code=code,
        arm_en=arm.name_en,
        arm_zh=arm.name_zh,
        is_placebo=arm.is_placebo,
        weight_kg=weight,
        volume_ml=format_number(volume),
        vehicle_en=dose.vehicle_en,
        vehicle_zh=dose.vehicle_zh,
        cells_per_kg=format_number(dose.cells_per_kg),
        total_cells=total,
        lot=lot,
        viability_percent=viability_percent,
        printed_by=actor.name,
    )


def casebook_data(
    store: Store,
    protocol: Protocol,
    study_id: str,
    *,
    audit: bool = False,
    printed_by: str | None = None,
) -> CasebookData:
    """Every form of the participant with its values and signatures; ``audit`` adds the
    audit trail of exactly the fields printed (built in :mod:`app.services.casebook`)."""
    from app.services.casebook import casebook_data as build  # it builds on this module

    return build(store, protocol, study_id, audit=audit, printed_by=printed_by)
