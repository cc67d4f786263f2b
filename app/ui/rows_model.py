"""A flat table of plain rows with translated column headers, the base of the small tables.

A subclass names its columns in ``HEADERS`` (``QT_TRANSLATE_NOOP`` under its own class
name, given as ``CONTEXT``), or its owner passes headers it has already translated, and
the subclass says in ``data()`` what each cell of a row shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

AnyIndex = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Rows replaced all at once; one column per entry of ``HEADERS``."""

    HEADERS: ClassVar[tuple[object, ...]] = ()
    CONTEXT: ClassVar[str] = ""
    """The translation context of ``HEADERS``: the subclass's name."""

    def __init__(
        self, parent: QWidget | None = None, *, headers: Sequence[str] | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: tuple[Any, ...] = ()
        self._headers = None if headers is None else tuple(headers)
        """Headers the owner has translated, shown instead of ``HEADERS``."""

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, index: AnyIndex) -> Any | None:
        """The row shown at ``index``, or None for an index outside the table."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.HEADERS) if self._headers is None else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < self.columnCount():
            if self._headers is not None:
                return self._headers[section]
            return QCoreApplication.translate(self.CONTEXT, str(self.HEADERS[section]))
        return None
