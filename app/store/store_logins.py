"""Who opens a device store, and with what: a password, the recovery key, or neither.

Unlocking checks a person's password through their key slot (throttled after failures),
opens the database on the data key the slot holds and audits the login; a pharmacist's
login also opens the blinding key. The recovery key opens the store to reset a lost
admin password. A password asked again (to sign, to open a code-break) is throttled like
a login. Locking drops the key and every connection.
"""

from __future__ import annotations

import dataclasses
import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import WrongPassword
from app.models import User
from app.roles import Permission, Role
from app.sentences import QT_TRANSLATE_NOOP
from app.store import blinding, migrate
from app.store.person_key import derive_signing_key
from app.store.slot_format import RECOVERY_NAME, normalise_password
from app.store.slot_format import normalise_recovery_key as _norm_recovery
from app.store.store_engines import StoreEngines
from app.store.uow import Actor, log_event

log = logging.getLogger(__name__)


class StoreLogins(StoreEngines):
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

    def lock(self) -> None:
        """Drop the key and close every connection; the directory stays ours."""
        self._stop()

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
