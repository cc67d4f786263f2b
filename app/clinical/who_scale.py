"""WHO Clinical Progression Scale 0-10 (WHO Working Group, Lancet Infect Dis 2020).

Source: clinical.md §6 (PMC7292605). Level 10 (dead) is corroborated by secondary
sources only; the retrieved primary tables showed 0-9.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.clinical.errors import ValidationError
from app.clinical.parsing import optional_bool, optional_decimal

# The scale's P/F and S/F cut-offs between levels 7 and 8.
WHO_PF_CUTOFF_MMHG = Decimal(150)
WHO_SF_CUTOFF = Decimal(200)


@dataclass(frozen=True)
class WhoLevel:
    """One level of the scale."""

    score: int
    state_en: str
    state_zh: str


WHO_SCALE: tuple[WhoLevel, ...] = (
    WhoLevel(0, "Uninfected; no viral RNA detected", "未感染；未检出病毒 RNA"),
    WhoLevel(1, "Asymptomatic; viral RNA detected", "无症状；检出病毒 RNA"),
    WhoLevel(2, "Symptomatic; independent", "有症状；生活自理"),
    WhoLevel(3, "Symptomatic; assistance needed", "有症状；需要协助"),
    WhoLevel(4, "Hospitalised; no oxygen therapy", "住院；无需氧疗"),
    WhoLevel(5, "Hospitalised; oxygen by mask or nasal prongs", "住院；面罩或鼻导管吸氧"),
    WhoLevel(6, "Hospitalised; NIV or high-flow oxygen", "住院；无创通气或高流量吸氧"),
    WhoLevel(
        7,
        "Intubation and mechanical ventilation, P/F ≥ 150 or S/F ≥ 200",
        "气管插管机械通气，P/F ≥ 150 或 S/F ≥ 200",
    ),
    WhoLevel(
        8,
        "Mechanical ventilation, P/F < 150 (S/F < 200) or vasopressors",
        "机械通气，P/F < 150（S/F < 200）或使用血管活性药物",
    ),
    WhoLevel(
        9,
        "Mechanical ventilation, P/F < 150 and vasopressors, dialysis or ECMO",
        "机械通气，P/F < 150 且使用血管活性药物、透析或 ECMO",
    ),
    WhoLevel(10, "Dead", "死亡"),
)


def who_level(score: object) -> WhoLevel:
    """The scale entry for ``score``; anything but a whole number 0-10 is refused."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise ValidationError("who_score", "The WHO progression score is a whole number 0 to 10.")
    return WHO_SCALE[score]


def ventilated_who_score(
    pf_ratio_mmhg: object = None,
    sf_ratio: object = None,
    vasopressors: object = None,
    dialysis_or_ecmo: object = None,
) -> int | None:
    """Level 7, 8 or 9 for a mechanically ventilated patient, applying the table literally.

    P/F is used when given, else S/F (which must come from SpO₂ ≤ 97 %, see
    :func:`app.clinical.oxygenation.sf_ratio_estimate`). Returns None when the recorded
    facts cannot decide the level (no ratio, or support that would change it unknown).
    """
    pf = optional_decimal(pf_ratio_mmhg, "pf_ratio_mmhg")
    sf = optional_decimal(sf_ratio, "sf_ratio")
    pressors = optional_bool(vasopressors, "vasopressors")
    organ_support = optional_bool(dialysis_or_ecmo, "dialysis_or_ecmo")
    for value, name in ((pf, "pf_ratio_mmhg"), (sf, "sf_ratio")):
        if value is not None and value <= 0:
            raise ValidationError(name, "An oxygenation ratio must be above 0.")
    low: bool | None = None
    if pf is not None:
        low = pf < WHO_PF_CUTOFF_MMHG
    elif sf is not None:
        low = sf < WHO_SF_CUTOFF
    if low is None:
        return None
    if low:
        if pressors or organ_support:
            return 9
        if pressors is None or organ_support is None:
            return None  # 8 or 9 depends on support not yet recorded
        return 8
    if pressors is None:
        return None
    return 8 if pressors else 7
