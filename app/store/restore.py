"""Restoring a device's store from a backup file.

Everything is checked before anything moves: the file's members against its
manifest, the manifest's MAC and the copy's integrity and audit chain under the
data key that the restoring admin's own slot in the backup opens. A store already
in the folder is replaced only when asked, and is then moved whole into a
``replaced-<time>`` folder beside the restored one, never deleted.

The restored store's sync state is the backup's: its sequence goes back to when
the backup was made, and the hub refuses that as a rollback until it re-endorses
the device.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.errors import BedsideError, CorruptStore, InvalidInput, StoreExists, WrongPassword
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store.backup import check_copy
from app.store.backup_archive import ANCHOR, DB, SLOTS, BackupRefused, read_archive
from app.store.engine import probe, translate_os_error
from app.store.files import fsync_dir
from app.store.keyslots import KeySlots, normalise_password
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.timeutil import utc_now

# What makes up a store in its folder, moved aside together on --replace.
STORE_FILES = ("bedside.db", "bedside.db-wal", "bedside.db-shm", "keyslots.json", "anchor.json")
STORE_EXTRAS = ("logins.json", "backups")


@dataclass(frozen=True)
class RestoreInfo:
    """What was restored, and where the store it replaced was kept."""

    data_dir: Path
    site: str
    device: str
    head_seq: int
    made_at: str
    set_aside: Path | None

    def sentences(self) -> list[str]:
        lines: list[str] = [
            QT_TRANSLATE_NOOP(
                "Restore",
                "Restored the store of site {site}, device {device} "
                "(audit row {seq}, backed up at {made_at}) into {folder}.",
            ).format(
                site=self.site,
                device=self.device,
                seq=self.head_seq,
                made_at=self.made_at,
                folder=self.data_dir,
            )
        ]
        if self.set_aside is not None:
            lines.append(
                QT_TRANSLATE_NOOP(
                    "Restore", "The store that was there is kept in {folder}."
                ).format(folder=self.set_aside)
            )
        lines.append(
            QT_TRANSLATE_NOOP(
                "Restore",
                "Its sync state is as it was at the backup: the hub refuses its bundles until it "
                "endorses this device again (bedside device re-enrol --out FILE, then bedside hub "
                "endorse).",
            ).said()
        )
        return lines


def restore_backup(
    file: Path, data_dir: Path, user_name: str, password: str, *, replace: bool = False
) -> RestoreInfo:
    """Restore ``file`` into ``data_dir`` once it is checked; ``user_name`` must be an
    active admin of the backed-up store, whose password opens the backup's slot.

    Refuses to overwrite a store unless ``replace``; any refusal changes nothing.
    """
    file = Path(file)
    paths = StorePaths(data_dir)
    if not file.is_file():
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Restore", "There is no backup file {file}.").format(file=file)
        )
    had_store = paths.exists()
    if had_store and not replace:
        raise StoreExists(
            QT_TRANSLATE_NOOP(
                "Restore",
                "A Bedside store is already in {folder}: give --replace to keep it aside and "
                "restore over it; nothing was changed.",
            ).format(folder=data_dir)
        )
    made: list[Path] = []  # what a refusal removes again: the lock file, then the folder
    try:
        if not data_dir.exists():
            data_dir.mkdir(parents=True)
            made.append(data_dir)
        if not paths.lock.exists():
            made.append(paths.lock)
        lock = StoreLock(paths.lock)
        lock.acquire()  # refuses while the app has this folder's store open
    except OSError as exc:
        _remove(made)
        raise _environment(exc, data_dir) from None
    except BaseException:
        _remove(made)
        raise
    try:
        info = _restore_locked(file, paths, user_name, password, had_store)
    except BaseException:
        lock.release()
        _remove(made)
        raise
    lock.release()
    return info


def _restore_locked(
    file: Path, paths: StorePaths, user_name: str, password: str, had_store: bool
) -> RestoreInfo:
    work = Path(tempfile.mkdtemp(prefix=".restore-", suffix=".tmp", dir=paths.root))
    try:
        manifest = read_archive(file, work)
        try:
            slots = KeySlots.load(work / SLOTS)
        except CorruptStore:
            raise BackupRefused(
                QT_TRANSLATE_NOOP(
                    "Restore", "The backup {name} has a damaged key file: nothing was changed."
                ).format(name=file.name)
            ) from None
        if slots.store_id != manifest.store_id or slots.pending_generation is not None:
            raise BackupRefused(
                QT_TRANSLATE_NOOP(
                    "Restore", "The backup {name} mixes two stores: nothing was changed."
                ).format(name=file.name)
            )
        try:
            deks, _private = slots.open_slot("user", user_name, normalise_password(password))
        except WrongPassword:
            raise WrongPassword(
                QT_TRANSLATE_NOOP(
                    "Restore",
                    "The user name or password does not open this backup: nothing was changed.",
                ).said()
            ) from None
        dek = deks[slots.generation]
        if not manifest.mac_ok(dek):
            raise BackupRefused(
                QT_TRANSLATE_NOOP(
                    "Restore",
                    "The backup {name} was altered after it was made: nothing was changed.",
                ).format(name=file.name)
            )
        check_copy(work, manifest, dek, file)
        _check_admin(work / DB, dek, user_name)
        if had_store:
            _check_same_store(paths, manifest.store_id, manifest.site, manifest.device)
        aside = _put_in_place(work, paths) if had_store else None
        if aside is None:
            _move([ANCHOR, SLOTS, DB], work, paths.root)
            fsync_dir(paths.root)
    except OSError as exc:
        raise _environment(exc, paths.root) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreInfo(
        paths.root, manifest.site, manifest.device, manifest.head.seq, manifest.made_at, aside
    )


def _check_admin(db: Path, dek: bytes, user_name: str) -> None:
    found = probe(db, dek)
    try:
        row = found.conn.execute(
            "SELECT role, active FROM users WHERE name = ?", (user_name,)
        ).fetchone()
    except sqlcipher.DatabaseError:
        row = None
    finally:
        found.close()
    if row is None or row[0] != Role.ADMIN.value or not row[1]:
        raise WrongPassword(
            QT_TRANSLATE_NOOP(
                "Restore",
                "Only an active admin of the backed-up store can restore it: nothing was changed.",
            ).said()
        )


def _check_same_store(paths: StorePaths, store_id: str, site: str, device: str) -> None:
    """A backup replaces only its own store; a store whose slots are lost may be replaced."""
    try:
        current = KeySlots.load(paths.slots).store_id
    except CorruptStore:
        return
    if current != store_id:
        raise BackupRefused(
            QT_TRANSLATE_NOOP(
                "Restore",
                "The backup is of another store (site {site}, device {device}), not the one in "
                "{folder}: restore it into an empty folder; nothing was changed.",
            ).format(site=site, device=device, folder=paths.root)
        )


def _put_in_place(work: Path, paths: StorePaths) -> Path:
    """Move the old store into ``replaced-<time>`` and the restored one in; undone on failure."""
    aside = _aside_folder(paths.root)
    old = [n for n in (*STORE_FILES, *STORE_EXTRAS) if (paths.root / n).exists()]
    moved_old = _move(old, paths.root, aside)
    try:
        fsync_dir(aside)
        _move([ANCHOR, SLOTS, DB], work, paths.root)
        fsync_dir(paths.root)
    except BaseException:
        with contextlib.suppress(OSError):
            for name in (DB, SLOTS, ANCHOR):
                if (paths.root / name).exists():
                    os.replace(paths.root / name, work / name)
            _move(moved_old, aside, paths.root)
            aside.rmdir()
        raise
    return aside


def _aside_folder(root: Path) -> Path:
    """A new ``replaced-<time>`` folder; a second restore within the same second gets
    ``replaced-<time>-2`` and so on, so no earlier replaced store is ever touched."""
    stamp = f"replaced-{utc_now().strftime('%Y%m%dT%H%M%SZ')}"
    for n in itertools.count(1):
        aside = root / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            aside.mkdir()
        except FileExistsError:
            continue
        return aside
    raise AssertionError("unreachable")


def _move(names: list[str], source: Path, target: Path) -> list[str]:
    moved: list[str] = []
    for name in names:
        os.replace(source / name, target / name)
        moved.append(name)
    return moved


def _remove(made: list[Path]) -> None:
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def _environment(exc: OSError, folder: Path) -> BedsideError:
    known = translate_os_error(exc, folder)
    if isinstance(known, BedsideError):
        return known
    return BedsideError(
        QT_TRANSLATE_NOOP(
            "Restore", "The restore could not finish ({problem}): nothing was changed."
        ).format(problem=exc.strerror or exc)
    )
