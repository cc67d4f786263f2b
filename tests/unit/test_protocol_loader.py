"""The NCT04339660 protocol file loads into typed data, and every malformation is named."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from app.protocol import (
    CriterionKind,
    OxygenDevice,
    ProtocolError,
    default_protocol_path,
    load_default,
    load_protocol,
)
from app.protocol.model import PLAUSIBILITY_FIELDS

DEFAULT_TEXT = default_protocol_path().read_text(encoding="utf-8")


def _load_modified(tmp_path: Path, old: str, new: str) -> None:
    assert DEFAULT_TEXT.count(old) >= 1, f"test fixture text not found: {old!r}"
    path = tmp_path / "NCT04339660.toml"
    path.write_text(DEFAULT_TEXT.replace(old, new, 1), encoding="utf-8")
    load_protocol(path)


def test_default_protocol_has_the_registration_identifiers() -> None:
    protocol = load_default()
    assert protocol.study.nct_id == "NCT04339660"
    assert protocol.study.other_ids == ("Pr20200402",)
    assert "Puren Hospital" in protocol.study.sponsor_en
    assert protocol.study.title_en.startswith("Clinical Research of Human Mesenchymal")
    assert protocol.study.title_zh
    assert protocol.study.masking == "triple"


def test_default_protocol_has_two_unblinded_arms_one_placebo() -> None:
    arms = load_default().arms
    assert [a.code for a in arms] == ["A", "B"]
    assert [a.is_placebo for a in arms] == [False, True]


def test_default_protocol_lists_every_registered_criterion_with_kind_and_both_languages() -> None:
    protocol = load_default()
    assert [c.id for c in protocol.inclusion] == ["IN01", "IN02", "IN03", "IN04", "IN05", "IN06"]
    assert [c.id for c in protocol.exclusion] == ["EX01", "EX02", "EX03", "EX04"]
    kinds = {c.id: c.kind for c in protocol.criteria}
    assert kinds["IN01"] is CriterionKind.AGE
    assert kinds["IN02"] is CriterionKind.CT
    assert kinds["IN03"] is CriterionKind.RT_PCR
    assert kinds["IN04"] is CriterionKind.SEVERITY
    assert all(c.kind is CriterionKind.ATTESTATION for c in protocol.exclusion)
    assert all(c.text_en and c.text_zh for c in protocol.criteria)


def test_default_thresholds_are_exact_decimals_from_the_registration() -> None:
    t = load_default().thresholds
    assert (t.age_min_years, t.age_max_years) == (18, 75)
    assert t.respiratory_rate_min_per_min == Decimal(30)
    assert t.spo2_max_percent == Decimal(93)
    assert t.pf_ratio_max_mmhg == Decimal(300)


def test_default_visits_are_baseline_days_1_2_7_and_weeks_2_3_4() -> None:
    visits = load_default().visits
    assert [(v.code, v.day) for v in visits] == [
        ("BASELINE", 0),
        ("D1", 1),
        ("D2", 2),
        ("D7", 7),
        ("W2", 14),
        ("W3", 21),
        ("W4", 28),
    ]
    assert [(v.window_before_days, v.window_after_days) for v in visits[1:]] == [
        (0, 0),
        (0, 0),
        (1, 1),
        (2, 2),
        (2, 2),
        (2, 2),
    ]


def test_default_lab_panel_has_the_registered_analytes_with_explicit_units() -> None:
    protocol = load_default()
    codes = [lab.code for lab in protocol.labs]
    assert codes == [
        "TNF_A", "IL1B", "IL6", "TGF_B", "IL8", "PCT", "CRP",
        "CD4", "CD8", "WBC", "LYMPH", "NEUT", "PLT", "HGB",
    ]  # fmt: skip
    crp, tgf, cd4 = protocol.lab("CRP"), protocol.lab("TGF_B"), protocol.lab("CD4")
    assert crp is not None and [u.label for u in crp.units] == ["mg/L", "mg/dL"]
    assert tgf is not None and [u.label for u in tgf.units] == ["ng/mL"]
    assert cd4 is not None and cd4.unit("cells/µL") is not None
    assert cd4.unit("%") is None


def test_unverified_loinc_codes_are_left_out_and_secondary_ones_flagged() -> None:
    protocol = load_default()
    loinc = {lab.code: (lab.loinc, lab.loinc_confirmed) for lab in protocol.labs}
    for code in ("IL1B", "IL8", "TGF_B"):
        assert loinc[code] == (None, False)
    assert loinc["CRP"] == ("1988-5", True)
    assert loinc["IL6"] == ("26881-3", False)
    assert "33762-6" not in DEFAULT_TEXT.split("# Laboratory panel")[1]


def test_default_dose_and_infusion_schedule_follow_the_registration_and_assumption() -> None:
    protocol = load_default()
    assert protocol.dose.cells_per_kg == Decimal(1_000_000)
    assert protocol.dose.volume_ml == protocol.dose.placebo_volume_ml == Decimal(100)
    vitals = protocol.infusion_vitals
    assert vitals.during_every_minutes == 15
    assert vitals.after_end_minutes == (60, 120, 360, 1440)
    assert set(vitals.measurements) <= set(PLAUSIBILITY_FIELDS)


def test_default_plausibility_hard_ranges_are_those_of_clinical_md() -> None:
    protocol = load_default()
    expected: dict[str, tuple[Decimal | int, Decimal | int]] = {
        "heart_rate_per_min": (0, 300),
        "respiratory_rate_per_min": (0, 120),
        "spo2_percent": (50, 100),
        "temperature_celsius": (32, 42),
        "systolic_bp_mmhg": (0, 300),
        "diastolic_bp_mmhg": (0, 200),
        "mean_arterial_pressure_mmhg": (0, 250),
        "fio2_fraction": (Decimal("0.21"), 1),
        "pao2_mmhg": (40, 600),
        "paco2_mmhg": (10, 150),
        "ph": (Decimal("6.8"), 8),
        "weight_kg": (1, 500),
        "height_cm": (10, 230),
    }
    for field, (low, high) in expected.items():
        rng = protocol.range_for(field)
        assert rng is not None
        assert (rng.hard_min, rng.hard_max) == (Decimal(low), Decimal(high)), field
        assert rng.hard_min <= rng.soft_min <= rng.soft_max <= rng.hard_max


def test_set_fio2_devices_have_no_estimate_table() -> None:
    oxygenation = load_default().oxygenation
    assert oxygenation.estimate_table(OxygenDevice.NASAL_CANNULA) is not None
    for device in (OxygenDevice.HIGH_FLOW_NASAL_CANNULA, OxygenDevice.INVASIVE_VENTILATION):
        assert oxygenation.estimate_table(device) is None


def test_fingerprint_is_the_sha256_of_the_file_bytes_and_stable() -> None:
    raw = default_protocol_path().read_bytes()
    assert load_default().fingerprint == hashlib.sha256(raw).hexdigest()
    assert load_default().fingerprint == load_default().fingerprint


def test_fingerprint_changes_when_only_a_comment_changes(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(DEFAULT_TEXT + "\n# reviewed\n", encoding="utf-8")
    assert load_protocol(path).fingerprint != load_default().fingerprint


MALFORMED = [
    ("spo2_max_percent = 93 ", "spo2_max_percent = 930 ", "thresholds.spo2_max_percent",
     "must be a number between 50 and 100"),
    ("spo2_max_percent = 93 ", 'spo2_max_percent = "93" ', "thresholds.spo2_max_percent", None),
    ("age_max_years = 75 ", "age_max_years = 15 ", "thresholds.age_max_years", None),
    ('nct_id = "NCT04339660"', 'nct_id = "NCT0433966"', "study.nct_id", None),
    ("sponsor_zh = ", "sponsor_zz = ", "study.sponsor_zh", "is missing"),
    ("[study]\n", '[study]\ncolour = "red"\n', "study.colour", "is not a known key"),
    ("schema_version = 1\n", "schema_version = 1\nextra = 1\n", "extra", "is not a known key"),
    ("schema_version = 1\n", "schema_version = 2\n", "schema_version", None),
    ("unblinded_only = true\nname_en", "unblinded_only = false\nname_en",
     "arms[0].unblinded_only", None),
    ('id = "IN02"', 'id = "IN01"', "eligibility.inclusion[1].id", "repeats"),
    ('id = "IN02"', 'id = "EX09"', "eligibility.inclusion[1].id", None),
    ('kind = "ct"', 'kind = "xray"', "eligibility.inclusion[1].kind", "must be one of"),
    ('kind = "attestation"', 'kind = "age"', "eligibility.exclusion[0].kind", None),
    ("day = 7\n", "day = 1\n", "visits[3].day", "must be later"),
    ("day = 14\nwindow_before_days = 2", "day = 14\nwindow_before_days = 6",
     "visits[4].window_before_days", "overlap"),
    ('loinc = "1988-5"', 'loinc = "CRP"', "labs[6].loinc", None),
    ('units = [{ label = "ng/mL", ucum = "ng/mL" }]', "units = []", "labs[3].units", None),
    ("cells_per_kg = 1_000_000", "cells_per_kg = 0", "dose.cells_per_kg", None),
    ("hard_max = 1.00", "hard_max = 100", "plausibility.fio2_fraction.hard_max",
     "must be a number between 0.21 and 1"),
    ("soft_max = 150\n", "soft_max = 350\n", "plausibility.heart_rate_per_min.soft_max", None),
    ("[plausibility.height_cm]", "[plausibility.height_m]", "plausibility.height_cm", "missing"),
    ('"temperature_celsius",\n]', '"temp",\n]', "infusion_vitals.measurements[5]", None),
    ("[60, 120, 360, 1440]", "[60, 30]", "infusion_vitals.after_end_minutes[1]", None),
    ('device = "simple_mask"', 'device = "high_flow_nasal_cannula"',
     "oxygenation.estimate[1].device", None),
    ("[[5, 0.40], [6, 0.45]", "[[5, 0.40], [4, 0.45]", "oxygenation.estimate[1].points[1]", None),
    ("[6, 0.44]]", "[6, 44]]", "oxygenation.estimate[0].points[5][1]", None),
    ("pairing_max_gap_minutes = 30", "pairing_max_gap_minutes = nan",
     "oxygenation.pairing_max_gap_minutes", None),
    ("mortality_day = 28", "mortality_day = true", "outcomes.mortality_day", None),
    ("respiratory_rate_min_per_min = 30       # severe if RR ≥ 30/min\n"
     "spo2_max_percent = 93                   # severe if resting SpO₂ ≤ 93 %\n"
     "pf_ratio_max_mmhg = 300", "", "thresholds", "at least one of"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "key_path", "wording"), MALFORMED)
def test_malformed_file_is_refused_with_one_sentence_naming_the_key(
    tmp_path: Path, old: str, new: str, key_path: str, wording: str | None
) -> None:
    with pytest.raises(ProtocolError) as caught:
        _load_modified(tmp_path, old, new)
    message = str(caught.value)
    assert caught.value.key_path == key_path
    assert message.startswith(f"NCT04339660.toml: {key_path} ")
    assert message.endswith(".")
    assert "\n" not in message
    assert not re.search(r"\.\s+[A-Z]", message), "more than one sentence"
    if wording is not None:
        assert wording in message


def test_missing_file_is_refused_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(ProtocolError, match=r"cannot be read"):
        load_protocol(tmp_path / "absent.toml")


def test_invalid_toml_is_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[study\nnct_id = 1", encoding="utf-8")
    with pytest.raises(ProtocolError, match=r"^bad\.toml: the file is not valid TOML"):
        load_protocol(path)


def test_non_utf8_file_is_refused_as_such(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(b"title = '\xe9'\n")
    with pytest.raises(ProtocolError, match=r"not UTF-8"):
        load_protocol(path)


def test_loaded_protocol_is_immutable() -> None:
    protocol = load_default()
    with pytest.raises(AttributeError):
        protocol.thresholds.spo2_max_percent = Decimal(99)  # type: ignore[misc]


def test_protocol_and_clinical_packages_import_neither_qt_nor_a_database() -> None:
    root = Path(__file__).resolve().parents[2] / "app"
    forbidden = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|sqlalchemy|sqlcipher3)", re.M)
    for package in ("protocol", "clinical"):
        for source in (root / package).glob("*.py"):
            assert not forbidden.search(source.read_text(encoding="utf-8")), source
