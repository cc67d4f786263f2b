"""CSV export of a hub filled through a real device → bundle → hub round trip."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.hub.csv_export import AUDIT_HEADERS, export_csv
from app.hub.export_mapping import blinded_table, blinded_tables
from app.hub.export_model import BOOKKEEPING_HEADERS
from tests.conftest import OpenStore
from tests.integration.hub_fixtures import (
    AWKWARD_NOTE,
    DEVICE,
    MEANING,
    VITALS_REASON,
    WEIGHT_REASON,
    HubWorld,
    device_store,
    enter_second_round,
    filled_hub,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubWorld]:
    """One filled hub for the tests that only read it (building one takes seconds)."""
    folder = tmp_path_factory.mktemp("csv")
    with device_store(folder / "device") as opened, filled_hub(opened, folder) as built:
        yield built


def export(world: HubWorld) -> Path:
    out = world.hub_dir.parent / f"csv-{uuid.uuid4().hex}"
    export_csv(world.hub, out)
    return out


def read(folder: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows, read the way a statistician's script would."""
    with open(folder / name, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_one_file_per_form_plus_signatures_users_and_audit(world: HubWorld) -> None:
    out = export(world)
    expected = {t.csv_file for t in blinded_tables()} | {"audit.csv"}
    assert {p.name for p in out.iterdir()} == expected
    assert {"participants.csv", "vital_signs.csv", "oxygenation.csv", "signatures.csv"} <= expected
    _, gases = read(out, "oxygenation.csv")
    assert [(g["subject_key"], g["pao2_entered"], g["pao2_unit"]) for g in gases] == [
        ("WH01-001", "8.4", "kPa")
    ]
    header, rows = read(out, "dispositions.csv")
    assert rows == [] and header[:4] == list(BOOKKEEPING_HEADERS)


def test_files_are_utf8_without_a_byte_order_mark(world: HubWorld) -> None:
    out = export(world)
    for path in out.iterdir():
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")


def test_headers_are_bookkeeping_then_subject_key_then_mapped_columns_with_units(
    world: HubWorld,
) -> None:
    out = export(world)
    header, _ = read(out, "vital_signs.csv")
    table = blinded_table("vital_signs")
    assert table is not None
    assert header == [*BOOKKEEPING_HEADERS, "subject_key", *(c.header for c in table.columns)]
    assert {"temperature_c", "spo2_percent", "systolic_bp_mmhg", "o2_flow_l_min"} <= set(header)
    header, _ = read(out, "signatures.csv")
    assert "signed_record_id" in header and header.count("record_id") == 1
    header, _ = read(out, "audit.csv")
    assert header == list(AUDIT_HEADERS)


def test_values_are_written_as_stored(world: HubWorld) -> None:
    out = export(world)
    _, participants = read(out, "participants.csv")
    p1 = next(r for r in participants if r["record_id"] == world.ids["p1"])
    assert p1["subject_key"] == "WH01-001"
    assert p1["weight_kg"] == "66.5" and p1["height_cm"] == "162.0"
    assert p1["date_of_birth"] == "1961-03-02"
    assert p1["created_at"] == "2026-11-24T09:00:00.000000Z"
    assert p1["kit_code"] == "K-1041"
    assert p1["age_years"] == ""  # no value, not "None"
    assert p1["device"] == DEVICE and p1["deleted"] == "false" and int(p1["row_version"]) == 2
    p2 = next(r for r in participants if r["record_id"] == world.ids["p2"])
    assert p2["subject_key"] == "S-002" and p2["study_id"] == ""
    _, vitals = read(out, "vital_signs.csv")
    v1 = next(r for r in vitals if r["record_id"] == world.ids["v1"])
    assert v1["subject_key"] == "WH01-001" and v1["participant_id"] == world.ids["p1"]
    assert (v1["temperature_c"], v1["spo2_percent"], v1["fio2_fraction"]) == ("38.4", "91", "0.32")
    assert v1["measured_at"] == "2026-11-25T08:00:00.000000Z"
    v2 = next(r for r in vitals if r["record_id"] == world.ids["v2"])
    assert v2["note"] == AWKWARD_NOTE  # quotes, comma, control code and CJK all as stored
    assert len(vitals) == 3


def test_signatures_show_valid_and_voided_ones(world: HubWorld) -> None:
    out = export(world)
    _, signatures = read(out, "signatures.csv")
    on_p1 = [s for s in signatures if s["signed_record_id"] == world.ids["p1"]]
    assert {s["meaning"] for s in on_p1} >= {MEANING}
    assert all(s["voided_at"] == "" for s in on_p1)
    on_v1 = [s for s in signatures if s["signed_record_id"] == world.ids["v1"]]
    assert len(on_v1) == 1 and on_v1[0]["voided_at"].endswith("Z")
    assert VITALS_REASON in on_v1[0]["void_reason"]


def test_the_audit_file_holds_every_change_with_its_reason(world: HubWorld) -> None:
    out = export(world)
    _, audit = read(out, "audit.csv")
    weight = [r for r in audit if r["field"] == "weight_kg" and r["action"] == "update"]
    assert len(weight) == 1
    assert (weight[0]["old_value"], weight[0]["new_value"]) == ("68.0", "66.5")
    assert weight[0]["reason"] == WEIGHT_REASON and weight[0]["values_withheld"] == "false"
    seqs = [int(r["seq"]) for r in audit]
    assert seqs == list(range(1, len(seqs) + 1))  # the whole chain, in order, no gaps
    assert {r["action"] for r in audit} >= {"insert", "update", "login", "signed"}


def test_a_second_bundle_adds_rows_to_the_next_export(opened: OpenStore, tmp_path: Path) -> None:
    with filled_hub(opened, tmp_path) as world:
        before = export(world)
        enter_second_round(world)
        world.sync()
        after = export(world)
    _, old = read(before, "participants.csv")
    _, new = read(after, "participants.csv")
    assert len(new) == len(old) + 1
    assert "WH01-002" in {r["subject_key"] for r in new}
    _, vitals = read(after, "vital_signs.csv")
    assert "D2" in {r["visit_code"] for r in vitals}
