"""Safety data at the hub, through real bundles: ``bedside hub safety`` flags a late SAE
by the hub's own clock, and the ODM and CSV exports carry AEs, SAE reports and con-meds
(the ODM valid against the CDISC 1.3.2 schema)."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.clinical.adverse_events import AeEntry, ClockStatus
from app.clinical.conmeds import ConMedEntry
from app.hub.csv_export import export_csv
from app.hub.odm import ODM_NS, export_odm
from app.hub.safety import hub_saes
from app.hub.store import Hub
from app.protocol import load_default
from app.roles import Role
from app.services.adverse_events import mark_reported, record_ae
from app.services.conmeds import record_conmed
from tests.conftest import CliResult, run_cli
from tests.integration.hub_fixtures import (
    DEVICE,
    HUB_PASSWORD,
    HUB_USER,
    SITE,
    HubWorld,
    device_store,
    filled_hub,
)
from tests.integration.test_hub_odm import odm_schema

PROTOCOL = load_default()
N = {"odm": ODM_NS}
AS_OF = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 26)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _serious(term: str, aware: str, grade: int = 3, criterion: str = "hospitalisation") -> AeEntry:
    moment = _at(aware)
    return AeEntry(term, "", moment - timedelta(hours=1), grade=grade, outcome="recovering",
                   seriousness=frozenset({criterion}), aware_at=moment)  # fmt: skip


def _enter_safety(world: HubWorld) -> dict[str, str]:
    """Four serious events (late, reported in time, reported late, still due), one that
    is not serious, and a con-med, all for WH01-001."""
    nurse = world.device.actor(Role.NURSE)
    pid = world.ids["p1"]
    entered = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    ids = {
        "late": _serious("hypoxia", "2026-11-25T10:00:00"),
        "in_time": _serious("fever", "2026-11-26T06:00:00", 2, "medically_important"),
        "reported_late": _serious("hypotension", "2026-11-25T08:00:00"),
        "due": _serious("dyspnea", "2026-11-26T09:00:00"),
        "mild": AeEntry("chills", "", _at("2026-11-25T11:00:00"), grade=1, outcome="recovered",
                        end_at=_at("2026-11-25T12:00:00"), infusion_related=True),
    }  # fmt: skip
    done = {k: record_ae(world.device.store, nurse, PROTOCOL, pid, e, now=entered)
            for k, e in ids.items()}  # fmt: skip
    store = world.device.store
    mark_reported(store, nurse, done["in_time"], _at("2026-11-26T08:00:00"), "fax", now=entered)
    mark_reported(store, nurse, done["in_time"], _at("2026-11-26T10:00:00"), "email", now=entered)
    mark_reported(store, nurse, done["reported_late"], _at("2026-11-26T09:00:00"), "phone",
                  now=entered)  # fmt: skip
    record_conmed(store, nurse, pid, ConMedEntry("Dexamethasone", "6", "mg", "iv", "once daily",
                  start_on=DAY - timedelta(days=2), ongoing=True, conventional=True,
                  indication="COVID-19 pneumonia"), today=DAY)  # fmt: skip
    return done


@pytest.fixture(scope="module")
def hub_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A hub that received the device's safety data in a second bundle, then closed."""
    folder = tmp_path_factory.mktemp("safety")
    with device_store(folder / "device") as opened, filled_hub(opened, folder) as world:
        ids = _enter_safety(world)
        world.sync()
    return world.hub_dir, ids


@pytest.fixture
def hub(hub_dir: tuple[Path, dict[str, str]]) -> Iterator[Hub]:
    opened = Hub.open(hub_dir[0], HUB_USER, HUB_PASSWORD)
    try:
        yield opened
    finally:
        opened.close()


def hub_cli(folder: Path, *args: str) -> CliResult:
    return run_cli("hub", "safety", *args, data_dir=folder, user=HUB_USER, password=HUB_PASSWORD)


def test_every_sae_has_its_awareness_deadline_and_report_and_the_late_ones_are_flagged(
    hub: Hub, hub_dir: tuple[Path, dict[str, str]]
) -> None:
    ids = hub_dir[1]
    saes = {s.ae_id: s for s in hub_saes(hub, PROTOCOL, AS_OF)}
    assert set(saes) == {ids["late"], ids["in_time"], ids["reported_late"], ids["due"]}
    late = saes[ids["late"]]
    assert (late.status, late.late, late.reported_at) == (ClockStatus.OVERDUE, True, None)
    assert late.aware_at == _at("2026-11-25T10:00:00")
    assert late.deadline == _at("2026-11-26T10:00:00")  # 24 h, from the protocol file
    assert (late.subject, late.kit_code, late.device, late.site) == (
        "WH01-001", "K-1041", DEVICE, SITE
    )  # fmt: skip
    assert late.seriousness == ("hospitalisation",) and late.grade == 3
    in_time = saes[ids["in_time"]]
    assert (in_time.status, in_time.late, in_time.follow_ups) == (ClockStatus.REPORTED, False, 1)
    assert in_time.reported_at == _at("2026-11-26T08:00:00")
    assert saes[ids["reported_late"]].status is ClockStatus.REPORTED_LATE
    assert saes[ids["reported_late"]].late
    assert (saes[ids["due"]].status, saes[ids["due"]].late) == (ClockStatus.DUE, False)
    # The hub's clock, not the ward's: a day later the unreported one is overdue too.
    later = {s.ae_id: s for s in hub_saes(hub, PROTOCOL, AS_OF + timedelta(days=1))}
    assert later[ids["due"]].status is ClockStatus.OVERDUE
    urgent = {s.ae_id: s for s in hub_saes(hub, PROTOCOL, _at("2026-11-27T03:00:00"))}
    assert urgent[ids["due"]].status is ClockStatus.URGENT


def test_hub_safety_json_lists_each_sae_without_an_arm(
    hub_dir: tuple[Path, dict[str, str]],
) -> None:
    folder, ids = hub_dir
    done = hub_cli(folder, "--json", "--as-of", "2026-11-26T12:00:00Z")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["as_of"].startswith("2026-11-26T12:00:00")
    by_id = {s["ae_id"]: s for s in data["saes"]}
    late = by_id[ids["late"]]
    assert late["late"] is True and late["clock"] == "overdue" and late["reported_at"] is None
    assert late["aware_at"].startswith("2026-11-25T10:00:00")
    assert late["reporting_deadline"].startswith("2026-11-26T10:00:00")
    assert by_id[ids["in_time"]]["reported_at"].startswith("2026-11-26T08:00:00")
    assert data["saes"][0]["late"] is True  # late ones first
    for sae in data["saes"]:
        assert not any("arm" in key for key in sae)


def test_hub_safety_prints_a_table_with_late_flagged(
    hub_dir: tuple[Path, dict[str, str]],
) -> None:
    done = hub_cli(hub_dir[0], "--as-of", "2026-11-26T12:00:00+00:00")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    hypoxia = next(line for line in lines if line.endswith("Hypoxia"))
    assert hypoxia.startswith("LATE") and "2026-11-26 10:00" in hypoxia and "overdue" in hypoxia
    fever = next(line for line in lines if line.endswith("Fever"))
    assert not fever.startswith("LATE") and "2026-11-26 08:00" in fever
    assert lines[-1] == "4 serious adverse events; 2 late, as of 2026-11-26 12:00 UTC."
    assert "placebo" not in done.stdout.casefold()


@pytest.mark.parametrize("as_of", ["yesterday", "2026-11-26T12:00:00", ""])
def test_a_bad_as_of_is_one_line_on_stderr(
    hub_dir: tuple[Path, dict[str, str]], as_of: str
) -> None:
    done = hub_cli(hub_dir[0], "--as-of", as_of)
    assert done.returncode != 0 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bedside: ") and "--as-of" in lines[0]


def test_the_odm_export_carries_aes_sae_reports_and_conmeds_and_validates(
    hub: Hub, hub_dir: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    ids = hub_dir[1]
    out = tmp_path / "study.xml"
    export_odm(hub, out)
    odm_schema().validate(str(out))
    root = ET.parse(out).getroot()  # noqa: S314 - our own export
    subject = root.find(".//odm:SubjectData[@SubjectKey='WH01-001']", N)
    assert subject is not None
    forms = subject.findall(".//odm:FormData", N)
    keys = {(f.get("FormOID"), f.get("FormRepeatKey")) for f in forms}
    assert {("F.AE", ids[k]) for k in ids} <= keys
    assert sum(1 for oid, _ in keys if oid == "F.SAER") == 3  # found through their events
    assert sum(1 for oid, _ in keys if oid == "F.CM") == 1
    late = next(f for f in forms if f.get("FormRepeatKey") == ids["late"])
    items = {i.get("ItemOID"): i.get("Value") for i in late.iter(f"{{{ODM_NS}}}ItemData")}
    assert items["IT.AE.GRADE"] == "3" and items["IT.AE.SERIOUS_HOSPITALISATION"] == "true"
    assert str(items["IT.AE.AWARE_AT"]).startswith("2026-11-25T10:00:00")
    defs = {d.get("OID") for d in root.iter(f"{{{ODM_NS}}}CodeList")}
    assert {"CL.CAUSALITY", "CL.AE_OUTCOME", "CL.SAE_REPORT_METHOD", "CL.ROUTE"} <= defs


def test_the_csv_export_has_one_file_each_with_the_subject_key(
    hub: Hub, hub_dir: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    ids = hub_dir[1]
    summary = export_csv(hub, tmp_path / "csv")
    assert summary.rows["adverse_events.csv"] == 5 and summary.rows["sae_reports.csv"] == 3
    assert summary.rows["con_meds.csv"] == 1

    def rows(name: str) -> list[dict[str, str]]:
        with open(tmp_path / "csv" / name, encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    events = {r["record_id"]: r for r in rows("adverse_events.csv")}
    assert events[ids["late"]]["subject_key"] == "WH01-001"
    assert events[ids["late"]]["clock_started_at"].startswith("2026-11-25T10:00:00")
    reports = rows("sae_reports.csv")
    assert {r["subject_key"] for r in reports} == {"WH01-001"}
    assert sorted(r["number"] for r in reports if r["adverse_event_id"] == ids["in_time"]) == [
        "0", "1"
    ]  # fmt: skip
    assert rows("con_meds.csv")[0]["dose"] == "6" and rows("con_meds.csv")[0]["route"] == "iv"
