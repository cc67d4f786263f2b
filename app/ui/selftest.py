"""Qt half of ``bedside selftest``: a widget renders offscreen."""

from __future__ import annotations


def check() -> str:
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("Bedside selftest")
    label.resize(200, 40)
    image = label.grab().toImage()
    if image.isNull():
        raise RuntimeError("Qt could not render a widget")
    del app
    return f"Qt {qVersion()} renders offscreen"
