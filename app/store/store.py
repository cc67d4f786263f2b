"""The encrypted store of one device: create, unlock, lock, re-key, verify.

A :class:`Store` holds the process-wide lock on its data directory from
:meth:`Store.open` to :meth:`Store.close`; between :meth:`unlock` and
:meth:`lock` it also holds the data key and an engine. Locking (idle timeout,
the Lock button) drops both but keeps the directory, so the same or another
person can unlock again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import (
    CorruptStore,
    InvalidInput,
    NoStore,
    StoreExists,
    WrongPassword,
)
from app.models import PersonKey, StoreInfo, User
from app.roles import Role
from app.store import migrate
from app.store.backoff import LoginThrottle
from app.store.engine import (
    WrongKey,
    connect_raw,
    make_engine,
    rekey_pragma,
    translate_os_error,
)
from app.store.keyslots import RECOVERY_NAME, KeySlots, new_recovery_key, normalise_password
from app.store.keyslots import normalise_recovery_key as _norm_recovery
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.store.person_key import RECOVERY_ACTOR, derive_signing_key, public_text
from app.store.uow import Actor, install_audit_hooks, log_event, unit_of_work
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

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Take the store in ``data_dir`` for this process; no key yet."""
        paths = StorePaths(data_dir)
        if not paths.db.exists():
            raise NoStore(f"There is no Bedside store in {data_dir}: run 'bedside init' first.")
        lock = StoreLock(paths.lock)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate_os_error(exc, data_dir) from None
        try:
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
            raise StoreExists(f"A Bedside store already exists in {data_dir}: nothing was changed.")
        made_dir = not data_dir.exists()
        lock = StoreLock(paths.lock)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except OSError as exc:
            raise translate_os_error(exc, data_dir) from None
        slots = KeySlots.create(paths.slots)
        store = cls(paths, slots, lock)
        made = [paths.db, paths.wal, paths.shm, paths.slots, paths.lock]
        try:
            dek = os.urandom(32)
            recovery = new_recovery_key()
            slots.add("user", admin_name, normalise_password(admin_password), {1: dek})
            slots.add("recovery", RECOVERY_NAME, _norm_recovery(recovery).encode(), {1: dek})
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
            admin_key = store.signing_key("user", admin_name, admin_password)
            recovery_key = store.signing_key("recovery", RECOVERY_NAME, _norm_recovery(recovery))
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
        """Start on whichever key generation opens the database, and settle the slots on it."""
        order = [self.slots.generation]
        if self.slots.pending_generation is not None:
            order.append(self.slots.pending_generation)
        for generation in order:
            dek = deks.get(generation)
            if dek is None:
                continue
            try:
                connect_raw(self.paths.db, dek).close()
            except WrongKey:
                continue
            if self.slots.pending_generation is not None:
                # A re-key was interrupted; the generation that opens the file wins.
                self.slots.settle(generation)
                self.slots.save()
            self._start(dek)
            return
        raise CorruptStore(
            "The database does not match its key slots, or it is damaged: restore it from backup."
        )

    def _start(self, dek: bytes) -> None:
        self._dek = dek
        self.engine = make_engine(self.paths.db, dek)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        install_audit_hooks(self._sessions)
        self._read_engine = make_engine(self.paths.db, dek, readonly=True)
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)

    def _stop(self) -> None:
        for engine in (self.engine, self._read_engine):
            if engine is not None:
                engine.dispose()
        self.engine = self._read_engine = None
        self._sessions = self._read_sessions = None
        self._dek = None

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
                f"The user name or password is not right: try again in {wait:.0f} s."
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
            raise WrongPassword(f"The account {user_name} is disabled: ask an admin.")
        self.throttle.record_success(user_name)
        key = derive_signing_key(private, self.store_id, "user", user_name)
        actor = Actor(user.id, user.name, user.full_name, Role(user.role), key)
        with self.transaction(actor) as session:
            self._fold_failed_logins(session)
            log_event(session, "login", actor.name, record_id=actor.user_id)
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
        self.throttle.check(actor.name)
        try:
            _deks, private = self.slots.open_slot("user", actor.name, normalise_password(password))
        except WrongPassword:
            wait = self.throttle.record_failure(actor.name)
            raise WrongPassword(f"The password is not right: try again in {wait:.0f} s.") from None
        self.throttle.record_success(actor.name)
        return derive_signing_key(private, self.store_id, "user", actor.name)

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
        point leaves a store that opens with whichever key the file really has.
        """
        old = self._dek
        if old is None:
            raise RuntimeError("the store is locked")
        new = os.urandom(32)
        generation = self.slots.begin_rekey(new)
        self.slots.save()
        self._stop()
        conn = connect_raw(self.paths.db, old)
        try:
            conn.execute(rekey_pragma(new))
        finally:
            conn.close()
        self.slots.settle(generation)
        self.slots.save()
        self._start(new)
        with self.transaction(actor) as session:
            log_event(session, "rekey", actor.name, detail=f"key generation {generation}")
        return generation

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
        raise InvalidInput(
            f"The {what} code {value!r} is not allowed: use 1–32 letters, digits or '_'."
        )
    return value
