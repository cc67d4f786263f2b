"""When this laptop was last backed up, and when to remind the admin to back it up again.

The last backup is read from the audit trail (each one is a ``backup_made``
event); the reminder interval is a device setting kept with the others in
:mod:`app.services.settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.errors import InvalidInput
from app.sentences import QT_TRANSLATE_NOOP
from app.services import settings
from app.store.backup import last_backup
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now

REMINDER_DAYS_KEY = "backup_reminder_days"
DEFAULT_REMINDER_DAYS = 7
MIN_REMINDER_DAYS = 1
MAX_REMINDER_DAYS = 90


def check_reminder_days(value: object) -> int:
    """Whole days between :data:`MIN_REMINDER_DAYS` and :data:`MAX_REMINDER_DAYS`."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Backup", "The backup reminder needs a whole number of days, not {value}."
            ).format(value=text)
            if text
            else QT_TRANSLATE_NOOP(
                "Backup", "The backup reminder needs a whole number of days, not nothing."
            ).said()
        )
    days = int(text)
    if not MIN_REMINDER_DAYS <= days <= MAX_REMINDER_DAYS:
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Backup", "The backup reminder must be between {low} and {high} days."
            ).format(low=MIN_REMINDER_DAYS, high=MAX_REMINDER_DAYS)
        )
    return days


def get_reminder_days(store: Store) -> int:
    """Days without a backup before the admin is reminded; the default when never set."""
    value = settings._read_checked(store, REMINDER_DAYS_KEY, check_reminder_days, "backup reminder")
    return DEFAULT_REMINDER_DAYS if value is None else value


def set_reminder_days(store: Store, actor: Actor, days: object) -> int:
    """Check and save the reminder interval (admin only); returns the saved value."""
    value = check_reminder_days(days)
    refusal = QT_TRANSLATE_NOOP("Backup", "Your role ({role}) cannot change the backup reminder.")
    settings._write(store, actor, REMINDER_DAYS_KEY, str(value), "backup reminder", refusal)
    return value


@dataclass(frozen=True)
class BackupStatus:
    """The last backup (if any) and whether a reminder is due."""

    last_at: datetime | None
    last_where: str | None
    reminder_days: int
    due: bool

    def last_sentence(self) -> str:
        if self.last_at is None:
            return QT_TRANSLATE_NOOP("Backup", "Last backup: none yet.").said()
        when = self.last_at.strftime("%d %b %Y %H:%M UTC")
        return QT_TRANSLATE_NOOP("Backup", "Last backup: {when}, {where}.").format(
            when=when, where=self.last_where
        )

    def reminder_sentence(self) -> str | None:
        if not self.due:
            return None
        if self.last_at is None:
            return QT_TRANSLATE_NOOP(
                "Backup", "This laptop was never backed up: back it up now."
            ).said()
        if self.reminder_days == 1:
            return QT_TRANSLATE_NOOP(
                "Backup", "No backup was made in the last 1 day: back up now."
            ).said()
        return QT_TRANSLATE_NOOP(
            "Backup", "No backup was made in the last {days} days: back up now."
        ).format(days=self.reminder_days)


def backup_status(store: Store, now: datetime | None = None) -> BackupStatus:
    now = now or utc_now()
    days = get_reminder_days(store)
    last = last_backup(store)
    if last is None:
        return BackupStatus(None, None, days, True)
    at = datetime.fromisoformat(last[0].replace("Z", "+00:00"))
    where = last[1].removeprefix("backup made ")
    return BackupStatus(at, where, days, now - at >= timedelta(days=days))
