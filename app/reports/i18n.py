"""The words on the printouts, in English and Simplified Chinese."""

from __future__ import annotations

from app.errors import InvalidInput

LANGUAGES = ("en", "zh_CN")

_WORDS: dict[str, tuple[str, str]] = {
    "worksheet": ("Infusion worksheet", "输注记录单"),
    "downtime": ("Downtime infusion worksheet", "停机备用输注记录单"),
    "downtime_note": (
        "Paper fallback for when Bedside cannot be used. Transcribe every entry into "
        "Bedside as soon as it is back; the record is then flagged as transcribed from "
        "paper. Keep this sheet with the source documents.",
        "仅在 Bedside 无法使用时作为纸质备用。Bedside 恢复后须尽快将每一项录入系统，"
        "该记录将被标记为“由纸质转录”。本单须与源文件一并保存。",
    ),
    "checklist": ("Eligibility checklist", "入选资格核对表"),
    "preparation": ("Pharmacy preparation sheet", "药房制备单"),
    "casebook": ("Participant casebook", "受试者病例报告"),
    "blinded": ("BLINDED", "盲态"),
    "unblinded": ("UNBLINDED", "非盲"),
    "unblinded_note": (
        "UNBLINDED: pharmacy file only. Never show this sheet to ward staff, the "
        "participant or the assessors, and never file it in the ward notes.",
        "非盲文件：仅限药房存档。切勿给病房人员、受试者或评估者查看，切勿放入病房病历。",
    ),
    "study_id": ("Study ID", "研究编号"),
    "screening_number": ("Screening number", "筛选号"),
    "kit_code": ("Kit code", "药盒编号"),
    "initials": ("Initials", "姓名缩写"),
    "product": ("Product", "研究用品"),
    "dose_number": ("Dose", "给药次数"),
    "weight_kg": ("Weight (kg)", "体重 (kg)"),
    "volume_ml": ("Volume (mL)", "体积 (mL)"),
    "vehicle": ("Vehicle", "溶媒"),
    "prepared_at": ("Prepared at", "制备时间"),
    "use_by": ("Use by", "须在此时间前使用"),
    "started_at": ("Infusion started", "输注开始"),
    "ended_at": ("Infusion ended", "输注结束"),
    "vitals": ("Vital signs at the protocol's timepoints", "按方案时间点记录生命体征"),
    "timepoint": ("Timepoint", "时间点"),
    "target": ("Target", "计划时间"),
    "actual": ("Actual", "实际时间"),
    "by": ("Initials", "签名缩写"),
    "checks": (
        "Bedside checks (at the bedside, never paper against paper)",
        "床旁核对（须在床旁完成，不得以纸对纸）",
    ),
    "check": ("Check", "核对项目"),
    "done": ("Done", "完成"),
    "time": ("Time", "时间"),
    "signatures": ("Signatures", "签名"),
    "prepared_by": ("Prepared by", "制备人"),
    "checked_by": ("Checked by", "核对人"),
    "given_by": ("Given by", "给药人"),
    "name": ("Name", "姓名"),
    "signature": ("Signature", "签名"),
    "date_time": ("Date and time", "日期时间"),
    "signed_by": ("Signed by", "签名人"),
    "meaning": ("Meaning", "签名含义"),
    "void": ("VOID", "作废"),
    "void_note": ("the record was changed after signing", "签名后记录已被修改"),
    "not_signed": ("Not signed", "未签名"),
    "printed": ("Printed", "打印时间"),
    "page": ("Page {n}", "第 {n} 页"),
    "evidence": ("Evidence", "证据"),
    "criteria": ("Criteria", "标准"),
    "inclusion": ("Inclusion", "入选标准"),
    "exclusion": ("Exclusion", "排除标准"),
    "answer": ("Answer", "回答"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
    "not_recorded": ("not recorded", "未记录"),
    "verdict": ("Verdict", "结论"),
    "assessed_on": ("Assessed on", "评估日期"),
    "arm": ("Arm", "组别"),
    "cells": ("Cells to give", "细胞数"),
    "lot": ("Lot", "批号"),
    "viability": ("Viability", "活率"),
    "cell_rule": ("Dose rule", "剂量规则"),
    "audit": ("Audit trail", "稽查轨迹"),
    "audit_when": ("UTC time", "UTC 时间"),
    "audit_who": ("Who", "操作人"),
    "audit_what": ("What", "内容"),
    "audit_old": ("Old", "原值"),
    "audit_new": ("New", "新值"),
    "audit_reason": ("Reason", "原因"),
    "nothing_recorded": ("Nothing recorded.", "无记录。"),
    "record": ("Record", "记录"),
    "before_start": ("before start", "开始前"),
    "start_plus": ("start + {m} min", "开始 + {m} 分钟"),
    "end_plus": ("end + {m} min", "结束 + {m} 分钟"),
    "end_plus_h": ("end + {h} h", "结束 + {h} 小时"),
    "at_end": ("at end", "结束时"),
}

# The bedside checks of the UK transfusion handbook (§4.10), for a cell product.
CHECKS: dict[str, tuple[str, str]] = {
    "wristband": (
        "Wristband study ID scanned and matches this worksheet",
        "已扫描腕带研究编号，与本单一致",
    ),
    "kit_label": (
        "Kit label code scanned and matches this worksheet",
        "已扫描药盒标签编号，与本单一致",
    ),
    "released": ("Product released by the pharmacy", "研究用品已由药房放行"),
    "expiry": ("Expiry and use-by time not passed", "未超过有效期及使用时限"),
    "pack": (
        "Bag inspected: intact, no leak, no clumps or discolouration",
        "已检查输液袋：完好、无渗漏、无絮凝或变色",
    ),
    "requirements": (
        "Prescription and special requirements checked",
        "已核对医嘱及特殊要求",
    ),
}


def check_language(lang: str) -> str:
    """``lang`` when Bedside prints in it, else one sentence naming the choices."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"Printouts are in {' or '.join(LANGUAGES)}: choose one of them.")
    return lang


def word(key: str, lang: str) -> str:
    """The printout's word for ``key`` in ``lang``."""
    en, zh = _WORDS[key]
    return zh if lang == "zh_CN" else en


def pick(lang: str, en: str, zh: str) -> str:
    """``zh`` for a Chinese printout (when there is one), else ``en``."""
    return zh if lang == "zh_CN" and zh else en
