"""Checking one bundle at the hub, before anything of it is applied.

The device must be enrolled and not revoked, and the bundle signed with its key; the
sequence decides whether it is next (a replay is a no-op, a gap is held, a second bundle
under a used number is a fork); then the bundle is opened and checked, and every audit
row must fit the schema, follow on from the stored chain and be proven by its seal and
the enrolled keys.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hub import epochs, schema, two_cores
from app.hub.continuity import Rejected, new_audit_rows
from app.hub.import_apply import Checked, write_hub_receipt
from app.hub.import_outcomes import Incoming, Outcome
from app.hub.models import Device, HeldBundle, HubRecord, ReceivedFile
from app.hub.store import Hub
from app.store.trail_check import KeyState, check_trail, parse_seals
from app.sync import minisign
from app.sync.bundle import SIG_SUFFIX, Expected, open_bundle_bytes, parse_bundle_name
from app.sync.changes import AUDIT_MEMBER, BUNDLE_MEMBERS, SEALS_MEMBER, parse_jsonl
from app.timeutil import utc_now


def check_bundle(hub: Hub, session: Session, incoming: Incoming, folder: Path) -> Checked | Outcome:
    """Every check of one bundle, in order; raises with the reason at the first failure.

    An :class:`Outcome` when there is nothing to apply: a bundle already applied (its
    receipt is written again) or one held until the bundles before it arrive.
    """
    name = parse_bundle_name(incoming.file_name)
    try:
        signature = minisign.parse_signature(incoming.sig)
    except minisign.MinisignError:
        raise Rejected(
            "bad_signature_file", "The signature file is not a minisign signature."
        ) from None
    device = session.get(Device, name.device)
    if device is None:
        raise Rejected("unknown_device", f"Device {name.device} is not enrolled at this hub.")
    public = minisign.parse_public_key(device.public_key)
    if signature.key_id != public.key_id:
        raise Rejected(
            "wrong_key", f"The bundle is not signed with the key enrolled for {name.device}."
        )
    try:
        minisign.verify_parsed(incoming.age, signature, public, blake2b=incoming.blake2b)
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
            write_hub_receipt(hub, folder, device, name.seq, incoming.sha256)
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
        age_sha256=incoming.sha256,
        age_blake2b=incoming.blake2b,
    )
    manifest = opened.manifest
    chain = epochs.accepted(session, device.device, manifest)
    if manifest["prev_bundle_sha256"] != (last_sha or "0" * 64):
        raise _fork(session, name.device, name.seq, "", incoming.sha256, manifest)
    fresh, seals = _proven_rows(session, device, opened.members, manifest, chain)
    return Checked(device, name, manifest, chain, fresh, seals)


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
        audit_text = members[AUDIT_MEMBER].decode("utf-8")
        # Two cores say at once whether every row fits and hashes; if not, one core
        # finds the first row that does not, and why.
        audit_rows, proven = two_cores.parse_and_prove(audit_text)
        seal_lines = parse_jsonl(members[SEALS_MEMBER])
    except (ValueError, UnicodeDecodeError):
        raise Rejected("bad_member", "A member of the bundle is not JSON lines.") from None
    if not proven:
        schema.check_rows(audit_rows, audit_text)
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
        hashes_proven=proven,
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
    return fresh, seals


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


def _quarantine(hub: Hub, incoming: Incoming) -> None:
    target = hub.paths.root / "quarantine"
    target.mkdir(exist_ok=True)
    (target / incoming.file_name).write_bytes(incoming.age)
    (target / (incoming.file_name + SIG_SUFFIX)).write_text(incoming.sig, "utf-8")
