"""Sync bundles: ``SITE-DEVICE-SEQ.bundle.age`` plus ``….bundle.age.minisig``.

The ``.age`` file is age-encrypted (to the hub) POSIX ustar: ``manifest.json``
(canonical JSON), ``manifest.sig`` (minisign signature of it by the device key, so
authorship survives decryption), then the members sorted by name. The ``.minisig``
signs the ``.age`` bytes with the same key; its trusted comment names file, study,
site, device and sequence. ``age -d -i hub.key F | tar -x`` and ``minisign -V`` open
and check a bundle without our code.

Only our writer's exact bytes are accepted (headers, JSON and signature files are
re-serialised and compared), so no byte can change unnoticed; each check has its own
``BundleRejected`` code. Writing is here; opening is :mod:`app.sync.bundle_open`, the
signature files :mod:`app.sync.bundle_signature`, names and results
:mod:`app.sync.bundle_types`, and every public name can be imported from here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.sync import agecrypt
from app.sync.atomic import fsync_directory, remove_quietly, write_temp
from app.sync.bundle_manifest import MANIFEST_NAME as MANIFEST_NAME
from app.sync.bundle_manifest import MANIFEST_SIG_NAME as MANIFEST_SIG_NAME
from app.sync.bundle_manifest import ZERO_SHA256 as ZERO_SHA256
from app.sync.bundle_manifest import build_manifest as build_manifest
from app.sync.bundle_manifest import canonical_json as canonical_json
from app.sync.bundle_manifest import epoch as _epoch
from app.sync.bundle_manifest import manifest_problem
from app.sync.bundle_manifest import valid_member_name as _valid_member_name
from app.sync.bundle_open import open_bundle as open_bundle
from app.sync.bundle_open import open_bundle_bytes as open_bundle_bytes
from app.sync.bundle_open import parse_archive as _parse_container  # noqa: F401 - for tests
from app.sync.bundle_open import peek_signature as peek_signature
from app.sync.bundle_signature import comment_text as _comment_text
from app.sync.bundle_signature import sign as _sign
from app.sync.bundle_tar import encode_container as _encode_container
from app.sync.bundle_types import AGE_SUFFIX as AGE_SUFFIX
from app.sync.bundle_types import DEFAULT_LIMITS as DEFAULT_LIMITS
from app.sync.bundle_types import SIG_SUFFIX as SIG_SUFFIX
from app.sync.bundle_types import UNTRUSTED_COMMENT as UNTRUSTED_COMMENT
from app.sync.bundle_types import BundleName as BundleName
from app.sync.bundle_types import BundlePaths as BundlePaths
from app.sync.bundle_types import BundleRejected as BundleRejected
from app.sync.bundle_types import Expected as Expected
from app.sync.bundle_types import Limits as Limits
from app.sync.bundle_types import OpenedBundle as OpenedBundle
from app.sync.bundle_types import RejectCode as RejectCode
from app.sync.bundle_types import SignatureInfo as SignatureInfo
from app.sync.bundle_types import TrustedComment as TrustedComment
from app.sync.bundle_types import bundle_name as bundle_name
from app.sync.bundle_types import parse_bundle_name as parse_bundle_name
from app.sync.bundle_types import sha256_and_blake2b
from app.sync.bundle_types import sha256_hex as _sha256


@dataclass(frozen=True)
class SealedBundle:
    """A bundle signed and encrypted in memory: its paths in the folder and its two files."""

    paths: BundlePaths
    age_bytes: bytes
    sig_bytes: bytes


def seal_bundle(
    out_dir: Path,
    manifest: Mapping[str, Any],
    members: Mapping[str, bytes],
    signing_key: bytes,
    key_id: bytes,
    recipients: Sequence[str],
    limits: Limits = DEFAULT_LIMITS,
) -> SealedBundle:
    """Sign and encrypt a bundle for ``out_dir`` without writing anything.

    ``manifest`` is ``build_manifest``'s dict; member hashes are added here. Raises
    ``ValueError`` for a bad manifest, member name or size and ``AgeError`` for a bad
    recipient.
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
    age_sha256, age_blake2b = sha256_and_blake2b(age_bytes)
    outer = _sign(
        age_bytes, signing_key, key_id, _comment_text(full, name.age_name), blake2b=age_blake2b
    )
    out_dir = Path(out_dir)
    paths = BundlePaths(out_dir / name.age_name, out_dir / name.sig_name, age_sha256)
    return SealedBundle(paths, age_bytes, outer)


def place_bundle(sealed: SealedBundle) -> BundlePaths:
    """Write a sealed bundle's two files into its folder, the ``.age`` last.

    Raises ``FileExistsError`` if the bundle exists, and ``OSError`` from the disk; then
    nothing named like a bundle and no temporary file is left behind.
    """
    paths = sealed.paths
    out_dir = paths.age.parent
    if paths.age.exists():
        raise FileExistsError(f"{paths.age.name} already exists; a bundle is never rewritten.")
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        temps += [write_temp(out_dir, paths.age.name, sealed.age_bytes)]
        temps += [write_temp(out_dir, paths.sig.name, sealed.sig_bytes)]
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

    :func:`seal_bundle` then :func:`place_bundle`: raises ``ValueError``, ``AgeError``,
    ``FileExistsError`` and ``OSError`` as they do.
    """
    return place_bundle(
        seal_bundle(out_dir, manifest, members, signing_key, key_id, recipients, limits)
    )
