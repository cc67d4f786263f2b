"""A list shown as a table: named for screen readers, no row numbers, one column stretched."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget


def list_table(
    model: QAbstractItemModel, name: str, *, stretch: int, parent: QWidget | None = None
) -> QTableView:
    """A table of ``model`` called ``name``: each column as wide as its contents, except
    ``stretch``, which takes the width left over."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
