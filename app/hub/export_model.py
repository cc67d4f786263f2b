"""The vocabulary of the export mapping: columns, forms, tables, units, code lists.

:mod:`app.hub.export_mapping` states *what* is exported with these types; the
types check each entry when the mapping loads (a duplicated or misnamed column, a
form with no way to find its event, an allocation-like column not marked
``unblinded``), so a mistake in a new form stops the hub at start-up, not in a file
a statistician already opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum


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
class FixedEvent:
    """An event the exports add to every protocol's visit schedule."""

    name: str
    common: bool
    """True for a home for log forms not tied to a visit (ODM event type Common)."""


FIXED_EVENTS: dict[str, FixedEvent] = {
    "SCREENING": FixedEvent("Screening", common=False),
    # Only the unblinded export has a form here (app.hub.odm_unblinded).
    "RANDOMISATION": FixedEvent("Randomisation (unblinded)", common=False),
    "LOG": FixedEvent("Log forms (not tied to a visit)", common=True),
}
# A visit code that is not in the protocol (or none) lands here, the code as repeat key.
UNSCHEDULED_EVENT = "UNSCHEDULED"


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
        """The table's file in a CSV export."""
        return f"{self.table}.csv"

    def blinded(self) -> ExportTable:
        """This table without its unblinded columns."""
        return replace(self, columns=tuple(c for c in self.columns if not c.unblinded))

    def odm_columns(self) -> tuple[Column, ...]:
        """The columns that become ODM items (links and visits are structure there)."""
        return tuple(c for c in self.columns if c.in_odm)


@dataclass(frozen=True)
class CodeList:
    oid: str
    name: str
    items: tuple[tuple[str, str], ...]
    """(coded value, English decode)."""
