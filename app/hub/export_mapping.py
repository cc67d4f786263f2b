"""What the hub exports: device tables → ODM forms, item groups, items and CSV columns.

The exporters hold no knowledge of any form: everything they write comes from
:data:`EXPORT_TABLES`. A new form (eligibility, blood gas, labs, AEs …) is a new
:class:`ExportTable` entry here, not a new code path.

Blinding is decided here too. The exports are an allowlist: a column reaches a
file only if it is listed, and a listed column (or table) marked ``unblinded``
never reaches a blinded export. A column whose name looks like an allocation
(``arm``, ``treatment_arm``, ``allocation_…``, ``is_placebo`` …) must be marked
``unblinded``, or the mapping refuses to load: a new form cannot leak the arm by
forgetting to say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from app.models.participants import ParticipantStatus
from app.protocol.model import OxygenDevice

# Bump when the mapping changes what a file means: it is part of the MetaDataVersion OID.
MAPPING_VERSION = 1


class DataType(StrEnum):
    """ODM 1.3.2 data types the device tables use (values are stored as text)."""

    INTEGER = "integer"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"
    TEXT = "text"
    BOOLEAN = "boolean"


# Column-name suffix → unit symbol (STYLE: units live in names). Longest suffix first.
UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_per_min", "/min"),
    ("_l_min", "L/min"),
    ("_percent", "%"),
    ("_celsius", "°C"),
    ("_years", "years"),
    ("_mmhg", "mmHg"),
    ("_kg", "kg"),
    ("_cm", "cm"),
    ("_c", "°C"),
)

# Unit symbol → ODM MeasurementUnit OID (stable, so files from two exports compare).
UNIT_OIDS: dict[str, str] = {
    "/min": "MU.PER_MIN",
    "L/min": "MU.L_PER_MIN",
    "%": "MU.PERCENT",
    "°C": "MU.DEG_C",
    "years": "MU.YEARS",
    "mmHg": "MU.MMHG",
    "kg": "MU.KG",
    "cm": "MU.CM",
}

# Names that say "which arm": refused unless the column is marked unblinded.
_ARM_LIKE = re.compile(
    r"(arms?|arm_(code|name|label)"
    r"|(study|treatment|allocated|assigned|randomi[sz]ed|actual|planned|trial)_arm(_(code|name|label))?"
    r"|allocat.*|randomi[sz]ed_to|.*placebo.*)"
)

# CSV columns every table file starts with; no mapped column may take these names.
BOOKKEEPING_HEADERS = ("record_id", "device", "row_version", "deleted")
SUBJECT_KEY_HEADER = "subject_key"


def unit_of(column_name: str) -> str | None:
    """The unit a column's name declares (``weight_kg`` → ``kg``), or None."""
    for suffix, symbol in UNIT_SUFFIXES:
        if column_name.endswith(suffix):
            return symbol
    return None


def looks_like_arm(column_name: str) -> bool:
    """True for names that would carry the allocation (``arm``, ``allocated_arm`` …)."""
    return _ARM_LIKE.fullmatch(column_name.lower()) is not None


@dataclass(frozen=True)
class Column:
    """One column of a device table, as it appears in ODM and in CSV."""

    name: str
    label: str
    data_type: DataType
    mandatory: bool = False
    codelist: str | None = None
    range_key: str | None = None
    """The protocol's plausibility key, when it is not the column name."""
    csv_name: str | None = None
    in_odm: bool = True
    """False for columns the ODM hierarchy already expresses (participant link, visit)."""
    unblinded: bool = False

    @property
    def unit(self) -> str | None:
        return unit_of(self.name)

    @property
    def header(self) -> str:
        return self.csv_name or self.name


@dataclass(frozen=True)
class OdmForm:
    """Where a table's records go in ODM ClinicalData (one FormData per record)."""

    stem: str
    """Short code for OIDs: F.<stem>, IG.<stem>, IT.<stem>.<COLUMN>."""
    name: str
    domain: str | None
    repeating: bool
    event: str | None = None
    """A fixed event (from :data:`FIXED_EVENTS`) the form belongs to …"""
    event_column: str | None = None
    """… or the column holding the protocol visit code."""
    subject_column: str | None = None
    """Column holding the participant's record id; None: the record is the subject."""
    sort_column: str | None = None

    @property
    def form_oid(self) -> str:
        return f"F.{self.stem}"

    @property
    def group_oid(self) -> str:
        return f"IG.{self.stem}"

    def item_oid(self, column: Column) -> str:
        return f"IT.{self.stem}.{column.name.upper()}"


@dataclass(frozen=True)
class ExportTable:
    """A device table the hub exports: its CSV file and, if it is a form, its ODM place."""

    table: str
    columns: tuple[Column, ...]
    form: OdmForm | None = None
    unblinded: bool = False

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        headers = [c.header for c in self.columns]
        if len(set(names)) != len(names) or len(set(headers)) != len(headers):
            raise ValueError(f"export mapping: {self.table} lists a column twice")
        clash = set(headers) & {*BOOKKEEPING_HEADERS, SUBJECT_KEY_HEADER}
        if clash:
            raise ValueError(f"export mapping: {self.table} reuses bookkeeping name {clash}")
        for column in self.columns:
            if looks_like_arm(column.name) and not column.unblinded:
                raise ValueError(
                    f"export mapping: {self.table}.{column.name} looks like an allocation; "
                    "mark it unblinded so blinded exports leave it out"
                )
        form = self.form
        if form is not None:
            if (form.event is None) == (form.event_column is None):
                raise ValueError(f"export mapping: {self.table} needs an event or event column")
            if form.event is not None and form.event not in FIXED_EVENTS:
                raise ValueError(f"export mapping: {self.table} names unknown event {form.event}")
            for linked in (form.event_column, form.subject_column, form.sort_column):
                if linked is not None and linked not in names:
                    raise ValueError(f"export mapping: {self.table} has no column {linked}")

    @property
    def csv_file(self) -> str:
        return f"{self.table}.csv"

    def blinded(self) -> ExportTable:
        """This table without its unblinded columns."""
        return replace(self, columns=tuple(c for c in self.columns if not c.unblinded))

    def odm_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_odm)


@dataclass(frozen=True)
class CodeList:
    oid: str
    name: str
    items: tuple[tuple[str, str], ...]
    """(coded value, English decode)."""


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


CODELISTS: dict[str, CodeList] = {
    "sex": CodeList("CL.SEX", "Sex", (("F", "Female"), ("M", "Male"))),
    "participant_status": CodeList(
        "CL.STATUS",
        "Participant status",
        tuple((s.value, _words(s.value)) for s in ParticipantStatus),
    ),
    "o2_device": CodeList(
        "CL.O2_DEVICE", "Oxygen device", tuple((d.value, _words(d.value)) for d in OxygenDevice)
    ),
}

# Events the mapping adds to the protocol's visit schedule: code → name.
FIXED_EVENTS: dict[str, str] = {"SCREENING": "Screening"}
# A visit code that is not in the protocol lands here, its code as the repeat key.
UNSCHEDULED_EVENT = "UNSCHEDULED"

SUBJECT_TABLE = "participants"
SUBJECT_KEY_COLUMNS = ("study_id", "screening_number")
SIGNATURE_TABLE = "signatures"
USER_TABLE = "users"

_TEXT, _INT, _FLOAT = DataType.TEXT, DataType.INTEGER, DataType.FLOAT
_DATE, _INSTANT, _BOOL = DataType.DATE, DataType.DATETIME, DataType.BOOLEAN

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
            Column("screen_fail_reason", "Screen failure reason", _TEXT),
            Column("created_at", "Created (UTC)", _INSTANT, mandatory=True),
        ),
        OdmForm("DM", "Participant", "DM", repeating=False, event="SCREENING"),
    ),
    ExportTable(
        "vital_signs",
        (
            Column("participant_id", "Participant record", _TEXT, mandatory=True, in_odm=False),
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
        OdmForm(
            "VS",
            "Vital signs",
            "VS",
            repeating=True,
            event_column="visit_code",
            subject_column="participant_id",
            sort_column="measured_at",
        ),
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
            Column("voided_at", "Voided (UTC)", _INSTANT),
            Column("void_reason", "Reason voided", _TEXT),
        ),
    ),
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
def blinded_tables() -> tuple[ExportTable, ...]:
    """The tables of a blinded export, each without its unblinded columns."""
    return tuple(t.blinded() for t in EXPORT_TABLES if not t.unblinded)


@cache
def _blinded_fields() -> frozenset[tuple[str, str]]:
    return frozenset((t.table, c.name) for t in blinded_tables() for c in t.columns)


def blinded_forms() -> tuple[ExportTable, ...]:
    """The blinded tables that are ODM forms, subject table first."""
    forms = [t for t in blinded_tables() if t.form is not None]
    return tuple(sorted(forms, key=lambda t: t.table != SUBJECT_TABLE))


def blinded_table(name: str) -> ExportTable | None:
    return next((t for t in blinded_tables() if t.table == name), None)


def audit_values_exportable(table_name: str | None, field: str | None, action: str) -> bool:
    """May an audit row's old/new value and reason appear in a blinded export?

    A field change: only for a column the blinded export itself shows. An event: only
    for the actions in :data:`SAFE_EVENT_ACTIONS`.
    """
    if action in FIELD_ACTIONS and field is not None:
        return (table_name or "", field) in _blinded_fields()
    return action in SAFE_EVENT_ACTIONS
