"""Receipts: the hub's signed word that it applied a device's bundle.

``DEVICE-SEQ.receipt`` is canonical JSON; ``DEVICE-SEQ.receipt.minisig`` is a
minisign signature over it by the hub's Ed25519 key, so ``minisign -V`` checks it
too. A receipt for bundle N means the hub holds everything up to and including N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.sentences import QT_TRANSLATE_NOOP
from app.sync import minisign
from app.sync.atomic import write_atomic
from app.sync.bundle import canonical_json
from app.sync.safe_read import UnsafeFile, printable_name, read_capped

FORMAT = "bedside-receipt"
FORMAT_VERSION = 1
_NAME_RE = re.compile(r"([A-Za-z0-9_]{1,32})-([0-9]{6,12})\.receipt")
MAX_RECEIPT_BYTES = 64 * 1024
MAX_SIGNATURE_BYTES = 4 * 1024  # a minisign signature file is about 300 bytes


class ReceiptRejected(Exception):
    """A receipt that is malformed, unsigned, or not about one of our bundles."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


@dataclass(frozen=True)
class Receipt:
    study: str
    site: str
    device: str
    seq: int
    bundle_sha256: str
    audit_last: int
    audit_head: str
    received_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "study": self.study,
            "site": self.site,
            "device": self.device,
            "seq": self.seq,
            "bundle_sha256": self.bundle_sha256,
            "audit_last": self.audit_last,
            "audit_head": self.audit_head,
            "received_at": self.received_at,
        }

    @property
    def file_name(self) -> str:
        return f"{self.device}-{self.seq:06d}.receipt"


def write_receipt(folder: Path, receipt: Receipt, private_key: bytes, key_id: bytes) -> Path:
    data = canonical_json(receipt.to_json())
    signature = minisign.sign(
        data,
        private_key,
        key_id,
        f"bedside receipt site:{receipt.site} device:{receipt.device} seq:{receipt.seq}",
        untrusted_comment="bedside hub receipt",
    )
    path = folder / receipt.file_name
    write_atomic(path.with_name(path.name + ".minisig"), signature.encode("utf-8"))
    write_atomic(path, data)
    return path


def read_receipt(path: Path, hub_key: minisign.PublicKey) -> Receipt:
    """Verify and parse a receipt file; raises :class:`ReceiptRejected`."""
    shown = printable_name(path.name)
    if not _NAME_RE.fullmatch(path.name):
        raise ReceiptRejected(
            QT_TRANSLATE_NOOP(
                "Receipt", "{name} is not named like a receipt (DEVICE-SEQ.receipt)."
            ).format(name=shown)
        )
    sig_path = path.with_name(path.name + ".minisig")
    # Both files come from a share or a stick: never follow a link, never block on a
    # FIFO, never read past the cap, whatever ``stat`` says.
    data = _read_member(path, MAX_RECEIPT_BYTES, "to be a receipt")
    try:
        signature = _read_member(sig_path, MAX_SIGNATURE_BYTES, "to be a signature").decode()
    except UnicodeDecodeError:
        raise ReceiptRejected(
            QT_TRANSLATE_NOOP("Receipt", "{name}.minisig is not a minisign signature.").format(
                name=shown
            )
        ) from None
    try:
        minisign.verify(data, signature, hub_key)
    except minisign.MinisignError:
        raise ReceiptRejected(
            QT_TRANSLATE_NOOP(
                "Receipt", "{name} is not signed by the pinned hub: it was not applied."
            ).format(name=path.name)
        ) from None
    try:
        import json

        value = json.loads(data)
        if value.get("format") != FORMAT or value.get("format_version") != FORMAT_VERSION:
            raise ValueError("format")
        receipt = Receipt(
            study=str(value["study"]),
            site=str(value["site"]),
            device=str(value["device"]),
            seq=int(value["seq"]),
            bundle_sha256=str(value["bundle_sha256"]),
            audit_last=int(value["audit_last"]),
            audit_head=str(value["audit_head"]),
            received_at=str(value["received_at"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ReceiptRejected(
            QT_TRANSLATE_NOOP(
                "Receipt", "{name} is signed but not a receipt Bedside can read."
            ).format(name=path.name)
        ) from None
    if receipt.file_name != path.name:
        raise ReceiptRejected(
            QT_TRANSLATE_NOOP(
                "Receipt", "{name} describes another bundle than its name says."
            ).format(name=path.name)
        )
    return receipt


def _read_member(path: Path, max_bytes: int, what: str) -> bytes:
    try:
        return read_capped(path, max_bytes)
    except UnsafeFile as exc:
        shown = printable_name(path.name)
        if exc.code == "missing":
            raise ReceiptRejected(
                QT_TRANSLATE_NOOP("Receipt", "{name} is missing.").format(name=shown)
            ) from None
        if exc.code == "too_large" and what == "to be a receipt":
            raise ReceiptRejected(
                QT_TRANSLATE_NOOP("Receipt", "{name} is too large to be a receipt.").format(
                    name=shown
                )
            ) from None
        if exc.code == "too_large":
            raise ReceiptRejected(
                QT_TRANSLATE_NOOP("Receipt", "{name} is too large to be a signature.").format(
                    name=shown
                )
            ) from None
        raise ReceiptRejected(exc.sentence) from None
