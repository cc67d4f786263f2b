"""People: add, change password, reset, disable, change role, list.

Passwords exist only as key slots (never in the database); the database holds
who the person is and their role, and every change to either is audited.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotPermitted
from app.models import PersonKey, User
from app.roles import Permission, Role
from app.sentences import QT_TRANSLATE_NOOP, Template
from app.store import blinding
from app.store.keyslots import normalise_password
from app.store.person_key import age_recipient, derive_age_secret, derive_signing_key, public_text
from app.store.store import Store
from app.store.trail_check import ROTATION_FIELDS
from app.store.uow import Actor, log_event
from app.timeutil import utc_now

NAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class UserView:
    name: str
    full_name: str
    role: str
    active: bool
    must_change_password: bool
    created_at: str


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Users",
                "User name {name} is not allowed: use 2–32 lower-case letters, digits, '.', '_' "
                "or '-', starting with a letter.",
            ).format(name=repr(name))
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Users", "A password needs at least {count} characters.").format(
                count=MIN_PASSWORD_LENGTH
            )
        )
    if "\0" in password:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Users", "A password cannot contain a NUL character.").said()
        )
    return password


def _full_name_limit() -> int:
    length = getattr(User.__table__.c["full_name"].type, "length", None)
    assert isinstance(length, int)
    return length


MAX_FULL_NAME = _full_name_limit()  # the model's own limit, so the store never truncates


def check_full_name(full_name: str) -> str:
    """A printed name for signatures: refused (never repeated back) when it cannot be one."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in full_name):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Users", "The full name holds bytes that are not UTF-8 text: type it again."
            ).said()
        )
    text = full_name.strip()
    if len(text) > MAX_FULL_NAME:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Users",
                "The full name is longer than {count} characters: shorten it to fit "
                "on a signature.",
            ).format(count=MAX_FULL_NAME)
        )
    if any(not ch.isprintable() for ch in text):
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Users",
                "The full name cannot hold control characters (a line break, a tab or NUL).",
            ).said()
        )
    return text


_CANNOT_ADD = QT_TRANSLATE_NOOP("Users", "Your role ({role}) cannot add users.")
_CANNOT_RESET = QT_TRANSLATE_NOOP("Users", "Your role ({role}) cannot reset passwords.")
_CANNOT_DISABLE = QT_TRANSLATE_NOOP("Users", "Your role ({role}) cannot disable users.")
_CANNOT_SET_ROLE = QT_TRANSLATE_NOOP("Users", "Your role ({role}) cannot change roles.")


def _require(actor: Actor, permission: Permission, refusal: Template) -> None:
    if not actor.can(permission):
        raise NotPermitted(refusal.format(role=actor.role.value))


def _get(session: object, name: str) -> User:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    user = session.scalars(select(User).where(User.name == name)).one_or_none()
    if user is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Users", "There is no user called {name}.").format(name=repr(name))
        )
    return user


def add_user(
    store: Store,
    actor: Actor,
    name: str,
    role: Role,
    password: str,
    full_name: str | None = None,
) -> UserView:
    """A new person with their own slot; they must change the password at first login."""
    _require(actor, Permission.MANAGE_USERS, _CANNOT_ADD)
    check_name(name)
    check_password(password)
    if full_name is not None:
        check_full_name(full_name)
    with store.transaction(actor) as session:
        if session.scalars(select(User).where(User.name == name)).one_or_none() is not None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Users", "A user called {name} already exists.").format(
                    name=repr(name)
                )
            )
        user = User(
            name=name,
            full_name=(full_name or name).strip() or name,
            role=role.value,
            must_change_password=True,
            created_at=utc_now(),
        )
        session.add(user)
        session.flush()
        # A slot left behind by an earlier, failed add is replaced.
        store.slots.remove("user", name)
        _slot, private = store.slots.add_opened(
            "user", name, normalise_password(password), store.current_deks()
        )
        enrol_key(
            session,
            name,
            role,
            derive_signing_key(private, store.store_id, "user", name),
            _recipient(private, store.store_id, name),
        )
        try:
            store.slots.save()
        except BaseException:
            store.slots.remove("user", name)
            raise
        return _view(user)


def enrol_key(
    session: Session,
    name: str,
    role: Role,
    key: Ed25519PrivateKey,
    recipient: str | None = None,
) -> PersonKey:
    """Enrol (or re-enrol) ``name``'s public key; the acting admin's seal signs it.

    ``recipient`` is the age recipient derived from the same slot; without one, an
    earlier recipient stays and the hub, seeing it older than the key, uses it no more.
    """
    row = session.scalars(select(PersonKey).where(PersonKey.user_name == name)).one_or_none()
    public = public_text(key)
    if row is None:
        row = PersonKey(
            user_name=name,
            role=role.value,
            public_key=public,
            age_recipient=recipient,
            enrolled_at=utc_now(),
        )
        session.add(row)
    else:
        row.public_key, row.role, row.active, row.enrolled_at = public, role.value, True, utc_now()
        if recipient is not None:
            row.age_recipient = recipient
    return row


def _recipient(private: X25519PrivateKey, store_id: str, name: str) -> str:
    return age_recipient(derive_age_secret(private, store_id, "user", name))


def change_password(store: Store, actor: Actor, old: str, new: str) -> None:
    """The acting person changes their own password: one slot is re-wrapped.

    Replacing a temporary password (which an admin knew) also gives the person a new
    key pair, enrolled in a transaction sealed with the key it replaces; from then on
    only this person's password opens the key that signs their work.
    """
    check_password(new)
    with store.read() as session:
        temporary = _get(session, actor.name).must_change_password
    if not temporary:
        store.slots.change_secret(
            "user", actor.name, normalise_password(old), normalise_password(new)
        )
        store.slots.save()
        with store.transaction(actor, reason="password changed by its owner") as session:
            log_event(session, "password_changed", actor.name, record_id=actor.user_id)
        return
    store.slots.open_slot("user", actor.name, normalise_password(old))  # the old one is right
    previous = store.slots.find("user", actor.name)
    _slot, private = store.slots.replace_opened(
        "user", actor.name, normalise_password(new), store.current_deks()
    )
    key = derive_signing_key(private, store.store_id, "user", actor.name)
    try:
        with store.transaction(actor, reason="temporary password replaced by its owner") as session:
            user = _get(session, actor.name)
            user.must_change_password = False
            # A person's own transaction may change only what the trail lets them change
            # on their enrolment; the recipient goes with the key where it may.
            own_recipient = (
                _recipient(private, store.store_id, actor.name)
                if "age_recipient" in ROTATION_FIELDS
                else None
            )
            enrol_key(session, actor.name, actor.role, key, own_recipient)
            log_event(session, "password_changed", actor.name, record_id=user.id)
            session.flush()
            store.slots.save()
    except BaseException:
        store.slots.remove("user", actor.name)
        if previous is not None:
            store.slots.slots.append(previous)
        raise
    # The same person goes on working, now signing with the key they just made.
    object.__setattr__(actor, "signing_key", key)


def reset_password(store: Store, actor: Actor, name: str, temporary: str, reason: str) -> None:
    """An admin gives ``name`` a temporary password that must be changed at next login."""
    _require(actor, Permission.MANAGE_USERS, _CANNOT_RESET)
    check_password(temporary)
    with store.transaction(actor, reason=reason) as session:
        user = _get(session, name)
        user.must_change_password = True
        _slot, private = store.slots.replace_opened(
            "user", name, normalise_password(temporary), store.current_deks()
        )
        key = derive_signing_key(private, store.store_id, "user", name)
        enrol_key(session, name, Role(user.role), key, _recipient(private, store.store_id, name))
        session.flush()
        store.slots.save()
        log_event(session, "password_reset", actor.name, record_id=user.id, detail=name)


def disable_user(store: Store, actor: Actor, name: str, reason: str) -> None:
    """Disable ``name``, remove their key slot and re-key the store; their history stays.

    Their slot opened the data key, and a copy of the slot file may have left with
    them: the re-key means no copy opens the store any more. If it cannot be done
    now (a full disk, a busy store), the store stays due and the next admin login
    re-keys it.
    """
    from app.errors import BedsideError

    _require(actor, Permission.MANAGE_USERS, _CANNOT_DISABLE)
    if name == actor.name:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Users", "You cannot disable your own account.").said()
        )
    with store.transaction(actor, reason=reason or "account disabled") as session:
        user = _get(session, name)
        user.active = False
        # The hub refuses anything signed by this key from now on.
        key = session.scalars(select(PersonKey).where(PersonKey.user_name == name)).one_or_none()
        if key is not None:
            key.active = False
        store.slots.revoke("user", name)
        store.slots.save()
        # Their blinding-key grants go now; the next pharmacist's unlock rotates the key.
        blinding.withdraw(session, name)
    if not store.rekey_if_due(actor):
        raise BedsideError(
            QT_TRANSLATE_NOOP(
                "Users",
                "{name} is disabled, but the store could not be re-keyed now: "
                "it will be re-keyed at the next admin login.",
            ).format(name=name)
        )


def set_role(store: Store, actor: Actor, name: str, role: Role, reason: str) -> None:
    _require(actor, Permission.MANAGE_USERS, _CANNOT_SET_ROLE)
    with store.transaction(actor, reason=reason or "role changed") as session:
        _get(session, name).role = role.value
        if role is not Role.PHARMACIST:
            blinding.withdraw(session, name)
        key = session.scalars(select(PersonKey).where(PersonKey.user_name == name)).one_or_none()
        if key is not None:
            key.role = role.value


def list_users(store: Store) -> list[UserView]:
    with store.read() as session:
        return [_view(u) for u in session.scalars(select(User).order_by(User.name))]


def _view(user: User) -> UserView:
    return UserView(
        name=user.name,
        full_name=user.full_name,
        role=user.role,
        active=user.active,
        must_change_password=user.must_change_password,
        created_at=user.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def public_key_text(store: Store, actor: Actor) -> str:
    """The acting person's own public key in minisign format (``hub register --admin-key``)."""
    from app.sync import minisign

    if actor.signing_key is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("Users", "Log in with your own password to show your key.").said()
        )
    raw = actor.signing_key.public_key().public_bytes_raw()
    public = minisign.PublicKey(key_id=hashlib.sha256(raw).digest()[:8], key=raw)
    return minisign.public_key_string(public, f"bedside person {actor.name} of {store.store_id}")
