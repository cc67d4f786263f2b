"""The two files of re-enrolment: the device's request and the hub's endorsement.

Each is canonical JSON beside a minisign signature (``FILE.minisig``), as receipts
are: the request is signed by the device key, the endorsement by the hub's key,
so ``minisign -V -p KEY.pub -m FILE`` checks either without Bedside.

A request names the device, its store, the epoch it is in, its audit head, the
hash of every row since the hub's last receipt it holds (so the hub can find the
last row they share), and the last bundle it wrote. An endorsement answers one
request (by its SHA-256): the new epoch, the row after which the hub continues
the device's trail, the bundle number it accepts next, and the rows the hub holds
that the device lost. The first bundle of the new epoch names the endorsement's
SHA-256 as the bundle before it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.sentences import QT_TRANSLATE_NOOP
from app.sync import minisign
from app.sync.atomic import remove_quietly, write_atomic
from app.sync.bundle_manifest import ID_RE, STUDY_RE, canonical_json, no_constant, unique_keys
from app.sync.safe_read import UnsafeFile, printable_name, read_capped

REQUEST_FORMAT = "bedside-reenrolment-request"
ENDORSEMENT_FORMAT = "bedside-endorsement"
FORMAT_VERSION = 1
MAX_KNOWN_ROWS = 200_000  # row hashes a request carries: rows since the hub's last receipt
MAX_LISTED = 10_000  # lost rows an endorsement lists one by one (it always counts them all)
MAX_DOC_BYTES = 16 * 1024 * 1024
MAX_SIG_BYTES = 4 * 1024
HEX64 = re.compile(r"[0-9a-f]{64}")
KEY_ID = re.compile(r"[0-9a-f]{16}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
LOST_FIELDS = ("seq", "at_utc", "user_name", "action", "table_name", "record_id", "field")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + ".minisig")


def write_signed(
    path: Path, doc: dict[str, Any], key: tuple[bytes, bytes], comment: str, untrusted: str
) -> bytes:
    """Write ``doc`` as canonical JSON and its signature; never over an existing file."""
    sig_path = signature_path(path)
    if path.exists() or sig_path.exists():
        raise InvalidInput(
            QT_TRANSLATE_NOOP("ReEnrolment", "{name} exists: Bedside never overwrites it.").format(
                name=printable_name(path.name)
            )
        )
    if not path.parent.is_dir():
        raise InvalidInput(
            QT_TRANSLATE_NOOP("ReEnrolment", "The folder {folder} does not exist.").format(
                folder=printable_name(str(path.parent))
            )
        )
    data = canonical_json(doc)
    signature = minisign.sign(data, key[0], key[1], comment, untrusted_comment=untrusted)
    try:
        write_atomic(sig_path, signature.encode("utf-8"))
        write_atomic(path, data)
    except BaseException:
        remove_quietly(sig_path)
        raise
    return data


def read_signed(
    path: Path, what: str, fmt: str
) -> tuple[bytes, minisign.Signature, dict[str, Any]]:
    """The bytes, parsed signature and JSON of a signed file; nothing is verified here."""
    shown = printable_name(path.name)
    try:
        data = read_capped(path, MAX_DOC_BYTES)
        sig_text = read_capped(signature_path(path), MAX_SIG_BYTES).decode("utf-8")
        signature = minisign.parse_signature(sig_text)
    except UnsafeFile as exc:
        raise InvalidInput(exc.sentence) from None
    except (UnicodeDecodeError, minisign.MinisignError):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("ReEnrolment", "{name}.minisig is not a minisign signature.").format(
                name=shown
            )
        ) from None
    try:
        doc = json.loads(data, object_pairs_hook=unique_keys, parse_constant=no_constant)
    except (ValueError, UnicodeDecodeError):
        doc = None
    if (
        not isinstance(doc, dict)
        or canonical_json(doc) != data
        or doc.get("format") != fmt
        or doc.get("format_version") != FORMAT_VERSION
    ):
        if what == "an endorsement":
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment", "{name} is not an endorsement Bedside wrote."
                ).format(name=shown)
            )
        # The hub reads the other kind: "a re-enrolment request".
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ReEnrolment", "{name} is not a re-enrolment request Bedside wrote."
            ).format(name=shown)
        )
    return data, signature, doc


def verify(data: bytes, signature: minisign.Signature, key_text: str) -> bool:
    try:
        minisign.verify_parsed(data, signature, minisign.parse_public_key(key_text))
    except minisign.MinisignError:
        return False
    return True


def _count(value: object, low: int = 0) -> bool:
    return type(value) is int and low <= value < 2**62


def _match(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _head(value: object, low: int) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"seq", "hash"}
        and _count(value["seq"], low)
        and _match(HEX64, value["hash"])
    )


def _origin(doc: dict[str, Any]) -> bool:
    return (
        _match(STUDY_RE, doc.get("study"))
        and _match(ID_RE, doc.get("site"))
        and _match(ID_RE, doc.get("device"))
        and _match(UUID, doc.get("store_id"))
    )


REQUEST_KEYS = {
    "format", "format_version", "study", "site", "device", "store_id", "key_id",
    "epoch_from", "head", "known", "outbox_last", "created_at",
}  # fmt: skip
ENDORSEMENT_KEYS = {
    "format", "format_version", "study", "site", "device", "store_id", "request_sha256",
    "epoch", "base", "next_bundle", "hub_head", "lost", "endorsed_by", "endorsed_at",
}  # fmt: skip


def request_problem(doc: dict[str, Any]) -> str | None:
    """The way ``doc`` is not a well-formed request, or None."""
    if set(doc) != REQUEST_KEYS or not _origin(doc) or not _match(KEY_ID, doc["key_id"]):
        return QT_TRANSLATE_NOOP(
            "ReEnrolment", "It does not have the fields of a re-enrolment request."
        ).said()
    if not _count(doc["epoch_from"], 1) or not _count(doc["outbox_last"]):
        return QT_TRANSLATE_NOOP(
            "ReEnrolment", "Its epoch or last bundle is not a whole number."
        ).said()
    if not _head(doc["head"], 1) or not _match(INSTANT, doc["created_at"]):
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its audit head or time is not valid.").said()
    known = doc["known"]
    if not isinstance(known, dict) or set(known) != {"first", "row_hashes"}:
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its list of audit rows is not valid.").said()
    hashes = known["row_hashes"]
    if (
        not _count(known["first"], 1)
        or not isinstance(hashes, list)
        or not 1 <= len(hashes) <= MAX_KNOWN_ROWS
        or known["first"] + len(hashes) - 1 != doc["head"]["seq"]
        or hashes[-1] != doc["head"]["hash"]
        or not all(_match(HEX64, h) for h in hashes)
    ):
        return QT_TRANSLATE_NOOP(
            "ReEnrolment", "Its list of audit rows does not end at the head it names."
        ).said()
    return None


def _lost_row(row: object) -> bool:
    if not isinstance(row, dict) or tuple(sorted(row)) != tuple(sorted(LOST_FIELDS)):
        return False
    texts = (row[k] for k in LOST_FIELDS[1:])
    return _count(row["seq"], 1) and all(v is None or isinstance(v, str) for v in texts)


def endorsement_problem(doc: dict[str, Any]) -> str | None:
    """The way ``doc`` is not a well-formed endorsement, or None."""
    if set(doc) != ENDORSEMENT_KEYS or not _origin(doc):
        return QT_TRANSLATE_NOOP(
            "ReEnrolment", "It does not have the fields of an endorsement."
        ).said()
    if not _match(HEX64, doc["request_sha256"]) or not _count(doc["epoch"], 2):
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its request or epoch is not valid.").said()
    if not _head(doc["base"], 1) or not _head(doc["hub_head"], 1):
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its audit heads are not valid.").said()
    if not _count(doc["next_bundle"], 2) or not _match(INSTANT, doc["endorsed_at"]):
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its bundle number or time is not valid.").said()
    lost = doc["lost"]
    if (
        not isinstance(lost, dict)
        or set(lost) != {"count", "listed"}
        or not _count(lost["count"])
        or not isinstance(lost["listed"], list)
        or len(lost["listed"]) > min(lost["count"], MAX_LISTED)
        or not all(_lost_row(row) for row in lost["listed"])
        or not isinstance(doc["endorsed_by"], str)
    ):
        return QT_TRANSLATE_NOOP("ReEnrolment", "Its list of lost changes is not valid.").said()
    return None


def lost_lines(doc: dict[str, Any]) -> list[str]:
    """One line per lost change, as the device and the hub print them."""
    lines = []
    for row in doc["lost"]["listed"]:
        where = "/".join(str(row[k]) for k in ("table_name", "record_id", "field") if row[k])
        lines.append(
            f"  row {row['seq']}  {row['at_utc']}  {row['user_name']}  {row['action']}"
            + (f"  {where}" if where else "")
        )
    more = doc["lost"]["count"] - len(doc["lost"]["listed"])
    if more > 0:
        lines.append(
            QT_TRANSLATE_NOOP(
                "ReEnrolment", "  … and {count} more (the hub's audit trail holds them all)"
            ).format(count=more)
        )
    return lines
