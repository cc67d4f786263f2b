"""The frame every data-entry form is drawn in, sized for touch.

:class:`FormFrame` holds a scrolling body (flicked with a finger) for the fields, above it
a banner saying why the form cannot be changed (for a monitor), and under it a bar of
fixed height with the sentences beside Save, the "Saved at" line and Save itself. It
re-flows the fields in one or two columns as the form is resized, and Enter presses a
focused button or else does what the form does on Enter (:meth:`FormFrame.enter_pressed`).
:func:`read_only_reason` is the banner's sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from app.roles import Permission
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX, set_kind
from app.ui.elided import ElidedLabel
from app.ui.forms.field_grid import FieldGrid
from app.ui.forms.field_row import FORM_STYLE


def read_only_reason(actor: Actor) -> str:
    """Why ``actor`` sees forms they cannot change (empty for those who enter data)."""
    if actor.can(Permission.ENTER_DATA):
        return ""
    if actor.role.value == "monitor":
        return QCoreApplication.translate("FormWidget", "Monitors can read but not change records.")
    return QCoreApplication.translate(
        "FormWidget", "Your role ({role}) can read but not change records."
    ).format(role=actor.role.value)


class FormFrame(QWidget):
    """The scrolling body, the read-only banner and the bar with Save (see module doc)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grids: list[FieldGrid] = []
        self._room = 0  # how wide the fields' grids may be; set when the form is sized
        self.setStyleSheet(FORM_STYLE)
        self._body = QWidget()
        self._body.setObjectName("page")
        self.body_layout = QVBoxLayout(self._body)
        self.body_layout.setContentsMargins(16, 8, 16, 8)
        self.body_layout.setSpacing(10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._body)
        # Three rows of fields at the least, not the height of both touch-sized scroll
        # bars: a banner above the pages or a read-only notice never grows the window.
        self.scroll_area.setMinimumHeight(3 * TOUCH_MIN_PX)
        QScroller.grabGesture(
            self.scroll_area.viewport(), QScroller.ScrollerGestureType.TouchGesture
        )
        # The bar under the scroll area has a fixed height: a sentence beside Save (why
        # it did not save, a message about no one field) never moves Save or a field.
        self.form_message = ElidedLabel()
        self.form_message.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Messages about the whole form")
        )
        self.save_error = ElidedLabel(lines=2)
        self.save_error.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Why the form was not saved")
        )
        set_kind(self.save_error, "error")
        self.status_label = QLabel()
        set_kind(self.status_label, "ok")
        self.save_button = QPushButton(QCoreApplication.translate("FormWidget", "&Save"))
        set_kind(self.save_button, "primary")
        self.save_button.setMinimumWidth(160)
        sentences = QWidget()
        said = QVBoxLayout(sentences)
        said.setContentsMargins(0, 0, 0, 0)
        said.setSpacing(0)
        said.addWidget(self.form_message)
        said.addWidget(self.save_error, 1)
        self.action_bar = QWidget()
        self.action_bar.setObjectName("action_bar")
        self.action_bar.setFixedHeight(TOUCH_MIN_PX + 28)
        self.button_row = QHBoxLayout(self.action_bar)
        self.button_row.setContentsMargins(16, 6, 16, 6)
        self.button_row.addWidget(sentences, 1)
        self.button_row.addWidget(self.status_label)
        self.button_row.addWidget(self.save_button)
        # Above the scroll area, so it shows whatever is scrolled: why nothing here can be
        # changed (a monitor), before anyone tries.
        self.read_only_banner = QLabel(read_only_reason(actor))
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setAccessibleName(
            QCoreApplication.translate("FormWidget", "Why this form cannot be changed")
        )
        self.read_only_banner.setContentsMargins(12, 8, 12, 8)
        set_kind(self.read_only_banner, "message")
        self.read_only = not actor.can(Permission.ENTER_DATA)
        self.read_only_banner.setVisible(self.read_only)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.read_only_banner)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(self.action_bar)
        if self.read_only:
            self.save_button.setEnabled(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns of fields where the form is wide enough for them, else one."""
        super().resizeEvent(event)
        self.lay_out_columns(event.size().width())

    def lay_out_columns(self, width: int) -> None:
        """Re-flow every section's fields for a form ``width`` pixels wide."""
        self._room = self._field_room(width)
        for grid in self._grids:
            grid.fit(self._room)

    def _field_room(self, width: int) -> int:
        # The room whether or not the scroll bar shows, so that showing it never flips
        # the columns back and forth.
        layout = self._body.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        return width - margins.left() - margins.right() - TOUCH_MIN_PX

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses a focused push button, else :meth:`enter_pressed`."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()  # where the key came from, if anywhere
            mine = isinstance(focused, QPushButton) and self.isAncestorOf(focused)
            if mine and isinstance(focused, QPushButton) and not focused.isCheckable():
                focused.click()
            else:
                self.enter_pressed()
            event.accept()
            return
        super().keyPressEvent(event)

    def enter_pressed(self) -> None:
        """What Enter does away from a button (a form saves)."""
