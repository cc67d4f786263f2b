"""``bedside hub endorse``: accept a restored or replaced device again, as a new epoch.

The request must be signed with the device's enrolled key and name its study,
site and store. The hub finds the last audit row that it and the device both
hold (the device lists the hash of every row since its last receipt; the hub
compares them with its own), records the endorsement, and answers with a file
signed by its key: the new epoch, the row it continues after, the bundle number
it accepts next, and every row it holds after that row, which the device lost.
Those rows stay at the hub; the device's new rows are kept beside them
(:mod:`app.hub.epochs`). Endorsing the same request again writes the same answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.hub import epochs
from app.hub.models import Device, HubAudit, HubEndorsement
from app.hub.store import Hub
from app.sync import reenrol_doc as doc_format
from app.sync.bundle_manifest import canonical_json
from app.sync.reenrol_doc import (
    ENDORSEMENT_FORMAT,
    FORMAT_VERSION,
    LOST_FIELDS,
    MAX_LISTED,
    REQUEST_FORMAT,
    sha256_hex,
)
from app.timeutil import iso_utc, utc_now

NOTHING = "nothing was recorded"


@dataclass(frozen=True)
class EndorseResult:
    path: Path
    device: str
    epoch: int
    base_seq: int
    next_bundle: int
    lost_count: int
    lost_lines: list[str]
    again: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "device": self.device,
            "epoch": self.epoch,
            "base_seq": self.base_seq,
            "next_bundle": self.next_bundle,
            "lost_count": self.lost_count,
            "again": self.again,
        }


def endorse(hub: Hub, request_path: Path, out: Path) -> EndorseResult:
    """Check the request, record the endorsement and write it, signed, to ``out``."""
    hub.load_secrets()
    epochs.ensure_tables(hub.engine)
    data, signature, request = doc_format.read_signed(
        request_path, "a re-enrolment request", REQUEST_FORMAT
    )
    shown = request_path.name
    problem = doc_format.request_problem(request)
    if problem:
        raise InvalidInput(f"{shown} is not a re-enrolment request Bedside can use: {problem}")
    request_sha = sha256_hex(data)
    with hub.session() as session:
        device = _device(session, hub, request, shown)
        if not doc_format.verify(data, signature, device.public_key):
            raise InvalidInput(
                f"{shown} is not signed with the key enrolled for {device.device}: {NOTHING}."
            )
        known = session.scalars(
            select(HubEndorsement).where(HubEndorsement.request_sha256 == request_sha)
        ).first()
        if known is not None:
            document = json.loads(known.document)
            again = True
        else:
            document = _new_endorsement(session, hub, device, request, request_sha, shown)
            again = False
        doc_format.write_signed(
            out,
            document,
            hub.signing_key(),
            f"bedside endorsement device:{device.device} epoch:{document['epoch']}",
            "bedside hub endorsement",
        )
    return EndorseResult(
        out,
        device.device,
        document["epoch"],
        document["base"]["seq"],
        document["next_bundle"],
        document["lost"]["count"],
        doc_format.lost_lines(document),
        again,
    )


def _device(session: Session, hub: Hub, request: dict[str, Any], shown: str) -> Device:
    device = session.get(Device, request["device"])
    if device is None:
        raise InvalidInput(f"Device {request['device']} is not enrolled at this hub: {NOTHING}.")
    if device.revoked_at is not None:
        raise InvalidInput(f"Device {device.device} was revoked: it cannot be re-enrolled.")
    if request["study"] != hub.study():
        raise InvalidInput(f"{shown} is for study {request['study']}, not this hub's: {NOTHING}.")
    if device.site and request["site"] != device.site:
        raise InvalidInput(f"{shown} names site {request['site']}, not {device.site}: {NOTHING}.")
    if device.store_id and request["store_id"] != device.store_id:
        raise InvalidInput(
            f"{shown} is from another store than the one {device.device} sent: {NOTHING}."
        )
    return device


def _shared_row(
    session: Session, device: Device, chain: list[epochs.Epoch], request: dict[str, Any]
) -> int | None:
    """The last row the hub and the device both hold, or None if they share none listed.

    Every listed row up to it must be the hub's too: a list that agrees only here and
    there is not a trail the hub knows.
    """
    first = request["known"]["first"]
    hashes: list[str] = request["known"]["row_hashes"]
    top = min(request["head"]["seq"], device.audit_head_seq)
    held = epochs.stored_hashes(session, device.device, chain, first, top)
    shared = next(
        (seq for seq in range(top, first - 1, -1) if held.get(seq) == hashes[seq - first]),
        None,
    )
    if shared is None:
        return None
    if any(held.get(seq) != hashes[seq - first] for seq in range(first, shared)):
        return None
    return shared


def _new_endorsement(
    session: Session,
    hub: Hub,
    device: Device,
    request: dict[str, Any],
    request_sha: str,
    shown: str,
) -> dict[str, Any]:
    chain = epochs.chain_of(session, device.device)
    if request["epoch_from"] > chain[-1].epoch:
        raise InvalidInput(
            f"{shown} says the device is in epoch {request['epoch_from']}, which the hub never "
            f"endorsed: {NOTHING}."
        )
    hub_head = device.audit_head_seq
    if hub_head >= epochs.STRIDE:
        raise InvalidInput(f"{device.device}'s audit trail is too long to start an epoch.")
    shared = _shared_row(session, device, chain, request)
    if shared is None:
        raise InvalidInput(
            f"{shown} names audit rows the hub never received from {device.device} (up to "
            f"row {request['head']['seq']}): it is not a restore of what the hub holds; "
            f"{NOTHING}."
        )
    base_hash = request["known"]["row_hashes"][shared - request["known"]["first"]]
    lost = _lost_rows(session, device.device, chain, shared, hub_head)
    epoch = chain[-1].epoch + 1
    next_bundle = max(device.last_seq, request["outbox_last"]) + 1
    document: dict[str, Any] = {
        "format": ENDORSEMENT_FORMAT,
        "format_version": FORMAT_VERSION,
        "study": request["study"],
        "site": request["site"],
        "device": device.device,
        "store_id": request["store_id"],
        "request_sha256": request_sha,
        "epoch": epoch,
        "base": {"seq": shared, "hash": base_hash},
        "next_bundle": next_bundle,
        "hub_head": {"seq": hub_head, "hash": device.audit_head_hash or base_hash},
        "lost": {"count": len(lost), "listed": lost[:MAX_LISTED]},
        "endorsed_by": hub.user_name or "",
        "endorsed_at": iso_utc(utc_now()),
    }
    data = canonical_json(document)
    session.add(
        HubEndorsement(
            device=device.device,
            epoch=epoch,
            base_seq=shared,
            base_hash=base_hash,
            offset=(epoch - 1) * epochs.STRIDE,
            next_bundle=next_bundle,
            hub_head_seq=hub_head,
            hub_last_bundle=device.last_seq,
            lost_rows=len(lost),
            request_sha256=request_sha,
            document=data.decode("utf-8"),
            document_sha256=sha256_hex(data),
            endorsed_by=hub.user_name or "",
            endorsed_at=utc_now(),
        )
    )
    # The new epoch continues from the shared row; its first bundle follows this answer.
    device.last_seq = next_bundle - 1
    device.last_sha256 = sha256_hex(data)
    device.audit_head_seq = shared
    device.audit_head_hash = base_hash
    session.flush()
    return document


def _lost_rows(
    session: Session, device: str, chain: list[epochs.Epoch], shared: int, head: int
) -> list[dict[str, Any]]:
    """The rows after ``shared`` that the hub holds in the device's current chain."""
    rows: list[dict[str, Any]] = []
    columns = [getattr(HubAudit, name) for name in LOST_FIELDS]
    for first, last, offset in epochs.segments(chain, shared + 1, head):
        for values in session.execute(
            select(*columns)
            .where(
                HubAudit.device == device,
                HubAudit.seq >= first + offset,
                HubAudit.seq <= last + offset,
            )
            .order_by(HubAudit.seq)
        ):
            row = dict(zip(LOST_FIELDS, values, strict=True))
            row["seq"] = int(row["seq"]) - offset
            rows.append(row)
    return rows
