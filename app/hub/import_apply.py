"""Applying a checked bundle at the hub: its records merged, and a receipt for the device.

The records a bundle touches are derived again by replaying the audited values over
what the hub holds, merged in the import's one transaction with the device's new audit
head, and the hub signs a receipt into the folder saying what it now holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.hub import epochs, replay
from app.hub.import_outcomes import Incoming, Outcome
from app.hub.merge import merge
from app.hub.models import Device, HeldBundle, ReceivedFile
from app.hub.store import Hub
from app.sync.bundle import BundleName
from app.sync.receipt import Receipt, write_receipt
from app.timeutil import iso_utc, utc_now


@dataclass(frozen=True)
class Checked:
    """A bundle that passed every check, with what applying it needs."""

    device: Device
    name: BundleName
    manifest: dict[str, Any]
    chain: list[epochs.Epoch]
    fresh: list[dict[str, Any]]
    """The audit rows the hub does not hold yet, each proven."""
    seals: list[Any]


def apply_bundle(
    hub: Hub, session: Session, folder: Path, incoming: Incoming, checked: Checked
) -> Outcome:
    """Merge ``checked`` in ``session``, move the device's head on and write the receipt."""
    device, name, manifest = checked.device, checked.name, checked.manifest
    chain, fresh, seals = checked.chain, checked.fresh, checked.seals
    keys = replay.touched_keys(fresh)
    records = replay.replay(device.device, fresh, seals, replay.load_records(session, keys))
    offset = chain[-1].offset
    stored = [{**row, "seq": int(row["seq"]) + offset} for row in fresh] if offset else fresh
    merge(session, device.device, records, stored)
    device.site = device.site or manifest["site"]
    device.last_seq = name.seq
    device.last_sha256 = incoming.sha256
    if fresh:
        device.audit_head_seq = int(fresh[-1]["seq"])
        device.audit_head_hash = str(fresh[-1]["row_hash"])
    device.last_seen_at = utc_now()
    session.add(
        ReceivedFile(
            file_name=incoming.file_name,
            sha256=incoming.sha256,
            device=name.device,
            seq=name.seq,
            status="applied",
            changes=len(fresh),
            received_at=utc_now(),
        )
    )
    session.execute(
        HeldBundle.__table__.delete().where(  # type: ignore[attr-defined]
            HeldBundle.device == name.device, HeldBundle.seq == name.seq
        )
    )
    session.flush()
    write_hub_receipt(hub, folder, device, name.seq, incoming.sha256)
    return Outcome(incoming.file_name, name.device, name.seq, "applied", changes=len(fresh))


def write_hub_receipt(hub: Hub, folder: Path, device: Device, seq: int, sha256: str) -> None:
    """The hub's signed receipt for bundle ``seq`` of ``device``, written into ``folder``."""
    private, key_id = hub.signing_key()
    receipt = Receipt(
        study=hub.study(),
        site=device.site or "",
        device=device.device,
        seq=seq,
        bundle_sha256=sha256,
        audit_last=device.audit_head_seq,
        audit_head=device.audit_head_hash or "",
        received_at=iso_utc(utc_now()),
    )
    write_receipt(folder, receipt, private, key_id)
