"""``bedside hub import``: check every bundle in a folder, in order, then merge it.

For each ``*.bundle.age`` with its ``.minisig``: size caps and strict parsing,
a known and unrevoked device key, the signature, the sequence (a replay is a
no-op, an older bundle is rejected, a gap is held until it fills), decryption,
member hashes, audit-chain continuity from the stored head; then one
transaction merges it, and a receipt signed by the hub goes into the folder.
Every rejection names its reason and changes none of the hub's data.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.hub.continuity import Rejected, new_audit_rows
from app.hub.merge import merge
from app.hub.models import Device, HeldBundle, HubAudit, ReceivedFile
from app.hub.store import Hub
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
from app.sync.changes import parse_jsonl
from app.sync.receipt import Receipt, write_receipt
from app.timeutil import iso_utc, utc_now


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


def import_folder(hub: Hub, folder: Path) -> list[Outcome]:
    """Import every complete bundle in ``folder``; held bundles are retried as gaps fill."""
    if not folder.is_dir():
        from app.errors import InvalidInput

        raise InvalidInput(f"The folder {folder} is not reachable.")
    hub.load_secrets()
    outcomes = []
    for age_path in sorted(folder.glob(f"*{AGE_SUFFIX}"), key=_order):
        sig_path = age_path.with_name(age_path.name + SIG_SUFFIX)
        if not sig_path.exists():
            continue  # still being written, or not a bundle
        outcomes.extend(_import_path(hub, age_path, sig_path, folder))
    return outcomes


def _order(path: Path) -> tuple[str, int, str]:
    try:
        name = parse_bundle_name(path.name)
        return (name.device, name.seq, path.name)
    except BundleRejected:
        return ("", 0, path.name)


def _import_path(hub: Hub, age_path: Path, sig_path: Path, folder: Path) -> list[Outcome]:
    size = age_path.stat().st_size
    if (
        size > DEFAULT_LIMITS.max_bundle_bytes
        or sig_path.stat().st_size > DEFAULT_LIMITS.max_signature_bytes
    ):
        return [
            _reject(
                hub,
                age_path.name,
                "",
                None,
                None,
                Rejected("too_large", "The bundle is larger than the hub accepts."),
            )
        ]
    age = age_path.read_bytes()
    try:
        sig = sig_path.read_text("utf-8")
    except UnicodeDecodeError:
        sig = ""
    incoming = Incoming(age_path.name, age, sig, hashlib.sha256(age).hexdigest())
    return _import(hub, incoming, folder)


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
    except (BundleRejected, Rejected) as exc:
        device, seq = _name_parts(incoming.file_name)
        return [_reject(hub, incoming.file_name, incoming.sha256, device, seq, exc)]
    outcomes = [outcome]
    if outcome.status == "applied" and outcome.device:
        outcomes.extend(_release_held(hub, outcome.device, folder))
    return outcomes


def _name_parts(file_name: str) -> tuple[str | None, int | None]:
    try:
        name = parse_bundle_name(file_name)
    except BundleRejected:
        return None, None
    return name.device, name.seq


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
        if device.revoked_at is not None:
            _quarantine(hub, incoming)
            raise Rejected(
                "revoked_device", f"Device {name.device} was revoked: its bundle is quarantined."
            )
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
            raise Rejected(
                "rollback",
                f"Bundle {name.seq} is older than bundle {last_seq} the hub already applied from "
                f"{name.device}, and differs from the one it applied.",
            )
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
        expected_prev = last_sha or "0" * 64
        if manifest["prev_bundle_sha256"] != expected_prev:
            raise Rejected(
                "bundle_chain",
                "The bundle does not follow the last bundle the hub applied from this device.",
            )
        try:
            changes = parse_jsonl(opened.members.get("changes.jsonl", b""))
            audit_rows = parse_jsonl(opened.members.get("audit.jsonl", b""))
        except ValueError:
            raise Rejected("bad_member", "A member of the bundle is not JSON lines.") from None
        store_id = device.store_id or _store_id_from(changes)
        audit = manifest["audit"]
        stored = dict(
            session.execute(
                select(HubAudit.seq, HubAudit.row_hash).where(
                    HubAudit.device == device.device,
                    HubAudit.seq >= audit["first"] - 1,
                    HubAudit.seq <= device.audit_head_seq,
                )
            ).all()
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
        merge(session, device.device, changes, fresh)
        device.site = device.site or manifest["site"]
        device.store_id = store_id
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


def _store_id_from(changes: list[dict[str, Any]]) -> str:
    for change in changes:
        if change.get("table") == "store_info" and change.get("op") == "upsert":
            value = change.get("data", {}).get("store_id")
            if isinstance(value, str) and value:
                return value
    raise Rejected("audit_gap", "The device's first bundle does not say which store it comes from.")


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
        result = _import(hub, incoming, folder)
        outcomes.extend(result)
        if not result or result[0].status != "applied":
            with hub.session() as session:
                session.execute(
                    HeldBundle.__table__.delete().where(  # type: ignore[attr-defined]
                        HeldBundle.device == device_name, HeldBundle.seq == incoming_seq(incoming)
                    )
                )
            return outcomes


def incoming_seq(incoming: Incoming) -> int:
    return parse_bundle_name(incoming.file_name).seq


def _quarantine(hub: Hub, incoming: Incoming) -> None:
    target = hub.paths.root / "quarantine"
    target.mkdir(exist_ok=True)
    (target / incoming.file_name).write_bytes(incoming.age)
    (target / (incoming.file_name + SIG_SUFFIX)).write_text(incoming.sig, "utf-8")


def _reject(
    hub: Hub,
    file_name: str,
    sha256: str,
    device: str | None,
    seq: int | None,
    exc: BundleRejected | Rejected,
) -> Outcome:
    status = "quarantined" if exc.code == "revoked_device" else "rejected"
    with hub.session() as session:
        session.add(
            ReceivedFile(
                file_name=file_name,
                sha256=sha256,
                device=device,
                seq=seq,
                status=status,
                code=exc.code,
                reason=exc.sentence,
                received_at=utc_now(),
            )
        )
    return Outcome(file_name, device, seq, status, exc.code, exc.sentence)
