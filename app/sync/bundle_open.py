"""Opening a sync bundle: verify, decrypt and check it, or refuse it with a reason.

Every cap is checked before the bytes it covers are read or parsed, and the checks run
in a fixed order, each with its own :class:`~app.sync.bundle_types.BundleRejected` code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.sentences import QT_TRANSLATE_NOOP
from app.sync import agecrypt, minisign
from app.sync.bundle_manifest import (
    MANIFEST_NAME,
    MANIFEST_SIG_NAME,
    canonical_json,
    manifest_problem,
    no_constant,
    unique_keys,
)
from app.sync.bundle_manifest import epoch as _epoch
from app.sync.bundle_manifest import valid_member_name as _valid_member_name
from app.sync.bundle_signature import parse_signature_file, trusted_comment, verify_signature
from app.sync.bundle_tar import ContainerRefused, parse_container
from app.sync.bundle_types import (
    DEFAULT_LIMITS,
    SIG_SUFFIX,
    BundleName,
    BundleRejected,
    Expected,
    Limits,
    OpenedBundle,
    SignatureInfo,
    parse_bundle_name,
    sha256_hex,
)

# What each Expected field says when the bundle's own value differs.
_ORIGIN = {
    "study": QT_TRANSLATE_NOOP("Bundle", "The bundle is from study {found}, not {wanted}."),
    "site": QT_TRANSLATE_NOOP("Bundle", "The bundle is from site {found}, not {wanted}."),
    "device": QT_TRANSLATE_NOOP("Bundle", "The bundle is from device {found}, not {wanted}."),
}


def peek_signature(
    age_path: Path, sig_path: Path, limits: Limits = DEFAULT_LIMITS
) -> SignatureInfo:
    """Read name, trusted comment and key id of a bundle without verifying anything.

    The hub uses it to pick the device key; nothing in it is trustworthy until
    ``open_bundle`` has verified the signature. Raises ``BundleRejected``.
    """
    age_path, sig_path = Path(age_path), Path(sig_path)
    name = check_paths(age_path, sig_path)
    sig, comment = parse_signature_file(read_capped(sig_path, limits.max_signature_bytes))
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
    check_paths(age_path, sig_path)
    sig_data = read_capped(sig_path, limits.max_signature_bytes)
    age_data = read_capped(age_path, limits.max_bundle_bytes)
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
    *,
    age_sha256: str | None = None,
    age_blake2b: bytes | None = None,
) -> OpenedBundle:
    """``open_bundle`` for a file name and file contents already in memory.

    A caller that took the SHA-256 of ``age_data`` and the BLAKE2b-512 its signature
    signs (:func:`sha256_and_blake2b`) may pass them: a bundle of a hundred thousand
    changes is tens of megabytes, and each pass over it costs as much as checking a few
    thousand rows.
    """
    name = parse_bundle_name(age_name)
    if len(age_data) > limits.max_bundle_bytes or len(sig_data) > limits.max_signature_bytes:
        raise BundleRejected(
            "too_large",
            QT_TRANSLATE_NOOP("Bundle", "The bundle is larger than the configured cap.").said(),
        )
    sig, comment = parse_signature_file(sig_data)
    verify_signature(
        age_data, sig, device_public_key, "bad_signature", "The bundle file", blake2b=age_blake2b
    )
    try:
        container = agecrypt.decrypt(age_data, identity)
    except agecrypt.AgeError as exc:
        raise BundleRejected(
            "decrypt_failed",
            QT_TRANSLATE_NOOP("Bundle", "The bundle cannot be decrypted: {problem}").format(
                problem=str(exc)
            ),
        ) from None
    members, mtime = parse_archive(container, limits)
    manifest_bytes = members.pop(MANIFEST_NAME)
    manifest = parse_manifest(manifest_bytes, limits)
    if mtime != _epoch(manifest["created_at"]):
        raise BundleRejected(
            "bad_container",
            QT_TRANSLATE_NOOP("Bundle", "The archive's dates differ from the manifest.").said(),
        )
    inner, inner_comment = parse_signature_file(
        members.pop(MANIFEST_SIG_NAME), "manifest_signature"
    )
    verify_signature(
        manifest_bytes, inner, device_public_key, "manifest_signature", "manifest.json"
    )
    if inner_comment != trusted_comment(manifest, MANIFEST_NAME):
        raise BundleRejected(
            "manifest_signature",
            QT_TRANSLATE_NOOP("Bundle", "manifest.sig was made for another bundle.").said(),
        )
    check_members(manifest["members"], members)
    signed_name = BundleName(comment.site, comment.device, comment.seq)
    if signed_name != name or comment != trusted_comment(manifest, age_name):
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
    return OpenedBundle(manifest, members, age_sha256 or sha256_hex(age_data), sig.key_id)


def check_paths(age_path: Path, sig_path: Path) -> BundleName:
    """The bundle's name, if its signature file lies beside it under the matching name."""
    name = parse_bundle_name(age_path.name)
    if sig_path.name != age_path.name + SIG_SUFFIX or sig_path.parent != age_path.parent:
        raise BundleRejected(
            "bad_name",
            QT_TRANSLATE_NOOP("Bundle", "The signature file is not beside its bundle.").said(),
        )
    return name


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of ``path``, refused by size before they are read."""
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


def check_members(listed: dict[str, Any], members: dict[str, bytes]) -> None:
    """Refuse unless the members are exactly those listed, each with its size and hash."""
    if set(listed) != set(members):
        odd = sorted(set(listed) ^ set(members))
        raise BundleRejected(
            "member_set",
            QT_TRANSLATE_NOOP(
                "Bundle", "Members {members} are not both listed and present."
            ).format(members=odd),
        )
    for member, data in members.items():
        if listed[member] != {"sha256": sha256_hex(data), "size": len(data)}:
            raise BundleRejected(
                "member_hash",
                QT_TRANSLATE_NOOP("Bundle", "{member} differs from the manifest's hash.").format(
                    member=member
                ),
            )


def parse_manifest(data: bytes, limits: Limits) -> dict[str, Any]:
    """``manifest.json`` if it is canonical JSON of the schema; refused otherwise."""
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


def parse_archive(data: bytes, limits: Limits) -> tuple[dict[str, bytes], int]:
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
