"""Work run off the GUI thread, one job at a time, its result brought back by signal.

A job hands back whatever its work returned, or :class:`Failed` with the exception it
raised: the GUI thread decides whether that is a bug to log or a sentence to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal


class JobSignals(QObject):
    """Carries a job's result (or the exception it raised) back to the GUI thread."""

    done = Signal(object)


@dataclass(frozen=True)
class Failed:
    """What a job hands back when its work raised ``error``."""

    error: Exception


class Job(QRunnable):
    """Runs ``work`` in a pool thread and emits its result on ``signals.done``."""

    def __init__(self, work: Callable[[], object], signals: JobSignals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result: object = self._work()
        # Everything goes back to the GUI thread, which logs a bug or shows a sentence:
        # an exception left in a pool thread would only reach stderr.
        except Exception as exc:  # noqa: BLE001
            result = Failed(exc)
        self._signals.done.emit(result)
