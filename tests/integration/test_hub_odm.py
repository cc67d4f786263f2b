"""ODM 1.3.2 export of a hub filled through a real device → bundle → hub round trip."""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from app.hub.odm import ODM_NS, export_odm
from tests.conftest import ROOT, OpenStore
from tests.integration.hub_fixtures import (
    AWKWARD_NOTE,
    DEVICE,
    MEANING,
    SECOND_MEANING,
    VITALS_REASON,
    WEIGHT_REASON,
    HubWorld,
    device_store,
    enter_second_round,
    filled_hub,
)

N = {"odm": ODM_NS}


def odm_schema_path() -> Path | None:
    """The official schema beside the repo (../shared/standards/odm-1.3.2/), else
    $BEDSIDE_ODM_XSD; None when neither is there."""
    beside = ROOT.parent / "shared" / "standards" / "odm-1.3.2" / "ODM1-3-2.xsd"
    if beside.exists():
        return beside
    env = Path(os.environ.get("BEDSIDE_ODM_XSD", "") or "/nonexistent")
    if env.is_dir():
        env = env / "ODM1-3-2.xsd"  # the folder with the schema and its imports
    return env if env.is_file() else None


@cache
def odm_schema() -> Any:
    xmlschema = pytest.importorskip("xmlschema")
    path = odm_schema_path()
    if path is None:
        pytest.skip(
            "The CDISC ODM 1.3.2 schema is not beside the repo (../shared/standards/odm-1.3.2/) "
            "and BEDSIDE_ODM_XSD is not set: schema validation cannot run."
        )
    return xmlschema.XMLSchema(str(path))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubWorld]:
    """One filled hub for the tests that only read it (building one takes seconds)."""
    folder = tmp_path_factory.mktemp("odm")
    with device_store(folder / "device") as opened, filled_hub(opened, folder) as built:
        yield built


@pytest.fixture
def fresh_world(opened: OpenStore, tmp_path: Path) -> Iterator[HubWorld]:
    """A filled hub of its own, for a test that adds data."""
    with filled_hub(opened, tmp_path) as built:
        yield built


def parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own export, not untrusted input


def export(world: HubWorld) -> ET.Element:
    out = world.hub_dir.parent / f"export-{uuid.uuid4().hex}.xml"
    export_odm(world.hub, out)
    return parse(out)


def subject(root: ET.Element, key: str) -> ET.Element:
    found = root.find(f"odm:ClinicalData/odm:SubjectData[@SubjectKey='{key}']", N)
    assert found is not None, f"no subject {key}"
    return found


def item(form: ET.Element, oid: str) -> ET.Element:
    found = form.find(f"odm:ItemGroupData/odm:ItemData[@ItemOID='{oid}']", N)
    assert found is not None, f"no item {oid}"
    return found


def test_the_export_of_a_real_round_trip_validates_against_the_official_schema(
    world: HubWorld,
) -> None:
    out = world.hub_dir.parent / "validated.odm.xml"
    summary = export_odm(world.hub, out)
    odm_schema().validate(str(out))
    root = parse(out)
    assert root.tag == f"{{{ODM_NS}}}ODM"
    assert root.get("FileType") == "Snapshot"
    assert root.get("ODMVersion") == "1.3.2"
    assert summary.subjects == 2 and summary.forms == 7


def test_every_reference_in_the_file_points_at_a_definition(world: HubWorld) -> None:
    root = export(world)
    defined = {el.get("OID") for el in root.iter() if el.get("OID")}
    for attribute in (
        "StudyEventOID",
        "FormOID",
        "ItemGroupOID",
        "ItemOID",
        "UserOID",
        "LocationOID",
        "SignatureOID",
        "MeasurementUnitOID",
        "CodeListOID",
        "MetaDataVersionOID",
        "StudyOID",
    ):
        for el in root.iter():
            ref = el.get(attribute)
            if ref is not None:
                assert ref in defined, f"{el.tag} {attribute}={ref} has no definition"


def test_items_are_all_untyped_item_data(world: HubWorld) -> None:
    root = export(world)
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert "ItemData" in tags
    assert {t for t in tags if t.startswith("ItemData")} == {"ItemData"}


def test_subjects_are_keyed_by_study_id_else_screening_number(world: HubWorld) -> None:
    root = export(world)
    keys = [s.get("SubjectKey") for s in root.iterfind("odm:ClinicalData/odm:SubjectData", N)]
    assert keys == ["S-002", "WH01-001"]


def test_a_corrected_value_carries_its_audit_record_with_the_reason(world: HubWorld) -> None:
    dm = subject(export(world), "WH01-001").find(
        "odm:StudyEventData[@StudyEventOID='SE.SCREENING']/odm:FormData[@FormOID='F.DM']", N
    )
    assert dm is not None
    weight = item(dm, "IT.DM.WEIGHT_KG")
    assert weight.get("Value") == "66.5"
    audit = weight.find("odm:AuditRecord", N)
    assert audit is not None
    assert audit.findtext("odm:ReasonForChange", namespaces=N) == WEIGHT_REASON
    user, place = audit.find("odm:UserRef", N), audit.find("odm:LocationRef", N)
    assert user is not None and user.get("UserOID") == f"USR.{DEVICE}.nurse"
    assert place is not None and place.get("LocationOID") == f"LOC.DEVICE.{DEVICE}"
    assert audit.findtext("odm:DateTimeStamp", namespaces=N, default="").endswith("Z")
    source_id = audit.findtext("odm:SourceID", namespaces=N, default="")
    device, seq = source_id.rsplit(":", 1)
    assert device == DEVICE and int(seq) > 0
    sex = item(dm, "IT.DM.SEX").find("odm:AuditRecord", N)
    assert sex is not None and sex.find("odm:ReasonForChange", N) is None


def test_a_valid_signature_is_on_its_form_and_a_voided_one_is_not(world: HubWorld) -> None:
    root = export(world)
    p1 = subject(root, "WH01-001")
    dm = p1.find("odm:StudyEventData/odm:FormData[@FormOID='F.DM']", N)
    assert dm is not None
    # Newest on the form; the earlier one (still valid) on the form's only item group.
    for place, meaning in (
        ("odm:Signature", SECOND_MEANING),
        ("odm:ItemGroupData/odm:Signature", MEANING),
    ):
        signature = dm.find(place, N)
        assert signature is not None
        signer = signature.find("odm:UserRef", N)
        assert signer is not None and signer.get("UserOID") == f"USR.{DEVICE}.investigator"
        assert signature.findtext("odm:DateTimeStamp", namespaces=N, default="").endswith("Z")
        ref = signature.find("odm:SignatureRef", N)
        assert ref is not None
        definition = root.find(
            f"odm:AdminData/odm:SignatureDef[@OID='{ref.get('SignatureOID')}']", N
        )
        assert definition is not None
        assert definition.findtext("odm:Meaning", namespaces=N) == meaning
        assert definition.get("Methodology") == "Electronic"
    baseline = p1.find("odm:StudyEventData[@StudyEventOID='SE.BASELINE']/odm:FormData", N)
    assert baseline is not None and baseline.find(".//odm:Signature", N) is None
    spo2 = item(baseline, "IT.VS.SPO2_PERCENT")
    assert spo2.get("Value") == "91"
    assert spo2.findtext("odm:AuditRecord/odm:ReasonForChange", namespaces=N) == VITALS_REASON


def test_visits_follow_the_protocol_and_unknown_codes_are_unscheduled(world: HubWorld) -> None:
    root = export(world)
    defs = [e.get("OID") for e in root.iterfind(".//odm:MetaDataVersion/odm:StudyEventDef", N)]
    assert defs[:3] == ["SE.SCREENING", "SE.BASELINE", "SE.D1"]
    events = [
        (e.get("StudyEventOID"), e.get("StudyEventRepeatKey"))
        for e in subject(root, "WH01-001").iterfind("odm:StudyEventData", N)
    ]
    assert events == [
        ("SE.SCREENING", None),
        ("SE.BASELINE", None),
        ("SE.D1", None),
        ("SE.LOG", None),
        ("SE.UNSCHEDULED", "INFUSION_T15"),
    ]
    kinds = {
        e.get("OID"): e.get("Type")
        for e in root.iterfind(".//odm:MetaDataVersion/odm:StudyEventDef", N)
    }
    assert (kinds["SE.D7"], kinds["SE.LOG"], kinds["SE.UNSCHEDULED"]) == (
        "Scheduled",
        "Common",
        "Unscheduled",
    )


def test_clinical_forms_land_in_their_visit_or_the_log_event(world: HubWorld) -> None:
    p1 = subject(export(world), "WH01-001")
    gas = p1.find(
        "odm:StudyEventData[@StudyEventOID='SE.BASELINE']/odm:FormData[@FormOID='F.OX']", N
    )
    assert gas is not None and gas.get("FormRepeatKey") == world.ids["ox1"]
    assert item(gas, "IT.OX.PAO2_MMHG").get("Value") == "63.0"
    assert item(gas, "IT.OX.FIO2_SOURCE").get("Value") == "estimated"
    swab = p1.find("odm:StudyEventData[@StudyEventOID='SE.LOG']/odm:FormData[@FormOID='F.NA']", N)
    assert swab is not None and item(swab, "IT.NA.RESULT").get("Value") == "positive"


def test_metadata_has_units_range_checks_and_code_lists_from_protocol_and_mapping(
    world: HubWorld,
) -> None:
    root = export(world)
    units = {u.get("Name") for u in root.iterfind(".//odm:BasicDefinitions/odm:MeasurementUnit", N)}
    assert units >= {"kg", "cm", "mmHg", "%", "/min", "°C", "L/min"}
    temperature = root.find(".//odm:ItemDef[@OID='IT.VS.TEMPERATURE_C']", N)
    assert temperature is not None and temperature.get("DataType") == "float"
    checks = {
        (c.get("Comparator"), c.get("SoftHard"), c.findtext("odm:CheckValue", namespaces=N))
        for c in temperature.iterfind("odm:RangeCheck", N)
    }
    assert ("GE", "Hard", "32") in checks and ("LE", "Hard", "42") in checks
    unit = temperature.find("odm:MeasurementUnitRef", N)
    assert unit is not None and unit.get("MeasurementUnitOID") == "MU.DEG_C"
    codelists = {c.get("OID") for c in root.iterfind(".//odm:CodeList", N)}
    assert codelists >= {"CL.SEX", "CL.STATUS", "CL.O2_DEVICE"}
    names = root.find("odm:Study/odm:GlobalVariables/odm:StudyName", N)
    assert names is not None and names.text == "NCT04339660"


def test_admin_data_names_users_sites_and_devices(world: HubWorld) -> None:
    root = export(world)
    users = {u.get("OID") for u in root.iterfind("odm:AdminData/odm:User", N)}
    assert {f"USR.{DEVICE}.nurse", f"USR.{DEVICE}.investigator", f"USR.{DEVICE}.admin"} <= users
    locations = {loc.get("OID") for loc in root.iterfind("odm:AdminData/odm:Location", N)}
    assert locations == {"LOC.SITE.WH01", f"LOC.DEVICE.{DEVICE}"}


def test_a_second_bundle_shows_up_in_the_next_export(fresh_world: HubWorld) -> None:
    world = fresh_world
    first = export(world)
    assert first.find(".//odm:SubjectData[@SubjectKey='WH01-002']", N) is None
    enter_second_round(world)
    world.sync()
    out = world.hub_dir.parent / "second.xml"
    export_odm(world.hub, out)
    odm_schema().validate(str(out))
    second = parse(out)
    subject(second, "WH01-002")
    d2 = subject(second, "WH01-001").find("odm:StudyEventData[@StudyEventOID='SE.D2']", N)
    assert d2 is not None


def test_free_text_with_markup_and_control_codes_stays_valid_xml(world: HubWorld) -> None:
    root = export(world)
    d1 = subject(root, "WH01-001").find(
        "odm:StudyEventData[@StudyEventOID='SE.D1']/odm:FormData", N
    )
    assert d1 is not None
    note = item(d1, "IT.VS.NOTE").get("Value")
    assert note == AWKWARD_NOTE
