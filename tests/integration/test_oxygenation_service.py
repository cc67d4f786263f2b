"""Oxygenation through a real store: values as typed, exact computed text, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.clinical.units import MMHG_PER_KPA
from app.errors import InvalidInput, NotPermitted, ReasonRequired
from app.models import AuditEntry, Oxygenation
from app.protocol import load_default, load_protocol
from app.roles import Role
from app.services.oxygenation import (
    OxygenationEntry,
    assess_oxygenation,
    blood_gases,
    fio2_convention,
    load_oxygenation,
    record_oxygenation,
)
from app.services.screening import ScreeningEntry, screen_patient
from tests.conftest import OpenStore

PROTOCOL = load_default()
SECOND = load_protocol(Path(__file__).parents[1] / "data" / "protocols" / "NCT99990001.toml")
AT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
NOW = AT + timedelta(hours=1)
BLOOD_GAS = OxygenationEntry(
    measured_at=AT, o2_device="high_flow_nasal_cannula", o2_flow_l_min="40", spo2_percent="92",
    at_rest=True, pao2_entered="8", pao2_unit="kPa", fio2_mode="set", fio2_entered="0.40",
    fio2_at=AT + timedelta(minutes=5),
)  # fmt: skip


def _participant(opened: OpenStore) -> str:
    entry = ScreeningEntry(initials="LW", sex="F", age_years="60", weight_kg="58",
                           admission_date=date(2026, 11, 20))  # fmt: skip
    return screen_patient(opened.store, opened.actor(Role.NURSE), PROTOCOL, entry).id


def _row(opened: OpenStore, record_id: str) -> Oxygenation:
    with opened.store.read() as session:
        return session.get_one(Oxygenation, record_id)


def test_a_blood_gas_in_kpa_is_kept_as_typed_and_converted_once_exactly(opened: OpenStore) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    rid = record_oxygenation(opened.store, nurse, PROTOCOL, pid, BLOOD_GAS, now=NOW)
    row = _row(opened, rid)
    assert (row.pao2_entered, row.pao2_unit) == ("8", "kPa")
    assert Decimal(row.pao2_mmhg) == 8 * MMHG_PER_KPA
    assert Decimal(row.pf_ratio_mmhg) == 8 * MMHG_PER_KPA / Decimal("0.40")
    assert row.pf_band == "moderate"
    assert (row.fio2_entered, row.fio2_fraction, row.fio2_source) == ("0.40", "0.4", "set")
    assert row.fio2_at == AT + timedelta(minutes=5)
    assert row.sf_ratio_estimate == "230"
    assert "E" not in row.pf_ratio_mmhg and len(row.pf_ratio_mmhg) <= 32
    with opened.store.read() as session:
        fields = {
            e.field: e.new_value
            for e in session.scalars(select(AuditEntry).where(AuditEntry.record_id == rid))
        }
    assert fields["pao2_entered"] == "8" and fields["pao2_unit"] == "kPa"
    assert fields["pf_ratio_mmhg"] == row.pf_ratio_mmhg
    (gas,) = blood_gases(opened.store, pid)
    assert gas.id == rid and gas.context.startswith("PaO₂ 8 kPa (60.0 mmHg) on FiO₂ 0.4 (set")


def test_fio2_typed_as_a_percentage_is_refused_with_the_rules_sentence(opened: OpenStore) -> None:
    entry = OxygenationEntry(**{**BLOOD_GAS.__dict__, "fio2_entered": "40"})
    found = assess_oxygenation(PROTOCOL, entry, now=NOW)
    assert [(m.field, m.text) for m in found.messages] == [
        ("fio2_entered", "FiO₂ is a fraction: did you mean 0.40?")
    ]
    with pytest.raises(InvalidInput, match=r"did you mean 0\.40"):
        record_oxygenation(
            opened.store, opened.actor(Role.NURSE), PROTOCOL, _participant(opened), entry, now=NOW
        )


@pytest.mark.parametrize(("spo2", "sf"), [("97", "242.5"), ("98", None)])
def test_sf_is_an_estimate_refused_above_97_percent(
    opened: OpenStore, spo2: str, sf: str | None
) -> None:
    entry = OxygenationEntry(measured_at=AT, o2_device="high_flow_nasal_cannula",
                             spo2_percent=spo2, at_rest=True, fio2_mode="set",
                             fio2_entered="0.4")  # fmt: skip
    found = assess_oxygenation(PROTOCOL, entry, now=NOW)
    assert found.messages == ()
    assert (found.sf_refused is None) == (sf is not None)
    rid = record_oxygenation(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, _participant(opened), entry, now=NOW
    )
    assert _row(opened, rid).sf_ratio_estimate == sf
    assert _row(opened, rid).pf_ratio_mmhg is None


@pytest.mark.parametrize(("protocol", "minutes", "refused"), [
    (PROTOCOL, 30, False), (PROTOCOL, 31, True), (SECOND, 15, False), (SECOND, 16, True),
])  # fmt: skip
def test_a_blood_gas_and_its_fio2_must_be_within_the_protocols_gap(
    protocol: object, minutes: int, refused: bool
) -> None:
    entry = OxygenationEntry(**{**BLOOD_GAS.__dict__, "fio2_at": AT - timedelta(minutes=minutes)})
    found = assess_oxygenation(protocol, entry, now=NOW)  # type: ignore[arg-type]
    assert [m.field for m in found.messages] == (["fio2_at"] if refused else [])
    assert (found.pf is None) == refused


def test_an_estimated_fio2_follows_the_protocols_table(opened: OpenStore) -> None:
    entry = OxygenationEntry(measured_at=AT, o2_device="nasal_cannula", o2_flow_l_min="3",
                             pao2_entered="64", pao2_unit="mmHg", fio2_mode="estimated",
                             fio2_at=AT)  # fmt: skip
    assert assess_oxygenation(PROTOCOL, entry, now=NOW).fio2.fio2_fraction == Decimal("0.32")
    assert assess_oxygenation(SECOND, entry, now=NOW).fio2.fio2_fraction == Decimal("0.33")
    rid = record_oxygenation(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, _participant(opened), entry, now=NOW
    )
    row = _row(opened, rid)
    assert (row.fio2_entered, row.fio2_fraction, row.fio2_source) == (None, "0.32", "estimated")
    assert (row.pf_ratio_mmhg, row.pf_band) == ("200", "moderate")
    assert "0.24" in fio2_convention(PROTOCOL, "nasal_cannula")
    assert "0.25" in fio2_convention(SECOND, "nasal_cannula")
    assert "set on the device" in fio2_convention(PROTOCOL, "high_flow_nasal_cannula")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"pao2_entered": "8", "pao2_unit": "mmHg"}, "pao2_entered", "Was it typed in kPa?"),
        ({"pao2_entered": "90", "pao2_unit": "kPa"}, "pao2_entered", "90 kPa is 675.1 mmHg"),
        ({"fio2_mode": "estimated"}, "fio2_mode", "set on the device"),
        ({"fio2_mode": None}, "fio2_mode", "needs the FiO₂"),
        ({"at_rest": None}, "at_rest", "at rest"),
        ({"measured_at": None}, "measured_at", "date and time"),
        ({"fio2_at": None}, "fio2_at", "when the FiO₂ was read"),
        ({"spo2_percent": "45"}, "spo2_percent", "possible range"),
        ({"o2_device": "space_helmet"}, "o2_device", "how oxygen is given"),
    ],
)
def test_each_problem_is_one_sentence_next_to_its_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    entry = OxygenationEntry(**{**BLOOD_GAS.__dict__, **changes})  # type: ignore[arg-type]
    found = assess_oxygenation(PROTOCOL, entry, now=NOW)
    assert [m.field for m in found.messages] == [field], found.messages
    assert words in found.messages[0].text


def test_a_soft_value_is_flagged_but_saved_once_confirmed(opened: OpenStore) -> None:
    entry = OxygenationEntry(**{**BLOOD_GAS.__dict__, "spo2_percent": "65"})
    found = assess_oxygenation(PROTOCOL, entry, now=NOW)
    assert [(m.field, m.severity.value) for m in found.messages] == [("spo2_percent", "soft")]
    rid = record_oxygenation(
        opened.store, opened.actor(Role.NURSE), PROTOCOL, _participant(opened), entry, now=NOW
    )
    assert _row(opened, rid).spo2_percent == "65"


def test_correcting_a_saved_record_needs_a_reason_and_is_audited(opened: OpenStore) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    rid = record_oxygenation(opened.store, nurse, PROTOCOL, pid, BLOOD_GAS, now=NOW)
    fixed = OxygenationEntry(**{**BLOOD_GAS.__dict__, "pao2_entered": "8.4"})
    with pytest.raises(ReasonRequired):
        record_oxygenation(opened.store, nurse, PROTOCOL, pid, fixed, record_id=rid, now=NOW)
    record_oxygenation(opened.store, nurse, PROTOCOL, pid, fixed, record_id=rid,
                       reason="Typing error corrected", now=NOW)  # fmt: skip
    assert load_oxygenation(opened.store, rid) == (pid, fixed)
    with opened.store.read() as session:
        change = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == rid, AuditEntry.field == "pao2_entered",
                AuditEntry.action == "update",
            )
        ).one()  # fmt: skip
    assert (change.old_value, change.new_value, change.reason) == (
        "8",
        "8.4",
        "Typing error corrected",
    )


def test_a_monitor_cannot_record_oxygenation(opened: OpenStore) -> None:
    pid = _participant(opened)
    with pytest.raises(NotPermitted):
        record_oxygenation(
            opened.store, opened.actor(Role.MONITOR), PROTOCOL, pid, BLOOD_GAS, now=NOW
        )
