"""Lab plausibility: hard and soft ranges per analyte and unit, from the protocol file."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.clinical.errors import Severity
from app.protocol import ProtocolError, default_protocol_path, load_default, load_protocol
from app.protocol.reader import Table
from app.protocol.sections import parse_labs
from app.services.observation_checks import LabPanelEntry, LabValueEntry, check_lab_panel

PROTOCOL = load_default()
TEXT = default_protocol_path().read_text(encoding="utf-8")
AT = datetime(2026, 1, 1, 9, tzinfo=UTC)


def _check(code: str, value: str, unit: str) -> list[tuple[Severity, str]]:
    entry = LabPanelEntry("D7", AT, (LabValueEntry(code, value, unit),))
    return [(m.severity, m.code) for m in check_lab_panel(PROTOCOL, entry, now=AT)]


def test_every_unit_of_every_analyte_has_ranges_with_soft_inside_hard() -> None:
    for lab in PROTOCOL.labs:
        for unit in lab.units:
            rng = unit.range
            assert rng is not None, (lab.code, unit.label)
            assert rng.hard_min <= rng.soft_min <= rng.soft_max <= rng.hard_max
            assert rng.hard_min < rng.hard_max


def test_crp_has_ranges_in_mg_per_l_and_in_mg_per_dl_ten_times_apart() -> None:
    crp = PROTOCOL.lab("CRP")
    assert crp is not None
    per_l, per_dl = crp.unit("mg/L"), crp.unit("mg/dL")
    assert per_l is not None and per_dl is not None
    assert per_l.range is not None and per_dl.range is not None
    assert per_l.range.hard_max == per_dl.range.hard_max * 10 == Decimal(1000)
    assert per_l.range.soft_max == per_dl.range.soft_max * 10


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("250", "mg/dL", [(Severity.HARD, "hard_range")]),
        ("100.1", "mg/dL", [(Severity.HARD, "hard_range")]),
        ("100", "mg/dL", [(Severity.SOFT, "soft_range")]),
        ("30.1", "mg/dL", [(Severity.SOFT, "soft_range")]),
        ("30", "mg/dL", []),
        ("250", "mg/L", []),
        ("300", "mg/L", []),
        ("300.01", "mg/L", [(Severity.SOFT, "soft_range")]),
        ("1000", "mg/L", [(Severity.SOFT, "soft_range")]),
        ("1000.5", "mg/L", [(Severity.HARD, "hard_range")]),
        ("0", "mg/L", []),
        ("<0.5", "mg/L", []),
    ],
)
def test_crp_at_its_boundaries(value: str, unit: str, expected: list[tuple[Severity, str]]) -> None:
    assert _check("CRP", value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("3.9", "g/dL", [(Severity.HARD, "hard_range")]),
        ("4", "g/dL", [(Severity.SOFT, "soft_range")]),
        ("7", "g/dL", []),
        ("17", "g/dL", []),
        ("18", "g/dL", [(Severity.SOFT, "soft_range")]),
        ("18.1", "g/dL", [(Severity.HARD, "hard_range")]),
        ("120", "g/L", []),
        ("12", "g/L", [(Severity.HARD, "hard_range")]),  # g/dL typed as g/L
        ("181", "g/L", [(Severity.HARD, "hard_range")]),
    ],
)
def test_haemoglobin_in_either_unit(
    value: str, unit: str, expected: list[tuple[Severity, str]]
) -> None:
    assert _check("HGB", value, unit) == expected


def test_a_value_above_the_assay_limit_is_checked_by_its_number_and_shown_as_typed() -> None:
    entry = LabPanelEntry("D7", AT, (LabValueEntry("IL6", ">5000", "pg/mL"),))
    (message,) = check_lab_panel(PROTOCOL, entry, now=AT)
    assert message.severity is Severity.SOFT and message.field == "IL6.value"
    assert message.text == (
        "Interleukin-6 (IL-6) >5000 pg/mL is unusual (expected 0–1000 pg/mL): please confirm."
    )


def test_the_hard_message_is_one_sentence_naming_value_limits_and_unit() -> None:
    entry = LabPanelEntry("D7", AT, (LabValueEntry("CRP", "250", "mg/dL"),))
    (message,) = check_lab_panel(PROTOCOL, entry, now=AT)
    assert message.text == (
        "C-reactive protein (CRP) 250 mg/dL is outside the possible range 0–100 mg/dL: "
        "check the value and that the unit is mg/dL."
    )


def _load(tmp_path: Path, old: str, new: str) -> None:
    assert old in TEXT
    path = tmp_path / "NCT04339660.toml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    load_protocol(path)


def test_a_unit_without_ranges_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(ProtocolError) as caught:
        _load(tmp_path, 'ranges."mg/dL" = { hard_min = 0, hard_max = 100, soft_min = 0, '
              "soft_max = 30 }\n", "")  # fmt: skip
    assert caught.value.key_path == "labs[6].ranges"
    assert str(caught.value) == "NCT04339660.toml: labs[6].ranges must give the ranges for 'mg/dL'."


def test_ranges_for_a_unit_the_analyte_does_not_have_are_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(ProtocolError) as caught:
        _load(tmp_path, 'ranges."ng/mL" = {', 'ranges."pg/mL" = { hard_min = 0, hard_max = 1, '
              'soft_min = 0, soft_max = 1 }\nranges."ng/mL" = {')  # fmt: skip
    assert caught.value.key_path == "labs[3].ranges.pg/mL"
    assert "is not a known key" in str(caught.value)


@pytest.mark.parametrize(
    ("old", "new", "key_path"),
    [
        ("soft_min = 0, soft_max = 30 }", "soft_min = 0, soft_max = 300 }",
         'labs[6].ranges.mg/dL.soft_max'),
        ("hard_min = 40, hard_max = 180", "hard_min = 40, hard_max = 20",
         "labs[13].ranges.g/L.hard_max"),
        ("hard_min = 5, hard_max = 1200, soft_min = 50", "hard_min = 5, hard_max = 1200, "
         "soft_min = 2", "labs[12].ranges.×10⁹/L.soft_min"),
        ("soft_min = 0, soft_max = 30 }", "soft_min = 0 }", "labs[6].ranges.mg/dL.soft_max"),
    ],
)  # fmt: skip
def test_ranges_out_of_order_or_missing_name_their_key(
    tmp_path: Path, old: str, new: str, key_path: str
) -> None:
    with pytest.raises(ProtocolError) as caught:
        _load(tmp_path, old, new)
    assert caught.value.key_path == key_path


def test_a_lab_without_any_ranges_is_refused_when_ranges_are_required() -> None:
    lab = {"code": "CRP", "name_en": "CRP", "name_zh": "CRP",
           "units": [{"label": "mg/L", "ucum": "mg/L"}]}  # fmt: skip
    with pytest.raises(ProtocolError) as caught:
        parse_labs([Table(lab, "labs[0]")], require_ranges=True)
    assert caught.value.key_path == "labs[0].ranges"
    assert str(caught.value) == "labs[0].ranges is missing."
