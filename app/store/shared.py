"""A store another copy of Bedside has open, unlocked beside it for a backup.

The app holds the store's lock for as long as it runs, yet an admin must be able
to back it up from the command line meanwhile. SQLite's WAL lets a second
process read a snapshot and append one short transaction safely (writes take
``BEGIN IMMEDIATE`` and wait their turn), so this unlock does only that: it
checks the password, the key and the audit anchor, and never changes the key
slots, the schema or the data key (no migration, no re-key, no blinding grant),
which only the process that holds the lock may do.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import CorruptStore, StoreInUse, WrongPassword
from app.roles import Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store import migrate
from app.store.engine import WrongKey, check_database_file, probe
from app.store.keyslots import KeySlots, normalise_password
from app.store.lock import StoreLock
from app.store.paths import StorePaths
from app.store.person_key import derive_signing_key
from app.store.store import Store
from app.store.uow import Actor


class _NotHeld(StoreLock):
    """The other process holds the real lock; this one takes and frees nothing."""

    def acquire(self) -> None:
        return None

    def release(self) -> None:
        return None


class SharedStore(Store):
    """A :class:`Store` opened without its lock, for reading and one audited event."""

    @classmethod
    def open_shared(cls, data_dir: Path) -> SharedStore:
        paths = StorePaths(data_dir)
        check_database_file(paths.db)
        return cls(paths, KeySlots.load(paths.slots), _NotHeld(paths.lock))

    def unlock(self, user_name: str, password: str) -> Actor:
        """Check the password and open the database; nothing but the throttle is written."""
        self.throttle.check(user_name)
        try:
            deks, private = self.slots.open_slot("user", user_name, normalise_password(password))
        except WrongPassword:
            wait = self.throttle.record_failure(user_name)
            raise WrongPassword(
                QT_TRANSLATE_NOOP(
                    "Store", "The user name or password is not right: try again in {seconds} s."
                ).format(seconds=f"{wait:.0f}")
            ) from None
        if self.slots.pending_generation is not None:
            raise StoreInUse(
                QT_TRANSLATE_NOOP(
                    "Store", "The store is being re-keyed: try again in a moment."
                ).said()
            )
        dek = deks[self.slots.generation]
        try:
            probe(self.paths.db, dek).close()
        except WrongKey:
            raise CorruptStore(
                QT_TRANSLATE_NOOP(
                    "Store",
                    "The database does not match its key slots, or it is damaged: "
                    "restore it from backup.",
                ).said()
            ) from None
        self._start(dek)
        try:
            if not migrate.is_current(self._engine()):
                raise StoreInUse(
                    QT_TRANSLATE_NOOP(
                        "Store",
                        "The copy of Bedside that has the store open is another version: "
                        "close it, then try again.",
                    ).said()
                )
            check = self.anchor_check()
            if not check.ok:
                raise CorruptStore(check.sentence())
            user = self._user(user_name)
            if user is None or not user.active:
                raise WrongPassword(
                    QT_TRANSLATE_NOOP(
                        "Store", "The account {user} is disabled: ask an admin."
                    ).format(user=user_name)
                )
        except BaseException:
            self._stop()
            raise
        self.throttle.record_success(user_name)
        key = derive_signing_key(private, self.store_id, "user", user_name)
        return Actor(user.id, user.name, user.full_name, Role(user.role), key)
