"""Both exports from a hub kept in PostgreSQL (the multi-site set-up) behave as on SQLite."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.hub.csv_export import export_csv
from app.hub.odm import export_odm
from tests.conftest import OpenStore
from tests.integration.hub_fixtures import WEIGHT_REASON, filled_hub
from tests.integration.test_hub_odm import N, item, odm_schema, parse, subject

pytestmark = pytest.mark.postgres


def test_a_postgresql_hub_exports_valid_odm_and_the_same_csv_values(
    opened: OpenStore, tmp_path: Path, pg_url: str
) -> None:
    with filled_hub(opened, tmp_path, pg_url) as world:
        export_odm(world.hub, tmp_path / "study.xml")
        export_csv(world.hub, tmp_path / "csv")
    odm_schema().validate(str(tmp_path / "study.xml"))
    root = parse(tmp_path / "study.xml")
    dm = subject(root, "WH01-001").find("odm:StudyEventData/odm:FormData[@FormOID='F.DM']", N)
    assert dm is not None
    weight = item(dm, "IT.DM.WEIGHT_KG")
    assert weight.findtext("odm:AuditRecord/odm:ReasonForChange", namespaces=N) == WEIGHT_REASON
    events = [
        e.get("StudyEventOID") for e in subject(root, "WH01-001").iterfind("odm:StudyEventData", N)
    ]
    assert events == ["SE.SCREENING", "SE.BASELINE", "SE.D1", "SE.LOG", "SE.UNSCHEDULED"]
    with open(tmp_path / "csv" / "vital_signs.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["subject_key"] for r in rows} == {"WH01-001"} and len(rows) == 3
