"""The desktop application's entry point."""

from __future__ import annotations

import sys
from pathlib import Path


def run(data_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    QMessageBox.information(None, "Bedside", f"Bedside data folder: {data_dir}")
    del app
    return 0
