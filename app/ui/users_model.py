"""The table of people on the Admin page: name, full name, role, status, last login."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QWidget,
)

from app.ui.elided import name_shown, tooltip
from app.ui.window_shell import role_word

if TYPE_CHECKING:
    from app.services.users import UserView

AnyIndex = QModelIndex | QPersistentModelIndex


class UsersTableModel(QAbstractTableModel):
    """People on this laptop, one row each; :data:`NAME_ROLE` gives the user name."""

    NAME, FULL_NAME, ROLE, STATUS = range(4)
    HEADERS = (
        QT_TRANSLATE_NOOP("UsersTableModel", "User name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Full name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Role"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Status"),
    )
    NAME_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserView] = []

    def set_users(self, rows: list[UserView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def user(self, row: int) -> UserView:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate("UsersTableModel", str(self.HEADERS[section]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        user = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(user, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.FULL_NAME:
            # A name too long for its cell is cut there; the tooltip has it whole.
            return tooltip(user.full_name) if name_shown(user.full_name) != user.full_name else None
        if role == self.NAME_ROLE:
            return user.name
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QColor("#4d4d4d")
        return None

    def _text(self, user: UserView, column: int) -> str | None:
        if column == self.NAME:
            return user.name
        if column == self.FULL_NAME:
            return name_shown(user.full_name)
        if column == self.ROLE:
            return role_word(user.role)
        if column == self.STATUS:
            if not user.active:
                return QCoreApplication.translate("UsersTableModel", "disabled")
            if user.must_change_password:
                return QCoreApplication.translate("UsersTableModel", "temporary password")
            return QCoreApplication.translate("UsersTableModel", "active")
        return None
