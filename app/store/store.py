"""The encrypted store of one device: create and open it, and rotate its data key.

A :class:`Store` holds the process-wide lock on its data directory from
:meth:`Store.open` to :meth:`Store.close`; between :meth:`Store.unlock` and
:meth:`Store.lock` it also holds the data key and an engine. Locking (idle timeout,
the Lock button) drops both but keeps the directory, so the same or another
person can unlock again. Unlocking and locking are
:class:`~app.store.store_logins.StoreLogins`; the engines, sessions and audit anchor of
an unlocked store are :class:`~app.store.store_engines.StoreEngines`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import DBAPIError

from app.errors import BedsideError, InvalidInput, NoStore, StoreExists
from app.models import PersonKey, StoreInfo, User
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store import migrate
from app.store.anchor import AuditHead, anchor_key
from app.store.engine import (
    WrongKey,
    check_database_file,
    connect_raw,
    rekey_pragma,
    translate_operational,
    translate_os_error,
)
from app.store.held_folder import making_store
from app.store.keyslots import KeySlots
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.store.person_key import RECOVERY_ACTOR, derive_signing_key, public_text
from app.store.slot_format import RECOVERY_NAME, normalise_password
from app.store.slot_format import normalise_recovery_key as _norm_recovery
from app.store.store_logins import StoreLogins
from app.store.uow import Actor, log_event
from app.timeutil import utc_now

log = logging.getLogger(__name__)


class Store(StoreLogins):
    # -- opening ------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Take the store in ``data_dir`` for this process; no key yet."""
        paths = StorePaths(data_dir)
        if not paths.db.exists():
            raise NoStore(
                QT_TRANSLATE_NOOP(
                    "Store", "There is no Bedside store in {folder}: run 'bedside init' first."
                ).format(folder=data_dir)
            )
        lock = StoreLock(paths.lock)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate_os_error(exc, data_dir) from None
        try:
            check_database_file(paths.db)
            slots = KeySlots.load(paths.slots)
        except BaseException:
            lock.release()
            raise
        return cls(paths, slots, lock)

    @classmethod
    def create(
        cls,
        data_dir: Path,
        *,
        site: str,
        device: str,
        admin_name: str,
        admin_password: str,
        admin_full_name: str | None = None,
    ) -> tuple[Store, Actor, str]:
        """A new store with its first admin; returns the store, the admin and the recovery key.

        Refuses to touch a directory that already holds a store. If anything fails
        half-way, every file it made is removed again.
        """
        check_code("site", site)
        check_code("device", device)
        paths = StorePaths(data_dir)
        if paths.exists():
            raise StoreExists(
                QT_TRANSLATE_NOOP(
                    "Store", "A Bedside store already exists in {folder}: nothing was changed."
                ).format(folder=data_dir)
            )
        made = [paths.db, paths.wal, paths.shm, paths.slots, paths.anchor, paths.lock]
        with making_store(data_dir, paths.lock, paths.slots, made) as new:
            slots, dek, recovery = new.slots, new.dek, new.recovery
            store = cls(paths, slots, new.lock)
            new.stop = store._stop
            _slot, admin_private = slots.add_opened(
                "user", admin_name, normalise_password(admin_password), {1: dek}
            )
            _slot, recovery_private = slots.add_opened(
                "recovery", RECOVERY_NAME, _norm_recovery(recovery).encode(), {1: dek}
            )
            connect_raw(paths.db, dek, create=True).close()
            store._start(dek)
            migrate.upgrade(store._engine())
            now = utc_now()
            admin = User(
                name=admin_name,
                full_name=admin_full_name or admin_name,
                role=Role.ADMIN.value,
                created_at=now,
            )
            admin_key = derive_signing_key(admin_private, slots.store_id, "user", admin_name)
            recovery_key = derive_signing_key(
                recovery_private, slots.store_id, "recovery", RECOVERY_NAME
            )
            bootstrap = Actor("", admin_name, admin.full_name, Role.ADMIN, admin_key)
            with store.transaction(bootstrap) as session:
                session.add(
                    StoreInfo(store_id=slots.store_id, site=site, device=device, created_at=now)
                )
                session.add(admin)
                # The first admin's key is also registered at the hub with the device key:
                # every later enrolment chains from it.
                session.add_all(
                    [
                        PersonKey(
                            user_name=admin_name,
                            role=Role.ADMIN.value,
                            public_key=public_text(admin_key),
                            enrolled_at=now,
                        ),
                        PersonKey(
                            user_name=RECOVERY_ACTOR,
                            role="recovery",
                            public_key=public_text(recovery_key),
                            enrolled_at=now,
                        ),
                    ]
                )
                session.flush()
                log_event(
                    session, "store_created", admin_name, detail=f"site={site} device={device}"
                )
                actor = Actor(admin.id, admin.name, admin.full_name, Role.ADMIN, admin_key)
            slots.save()
        return store, actor, recovery

    def unlock(self, user_name: str, password: str) -> Actor:
        """Unlock as :meth:`StoreLogins.unlock` does; an admin's login also re-keys a store
        that a removed slot left due one."""
        actor = super().unlock(user_name, password)
        if actor.role is Role.ADMIN:
            self.rekey_if_due(actor)
        return actor

    # -- the data key ---------------------------------------------------------

    def rekey(self, actor: Actor) -> int:
        """Rotate the data key: ``PRAGMA rekey``, then seal the new key to every slot.

        The slot file first holds both generations, so a re-key killed at any
        point leaves a store that opens with whichever key the file really has. The
        anchor is re-authenticated under the new key before the old one is dropped.
        A re-key that fails leaves the store open on the key the file still has.
        """
        old = self._dek
        if old is None:
            raise RuntimeError("the store is locked")
        old_generation = self.slots.generation
        new = os.urandom(32)
        generation = self.slots.begin_rekey(new)
        try:
            self.slots.save()
        except BaseException:
            self.slots.settle(old_generation)
            raise
        self._stop()
        try:
            conn = connect_raw(self.paths.db, old)
            try:
                conn.execute(rekey_pragma(new))
                last = conn.execute(
                    "SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchone()
            finally:
                conn.close()
        except BaseException as exc:
            # SQLCipher rolls a failed re-key back; the key that opens the file wins.
            self._open_with({old_generation: old, generation: new})
            if isinstance(exc, sqlcipher.DatabaseError):
                known = translate_operational(exc, self.paths.db)
                if not isinstance(known, BedsideError):
                    # SQLCipher reports a busy or failed re-key with one generic message.
                    log.warning("re-key failed: %s", exc)
                    known = BedsideError(
                        QT_TRANSLATE_NOOP(
                            "Store",
                            "The store could not be re-keyed now, perhaps because another task "
                            "is using it: nothing was changed, so try again.",
                        ).said()
                    )
                raise known from None
            raise
        head = AuditHead(int(last[0]), str(last[1])) if last else None
        if head is not None:
            try:
                self.anchor.write(anchor_key(new, self.store_id), head, whole=True)
            except (OSError, ValueError) as exc:
                log.warning("the audit head anchor was not re-keyed: %s", exc)
                with contextlib.suppress(OSError):
                    self.anchor.path.unlink(missing_ok=True)
        self.slots.settle(generation)
        self._start(new)
        self.slots.save()
        self._rekey_backups(old, new)
        with self.transaction(actor) as session:
            log_event(session, "rekey", actor.name, detail=f"key generation {generation}")
        return generation

    def _rekey_backups(self, old: bytes, new: bytes) -> None:
        """Pre-migration copies take the new key too: an old slot file opens none of them."""
        if not self.paths.backups.is_dir():
            return
        for copy in sorted(self.paths.backups.glob("*.db")):
            try:
                conn = connect_raw(copy, old)
            except WrongKey:
                continue  # made under another key generation, or not ours
            except BedsideError as exc:
                log.warning("backup %s was not re-keyed: %s", copy.name, exc)
                continue
            try:
                conn.execute(rekey_pragma(new))
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlcipher.DatabaseError as exc:
                log.warning("backup %s was not re-keyed: %s", copy.name, exc)
            finally:
                conn.close()

    @property
    def rekey_due(self) -> bool:
        """A person's slot was removed and the data key has not changed since (admin banner)."""
        return self.slots.rekey_due

    def rekey_if_due(self, actor: Actor) -> bool:
        """Re-key now if a removed slot left the store due one; whether it is done.

        Failing again (a full disk, a busy store) leaves it due, for the next admin
        login; the store stays open either way.
        """
        if not self.slots.rekey_due:
            return True
        try:
            self.rekey(actor)
        except (BedsideError, OSError, sqlcipher.Error, DBAPIError) as exc:
            if not self.unlocked:
                raise
            log.warning("the store is due a re-key, which failed: %s", exc)
            return False
        return True


CODE_RE = re.compile(r"[A-Za-z0-9_]{1,32}")


def check_code(what: str, value: str) -> str:
    """Site and device codes name bundle files, so they are plain: letters, digits, '_'."""
    if not CODE_RE.fullmatch(value):
        if what == "site":
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Store",
                    "The site code {value} is not allowed: use 1–32 letters, digits or '_'.",
                ).format(value=repr(value))
            )
        if what == "device":
            raise InvalidInput(
                QT_TRANSLATE_NOOP(
                    "Store",
                    "The device code {value} is not allowed: use 1–32 letters, digits or '_'.",
                ).format(value=repr(value))
            )
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Store", "The {what} code {value} is not allowed: use 1–32 letters, digits or '_'."
            ).format(what=what, value=repr(value))
        )
    return value
