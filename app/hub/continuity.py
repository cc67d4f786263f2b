"""Audit-chain continuity at the hub: a device's trail may only grow.

The hub keeps every device's audit rows and the head it last accepted. A new
bundle's rows must cover a contiguous range that starts no later than the row
after that head, repeat the rows the hub already holds byte for byte (a device
resends what it has no receipt for), chain hash by hash from the stored head,
and end at the head its manifest names. Anything else means the device's trail
was cut or rewritten after it last reported, and the bundle is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from app.store.audit import CHAIN_FIELDS, chain_values, chained_hash, genesis_hash

ROW_KEYS = frozenset((*CHAIN_FIELDS, "prev_hash", "row_hash"))
Row = TypeVar("Row", bound=Mapping[str, Any])


class Rejected(Exception):
    """The hub refuses a bundle: a machine code and one sentence saying why."""

    def __init__(self, code: str, sentence: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence


def _reject(code: str, sentence: str) -> Rejected:
    return Rejected(code, sentence)


def new_audit_rows(
    rows: Sequence[Row],
    *,
    first: int,
    last: int,
    head: str,
    hub_head_seq: int,
    stored_hashes: Mapping[int, str],
    store_id: str,
    hashes_proven: bool = False,
) -> list[Row]:
    """The rows the hub does not have yet (the same objects); raises :class:`Rejected`
    with the reason. ``hashes_proven``: each row is already known to hash to its
    ``row_hash`` from its own ``prev_hash`` (:mod:`app.hub.two_cores`), so only the links
    between rows are left to check."""
    if any(row.keys() != ROW_KEYS for row in rows):
        raise _reject(
            "audit_range", "An audit row in the bundle does not have the expected fields."
        )
    seqs = [r.get("seq") for r in rows]
    if seqs != list(range(first, last + 1)):
        raise _reject("audit_range", "The audit rows do not match the range the manifest names.")
    if last < hub_head_seq:
        raise _reject(
            "audit_truncated",
            f"The device's audit trail now ends at row {last}, before row {hub_head_seq} that the "
            "hub already holds: its tail was cut.",
        )
    if first > hub_head_seq + 1:
        raise _reject(
            "audit_gap",
            f"Audit rows {hub_head_seq + 1} to {first - 1} are missing from this device's bundles.",
        )
    if first == 1:
        prev = genesis_hash(store_id)
    else:
        prev = stored_hashes.get(first - 1, "")
        if not prev:
            raise _reject(
                "audit_gap", f"The hub does not hold audit row {first - 1} to chain from."
            )
    for row in rows:
        seq = int(row["seq"])
        if row["prev_hash"] != prev or (
            not hashes_proven and chained_hash(prev, chain_values(row)) != row["row_hash"]
        ):
            if seq <= hub_head_seq or seq == hub_head_seq + 1:
                raise _reject(
                    "audit_rewritten",
                    f"Audit row {seq} does not continue the trail the hub received earlier: the "
                    "device's audit trail was rewritten or cut after its last bundle.",
                )
            raise _reject("audit_chain", f"Audit row {seq} does not chain to the row before it.")
        if seq <= hub_head_seq and stored_hashes.get(seq) != row["row_hash"]:
            raise _reject(
                "audit_rewritten",
                f"Audit row {seq} differs from the one the hub received earlier: the device's "
                "audit trail was rewritten.",
            )
        prev = str(row["row_hash"])
    if rows and prev != head:
        raise _reject("audit_head", "The last audit row is not the head the manifest names.")
    # The rows are numbered first, first + 1, … (checked above).
    return list(rows[max(0, hub_head_seq + 1 - first) :])
