"""What a sync bundle is called, the caps on it, why one is refused, and what opening yields.

A bundle is two files, ``SITE-DEVICE-SEQ.bundle.age`` and its ``.minisig``; the name
carries the site, the device and the sequence number. Each refusal has a machine code
and a sentence for people.
"""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.sentences import QT_TRANSLATE_NOOP
from app.sync import minisign
from app.sync.bundle_manifest import MAX_SEQ

AGE_SUFFIX = ".bundle.age"
SIG_SUFFIX = ".minisig"
UNTRUSTED_COMMENT = "bedside bundle signature (the trusted comment is signed)"

RejectCode = Literal[
    "bad_name",  # file name is not SITE-DEVICE-SEQ.bundle.age, or .minisig not beside it
    "too_large",  # a file or the manifest is over its cap
    "bad_signature_file",  # the .minisig is not exactly what our writer produces
    "wrong_key",  # signed by another key id than the device key offered
    "bad_signature",  # the signature does not verify over the .age bytes
    "decrypt_failed",  # not decryptable with the hub identity, or a corrupt age file
    "bad_container",  # the tar archive is out of shape
    "bad_manifest",  # manifest.json is not canonical JSON of the schema
    "manifest_signature",  # manifest.sig does not verify or describes another bundle
    "member_set",  # a member is missing from, or not listed in, the manifest
    "member_hash",  # a member's size or SHA-256 differs from the manifest
    "name_mismatch",  # file name, trusted comment and manifest disagree
    "unexpected_origin",  # study/site/device differ from what the caller expected
]


class BundleRejected(Exception):
    """A bundle failed a check: ``code`` for machines, ``sentence`` for people."""

    def __init__(self, code: RejectCode, sentence: str) -> None:
        super().__init__(sentence)
        self.code: RejectCode = code
        self.sentence = sentence

    def __repr__(self) -> str:
        return f"BundleRejected({self.code!r}, {self.sentence!r})"


@dataclass(frozen=True)
class Limits:
    """Caps, each checked before the bytes it covers are read or parsed."""

    max_bundle_bytes: int = 256 * 1024 * 1024
    max_signature_bytes: int = 16 * 1024
    max_manifest_bytes: int = 1024 * 1024
    max_members: int = 64


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class BundleName:
    """The site, device and sequence number that a bundle's file name carries."""

    site: str
    device: str
    seq: int

    @property
    def age_name(self) -> str:
        return f"{self.site}-{self.device}-{self.seq:06d}{AGE_SUFFIX}"

    @property
    def sig_name(self) -> str:
        return self.age_name + SIG_SUFFIX


@dataclass(frozen=True)
class TrustedComment:
    """A bundle signature's trusted comment; trustworthy only once verified."""

    timestamp: int
    file: str
    study: str
    site: str
    device: str
    seq: int


@dataclass(frozen=True)
class SignatureInfo:
    """What ``peek_signature`` reads before verification, to choose the device key."""

    name: BundleName
    comment: TrustedComment
    key_id: bytes

    @property
    def key_id_hex(self) -> str:
        return minisign.key_id_hex(self.key_id)


@dataclass(frozen=True)
class BundlePaths:
    """The two files ``write_bundle`` produced, and the ``.age`` file's SHA-256 (hex)."""

    age: Path
    sig: Path
    age_sha256: str


@dataclass(frozen=True)
class Expected:
    """What the caller knows of the key's owner; ``None`` fields are not checked."""

    study: str | None = None
    site: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle that passed every check; ``members`` excludes the manifest and its sig."""

    manifest: dict[str, Any]
    members: dict[str, bytes]
    age_sha256: str
    key_id: bytes

    @property
    def name(self) -> BundleName:
        return BundleName(self.manifest["site"], self.manifest["device"], self.manifest["seq"])


_NAME_RE = re.compile(r"([A-Za-z0-9_]{1,32})-([A-Za-z0-9_]{1,32})-([0-9]{6,12})\.bundle\.age")


def bundle_name(site: str, device: str, seq: int) -> BundleName:
    """The name of bundle ``seq`` of ``device`` at ``site``; ``BundleRejected`` if invalid."""
    return parse_bundle_name(BundleName(site, device, seq).age_name)


def parse_bundle_name(file_name: str) -> BundleName:
    """Read site, device and sequence number from a ``.bundle.age`` file name."""
    match = _NAME_RE.fullmatch(file_name)
    seq = int(match.group(3)) if match else 0
    if not match or f"{seq:06d}" != match.group(3) or not 1 <= seq <= MAX_SEQ:
        raise BundleRejected(
            "bad_name",
            QT_TRANSLATE_NOOP("Bundle", "{name} is not a bundle file name.").format(
                name=repr(file_name[:120])
            ),
        )
    return BundleName(match.group(1), match.group(2), seq)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex, as bundles, manifests and receipts name bytes."""
    return hashlib.sha256(data).hexdigest()


# Bytes at which a file's two digests are worth a thread: below, it costs more than it saves.
_TWO_AT_ONCE = 4_000_000


def sha256_and_blake2b(data: bytes) -> tuple[str, bytes]:
    """The SHA-256 (hex) that names a bundle file, and the BLAKE2b-512 its minisign
    signature signs. A large file's two are taken at once: hashlib lets other threads run
    while it hashes, so on two cores they take the time of one."""
    if len(data) < _TWO_AT_ONCE:
        return sha256_hex(data), hashlib.blake2b(data, digest_size=64).digest()
    with ThreadPoolExecutor(max_workers=1) as pool:
        blake2b = pool.submit(lambda: hashlib.blake2b(data, digest_size=64).digest())
        return sha256_hex(data), blake2b.result()
