"""The encrypted store of one device: create, unlock, lock, re-key, verify.

A :class:`Store` holds the process-wide lock on its data directory from
:meth:`Store.open` to :meth:`Store.close`; between :meth:`unlock` and
:meth:`lock` it also holds the data key and an engine. Locking (idle timeout,
the Lock button) drops both but keeps the directory, so the same or another
person can unlock again.

(Past 450 lines because :class:`Store` is one object with one life cycle, create →
unlock → lock → re-key → close, whose steps share its lock, keys and engine; the slot
file, the audit anchor, backups and the blinding key live in their own modules.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    BedsideError,
    CorruptStore,
    InvalidInput,
    NoStore,
    StoreExists,
    WrongPassword,
)
from app.models import PersonKey, StoreInfo, User
from app.roles import Permission, Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store import blinding, migrate
from app.store.anchor import (
    AnchorCheck,
    AnchorFile,
    AuditHead,
    anchor_key,
    compare,
    missing_sentence,
)
from app.store.anchor import problem as anchor_problem
from app.store.audit import genesis_hash
from app.store.backoff import LoginThrottle
from app.store.engine import (
    WrongKey,
    check_database_file,
    connect_raw,
    make_engine,
    probe,
    rekey_pragma,
    translate_operational,
    translate_os_error,
)
from app.store.keyslots import RECOVERY_NAME, KeySlots, new_recovery_key, normalise_password
from app.store.keyslots import normalise_recovery_key as _norm_recovery
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.store.person_key import RECOVERY_ACTOR, derive_signing_key, public_text
from app.store.uow import AUDIT_HEAD, Actor, install_audit_hooks, log_event, unit_of_work
from app.timeutil import utc_now

log = logging.getLogger(__name__)

# SQLCipher logs failed page HMACs to stderr; a wrong key is an expected event here.
with contextlib.closing(sqlcipher.connect(":memory:")) as _conn:
    _conn.execute("PRAGMA cipher_log_level = NONE")


class Store:
    def __init__(self, paths: StorePaths, slots: KeySlots, lock: StoreLock) -> None:
        self.paths = paths
        self.slots = slots
        self._lock = lock
        self._dek: bytes | None = None
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._read_engine: Engine | None = None
        self._read_sessions: sessionmaker[Session] | None = None
        self.throttle = LoginThrottle(paths.logins)
        self.last_backup: Path | None = None
        self.anchor = AnchorFile(paths.anchor, slots.store_id)
        self._anchor_key: bytes | None = None
        self._anchor_lock = threading.Lock()
        self._anchored_seq = -1

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
        made_dir = not data_dir.exists()
        lock = StoreLock(paths.lock)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except OSError as exc:
            raise translate_os_error(exc, data_dir) from None
        slots = KeySlots.create(paths.slots)
        store = cls(paths, slots, lock)
        made = [paths.db, paths.wal, paths.shm, paths.slots, paths.anchor, paths.lock]
        try:
            dek = os.urandom(32)
            recovery = new_recovery_key()
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
        except BaseException as exc:
            store._stop()
            lock.release()
            for path in made:
                with contextlib.suppress(OSError):
                    path.unlink()
            if made_dir:
                with contextlib.suppress(OSError):
                    data_dir.rmdir()
            if isinstance(exc, OSError):
                raise translate_os_error(exc, data_dir) from None
            raise
        return store, actor, recovery

    def close(self) -> None:
        self.lock()
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- keys ---------------------------------------------------------------

    @property
    def store_id(self) -> str:
        return self.slots.store_id

    @property
    def unlocked(self) -> bool:
        return self.engine is not None

    def _open_with(self, deks: dict[int, bytes]) -> None:
        """Start on whichever key generation opens the database, and settle the slots on it.

        The file is checked from its size and header, the key and the audit-head
        anchor through a read-only probe, all before any connection could write: a
        refused store is left byte for byte as it was, WAL included.
        """
        check_database_file(self.paths.db)
        order = [self.slots.generation]
        if self.slots.pending_generation is not None:
            order.append(self.slots.pending_generation)
        for generation in order:
            dek = deks.get(generation)
            if dek is None:
                continue
            try:
                found = probe(self.paths.db, dek)
            except WrongKey:
                continue
            break
        else:
            raise CorruptStore(
                QT_TRANSLATE_NOOP(
                    "Store",
                    "The database does not match its key slots, or it is damaged: "
                    "restore it from backup.",
                ).said()
            )
        # During an interrupted re-key the anchor may still be under the other key.
        keys = [anchor_key(d, self.store_id) for d in deks.values()]
        try:
            checked = self._anchor_status(found.conn, keys) if found.complete else None
        finally:
            found.close()
        self._start(dek)
        try:
            if checked is None:
                # A WAL without its index: only a normal connection can read it.
                raw = self._engine().raw_connection()
                try:
                    checked = self._anchor_status(raw, keys)
                finally:
                    raw.close()
            check, used_key = checked
            if not check.ok:
                raise CorruptStore(check.sentence())
            self.anchor.remove_leftovers()
            assert check.head is not None
            stale_key = used_key not in (None, self._anchor_key)
            if check.anchored is not None and not stale_key:
                # A chain ahead of its anchor is fine; the next commit moves it.
                self._anchored_seq = check.anchored.seq
            elif not self._write_anchor(check.head, whole=stale_key) and stale_key:
                # An anchor under the other key of a half-done re-key is rewritten whole,
                # and never left behind where no slot's key will authenticate it.
                with contextlib.suppress(OSError):
                    self.anchor.path.unlink(missing_ok=True)
            if self.slots.pending_generation is not None:
                # A re-key was interrupted; the generation that opens the file wins.
                self.slots.settle(generation)
                self.slots.save()
        except BaseException:
            self._stop()
            raise

    def _start(self, dek: bytes) -> None:
        self._dek = dek
        self.engine = make_engine(self.paths.db, dek)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        install_audit_hooks(self._sessions)
        event.listen(self._sessions, "after_commit", self._anchor_commit)
        self._read_engine = make_engine(self.paths.db, dek, readonly=True)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        self._anchor_key = anchor_key(dek, self.store_id)
        self._anchored_seq = -1

    def _stop(self) -> None:
        for engine in (self.engine, self._read_engine):
            if engine is not None:
                engine.dispose()
        self.engine = self._read_engine = None
        self._sessions = self._read_sessions = None
        self._dek = None
        self._anchor_key = None

    # -- the audit-head anchor ------------------------------------------------

    def _anchor_status(self, conn: Any, keys: Iterable[bytes]) -> tuple[AnchorCheck, bytes | None]:
        """The chain read through DB-API ``conn`` against the anchor, and the key that
        authenticated it. Raises :class:`CorruptStore` if the file is not a Bedside
        database or the anchor is damaged."""

        def rows(sql: str, *params: object) -> list[Any]:
            cursor = conn.cursor()
            try:
                cursor.execute(sql, params)
                return list(cursor.fetchall())
            finally:
                cursor.close()

        tables = {r[0] for r in rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "audit_log"} <= tables:
            raise CorruptStore(
                QT_TRANSLATE_NOOP(
                    "Store", "The database {name} holds no Bedside store: restore it from a backup."
                ).format(name=self.paths.db.name)
            )
        # The anchor first, then the chain: a commit in between can only put the
        # chain ahead of the anchor, never behind it.
        found = self.anchor.read(keys)
        last = rows("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        head = (
            AuditHead(int(last[0][0]), str(last[0][1]))
            if last
            else AuditHead(0, genesis_hash(self.store_id))
        )

        def hash_at(seq: int) -> str | None:
            found_rows = rows("SELECT row_hash FROM audit_log WHERE seq = ?", seq)
            return str(found_rows[0][0]) if found_rows else None

        if found is None:
            return compare(None, head, hash_at), None
        return compare(found[0], head, hash_at), found[1]

    def anchor_check(self) -> AnchorCheck:
        """The audit chain against the anchor now (for ``bedside verify``)."""
        key = self._anchor_key
        if key is None:
            raise RuntimeError("the store is locked")
        raw = self._engine().raw_connection()
        try:
            # Not while a commit rewrites a record: the read decides which one is next.
            with self._anchor_lock:
                check, _key = self._anchor_status(raw, [key])
        except CorruptStore as exc:
            return anchor_problem(exc.sentence)
        finally:
            raw.close()
        if check.anchored is None:
            return anchor_problem(missing_sentence(self.anchor.path))
        return check

    def _write_anchor(self, head: AuditHead, *, whole: bool = False) -> bool:
        """Anchor ``head`` under the current key unless a later head is anchored already.

        A failed write is logged, not raised: the transaction behind it has committed,
        and an anchor that lags only proves less.
        """
        key = self._anchor_key
        if key is None:
            return False
        with self._anchor_lock:
            if head.seq <= self._anchored_seq and not whole:
                return True
            try:
                self.anchor.write(key, head, whole=whole)
            except OSError as exc:
                log.warning("the audit head anchor was not updated: %s", exc.strerror or exc)
                return False
            except ValueError:
                log.warning("the audit head at row %s is malformed; not anchored", head.seq)
                return False
            self._anchored_seq = head.seq
        return True

    def _anchor_commit(self, session: Session) -> None:
        head = session.info.get(AUDIT_HEAD)
        if head is not None:
            self._write_anchor(AuditHead(int(head[0]), str(head[1])))

    def _engine(self) -> Engine:
        if self.engine is None:
            raise RuntimeError("the store is locked")
        return self.engine

    def unlock(self, user_name: str, password: str) -> Actor:
        """Check the password through the user's slot, open the database, audit the login."""
        self.throttle.check(user_name)
        try:
            deks, private = self.slots.open_slot("user", user_name, normalise_password(password))
        except WrongPassword:
            wait = self.throttle.record_failure(user_name)
            log.info("failed login for %s", user_name)
            raise WrongPassword(
                QT_TRANSLATE_NOOP(
                    "Store", "The user name or password is not right: try again in {seconds} s."
                ).format(seconds=f"{wait:.0f}")
            ) from None
        if not self.unlocked or self._dek not in deks.values():
            self._stop()
            self._open_with(deks)
            self.last_backup = migrate.migrate_if_needed(
                self._engine(), self.paths.db, self.paths.backups
            )
        user = self._user(user_name)
        if user is None or not user.active:
            self.lock()
            raise WrongPassword(
                QT_TRANSLATE_NOOP("Store", "The account {user} is disabled: ask an admin.").format(
                    user=user_name
                )
            )
        self.throttle.record_success(user_name)
        key = derive_signing_key(private, self.store_id, "user", user_name)
        actor = Actor(user.id, user.name, user.full_name, Role(user.role), key)
        with self.transaction(actor) as session:
            self._fold_failed_logins(session)
            log_event(session, "login", actor.name, record_id=actor.user_id)
        if actor.can(Permission.SEE_ARM):
            actor = self._open_blinding(actor, private)
        if actor.role is Role.ADMIN:
            self.rekey_if_due(actor)
        return actor

    def unlock_with_recovery_key(self, recovery_key: str) -> Ed25519PrivateKey:
        """Open the database with the recovery key (to reset a lost admin password).

        Returns the recovery key's own signing key: what it does is sealed as its work.
        """
        secret = _norm_recovery(recovery_key).encode()
        deks, private = self.slots.open_slot("recovery", RECOVERY_NAME, secret)
        key = derive_signing_key(private, self.store_id, "recovery", RECOVERY_NAME)
        self._stop()
        self._open_with(deks)
        self.last_backup = migrate.migrate_if_needed(
            self._engine(), self.paths.db, self.paths.backups
        )
        return key

    def check_password(self, actor: Actor, password: str) -> Ed25519PrivateKey:
        """Re-ask the password (signing, unlocking a session): raises :class:`WrongPassword`.

        Returns the person's signing key, freshly opened with the password just given.
        """
        return derive_signing_key(
            self.open_own_slot(actor, password), self.store_id, "user", actor.name
        )

    def open_own_slot(self, actor: Actor, password: str) -> X25519PrivateKey:
        """The private half of the actor's own slot, opened with the password just given.

        What emergency unblinding opens a code-break with; throttled like a login.
        """
        self.throttle.check(actor.name)
        try:
            _deks, private = self.slots.open_slot("user", actor.name, normalise_password(password))
        except WrongPassword:
            wait = self.throttle.record_failure(actor.name)
            raise WrongPassword(
                QT_TRANSLATE_NOOP(
                    "Store", "The password is not right: try again in {seconds} s."
                ).format(seconds=f"{wait:.0f}")
            ) from None
        self.throttle.record_success(actor.name)
        return private

    def _open_blinding(self, actor: Actor, private: X25519PrivateKey) -> Actor:
        """The actor with their blinding key ring, after any grant or rotation that is due."""

        def event(session: Session, action: str, detail: str) -> None:
            log_event(session, action, actor.name, detail=detail)

        with self.transaction(
            actor, reason="blinding key kept to the active pharmacists"
        ) as session:
            keys = blinding.unlock_blinding(session, self.slots, actor.name, private, event)
            if keys is not None:
                blinding.seal_code_breaks(session, keys, self.slots)
        return dataclasses.replace(actor, blinding=keys)

    def signing_key(self, kind: str, name: str, secret: str) -> Ed25519PrivateKey:
        """The signing key of one slot, opened with its password (or recovery key)."""
        raw = normalise_password(secret) if kind == "user" else secret.encode()
        _deks, private = self.slots.open_slot(kind, name, raw)
        return derive_signing_key(private, self.store_id, kind, name)

    def current_deks(self) -> dict[int, bytes]:
        if self._dek is None:
            raise RuntimeError("the store is locked")
        return {self.slots.generation: self._dek}

    def lock(self) -> None:
        """Drop the key and close every connection; the directory stays ours."""
        self._stop()

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

    def _user(self, name: str) -> User | None:
        with self.read() as session:
            return session.scalars(select(User).where(User.name == name)).one_or_none()

    def _fold_failed_logins(self, session: Session) -> None:
        pending = self.throttle.pending_failures()
        for failure in pending:
            log_event(
                session,
                "login_failed",
                failure.user_name,
                record_id=failure.event_id,
                detail=f"failures in a row: {failure.failures}",
                at_utc=failure.at_utc,
            )
        if pending:
            session.flush()
            self.throttle.forget_pending({f.event_id for f in pending})

    # -- sessions -------------------------------------------------------------

    @contextmanager
    def transaction(self, actor: Actor, reason: str | None = None) -> Iterator[Session]:
        """A unit of work for one user action; commits on a clean exit."""
        if self._sessions is None:
            raise RuntimeError("the store is locked")
        with unit_of_work(self._sessions, self.store_id, actor, reason) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that never writes: a snapshot that does not wait for a writer."""
        if self._read_sessions is None:
            raise RuntimeError("the store is locked")
        with unit_of_work(self._read_sessions, self.store_id, None, commit=False) as session:
            yield session

    def info(self) -> StoreInfo:
        with self.read() as session:
            return session.scalars(select(StoreInfo)).one()


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
