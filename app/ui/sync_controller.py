"""Sync on a timer, off the GUI thread: the rounds, their outcomes and the status.

One *round* (:func:`~app.ui.sync_round.sync_round`) runs in a worker thread with its own
units of work (never a session shared across threads) and hands back plain objects by
signal. :class:`SyncController` only times rounds, keeps the outcomes
(:class:`AttemptLog`) and passes the status on.

Environment faults (folder unreachable, USB stick full, read-only share, a bad
receipt) become one sentence in the attempts list; the next tick tries again.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from app.errors import BedsideError
from app.services import settings
from app.sync import device as sync_device
from app.ui.background_job import Failed, Job, JobSignals
from app.ui.commit_signals import commit_signals
from app.ui.sync_round import NOT_PINNED as NOT_PINNED
from app.ui.sync_round import RoundResult, check_status
from app.ui.sync_round import SyncState as SyncState

# Looked up in this module at each round, so that a test can slow the round down.
from app.ui.sync_round import sync_round as sync_round

if TYPE_CHECKING:
    from app.ui.session import SessionController

log = logging.getLogger(__name__)

STATUS_REFRESH_MS = 30_000
"""How often the unsynced count and the folder's reachability are looked at between rounds."""

LOCK_WAIT_MS = 5_000
"""How long locking waits for a round in flight before dropping the key anyway."""


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
        self._jobs: set[JobSignals] = set()
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
        signals = JobSignals()
        self._jobs.add(signals)
        signals.done.connect(done)
        signals.done.connect(self._release_job)
        self._pool.start(Job(work, signals))

    @Slot()
    def _release_job(self) -> None:
        signals = self.sender()
        if isinstance(signals, JobSignals):
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
        elif isinstance(result, Failed) and self._failure_matters(result.error):
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
        elif isinstance(result, Failed) and self._failure_matters(result.error):
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
