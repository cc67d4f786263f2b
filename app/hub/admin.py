"""Enrolling, revoking and watching devices at the hub."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from app.errors import InvalidInput
from app.hub.models import Device, HeldBundle, HubRecord, ReceivedFile
from app.hub.store import Hub
from app.store.store import check_code
from app.sync import minisign
from app.timeutil import iso_utc, utc_now


def register_device(
    hub: Hub,
    device: str,
    key_text: str,
    site: str | None = None,
    admin_key: str | None = None,
) -> None:
    """Enrol ``device`` with its minisign public key (pinned; changing it needs a revoke).

    ``admin_key`` is the device's first admin's own key (``bedside user show-key``):
    every enrolment on the device chains from it, so the device key alone cannot
    enrol a person. It may be given later, before the device's first bundle.
    """
    check_code("device", device)
    if site is not None:
        check_code("site", site)
    try:
        public = minisign.parse_public_key(key_text)
    except minisign.MinisignError:
        raise InvalidInput("That is not a minisign public key.") from None
    admin = None
    if admin_key is not None:
        try:
            admin = base64.b64encode(minisign.parse_public_key(admin_key).key).decode("ascii")
        except minisign.MinisignError:
            raise InvalidInput("The admin key is not a minisign public key.") from None
    line = minisign.public_key_string(public, "device").splitlines()[1]
    with hub.session() as session:
        existing = session.get(Device, device)
        if existing is not None:
            if existing.public_key == line and existing.revoked_at is None:
                if admin is not None and admin != existing.admin_key:
                    if existing.audit_head_seq:
                        raise InvalidInput(
                            f"Device {device} has sent data already: its first admin's key "
                            "cannot change."
                        )
                    existing.admin_key = admin
                return
            raise InvalidInput(
                f"Device {device} is already enrolled with another key: revoke it and enrol the "
                "new device under a new name."
            )
        session.add(
            Device(
                device=device,
                site=site,
                key_id_hex=public.key_id.hex(),
                public_key=line,
                admin_key=admin,
                registered_at=utc_now(),
                last_seq=0,
                audit_head_seq=0,
            )
        )


def revoke_device(hub: Hub, device: str) -> None:
    with hub.session() as session:
        row = session.get(Device, device)
        if row is None:
            raise InvalidInput(f"Device {device} is not enrolled at this hub.")
        if row.revoked_at is None:
            row.revoked_at = utc_now()


@dataclass(frozen=True)
class DeviceStatus:
    device: str
    site: str | None
    key_id: str
    revoked_at: str | None
    last_seq: int
    last_seen: str | None
    audit_head_seq: int
    held: list[int]
    rejections: int
    fork: dict[str, Any] | None


def status(hub: Hub) -> list[dict[str, Any]]:
    with hub.session() as session:
        held: dict[str, list[int]] = {}
        for device, seq in session.execute(
            select(HeldBundle.device, HeldBundle.seq).order_by(HeldBundle.seq)
        ):
            held.setdefault(device, []).append(seq)
        rejected = dict(
            session.execute(
                select(ReceivedFile.device, func.count())
                .where(ReceivedFile.status.in_(("rejected", "quarantined")))
                .group_by(ReceivedFile.device)
            ).all()
        )
        forks: dict[str, dict[str, Any]] = {}
        for fork_device, fork_seq, sha256, reason, at in session.execute(
            select(
                ReceivedFile.device,
                ReceivedFile.seq,
                ReceivedFile.sha256,
                ReceivedFile.reason,
                ReceivedFile.received_at,
            )
            .where(ReceivedFile.code == "fork")
            .order_by(ReceivedFile.id)
        ):
            forks[str(fork_device)] = {
                "seq": fork_seq,
                "refused_sha256": sha256,
                "sentence": reason,
                "at": iso_utc(at),
            }
        rows = session.scalars(select(Device).order_by(Device.device)).all()
        return [
            asdict(
                DeviceStatus(
                    device=d.device,
                    site=d.site,
                    key_id=d.key_id_hex,
                    revoked_at=iso_utc(d.revoked_at) if d.revoked_at else None,
                    last_seq=d.last_seq,
                    last_seen=iso_utc(d.last_seen_at) if d.last_seen_at else None,
                    audit_head_seq=d.audit_head_seq,
                    held=held.get(d.device, []),
                    rejections=int(rejected.get(d.device, 0)),
                    fork=forks.get(d.device),
                )
            )
            for d in rows
        ]


def unattributed(hub: Hub) -> int:
    """Files rejected or skipped before any device's key vouched for them (junk)."""
    with hub.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(ReceivedFile)
                .where(ReceivedFile.device.is_(None), ReceivedFile.status != "applied")
            )
            or 0
        )


def unblindings(hub: Hub) -> list[dict[str, Any]]:
    """Every emergency unblinding the devices sent: device, subject, who, when, why.

    Read from the replayed ``unblindings`` records; none of them holds an arm, so the
    data manager may read this list.
    """
    with hub.session() as session:
        rows = session.execute(
            select(
                HubRecord.table_name, HubRecord.record_id, HubRecord.device, HubRecord.data_json
            ).where(
                HubRecord.table_name.in_(("unblindings", "participants", "users")),
                HubRecord.deleted.is_(False),
            )
        ).all()
    subjects: dict[str, str] = {}
    full_names: dict[tuple[str, str], str] = {}
    found: list[dict[str, Any]] = []
    for table, record_id, device, data_json in rows:
        data = json.loads(data_json)
        if table == "participants":
            subjects[record_id] = str(data.get("study_id") or data.get("screening_number"))
        elif table == "users":
            full_names[(device, str(data.get("name")))] = str(data.get("full_name") or "")
        else:
            found.append({**data, "device": device})
    out = [
        {
            "device": u["device"],
            "study_id": subjects.get(str(u.get("participant_id")), u.get("participant_id")),
            "kit_code": u.get("kit_code"),
            "unblinded_by": u.get("unblinded_by"),
            "full_name": full_names.get((u["device"], str(u.get("unblinded_by")))) or None,
            "unblinded_at": u.get("unblinded_at"),
            "reason": u.get("reason"),
        }
        for u in found
    ]
    return sorted(out, key=lambda u: (str(u["unblinded_at"]), u["device"]))


SUBJECT_KEYS = ("study_id", "kit_code")
"""What names one participant and one product only: each value belongs to one record."""


def duplicate_subjects(hub: Hub) -> list[dict[str, Any]]:
    """Study IDs and kit codes that more than one participant record holds.

    Two laptops given overlapping study-ID ranges, or a laptop restored from an older
    backup that numbered a new participant with an ID its lost changes had already used,
    make two records of one study ID at the hub. The hub keeps both (nothing is dropped)
    and lists them here for the data manager to resolve with the sites.
    """
    holders: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with hub.session() as session:
        for record_id, device, data_json in session.execute(
            select(HubRecord.record_id, HubRecord.device, HubRecord.data_json).where(
                HubRecord.table_name == "participants", HubRecord.deleted.is_(False)
            )
        ):
            data = json.loads(data_json)
            for key in SUBJECT_KEYS:
                value = data.get(key)
                if value:
                    holders.setdefault((key, str(value)), []).append({
                        "device": device,
                        "record_id": record_id,
                        "screening_number": data.get("screening_number"),
                    })  # fmt: skip
    return [
        {
            "field": key,
            "value": value,
            "records": sorted(records, key=lambda r: (r["device"], r["record_id"])),
        }
        for (key, value), records in sorted(holders.items())
        if len(records) > 1
    ]
