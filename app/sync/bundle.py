"""Sync bundles: ``SITE-DEVICE-SEQ.bundle.age`` plus ``….bundle.age.minisig``.

The ``.age`` file is age-encrypted (to the hub) POSIX ustar: ``manifest.json``
(canonical JSON), ``manifest.sig`` (minisign signature of it by the device key, so
authorship survives decryption), then the members sorted by name. The ``.minisig``
signs the ``.age`` bytes with the same key; its trusted comment names file, study,
site, device and sequence. ``age -d -i hub.key F | tar -x`` and ``minisign -V`` open
and check a bundle without our code.

Only our writer's exact bytes are accepted (headers, JSON and signature files are
re-serialised and compared), so no byte can change unnoticed; each check has its own
``BundleRejected`` code.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.sentences import QT_TRANSLATE_NOOP
from app.sync import agecrypt, minisign
from app.sync.atomic import fsync_directory, remove_quietly, write_temp
from app.sync.bundle_manifest import (
    FORMAT,
    FORMAT_VERSION,
    ID_RE,
    MANIFEST_NAME,
    MANIFEST_SIG_NAME,
    MAX_SEQ,
    STUDY_RE,
    manifest_problem,
    no_constant,
    unique_keys,
)
from app.sync.bundle_manifest import ZERO_SHA256 as ZERO_SHA256
from app.sync.bundle_manifest import build_manifest as build_manifest
from app.sync.bundle_manifest import canonical_json as canonical_json
from app.sync.bundle_manifest import epoch as _epoch
from app.sync.bundle_manifest import valid_member_name as _valid_member_name
from app.sync.bundle_tar import ContainerRefused, encode_container, parse_container

AGE_SUFFIX = ".bundle.age"
SIG_SUFFIX = ".minisig"
UNTRUSTED_COMMENT = "bedside bundle signature (the trusted comment is signed)"

# What each Expected field says when the bundle's own value differs.
_ORIGIN = {
    "study": QT_TRANSLATE_NOOP("Bundle", "The bundle is from study {found}, not {wanted}."),
    "site": QT_TRANSLATE_NOOP("Bundle", "The bundle is from site {found}, not {wanted}."),
    "device": QT_TRANSLATE_NOOP("Bundle", "The bundle is from device {found}, not {wanted}."),
}

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
_COMMENT_KEYS = ("timestamp", "file", "format", "study", "site", "device", "seq")


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


def write_bundle(
    out_dir: Path,
    manifest: Mapping[str, Any],
    members: Mapping[str, bytes],
    signing_key: bytes,
    key_id: bytes,
    recipients: Sequence[str],
    limits: Limits = DEFAULT_LIMITS,
) -> BundlePaths:
    """Sign, encrypt and write a bundle into ``out_dir``; return its paths.

    ``manifest`` is ``build_manifest``'s dict; member hashes are added here. Raises
    ``ValueError`` for a bad manifest, member name or size, ``AgeError`` for a bad
    recipient, ``FileExistsError`` if the bundle exists, and ``OSError`` from the disk;
    then nothing named like a bundle and no temporary file is left behind.
    """
    for member in members:
        if member in (MANIFEST_NAME, MANIFEST_SIG_NAME) or not _valid_member_name(member):
            raise ValueError(f"{member[:100]!r} cannot be the name of a bundle member.")
    if "members" in manifest:
        raise ValueError("The manifest's member list is computed by write_bundle.")
    full = dict(manifest)
    full["members"] = {m: {"sha256": _sha256(d), "size": len(d)} for m, d in members.items()}
    problem = manifest_problem(full)
    if problem:
        raise ValueError(problem)
    manifest_bytes = canonical_json(full)
    if len(manifest_bytes) > limits.max_manifest_bytes or len(members) + 2 > limits.max_members:
        raise ValueError("The bundle has more members or a larger manifest than the caps.")
    name = bundle_name(full["site"], full["device"], full["seq"])
    inner = _sign(manifest_bytes, signing_key, key_id, _comment_text(full, MANIFEST_NAME))
    entries = [(MANIFEST_NAME, manifest_bytes), (MANIFEST_SIG_NAME, inner)]
    container = _encode_container(entries + sorted(members.items()), _epoch(full["created_at"]))
    age_bytes = agecrypt.encrypt(container, recipients)
    if len(age_bytes) > limits.max_bundle_bytes:
        raise ValueError("The bundle is larger than the hub accepts; send fewer changes.")
    outer = _sign(age_bytes, signing_key, key_id, _comment_text(full, name.age_name))
    out_dir = Path(out_dir)
    paths = BundlePaths(out_dir / name.age_name, out_dir / name.sig_name, _sha256(age_bytes))
    if paths.age.exists():
        raise FileExistsError(f"{paths.age.name} already exists; a bundle is never rewritten.")
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        temps += [write_temp(out_dir, paths.age.name, age_bytes)]
        temps += [write_temp(out_dir, paths.sig.name, outer)]
        # The hub only looks at an .age with a .minisig beside it: so the .age lands last.
        for tmp, final in ((temps[1], paths.sig), (temps[0], paths.age)):
            os.replace(tmp, final)
            placed.append(final)
        fsync_directory(out_dir)
    except BaseException:
        # Remove the .age first, so the pair never looks complete while cleaning up.
        for path in [*reversed(placed), *temps]:
            remove_quietly(path)
        raise
    return paths


def peek_signature(
    age_path: Path, sig_path: Path, limits: Limits = DEFAULT_LIMITS
) -> SignatureInfo:
    """Read name, trusted comment and key id of a bundle without verifying anything.

    The hub uses it to pick the device key; nothing in it is trustworthy until
    ``open_bundle`` has verified the signature. Raises ``BundleRejected``.
    """
    age_path, sig_path = Path(age_path), Path(sig_path)
    name = _check_paths(age_path, sig_path)
    sig, comment = _parse_signature_file(_read_capped(sig_path, limits.max_signature_bytes))
    return SignatureInfo(name, comment, sig.key_id)


def open_bundle(
    age_path: Path,
    sig_path: Path,
    device_public_key: minisign.PublicKey,
    identity: agecrypt.AgeIdentity | str | Sequence[agecrypt.AgeIdentity | str],
    expected: Expected | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> OpenedBundle:
    """Verify, decrypt and check a bundle; raise ``BundleRejected`` at the first failure.

    Order: file name, size caps, signature file syntax, signature, decryption,
    container, manifest, manifest signature, member hashes, names, ``expected``.
    ``OSError`` (missing file, share gone) propagates: it says nothing of the bundle.
    """
    age_path, sig_path = Path(age_path), Path(sig_path)
    _check_paths(age_path, sig_path)
    sig_data = _read_capped(sig_path, limits.max_signature_bytes)
    age_data = _read_capped(age_path, limits.max_bundle_bytes)
    return open_bundle_bytes(
        age_path.name, age_data, sig_data, device_public_key, identity, expected, limits
    )


def open_bundle_bytes(
    age_name: str,
    age_data: bytes,
    sig_data: bytes,
    device_public_key: minisign.PublicKey,
    identity: agecrypt.AgeIdentity | str | Sequence[agecrypt.AgeIdentity | str],
    expected: Expected | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> OpenedBundle:
    """``open_bundle`` for a file name and file contents already in memory."""
    name = parse_bundle_name(age_name)
    if len(age_data) > limits.max_bundle_bytes or len(sig_data) > limits.max_signature_bytes:
        raise BundleRejected(
            "too_large",
            QT_TRANSLATE_NOOP("Bundle", "The bundle is larger than the configured cap.").said(),
        )
    sig, comment = _parse_signature_file(sig_data)
    _verify(age_data, sig, device_public_key, "bad_signature", "The bundle file")
    try:
        container = agecrypt.decrypt(age_data, identity)
    except agecrypt.AgeError as exc:
        raise BundleRejected(
            "decrypt_failed",
            QT_TRANSLATE_NOOP("Bundle", "The bundle cannot be decrypted: {problem}").format(
                problem=str(exc)
            ),
        ) from None
    members, mtime = _parse_container(container, limits)
    manifest_bytes = members.pop(MANIFEST_NAME)
    manifest = _parse_manifest(manifest_bytes, limits)
    if mtime != _epoch(manifest["created_at"]):
        raise BundleRejected(
            "bad_container",
            QT_TRANSLATE_NOOP("Bundle", "The archive's dates differ from the manifest.").said(),
        )
    inner, inner_comment = _parse_signature_file(
        members.pop(MANIFEST_SIG_NAME), "manifest_signature"
    )
    _verify(manifest_bytes, inner, device_public_key, "manifest_signature", "manifest.json")
    if inner_comment != _comment(manifest, MANIFEST_NAME):
        raise BundleRejected(
            "manifest_signature",
            QT_TRANSLATE_NOOP("Bundle", "manifest.sig was made for another bundle.").said(),
        )
    _check_members(manifest["members"], members)
    signed_name = BundleName(comment.site, comment.device, comment.seq)
    if signed_name != name or comment != _comment(manifest, age_name):
        raise BundleRejected(
            "name_mismatch",
            QT_TRANSLATE_NOOP("Bundle", "File name, signature and manifest disagree.").said(),
        )
    for key in ("study", "site", "device"):
        want = getattr(expected, key, None)
        if want is not None and manifest[key] != want:
            raise BundleRejected(
                "unexpected_origin",
                _ORIGIN[key].format(found=repr(manifest[key]), wanted=repr(want)),
            )
    return OpenedBundle(manifest, members, _sha256(age_data), sig.key_id)


# --- signatures and files --------------------------------------------------------------


def _check_paths(age_path: Path, sig_path: Path) -> BundleName:
    name = parse_bundle_name(age_path.name)
    if sig_path.name != age_path.name + SIG_SUFFIX or sig_path.parent != age_path.parent:
        raise BundleRejected(
            "bad_name",
            QT_TRANSLATE_NOOP("Bundle", "The signature file is not beside its bundle.").said(),
        )
    return name


def _read_capped(path: Path, cap: int) -> bytes:
    # Refuse by size before reading; read at most cap + 1 in case the file grows.
    with path.open("rb") as file:
        too_big = os.fstat(file.fileno()).st_size > cap
        data = b"" if too_big else file.read(cap + 1)
    if too_big or len(data) > cap:
        raise BundleRejected(
            "too_large",
            QT_TRANSLATE_NOOP("Bundle", "{name} is larger than the cap of {cap} bytes.").format(
                name=path.name, cap=cap
            ),
        )
    return data


def _sign(data: bytes, key: bytes, key_id: bytes, comment: str) -> bytes:
    text = minisign.sign(data, key, key_id, comment, untrusted_comment=UNTRUSTED_COMMENT)
    return text.encode("utf-8")


def _comment_text(fields: Mapping[str, Any], file: str) -> str:
    """A trusted comment in minisign's ``key:value`` tab style."""
    values = {"timestamp": _epoch(fields.get("created_at", "")), **fields}
    values.update(file=file, format=f"{FORMAT}/{FORMAT_VERSION}")
    return "\t".join(f"{key}:{values[key]}" for key in _COMMENT_KEYS)


def _comment(manifest: Mapping[str, Any], file: str) -> TrustedComment:
    m = manifest
    stamp = _epoch(m["created_at"])
    return TrustedComment(stamp, file, m["study"], m["site"], m["device"], m["seq"])


def _parse_signature_file(
    data: bytes, code: RejectCode = "bad_signature_file"
) -> tuple[minisign.Signature, TrustedComment]:
    try:
        text = data.decode("utf-8")
        sig = minisign.parse_signature(text)
    except UnicodeDecodeError:
        raise BundleRejected(
            code, QT_TRANSLATE_NOOP("Bundle", "The signature file is not UTF-8 text.").said()
        ) from None
    except minisign.MalformedSignature as exc:
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP(
                "Bundle", "The signature is not in minisign format: {problem}"
            ).format(problem=str(exc)),
        ) from None
    # Our writer's exact bytes only: then no byte of the file can change unnoticed.
    ours = sig.prehashed and sig.untrusted_comment == UNTRUSTED_COMMENT
    if not ours or minisign.format_signature(sig) != text:
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP("Bundle", "The signature file was not written by Bedside.").said(),
        )
    fields = dict(part.partition(":")[::2] for part in sig.trusted_comment.split("\t"))
    try:
        comment = TrustedComment(
            int(fields["timestamp"]),
            fields["file"],
            fields["study"],
            fields["site"],
            fields["device"],
            int(fields["seq"]),
        )
    except (KeyError, ValueError):
        comment = None
    if (
        comment is None
        or _comment_text(vars(comment), comment.file) != sig.trusted_comment
        or not all(ID_RE.fullmatch(value) for value in (comment.site, comment.device))
        or not STUDY_RE.fullmatch(comment.study)
    ):
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP(
                "Bundle", "The signature's trusted comment is not a Bedside one."
            ).said(),
        )
    return sig, comment


def _verify(
    data: bytes, sig: minisign.Signature, key: minisign.PublicKey, code: RejectCode, what: str
) -> None:
    try:
        minisign.verify_parsed(data, sig, key)
    except minisign.KeyIdMismatch as exc:
        raise BundleRejected("wrong_key" if code == "bad_signature" else code, str(exc)) from None
    except minisign.VerificationFailed:
        if what == "The bundle file":
            raise BundleRejected(
                code,
                QT_TRANSLATE_NOOP("Bundle", "The bundle file does not match its signature.").said(),
            ) from None
        raise BundleRejected(
            code,
            QT_TRANSLATE_NOOP("Bundle", "{what} does not match its signature.").format(what=what),
        ) from None


def _check_members(listed: dict[str, Any], members: dict[str, bytes]) -> None:
    if set(listed) != set(members):
        odd = sorted(set(listed) ^ set(members))
        raise BundleRejected(
            "member_set",
            QT_TRANSLATE_NOOP(
                "Bundle", "Members {members} are not both listed and present."
            ).format(members=odd),
        )
    for member, data in members.items():
        if listed[member] != {"sha256": _sha256(data), "size": len(data)}:
            raise BundleRejected(
                "member_hash",
                QT_TRANSLATE_NOOP("Bundle", "{member} differs from the manifest's hash.").format(
                    member=member
                ),
            )


# --- manifest ------------------------------------------------------------------------


def _parse_manifest(data: bytes, limits: Limits) -> dict[str, Any]:
    if len(data) > limits.max_manifest_bytes:
        raise BundleRejected(
            "too_large", QT_TRANSLATE_NOOP("Bundle", "manifest.json is larger than the cap.").said()
        )
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=unique_keys, parse_constant=no_constant)
        canonical = canonical_json(value) == data
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise BundleRejected(
            "bad_manifest", QT_TRANSLATE_NOOP("Bundle", "manifest.json is not valid JSON.").said()
        ) from None
    problem = (
        manifest_problem(value)
        if canonical
        else QT_TRANSLATE_NOOP("Bundle", "manifest.json is not canonical.").said()
    )
    if problem or not isinstance(value, dict):
        raise BundleRejected(
            "bad_manifest",
            problem or QT_TRANSLATE_NOOP("Bundle", "manifest.json is not an object.").said(),
        )
    return value


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encode_container(entries: list[tuple[str, bytes]], mtime: int) -> bytes:
    return encode_container(entries, mtime)


def _parse_container(data: bytes, limits: Limits) -> tuple[dict[str, bytes], int]:
    """Members in archive order and their common mtime; ``BundleRejected`` otherwise."""
    try:
        members, mtime = parse_container(
            data, limits.max_bundle_bytes, limits.max_members, _valid_member_name
        )
    except ContainerRefused as exc:
        raise BundleRejected(
            "bad_container",
            QT_TRANSLATE_NOOP("Bundle", "The decrypted archive is refused: {problem}").format(
                problem=exc.sentence
            ),
        ) from None
    names = list(members)
    if names[:2] != [MANIFEST_NAME, MANIFEST_SIG_NAME] or names[2:] != sorted(names[2:]):
        raise BundleRejected(
            "bad_container",
            QT_TRANSLATE_NOOP(
                "Bundle",
                "The decrypted archive is refused: it does not hold manifest.json, manifest.sig, "
                "then members by name.",
            ).said(),
        )
    return members, mtime
