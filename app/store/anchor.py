"""The audit-head anchor: the last committed audit head, kept outside the database.

A damaged or truncated WAL, or a database file put back from an older copy, loses
the newest audit rows without breaking the chain: what is left still verifies.
The anchor remembers ``(seq, row_hash)`` of the last committed audit row in
``anchor.json`` beside the key slots, with an HMAC-SHA256 under a key derived
(HKDF) from the data key, so only someone who can open the store can move it.
It is rewritten atomically after every transaction that appended audit rows.

At unlock and in ``bedside verify`` the database must reach the anchor: its row
at the anchor's ``seq`` must carry the anchor's hash. A database behind the
anchor has lost its tail, and says by how many rows.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import CorruptStore
from app.store.files import write_atomic
from app.store.keyslots import (
    SlotFileDamaged,
    bounded_int,
    parse_bounded_json,
    read_capped,
)

FORMAT = "bedside-audit-anchor/1"
MAX_ANCHOR_BYTES = 4096
MAX_SEQ = 2**63 - 1
HASH_HEX_CHARS = 64


@dataclass(frozen=True)
class AuditHead:
    """The last row of an audit chain: its sequence number and its hash."""

    seq: int
    row_hash: str


def anchor_key(dek: bytes, store_id: str) -> bytes:
    """The anchor's MAC key: bound to the data key and the store."""
    info = f"bedside/audit-anchor/v1|{store_id}".encode()
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(dek)


def _mac(key: bytes, store_id: str, head: AuditHead) -> str:
    message = f"{FORMAT}|{store_id}|{head.seq}|{head.row_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _hex_hash(value: Any) -> str:
    if (
        type(value) is not str
        or len(value) != HASH_HEX_CHARS
        or value.strip("0123456789abcdef") != ""
    ):
        raise SlotFileDamaged("bad hash")
    return value


def damaged_sentence(path: Path) -> str:
    return f"The record of the last audit head ({path.name}) is damaged: restore it from a backup."


def lost_tail_sentence(rows: int) -> str:
    noun = "row" if rows == 1 else "rows"
    return (
        f"The audit trail ends {rows} {noun} before the last known head: "
        "restore the store from a backup."
    )


DIVERGED = (
    "The audit trail does not contain the last known head (it was replaced or rewritten): "
    "restore the store from a backup."
)


class AnchorFile:
    """``anchor.json`` of one store."""

    def __init__(self, path: Path, store_id: str) -> None:
        self.path = path
        self.store_id = store_id

    def read(self, keys: Iterable[bytes]) -> tuple[AuditHead, bytes] | None:
        """The anchored head and the key that authenticated it; ``None`` if there is none.

        Raises :class:`CorruptStore` when the file is there but does not parse, names
        another store, or no key in ``keys`` authenticates it.
        """
        damaged = CorruptStore(damaged_sentence(self.path))
        try:
            raw = read_capped(self.path, MAX_ANCHOR_BYTES)
        except FileNotFoundError:
            return None
        except (SlotFileDamaged, OSError):
            raise damaged from None
        try:
            data = parse_bounded_json(raw, MAX_ANCHOR_BYTES, 2)
            if type(data) is not dict or data.get("format") != FORMAT:
                raise SlotFileDamaged("format")
            if data.get("store_id") != self.store_id:
                raise SlotFileDamaged("another store's anchor")
            head = AuditHead(bounded_int(data["seq"], 0, MAX_SEQ), _hex_hash(data["row_hash"]))
            mac = _hex_hash(data["mac"])
        except (ValueError, KeyError, TypeError):
            raise damaged from None
        for key in keys:
            if hmac.compare_digest(_mac(key, self.store_id, head), mac):
                return head, key
        raise damaged

    def write(self, key: bytes, head: AuditHead) -> None:
        """Replace the anchor atomically (a crash leaves the old one or the new one)."""
        data = {
            "format": FORMAT,
            "store_id": self.store_id,
            "seq": head.seq,
            "row_hash": head.row_hash,
            "mac": _mac(key, self.store_id, head),
        }
        write_atomic(self.path, json.dumps(data, sort_keys=True).encode("ascii"), mode=0o600)


@dataclass(frozen=True)
class AnchorCheck:
    """How the database's audit chain stands against the anchor."""

    ok: bool
    anchored: AuditHead | None
    head: AuditHead | None
    problem: str | None = None

    def sentence(self) -> str:
        if self.problem is not None:
            return self.problem
        if self.anchored is None or self.head is None:
            return "audit head anchor: none yet"
        return f"audit head anchor: reached (row {self.anchored.seq} of {self.head.seq})"


def problem(sentence: str) -> AnchorCheck:
    """A check that could not compare at all (the anchor file is damaged or missing)."""
    return AnchorCheck(False, None, None, sentence)


def compare(
    anchored: AuditHead | None, head: AuditHead, hash_at: Callable[[int], str | None]
) -> AnchorCheck:
    """Whether the chain ending at ``head`` reaches ``anchored``.

    ``hash_at(seq)`` is the stored ``row_hash`` of row ``seq`` (``None`` if absent).
    """
    if anchored is None:
        return AnchorCheck(True, None, head)
    if head.seq < anchored.seq:
        return AnchorCheck(False, anchored, head, lost_tail_sentence(anchored.seq - head.seq))
    stored = head.row_hash if head.seq == anchored.seq else hash_at(anchored.seq)
    if anchored.seq > 0 and stored != anchored.row_hash:
        return AnchorCheck(False, anchored, head, DIVERGED)
    return AnchorCheck(True, anchored, head)


def missing_sentence(path: Path) -> str:
    return (
        f"The record of the last audit head ({path.name}) is missing: Bedside cannot show "
        "that no audit rows were lost."
    )


__all__ = ["AnchorCheck", "AnchorFile", "AuditHead", "anchor_key", "compare", "problem"]
