"""Re-enrolment on the device: asking the hub to accept a restored store again.

A store restored from an older backup has the backup's audit trail and bundle
numbers; the hub holds more, and refuses it as a rollback. An admin writes a
request (``bedside device re-enrol --out FILE``), signed with the device key; the
hub's data manager answers with an endorsement signed by the hub
(``bedside hub endorse``); the admin imports it here
(``bedside device endorsement import FILE``). From then on the device's bundles
carry the new epoch, numbered as the endorsement says, and the first of them
follows the endorsement itself. Both steps are audited settings of the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotPermitted
from app.models import HubPin, OutboxBundle, Setting, StoreInfo
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store.audit import chain_head
from app.store.store import Store
from app.store.uow import Actor
from app.sync import reenrol_doc as doc_format
from app.sync.reenrol_doc import (
    ENDORSEMENT_FORMAT,
    FORMAT_VERSION,
    MAX_KNOWN_ROWS,
    REQUEST_FORMAT,
    sha256_hex,
)
from app.timeutil import iso_utc, utc_now

PIN_FIRST = QT_TRANSLATE_NOOP("Sync", "Pin the hub first (bedside device set-hub).")

EPOCH_SETTING = "sync.epoch"
PENDING_SETTING = "sync.reenrol_request"
ZERO_HASH = "0" * 64


@dataclass(frozen=True)
class EpochState:
    """The epoch the hub endorsed for this device, as the device keeps it."""

    epoch: int
    base_seq: int
    next_bundle: int
    prev_sha256: str  # the endorsement's SHA-256: what the epoch's first bundle follows


@dataclass(frozen=True)
class RequestWritten:
    path: Path
    epoch_from: int
    head_seq: int
    known_first: int


@dataclass(frozen=True)
class Endorsed:
    epoch: int
    base_seq: int
    next_bundle: int
    lost_count: int
    lost_lines: list[str]


def _require_admin(actor: Actor) -> None:
    if not actor.can(Permission.MANAGE_DEVICE):
        raise NotPermitted(
            QT_TRANSLATE_NOOP(
                "ReEnrolment", "Only an admin can re-enrol this device with the hub."
            ).said()
        )


def _setting(session: Session, key: str) -> Setting | None:
    return session.scalars(select(Setting).where(Setting.key == key)).first()


def _put(session: Session, key: str, value: str) -> None:
    found = _setting(session, key)
    if found is None:
        session.add(Setting(key=key, value=value))
    else:
        found.value = value


def current_epoch(session: Session) -> EpochState | None:
    """The endorsed epoch this device is in, or None for its first."""
    found = _setting(session, EPOCH_SETTING)
    if found is None or not found.value:
        return None
    value = json.loads(found.value)
    return EpochState(
        int(value["epoch"]),
        int(value["base_seq"]),
        int(value["next_bundle"]),
        str(value["prev_sha256"]),
    )


def next_bundle(session: Session, last: OutboxBundle | None) -> tuple[int, str, int]:
    """(number, SHA-256 of the bundle before it, epoch) of the device's next bundle."""
    state = current_epoch(session)
    if state is not None and (last is None or last.seq < state.next_bundle):
        return state.next_bundle, state.prev_sha256, state.epoch
    epoch = state.epoch if state is not None else 1
    return ((last.seq + 1) if last else 1), (last.sha256 if last else ZERO_HASH), epoch


def _acked_through(session: Session) -> int:
    value = session.scalar(
        select(func.max(OutboxBundle.audit_last)).where(OutboxBundle.acked_at.is_not(None))
    )
    return int(value or 0)


def request_reenrolment(store: Store, actor: Actor, out: Path) -> RequestWritten:
    """Write the signed request to ``out`` (and ``out.minisig``) and remember it, audited."""
    from app.sync.device import ensure_device_key

    _require_admin(actor)
    with store.read() as session:  # a refusal changes nothing: not even a new device key
        if session.scalars(select(HubPin)).first() is None:
            raise InvalidInput(PIN_FIRST.said())
    key = ensure_device_key(store, actor)
    with store.read() as session:
        info = session.scalars(select(StoreInfo)).one()
        conn = session.connection()
        head_seq, head_hash = chain_head(conn, store.store_id)
        first = max(1, _acked_through(session))
        if head_seq - first + 1 > MAX_KNOWN_ROWS:
            first = head_seq - MAX_KNOWN_ROWS + 1
        hashes = [
            str(row[0])
            for row in conn.execute(
                text("SELECT row_hash FROM audit_log WHERE seq >= :f ORDER BY seq"), {"f": first}
            )
        ][: head_seq - first + 1]
        outbox_last = int(session.scalar(select(func.max(OutboxBundle.seq))) or 0)
        state = current_epoch(session)
    epoch_from = state.epoch if state is not None else 1
    request: dict[str, Any] = {
        "format": REQUEST_FORMAT,
        "format_version": FORMAT_VERSION,
        "study": info.study,
        "site": info.site,
        "device": info.device,
        "store_id": store.store_id,
        "key_id": key.key_id_hex,
        "epoch_from": epoch_from,
        "head": {"seq": head_seq, "hash": head_hash},
        "known": {"first": first, "row_hashes": hashes},
        "outbox_last": outbox_last,
        "created_at": iso_utc(utc_now()),
    }
    problem = doc_format.request_problem(request)
    if problem:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "ReEnrolment", "This store cannot ask for re-enrolment: {problem}"
            ).format(problem=problem)
        )
    data = doc_format.write_signed(
        out,
        request,
        (key.private_key, bytes.fromhex(key.key_id_hex)),
        f"bedside re-enrolment request device:{info.device} epoch_from:{epoch_from}",
        "bedside re-enrolment request",
    )
    try:
        with store.transaction(actor, reason="re-enrolment requested from the hub") as session:
            _put(session, PENDING_SETTING, sha256_hex(data))
    except BaseException:
        for path in (out, doc_format.signature_path(out)):
            path.unlink(missing_ok=True)
        raise
    return RequestWritten(out, epoch_from, head_seq, first)


def import_endorsement(store: Store, actor: Actor, path: Path) -> Endorsed:
    """Check the hub's endorsement of this device's request and enter its epoch, audited."""
    _require_admin(actor)
    data, signature, doc = doc_format.read_signed(path, "an endorsement", ENDORSEMENT_FORMAT)
    shown = path.name
    with store.transaction(actor, reason="hub endorsement of the re-enrolment") as session:
        pin = session.scalars(select(HubPin)).first()
        if pin is None:
            raise InvalidInput(PIN_FIRST.said())
        if not doc_format.verify(data, signature, pin.minisign_public_key):
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment", "{name} is not signed by the pinned hub: nothing was changed."
                ).format(name=shown)
            )
        problem = doc_format.endorsement_problem(doc)
        if problem:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment",
                    "{name} is signed but not an endorsement Bedside can use: {problem}",
                ).format(name=shown, problem=problem)
            )
        info = session.scalars(select(StoreInfo)).one()
        mine = (info.study, info.site, info.device, store.store_id)
        if (doc["study"], doc["site"], doc["device"], doc["store_id"]) != mine:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment",
                    "{name} endorses device {device} of site {site}, not this "
                    "store: nothing was changed.",
                ).format(name=shown, device=doc["device"], site=doc["site"])
            )
        pending = _setting(session, PENDING_SETTING)
        if pending is None or pending.value != doc["request_sha256"]:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment",
                    "{name} answers a re-enrolment request that is not this store's open "
                    "request: nothing was changed.",
                ).format(name=shown)
            )
        state = current_epoch(session)
        if doc["epoch"] <= (state.epoch if state else 1):
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment", "{name} is for an epoch this device has reached already."
                ).format(name=shown)
            )
        base = doc["base"]
        held = session.execute(
            text("SELECT row_hash FROM audit_log WHERE seq = :s"), {"s": base["seq"]}
        ).scalar()
        if held != base["hash"]:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment",
                    "{name} continues after audit row {seq}, which this store does not "
                    "hold as the hub does: nothing was changed.",
                ).format(name=shown, seq=base["seq"])
            )
        outbox_last = int(session.scalar(select(func.max(OutboxBundle.seq))) or 0)
        if outbox_last >= doc["next_bundle"]:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "ReEnrolment",
                    "This device wrote bundle {seq} after asking: ask the hub again "
                    "(bedside device re-enrol).",
                ).format(seq=outbox_last)
            )
        state_json = {
            "epoch": doc["epoch"],
            "base_seq": base["seq"],
            "next_bundle": doc["next_bundle"],
            "prev_sha256": sha256_hex(data),
            "lost": doc["lost"]["count"],
        }
        _put(session, EPOCH_SETTING, json.dumps(state_json, sort_keys=True))
        pending.value = ""
    return Endorsed(
        doc["epoch"],
        base["seq"],
        doc["next_bundle"],
        doc["lost"]["count"],
        doc_format.lost_lines(doc),
    )
