"""The export mapping: device tables → ODM forms/items and CSV columns, blinded."""

from __future__ import annotations

import pytest
from sqlalchemy import Boolean, Date, Float, Integer, String, Text

from app.hub.export_mapping import (
    CODELISTS,
    EXPORT_TABLES,
    audit_values_exportable,
    blinded_forms,
    blinded_table,
    blinded_tables,
)
from app.hub.export_model import (
    FIXED_EVENTS,
    UNIT_OIDS,
    Column,
    DataType,
    ExportTable,
    OdmForm,
    looks_like_arm,
    unit_of,
)
from app.models import Base
from app.models.base import UTCDateTime
from app.protocol import OxygenDevice, load_default
from app.sync.changes import SYNC_TABLES

SQL_TYPES: dict[DataType, tuple[type, ...]] = {
    DataType.TEXT: (String, Text),
    DataType.INTEGER: (Integer,),
    DataType.FLOAT: (Float,),
    DataType.DATE: (Date,),
    DataType.DATETIME: (UTCDateTime,),
    DataType.BOOLEAN: (Boolean,),
}


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("weight_kg", "kg"),
        ("height_cm", "cm"),
        ("systolic_bp_mmhg", "mmHg"),
        ("spo2_percent", "%"),
        ("heart_rate_per_min", "/min"),
        ("temperature_c", "°C"),
        ("o2_flow_l_min", "L/min"),
        ("age_years", "years"),
        ("fio2_fraction", None),
        ("note", None),
    ],
)
def test_units_come_from_column_names(name: str, unit: str | None) -> None:
    assert unit_of(name) == unit


def test_every_unit_a_mapped_column_declares_has_a_measurement_unit_oid() -> None:
    units = {c.unit for t in EXPORT_TABLES for c in t.columns if c.unit}
    assert units <= set(UNIT_OIDS)
    assert {"kg", "cm", "mmHg", "%", "/min", "°C", "L/min"} <= units


def test_every_mapped_table_is_a_table_devices_send() -> None:
    assert {t.table for t in EXPORT_TABLES} <= set(SYNC_TABLES)


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.table)
def test_every_device_column_is_mapped_so_a_new_one_forces_a_decision(
    table: ExportTable,
) -> None:
    device_columns = {
        c.name
        for c in Base.metadata.tables[table.table].columns
        if c.name not in ("id", "row_version")
    }
    assert {c.name for c in table.columns} == device_columns


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.table)
def test_mapped_data_types_match_the_device_column_types(table: ExportTable) -> None:
    sql = Base.metadata.tables[table.table].columns
    for column in table.columns:
        assert isinstance(sql[column.name].type, SQL_TYPES[column.data_type]), column.name


def test_range_keys_name_the_protocols_plausibility_ranges() -> None:
    protocol = load_default()
    for table in EXPORT_TABLES:
        for column in table.columns:
            if column.range_key:
                assert protocol.range_for(column.range_key) is not None, column.name
    vitals = blinded_table("vital_signs")
    assert vitals is not None
    temperature = next(c for c in vitals.columns if c.name == "temperature_c")
    assert temperature.range_key == "temperature_celsius"


def test_code_lists_cover_every_oxygen_device() -> None:
    assert {v for v, _ in CODELISTS["o2_device"].items} == {d.value for d in OxygenDevice}


def test_item_oids_are_unique_across_forms() -> None:
    oids = [t.form.item_oid(c) for t in blinded_forms() if t.form for c in t.odm_columns()]
    assert len(oids) == len(set(oids))


def test_the_subject_table_is_the_first_form() -> None:
    assert blinded_forms()[0].table == "participants"


@pytest.mark.parametrize(
    "name",
    ["arm", "arms", "arm_code", "treatment_arm", "allocated_arm", "allocation_block", "is_placebo"],
)
def test_allocation_like_names_are_recognised(name: str) -> None:
    assert looks_like_arm(name)


@pytest.mark.parametrize(
    "name", ["alarm", "harm_grade", "arm_circumference_cm", "bp_arm", "kit_code", "study_id"]
)
def test_clinical_names_are_not_mistaken_for_an_arm(name: str) -> None:
    assert not looks_like_arm(name)


def test_a_table_with_an_unmarked_arm_column_is_refused() -> None:
    with pytest.raises(ValueError, match="looks like an allocation"):
        ExportTable("allocations", (Column("arm", "Arm", DataType.TEXT),))


def test_unblinded_columns_and_tables_are_left_out_of_a_blinded_export() -> None:
    prep = ExportTable(
        "preparation",
        (
            Column("kit_code", "Kit", DataType.TEXT),
            Column("arm", "Arm", DataType.TEXT, unblinded=True),
        ),
    )
    allocation = ExportTable(
        "allocations", (Column("block", "Block", DataType.INTEGER),), unblinded=True
    )
    blinded = blinded_tables((prep, allocation))
    assert [t.table for t in blinded] == ["preparation"]
    assert [c.name for c in blinded[0].columns] == ["kit_code"]


def test_a_form_needs_exactly_one_way_to_find_its_event() -> None:
    with pytest.raises(ValueError, match="event"):
        ExportTable(
            "labs",
            (Column("visit_code", "Visit", DataType.TEXT),),
            OdmForm("LB", "Labs", "LB", repeating=True),
        )
    with pytest.raises(ValueError, match="unknown event"):
        ExportTable(
            "labs",
            (Column("visit_code", "Visit", DataType.TEXT),),
            OdmForm("LB", "Labs", "LB", repeating=True, event="NOT_AN_EVENT"),
        )
    assert "SCREENING" in FIXED_EVENTS


def test_csv_names_may_not_shadow_bookkeeping_columns() -> None:
    with pytest.raises(ValueError, match="bookkeeping"):
        ExportTable("signatures", (Column("record_id", "Signed record", DataType.TEXT),))


@pytest.mark.parametrize(
    ("table", "field", "action", "shown"),
    [
        ("participants", "weight_kg", "update", True),
        ("vital_signs", "spo2_percent", "insert", True),
        ("participants", "arm", "insert", False),
        ("allocations", "arm", "insert", False),
        ("settings", "value", "update", False),
        (None, None, "login", True),
        (None, None, "password_changed", True),
        (None, None, "signed", False),
        (None, None, "emergency_unblind", False),
    ],
)
def test_audit_values_are_shown_only_for_blinded_fields_and_safe_events(
    table: str | None, field: str | None, action: str, shown: bool
) -> None:
    assert audit_values_exportable(table, field, action) is shown
