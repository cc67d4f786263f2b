"""One sync round, without widgets: apply the hub's receipts, then export a bundle.

A round reads the sync folder chosen on the Sync page, applies the newest receipt
the hub left there for this device, then writes one encrypted bundle if anything
changed. It runs in a worker thread with its own units of work and returns plain
objects; Qt is used only to put its sentences in the person's language.

Environment faults (folder unreachable, USB stick full, read-only share, a bad
receipt) become one sentence each; the next round tries again.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.errors import BedsideError, DiskFull
from app.services import settings
from app.sync import device as sync_device
from app.sync.bundle import AGE_SUFFIX

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor

NO_FOLDER = QT_TRANSLATE_NOOP(
    "SyncController", "Choose the sync folder first: an admin picks it on this page."
)
NOT_PINNED = QT_TRANSLATE_NOOP(
    "SyncController",
    'Pin the hub first: an admin pastes its keys under "Pin the hub" on this page.',
)


def unreachable(folder: Path) -> str:
    return QCoreApplication.translate(
        "SyncController",
        "{folder} is not reachable — plug in the USB stick or connect to the share.",
    ).format(folder=folder)


@dataclass(frozen=True)
class SyncState:
    """What the status bar and the page show about sync."""

    folder: str | None
    reachable: bool | None  # None: no folder chosen
    unsynced: int
    last_sync: str | None  # the later of the last export and the last receipt
    hub_pinned: bool


@dataclass
class RoundResult:
    """The outcomes of one round (text, ok), the state after it, the receipts tried."""

    outcomes: list[tuple[str, bool]] = field(default_factory=list)
    state: SyncState | None = None
    seen: dict[str, int] = field(default_factory=dict)


def read_state(store: Store, folder: Path | None, reachable: bool | None) -> SyncState:
    now = sync_device.status(store)
    times = [t for t in (now.last_export, now.last_ack) if t]
    return SyncState(
        folder=str(folder) if folder else None,
        reachable=reachable,
        unsynced=now.unsynced_changes,
        last_sync=max(times) if times else None,
        hub_pinned=now.hub_pinned,
    )


def pinned_hub(store: Store) -> tuple[str, str] | None:
    """The pinned hub's age recipient and minisign key line, or None."""
    from sqlalchemy import select

    from app.models import HubPin

    with store.read() as session:
        pin = session.scalars(select(HubPin)).first()
        return (pin.age_recipient, pin.minisign_public_key) if pin else None


def is_reachable(folder: Path) -> bool:
    """Whether ``folder`` is there (a network share can take seconds to say no)."""
    try:
        return folder.is_dir()
    except OSError:
        return False


def check_status(store: Store) -> SyncState:
    """The state without syncing (between rounds)."""
    folder = settings.get_sync_folder(store)
    return read_state(store, folder, is_reachable(folder) if folder else None)


def _receipt_seq(path: Path) -> int:
    digits = path.name.removesuffix(".receipt").rpartition("-")[2]
    return int(digits) if digits.isdigit() else -1


def apply_new_receipts(
    store: Store, actor: Actor, folder: Path, device: str, seen: dict[str, int]
) -> list[tuple[str, bool]]:
    """Apply the newest receipt for ``device`` not tried in its current version.

    A receipt for bundle N acknowledges every bundle up to N, so after one applies
    the older ones are only marked as seen. One that is refused is reported once
    (``seen`` remembers its name and modification time) and the next older is tried.
    """
    found: list[tuple[Path, int]] = []
    for path in folder.glob(f"{device}-*.receipt"):
        with contextlib.suppress(OSError):
            found.append((path, path.stat().st_mtime_ns))
    found.sort(key=lambda item: _receipt_seq(item[0]), reverse=True)
    outcomes: list[tuple[str, bool]] = []
    applied = False
    for path, mtime in found:
        if seen.get(path.name) == mtime:
            continue
        if applied:
            seen[path.name] = mtime
            continue
        try:
            seq = sync_device.apply_receipt(store, actor, path)
        except BedsideError as exc:
            outcomes.append((exc.sentence, False))
        except OSError as exc:  # a stick pulled out while reading: tried again next round
            said = QCoreApplication.translate(
                "SyncController", "{name} could not be read ({reason})."
            ).format(name=path.name, reason=exc.strerror)
            outcomes.append((said, False))
            continue
        else:
            said = QCoreApplication.translate(
                "SyncController", "Hub acknowledged bundle {number}"
            ).format(number=seq)
            outcomes.append((said, True))
            applied = True
        seen[path.name] = mtime
    return outcomes


def _export_sentence(exc: BedsideError | OSError, folder: Path) -> str:
    if isinstance(exc, DiskFull):
        with contextlib.suppress(OSError):
            if shutil.disk_usage(folder).free < 16 * 1024 * 1024:
                return QCoreApplication.translate(
                    "SyncController",
                    "{folder} is full: make room on the USB stick or share; sync tries again.",
                ).format(folder=folder)
        return exc.sentence
    if isinstance(exc, BedsideError):
        return exc.sentence
    if not is_reachable(folder):
        return unreachable(folder)
    return QCoreApplication.translate(
        "SyncController", "Bedside could not write to {folder} ({reason}); sync tries again."
    ).format(folder=folder, reason=exc.strerror)


def sync_round(store: Store, actor: Actor, seen: Mapping[str, int]) -> RoundResult:
    """Apply new receipts from the sync folder, then export one bundle if there is news."""
    result = RoundResult(seen=dict(seen))
    folder = settings.get_sync_folder(store)
    if not sync_device.can_sync(actor):
        result.outcomes.append((sync_device.sync_refusal(actor), False))
        result.state = read_state(store, folder, is_reachable(folder) if folder else None)
        return result
    if folder is None:
        result.outcomes.append(
            (QCoreApplication.translate("SyncController", str(NO_FOLDER)), False)
        )
        result.state = read_state(store, None, None)
        return result
    if not is_reachable(folder):
        result.outcomes.append((unreachable(folder), False))
        result.state = read_state(store, folder, False)
        return result
    if not sync_device.status(store).hub_pinned:
        result.outcomes.append(
            (QCoreApplication.translate("SyncController", str(NOT_PINNED)), False)
        )
        result.state = read_state(store, folder, True)
        return result
    try:
        device = store.info().device
        result.outcomes += apply_new_receipts(store, actor, folder, device, result.seen)
        written = sync_device.export_bundle(store, actor, folder)
    except (BedsideError, OSError) as exc:
        result.outcomes.append((_export_sentence(exc, folder), False))
    else:
        if written is None:
            result.outcomes.append(
                (QCoreApplication.translate("SyncController", "Nothing new"), True)
            )
        else:
            name = written.file_name.removesuffix(AGE_SUFFIX)
            if written.changes == 1:
                said = QCoreApplication.translate("SyncController", "Wrote {name} (1 change)")
            else:
                said = QCoreApplication.translate(
                    "SyncController", "Wrote {name} ({count} changes)"
                )
            said = said.format(name=name, count=written.changes)
            result.outcomes.append((said, True))
    result.state = read_state(store, folder, is_reachable(folder))
    return result
