"""age encryption (X25519 recipients) through ``pyrage``.

The output is the standard binary age format, so ``age -d -i key.txt`` opens it, and
files made by stock ``age -r`` decrypt here. Every failure, whatever ``pyrage`` raised,
becomes ``AgeError`` with a sentence that never contains key material.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyrage
from pyrage import x25519

_SECRET_PREFIX = "AGE-SECRET-KEY-1"  # noqa: S105 - the format's prefix, not a secret
_RECIPIENT_PREFIX = "age1"


class AgeError(Exception):
    """Encryption or decryption failed, or a key is not an age X25519 key."""


@dataclass(frozen=True)
class AgeIdentity:
    """An age X25519 identity (``AGE-SECRET-KEY-1...``) and its recipient (``age1...``)."""

    secret: str = field(repr=False)
    recipient: str


def generate_identity() -> AgeIdentity:
    """Make a new X25519 identity."""
    identity = x25519.Identity.generate()
    return AgeIdentity(secret=str(identity), recipient=str(identity.to_public()))


def parse_identity(text: str) -> AgeIdentity:
    """Read an identity from a key string or an ``age-keygen`` file (``#`` comments allowed)."""
    keys = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(keys) != 1 or not keys[0].startswith(_SECRET_PREFIX):
        raise AgeError("An age identity file holds exactly one AGE-SECRET-KEY-1 line.")
    identity = _identity(keys[0])
    return AgeIdentity(secret=keys[0], recipient=str(identity.to_public()))


def identity_file_text(identity: AgeIdentity) -> str:
    """The text of an identity file in the layout ``age-keygen`` writes."""
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return f"# created: {created}\n# public key: {identity.recipient}\n{identity.secret}\n"


def parse_recipient(text: str) -> str:
    """Check that ``text`` is an ``age1...`` X25519 recipient; return it stripped."""
    recipient = text.strip()
    _recipient(recipient)
    return recipient


def encrypt(data: bytes, recipients: Sequence[str]) -> bytes:
    """Encrypt ``data`` so that any one of ``recipients`` can decrypt it."""
    if isinstance(recipients, str):
        raise TypeError("recipients is a sequence of age1... strings, not one string")
    if not recipients:
        raise AgeError("Encryption needs at least one recipient.")
    keys = [_recipient(r.strip()) for r in recipients]
    try:
        out = pyrage.encrypt(data, keys)
    except pyrage.EncryptError:
        raise AgeError("age encryption failed.") from None
    return _as_bytes(out)


def decrypt(data: bytes, identities: AgeIdentity | str | Sequence[AgeIdentity | str]) -> bytes:
    """Decrypt an age file with one identity, or any of several (e.g. during rotation)."""
    if isinstance(identities, AgeIdentity | str):
        identities = [identities]
    keys = [_identity(i.secret if isinstance(i, AgeIdentity) else i.strip()) for i in identities]
    if not keys:
        raise AgeError("Decryption needs at least one identity.")
    try:
        out = pyrage.decrypt(data, keys)
    except pyrage.DecryptError as exc:
        # pyrage's messages describe the file ("No matching keys found", "header is
        # invalid"); they never contain the identity, so they are safe to pass on.
        detail = str(exc).split("\n", 1)[0].rstrip(". ") or "unknown error"
        raise AgeError(f"age decryption failed: {detail}.") from None
    return _as_bytes(out)


def _identity(secret: str) -> x25519.Identity:
    if not secret.startswith(_SECRET_PREFIX):
        raise AgeError("An age identity starts with AGE-SECRET-KEY-1.")
    try:
        return x25519.Identity.from_str(secret)
    except pyrage.IdentityError:
        # Never echo the text: it may be a real secret with one character wrong.
        raise AgeError("The age identity is not a valid X25519 secret key.") from None


def _recipient(text: str) -> x25519.Recipient:
    if not text.startswith(_RECIPIENT_PREFIX):
        raise AgeError("An age recipient starts with age1.")
    try:
        return x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        raise AgeError(f"{text[:80]!r} is not a valid age X25519 recipient.") from None


def _as_bytes(value: object) -> bytes:
    # pyrage has no type stubs; check what it hands back rather than trust Any.
    if not isinstance(value, bytes):
        raise TypeError(f"pyrage returned {type(value).__name__}, expected bytes")
    return value
