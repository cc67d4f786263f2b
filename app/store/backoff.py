"""Per-account back-off after failed logins, kept in a file so it survives restart.

A failed login cannot write to the encrypted database (there is no key yet), so
failures go to ``logins.json`` beside it, and into the audit trail at the next
successful unlock. The wait doubles with every failure: 1 s, 2 s, 4 s, 8 s, …
up to 15 minutes, and a correct password clears it.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.errors import LoginBackoff
from app.sentences import QT_TRANSLATE_NOOP
from app.store.bounded import SlotFileDamaged, parse_bounded_json, read_capped
from app.store.files import write_atomic
from app.timeutil import iso_utc, parse_iso_utc, utc_now

MAX_WAIT_SECONDS = 15 * 60
# 2**10 s already exceeds the cap; a larger count (from an edited file) never needs
# the power computed.
_CAPPED_AFTER = 11
MAX_LOGINS_FILE_BYTES = 1 << 20


def wait_after(failures: int) -> float:
    """Seconds an account waits after ``failures`` consecutive failed logins."""
    if failures <= 0:
        return 0.0
    if failures >= _CAPPED_AFTER:
        return float(MAX_WAIT_SECONDS)
    return float(min(2 ** (failures - 1), MAX_WAIT_SECONDS))


@dataclass(frozen=True)
class FailedLogin:
    event_id: str
    user_name: str
    at_utc: str
    failures: int


class LoginThrottle:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            data = parse_bounded_json(
                read_capped(self.path, MAX_LOGINS_FILE_BYTES), MAX_LOGINS_FILE_BYTES, 8
            )
        except FileNotFoundError:
            return {"accounts": {}, "pending": []}
        except (SlotFileDamaged, ValueError, OSError):
            data = None
        if not isinstance(data, dict):
            # Rewritten on the next failure. Whoever can edit this file can also copy
            # the database and guess offline; Argon2id is the defence there.
            return {"accounts": {}, "pending": []}
        if not isinstance(data.get("accounts"), dict):
            data["accounts"] = {}
        if not isinstance(data.get("pending"), list):
            data["pending"] = []
        data["accounts"] = {
            name: account for name, account in data["accounts"].items() if _account_ok(account)
        }
        data["pending"] = [p for p in data["pending"] if isinstance(p, dict)]
        return data

    def _write(self, data: dict[str, Any]) -> None:
        write_atomic(
            self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"), mode=0o600
        )

    def check(self, user_name: str, now: datetime | None = None) -> None:
        """Raise :class:`LoginBackoff` while ``user_name`` must still wait."""
        now = now or utc_now()
        account = self._read()["accounts"].get(user_name)
        if not account:
            return
        failures = int(account.get("failures", 0))
        last = parse_iso_utc(str(account["last_failure_utc"]))
        remaining = wait_after(failures) - (now - last).total_seconds()
        if remaining > 0:
            seconds = math.ceil(remaining)
            raise LoginBackoff(
                QT_TRANSLATE_NOOP(
                    "Login", "Too many wrong passwords for {user}: try again in {seconds} s."
                ).format(user=user_name, seconds=seconds),
                wait_seconds=remaining,
            )

    def record_failure(self, user_name: str, now: datetime | None = None) -> float:
        """Count one failure; returns the wait before the next attempt."""
        now = now or utc_now()
        data = self._read()
        account = data["accounts"].setdefault(user_name, {"failures": 0})
        account["failures"] = int(account.get("failures", 0)) + 1
        account["last_failure_utc"] = iso_utc(now)
        data["pending"].append(
            {
                "event_id": str(uuid.uuid4()),
                "user_name": user_name,
                "at_utc": iso_utc(now),
                "failures": account["failures"],
            }
        )
        self._write(data)
        return wait_after(int(account["failures"]))

    def record_success(self, user_name: str) -> None:
        data = self._read()
        if user_name in data["accounts"]:
            del data["accounts"][user_name]
            self._write(data)

    def pending_failures(self) -> list[FailedLogin]:
        """Failures not yet copied into the audit trail."""
        out = []
        for item in self._read()["pending"]:
            try:
                out.append(
                    FailedLogin(
                        event_id=str(item["event_id"]),
                        user_name=str(item["user_name"]),
                        at_utc=str(item["at_utc"]),
                        failures=int(item["failures"]),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        return out

    def forget_pending(self, event_ids: set[str]) -> None:
        data = self._read()
        kept = [p for p in data["pending"] if p.get("event_id") not in event_ids]
        if len(kept) != len(data["pending"]):
            data["pending"] = kept
            self._write(data)


def _account_ok(account: Any) -> bool:
    """An account entry as :meth:`LoginThrottle.record_failure` writes it."""
    if not isinstance(account, dict):
        return False
    failures = account.get("failures", 0)
    if type(failures) is not int or failures < 0:
        return False
    try:
        parse_iso_utc(str(account["last_failure_utc"]))
    except (KeyError, ValueError, TypeError, OverflowError):
        return False
    return True
