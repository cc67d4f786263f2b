"""SQLAlchemy engine over SQLCipher 4, keyed by our own connect hook.

The raw 256-bit key is issued as hex as the very first statement of every new
connection (never a passphrase in the URL, which the stock dialect formats into
SQL). A driver without encryption reports an empty ``cipher_version`` and is
refused, so a build can never silently write plaintext.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.errors import CipherMissing, CorruptStore, DiskFull, NoStore, ReadOnlyLocation

BUSY_TIMEOUT_MS = 10_000


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
            raise NoStore(f"There is no Bedside store in {path.parent}.") from None
        raise translate_operational(exc, path) from None
    try:
        conn.execute(key_pragma(dek))
        row = conn.execute("PRAGMA cipher_version").fetchone()
        if not row or not row[0]:
            raise CipherMissing(
                "This build of Bedside has no SQLCipher: it refuses to store data unencrypted."
            )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            if "not a database" in str(exc):
                raise WrongKey() from None
            raise translate_operational(exc, path) from None
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
        return DiskFull("The disk is full: free some space, then save again.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnlyLocation(
            f"Bedside cannot write to {path.parent}: check the folder is writable."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return CorruptStore(f"The store in {path.parent} is damaged: restore it from backup.")
    return exc


def _disk_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


def translate_os_error(exc: OSError, folder: Path) -> Exception:
    if exc.errno == errno.ENOSPC:
        return DiskFull("The disk is full: free some space, then try again.")
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return ReadOnlyLocation(f"Bedside cannot write to {folder}: check the folder is writable.")
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
