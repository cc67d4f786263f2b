"""What a person's key signs, and how a trail of sealed transactions is checked.

Every committed transaction that writes audit rows is *sealed*: the acting
person signs, with their own key, the store id, the transaction's first and last
audit row and the chain hash of the last one. Because each row's hash chains all
rows before it, a seal vouches for every field of every row it covers.

E-signatures are signed the same way over the signed record's identity and
content hash, so one cannot be copied onto another record.

Pure functions: the unit of work, the device's ``bedside verify`` and the hub's import use them.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_CANON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

SEAL_FIELDS = ("first_seq", "last_seq", "signer", "signature")


@dataclass(frozen=True)
class Seal:
    """One transaction's seal: audit rows ``first_seq..last_seq`` signed by ``signer``."""

    first_seq: int
    last_seq: int
    signer: str
    signature: str  # base64 Ed25519

    def to_json(self) -> dict[str, object]:
        return {
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "signer": self.signer,
            "signature": self.signature,
        }


def seal_message(
    store_id: str, first_seq: int, last_seq: int, head_hash: str, signer: str
) -> bytes:
    return _CANON.encode(
        ["bedside-seal/v1", store_id, first_seq, last_seq, head_hash, signer]
    ).encode("utf-8")


def esignature_message(
    store_id: str,
    table_name: str,
    record_id: str,
    content_hash: str,
    meaning: str,
    signed_at: str,
    signer_id: str,
) -> bytes:
    return _CANON.encode(
        [
            "bedside-esignature/v1",
            store_id,
            table_name,
            record_id,
            content_hash,
            meaning,
            signed_at,
            signer_id,
        ]
    ).encode("utf-8")


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message)).decode("ascii")


def public_key(text: str) -> Ed25519PublicKey | None:
    """A base64 Ed25519 public key, or None when the text is not one."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw) if len(raw) == 32 else None
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def verify(public_text: str, signature: str, message: bytes) -> bool:
    key = public_key(public_text)
    if key is None:
        return False
    try:
        raw = base64.b64decode(signature.encode("ascii"), validate=True)
        key.verify(raw, message)
    except (binascii.Error, ValueError, UnicodeEncodeError, InvalidSignature):
        return False
    return True
