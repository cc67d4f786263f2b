"""``bedside hub export-odm``: a blinded CDISC ODM 1.3.2 snapshot of everything the hub holds.

The file is written element by element (``xml.sax.saxutils.XMLGenerator``), never
built as a tree, so memory stays flat however long the audit trail is. Its shape:

* ``Study``: global variables from the protocol file, measurement units from the
  column names, and a MetaDataVersion whose events come from the protocol's visit
  schedule and whose forms, items, units, range checks and code lists come from
  :mod:`app.hub.export_mapping`.
* ``AdminData``: a User per person a device names, a Location per site and per
  device, a SignatureDef per signature meaning.
* ``ClinicalData``: SubjectData → StudyEventData → FormData (one per record) →
  ItemGroupData → untyped ItemData. Each item carries the AuditRecord of the change
  that set its current value (who, where, when, why, ``device:seq``); each form
  carries its valid signature (a second one, if any, sits on its item group).

It is a *snapshot*: deleted records and cleared values are not in it (the CSV
export keeps tombstones and the whole audit trail). It is *blinded*: only mapped,
blinded columns are written; there is no arm anywhere.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import XMLGenerator

from sqlalchemy.orm import Session

from app import __version__
from app.errors import InvalidInput
from app.hub import export_source as source
from app.hub.export_mapping import (
    CODELISTS,
    FIXED_EVENTS,
    MAPPING_VERSION,
    UNIT_OIDS,
    UNSCHEDULED_EVENT,
    ExportTable,
    blinded_forms,
)
from app.hub.store import Hub
from app.protocol import Protocol, load_default
from app.store.engine import translate_os_error
from app.sync.atomic import fsync_directory, remove_quietly, temp_name
from app.timeutil import iso_utc, utc_now

ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
LEGAL_REASON = (
    "Electronic signature under 21 CFR Part 11: the signer re-entered their password; "
    "the signature binds the SHA-256 of the signed record, which the hub re-checked."
)
# Characters XML 1.0 cannot carry, even escaped; a stray control code in a note must
# not make the whole file unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class OdmSummary:
    path: Path
    subjects: int
    forms: int
    items: int
    audit_records: int
    signatures: int


class _Xml:
    """A streaming, indented XML writer over :class:`XMLGenerator`."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self._out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)
        self._depth = 0

    def begin(self) -> None:
        self._out.startDocument()

    def finish(self) -> None:
        self._out.ignorableWhitespace("\n")
        self._out.endDocument()

    def start(self, tag: str, attrs: dict[str, str | None] | None = None) -> None:
        if self._depth:  # the declaration already ends its line
            self._out.ignorableWhitespace("\n" + "  " * self._depth)
        clean = {k: _safe(v) for k, v in (attrs or {}).items() if v is not None}
        self._out.startElement(tag, clean)  # type: ignore[arg-type]
        self._depth += 1

    def end(self, tag: str) -> None:
        self._depth -= 1
        self._out.ignorableWhitespace("\n" + "  " * self._depth)
        self._out.endElement(tag)

    def leaf(self, tag: str, attrs: dict[str, str | None] | None = None, text: str = "") -> None:
        self._out.ignorableWhitespace("\n" + "  " * self._depth)
        clean = {k: _safe(v) for k, v in (attrs or {}).items() if v is not None}
        self._out.startElement(tag, clean)  # type: ignore[arg-type]
        if text:
            self._out.characters(_safe(text))
        self._out.endElement(tag)

    def texts(self, tag: str, *by_lang: tuple[str, str]) -> None:
        """``<tag><TranslatedText xml:lang=…>…</TranslatedText>…</tag>``."""
        self.start(tag)
        for lang, text in by_lang:
            if text:
                self.leaf("TranslatedText", {"xml:lang": lang}, text)
        self.end(tag)


def _safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def user_oid(device: str, name: str) -> str:
    return f"USR.{device}.{name}"


def device_oid(device: str) -> str:
    return f"LOC.DEVICE.{device}"


def site_oid(site: str) -> str:
    return f"LOC.SITE.{site}"


def signature_def_oid(meaning: str) -> str:
    # Stable across exports: the same meaning always gets the same OID.
    return "SD." + hashlib.sha256(meaning.encode("utf-8")).hexdigest()[:12]


def check_new_file(out: Path) -> None:
    """Refuse an existing file or a missing folder before any work is done."""
    if out.exists():
        raise InvalidInput(f"{out} exists: Bedside does not overwrite an export.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")


@contextmanager
def new_file(out: Path) -> Iterator[io.TextIOWrapper]:
    """A hidden temporary file beside ``out``, renamed to ``out`` only when complete."""
    check_new_file(out)
    tmp = out.with_name(temp_name(out.name))
    try:
        stream = open(tmp, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise translate_os_error(exc, out.parent) from None
    try:
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if out.exists():
            raise InvalidInput(f"{out} appeared while exporting: nothing was written.")
        os.replace(tmp, out)
    except OSError as exc:
        remove_quietly(tmp)
        raise translate_os_error(exc, out.parent) from None
    except BaseException:
        remove_quietly(tmp)
        raise
    fsync_directory(out.parent)


def export_odm(hub: Hub, out: Path, protocol: Protocol | None = None) -> OdmSummary:
    """Write the hub's blinded ODM 1.3.2 snapshot to ``out`` (a new file)."""
    check_new_file(out)
    protocol = protocol or load_default()
    study = hub.study()
    if protocol.study.nct_id != study:
        raise InvalidInput(
            f"The hub holds study {study} but the protocol file is for {protocol.study.nct_id}."
        )
    hub_id = hub.setting("hub_id")
    with hub.session() as session, new_file(out) as stream:
        writer = _OdmWriter(_Xml(stream), session, protocol, study)
        counts = writer.write(hub_id, utc_now())
    return OdmSummary(out, *counts)


class _OdmWriter:
    def __init__(self, xml: _Xml, session: Session, protocol: Protocol, study: str) -> None:
        self.xml = xml
        self.session = session
        self.protocol = protocol
        self.study = study
        self.mdv = f"MDV.{MAPPING_VERSION}.{protocol.fingerprint[:12]}"
        self.forms = blinded_forms()
        self.fixed = [
            e for e in FIXED_EVENTS if any(t.form and t.form.event == e for t in self.forms)
        ]
        self.visits = [v.code for v in protocol.visits]
        self.events = [*self.fixed, *self.visits]

    def write(self, hub_id: str, now: datetime) -> tuple[int, int, int, int, int]:
        stamp = iso_utc(now)
        x = self.xml
        x.begin()
        x.start(
            "ODM",
            {
                "xmlns": ODM_NS,
                "Description": f"{self.study}: blinded export (kit codes only, no allocation)",
                "FileType": "Snapshot",
                "FileOID": f"BEDSIDE.{hub_id}.{now.strftime('%Y%m%dT%H%M%S%fZ')}",
                "CreationDateTime": stamp,
                "AsOfDateTime": stamp,
                "ODMVersion": "1.3.2",
                "Originator": f"Bedside hub {hub_id}",
                "SourceSystem": "Bedside",
                "SourceSystemVersion": __version__,
            },
        )
        self._study()
        people, names_by_id = source.people(self.session)
        signatures = source.valid_signatures(
            self.session, [t.table for t in self.forms], names_by_id
        )
        self._admin(people, signatures)
        counts = self._clinical(signatures)
        x.end("ODM")
        x.finish()
        return counts

    # -- Study -----------------------------------------------------------------

    def _study(self) -> None:
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
                {"StudyEventOID": f"SE.{code}", "OrderNumber": str(n), "Mandatory": mandatory},
            )
        x.end("Protocol")
        names = {v.code: (v.name_en, v.name_zh) for v in self.protocol.visits}
        for code in codes:
            en, zh = names.get(code, (FIXED_EVENTS.get(code, "Unscheduled"), ""))
            unscheduled = code == UNSCHEDULED_EVENT
            x.start(
                "StudyEventDef",
                {
                    "OID": f"SE.{code}",
                    "Name": en,
                    "Repeating": "Yes" if unscheduled else "No",
                    "Type": "Unscheduled" if unscheduled else "Scheduled",
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
                    x.leaf("CodeListRef", {"CodeListOID": CODELISTS[column.codelist].oid})
                    used.append(column.codelist)
                x.end("ItemDef")
        for key in dict.fromkeys(used):
            codelist = CODELISTS[key]
            x.start("CodeList", {"OID": codelist.oid, "Name": codelist.name, "DataType": "text"})
            for coded, decode in codelist.items:
                x.start("CodeListItem", {"CodedValue": coded})
                x.texts("Decode", ("en", decode))
                x.end("CodeListItem")
            x.end("CodeList")

    # -- AdminData -------------------------------------------------------------

    def _admin(
        self,
        people: Sequence[source.Person],
        signatures: dict[tuple[str, str], list[source.SignatureInfo]],
    ) -> None:
        x = self.xml
        x.start("AdminData", {"StudyOID": self.study})
        seen = {(p.device, p.name) for p in people}
        signers = {(s.device, s.signer) for sigs in signatures.values() for s in sigs}
        everyone = [*people, *(source.Person(d, n) for d, n in sorted(signers - seen))]
        for person in everyone:
            user_type = "Investigator" if person.role == "investigator" else "Other"
            x.start("User", {"OID": user_oid(person.device, person.name), "UserType": user_type})
            x.leaf("LoginName", text=person.name)
            x.leaf("DisplayName", text=person.full_name or person.name)
            if person.full_name:
                x.leaf("FullName", text=person.full_name)
            x.leaf("LocationRef", {"LocationOID": device_oid(person.device)})
            x.end("User")
        places = source.places(self.session)
        self.site_of = {p.device: p.site for p in places}
        sites: dict[str, str] = {}
        for place in places:
            first = sites.get(place.site)
            day = place.registered_on.isoformat()
            sites[place.site] = min(first, day) if first else day
        for site, day in sites.items():
            self._location(site_oid(site), f"Site {site}", day)
        for place in places:
            day = place.registered_on.isoformat()
            self._location(device_oid(place.device), f"{place.device} at {place.site}", day)
        meanings = sorted({s.meaning for sigs in signatures.values() for s in sigs})
        for meaning in meanings:
            x.start(
                "SignatureDef", {"OID": signature_def_oid(meaning), "Methodology": "Electronic"}
            )
            x.leaf("Meaning", text=meaning)
            x.leaf("LegalReason", text=LEGAL_REASON)
            x.end("SignatureDef")
        x.end("AdminData")

    def _location(self, oid: str, name: str, effective: str) -> None:
        x = self.xml
        x.start("Location", {"OID": oid, "Name": name, "LocationType": "Site"})
        x.leaf(
            "MetaDataVersionRef",
            {"StudyOID": self.study, "MetaDataVersionOID": self.mdv, "EffectiveDate": effective},
        )
        x.end("Location")

    # -- ClinicalData ----------------------------------------------------------

    def _clinical(
        self, signatures: dict[tuple[str, str], list[source.SignatureInfo]]
    ) -> tuple[int, int, int, int, int]:
        x = self.xml
        subjects = source.subjects(self.session)
        by_table = {t.table: t for t in self.forms}
        known = set(self.events)
        n_subjects = n_forms = n_items = n_audits = n_signatures = 0
        subject: str | None = None
        event: tuple[str, str | None] | None = None
        x.start("ClinicalData", {"StudyOID": self.study, "MetaDataVersionOID": self.mdv})
        for record in source.iter_form_records(self.session, self.forms, self.events):
            who = subjects.get(record.subject_id)
            if who is None:
                continue  # the join already requires a live participant; belt and braces
            if record.subject_id != subject:
                if event is not None:
                    x.end("StudyEventData")
                    event = None
                if subject is not None:
                    x.end("SubjectData")
                x.start("SubjectData", {"SubjectKey": who.key})
                x.leaf(
                    "SiteRef", {"LocationOID": site_oid(self.site_of.get(who.device, who.device))}
                )
                subject, n_subjects = record.subject_id, n_subjects + 1
            here = (
                (record.event, None)
                if record.event in known
                else (UNSCHEDULED_EVENT, record.event or "unknown")
            )
            if here != event:
                if event is not None:
                    x.end("StudyEventData")
                x.start(
                    "StudyEventData",
                    {"StudyEventOID": f"SE.{here[0]}", "StudyEventRepeatKey": here[1]},
                )
                event = here
            table = by_table[record.table]
            assert table.form is not None
            form = table.form
            signed = signatures.get((record.table, record.record_id), [])
            x.start(
                "FormData",
                {
                    "FormOID": form.form_oid,
                    "FormRepeatKey": record.record_id if form.repeating else None,
                },
            )
            n_forms += 1
            if signed:
                self._signature(signed[0])
            x.start("ItemGroupData", {"ItemGroupOID": form.group_oid})
            if len(signed) > 1:
                self._signature(signed[1])
            n_signatures += min(len(signed), 2)
            for column in table.odm_columns():
                value = source.as_text(record.data.get(column.name))
                if value is None:
                    continue
                audit = record.audits.get(column.name)
                n_items += 1
                if audit is None:
                    x.leaf("ItemData", {"ItemOID": form.item_oid(column), "Value": value})
                    continue
                x.start("ItemData", {"ItemOID": form.item_oid(column), "Value": value})
                self._audit(audit)
                n_audits += 1
                x.end("ItemData")
            x.end("ItemGroupData")
            x.end("FormData")
        if event is not None:
            x.end("StudyEventData")
        if subject is not None:
            x.end("SubjectData")
        x.end("ClinicalData")
        return n_subjects, n_forms, n_items, n_audits, n_signatures

    def _audit(self, audit: source.ItemAudit) -> None:
        x = self.xml
        x.start("AuditRecord")
        x.leaf("UserRef", {"UserOID": user_oid(audit.device, audit.user_name)})
        x.leaf("LocationRef", {"LocationOID": device_oid(audit.device)})
        x.leaf("DateTimeStamp", text=audit.at_utc)
        if audit.reason:
            x.leaf("ReasonForChange", text=audit.reason)
        x.leaf("SourceID", text=f"{audit.device}:{audit.seq}")
        x.end("AuditRecord")

    def _signature(self, signature: source.SignatureInfo) -> None:
        x = self.xml
        x.start("Signature")
        x.leaf("UserRef", {"UserOID": user_oid(signature.device, signature.signer)})
        x.leaf("LocationRef", {"LocationOID": device_oid(signature.device)})
        x.leaf("SignatureRef", {"SignatureOID": signature_def_oid(signature.meaning)})
        x.leaf("DateTimeStamp", text=signature.signed_at)
        x.end("Signature")
