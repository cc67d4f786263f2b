"""Keys on screen for exchange: as a QR code, and as text to select, copy or read out.

A QR code is black modules on white with a quiet zone of four, in whole pixels
per module so a camera sees sharp edges.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.sync.qr import QUIET_ZONE_MODULES, QrMatrix, qr_matrix
from app.ui.app_style import mono_font

MODULE_PX = 5
"""Pixels per module at the preferred size: a key fits ~200 px, easy for a phone camera."""


def paint_matrix(painter: QPainter, matrix: QrMatrix, area: QRect) -> int:
    """Paint ``matrix`` with its quiet zone centred in ``area``; returns pixels per module.

    Modules are whole pixels (never scaled by a fraction), so edges stay sharp for
    a camera; the spare pixels are shared out around the symbol.
    """
    framed = matrix.with_quiet_zone()
    side = len(framed)
    module = max(1, min(area.width(), area.height()) // side)
    total = module * side
    left = area.left() + (area.width() - total) // 2
    top = area.top() + (area.height() - total) // 2
    painter.fillRect(QRect(left, top, total, total), QColor("#ffffff"))
    ink = QColor("#000000")
    for r, row in enumerate(framed):
        for c, dark in enumerate(row):
            if dark:
                painter.fillRect(left + c * module, top + r * module, module, module, ink)
    return module


def qr_image(text: str, module_px: int = MODULE_PX) -> QImage:
    """``text`` as a QR code image (with its quiet zone), ``module_px`` pixels per module."""
    matrix = qr_matrix(text)
    side = (matrix.size + 2 * QUIET_ZONE_MODULES) * module_px
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        paint_matrix(painter, matrix, QRect(0, 0, side, side))
    finally:
        painter.end()
    return image


class QrCodeWidget(QWidget):
    """Shows one text as a QR code; empty (and a fixed blank square) when there is none.

    ``text()`` gives back what is encoded, so the widget can stand in a form row
    next to the same text shown for reading.
    """

    def __init__(
        self, text: str = "", *, module_px: int = MODULE_PX, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._module_px = module_px
        self._text = ""
        self._matrix: QrMatrix | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_text(text)

    def text(self) -> str:
        return self._text

    def matrix(self) -> QrMatrix | None:
        return self._matrix

    def set_text(self, text: str) -> None:
        """Encode ``text`` (stripped); an empty text shows nothing."""
        text = text.strip()
        if text == self._text and (self._matrix is not None or not text):
            return
        self._text = text
        self._matrix = qr_matrix(text) if text else None
        self.setAccessibleName(self.tr("QR code") if text else self.tr("No QR code"))
        self.setAccessibleDescription(text)
        self.setToolTip(self.tr("Scan this with the hub's camera or phone.") if text else "")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        modules = (self._matrix.size if self._matrix else 29) + 2 * QUIET_ZONE_MODULES
        side = modules * self._module_px
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#ffffff"))
            if self._matrix is not None:
                paint_matrix(painter, self._matrix, self.rect())
        finally:
            painter.end()


class KeyView(QWidget):
    """A public key to hand over: a caption, the text (selectable) with Copy, and its QR code.

    Signals:
        copied(str): the key was put on the clipboard.
    """

    copied = Signal(str)

    def __init__(
        self,
        caption: str,
        text: str = "",
        *,
        module_px: int = MODULE_PX,
        side: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``side`` puts the QR code to the right of the text instead of below it."""
        super().__init__(parent)
        self.caption_label = QLabel(caption, self)
        self.caption_label.setWordWrap(True)
        self.text_edit = QLineEdit(self)
        self.text_edit.setReadOnly(True)
        self.text_edit.setFont(mono_font())
        self.text_edit.setAccessibleName(caption)
        self.text_edit.setMinimumWidth(300)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setAccessibleName(self.tr("Copy: {caption}").format(caption=caption))
        self.qr = QrCodeWidget(module_px=module_px, parent=self)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.text_edit, 1)
        line.addWidget(self.copy_button)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.addWidget(self.caption_label)
        words.addLayout(line)
        layout = QHBoxLayout(self) if side else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if side:
            words.addStretch(1)
            layout.addLayout(words, 1)
            layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        else:
            layout.addLayout(words)
            layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignLeft)
        self.copy_button.clicked.connect(self.copy)
        self.set_text(text)

    def text(self) -> str:
        return self.qr.text()

    def set_text(self, text: str) -> None:
        self.text_edit.setText(text.strip())
        self.text_edit.setCursorPosition(0)
        self.qr.set_text(text)
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setEnabled(bool(text.strip()))

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText(self.tr("Copied"))
        self.copied.emit(self.text())
