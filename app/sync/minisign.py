"""The minisign key and signature formats, over ``cryptography``'s Ed25519.

Files written here verify with stock ``minisign -V`` and stock signatures verify here,
so a data manager can check a bundle without our code.

Public key: ``untrusted comment: ...`` then base64 of ``Ed`` ‖ key id (8) ‖ key (32).
Signature (``.minisig``), four lines::

    untrusted comment: <free text, not covered by any signature>
    base64( "ED" ‖ key id (8) ‖ Ed25519(BLAKE2b-512(data)) )
    trusted comment: <text>
    base64( Ed25519(signature ‖ trusted comment) )

``ED`` (prehashed) is what minisign ≥ 0.10 writes; legacy ``Ed`` signs the data itself
and is still accepted on verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

KEY_ID_BYTES = 8
_KEY_ALG = b"Ed"
_SIG_ALG_PREHASHED = b"ED"
_SIG_ALG_LEGACY = b"Ed"
_UNTRUSTED_PREFIX = "untrusted comment: "
_TRUSTED_PREFIX = "trusted comment: "
# minisign's own buffers: longer comments would be refused or cut by the stock tool.
MAX_UNTRUSTED_COMMENT_BYTES = 1024 - len(_UNTRUSTED_PREFIX) - 2
MAX_TRUSTED_COMMENT_BYTES = 8192 - len(_TRUSTED_PREFIX) - 2


class MinisignError(Exception):
    """Base of every error this module raises."""


class MalformedKey(MinisignError):
    """A public key string is not in minisign format."""


class MalformedSignature(MinisignError):
    """A signature file is not in minisign format."""


class VerificationFailed(MinisignError):
    """The signature does not match the data, the trusted comment or the key."""


class KeyIdMismatch(VerificationFailed):
    """The signature names a different key id than the public key offered."""


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: 8-byte key id and 32-byte Ed25519 key."""

    key_id: bytes
    key: bytes

    def __post_init__(self) -> None:
        if len(self.key_id) != KEY_ID_BYTES or len(self.key) != 32:
            raise MalformedKey("A minisign public key is an 8-byte id and a 32-byte key.")

    @property
    def key_id_hex(self) -> str:
        """The key id as minisign prints it (little-endian, upper-case hex)."""
        return key_id_hex(self.key_id)


@dataclass(frozen=True)
class KeyPair:
    """A device signing key. The caller stores ``private_key`` (32-byte seed) safely."""

    key_id: bytes
    public_key: bytes
    private_key: bytes = field(repr=False)

    @property
    def public(self) -> PublicKey:
        """The public half, for registration with the hub."""
        return PublicKey(self.key_id, self.public_key)


@dataclass(frozen=True)
class Signature:
    """A parsed ``.minisig`` file; nothing in it has been verified yet."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str

    @property
    def prehashed(self) -> bool:
        """True for ``ED`` signatures (BLAKE2b-512 of the data was signed)."""
        return self.algorithm == _SIG_ALG_PREHASHED


def key_id_hex(key_id: bytes) -> str:
    """Format an 8-byte key id the way minisign prints it."""
    return key_id[::-1].hex().upper()


def generate_keypair() -> KeyPair:
    """Make a new Ed25519 key pair with a random 8-byte key id."""
    private = Ed25519PrivateKey.generate()
    return KeyPair(
        key_id=secrets.token_bytes(KEY_ID_BYTES),
        public_key=private.public_key().public_bytes_raw(),
        private_key=private.private_bytes_raw(),
    )


def public_key_from_private(private_key: bytes, key_id: bytes) -> PublicKey:
    """Derive the public key that belongs to a stored 32-byte private key."""
    return PublicKey(key_id, _private(private_key).public_key().public_bytes_raw())


def public_key_string(public_key: PublicKey, untrusted_comment: str | None = None) -> str:
    """The contents of a ``.pub`` file, as ``minisign -G`` writes it."""
    comment = untrusted_comment or f"minisign public key {public_key.key_id_hex}"
    _check_comment(comment, MAX_UNTRUSTED_COMMENT_BYTES)
    blob = base64.b64encode(_KEY_ALG + public_key.key_id + public_key.key).decode("ascii")
    return f"{_UNTRUSTED_PREFIX}{comment}\n{blob}\n"


def parse_public_key(text: str) -> PublicKey:
    """Read a ``.pub`` file's text or the bare base64 line that ``minisign -P`` takes."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) == 2 and lines[0].startswith(_UNTRUSTED_PREFIX):
        lines = lines[1:]
    if len(lines) != 1:
        raise MalformedKey("A minisign public key is one base64 line, after an optional comment.")
    raw = _b64decode(lines[0], MalformedKey("The public key is not valid base64."))
    if len(raw) != 2 + KEY_ID_BYTES + 32 or raw[:2] != _KEY_ALG:
        raise MalformedKey("The text is not a minisign Ed25519 public key.")
    return PublicKey(raw[2:10], raw[10:])


def sign(
    data: bytes,
    private_key: bytes,
    key_id: bytes,
    trusted_comment: str,
    *,
    untrusted_comment: str = "signature from minisign secret key",
    prehashed: bool = True,
    blake2b: bytes | None = None,
) -> str:
    """Sign ``data``; return the text of a ``.minisig`` file.

    ``prehashed=False`` writes a legacy ``Ed`` signature, kept only for tests and old
    verifiers. ``blake2b``: the BLAKE2b-512 of ``data``, if the caller already took it.
    """
    if len(key_id) != KEY_ID_BYTES:
        raise ValueError("A minisign key id is 8 bytes.")
    _check_comment(untrusted_comment, MAX_UNTRUSTED_COMMENT_BYTES)
    _check_comment(trusted_comment, MAX_TRUSTED_COMMENT_BYTES)
    key = _private(private_key)
    algorithm = _SIG_ALG_PREHASHED if prehashed else _SIG_ALG_LEGACY
    signed = data
    if prehashed:
        signed = blake2b if blake2b is not None else _blake2b(data)
    signature = key.sign(signed)
    global_signature = key.sign(signature + trusted_comment.encode("utf-8"))
    return format_signature(
        Signature(
            algorithm, key_id, signature, trusted_comment, global_signature, untrusted_comment
        )
    )


def format_signature(sig: Signature) -> str:
    """Serialise a signature exactly as minisign writes it (``\\n`` line ends)."""
    line2 = base64.b64encode(sig.algorithm + sig.key_id + sig.signature).decode("ascii")
    line4 = base64.b64encode(sig.global_signature).decode("ascii")
    return (
        f"{_UNTRUSTED_PREFIX}{sig.untrusted_comment}\n{line2}\n"
        f"{_TRUSTED_PREFIX}{sig.trusted_comment}\n{line4}\n"
    )


def parse_signature(text: str) -> Signature:
    """Parse a ``.minisig`` file's text strictly; nothing is verified here.

    Accepts ``\\r\\n`` line ends (files that passed through Windows tools); anything else
    out of shape raises ``MalformedSignature``.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    if len(lines) != 4:
        raise MalformedSignature("A minisign signature file has exactly four lines.")
    untrusted, sig_line, trusted, global_line = lines
    if not untrusted.startswith(_UNTRUSTED_PREFIX):
        raise MalformedSignature("Line 1 of the signature file is not an untrusted comment.")
    if not trusted.startswith(_TRUSTED_PREFIX):
        raise MalformedSignature("Line 3 of the signature file is not a trusted comment.")
    untrusted_comment = untrusted[len(_UNTRUSTED_PREFIX) :]
    trusted_comment = trusted[len(_TRUSTED_PREFIX) :]
    for comment, limit in (
        (untrusted_comment, MAX_UNTRUSTED_COMMENT_BYTES),
        (trusted_comment, MAX_TRUSTED_COMMENT_BYTES),
    ):
        try:
            _check_comment(comment, limit)
        except ValueError as exc:
            raise MalformedSignature(str(exc)) from None
    blob = _b64decode(sig_line, MalformedSignature("Line 2 of the signature is not base64."))
    global_signature = _b64decode(
        global_line, MalformedSignature("Line 4 of the signature is not base64.")
    )
    if len(blob) != 2 + KEY_ID_BYTES + 64 or len(global_signature) != 64:
        raise MalformedSignature("The signature lines have the wrong length.")
    algorithm = blob[:2]
    if algorithm not in (_SIG_ALG_PREHASHED, _SIG_ALG_LEGACY):
        raise MalformedSignature("The signature algorithm is neither ED nor Ed.")
    return Signature(
        algorithm, blob[2:10], blob[10:], trusted_comment, global_signature, untrusted_comment
    )


def verify(data: bytes, sig_text: str, public_key: PublicKey) -> str:
    """Check ``sig_text`` over ``data`` with ``public_key``; return the trusted comment.

    Raises ``MalformedSignature`` if the file is out of shape, ``KeyIdMismatch`` if it
    names another key, ``VerificationFailed`` if either signature does not verify.
    """
    return verify_parsed(data, parse_signature(sig_text), public_key)


def verify_parsed(
    data: bytes, sig: Signature, public_key: PublicKey, *, blake2b: bytes | None = None
) -> str:
    """``verify`` for a signature already parsed with ``parse_signature``; ``blake2b``:
    the BLAKE2b-512 of ``data``, if the caller already took it."""
    if sig.key_id != public_key.key_id:
        raise KeyIdMismatch(
            f"The signature was made with key {key_id_hex(sig.key_id)}, "
            f"not with key {public_key.key_id_hex}."
        )
    try:
        key = Ed25519PublicKey.from_public_bytes(public_key.key)
        signed = data
        if sig.prehashed:
            signed = blake2b if blake2b is not None else _blake2b(data)
        key.verify(sig.signature, signed)
    except (InvalidSignature, ValueError):
        raise VerificationFailed("The signature does not match the file.") from None
    try:
        key.verify(sig.global_signature, sig.signature + sig.trusted_comment.encode("utf-8"))
    except InvalidSignature:
        raise VerificationFailed("The trusted comment has been altered.") from None
    return sig.trusted_comment


def _private(private_key: bytes) -> Ed25519PrivateKey:
    if len(private_key) != 32:
        raise ValueError("An Ed25519 private key is 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(private_key)


def _blake2b(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=64).digest()


def _b64decode(text: str, error: MinisignError) -> bytes:
    # Strict: no stray characters and the canonical encoding only, so one file has one
    # spelling (non-zero padding bits would otherwise decode to the same bytes).
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise error from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise error
    return raw


def _check_comment(comment: str, max_bytes: int) -> None:
    # A line break would end the line early and turn the rest into another line.
    if any(ch in comment for ch in "\r\n\0"):
        raise ValueError("A minisign comment is one line without NUL.")
    try:
        size = len(comment.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError("A minisign comment must be valid Unicode text.") from None
    if size > max_bytes:
        raise ValueError(f"A minisign comment is at most {max_bytes} bytes.")
