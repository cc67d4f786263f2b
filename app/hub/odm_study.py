"""The ``Study`` element of the ODM export: what the protocol and the mapping define.

GlobalVariables from the protocol file; MeasurementUnits from the units the mapped
column names declare; a MetaDataVersion whose StudyEventDefs are the fixed events
(screening; a Common "log" event for forms not tied to a visit), the protocol's visit
schedule and one repeating "unscheduled" event for visit codes the protocol does not
know, and whose FormDefs, ItemGroupDefs,
ItemDefs (data type, unit, hard and soft RangeChecks from the protocol's plausibility
ranges) and CodeLists come from :mod:`app.hub.export_mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.hub.export_mapping import CODELISTS, MAPPING_VERSION
from app.hub.export_model import (
    FIXED_EVENTS,
    UNIT_OIDS,
    UNSCHEDULED_EVENT,
    CodeList,
    DataType,
    ExportTable,
)
from app.hub.odm_xml import XmlWriter
from app.protocol import Protocol

NUMERIC = frozenset({DataType.INTEGER, DataType.FLOAT})


def event_oid(code: str) -> str:
    """The StudyEventDef OID of an event code (``BASELINE`` → ``SE.BASELINE``)."""
    return f"SE.{code}"


class StudyWriter:
    """Writes ``Study`` for one protocol and the blinded forms of the mapping."""

    def __init__(
        self,
        xml: XmlWriter,
        protocol: Protocol,
        study: str,
        forms: Sequence[ExportTable],
        *,
        codelists: Mapping[str, CodeList] | None = None,
        mdv_suffix: str = "",
    ) -> None:
        """``codelists`` adds to the mapping's; ``mdv_suffix`` marks a MetaDataVersion
        that defines more than the blinded one (the unblinded export's)."""
        self.xml = xml
        self.protocol = protocol
        self.study = study
        self.forms = list(forms)
        self.codelists = {**CODELISTS, **(codelists or {})}
        self.mdv = f"MDV.{MAPPING_VERSION}.{protocol.fingerprint[:12]}{mdv_suffix}"
        used = [e for e in FIXED_EVENTS if any(t.form and t.form.event == e for t in forms)]
        self.events = [
            *(e for e in used if not FIXED_EVENTS[e].common),
            *(v.code for v in protocol.visits),
            *(e for e in used if FIXED_EVENTS[e].common),
        ]
        """Event codes in order; a visit code not among them is unscheduled."""

    def write(self) -> None:
        x, s = self.xml, self.protocol.study
        x.start("Study", {"OID": self.study})
        x.start("GlobalVariables")
        x.leaf("StudyName", text=s.nct_id)
        x.leaf("StudyDescription", text=s.title_en)
        x.leaf("ProtocolName", text=s.other_ids[0] if s.other_ids else s.nct_id)
        x.end("GlobalVariables")
        units = list(dict.fromkeys(c.unit for t in self.forms for c in t.odm_columns() if c.unit))
        if units:
            x.start("BasicDefinitions")
            for unit in units:
                x.start("MeasurementUnit", {"OID": UNIT_OIDS[unit], "Name": unit})
                x.texts("Symbol", ("en", unit))
                x.end("MeasurementUnit")
            x.end("BasicDefinitions")
        x.start(
            "MetaDataVersion",
            {
                "OID": self.mdv,
                "Name": f"Bedside export mapping {MAPPING_VERSION}",
                "Description": f"Protocol file SHA-256 {self.protocol.fingerprint}",
            },
        )
        self._events()
        self._forms()
        self._items()
        x.end("MetaDataVersion")
        x.end("Study")

    def _event_forms(self, code: str) -> list[ExportTable]:
        fixed = code in FIXED_EVENTS
        return [
            t
            for t in self.forms
            if t.form and (t.form.event == code if fixed else t.form.event_column is not None)
        ]

    def _events(self) -> None:
        x = self.xml
        codes = [*self.events, UNSCHEDULED_EVENT]
        x.start("Protocol")
        for n, code in enumerate(codes, 1):
            mandatory = "No" if code == UNSCHEDULED_EVENT else "Yes"
            x.leaf(
                "StudyEventRef",
                {"StudyEventOID": event_oid(code), "OrderNumber": str(n), "Mandatory": mandatory},
            )
        x.end("Protocol")
        names = {v.code: (v.name_en, v.name_zh) for v in self.protocol.visits}
        for code in codes:
            fixed = FIXED_EVENTS.get(code)
            en, zh = names.get(code, (fixed.name if fixed else "Unscheduled", ""))
            unscheduled = code == UNSCHEDULED_EVENT
            kind = (
                "Unscheduled"
                if unscheduled
                else "Common"
                if fixed and fixed.common
                else "Scheduled"
            )
            x.start(
                "StudyEventDef",
                {
                    "OID": event_oid(code),
                    "Name": en,
                    "Repeating": "Yes" if unscheduled else "No",
                    "Type": kind,
                },
            )
            x.texts("Description", ("en", en), ("zh", zh))
            for n, table in enumerate(self._event_forms(code), 1):
                assert table.form is not None
                x.leaf(
                    "FormRef",
                    {"FormOID": table.form.form_oid, "OrderNumber": str(n), "Mandatory": "No"},
                )
            x.end("StudyEventDef")

    def _forms(self) -> None:
        x = self.xml
        for table in self.forms:
            assert table.form is not None
            form = table.form
            repeating = "Yes" if form.repeating else "No"
            x.start("FormDef", {"OID": form.form_oid, "Name": form.name, "Repeating": repeating})
            x.leaf("ItemGroupRef", {"ItemGroupOID": form.group_oid, "Mandatory": "Yes"})
            x.end("FormDef")
        for table in self.forms:
            assert table.form is not None
            form = table.form
            x.start(
                "ItemGroupDef",
                {
                    "OID": form.group_oid,
                    "Name": form.name,
                    "Repeating": "No",
                    "Domain": form.domain,
                },
            )
            for n, column in enumerate(table.odm_columns(), 1):
                x.leaf(
                    "ItemRef",
                    {
                        "ItemOID": form.item_oid(column),
                        "OrderNumber": str(n),
                        "Mandatory": "Yes" if column.mandatory else "No",
                    },
                )
            x.end("ItemGroupDef")

    def _items(self) -> None:
        x = self.xml
        used: list[str] = []
        for table in self.forms:
            assert table.form is not None
            for column in table.odm_columns():
                span = self.protocol.range_for(column.range_key or column.name)
                if column.data_type not in NUMERIC:
                    span = None  # "as typed" text: a numeric range check would compare text
                x.start(
                    "ItemDef",
                    {
                        "OID": table.form.item_oid(column),
                        "Name": column.name,
                        "DataType": column.data_type.value,
                    },
                )
                x.texts("Question", ("en", column.label), ("zh", span.label_zh if span else ""))
                if column.unit:
                    x.leaf("MeasurementUnitRef", {"MeasurementUnitOID": UNIT_OIDS[column.unit]})
                if span is not None:
                    unit = f" {column.unit}" if column.unit else ""
                    for comparator, value, kind, word in (
                        ("GE", span.hard_min, "Hard", "below"),
                        ("LE", span.hard_max, "Hard", "above"),
                        ("GE", span.soft_min, "Soft", "below"),
                        ("LE", span.soft_max, "Soft", "above"),
                    ):
                        verdict = "is impossible" if kind == "Hard" else "is unusual: confirm it"
                        x.start("RangeCheck", {"Comparator": comparator, "SoftHard": kind})
                        x.leaf("CheckValue", text=str(value))
                        x.texts(
                            "ErrorMessage", ("en", f"{column.label} {word} {value}{unit} {verdict}")
                        )
                        x.end("RangeCheck")
                if column.codelist:
                    x.leaf("CodeListRef", {"CodeListOID": self.codelists[column.codelist].oid})
                    used.append(column.codelist)
                x.end("ItemDef")
        for key in dict.fromkeys(used):
            codelist = self.codelists[key]
            x.start("CodeList", {"OID": codelist.oid, "Name": codelist.name, "DataType": "text"})
            for coded, decode in codelist.items:
                x.start("CodeListItem", {"CodedValue": coded})
                x.texts("Decode", ("en", decode))
                x.end("CodeListItem")
            x.end("CodeList")
