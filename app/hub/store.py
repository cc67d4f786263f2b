"""The hub's store: SQLCipher by default, PostgreSQL when a URL says so.

Either way the hub's data key lives in key slots beside its folder (as on a
device), and the hub's own secrets — its age identity and its receipt-signing
key — are sealed with AES-GCM under that key inside the database.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import CorruptStore, InvalidInput, NoStore, StoreExists, WrongPassword
from app.hub.models import HubBase, HubSetting
from app.store.backoff import LoginThrottle
from app.store.engine import WrongKey, connect_raw, make_engine, translate_os_error
from app.store.files import write_atomic
from app.store.held_folder import HeldFolder, NewStore, making_store
from app.store.keyslots import KeySlots, Slot
from app.store.lock import StoreLock
from app.store.slot_format import RECOVERY_NAME, normalise_password
from app.sync import agecrypt, minisign
from app.timeutil import iso_utc, utc_now

CONFIG_FORMAT = "bedside-hub/1"


@dataclass(frozen=True)
class HubPaths:
    root: Path

    @property
    def config(self) -> Path:
        return self.root / "hub.json"

    @property
    def slots(self) -> Path:
        return self.root / "keyslots.json"

    @property
    def db(self) -> Path:
        return self.root / "hub.db"

    @property
    def logins(self) -> Path:
        return self.root / "logins.json"

    @property
    def lock(self) -> Path:
        return self.root / "hub.lock"


@dataclass(frozen=True)
class HubKeys:
    age_recipient: str
    minisign_public_key: str  # the base64 line ``minisign -P`` takes


class Hub(HeldFolder):
    def __init__(self, paths: HubPaths, slots: KeySlots, lock: StoreLock, db_url: str | None):
        self.paths = paths
        self.slots = slots
        self._lock = lock
        self.db_url = db_url
        self._dek: bytes | None = None
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._identity: agecrypt.AgeIdentity | None = None
        self._signing: tuple[bytes, bytes] | None = None
        self._study: str | None = None
        # Who opened the hub, and their slot's private key: only the statistician's
        # opens the hub's blinding key (app.hub.allocation).
        self.user_name: str | None = None
        self._slot_private: X25519PrivateKey | None = None

    # -- life cycle -----------------------------------------------------------

    @classmethod
    def init(
        cls,
        data_dir: Path,
        db_url: str | None,
        user_name: str,
        password: str,
        study: str,
        identity: agecrypt.AgeIdentity | None = None,
    ) -> tuple[Hub, str]:
        """A new hub with its keys and first user; returns it and its recovery key.

        ``identity`` restores the age identity from its sealed off-site copy, so a
        rebuilt hub can still open the bundles devices encrypted to the old one.
        """
        paths = HubPaths(data_dir)
        if paths.config.exists() or paths.slots.exists():
            raise StoreExists(f"A Bedside hub already exists in {data_dir}: nothing was changed.")
        url = _check_url(db_url)
        made = (
            paths.db,
            paths.config,
            paths.slots,
            paths.lock,
            paths.root / "hub.db-wal",
            paths.root / "hub.db-shm",
        )
        try:
            with making_store(data_dir, paths.lock, paths.slots, made) as new:
                hub = cls._made(paths, new, url, user_name, password, study, identity)
        except OperationalError as exc:
            raise InvalidInput(f"The hub database cannot be reached: {_first_line(exc)}") from None
        return hub, new.recovery

    @classmethod
    def _made(
        cls,
        paths: HubPaths,
        new: NewStore,
        url: str | None,
        user_name: str,
        password: str,
        study: str,
        identity: agecrypt.AgeIdentity | None,
    ) -> Hub:
        """The hub made in ``new``: its slots, database, settings and config file."""
        slots, dek, recovery = new.slots, new.dek, new.recovery
        hub = cls(paths, slots, new.lock, url)
        new.stop = hub._stop
        _slot, private = slots.add_opened("user", user_name, normalise_password(password), {1: dek})
        hub.user_name, hub._slot_private = user_name, private
        slots.add("recovery", RECOVERY_NAME, recovery.replace("-", "").encode(), {1: dek})
        if url is None:
            connect_raw(paths.db, dek, create=True).close()
        hub._start(dek)
        assert hub.engine is not None
        HubBase.metadata.create_all(hub.engine)
        identity = identity or agecrypt.generate_identity()
        pair = minisign.generate_keypair()
        with hub.session() as session:
            if session.scalars(select(HubSetting)).first() is not None:
                raise StoreExists("That database already holds a Bedside hub: nothing was changed.")
            session.add_all(
                [
                    HubSetting(key="hub_id", value=slots.store_id),
                    HubSetting(key="study", value=study),
                    HubSetting(key="created_at", value=iso_utc(utc_now())),
                    HubSetting(key="age_recipient", value=identity.recipient),
                    HubSetting(
                        key="age_identity",
                        value=hub._seal("age_identity", identity.secret.encode()),
                    ),
                    HubSetting(key="signing_key_id", value=pair.key_id.hex()),
                    HubSetting(
                        key="signing_public_key",
                        value=base64.b64encode(pair.public_key).decode(),
                    ),
                    HubSetting(
                        key="signing_private_key",
                        value=hub._seal("signing_private_key", pair.private_key),
                    ),
                ]
            )
        write_atomic(
            paths.config,
            json.dumps({"format": CONFIG_FORMAT, "db_url": url}).encode(),
            mode=0o600,
        )
        slots.save()
        return hub

    @classmethod
    def open(cls, data_dir: Path, user_name: str, password: str) -> Hub:
        paths = HubPaths(data_dir)
        if not paths.config.exists():
            raise NoStore(f"There is no Bedside hub in {data_dir}: run 'bedside hub init' first.")
        try:
            config = json.loads(paths.config.read_bytes())
            if config.get("format") != CONFIG_FORMAT:
                raise ValueError("format")
            url = config.get("db_url")
        except (ValueError, AttributeError):
            raise CorruptStore(f"{paths.config} is damaged: restore it from backup.") from None
        lock = StoreLock(paths.lock)
        try:
            lock.acquire()
        except OSError as exc:
            raise translate_os_error(exc, data_dir) from None
        try:
            slots = KeySlots.load(paths.slots)
            hub = cls(paths, slots, lock, url)
            throttle = LoginThrottle(paths.logins)
            throttle.check(user_name)
            try:
                deks, private = slots.open_slot("user", user_name, normalise_password(password))
            except WrongPassword:
                wait = throttle.record_failure(user_name)
                raise WrongPassword(
                    f"The user name or password is not right: try again in {wait:.0f} s."
                ) from None
            throttle.record_success(user_name)
            hub.user_name, hub._slot_private = user_name, private
            dek = deks[slots.generation]
            if url is None:
                try:
                    connect_raw(paths.db, dek).close()
                except WrongKey:
                    raise CorruptStore("The hub database does not match its key slots.") from None
            hub._start(dek)
        except BaseException:
            lock.release()
            raise
        return hub

    def _start(self, dek: bytes) -> None:
        self._dek = dek
        if self.db_url is None:
            self.engine = make_engine(self.paths.db, dek)
            # Imports write tens of megabytes in one transaction: keep the pages in
            # memory rather than spilling them to the WAL half-way.
            event.listen(self.engine, "connect", _big_cache)
        else:
            self.engine = create_engine(self.db_url, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _stop(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.engine = None
        self._sessions = None
        self._dek = None
        self._identity = self._signing = self._study = None
        self.user_name = self._slot_private = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commits on a clean exit, rolls back otherwise."""
        if self._sessions is None:
            raise RuntimeError("the hub is closed")
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # -- secrets --------------------------------------------------------------

    def _seal(self, name: str, plaintext: bytes) -> str:
        assert self._dek is not None
        nonce = os.urandom(12)
        sealed = AESGCM(self._dek).encrypt(nonce, plaintext, f"bedside-hub/{name}".encode())
        return base64.b64encode(nonce + sealed).decode()

    def _unseal(self, name: str, text: str) -> bytes:
        assert self._dek is not None
        raw = base64.b64decode(text)
        try:
            return AESGCM(self._dek).decrypt(raw[:12], raw[12:], f"bedside-hub/{name}".encode())
        except InvalidTag:
            raise CorruptStore(f"The hub's {name} was altered: restore it from backup.") from None

    def slot_private_key(self) -> X25519PrivateKey:
        """The private key of the slot that opened the hub (the acting person's)."""
        if self._slot_private is None:
            raise RuntimeError("the hub is closed")
        return self._slot_private

    def add_user_slot(self, name: str, password: str) -> Slot:
        """A new person's slot opening the hub's data key (saved by the caller)."""
        assert self._dek is not None
        if self.slots.find("user", name) is not None:
            raise InvalidInput(f"The hub already has a person called {name!r}.")
        return self.slots.add(
            "user", name, normalise_password(password), {self.slots.generation: self._dek}
        )

    def setting(self, key: str) -> str:
        with self.session() as session:
            value = session.get(HubSetting, key)
        if value is None:
            raise CorruptStore(f"The hub setting {key} is missing.")
        return value.value

    def identity(self) -> agecrypt.AgeIdentity:
        if self._identity is None:
            secret = self._unseal("age_identity", self.setting("age_identity")).decode()
            self._identity = agecrypt.parse_identity(secret)
        return self._identity

    def signing_key(self) -> tuple[bytes, bytes]:
        """(private key, key id) for receipts."""
        if self._signing is None:
            private = self._unseal("signing_private_key", self.setting("signing_private_key"))
            self._signing = (private, bytes.fromhex(self.setting("signing_key_id")))
        return self._signing

    def study(self) -> str:
        if self._study is None:
            self._study = self.setting("study")
        return self._study

    def load_secrets(self) -> None:
        """Read the hub's keys once, before any transaction that needs them."""
        self.identity()
        self.signing_key()
        self.study()

    def keys(self) -> HubKeys:
        public = minisign.PublicKey(
            key_id=bytes.fromhex(self.setting("signing_key_id")),
            key=base64.b64decode(self.setting("signing_public_key")),
        )
        line = minisign.public_key_string(public, "bedside hub").splitlines()[1]
        return HubKeys(age_recipient=self.setting("age_recipient"), minisign_public_key=line)


def _big_cache(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA cache_size = -131072")


def _check_url(db_url: str | None) -> str | None:
    if db_url is None or db_url.strip() == "":
        return None
    url = db_url.strip()
    if not url.startswith(("postgresql://", "postgresql+psycopg://")):
        raise InvalidInput(
            "The hub keeps its data in an encrypted SQLite file by default, or in PostgreSQL "
            "given a postgresql:// URL."
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        create_engine(url).dispose()
    except ArgumentError:
        raise InvalidInput("That PostgreSQL URL cannot be read.") from None
    # libpq refuses a setting it does not know only when connecting, deep in a
    # traceback; name it here instead, before anything is made.
    from psycopg import pq
    from sqlalchemy.engine import make_url

    known = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    unknown = sorted(key for key in make_url(url).query if key not in known)
    if unknown:
        name = "".join(ch if ch.isprintable() else "?" for ch in unknown[0])
        shown = name if len(name) <= 40 else name[:39] + "…"
        raise InvalidInput(
            f"The PostgreSQL URL has a setting PostgreSQL does not know ({shown!r}): "
            "remove it or correct its spelling."
        )
    return url


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return text[0] if text else type(exc).__name__
