"""``bedside hub import``: check every bundle in a folder, each on its own, then merge it.

For each ``*.bundle.age`` with its ``.minisig``: a regular file read with a hard
byte cap (links, FIFOs, directories and devices are skipped with a reason), size
caps and strict parsing, a known and unrevoked device key, the signature, the
sequence (a replay is a no-op, a gap is held until it fills, a second bundle
under a used number is a fork), decryption, member hashes, audit-chain
continuity from the stored head, every row against the schema, every
transaction against its seal and the enrolled keys; then the records are
derived by replaying the audited values, merged in one transaction, and a
receipt signed by the hub goes into the folder.

Every bundle is handled on its own: any failure, a bug included, rejects that
bundle with its reason and changes none of the hub's data, and the import goes
on with the next. Only what a device's key signed is counted against it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hub import epochs, replay, schema
from app.hub.continuity import Rejected, new_audit_rows
from app.hub.merge import merge
from app.hub.models import Device, HeldBundle, HubRecord, ReceivedFile
from app.hub.store import Hub
from app.sentences import Sentence
from app.store.trail_check import KeyState, TrailRefused, check_trail, parse_seals
from app.sync import minisign
from app.sync.bundle import (
    AGE_SUFFIX,
    DEFAULT_LIMITS,
    SIG_SUFFIX,
    BundleRejected,
    Expected,
    open_bundle_bytes,
    parse_bundle_name,
)
from app.sync.changes import AUDIT_MEMBER, BUNDLE_MEMBERS, SEALS_MEMBER, parse_jsonl
from app.sync.receipt import Receipt, write_receipt
from app.sync.safe_read import UnsafeFile, printable_name, read_capped
from app.timeutil import iso_utc, utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    file: str
    device: str | None
    seq: int | None
    status: str  # applied, duplicate, held, rejected, quarantined, skipped
    code: str | None = None
    reason: str | None = None
    changes: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        where = f"{self.file}: {self.status}"
        if self.status == "applied":
            return f"{where} ({self.changes} changes)"
        return f"{where} — {self.reason}" if self.reason else where


@dataclass
class Incoming:
    file_name: str
    age: bytes
    sig: str
    sha256: str
    # Set once the bundle's signature verified with a device's key: only then is a
    # rejection that device's (junk named like its bundles is counted apart).
    device: str | None = field(default=None)
    seq: int | None = field(default=None)


def import_folder(hub: Hub, folder: Path) -> list[Outcome]:
    """Import every complete bundle in ``folder``; held bundles are retried as gaps fill."""
    if not folder.is_dir():
        from app.errors import InvalidInput

        raise InvalidInput(f"The folder {printable_name(str(folder))[:200]} is not reachable.")
    hub.load_secrets()
    epochs.ensure_tables(hub.engine)
    outcomes: list[Outcome] = []
    for name in _bundle_names(folder):
        try:
            outcomes.extend(_import_name(hub, folder, name))
        except Exception as exc:  # noqa: BLE001 (one bundle's bug is that bundle's rejection)
            outcomes.append(_internal_error(hub, name, exc))
    return outcomes


def _bundle_names(folder: Path) -> list[str]:
    """Names in ``folder`` ending like a bundle, in device and sequence order."""
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if e.name.endswith(AGE_SUFFIX)]
    return sorted(names, key=_order)


def _order(name: str) -> tuple[str, int, str]:
    try:
        parsed = parse_bundle_name(name)
        return (parsed.device, parsed.seq, name)
    except BundleRejected:
        return ("", 0, name)


def _import_name(hub: Hub, folder: Path, name: str) -> list[Outcome]:
    shown = printable_name(name)
    if shown != name:
        return [_skip(hub, shown, "bad_name", f"{shown} is not a UTF-8 file name: it was skipped.")]
    age_path = folder / name
    sig_path = folder / (name + SIG_SUFFIX)
    try:
        os.lstat(sig_path)
    except FileNotFoundError:
        return []  # still being written, or not a bundle
    try:
        sig_bytes = read_capped(sig_path, DEFAULT_LIMITS.max_signature_bytes)
        age = read_capped(age_path, DEFAULT_LIMITS.max_bundle_bytes)
    except UnsafeFile as exc:
        return [_skip(hub, name, exc.code, _english(exc.sentence))]
    try:
        sig = sig_bytes.decode("utf-8")
    except UnicodeDecodeError:
        sig = ""
    return _import(hub, Incoming(name, age, sig, hashlib.sha256(age).hexdigest()), folder)


def _import(hub: Hub, incoming: Incoming, folder: Path) -> list[Outcome]:
    with hub.session() as session:
        seen = session.scalars(
            select(ReceivedFile).where(
                ReceivedFile.file_name == incoming.file_name,
                ReceivedFile.sha256 == incoming.sha256,
                ReceivedFile.status.in_(("rejected", "quarantined")),
            )
        ).first()
    if seen is not None:
        return [
            Outcome(incoming.file_name, seen.device, seen.seq, seen.status, seen.code, seen.reason)
        ]
    try:
        outcome = _check_and_apply(hub, incoming, folder)
    except (BundleRejected, Rejected, TrailRefused) as exc:
        return [_reject(hub, incoming, exc.code, _english(exc.sentence))]
    outcomes = [outcome]
    if outcome.status == "applied" and outcome.device:
        outcomes.extend(_release_held(hub, outcome.device, folder))
    return outcomes


def _check_and_apply(hub: Hub, incoming: Incoming, folder: Path) -> Outcome:
    name = parse_bundle_name(incoming.file_name)
    try:
        signature = minisign.parse_signature(incoming.sig)
    except minisign.MinisignError:
        raise Rejected(
            "bad_signature_file", "The signature file is not a minisign signature."
        ) from None
    with hub.session() as session:
        device = session.get(Device, name.device)
        if device is None:
            raise Rejected("unknown_device", f"Device {name.device} is not enrolled at this hub.")
        public = minisign.parse_public_key(device.public_key)
        if signature.key_id != public.key_id:
            raise Rejected(
                "wrong_key", f"The bundle is not signed with the key enrolled for {name.device}."
            )
        try:
            minisign.verify_parsed(incoming.age, signature, public)
        except minisign.MinisignError:
            raise Rejected(
                "bad_signature", "The signature does not match the bundle's bytes."
            ) from None
        incoming.device, incoming.seq = name.device, name.seq
        if device.revoked_at is not None:
            _quarantine(hub, incoming)
            raise Rejected(
                "revoked_device", f"Device {name.device} was revoked: its bundle is quarantined."
            )
        last_seq, last_sha = device.last_seq, device.last_sha256
        if name.seq <= last_seq:
            applied = session.scalars(
                select(ReceivedFile.sha256).where(
                    ReceivedFile.device == name.device,
                    ReceivedFile.seq == name.seq,
                    ReceivedFile.status == "applied",
                )
            ).first()
            if applied == incoming.sha256:
                _write_receipt(hub, folder, device, name.seq, incoming.sha256)
                return Outcome(
                    incoming.file_name,
                    name.device,
                    name.seq,
                    "duplicate",
                    reason="already applied; nothing changed",
                )
            raise _fork(session, name.device, name.seq, applied or "", incoming.sha256)
        if name.seq > last_seq + 1:
            if session.get(HeldBundle, (name.device, name.seq)) is None:
                session.add(
                    HeldBundle(
                        device=name.device,
                        seq=name.seq,
                        sha256=incoming.sha256,
                        age_bytes=base64.b64encode(incoming.age).decode(),
                        sig_text=incoming.sig,
                        file_name=incoming.file_name,
                        held_at=utc_now(),
                    )
                )
            return Outcome(
                incoming.file_name,
                name.device,
                name.seq,
                "held",
                reason=f"waiting for bundle {last_seq + 1}",
            )
        opened = open_bundle_bytes(
            incoming.file_name,
            incoming.age,
            incoming.sig.encode("utf-8"),
            public,
            hub.identity(),
            expected=Expected(study=hub.study(), site=device.site, device=device.device),
        )
        manifest = opened.manifest
        chain = epochs.accepted(session, device.device, manifest)
        if manifest["prev_bundle_sha256"] != (last_sha or "0" * 64):
            raise _fork(session, name.device, name.seq, "", incoming.sha256, manifest)
        fresh, seals = _proven_rows(session, device, opened.members, manifest, chain)
        keys = replay.touched_keys(fresh)
        records = replay.replay(device.device, fresh, seals, replay.load_records(session, keys))
        offset = chain[-1].offset
        stored = [{**row, "seq": int(row["seq"]) + offset} for row in fresh] if offset else fresh
        merge(session, device.device, records, stored)
        device.site = device.site or manifest["site"]
        device.last_seq = name.seq
        device.last_sha256 = incoming.sha256
        if fresh:
            device.audit_head_seq = int(fresh[-1]["seq"])
            device.audit_head_hash = str(fresh[-1]["row_hash"])
        device.last_seen_at = utc_now()
        session.add(
            ReceivedFile(
                file_name=incoming.file_name,
                sha256=incoming.sha256,
                device=name.device,
                seq=name.seq,
                status="applied",
                changes=len(fresh),
                received_at=utc_now(),
            )
        )
        session.execute(
            HeldBundle.__table__.delete().where(  # type: ignore[attr-defined]
                HeldBundle.device == name.device, HeldBundle.seq == name.seq
            )
        )
        session.flush()
        _write_receipt(hub, folder, device, name.seq, incoming.sha256)
    return Outcome(incoming.file_name, name.device, name.seq, "applied", changes=len(fresh))


def _proven_rows(
    session: Session,
    device: Device,
    members: dict[str, bytes],
    manifest: dict[str, Any],
    chain: list[epochs.Epoch],
) -> tuple[list[dict[str, Any]], list[Any]]:
    """The audit rows the hub does not hold yet, each fitting the schema and proven by its
    seal and the enrolled keys; and the seals. Raises with the reason otherwise."""
    if set(members) != BUNDLE_MEMBERS:
        raise Rejected(
            "member_set",
            "The bundle's members are not exactly the audit rows and their seals.",
        )
    audit = manifest["audit"]
    changes = manifest["changes"]
    if (changes["first"], changes["last"]) != (audit["first"], audit["last"]):
        raise Rejected(
            "changes_range",
            f"The bundle claims changes {changes['first']}–{changes['last']}, but carries audit "
            f"rows {audit['first']}–{audit['last']}.",
        )
    try:
        audit_rows = parse_jsonl(members[AUDIT_MEMBER])
        seal_lines = parse_jsonl(members[SEALS_MEMBER])
    except (ValueError, UnicodeDecodeError):
        raise Rejected("bad_member", "A member of the bundle is not JSON lines.") from None
    for row in audit_rows:
        schema.check_row(row)
    store_id = device.store_id or _store_id_from(audit_rows)
    stored = epochs.stored_hashes(
        session, device.device, chain, audit["first"] - 1, device.audit_head_seq
    )
    fresh = new_audit_rows(
        audit_rows,
        first=audit["first"],
        last=audit["last"],
        head=audit["head"],
        hub_head_seq=device.audit_head_seq,
        stored_hashes=stored,
        store_id=store_id,
    )
    seals = parse_seals(seal_lines)
    if device.audit_head_seq == 0 and fresh and device.admin_key is None:
        raise Rejected(
            "no_admin_key",
            f"Register the first admin key of {device.device} at the hub first "
            "(bedside hub register --admin-key).",
        )
    state = _key_state(session, device.device)
    check_trail(store_id, fresh, seals, state, device.admin_key)
    device.store_id = store_id
    return [dict(row) for row in fresh], seals


def _key_state(session: Session, device: str) -> KeyState:
    """The enrolled keys and user names the hub holds for ``device``."""
    rows = session.execute(
        select(HubRecord.table_name, HubRecord.record_id, HubRecord.data_json).where(
            HubRecord.device == device, HubRecord.table_name.in_(("person_keys", "users"))
        )
    ).all()
    persons = {rid: json.loads(data) for table, rid, data in rows if table == "person_keys"}
    users = {
        rid: str(json.loads(data).get("name")) for table, rid, data in rows if table == "users"
    }
    return KeyState.from_records(persons, users)


def _store_id_from(rows: list[dict[str, Any]]) -> str:
    for row in rows:
        if (row["table_name"], row["field"], row["action"]) == ("store_info", "store_id", "insert"):
            value = row["new_value"]
            if isinstance(value, str) and value:
                return value
    raise Rejected("audit_gap", "The device's first bundle does not say which store it comes from.")


def _fork(
    session: Session,
    device: str,
    seq: int,
    applied_sha: str,
    other_sha: str,
    manifest: dict[str, Any] | None = None,
) -> Rejected:
    """The rejection of a bundle that shows two copies of one store sending (``hub status``
    shows it from the rejection's record)."""
    if manifest is not None:
        # This bundle follows another bundle ``seq - 1`` than the one the hub applied.
        seq, other_sha = seq - 1, str(manifest["prev_bundle_sha256"])
    if not applied_sha:
        applied_sha = (
            session.scalars(
                select(ReceivedFile.sha256).where(
                    ReceivedFile.device == device,
                    ReceivedFile.status == "applied",
                    ReceivedFile.seq == seq,
                )
            ).first()
            or ""
        )
    return Rejected(
        "fork",
        "Another copy of this device's store is sending bundles (fork): the hub applied "
        f"{applied_sha} as bundle {seq} of {device}, and now sees {other_sha} under that number.",
    )


def _write_receipt(hub: Hub, folder: Path, device: Device, seq: int, sha256: str) -> None:
    private, key_id = hub.signing_key()
    receipt = Receipt(
        study=hub.study(),
        site=device.site or "",
        device=device.device,
        seq=seq,
        bundle_sha256=sha256,
        audit_last=device.audit_head_seq,
        audit_head=device.audit_head_hash or "",
        received_at=iso_utc(utc_now()),
    )
    write_receipt(folder, receipt, private, key_id)


def _release_held(hub: Hub, device_name: str, folder: Path) -> list[Outcome]:
    outcomes: list[Outcome] = []
    while True:
        with hub.session() as session:
            device = session.get(Device, device_name)
            assert device is not None
            held = session.get(HeldBundle, (device_name, device.last_seq + 1))
            if held is None:
                return outcomes
            incoming = Incoming(
                held.file_name, base64.b64decode(held.age_bytes), held.sig_text, held.sha256
            )
            seq = held.seq
        try:
            result = _import(hub, incoming, folder)
        except Exception as exc:  # noqa: BLE001 (as in import_folder: this bundle alone)
            result = [_internal_error(hub, incoming.file_name, exc)]
        outcomes.extend(result)
        if not result or result[0].status != "applied":
            with hub.session() as session:
                session.execute(
                    HeldBundle.__table__.delete().where(  # type: ignore[attr-defined]
                        HeldBundle.device == device_name, HeldBundle.seq == seq
                    )
                )
            return outcomes


def _quarantine(hub: Hub, incoming: Incoming) -> None:
    target = hub.paths.root / "quarantine"
    target.mkdir(exist_ok=True)
    (target / incoming.file_name).write_bytes(incoming.age)
    (target / (incoming.file_name + SIG_SUFFIX)).write_text(incoming.sig, "utf-8")


def _english(sentence: str) -> str:
    """What the hub keeps and reports: the English words, whoever's language said them."""
    return sentence.english() if isinstance(sentence, Sentence) else sentence


def _reject(hub: Hub, incoming: Incoming, code: str, sentence: str) -> Outcome:
    status = "quarantined" if code == "revoked_device" else "rejected"
    with hub.session() as session:
        session.add(
            ReceivedFile(
                file_name=incoming.file_name,
                sha256=incoming.sha256,
                device=incoming.device,
                seq=incoming.seq,
                status=status,
                code=code,
                reason=sentence,
                received_at=utc_now(),
            )
        )
    log.info("%s %s: %s", status, incoming.file_name, sentence)
    return Outcome(incoming.file_name, incoming.device, incoming.seq, status, code, sentence)


def _skip(hub: Hub, name: str, code: str, sentence: str) -> Outcome:
    """A folder entry that is not read at all: recorded once, against no device."""
    with hub.session() as session:
        known = session.scalars(
            select(ReceivedFile.id).where(
                ReceivedFile.file_name == name,
                ReceivedFile.status == "skipped",
                ReceivedFile.code == code,
            )
        ).first()
        if known is None:
            session.add(
                ReceivedFile(
                    file_name=name[:100],
                    sha256="",
                    device=None,
                    seq=None,
                    status="skipped",
                    code=code,
                    reason=sentence,
                    received_at=utc_now(),
                )
            )
    log.info("skipped %s: %s", name, sentence)
    return Outcome(name, None, None, "skipped", code, sentence)


def _internal_error(hub: Hub, name: str, exc: Exception) -> Outcome:
    """A bug while handling one bundle: logged with its traceback, that bundle rejected."""
    shown = printable_name(name)
    log.error("internal error importing %s", shown, exc_info=exc)
    sentence = (
        f"The hub could not check {shown[:120]} ({type(exc).__name__}); it was rejected and "
        "the error is in the hub's log."
    )
    try:
        with hub.session() as session:
            session.add(
                ReceivedFile(
                    file_name=shown[:100],
                    sha256="",
                    device=None,
                    seq=None,
                    status="rejected",
                    code="internal_error",
                    reason=sentence,
                    received_at=utc_now(),
                )
            )
    except Exception:  # the hub's own store failing is logged; the loop goes on
        log.exception("could not record the rejection of %s", shown)
    return Outcome(shown, None, None, "rejected", "internal_error", sentence)
