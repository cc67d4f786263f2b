"""The device side of sync: its key, the pinned hub, exporting bundles, applying receipts."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from app.errors import BedsideError, InvalidInput, NotPermitted
from app.models import DeviceKey, HubPin, OutboxBundle, StoreInfo
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store.audit import chain_head
from app.store.engine import translate_os_error
from app.store.store import Store
from app.store.uow import Actor, log_event
from app.sync import agecrypt, minisign
from app.sync.bundle import build_manifest, place_bundle, seal_bundle
from app.sync.changes import AUDIT_MEMBER, SEALS_MEMBER, build_feed
from app.sync.receipt import ReceiptRejected, read_receipt
from app.sync.reenrol import next_bundle
from app.timeutil import utc_now

ZERO_HASH = "0" * 64
PIN_FIRST = QT_TRANSLATE_NOOP("Sync", "Pin the hub first (bedside device set-hub).")
# One export at a time in a process (the store lock keeps other processes out).
_EXPORTING = threading.Lock()


@dataclass(frozen=True)
class ExportResult:
    file_name: str
    path: Path
    seq: int
    changes: int
    audit_rows: int


@dataclass(frozen=True)
class SyncStatus:
    unsynced_audit_rows: int
    """Audit rows after the last acknowledged bundle, session events left out."""
    last_export: str | None
    last_ack: str | None
    hub_pinned: bool
    unsynced_changes: int = 0
    """Data changes not yet acknowledged by the hub (see :data:`DATA_CHANGE`)."""


def can_sync(actor: Actor) -> bool:
    """Whether ``actor`` may export, apply receipts and use the device key (not the monitor)."""
    return actor.can(Permission.ENTER_DATA) or actor.can(Permission.MANAGE_DEVICE)


def sync_refusal(actor: Actor) -> str:
    """The one sentence a person who may not sync is given."""
    return QT_TRANSLATE_NOOP(
        "Sync",
        "Your role ({role}) cannot sync this device: only people who enter data "
        "or manage the device can send bundles, apply receipts or use the device key.",
    ).format(role=actor.role.value)


def _require_sync(actor: Actor) -> None:
    if not can_sync(actor):
        raise NotPermitted(sync_refusal(actor))


def ensure_device_key(store: Store, actor: Actor) -> DeviceKey:
    """The device's Ed25519 key, made on first use (at ``init`` in practice)."""
    _require_sync(actor)
    with store.transaction(actor) as session:
        key = _current_key(session)
        if key is None:
            pair = minisign.generate_keypair()
            key = DeviceKey(
                key_id_hex=pair.key_id.hex(),
                public_key=pair.public_key,
                private_key=pair.private_key,
                created_at=utc_now(),
            )
            session.add(key)
            session.flush()
            log_event(session, "device_key_created", actor.name, record_id=key.key_id_hex)
        return key


def _current_key(session: Session) -> DeviceKey | None:
    return session.scalars(
        select(DeviceKey)
        .where(DeviceKey.retired_at.is_(None))
        .order_by(DeviceKey.created_at.desc())
    ).first()


def device_public_key(store: Store, actor: Actor) -> str:
    """The device's public key as a minisign ``.pub`` text."""
    _require_sync(actor)
    key = ensure_device_key(store, actor)
    info = store.info()
    public = minisign.PublicKey(key_id=bytes.fromhex(key.key_id_hex), key=key.public_key)
    return minisign.public_key_string(public, f"bedside device {info.site}/{info.device}")


def set_hub(store: Store, actor: Actor, age_recipient: str, hub_key: str) -> None:
    """Pin the hub: its age recipient (for bundles) and minisign key (for receipts)."""
    if not actor.can(Permission.MANAGE_DEVICE):
        raise NotPermitted(QT_TRANSLATE_NOOP("Sync", "Only an admin can pin the hub.").said())
    try:
        agecrypt.parse_recipient(age_recipient)
    except agecrypt.AgeError:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Sync", "That is not an age recipient (it starts with 'age1')."
            ).said()
        ) from None
    try:
        public = minisign.parse_public_key(hub_key)
    except minisign.MinisignError:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Sync", "That is not a minisign public key.").said()
        ) from None
    text = minisign.public_key_string(public, "bedside hub").splitlines()[1]
    with store.transaction(actor, reason="hub pinned") as session:
        pin = session.scalars(select(HubPin)).first()
        if pin is None:
            session.add(
                HubPin(
                    age_recipient=age_recipient.strip(),
                    minisign_public_key=text,
                    pinned_at=utc_now(),
                )
            )
        else:
            pin.age_recipient = age_recipient.strip()
            pin.minisign_public_key = text
            pin.pinned_at = utc_now()


# Session events are sent with the next bundle but do not by themselves make one.
SESSION_ACTIONS = ("login", "logout", "lock", "unlock", "login_failed")


def _news_since(conn: Connection, audit_seq: int) -> bool:
    marks = ", ".join(f"'{a}'" for a in SESSION_ACTIONS)
    row = conn.execute(
        text(f"SELECT 1 FROM audit_log WHERE seq > :s AND action NOT IN ({marks}) LIMIT 1"),
        {"s": audit_seq},
    ).first()
    return row is not None


def _changes_since(conn: Connection, audit_seq: int) -> int:
    """Audit rows after ``audit_seq`` that are data changes (not logins, locks …)."""
    marks = ", ".join(f"'{a}'" for a in SESSION_ACTIONS)
    value = conn.execute(
        text(f"SELECT count(*) FROM audit_log WHERE seq > :s AND action NOT IN ({marks})"),
        {"s": audit_seq},
    ).scalar_one()
    return int(value)


# Tables whose rows are this device's own set-up, not study data: its settings (sync
# folder, timers, study-ID range) and the pinned hub.
BOOKKEEPING_TABLES = ("settings", "hub_pins")
DATA_CHANGE = (
    "A data change is one save that added, changed or deleted records (participants, "
    "forms, signatures, people), counted since the last bundle the hub confirmed. "
    "Logins, locks, device settings and sync's own bookkeeping are not counted."
)


def _data_changes_since(conn: Connection, audit_seq: int) -> int:
    """Committed transactions (one seal each) after ``audit_seq`` that changed a record
    outside :data:`BOOKKEEPING_TABLES`: what :data:`DATA_CHANGE` counts."""
    kept = ", ".join(f"'{t}'" for t in BOOKKEEPING_TABLES)
    value = conn.execute(
        text(
            "SELECT count(*) FROM audit_seals s WHERE s.last_seq > :s AND EXISTS ("
            "SELECT 1 FROM audit_log a WHERE a.seq BETWEEN s.first_seq AND s.last_seq "
            f"AND a.table_name IS NOT NULL AND a.table_name NOT IN ({kept}))"
        ),
        {"s": audit_seq},
    ).scalar_one()
    return int(value)


def _acked_through(session: Session) -> int:
    value = session.scalar(
        select(func.max(OutboxBundle.audit_last)).where(OutboxBundle.acked_at.is_not(None))
    )
    return int(value or 0)


def status(store: Store) -> SyncStatus:
    with store.read() as session:
        last = session.scalars(select(OutboxBundle).order_by(OutboxBundle.seq.desc())).first()
        acked = session.scalars(
            select(OutboxBundle)
            .where(OutboxBundle.acked_at.is_not(None))
            .order_by(OutboxBundle.seq.desc())
        ).first()
        pinned = session.scalars(select(HubPin)).first() is not None
        through = _acked_through(session)
        unsynced = _changes_since(session.connection(), through)
        changes = _data_changes_since(session.connection(), through)
    return SyncStatus(
        unsynced_audit_rows=unsynced,
        last_export=last.exported_at.strftime("%Y-%m-%d %H:%M UTC") if last else None,
        last_ack=acked.acked_at.strftime("%Y-%m-%d %H:%M UTC")
        if acked and acked.acked_at
        else None,
        hub_pinned=pinned,
        unsynced_changes=changes,
    )


def export_bundle(store: Store, actor: Actor, out_dir: Path) -> ExportResult | None:
    """Write one bundle of everything since the hub's last acknowledgement, or None.

    Returns None (and writes nothing) when nothing happened since the last bundle.
    The feed is read from a snapshot and the files are written outside any write
    transaction, so nurses can keep saving while a large bundle goes to a slow stick.
    """
    _require_sync(actor)
    if not out_dir.is_dir():
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Sync", "The sync folder {folder} is not reachable.").format(
                folder=out_dir
            )
        )
    key = ensure_device_key(store, actor)
    with _EXPORTING:
        _settle_unplaced(store, actor, out_dir)
        return _export(store, actor, out_dir, key)


def _export(store: Store, actor: Actor, out_dir: Path, key: DeviceKey) -> ExportResult | None:
    with store.read() as session:
        pin = session.scalars(select(HubPin)).first()
        if pin is None:
            raise InvalidInput(PIN_FIRST.said())
        info = session.scalars(select(StoreInfo)).one()
        conn = session.connection()
        head_seq, head_hash = chain_head(conn, store.store_id)
        last = session.scalars(select(OutboxBundle).order_by(OutboxBundle.seq.desc())).first()
        if not _news_since(conn, last.audit_last if last else 0):
            return None
        first = _acked_through(session) + 1
        feed = build_feed(conn, first, head_seq, head_hash)
        # After a restore the hub's endorsement sets the epoch and where its numbers go on.
        seq, prev_sha256, epoch = next_bundle(session, last)
    manifest = build_manifest(
        study=info.study,
        site=info.site,
        device=info.device,
        seq=seq,
        prev_bundle_sha256=prev_sha256,
        changes=(first, head_seq),
        audit=(first, head_seq),
        audit_head=head_hash,
        created_at=utc_now(),
        epoch=epoch,
    )
    members = {AUDIT_MEMBER: feed.audit_jsonl, SEALS_MEMBER: feed.seals_jsonl}
    sealed = seal_bundle(
        out_dir,
        manifest,
        members,
        key.private_key,
        bytes.fromhex(key.key_id_hex),
        [pin.age_recipient],
    )
    paths = sealed.paths
    # The bundle is recorded before its files land, and marked placed after: a bundle in
    # the folder is then always one the store knows, even if Bedside stops in between.
    with store.transaction(actor) as session:
        if session.get(OutboxBundle, seq) is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Sync", "Another sync wrote that bundle at the same moment: try again."
                ).said()
            )
        session.add(
            OutboxBundle(
                seq=seq,
                file_name=paths.age.name,
                sha256=paths.age_sha256,
                audit_first=first,
                audit_last=head_seq,
                audit_head=head_hash,
                changes=feed.records,
                exported_at=utc_now(),
            )
        )
    try:
        place_bundle(sealed)
    except BaseException as exc:
        # Not placed, the bundle must not stay recorded: its number is handed out again.
        with contextlib.suppress(BedsideError):
            _forget(store, actor, seq)
        if isinstance(exc, FileExistsError):
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Sync",
                    "A bundle number {seq} from this device is already in {folder}: "
                    "move it away or wait for the hub to take it.",
                ).format(seq=seq, folder=out_dir)
            ) from None
        if isinstance(exc, OSError):
            raise translate_os_error(exc, out_dir) from None
        raise
    with contextlib.suppress(BedsideError):
        # If this fails the files are in place: the next export finds them and says so.
        _mark_placed(store, actor, seq)
    return ExportResult(paths.age.name, paths.age, seq, feed.records, head_seq - first + 1)


def _settle_unplaced(store: Store, actor: Actor, out_dir: Path) -> None:
    """Settle a bundle recorded but not marked placed, left by an export that stopped.

    If its ``.age`` is in ``out_dir`` with the recorded SHA-256 it landed whole (or the hub
    acknowledged it), and it is marked placed; otherwise it never landed, and it is
    forgotten so its number is used again.
    """
    with store.read() as session:
        waiting = session.scalars(
            select(OutboxBundle).where(OutboxBundle.placed_at.is_(None))
        ).all()
        found = {
            row.seq: row.acked_at is not None or _landed(out_dir / row.file_name, row.sha256)
            for row in waiting
        }
    for seq, landed in sorted(found.items()):
        (_mark_placed if landed else _forget)(store, actor, seq)


def _landed(path: Path, sha256: str) -> bool:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha256
    except OSError:
        return False


def _mark_placed(store: Store, actor: Actor, seq: int) -> None:
    with store.transaction(actor) as session:
        row = session.get(OutboxBundle, seq)
        if row is not None and row.placed_at is None:
            row.placed_at = utc_now()


def _forget(store: Store, actor: Actor, seq: int) -> None:
    with store.transaction(actor) as session:
        row = session.get(OutboxBundle, seq)
        if row is not None and row.placed_at is None:
            session.delete(row)


def apply_receipt(store: Store, actor: Actor, path: Path) -> int:
    """Verify a hub receipt and mark its bundle (and those before it) as synced.

    Nothing is deleted because of a receipt. Returns the acknowledged sequence number.
    """
    _require_sync(actor)
    with store.transaction(actor) as session:
        pin = session.scalars(select(HubPin)).first()
        if pin is None:
            raise InvalidInput(PIN_FIRST.said())
        info = session.scalars(select(StoreInfo)).one()
        try:
            receipt = read_receipt(path, minisign.parse_public_key(pin.minisign_public_key))
        except ReceiptRejected as exc:
            raise InvalidInput(exc.sentence) from None
        if (receipt.site, receipt.device, receipt.study) != (info.site, info.device, info.study):
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Sync", "{name} is a receipt for another device.").format(
                    name=path.name
                )
            )
        bundle = session.get(OutboxBundle, receipt.seq)
        if bundle is None or bundle.sha256 != receipt.bundle_sha256:
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Sync", "{name} acknowledges a bundle this device did not write."
                ).format(name=path.name)
            )
        now = utc_now()
        for earlier in session.scalars(
            select(OutboxBundle).where(
                OutboxBundle.seq <= receipt.seq, OutboxBundle.acked_at.is_(None)
            )
        ):
            earlier.acked_at = now
        bundle.receipt_json = json.dumps(receipt.to_json(), sort_keys=True)
    return receipt.seq
