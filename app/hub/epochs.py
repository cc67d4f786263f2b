"""A device's epochs at the hub: which branch of its audit trail the hub now continues.

A device restored from an older backup starts its trail again after the backup's
last row; the hub keeps every row it already had and, once it endorsed the
restart (``bedside hub endorse``), continues the device's trail as a new *epoch*.
Epoch 1 is the device's first life. Epoch ``e`` continues after row ``base_seq``
of the chain epoch ``e - 1`` had then, and its rows are stored at the hub as
``seq + offset`` (``offset = (e - 1) · STRIDE``), so the rows that the device lost
and the rows it writes anew never share a key. Exports thus show an epoch's row
57 as ``2000000000057`` for epoch 3; the device's own trail says 57.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hub.continuity import Rejected
from app.hub.models import HubAudit, HubBase, HubEndorsement

STRIDE = 10**12  # no device writes a trillion audit rows in one epoch


@dataclass(frozen=True)
class Epoch:
    epoch: int
    base_seq: int
    offset: int


FIRST = Epoch(1, 0, 0)


def ensure_tables(engine: object) -> None:
    """Create the endorsements table in a hub made before it existed."""
    HubBase.metadata.create_all(engine, tables=[HubEndorsement.__table__])  # type: ignore[arg-type, list-item]


def chain_of(session: Session, device: str) -> list[Epoch]:
    """The device's epochs, oldest first; the last is the one the hub accepts now."""
    rows = session.execute(
        select(HubEndorsement.epoch, HubEndorsement.base_seq, HubEndorsement.offset)
        .where(HubEndorsement.device == device)
        .order_by(HubEndorsement.epoch)
    ).all()
    return [FIRST, *(Epoch(int(e), int(b), int(o)) for e, b, o in rows)]


def segments(epochs: list[Epoch], low: int, high: int) -> list[tuple[int, int, int]]:
    """Device rows ``low..high`` of the current chain as ``(first, last, offset)`` ranges."""
    out: list[tuple[int, int, int]] = []
    top = high
    for epoch in reversed(epochs):
        if top < low:
            break
        start = max(low, epoch.base_seq + 1)
        if start <= top:
            out.append((start, top, epoch.offset))
        top = min(top, epoch.base_seq)
    return sorted(out)


def stored_hashes(
    session: Session, device: str, epochs: list[Epoch], low: int, high: int
) -> dict[int, str]:
    """Device seq → row hash the hub holds for rows ``low..high`` of the current chain."""
    found: dict[int, str] = {}
    for first, last, offset in segments(epochs, max(low, 1), high):
        rows = session.execute(
            select(HubAudit.seq, HubAudit.row_hash).where(
                HubAudit.device == device,
                HubAudit.seq >= first + offset,
                HubAudit.seq <= last + offset,
            )
        )
        found.update((int(seq) - offset, str(digest)) for seq, digest in rows)
    return found


def accepted(session: Session, device: str, manifest: dict[str, Any]) -> list[Epoch]:
    """The device's epochs, if the bundle is of the one the hub accepts now."""
    chain = chain_of(session, device)
    sent, current = int(manifest.get("epoch", 1)), chain[-1].epoch
    if sent < current:
        raise Rejected(
            "stale_epoch",
            f"The bundle is of epoch {sent} of {device}, which the hub re-enrolled as epoch "
            f"{current}: a store restored from before that sends it.",
        )
    if sent > current:
        raise Rejected(
            "unendorsed_epoch",
            f"The bundle starts epoch {sent} of {device}, which the hub never endorsed "
            "(bedside hub endorse).",
        )
    if sent > 1 and manifest["audit"]["last"] >= STRIDE:
        raise Rejected("audit_range", "The bundle's audit rows are numbered beyond an epoch.")
    return chain
