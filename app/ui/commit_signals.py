"""One process-wide Qt signal for "a save committed", from any thread.

Screens that show counts of what is saved (the unsynced changes) re-read when it fires
instead of polling.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


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
