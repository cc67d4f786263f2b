"""The Sync page's table of recent attempts: the time and the outcome, errors in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.ui.app_style import DANGER
from app.ui.rows_model import AnyIndex, RowsTableModel
from app.ui.sync_controller import Attempt


class AttemptsModel(RowsTableModel):
    """The latest sync outcomes, newest first; errors in red."""

    TIME, OUTCOME = range(2)
    HEADERS = (
        QT_TRANSLATE_NOOP("AttemptsModel", "Time"),
        QT_TRANSLATE_NOOP("AttemptsModel", "Outcome"),
    )
    CONTEXT = "AttemptsModel"
    OK_ROLE = Qt.ItemDataRole.UserRole + 1

    def set_attempts(self, rows: tuple[Attempt, ...]) -> None:
        self.set_rows(rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        attempt: Attempt | None = self.row_at(index)
        if attempt is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == self.TIME:
                return attempt.at.strftime("%H:%M:%S")
            if attempt.repeats <= 1:
                return attempt.text
            again = QCoreApplication.translate(
                "AttemptsModel", "{text}  ({repeats} times in a row)"
            )
            return again.format(text=attempt.text, repeats=attempt.repeats)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.OUTCOME:
            return attempt.text
        if role == Qt.ItemDataRole.ForegroundRole and not attempt.ok:
            return QColor(DANGER)
        if role == self.OK_ROLE:
            return attempt.ok
        return None
