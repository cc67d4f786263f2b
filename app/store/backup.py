"""Backups of a device's store: a consistent encrypted copy, made while the store is in use.

The copy is SQLCipher's online backup from a keyed connection that holds one read
snapshot for the whole copy, so a writer (the app, or another process) goes on
committing and the copy is exactly the store as it stood when the snapshot began.
It stays encrypted under the same data key. Beside it go the key slots (so the
same people's passwords open it) and a fresh anchor for the copy's own audit head
(the live anchor may already vouch for later rows). The file is written under a
temporary name, fsynced, read back and checked (it opens with the data key, both
integrity checks pass, the audit chain verifies up to the manifest's head), and
only then renamed and audited as ``backup_made``.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from app.errors import (
    BedsideError,
    CorruptStore,
    DiskFull,
    InvalidInput,
    NotPermitted,
    StoreInUse,
)
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store.anchor import AnchorFile, AuditHead, anchor_key
from app.store.audit import CHAIN_FIELDS, check_rows, genesis_hash
from app.store.backup_archive import (
    ANCHOR,
    DATA_MEMBERS,
    DB,
    SLOTS,
    BackupRefused,
    Manifest,
    file_digest,
    read_archive,
    write_archive,
)
from app.store.engine import (
    WrongKey,
    check_database_file,
    connect_raw,
    key_pragma,
    probe,
    translate_operational,
    translate_os_error,
)
from app.store.files import fsync_dir, remove_quietly
from app.store.keyslots import KeySlots
from app.store.leftovers import owned_temp_name, sweep_leftovers
from app.store.shared import SharedStore
from app.store.store import Store
from app.store.uow import Actor, log_event
from app.timeutil import iso_utc, utc_now

BACKUP_SUFFIX = ".bedside-backup"
# Pages copied per step: small enough for a smooth progress bar, large enough to be quick.
STEP_PAGES = 256
BACKUP_ACTION = "backup_made"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupInfo:
    """What a finished backup holds; every field is safe to show anyone."""

    path: Path
    store_id: str
    site: str
    device: str
    head_seq: int
    made_at: str
    size_bytes: int

    def sentence(self) -> str:
        return QT_TRANSLATE_NOOP(
            "Backup",
            "Backed up the store of site {site}, device {device} "
            "(audit row {seq}) to {path}; the copy was checked.",
        ).format(site=self.site, device=self.device, seq=self.head_seq, path=self.path)


def backup_file_name(site: str, device: str) -> str:
    """The file name a backup to a folder gets: site, device and the UTC time."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    return f"bedside-{site}-{device}-{stamp}{BACKUP_SUFFIX}"


@contextlib.contextmanager
def open_for_backup(data_dir: Path, user_name: str, password: str) -> Iterator[tuple[Store, Actor]]:
    """The store unlocked as ``user_name``: taken for this process if it is free, else
    shared with the copy of Bedside that has it open (see :mod:`app.store.shared`)."""
    try:
        store: Store = Store.open(data_dir)
    except StoreInUse:
        store = SharedStore.open_shared(data_dir)
    try:
        yield store, store.unlock(user_name, password)
    finally:
        store.close()


def make_backup(
    store: Store, actor: Actor, out: Path, progress: Progress | None = None
) -> BackupInfo:
    """Write a checked, encrypted copy of ``store`` to the new file ``out``; audited.

    Only an admin backs up: the file holds every person's key slot and the whole store.
    Refuses an existing ``out`` or a missing folder; on any failure nothing is left behind.
    """
    if not actor.can(Permission.MANAGE_DEVICE):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Backup", "Only an admin can back up the store.").said()
        )
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Backup", "The file {path} exists already: choose another name."
            ).format(path=out)
        )
    if not out.parent.is_dir():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Backup",
                "The folder {folder} does not exist: plug in the stick or choose another folder.",
            ).format(folder=out.parent)
        )
    dek = store.current_deks()[store.slots.generation]
    try:
        manifest = _write_checked(store, actor, dek, out, progress)
    except DiskFull:
        raise _full(out) from None
    except sqlcipher.Error as exc:
        known = translate_operational(exc, out)
        if isinstance(known, DiskFull):
            raise _full(out) from None
        if isinstance(known, BedsideError):
            raise known from None
        raise
    except OSError as exc:
        known = translate_os_error(exc, out.parent)
        if isinstance(known, DiskFull):
            raise _full(out) from None
        if isinstance(known, BedsideError):
            raise known from None
        raise
    try:
        with store.transaction(actor) as session:
            log_event(
                session,
                BACKUP_ACTION,
                actor.name,
                detail=f"backup made to {out} (audit row {manifest.head.seq})",
            )
    except BaseException:
        remove_quietly(out)  # a backup nobody can see was made is not reported as one
        raise
    return BackupInfo(
        out,
        manifest.store_id,
        manifest.site,
        manifest.device,
        manifest.head.seq,
        manifest.made_at,
        out.stat().st_size,
    )


def _full(out: Path) -> DiskFull:
    return DiskFull(
        QT_TRANSLATE_NOOP(
            "Backup",
            "The disk holding {folder} is full: free some space or use another stick; "
            "no backup was written.",
        ).format(folder=out.parent)
    )


def _write_checked(
    store: Store, actor: Actor, dek: bytes, out: Path, progress: Progress | None
) -> Manifest:
    sweep_leftovers(out.parent)  # what a backup killed mid-way left here
    work = out.parent / owned_temp_name(out.name)
    work.mkdir(mode=0o700)
    tmp = out.parent / owned_temp_name(out.name)
    try:
        shutil.copyfile(store.paths.slots, work / SLOTS)
        slots = KeySlots.load(work / SLOTS)
        if slots.pending_generation is not None or slots.generation != store.slots.generation:
            raise StoreInUse(
                QT_TRANSLATE_NOOP(
                    "Backup", "The store is being re-keyed: try the backup again in a moment."
                ).said()
            )
        head, site, device, schema = _copy_database(store.paths.db, dek, work / DB, progress)
        AnchorFile(work / ANCHOR, store.store_id).write(
            anchor_key(dek, store.store_id), head, whole=True
        )
        digests = {name: file_digest(work / name) for name in DATA_MEMBERS}
        manifest = Manifest(
            store_id=store.store_id,
            site=site,
            device=device,
            head=head,
            made_at=iso_utc(utc_now()),
            made_by=actor.name,
            schema=schema,
            sha256={name: d[0] for name, d in digests.items()},
            sizes={name: d[1] for name, d in digests.items()},
        ).sealed(dek)
        write_archive(tmp, manifest, work)
        # The check reads back what is on the disk, not what was meant to be written.
        check = work / "check"
        check.mkdir()
        written = read_archive(tmp, check)
        if written != manifest or not written.mac_ok(dek):
            raise BackupRefused(
                QT_TRANSLATE_NOOP(
                    "Backup", "The backup written to {folder} does not read back whole."
                ).format(folder=out.parent)
            )
        check_copy(check, written, dek, out)
        tmp.replace(out)
        fsync_dir(out.parent)
        return manifest
    finally:
        remove_quietly(tmp)
        shutil.rmtree(work, ignore_errors=True)


def _copy_database(
    db: Path, dek: bytes, target: Path, progress: Progress | None
) -> tuple[AuditHead, str, str, str]:
    """Copy ``db`` to ``target`` from one read snapshot; its audit head, site, device, schema."""
    source = connect_raw(db, dek)
    try:
        source.execute("BEGIN")  # one snapshot: writers go on, the copy does not restart
        head, site, device, schema = _describe(source)
        copy = sqlcipher.connect(str(target), isolation_level=None)
        try:
            copy.execute(key_pragma(dek))

            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source.backup(copy, pages=STEP_PAGES, progress=step)
        finally:
            copy.close()
        source.execute("ROLLBACK")
    finally:
        source.close()
    return head, site, device, schema


def _describe(conn: Any) -> tuple[AuditHead, str, str, str]:
    store_id, site, device = conn.execute(
        "SELECT store_id, site, device FROM store_info"
    ).fetchone()
    last = conn.execute("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    head = AuditHead(int(last[0]), str(last[1])) if last else AuditHead(0, genesis_hash(store_id))
    schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return head, str(site), str(device), str(schema)


def check_copy(folder: Path, manifest: Manifest, dek: bytes, file: Path) -> None:
    """The copy in ``folder`` opens with ``dek``, passes SQLite's and SQLCipher's integrity
    checks, names the manifest's store, and its audit chain verifies up to exactly the
    manifest's head, which its anchor vouches for. Raises :class:`BackupRefused`."""
    refused = BackupRefused(
        QT_TRANSLATE_NOOP(
            "Backup", "The backup {name} does not open or does not verify: nothing was changed."
        ).format(name=file.name)
    )
    try:
        check_database_file(folder / DB)
        found = probe(folder / DB, dek)
    except (WrongKey, CorruptStore):
        raise refused from None
    try:
        conn = found.conn
        if [tuple(r) for r in conn.execute("PRAGMA integrity_check")] != [("ok",)]:
            raise refused
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise refused
        head, _site, _device, _schema = _describe(conn)
        store_id = conn.execute("SELECT store_id FROM store_info").fetchone()[0]
        cols = ", ".join((*CHAIN_FIELDS, "prev_hash", "row_hash"))
        chain = check_rows(conn.execute(f"SELECT {cols} FROM audit_log ORDER BY seq"), store_id)
    except sqlcipher.DatabaseError:
        raise refused from None
    finally:
        found.close()
    if store_id != manifest.store_id or not chain.ok or head != manifest.head:
        raise refused
    if (chain.head_seq, chain.head_hash) != (head.seq, head.row_hash):
        raise refused
    try:
        anchored = AnchorFile(folder / ANCHOR, store_id).read([anchor_key(dek, store_id)])
    except CorruptStore:
        raise refused from None
    if anchored is None or anchored[0] != head:
        raise refused


def last_backup(store: Store) -> tuple[str, str] | None:
    """When the last backup of this store was made and where to (from the audit trail)."""
    from sqlalchemy import text

    with store.read() as session:
        row = session.execute(
            text(
                "SELECT at_utc, new_value FROM audit_log WHERE action = :action "
                "ORDER BY seq DESC LIMIT 1"
            ),
            {"action": BACKUP_ACTION},
        ).first()
    return None if row is None else (str(row[0]), str(row[1] or ""))
