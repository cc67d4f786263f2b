"""How a form lays out its fields: one column, or two from :data:`TWO_COLUMNS_PX` wide."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

TWO_COLUMNS_PX = 1000
"""The width from which a form puts its fields in two columns (label, field, label, field)."""
LABEL_COLUMN_PX = 180


class FieldGrid:
    """The fields of one section in one or two columns, filled row by row.

    Row by row keeps the order of reading and of Tab the same: left, right, next row.
    A field too wide for half the room (a long choice, a date with its time, a value
    with the age read from it) takes a whole row. Each field's message line stays in
    its own box, under its editor.
    """

    def __init__(self, grid: QGridLayout) -> None:
        self.grid = grid
        self.rows: list[tuple[QWidget, QWidget, bool]] = []
        self.columns = 1
        self.room = 0
        self._placed: list[tuple[int, int, int]] = []

    def add(self, left: QWidget, box: QWidget, room: int, *, wide: bool = False) -> None:
        """Add a row; ``wide``: it always takes a whole row (text beside it changes)."""
        self.rows.append((left, box, wide))
        self._placed = []  # the new row is placed by fit
        self.fit(room, force=True)

    def label_width(self) -> int:
        """The label column: the widest label (with its tick under it), at least the least."""
        return max([LABEL_COLUMN_PX] + [left.minimumSizeHint().width() for left, *_ in self.rows])

    def half(self) -> int:
        """How wide a field may be in one of two columns."""
        return (self.room - 3 * self.grid.horizontalSpacing()) // 2 - self.label_width()

    def fit(self, room: int, *, force: bool = False) -> None:
        """One or two columns for a body ``room`` pixels wide."""
        self.room = room
        self.columns = 2 if room >= TWO_COLUMNS_PX and len(self.rows) > 1 else 1
        placed = self._places()
        if placed == self._placed and not force:
            self._shape()
            return
        for left, box, _wide in self.rows:
            self.grid.removeWidget(left)
            self.grid.removeWidget(box)
        self._shape()
        for (left, box, _wide), (row, column, span) in zip(self.rows, placed, strict=True):
            # In two columns a box's own width wish is ignored: the columns are halves.
            policy = box.sizePolicy()
            wish = QSizePolicy.Policy.Ignored if self.columns == 2 else QSizePolicy.Policy.Preferred
            policy.setHorizontalPolicy(wish)
            box.setSizePolicy(policy)
            self.grid.addWidget(left, row, column)
            self.grid.addWidget(box, row, column + 1, 1, span)
        self._placed = placed

    def _places(self) -> list[tuple[int, int, int]]:
        """(grid row, label column, field column span) of each field."""
        placed, row, side = [], 0, 0
        half = self.half()
        for _left, box, wide in self.rows:
            whole = self.columns == 1 or wide or box.minimumSizeHint().width() > half
            if whole:
                if side:
                    row, side = row + 1, 0
                placed.append((row, 0, 1 if self.columns == 1 else 3))
                row += 1
                continue
            placed.append((row, 2 * side, 1))
            side += 1
            if side == self.columns:
                row, side = row + 1, 0
        return placed

    def _shape(self) -> None:
        grid = self.grid
        for column in range(4):
            grid.setColumnMinimumWidth(column, 0)
            grid.setColumnStretch(column, 0)
        label = self.label_width()
        grid.setColumnMinimumWidth(0, label)
        grid.setColumnStretch(1, 1)
        if self.columns == 2:
            # Both field columns get half the room whatever they hold, so a message
            # that appears in the left column never pushes the right one aside.
            grid.setColumnMinimumWidth(1, self.half())
            grid.setColumnMinimumWidth(2, label)
            grid.setColumnMinimumWidth(3, self.half())
            grid.setColumnStretch(3, 1)
