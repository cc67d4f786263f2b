"""Sync on a timer, off the GUI thread: apply the hub's receipts, then export a bundle.

One *round* (:func:`sync_round`) runs in a worker thread with its own units of
work (never a session shared across threads) and hands back plain objects by
signal. The round's functions import no Qt; :class:`SyncController` only times
rounds, keeps the outcomes (:class:`AttemptLog`) and passes the status on.

Environment faults (folder unreachable, USB stick full, read-only share, a bad
receipt) become one sentence in the attempts list; the next tick tries again.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

from app.errors import BedsideError, DiskFull
from app.services import settings
from app.sync import device as sync_device
from app.sync.bundle import AGE_SUFFIX

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor
    from app.ui.session import SessionController

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 30_000
"""How often the unsynced count and the folder's reachability are looked at between rounds."""

LOCK_WAIT_MS = 5_000
"""How long locking waits for a round in flight before dropping the key anyway."""

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


# -- one round (no Qt) ------------------------------------------------------------------


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


@dataclass(frozen=True)
class Attempt:
    """One outcome of a round; ``repeats`` counts the same outcome in a row."""

    at: datetime
    text: str
    ok: bool
    repeats: int = 1


class AttemptLog:
    """The latest outcomes, newest first; the same outcome again only updates its time.

    So an unplugged stick is one line ("… not reachable …  (12 times in a row)"), not a flood.
    """

    MAX_ITEMS = 50

    def __init__(self) -> None:
        self._items: list[Attempt] = []

    @property
    def items(self) -> tuple[Attempt, ...]:
        return tuple(self._items)

    def add(self, at: datetime, text: str, *, ok: bool) -> Attempt:
        if self._items and self._items[0].text == text:
            self._items[0] = replace(self._items[0], at=at, repeats=self._items[0].repeats + 1)
        else:
            self._items.insert(0, Attempt(at, text, ok))
            del self._items[self.MAX_ITEMS :]
        return self._items[0]


# -- the worker ---------------------------------------------------------------------------


class _JobSignals(QObject):
    """Carries a job's result (or the exception it raised) back to the GUI thread."""

    done = Signal(object)


@dataclass(frozen=True)
class _Failed:
    error: Exception


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], signals: _JobSignals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result: object = self._work()
        # Everything goes back to the GUI thread, which logs a bug or shows a sentence:
        # an exception left in a pool thread would only reach stderr.
        except Exception as exc:  # noqa: BLE001
            result = _Failed(exc)
        self._signals.done.emit(result)


class _CommitSignals(QObject):
    """Re-emits SQLAlchemy's "a session committed" as a Qt signal (from any thread).

    Signals:
        committed(): some unit of work committed; receivers re-read what they show.
    """

    committed = Signal()


_commits: _CommitSignals | None = None


def _on_commit(_session: object) -> None:
    if _commits is not None:
        _commits.committed.emit()  # queued to the receiver's thread when emitted elsewhere


def commit_signals() -> _CommitSignals:
    """The one process-wide source of "a save committed" signals."""
    global _commits
    if _commits is None:
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        _commits = _CommitSignals()
        event.listen(Session, "after_commit", _on_commit)
    return _commits


COMMIT_SETTLE_MS = 150
"""A burst of commits (a save, then its draft dropped) is looked at once, just after."""


class SyncController(QObject):
    """Runs sync rounds every interval while the window is unlocked; keeps their outcomes.

    Signals:
        statusChanged(object): a new :class:`SyncState` (after a round or a status look).
        attempted(str): one line per outcome of a round ("Nothing new", a sentence…).
        busyChanged(bool): a round started (True) or finished (False).
    """

    statusChanged = Signal(object)
    attempted = Signal(str)
    busyChanged = Signal(bool)

    def __init__(
        self,
        session: SessionController,
        parent: QObject | None = None,
        *,
        interval_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._fixed_interval_ms = interval_ms
        self.attempts = AttemptLog()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one round at a time, in order
        self._timer = QTimer(self)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._jobs: set[_JobSignals] = set()
        self._seen: dict[str, int] = {}
        self._busy = False
        self._again = False
        self._state: SyncState | None = None
        # The unsynced count follows each save, not only the 30 s look.
        self._after_commit = QTimer(self)
        self._after_commit.setSingleShot(True)
        self._after_commit.setInterval(COMMIT_SETTLE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        commit_signals().committed.connect(self._committed)
        self._after_commit.timeout.connect(self.refresh_status)
        self._timer.timeout.connect(self.sync_now)
        self._status_timer.timeout.connect(self.refresh_status)
        self._session.locked.connect(self._locked)
        self._session.unlocked.connect(self._unlocked)

    # -- state ----------------------------------------------------------------------------

    @property
    def state(self) -> SyncState | None:
        return self._state

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def running(self) -> bool:
        """Whether the timer is on (it is off while the window is locked)."""
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    # -- timing ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the timer (no-op while locked) and look at the status now."""
        if self._session.is_locked:
            return
        if self._fixed_interval_ms is not None:
            self._timer.setInterval(self._fixed_interval_ms)
        else:
            self._timer.setInterval(settings.get_sync_minutes(self._session.store) * 60_000)
        self._timer.start()
        self._status_timer.start()
        self.refresh_status()

    def stop(self, wait_ms: int | None = None) -> None:
        """Stop the timers and let a round in flight finish (up to :data:`LOCK_WAIT_MS`)."""
        self._stop_timers()
        if not self._pool.waitForDone(LOCK_WAIT_MS if wait_ms is None else wait_ms):
            log.warning("a sync round was still running when sync stopped")

    def set_interval_ms(self, interval_ms: int) -> None:
        """A new interval (the saved setting's, or a test's); restarts the timer if it runs."""
        self._fixed_interval_ms = interval_ms
        self._timer.setInterval(interval_ms)

    def set_interval_minutes(self, minutes: int) -> None:
        self._fixed_interval_ms = None
        self._timer.setInterval(minutes * 60_000)

    def _stop_timers(self) -> None:
        self._timer.stop()
        self._status_timer.stop()
        self._after_commit.stop()
        self._again = False

    @Slot()
    def _committed(self) -> None:
        if not self._session.is_locked:
            self._after_commit.start()

    @Slot()
    def _locked(self) -> None:
        self._stop_timers()

    @Slot(bool)
    def _unlocked(self, _same_person: bool) -> None:
        self.start()

    # -- work -----------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        """Run a round now (or right after the one in flight); never for the monitor."""
        if self._session.is_locked or not sync_device.can_sync(self._session.actor):
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.busyChanged.emit(True)
        store, actor, seen = self._session.store, self._session.actor, dict(self._seen)
        self._submit(functools.partial(sync_round, store, actor, seen), self._round_done)

    @Slot()
    def refresh_status(self) -> None:
        """Look at the unsynced count and the folder in the worker (skipped during a round)."""
        if self._session.is_locked or self._busy:
            return
        store = self._session.store
        self._submit(functools.partial(check_status, store), self._status_done)

    def _submit(self, work: Callable[[], object], done: Callable[[Any], None]) -> None:
        signals = _JobSignals()
        self._jobs.add(signals)
        signals.done.connect(done)
        signals.done.connect(self._release_job)
        self._pool.start(_Job(work, signals))

    @Slot()
    def _release_job(self) -> None:
        signals = self.sender()
        if isinstance(signals, _JobSignals):
            self._jobs.discard(signals)
            signals.deleteLater()

    @Slot(object)
    def _round_done(self, result: object) -> None:
        self._busy = False
        if isinstance(result, RoundResult):
            self._seen = result.seen
            for text, ok in result.outcomes:
                self._record(text, ok=ok)
            self._set_state(result.state)
        elif isinstance(result, _Failed) and self._failure_matters(result.error):
            from app.ui.error_dialog import sentence_for

            self._record(sentence_for(result.error), ok=False)
        self.busyChanged.emit(False)
        if self._again:
            self._again = False
            self.sync_now()

    @Slot(object)
    def _status_done(self, result: object) -> None:
        if isinstance(result, SyncState):
            came_back = bool(
                self._state and self._state.reachable is False and result.reachable is True
            )
            self._set_state(result)
            if came_back:  # the stick was plugged in: no need to wait for the timer
                self.sync_now()
        elif isinstance(result, _Failed) and self._failure_matters(result.error):
            from app.ui.error_dialog import sentence_for

            log.warning("sync status: %s", sentence_for(result.error))

    def _record(self, text: str, *, ok: bool) -> None:
        self.attempts.add(datetime.now().astimezone(), text, ok=ok)
        self.attempted.emit(text)

    def _failure_matters(self, error: Exception) -> bool:
        # The window locked while the worker ran: its "store is locked" is expected.
        return self._session.store.unlocked or isinstance(error, BedsideError)

    def _set_state(self, state: SyncState | None) -> None:
        if state is not None and state != self._state:  # the 30 s look usually finds no change
            self._state = state
            self.statusChanged.emit(state)
