"""An unlocked device store: its data key, engines and sessions, and the audit anchor.

Between unlocking and locking, a store holds the data key, a writing engine and a
read-only one. Every user action is one unit of work (:meth:`StoreEngines.transaction`);
after each commit the new head of the audit chain is anchored in a file beside the
database, so a chain cut back or replaced is noticed at the next unlock.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import CorruptStore
from app.models import StoreInfo
from app.sentences import QT_TRANSLATE_NOOP
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
from app.store.engine import WrongKey, check_database_file, make_engine, probe
from app.store.held_folder import HeldFolder
from app.store.keyslots import KeySlots
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.store.uow import AUDIT_HEAD, Actor, install_audit_hooks, unit_of_work

log = logging.getLogger(__name__)

# SQLCipher logs failed page HMACs to stderr; a wrong key is an expected event here.
with contextlib.closing(sqlcipher.connect(":memory:")) as _conn:
    _conn.execute("PRAGMA cipher_log_level = NONE")


class StoreEngines(HeldFolder):
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
        with self._anchor_lock:
            try:
                self.anchor.settle()
            except OSError as exc:
                log.warning("the audit head anchor was not flushed: %s", exc.strerror or exc)
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

    def current_deks(self) -> dict[int, bytes]:
        if self._dek is None:
            raise RuntimeError("the store is locked")
        return {self.slots.generation: self._dek}

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
