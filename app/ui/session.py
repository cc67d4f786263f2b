"""Who is working on this laptop right now, and locking and unlocking the store for them.

The controller owns the open :class:`~app.store.store.Store` and the current
:class:`~app.store.uow.Actor`. Widgets ask it for both at the moment of a user
action and never keep a database session.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.errors import BedsideError

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

log = logging.getLogger(__name__)


class SessionController(QObject):
    """The store and the person using it.

    Signals:
        locked(): the data key was dropped and every connection closed.
        unlocked(bool): the store is open again; ``True`` when the same person
            unlocked it (their screen comes back as it was).
        userChanged(object): another person (the new :class:`Actor`) unlocked it.
    """

    locked = Signal()
    unlocked = Signal(bool)
    userChanged = Signal(object)

    def __init__(self, store: Store, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor
        self._locked = False

    @property
    def store(self) -> Store:
        return self._store

    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def is_locked(self) -> bool:
        return self._locked

    # -- drafts -------------------------------------------------------------

    def keep_draft(self, form_key: str, state: dict[str, Any] | None) -> None:
        """Keep ``state`` as the actor's draft of ``form_key``; ``None`` drops a stale one."""
        from app.services.drafts import discard_draft, save_draft

        if state:
            save_draft(self._store, self._actor, form_key, state)
        else:
            discard_draft(self._store, self._actor, form_key)

    def load_draft(self, form_key: str) -> dict[str, Any] | None:
        from app.services.drafts import load_draft

        return load_draft(self._store, self._actor, form_key)

    # -- lock and unlock ------------------------------------------------------

    def lock(self, drafts: dict[str, dict[str, Any] | None] | None = None) -> str | None:
        """Keep the drafts, audit the lock, drop the key; returns a sentence if a draft failed.

        The lock always happens: a draft that cannot be saved (disk full) must not
        leave the store open on an unattended laptop. The caller keeps the widgets
        alive, so the same person still gets their form back.
        """
        if self._locked:
            return None
        from app.store.uow import log_event

        problem: str | None = None
        try:
            for form_key, state in (drafts or {}).items():
                self.keep_draft(form_key, state)
            with self._store.transaction(self._actor) as session:
                log_event(session, "lock", self._actor.name, record_id=self._actor.user_id)
        except BedsideError as exc:
            log.warning("lock: %s", exc.sentence)
            problem = exc.sentence
        finally:
            self._store.lock()
            self._locked = True
        self.locked.emit()
        return problem

    def unlock(self, user_name: str, password: str) -> Actor:
        """Unlock as ``user_name``; raises :class:`~app.errors.BedsideError` when refused."""
        actor = self._store.unlock(user_name, password)
        same = actor.user_id == self._actor.user_id
        self._actor = actor
        self._locked = False
        if same:
            self.unlocked.emit(True)
        else:
            self.unlocked.emit(False)
            self.userChanged.emit(actor)
        return actor

    def must_change_password(self) -> bool:
        return must_change_password(self._store, self._actor)

    def close(self, drafts: dict[str, dict[str, Any] | None] | None = None) -> None:
        """Keep the drafts, audit the logout and let go of the store (window closed)."""
        if not self._locked:
            from app.store.uow import log_event

            try:
                for form_key, state in (drafts or {}).items():
                    self.keep_draft(form_key, state)
                with self._store.transaction(self._actor) as session:
                    log_event(session, "logout", self._actor.name, record_id=self._actor.user_id)
            except BedsideError as exc:
                log.warning("logout: %s", exc.sentence)
        self._locked = True
        self._store.close()


def must_change_password(store: Store, actor: Actor) -> bool:
    """Whether ``actor`` logged in with a temporary password that must be changed now."""
    from sqlalchemy import select

    from app.models import User

    with store.read() as session:
        flag = session.scalar(select(User.must_change_password).where(User.name == actor.name))
    return bool(flag)
