"""``bedside hub export-odm --unblinded``: the blinded snapshot plus the randomisation data.

For the hub's statistician only: the arm comes from the hub's own allocation list,
which opens only with a statistician's slot (:func:`app.hub.allocation.read_allocation`);
the data manager is refused before anything is written. The devices never send an
arm (their slots' arms arrive sealed under the device's blinding key, which the hub
cannot open), so each randomised subject's kit code is looked up in that list.

The file is the blinded export (:mod:`app.hub.odm`) with, for every randomised
subject, one more StudyEventData (``SE.RANDOMISATION``) holding the form
``F.RAND`` and its unblinded-only item group ``IG.RAND``: kit code, arm (coded
against the protocol's arms), placebo or not, the device, slot, block and block
size, when and by whom the subject was randomised, and how many emergency
unblindings the devices recorded. Its MetaDataVersion OID ends ``.UNBLINDED`` so the
two kinds of file never share a definition. A kit code the list does not hold is
written without an arm and counted, for the statistician to chase.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.allocation.generator import AllocationList, Slot
from app.errors import InvalidInput, NotPermitted
from app.hub.allocation import read_allocation
from app.hub.export_model import CodeList, Column, DataType, ExportTable, OdmForm
from app.hub.models import HubRecord
from app.hub.odm import OdmSummary, export_odm
from app.hub.odm_study import event_oid
from app.hub.odm_xml import XmlWriter, check_new_file
from app.hub.store import Hub
from app.protocol import Protocol, load_default

log = logging.getLogger(__name__)

REFUSED = (
    "Only the hub's statistician can write the unblinded export; the data manager stays blinded."
)
NO_LIST = "The hub holds no allocation list yet: there is no randomisation data to export."
EVENT = "RANDOMISATION"
ARM_CODELIST = "arm"
_TEXT, _INT, _BOOL, _INSTANT = DataType.TEXT, DataType.INTEGER, DataType.BOOLEAN, DataType.DATETIME


def _col(name: str, label: str, kind: DataType, **extra: Any) -> Column:
    return Column(name, label, kind, unblinded=True, **extra)


RANDOMISATION = ExportTable(
    "randomisation",
    (
        _col("kit_code", "Kit code", _TEXT, mandatory=True),
        _col("arm_code", "Arm (UNBLINDED)", _TEXT, codelist=ARM_CODELIST),
        _col("arm_is_placebo", "Placebo arm (UNBLINDED)", _BOOL),
        _col("allocation_device", "Device whose allocation part holds the kit", _TEXT),
        _col("slot_number", "Slot in that device's part", _INT),
        _col("block_number", "Block in that device's part (UNBLINDED)", _INT),
        _col("block_size", "Size of that block (UNBLINDED)", _INT),
        _col("randomised_at", "Randomised (UTC)", _INSTANT),
        _col("randomised_by", "Randomised by", _TEXT),
        _col("emergency_unblindings", "Emergency unblindings recorded on the device", _INT),
    ),
    OdmForm("RAND", "Randomisation (unblinded)", None, repeating=False, event=EVENT),
    unblinded=True,
)


def arm_codelist(protocol: Protocol) -> CodeList:
    """The protocol's arms as an ODM code list: code → English name."""
    return CodeList("CL.ARM", "Arm (UNBLINDED)", tuple((a.code, a.name_en) for a in protocol.arms))


@dataclass(frozen=True)
class UnblindedSummary:
    """What the unblinded export wrote: the blinded counts plus the randomisation data."""

    odm: OdmSummary
    randomised: int
    unmatched: int
    """Randomised subjects whose kit code is not in the hub's allocation list."""


def _records(session: Session, table: str) -> list[tuple[str, str, dict[str, Any]]]:
    rows = session.execute(
        select(HubRecord.record_id, HubRecord.device, HubRecord.data_json).where(
            HubRecord.table_name == table, HubRecord.deleted.is_(False)
        )
    ).all()
    return [(str(r), str(d), json.loads(text)) for r, d, text in rows]


@dataclass
class Randomisation:
    """The :class:`app.hub.odm.Extension` that writes each subject's ``F.RAND``."""

    allocation: AllocationList
    protocol: Protocol
    forms: Sequence[ExportTable] = (RANDOMISATION,)
    mdv_suffix: str = ".UNBLINDED"
    description: str = "UNBLINDED export for the statistician (randomisation data included)"
    randomised: int = 0
    unmatched: int = 0
    codelists: Mapping[str, CodeList] = field(init=False)
    _values: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codelists = {ARM_CODELIST: arm_codelist(self.protocol)}

    def load(self, session: Session) -> None:
        by_kit: dict[str, Slot] = {
            s.kit_code: s for part in self.allocation.parts.values() for s in part.slots
        }
        placebo = {a.code: a.is_placebo for a in self.protocol.arms}
        taken = {
            str(d["participant_id"]): d
            for _r, _dev, d in _records(session, "allocation_slots")
            if d.get("participant_id")
        }
        unblindings: dict[str, int] = {}
        for _r, _dev, d in _records(session, "unblindings"):
            pid = str(d.get("participant_id"))
            unblindings[pid] = unblindings.get(pid, 0) + 1
        for record_id, _device, data in _records(session, "participants"):
            slot_row = taken.get(record_id, {})
            kit = slot_row.get("kit_code") or data.get("kit_code")
            if not kit:
                continue
            values: dict[str, Any] = {
                "kit_code": kit,
                "randomised_at": slot_row.get("randomised_at"),
                "randomised_by": slot_row.get("randomised_by"),
                "emergency_unblindings": unblindings.get(record_id, 0),
            }
            slot = by_kit.get(str(kit))
            if slot is not None:
                values.update(
                    arm_code=slot.arm,
                    arm_is_placebo="true" if placebo.get(slot.arm) else "false",
                    allocation_device=slot.device,
                    slot_number=slot.number,
                    block_number=slot.block,
                    block_size=slot.block_size,
                )
            self._values[record_id] = {k: str(v) for k, v in values.items() if v is not None}

    def write_subject(self, xml: XmlWriter, subject_id: str) -> tuple[int, int]:
        values = self._values.get(subject_id)
        if values is None:
            return 0, 0
        self.randomised += 1
        if "arm_code" not in values:
            self.unmatched += 1
        form = RANDOMISATION.form
        assert form is not None
        xml.start("StudyEventData", {"StudyEventOID": event_oid(EVENT)})
        xml.start("FormData", {"FormOID": form.form_oid})
        xml.start("ItemGroupData", {"ItemGroupOID": form.group_oid})
        items = 0
        for column in RANDOMISATION.odm_columns():
            value = values.get(column.name)
            if value is not None:
                xml.leaf("ItemData", {"ItemOID": form.item_oid(column), "Value": value})
                items += 1
        xml.end("ItemGroupData")
        xml.end("FormData")
        xml.end("StudyEventData")
        return 1, items


def export_unblinded_odm(hub: Hub, out: Path, protocol: Protocol | None = None) -> UnblindedSummary:
    """Write the statistician's unblinded ODM 1.3.2 snapshot to ``out`` (a new file)."""
    check_new_file(out)
    try:
        allocation = read_allocation(hub)
    except NotPermitted:
        raise NotPermitted(REFUSED) from None
    if allocation is None:
        raise InvalidInput(NO_LIST)
    protocol = protocol or load_default()
    extension = Randomisation(allocation, protocol)
    summary = export_odm(hub, out, protocol, extension)
    log.info("unblinded ODM export written by %s", hub.user_name)
    return UnblindedSummary(summary, extension.randomised, extension.unmatched)
