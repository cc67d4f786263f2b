"""The audit-head anchor: the last committed audit head, kept outside the database.

A damaged or truncated WAL, or a database file put back from an older copy, loses
the newest audit rows without breaking the chain: what is left still verifies.
The anchor remembers ``(seq, row_hash)`` of the last committed audit row in
``anchor.json`` beside the key slots, with an HMAC-SHA256 under a key derived
(HKDF) from the data key, so only someone who can open the store can move it.
It is updated after every transaction that appended audit rows.

At unlock and in ``bedside verify`` the database must reach the anchor: its row
at the anchor's ``seq`` must carry the anchor's hash. A database behind the
anchor has lost its tail, and says by how many rows.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import CorruptStore
from app.sentences import QT_TRANSLATE_NOOP
from app.store.bounded import (
    SlotFileDamaged,
    bounded_int,
    parse_bounded_json,
    read_capped,
)
from app.store.files import TEMP_SUFFIX, remove_quietly, write_atomic

FORMAT = "bedside-audit-anchor/1"
MAX_ANCHOR_BYTES = 4096
RECORD_BYTES = 512  # one disk sector each, so a torn write spoils one record at most
RECORDS = 2
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
        raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "bad hash").said())
    return value


def damaged_sentence(path: Path) -> str:
    return QT_TRANSLATE_NOOP(
        "AuditTrail",
        "The record of the last audit head ({name}) is damaged: restore it from a backup.",
    ).format(name=path.name)


def lost_tail_sentence(rows: int) -> str:
    if rows == 1:
        return QT_TRANSLATE_NOOP(
            "AuditTrail",
            "The audit trail ends {rows} row before the last known head: "
            "restore the store from a backup.",
        ).format(rows=rows)
    return QT_TRANSLATE_NOOP(
        "AuditTrail",
        "The audit trail ends {rows} rows before the last known head: "
        "restore the store from a backup.",
    ).format(rows=rows)


DIVERGED = QT_TRANSLATE_NOOP(
    "AuditTrail",
    "The audit trail does not contain the last known head (it was replaced or rewritten): "
    "restore the store from a backup.",
)


class AnchorFile:
    """``anchor.json`` of one store: two fixed-size records, written in turn.

    Rewriting a whole file per save (temporary file, rename, folder fsync) costs
    two or three flushes; a record is instead written in place over the older of
    the two. It is in the page cache when :meth:`write` returns, so every reader,
    and the next process after this one is killed, sees it; it reaches the disk
    with the system's write-back, and at the latest when the store is locked or
    closed (:meth:`settle`). A save does not wait for a second disk flush after its
    commit's: the anchor is written only after the commit it names is on disk, so
    it is never ahead of the database, and a power cut can only leave it behind,
    which proves slightly less but never too much (a disk that keeps the anchor's
    flush keeps the WAL's flush before it too, so no committed row the anchor
    could vouch for is lost with it). A torn write spoils only the record being
    written: the other still holds the head before it. A record that is not JSON
    is such a torn write; one that parses but fails its MAC, or names another
    store, is damage.
    """

    def __init__(self, path: Path, store_id: str) -> None:
        self.path = path
        self.store_id = store_id
        self._next_record = 0
        self._unflushed = False

    def read(self, keys: Iterable[bytes]) -> tuple[AuditHead, bytes] | None:
        """The anchored head and the key that authenticated it; ``None`` if there is none.

        Raises :class:`CorruptStore` when the file is there but is not two records,
        either record names another store or fails its MAC under every key in
        ``keys``, or neither record parses.
        """
        damaged = CorruptStore(damaged_sentence(self.path))
        try:
            raw = read_capped(self.path, MAX_ANCHOR_BYTES)
        except FileNotFoundError:
            return None
        except (SlotFileDamaged, OSError):
            raise damaged from None
        if len(raw) != RECORD_BYTES * RECORDS:
            raise damaged
        keys = list(keys)
        best: tuple[AuditHead, bytes, int] | None = None
        for index in range(RECORDS):
            record = raw[index * RECORD_BYTES : (index + 1) * RECORD_BYTES]
            try:
                data = parse_bounded_json(record, RECORD_BYTES, 2)
            except (ValueError, UnicodeDecodeError):
                continue  # torn by a power cut while it was being written
            try:
                if type(data) is not dict or data.get("format") != FORMAT:
                    raise SlotFileDamaged(QT_TRANSLATE_NOOP("Store", "format").said())
                if data.get("store_id") != self.store_id:
                    raise SlotFileDamaged(
                        QT_TRANSLATE_NOOP("Store", "another store's anchor").said()
                    )
                head = AuditHead(bounded_int(data["seq"], 0, MAX_SEQ), _hex_hash(data["row_hash"]))
                mac = _hex_hash(data["mac"])
            except (ValueError, KeyError, TypeError):
                raise damaged from None
            key = next(
                (k for k in keys if hmac.compare_digest(_mac(k, self.store_id, head), mac)), None
            )
            if key is None:
                raise damaged
            if best is None or head.seq > best[0].seq:
                best = (head, key, index)
        if best is None:
            raise damaged
        self._next_record = (best[2] + 1) % RECORDS
        return best[0], best[1]

    def _record(self, key: bytes, head: AuditHead) -> bytes:
        # Only a head the reader accepts: a row whose hash was forged is never anchored.
        bounded_int(head.seq, 0, MAX_SEQ)
        _hex_hash(head.row_hash)
        data = {
            "format": FORMAT,
            "store_id": self.store_id,
            "seq": head.seq,
            "row_hash": head.row_hash,
            "mac": _mac(key, self.store_id, head),
        }
        text = json.dumps(data, sort_keys=True).encode("ascii")
        return text.ljust(RECORD_BYTES - 1, b" ") + b"\n"

    def write(self, key: bytes, head: AuditHead, *, whole: bool = False) -> None:
        """Record ``head``: in place over the older record, or the ``whole`` file anew.

        The whole file is written (atomically, durably) when there is none yet, and
        on a re-key, so no record under the old key survives it. Raises ``ValueError``
        for a head that is not a well-formed ``(seq, SHA-256)``.
        """
        record = self._record(key, head)
        if not whole:
            try:
                fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            except FileNotFoundError:
                whole = True
        if whole:
            write_atomic(self.path, record * RECORDS, mode=0o600)
            self._next_record = 0
            self._unflushed = False
            return
        try:
            if os.fstat(fd).st_size != RECORD_BYTES * RECORDS:
                raise OSError(errno.EINVAL, "the anchor file has the wrong size")
            os.lseek(fd, self._next_record * RECORD_BYTES, os.SEEK_SET)
            view = memoryview(record)
            while view:
                view = view[os.write(fd, view) :]
            self._unflushed = True
        finally:
            os.close(fd)
        self._next_record = (self._next_record + 1) % RECORDS

    def settle(self) -> None:
        """Flush the records written in place to disk (when the store is locked or closed).

        Raises ``OSError`` if the disk refuses; the records stay in the page cache.
        """
        if not self._unflushed:
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            self._unflushed = False  # removed or replaced since, by a whole write that flushed
            return
        try:
            # The size never changes, so flushing the data alone is enough.
            getattr(os, "fdatasync", os.fsync)(fd)
        finally:
            os.close(fd)
        self._unflushed = False

    def remove_leftovers(self) -> None:
        """Delete temporary files a crash left half-written (never the anchor itself)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*{TEMP_SUFFIX}"):
            remove_quietly(leftover)


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
        return AnchorCheck(False, anchored, head, DIVERGED.said())
    return AnchorCheck(True, anchored, head)


def missing_sentence(path: Path) -> str:
    return QT_TRANSLATE_NOOP(
        "AuditTrail",
        "The record of the last audit head ({name}) is missing: Bedside cannot show "
        "that no audit rows were lost.",
    ).format(name=path.name)


__all__ = ["AnchorCheck", "AnchorFile", "AuditHead", "anchor_key", "compare", "problem"]
