"""The table of people on the Admin page: name, full name, role, status, last login."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.ui.elided import name_shown, tooltip
from app.ui.rows_model import AnyIndex, RowsTableModel
from app.ui.window_shell import role_word

if TYPE_CHECKING:
    from app.services.users import UserView


class UsersTableModel(RowsTableModel):
    """People on this laptop, one row each; :data:`NAME_ROLE` gives the user name."""

    NAME, FULL_NAME, ROLE, STATUS = range(4)
    HEADERS = (
        QT_TRANSLATE_NOOP("UsersTableModel", "User name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Full name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Role"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Status"),
    )
    CONTEXT = "UsersTableModel"
    NAME_ROLE = Qt.ItemDataRole.UserRole + 1

    def set_users(self, rows: list[UserView]) -> None:
        self.set_rows(rows)

    def user(self, row: int) -> UserView:
        user: UserView = self._rows[row]
        return user

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user: UserView | None = self.row_at(index)
        if user is None:
            return None
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
