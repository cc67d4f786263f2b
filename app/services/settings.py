"""Device settings an admin changes: idle-lock timeout, language, sync folder and interval.

Values live in the audited ``settings`` table as text. The checks are pure
functions (usable from a form before anything is saved); reading never fails:
a missing or unreadable value falls back to its default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import TypeVar

from sqlalchemy import select, text

from app.errors import InvalidInput, NotPermitted
from app.models import Setting
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP, Template
from app.store.store import Store
from app.store.uow import Actor

T = TypeVar("T")

log = logging.getLogger(__name__)

IDLE_TIMEOUT_KEY = "idle_timeout_minutes"
LANGUAGE_KEY = "language"
PERSON_LANGUAGE_KEY = "language.{name}"
"""Each person's own interface language, beside the device's (it wins at their login)."""

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60

DEFAULT_LANGUAGE = "en"
# Code → the language's own name, as a nurse who reads it would look for it.
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}


def check_idle_minutes(value: object) -> int:
    """Whole minutes between :data:`MIN_IDLE_MINUTES` and :data:`MAX_IDLE_MINUTES`."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The idle lock needs a whole number of minutes, not {value}."
            ).format(value=text)
            if text
            else QT_TRANSLATE_NOOP(
                "Settings", "The idle lock needs a whole number of minutes, not nothing."
            ).said()
        )
    minutes = int(text)
    if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The idle lock must be between {low} and {high} minutes."
            ).format(low=MIN_IDLE_MINUTES, high=MAX_IDLE_MINUTES)
        )
    return minutes


def check_language(code: object) -> str:
    """One of the codes in :data:`LANGUAGES`."""
    text = str(code).strip()
    if text not in LANGUAGES:
        choices = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "Unknown language {code}: choose one of {choices}."
            ).format(code=repr(text), choices=choices)
        )
    return text


def get_idle_timeout_minutes(store: Store) -> int:
    """The idle-lock timeout; the default when it was never set or is unreadable."""
    value = _read_checked(store, IDLE_TIMEOUT_KEY, check_idle_minutes, "idle timeout")
    return DEFAULT_IDLE_MINUTES if value is None else value


def set_idle_timeout_minutes(store: Store, actor: Actor, minutes: object) -> int:
    """Check and save the idle-lock timeout (admin only); returns the saved value."""
    value = check_idle_minutes(minutes)
    _write(store, actor, IDLE_TIMEOUT_KEY, str(value), "idle lock timeout")
    return value


def get_language(store: Store) -> str:
    value = _read_checked(store, LANGUAGE_KEY, check_language, "language")
    return DEFAULT_LANGUAGE if value is None else value


def set_language(store: Store, actor: Actor, code: object) -> str:
    """Check and save the interface language (admin only); returns the saved code."""
    value = check_language(code)
    _write(store, actor, LANGUAGE_KEY, value, "interface language")
    return value


@dataclass(frozen=True)
class DeviceInfo:
    """What an admin or a monitor needs to name this laptop and its build."""

    site: str
    device: str
    store_id: str
    bedside_version: str
    sqlcipher_version: str
    data_dir: str


def device_info(store: Store) -> DeviceInfo:
    from app import __version__

    info = store.info()
    with store.read() as session:
        cipher = session.execute(text("PRAGMA cipher_version")).scalar()
    return DeviceInfo(
        site=info.site,
        device=info.device,
        store_id=store.store_id,
        bedside_version=__version__,
        sqlcipher_version=str(cipher or "missing"),
        data_dir=str(store.paths.root),
    )


def _read(store: Store, key: str) -> str | None:
    with store.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == key))


def _read_checked(store: Store, key: str, check: Callable[[str], T], what: str) -> T | None:
    """A stored setting passed through its check; None when unset or no longer valid."""
    raw = _read(store, key)
    if raw is None:
        return None
    try:
        return check(raw)
    except InvalidInput:
        log.warning("ignoring a stored %s that is no longer valid", what)
        return None


def _write(
    store: Store, actor: Actor, key: str, value: str, what: str, refusal: Template | None = None
) -> None:
    """Save one setting; ``refusal`` (else the key's own, in _CANNOT_CHANGE) is what a
    role that may not change it is told."""
    if not actor.can(Permission.MANAGE_DEVICE):
        raise NotPermitted((refusal or _CANNOT_CHANGE[key]).format(role=actor.role.value))
    # A setting is not study data: the change itself is the reason, and the audit
    # trail keeps who, when, the old and the new value.
    with store.transaction(actor, reason=f"{what} changed in settings") as session:
        setting = session.scalars(select(Setting).where(Setting.key == key)).one_or_none()
        if setting is None:
            session.add(Setting(key=key, value=value))
        elif setting.value != value:
            setting.value = value


# -- sync: where bundles go and how often ------------------------------------------------
# The folder may be a USB stick that is not plugged in right now, so it is checked for
# shape (an absolute path) only; whether it is reachable is the sync round's business.

SYNC_FOLDER_KEY = "sync_folder"
SYNC_INTERVAL_KEY = "sync_interval_minutes"

DEFAULT_SYNC_MINUTES = 5
MIN_SYNC_MINUTES = 1
MAX_SYNC_MINUTES = 60

_CANNOT_CHANGE = {
    IDLE_TIMEOUT_KEY: QT_TRANSLATE_NOOP(
        "Settings", "Your role ({role}) cannot change the idle lock timeout."
    ),
    LANGUAGE_KEY: QT_TRANSLATE_NOOP(
        "Settings", "Your role ({role}) cannot change the interface language."
    ),
    SYNC_FOLDER_KEY: QT_TRANSLATE_NOOP(
        "Settings", "Your role ({role}) cannot change the sync folder."
    ),
    SYNC_INTERVAL_KEY: QT_TRANSLATE_NOOP(
        "Settings", "Your role ({role}) cannot change the sync interval."
    ),
}


def check_sync_folder(value: object) -> str:
    """An absolute folder path (it need not be reachable now)."""
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "Choose the sync folder: the USB stick or the network share."
            ).said()
        )
    if "\n" in text or "\x00" in text:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The sync folder's name has characters a folder cannot have."
            ).said()
        )
    if not Path(text).is_absolute() and not PureWindowsPath(text).is_absolute():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The sync folder must be a full path, not {folder}."
            ).format(folder=repr(text))
        )
    return text


def check_sync_minutes(value: object) -> int:
    """Whole minutes between :data:`MIN_SYNC_MINUTES` and :data:`MAX_SYNC_MINUTES`."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The sync interval needs a whole number of minutes, not {value}."
            ).format(value=text)
            if text
            else QT_TRANSLATE_NOOP(
                "Settings", "The sync interval needs a whole number of minutes, not nothing."
            ).said()
        )
    minutes = int(text)
    if not MIN_SYNC_MINUTES <= minutes <= MAX_SYNC_MINUTES:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Settings", "The sync interval must be between {low} and {high} minutes."
            ).format(low=MIN_SYNC_MINUTES, high=MAX_SYNC_MINUTES)
        )
    return minutes


def get_sync_folder(store: Store) -> Path | None:
    """The sync folder, or None when it was never chosen (or the stored value is unusable)."""
    value = _read_checked(store, SYNC_FOLDER_KEY, check_sync_folder, "sync folder")
    return None if value is None else Path(value)


def set_sync_folder(store: Store, actor: Actor, folder: object) -> Path:
    """Check and save the sync folder (admin only); returns the saved path."""
    value = check_sync_folder(folder)
    _write(store, actor, SYNC_FOLDER_KEY, value, "sync folder")
    return Path(value)


def get_sync_minutes(store: Store) -> int:
    """Minutes between automatic syncs; the default when never set or unreadable."""
    value = _read_checked(store, SYNC_INTERVAL_KEY, check_sync_minutes, "sync interval")
    return DEFAULT_SYNC_MINUTES if value is None else value


def set_sync_minutes(store: Store, actor: Actor, minutes: object) -> int:
    """Check and save the sync interval (admin only); returns the saved value."""
    value = check_sync_minutes(minutes)
    _write(store, actor, SYNC_INTERVAL_KEY, str(value), "sync interval")
    return value


def get_person_language(store: Store, name: str) -> str | None:
    """The language ``name`` chose for themselves, or None (the device's applies)."""
    key = PERSON_LANGUAGE_KEY.format(name=name)
    return _read_checked(store, key, check_language, "personal language")


def set_person_language(store: Store, actor: Actor, code: object) -> str:
    """The acting person chooses their own interface language (from their next login or
    unlock); anyone may, for themselves only."""
    value = check_language(code)
    key = PERSON_LANGUAGE_KEY.format(name=actor.name)
    with store.transaction(actor, reason="own interface language changed") as session:
        row = session.scalars(select(Setting).where(Setting.key == key)).one_or_none()
        if row is None:
            session.add(Setting(key=key, value=value))
        elif row.value != value:
            row.value = value
    return value
