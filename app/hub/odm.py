"""``bedside hub export-odm``: a blinded CDISC ODM 1.3.2 snapshot of everything the hub holds.

The file is written element by element (:mod:`app.hub.odm_xml`), never built as a
tree, and the clinical data stream from the database in output order
(:mod:`app.hub.export_source`), so memory stays flat however long the audit trail
is. Its shape:

* ``Study`` (:mod:`app.hub.odm_study`): the protocol's global variables and visit
  schedule, and the mapping's units, forms, items, range checks and code lists.
* ``AdminData``: a User per person a device names, a Location per site and per
  device, a SignatureDef per signature meaning.
* ``ClinicalData``: SubjectData → StudyEventData → FormData (one per record) →
  ItemGroupData → untyped ItemData. Each item carries the AuditRecord of the change
  that set its current value (who, where, when, why, ``device:seq``); each form
  carries its valid signature (a second one, if any, sits on its item group).

It is a *snapshot*: deleted records and cleared values are not in it (the CSV
export keeps tombstones and the whole audit trail). It is *blinded*: only mapped,
blinded columns are written; there is no arm anywhere. The statistician's
unblinded export (:mod:`app.hub.odm_unblinded`) is this file plus an
:class:`Extension`: one more form per subject, in its own MetaDataVersion.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol as Interface

from sqlalchemy.orm import Session

from app import __version__
from app.errors import InvalidInput
from app.hub import export_source as source
from app.hub.export_mapping import blinded_forms
from app.hub.export_model import UNSCHEDULED_EVENT, CodeList, ExportTable
from app.hub.odm_study import StudyWriter, event_oid
from app.hub.odm_xml import XmlWriter, check_new_file, new_file
from app.hub.store import Hub
from app.protocol import Protocol, load_default
from app.timeutil import iso_utc, utc_now

ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
LEGAL_REASON = (
    "Electronic signature under 21 CFR Part 11: the signer re-entered their password; "
    "the signature binds the SHA-256 of the signed record, which the hub re-checked."
)


@dataclass(frozen=True)
class OdmSummary:
    """What an export wrote (the command line reports it)."""

    path: Path
    subjects: int
    forms: int
    items: int
    audit_records: int
    signatures: int


class Extension(Interface):
    """More than the blinded file holds: extra forms written into each subject."""

    forms: Sequence[ExportTable]
    codelists: Mapping[str, CodeList]
    mdv_suffix: str
    description: str

    def load(self, session: Session) -> None:
        """Read what :meth:`write_subject` needs, in the export's own session."""

    def write_subject(self, xml: XmlWriter, subject_id: str) -> tuple[int, int]:
        """The subject's extra StudyEventData; returns (forms, items) written."""
        ...


def user_oid(device: str, name: str) -> str:
    """A person is named per device: two laptops' "nurse" accounts are two people."""
    return f"USR.{device}.{name}"


def device_oid(device: str) -> str:
    """The Location of a device: where an entry or a signature was made."""
    return f"LOC.DEVICE.{device}"


def site_oid(site: str) -> str:
    """The Location of a site: where a participant is seen (SubjectData's SiteRef)."""
    return f"LOC.SITE.{site}"


def signature_def_oid(meaning: str) -> str:
    """The SignatureDef of a meaning; stable, so two exports name it alike."""
    return "SD." + hashlib.sha256(meaning.encode("utf-8")).hexdigest()[:12]


def export_odm(
    hub: Hub, out: Path, protocol: Protocol | None = None, extension: Extension | None = None
) -> OdmSummary:
    """Write the hub's blinded ODM 1.3.2 snapshot to ``out`` (a new file).

    ``extension`` adds to it (the unblinded export); without one the file is blinded.
    """
    check_new_file(out)
    protocol = protocol or load_default()
    study = hub.study()
    if protocol.study.nct_id != study:
        raise InvalidInput(
            f"The hub holds study {study} but the protocol file is for {protocol.study.nct_id}."
        )
    hub_id = hub.setting("hub_id")
    with hub.session() as session, new_file(out) as stream:
        if extension is not None:
            extension.load(session)
        writer = _OdmWriter(XmlWriter(stream), session, protocol, study, extension)
        counts = writer.write(hub_id, utc_now())
    return OdmSummary(out, *counts)


class _OdmWriter:
    def __init__(
        self,
        xml: XmlWriter,
        session: Session,
        protocol: Protocol,
        study: str,
        extension: Extension | None = None,
    ) -> None:
        self.xml = xml
        self.session = session
        self.study = study
        self.forms = blinded_forms()
        self.extension = extension
        self.metadata = (
            StudyWriter(xml, protocol, study, self.forms)
            if extension is None
            else StudyWriter(
                xml,
                protocol,
                study,
                [*self.forms, *extension.forms],
                codelists=extension.codelists,
                mdv_suffix=extension.mdv_suffix,
            )
        )
        self.mdv = self.metadata.mdv
        self.site_of: dict[str, str] = {}
        self.extra_forms = self.extra_items = 0

    def write(self, hub_id: str, now: datetime) -> tuple[int, int, int, int, int]:
        stamp = iso_utc(now)
        x = self.xml
        x.begin()
        x.start(
            "ODM",
            {
                "xmlns": ODM_NS,
                "Description": (
                    f"{self.study}: blinded export (kit codes only, no allocation)"
                    if self.extension is None
                    else f"{self.study}: {self.extension.description}"
                ),
                "FileType": "Snapshot",
                "FileOID": f"BEDSIDE.{hub_id}.{now.strftime('%Y%m%dT%H%M%S%fZ')}"
                + (self.extension.mdv_suffix if self.extension is not None else ""),
                "CreationDateTime": stamp,
                "AsOfDateTime": stamp,
                "ODMVersion": "1.3.2",
                "Originator": f"Bedside hub {hub_id}",
                "SourceSystem": "Bedside",
                "SourceSystemVersion": __version__,
            },
        )
        self.metadata.write()
        people, names_by_id = source.people(self.session)
        signatures = source.valid_signatures(
            self.session, [t.table for t in self.forms], names_by_id
        )
        self._admin(people, signatures)
        counts = self._clinical(signatures)
        x.end("ODM")
        x.finish()
        return counts

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
        known = set(self.metadata.events)
        n_subjects = n_forms = n_items = n_audits = n_signatures = 0
        subject: str | None = None
        event: tuple[str, str | None] | None = None
        x.start("ClinicalData", {"StudyOID": self.study, "MetaDataVersionOID": self.mdv})
        for record in source.iter_form_records(self.session, self.forms, self.metadata.events):
            who = subjects.get(record.subject_id)
            if who is None:
                continue  # the join already requires a live participant; belt and braces
            if record.subject_id != subject:
                if event is not None:
                    x.end("StudyEventData")
                    event = None
                if subject is not None:
                    self._end_subject(subject)
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
                    {"StudyEventOID": event_oid(here[0]), "StudyEventRepeatKey": here[1]},
                )
                event = here
            signed = signatures.get((record.table, record.record_id), [])
            items, audits = self._form(record, by_table[record.table], signed)
            n_forms, n_items, n_audits = n_forms + 1, n_items + items, n_audits + audits
            n_signatures += min(len(signed), 2)
        if event is not None:
            x.end("StudyEventData")
        if subject is not None:
            self._end_subject(subject)
        x.end("ClinicalData")
        n_forms, n_items = n_forms + self.extra_forms, n_items + self.extra_items
        return n_subjects, n_forms, n_items, n_audits, n_signatures

    def _end_subject(self, subject_id: str) -> None:
        """The extension's events for the subject, then the end of its SubjectData."""
        if self.extension is not None:
            forms, items = self.extension.write_subject(self.xml, subject_id)
            self.extra_forms, self.extra_items = self.extra_forms + forms, self.extra_items + items
        self.xml.end("SubjectData")

    def _form(
        self, record: source.FormRecord, table: ExportTable, signed: list[source.SignatureInfo]
    ) -> tuple[int, int]:
        """One record as FormData; returns (items, audit records) written."""
        x, form = self.xml, table.form
        assert form is not None
        repeat_key = record.record_id if form.repeating else None
        x.start("FormData", {"FormOID": form.form_oid, "FormRepeatKey": repeat_key})
        if signed:
            self._signature(signed[0])
        x.start("ItemGroupData", {"ItemGroupOID": form.group_oid})
        if len(signed) > 1:
            # ODM allows one Signature per element; the form's only item group covers
            # the same data, so a second valid signature is kept there, not dropped.
            self._signature(signed[1])
        items = audits = 0
        for column in table.odm_columns():
            value = source.as_text(record.data.get(column.name))
            if value is None:
                continue  # a snapshot holds values, not their absence
            audit = record.audits.get(column.name)
            items += 1
            if audit is None:
                x.leaf("ItemData", {"ItemOID": form.item_oid(column), "Value": value})
                continue
            x.start("ItemData", {"ItemOID": form.item_oid(column), "Value": value})
            self._audit(audit)
            audits += 1
            x.end("ItemData")
        x.end("ItemGroupData")
        x.end("FormData")
        return items, audits

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
