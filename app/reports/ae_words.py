"""The words of the adverse-event report, in English and Simplified Chinese.

The answer lists (seriousness, causality, expectedness, action, outcome, report method,
clock) are keyed like :mod:`app.clinical.adverse_events`; the English is that module's
own wording, so the form and the paper say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.clinical.adverse_events import (
    ACTIONS,
    CAUSALITY,
    EXPECTEDNESS,
    OUTCOMES,
    SERIOUSNESS,
    ClockStatus,
)

WORDS: dict[str, tuple[str, str]] = {
    "ae_report": ("Adverse event report", "不良事件报告"),
    "sae_report": ("Serious adverse event report", "严重不良事件报告"),
    "this_form": ("This form", "本报告"),
    "initial": ("Initial report", "首次报告"),
    "follow_up": ("Follow-up {n}", "第 {n} 次随访报告"),
    "deadline_note": (
        "Serious: report to the sponsor within {h} h of the site becoming aware. "
        "Due {due}: {status}.",
        "严重不良事件：须在研究中心获知后 {h} 小时内报告申办方。截止时间 {due}：{status}。",
    ),
    "blinded_note": (
        "Blinded: the study product is named by its kit code only.",
        "盲态：研究用药仅以药盒编号标识。",
    ),
    "section_participant": ("Study and participant", "研究与受试者"),
    "section_event": ("The event", "事件"),
    "section_serious": ("Seriousness (ICH E2A)", "严重性（ICH E2A）"),
    "section_assessment": ("Investigator's assessment", "研究者评估"),
    "section_reporting": ("Reporting to the sponsor", "向申办方报告"),
    "section_conmeds": ("Concomitant medications", "合并用药"),
    "section_signature": ("Investigator's signature", "研究者签名"),
    "study": ("Study", "研究"),
    "site": ("Site", "研究中心"),
    "study_id": ("Study ID", "研究编号"),
    "screening_number": ("Screening number", "筛选号"),
    "initials": ("Initials", "姓名缩写"),
    "sex_age": ("Sex, age", "性别、年龄"),
    "product": ("Product", "研究用品"),
    "term": ("Term", "术语"),
    "term_free": ("{t} (free text, to be coded)", "{t}（自由文本，待编码）"),
    "term_ctcae": ("{t} (CTCAE v{v})", "{t}（CTCAE v{v}）"),
    "description": ("Description", "描述"),
    "onset": ("Onset", "开始时间"),
    "end": ("End", "结束时间"),
    "ongoing": ("Ongoing", "持续中"),
    "grade": ("CTCAE grade", "CTCAE 分级"),
    "infusion_reaction": ("Infusion-related reaction", "输注相关反应"),
    "serious": ("Serious", "严重"),
    "not_serious": ("Not serious: no criterion applies.", "非严重：不符合任何严重性标准。"),
    "causality_product": ("Causality: study product", "与研究用药的相关性"),
    "causality_procedures": ("Causality: study procedures", "与研究操作的相关性"),
    "expectedness": ("Expectedness", "预期性"),
    "against_rsi": ("against {rsi}, {version}", "依据 {rsi}，{version}"),
    "action": ("Action taken", "采取的措施"),
    "outcome": ("Outcome", "转归"),
    "aware": ("Site aware", "研究中心获知时间"),
    "clock_started": ("Clock started", "计时开始"),
    "deadline": ("Deadline", "报告截止时间"),
    "clock": ("Clock", "计时状态"),
    "report": ("Report", "报告"),
    "reported_at": ("Reported at", "报告时间"),
    "reported_by": ("Reported by", "报告人"),
    "method": ("How", "方式"),
    "note": ("Note", "备注"),
    "none_sent": ("No report sent yet.", "尚未报告。"),
    "drug": ("Medication", "药物"),
    "dose": ("Dose", "剂量"),
    "route": ("Route", "途径"),
    "frequency": ("Frequency", "频次"),
    "started": ("Started", "开始"),
    "stopped": ("Stopped", "停止"),
    "indication": ("Indication", "适应症"),
    "conventional": ("Conventional treatment", "常规治疗"),
    "none_recorded": ("None recorded.", "无记录。"),
    "not_signed": ("Not signed", "未签名"),
    "void_sign_again": (
        "The event was changed after signing: the investigator signs again.",
        "签名后事件已被修改：研究者须重新签名。",
    ),
    "wet_signature": ("Signature and date (if faxed)", "签名及日期（传真时）"),
    "not_assessed": ("not assessed", "未评估"),
    "yes": ("Yes", "是"),
    "no": ("No", "否"),
}

SERIOUSNESS_ZH = {
    "death": "导致死亡",
    "life_threatening": "危及生命（事件发生时有死亡风险）",
    "hospitalisation": "需要住院或延长住院时间",
    "disability": "导致持续或显著的残疾或功能丧失",
    "congenital_anomaly": "先天性异常或出生缺陷",
    "medically_important": "其他重要医学事件（研究者判断）",
}
CAUSALITY_ZH = {
    "not_related": "无关",
    "unlikely": "可能无关",
    "possibly": "可能有关",
    "probably": "很可能有关",
    "definitely": "肯定有关",
}
EXPECTEDNESS_ZH = {
    "expected": "预期（参考安全性信息中已列出）",
    "unexpected": "非预期（与参考安全性信息不一致）",
}
ACTIONS_ZH = {
    "none": "未对研究用药采取措施",
    "interrupted": "暂停输注",
    "rate_reduced": "减慢输注速度",
    "stopped": "停止输注",
    "not_applicable": "不适用（无正在进行或待进行的输注）",
}
OUTCOMES_ZH = {
    "recovered": "痊愈/缓解",
    "recovering": "好转/缓解中",
    "not_recovered": "未痊愈/未缓解",
    "recovered_with_sequelae": "痊愈伴后遗症",
    "fatal": "死亡",
    "unknown": "未知",
}
METHODS = {
    "fax": ("Fax", "传真"),
    "email": ("E-mail", "电子邮件"),
    "phone": ("Telephone", "电话"),
    "edc": ("Sponsor's EDC", "申办方 EDC 系统"),
    "other": ("Other", "其他"),
}
CLOCK = {
    ClockStatus.NOT_SERIOUS: ("not serious", "非严重"),
    ClockStatus.DUE: ("due", "待报告"),
    ClockStatus.URGENT: ("urgent", "紧急"),
    ClockStatus.OVERDUE: ("overdue", "已超时"),
    ClockStatus.REPORTED: ("reported in time", "已按时报告"),
    ClockStatus.REPORTED_LATE: ("reported late", "逾期报告"),
}
GRADE_WORDS = {
    1: ("Mild", "轻度"),
    2: ("Moderate", "中度"),
    3: ("Severe", "重度"),
    4: ("Life-threatening", "危及生命"),
    5: ("Death", "死亡"),
}
SEX = {"F": ("Female", "女"), "M": ("Male", "男")}
_LISTS = {
    "seriousness": (SERIOUSNESS, SERIOUSNESS_ZH),
    "causality": (CAUSALITY, CAUSALITY_ZH),
    "expectedness": (EXPECTEDNESS, EXPECTEDNESS_ZH),
    "action": (ACTIONS, ACTIONS_ZH),
    "outcome": (OUTCOMES, OUTCOMES_ZH),
}


def ae_word(key: str, lang: str) -> str:
    en, zh = WORDS[key]
    return zh if lang == "zh_CN" else en


def answer(kind: str, key: str | None, lang: str) -> str:
    """The printed answer for ``key`` of one list; a blank answer reads "not assessed"."""
    if key is None:
        return ae_word("not_assessed", lang)
    en, zh = _LISTS[kind]
    shown = zh.get(key) if lang == "zh_CN" else en.get(key)
    return shown or key


def pair(table: Mapping[Any, tuple[str, str]], key: object, lang: str) -> str:
    """One word of a two-language table, or the key itself when it is not there."""
    found = table.get(key)
    if found is None:
        return str(key)
    return found[1] if lang == "zh_CN" else found[0]
