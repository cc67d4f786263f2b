"""What the hub exports: device tables → ODM forms, item groups, items and CSV columns.

The exporters know no form by name: everything they write comes from
:data:`EXPORT_TABLES` (the vocabulary is in :mod:`app.hub.export_model`). A new form
is a new :class:`ExportTable` entry here, not a new code path; a unit test fails
when a device table gains a column nobody mapped, so every new column gets a
decision, blinding included.

The exports are an allowlist: a column reaches a file only if it is listed here,
and a column or table marked ``unblinded`` never reaches a blinded export. A
column whose name looks like an allocation must be marked ``unblinded`` or the
mapping refuses to load. Numbers the device keeps "as typed" (text beside their
unit) are exported as text, exactly as stored.
"""

from __future__ import annotations

from functools import cache

from app.clinical.fio2 import FiO2Source
from app.hub.export_model import (
    CodeList,
    Column,
    DataType,
    ExportTable,
    OdmForm,
)
from app.hub.export_safety import SAFETY_CODELISTS, SAFETY_TABLES
from app.models.participants import ParticipantStatus
from app.protocol.model import OxygenDevice

# Bump when the mapping changes what a file means: it is part of the MetaDataVersion OID.
MAPPING_VERSION = 1

SUBJECT_TABLE = "participants"
SUBJECT_KEY_COLUMNS = ("study_id", "screening_number")
SIGNATURE_TABLE = "signatures"
USER_TABLE = "users"


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


def _codes(oid: str, name: str, values: tuple[str, ...]) -> CodeList:
    return CodeList(oid, name, tuple((v, _words(v)) for v in values))


CODELISTS: dict[str, CodeList] = {
    "sex": CodeList("CL.SEX", "Sex", (("F", "Female"), ("M", "Male"))),
    "participant_status": _codes(
        "CL.STATUS", "Participant status", tuple(s.value for s in ParticipantStatus)
    ),
    "o2_device": _codes("CL.O2_DEVICE", "Oxygen device", tuple(d.value for d in OxygenDevice)),
    "fio2_source": _codes("CL.FIO2_SOURCE", "FiO₂ source", tuple(s.value for s in FiO2Source)),
    "naat_result": _codes(
        "CL.NAAT_RESULT", "Nucleic acid test result", ("positive", "negative", "indeterminate")
    ),
    **SAFETY_CODELISTS,
}

_TEXT, _INT, _FLOAT = DataType.TEXT, DataType.INTEGER, DataType.FLOAT
_DATE, _INSTANT, _BOOL = DataType.DATE, DataType.DATETIME, DataType.BOOLEAN
# Every participant form: the link to the participant (the ODM hierarchy says it) …
_OWNER = Column("participant_id", "Participant record", _TEXT, mandatory=True, in_odm=False)
# … and, for visit-bound forms, the visit (ODM says it with the StudyEventData).
_VISIT = Column("visit_code", "Visit", _TEXT, in_odm=False)


def _form(stem: str, name: str, domain: str | None, sort: str, event: str | None = None) -> OdmForm:
    """A repeating participant form, in a fixed event or in the visit its row names."""
    return OdmForm(
        stem,
        name,
        domain,
        repeating=True,
        event=event,
        event_column=None if event else "visit_code",
        subject_column="participant_id",
        sort_column=sort,
    )


EXPORT_TABLES: tuple[ExportTable, ...] = (
    ExportTable(
        "participants",
        (
            Column("screening_number", "Screening number", _TEXT, mandatory=True),
            Column("study_id", "Study ID", _TEXT),
            Column("initials", "Initials", _TEXT, mandatory=True),
            Column("sex", "Sex", _TEXT, mandatory=True, codelist="sex"),
            Column("date_of_birth", "Date of birth", _DATE),
            Column("age_years", "Age", _INT),
            Column("weight_kg", "Body weight", _FLOAT),
            Column("height_cm", "Height", _FLOAT),
            Column("admission_date", "Admission date", _DATE),
            Column("status", "Status", _TEXT, mandatory=True, codelist="participant_status"),
            Column("kit_code", "Kit code", _TEXT),
            Column("day0_on", "Day 0 (infusion day)", _DATE),
            Column("screen_fail_reason", "Screen failure reason", _TEXT),
            Column("created_at", "Created (UTC)", _INSTANT, mandatory=True),
        ),
        OdmForm("DM", "Participant", "DM", repeating=False, event="SCREENING"),
    ),
    ExportTable(
        "eligibility_assessments",
        (
            _OWNER,
            Column("assessed_on", "Assessed on", _DATE, mandatory=True),
            Column("date_of_birth", "Date of birth", _DATE),
            Column("rt_pcr_date", "RT-PCR date", _DATE),
            Column("rt_pcr_positive", "RT-PCR positive", _BOOL),
            Column("ct_date", "CT date", _DATE),
            Column("ct_characteristic", "CT characteristic of COVID-19 pneumonia", _BOOL),
            Column("ct_finding", "CT finding", _TEXT),
            Column("respiratory_rate_per_min", "Respiratory rate (as entered)", _TEXT),
            Column("spo2_at_rest_percent", "SpO₂ at rest (as entered)", _TEXT),
            Column("oxygenation_id", "Oxygenation record", _TEXT, in_odm=False),
            Column("pf_ratio_mmhg", "PaO₂/FiO₂", _TEXT),
            Column("answers_json", "Answers per criterion (JSON)", _TEXT, mandatory=True),
            Column("verdict", "Verdict", _TEXT, mandatory=True),
            Column("verdict_text", "Verdict explained", _TEXT, mandatory=True),
            Column("protocol_fingerprint", "Protocol file SHA-256", _TEXT, mandatory=True),
        ),
        _form("IE", "Eligibility", "IE", "assessed_on", event="SCREENING"),
    ),
    ExportTable(
        "vital_signs",
        (
            _OWNER,
            Column("visit_code", "Visit", _TEXT, mandatory=True, in_odm=False),
            Column("measured_at", "Measured (UTC)", _INSTANT, mandatory=True),
            Column("temperature_c", "Temperature", _FLOAT, range_key="temperature_celsius"),
            Column("heart_rate_per_min", "Heart rate", _INT),
            Column("respiratory_rate_per_min", "Respiratory rate", _INT),
            Column("systolic_bp_mmhg", "Systolic blood pressure", _INT),
            Column("diastolic_bp_mmhg", "Diastolic blood pressure", _INT),
            Column("spo2_percent", "SpO₂", _INT),
            Column("o2_device", "Oxygen device", _TEXT, codelist="o2_device"),
            Column("o2_flow_l_min", "Oxygen flow", _FLOAT),
            Column("fio2_fraction", "FiO₂ (fraction)", _FLOAT),
            Column("note", "Note", _TEXT),
        ),
        _form("VS", "Vital signs", "VS", "measured_at"),
    ),
    ExportTable(
        "oxygenation",
        (
            _OWNER,
            _VISIT,
            Column("measured_at", "Measured (UTC)", _INSTANT, mandatory=True),
            Column("spo2_percent", "SpO₂ (as entered)", _TEXT),
            Column("at_rest", "At rest", _BOOL),
            Column("o2_device", "Oxygen device", _TEXT, mandatory=True, codelist="o2_device"),
            Column("o2_flow_l_min", "Oxygen flow (as entered)", _TEXT),
            Column("fio2_entered", "FiO₂ (as entered)", _TEXT),
            Column("fio2_fraction", "FiO₂ (fraction)", _TEXT),
            Column("fio2_source", "FiO₂ source", _TEXT, codelist="fio2_source"),
            Column("fio2_at", "FiO₂ taken (UTC)", _INSTANT),
            Column("pao2_entered", "PaO₂ (as entered)", _TEXT),
            Column("pao2_unit", "PaO₂ unit entered", _TEXT),
            Column("pao2_mmhg", "PaO₂", _TEXT),
            Column("pf_ratio_mmhg", "PaO₂/FiO₂", _TEXT),
            Column("pf_band", "P/F band", _TEXT),
            Column("sf_ratio_estimate", "SpO₂/FiO₂ (estimate)", _TEXT),
            Column("note", "Note", _TEXT),
        ),
        _form("OX", "Oxygenation", None, "measured_at"),
    ),
    ExportTable(
        "lab_results",
        (
            _OWNER,
            _VISIT,
            Column("sampled_at", "Sampled (UTC)", _INSTANT, mandatory=True),
            Column("analyte_code", "Analyte", _TEXT, mandatory=True),
            Column("value_entered", "Result (as reported)", _TEXT, mandatory=True),
            Column("unit", "Unit", _TEXT, mandatory=True),
            Column("reference_low", "Reference range low", _TEXT),
            Column("reference_high", "Reference range high", _TEXT),
            Column("note", "Note", _TEXT),
        ),
        _form("LB", "Laboratory result", "LB", "sampled_at"),
    ),
    ExportTable(
        "chest_imaging",
        (
            _OWNER,
            _VISIT,
            Column("imaged_on", "Imaged on", _DATE, mandatory=True),
            Column("modality", "Modality", _TEXT, mandatory=True),
            Column("lesion_extent_percent", "Lesion extent (as entered)", _TEXT),
            Column("finding", "Finding", _TEXT),
        ),
        _form("CI", "Chest imaging", None, "imaged_on"),
    ),
    ExportTable(
        "who_scale_scores",
        (
            _OWNER,
            _VISIT,
            Column("assessed_on", "Assessed on", _DATE, mandatory=True),
            Column("score", "WHO clinical progression scale", _INT, mandatory=True),
        ),
        _form("WHO", "WHO clinical progression scale", None, "assessed_on"),
    ),
    ExportTable(
        "symptoms",
        (
            _OWNER,
            Column("symptom", "Symptom", _TEXT, mandatory=True),
            Column("onset_on", "Onset", _DATE),
            Column("resolved_on", "Resolved", _DATE),
        ),
        _form("SY", "Respiratory symptom", None, "symptom", event="LOG"),
    ),
    ExportTable(
        "nucleic_acid_tests",
        (
            _OWNER,
            Column("sampled_at", "Sampled (UTC)", _INSTANT, mandatory=True),
            Column("specimen", "Specimen", _TEXT, mandatory=True),
            Column("result", "Result", _TEXT, mandatory=True, codelist="naat_result"),
        ),
        _form("NA", "Nucleic acid test", "MB", "sampled_at", event="LOG"),
    ),
    ExportTable(
        "dispositions",
        (
            _OWNER,
            Column("kind", "Disposition", _TEXT, mandatory=True),
            Column("event_on", "Date", _DATE, mandatory=True),
            Column("reason", "Reason", _TEXT),
        ),
        _form("DS", "Disposition", "DS", "event_on", event="LOG"),
    ),
    ExportTable(
        SIGNATURE_TABLE,
        (
            Column("table_name", "Signed table", _TEXT, csv_name="signed_table"),
            Column("record_id", "Signed record", _TEXT, csv_name="signed_record_id"),
            Column("signer_id", "Signer's user record", _TEXT),
            Column("printed_name", "Printed name", _TEXT),
            Column("meaning", "Meaning", _TEXT),
            Column("signed_at", "Signed (UTC)", _INSTANT),
            Column("content_hash", "SHA-256 of the signed content", _TEXT),
            Column("signature", "Ed25519 by the signer's own key (base64)", _TEXT),
            Column("voided_at", "Voided (UTC)", _INSTANT),
            Column("void_reason", "Reason voided", _TEXT),
        ),
    ),
    *SAFETY_TABLES,  # adverse events, SAE reports, con-meds (app.hub.export_safety)
    ExportTable(
        USER_TABLE,
        (
            Column("name", "Login name", _TEXT),
            Column("full_name", "Full name", _TEXT),
            Column("role", "Role", _TEXT),
            Column("active", "Active", _BOOL),
            Column("must_change_password", "Must change password", _BOOL),
            Column("created_at", "Created (UTC)", _INSTANT),
        ),
    ),
)

# Audit events whose detail and reason may leave the hub blinded: they are about people
# and keys, never about allocation. Any other event's detail is withheld (an emergency
# unblinding, a preparation, a future event nobody reviewed yet).
SAFE_EVENT_ACTIONS = frozenset(
    {
        "login",
        "logout",
        "lock",
        "unlock",
        "login_failed",
        "password_changed",
        "password_reset",
        "store_created",
        "rekey",
        "device_key_created",
    }
)
FIELD_ACTIONS = frozenset({"insert", "update", "delete"})


@cache
def blinded_tables(tables: tuple[ExportTable, ...] = EXPORT_TABLES) -> tuple[ExportTable, ...]:
    """The tables of a blinded export, each without its unblinded columns."""
    return tuple(t.blinded() for t in tables if not t.unblinded)


@cache
def _blinded_fields() -> frozenset[tuple[str, str]]:
    return frozenset((t.table, c.name) for t in blinded_tables() for c in t.columns)


def blinded_forms() -> tuple[ExportTable, ...]:
    """The blinded tables that are ODM forms, subject table first."""
    forms = [t for t in blinded_tables() if t.form is not None]
    return tuple(sorted(forms, key=lambda t: t.table != SUBJECT_TABLE))


def blinded_table(name: str) -> ExportTable | None:
    """The blinded export's view of one device table, or None if it is not exported."""
    return next((t for t in blinded_tables() if t.table == name), None)


def audit_values_exportable(table_name: str | None, field: str | None, action: str) -> bool:
    """May an audit row's old/new value and reason appear in a blinded export?

    A field change: only for a column the blinded export itself shows. An event: only
    for the actions in :data:`SAFE_EVENT_ACTIONS`.
    """
    if action in FIELD_ACTIONS and field is not None:
        return (table_name or "", field) in _blinded_fields()
    return action in SAFE_EVENT_ACTIONS
