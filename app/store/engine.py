"""SQLAlchemy engine over SQLCipher 4, keyed by our own connect hook.

The raw 256-bit key is issued as hex as the very first statement of every new
connection (never a passphrase in the URL, which the stock dialect formats into
SQL). A driver without encryption reports an empty ``cipher_version`` and is
refused, so a build can never silently write plaintext.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.errors import (
    CipherMissing,
    CorruptStore,
    DiskError,
    DiskFull,
    NoStore,
    ReadOnlyLocation,
    StoreInUse,
)
from app.sentences import QT_TRANSLATE_NOOP

NO_STORE = QT_TRANSLATE_NOOP("Store", "There is no Bedside store in {folder}.")
READ_ONLY = QT_TRANSLATE_NOOP(
    "Store", "Bedside cannot write to {folder}: check the folder is writable."
)
DISK_ERROR = QT_TRANSLATE_NOOP(
    "Store",
    "The disk failed a write: nothing was saved. Save again; if it fails, back up and call IT.",
)
WRITE_FAILED = QT_TRANSLATE_NOOP(
    "Store", "The disk failed a write, so the file was not written: try again, or use another disk."
)

BUSY_TIMEOUT_MS = 10_000
# SQLCipher 4's page size; the store never changes it, so a whole database file
# is always a whole number of these.
CIPHER_PAGE_SIZE = 4096
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


class WrongKey(Exception):
    """The key does not open this file (or the file is not a SQLCipher database)."""


def key_pragma(dek: bytes) -> str:
    if len(dek) != 32:
        raise ValueError("the data key must be 256 bits")
    return f"PRAGMA key = \"x'{dek.hex()}'\""


def rekey_pragma(dek: bytes) -> str:
    if len(dek) != 32:
        raise ValueError("the data key must be 256 bits")
    return f"PRAGMA rekey = \"x'{dek.hex()}'\""


def check_database_file(path: Path) -> None:
    """Refuse a file that cannot be a store before any SQLite connection sees it.

    SQLite deletes the WAL of a zero-length database and checkpoints on close, so
    an empty, cut-short or plain-SQLite file must be refused from its size and
    first bytes alone; then nothing beside it is created, deleted or checkpointed.
    """
    name = path.name
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise NoStore(NO_STORE.format(folder=path.parent)) from None
    except OSError as exc:
        raise translate_os_error(exc, path.parent) from None
    if not stat.S_ISREG(info.st_mode):
        raise CorruptStore(
            QT_TRANSLATE_NOOP(
                "Store", "The database {name} is not a file: restore it from a backup."
            ).format(name=name)
        )
    if info.st_size == 0:
        raise CorruptStore(
            QT_TRANSLATE_NOOP(
                "Store", "The database {name} is damaged (it is empty): restore it from a backup."
            ).format(name=name)
        )
    if info.st_size < CIPHER_PAGE_SIZE or info.st_size % CIPHER_PAGE_SIZE:
        raise CorruptStore(
            QT_TRANSLATE_NOOP(
                "Store",
                "The database {name} is damaged (it is cut short): restore it from a backup.",
            ).format(name=name)
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            header = os.read(fd, len(PLAIN_SQLITE_HEADER))
        finally:
            os.close(fd)
    except OSError as exc:
        raise translate_os_error(exc, path.parent) from None
    if header == PLAIN_SQLITE_HEADER:
        raise CorruptStore(
            QT_TRANSLATE_NOOP(
                "Store",
                "The database {name} is not an encrypted Bedside store: restore it from a backup.",
            ).format(name=name)
        )


@dataclass
class Probe:
    """A read-only look at the database that changes no file.

    ``complete`` says whether it sees the WAL too; when a WAL lies beside the file
    without its shared-memory index, only the main file could be read untouched.
    """

    conn: Any
    complete: bool

    def close(self) -> None:
        self.conn.close()


def probe(path: Path, dek: bytes) -> Probe:
    """Open ``path`` read-only with ``dek`` so that no file is created, changed or checkpointed.

    Raises :class:`WrongKey` when the key does not open the file. A normal
    connection would, on a wrong key, still build the WAL index and checkpoint
    the WAL into the file when it closes.
    """
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if wal.exists() and shm.exists():
        # readonly_shm: read the WAL through its index, or rebuild the index in
        # private memory; never write either file.
        try:
            return Probe(_open_readonly(path, dek, "mode=ro&readonly_shm=1"), complete=True)
        except (sqlcipher.OperationalError, ReadOnlyLocation):
            pass  # the index cannot be used read-only: fall back to the main file
    conn = _open_readonly(path, dek, "mode=ro&immutable=1")
    return Probe(conn, complete=not wal.exists())


def _open_readonly(path: Path, dek: bytes, query: str) -> Any:
    uri = f"{path.resolve().as_uri()}?{query}"
    try:
        conn = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlcipher.OperationalError as exc:
        raise translate_operational(exc, path) from None
    try:
        _key(conn, dek, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _key(conn: Any, dek: bytes, path: Path) -> None:
    """Key a new connection, refuse a build without SQLCipher, check the key opens the file."""
    conn.execute(key_pragma(dek))
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if not row or not row[0]:
        raise CipherMissing(
            QT_TRANSLATE_NOOP(
                "Store",
                "This build of Bedside has no SQLCipher: it refuses to store data unencrypted.",
            ).said()
        )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        if "not a database" in str(exc):
            raise WrongKey() from None
        raise translate_operational(exc, path) from None


def connect_raw(path: Path, dek: bytes, *, create: bool = False) -> Any:
    """A keyed DB-API connection in autocommit mode, checked and tuned.

    Raises :class:`WrongKey` when the key does not open the file, and
    :class:`NoStore` when the file is absent and ``create`` is false (so a wrong
    guess never leaves an empty database behind).
    """
    mode = "rwc" if create else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    try:
        conn = sqlcipher.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10
        )
    except sqlcipher.OperationalError as exc:
        if not path.exists() and not create:
            raise NoStore(NO_STORE.format(folder=path.parent)) from None
        raise translate_operational(exc, path) from None
    try:
        _key(conn, dek, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def translate_operational(exc: Exception, path: Path) -> Exception:
    """Map SQLite's environment errors to sentences; anything else stays a bug."""
    text = str(exc).lower()
    if "full" in text or ("disk i/o" in text and _disk_full(path)):
        return DiskFull(
            QT_TRANSLATE_NOOP("Store", "The disk is full: free some space, then save again.").said()
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnlyLocation(READ_ONLY.format(folder=path.parent))
    if "disk i/o" in text:
        return DiskError(DISK_ERROR.said())
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return CorruptStore(
            QT_TRANSLATE_NOOP(
                "Store", "The store in {folder} is damaged: restore it from backup."
            ).format(folder=path.parent)
        )
    if "database is locked" in text or "database is busy" in text:
        return StoreInUse(
            QT_TRANSLATE_NOOP(
                "Store", "The store is busy with another task: try again in a moment."
            ).said()
        )
    return exc


def _disk_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def translate_os_error(exc: OSError, folder: Path) -> Exception:
    if exc.errno == errno.ENOSPC:
        return DiskFull(
            QT_TRANSLATE_NOOP("Store", "The disk is full: free some space, then try again.").said()
        )
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return ReadOnlyLocation(READ_ONLY.format(folder=folder))
    return exc


def make_engine(path: Path, dek: bytes, *, readonly: bool = False) -> Engine:
    """An engine whose every connection is keyed first.

    Write transactions are IMMEDIATE; a ``readonly`` engine's are deferred, so in
    WAL mode its readers see a snapshot and never wait for a writer.
    """

    def creator() -> Any:
        return connect_raw(path, dek)

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=creator,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # One writer: take the write lock at BEGIN so the audit chain's head
        # cannot move between reading it and appending to it.
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
