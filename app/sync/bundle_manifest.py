"""The manifest of a sync bundle: its schema, its canonical JSON, and what breaks it.

``manifest.json`` is canonical JSON (sorted keys, no spaces, UTF-8, no NaN) of exactly
the fields of :data:`SCHEMA`. :func:`manifest_problem` names the first way a value
breaks it, as a sentence; ``app.sync.bundle`` turns that into a rejection.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

FORMAT = "bedside-bundle"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MANIFEST_SIG_NAME = "manifest.sig"
ZERO_SHA256 = "0" * 64

# Site and device ids carry no hyphen: it separates the fields of the file name.
ID_RE = re.compile(r"[A-Za-z0-9_]{1,32}")
STUDY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_MEMBER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_HEX64_RE = re.compile(r"[0-9a-f]{64}")
_CREATED_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
MAX_SEQ = 999_999_999_999  # twelve digits in the file name
_MAX_COUNT = 2**63 - 1  # what a database integer column holds
_MAX_TAR_MTIME = 8**11 - 1
# Manifest schema: a literal value, a pattern, "count" (int >= 0) or a nested object.
SCHEMA: dict[str, object] = {
    "format": FORMAT,
    "format_version": FORMAT_VERSION,
    "study": STUDY_RE,
    "site": ID_RE,
    "device": ID_RE,
    "seq": "count",
    "prev_bundle_sha256": _HEX64_RE,
    "changes": {"first": "count", "last": "count"},
    "audit": {"first": "count", "last": "count", "head": _HEX64_RE},
    "created_at": _CREATED_RE,
    "members": "members",
}
MEMBER_SCHEMA: dict[str, object] = {"sha256": _HEX64_RE, "size": "count"}
# A device the hub re-enrolled after a restore adds "epoch" (2 and up); a manifest of
# epoch 1 has no such field, byte for byte as before epochs existed.
EPOCH_KEY = "epoch"
MAX_EPOCH = 1_000_000


def canonical_json(value: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8, no NaN/Infinity."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def build_manifest(
    *,
    study: str,
    site: str,
    device: str,
    seq: int,
    prev_bundle_sha256: str,
    changes: tuple[int, int],
    audit: tuple[int, int],
    audit_head: str,
    created_at: datetime,
    epoch: int = 1,
) -> dict[str, Any]:
    """The manifest for ``write_bundle``, which adds ``members``.

    ``changes`` and ``audit`` are inclusive ranges ``(first, last)``; an empty range is
    ``(n, n - 1)``, so ``first`` always follows the previous bundle's ``last``.
    ``epoch`` is the device's epoch at the hub (``app.hub.epochs``).
    """
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "study": study,
        "site": site,
        "device": device,
        "seq": seq,
        "prev_bundle_sha256": prev_bundle_sha256,
        "changes": {"first": changes[0], "last": changes[1]},
        "audit": {"first": audit[0], "last": audit[1], "head": audit_head},
        "created_at": created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if epoch != 1:
        manifest[EPOCH_KEY] = epoch
    return manifest


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("duplicate key")
    return dict(pairs)


def no_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def manifest_problem(m: object) -> str | None:
    """The first way ``m`` breaks the manifest schema, as a sentence; None if it fits."""
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        return "The manifest is not a Bedside bundle manifest."
    if m.get("format_version") != FORMAT_VERSION:
        return f"Manifest format version {m.get('format_version')!r} is not supported."
    if EPOCH_KEY in m:
        value = m[EPOCH_KEY]
        if type(value) is not int or not 2 <= value <= MAX_EPOCH:
            return "The manifest's epoch is not a whole number from 2 on."
        m = {key: v for key, v in m.items() if key != EPOCH_KEY}
    problem = _shape_problem(m, SCHEMA, "The manifest")
    if problem:
        return problem
    if not 1 <= m["seq"] <= MAX_SEQ:
        return "The manifest's seq is out of range."
    if (m["seq"] == 1) != (m["prev_bundle_sha256"] == ZERO_SHA256):
        return "prev_bundle_sha256 is 64 zeros for bundle 1, and only for bundle 1."
    for key in ("changes", "audit"):
        if not 1 <= m[key]["first"] <= m[key]["last"] + 1:
            return f"The manifest's {key} range is not 1 <= first <= last + 1."
    if epoch(m["created_at"]) < 0:
        return "The manifest's created_at is not a UTC time like 2025-01-31T08:00:00Z."
    return None


def _shape_problem(value: object, schema: object, where: str) -> str | None:
    if isinstance(schema, dict):
        if not isinstance(value, dict) or set(value) != set(schema):
            return f"{where} does not have exactly the fields {sorted(schema)}."
        problems = (_shape_problem(value[k], sub, f"{where}, {k},") for k, sub in schema.items())
        return next((p for p in problems if p), None)
    if schema == "members":
        if not isinstance(value, dict):
            return f"{where} is not an object."
        for member, digest in value.items():
            if member in (MANIFEST_NAME, MANIFEST_SIG_NAME) or not valid_member_name(member):
                return f"{where} lists a member with a forbidden name."
            problem = _shape_problem(digest, MEMBER_SCHEMA, f"{where} for {member}")
            if problem:
                return problem
        return None
    if isinstance(schema, re.Pattern):
        ok = isinstance(value, str) and schema.fullmatch(value) is not None
    elif schema == "count":
        # bool is an int subclass, and not a count.
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT
    else:
        ok = type(value) is type(schema) and value == schema
    return None if ok else f"{where} is not valid."


def valid_member_name(name: str) -> bool:
    return _MEMBER_RE.fullmatch(name) is not None and ".." not in name


def epoch(created_at: object) -> int:
    """Seconds since 1970 of a ``created_at`` string, or -1 if it is not one."""
    if not isinstance(created_at, str) or not _CREATED_RE.fullmatch(created_at):
        return -1
    try:
        moment = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return -1
    seconds = int(moment.timestamp())
    return seconds if 0 <= seconds <= _MAX_TAR_MTIME else -1
