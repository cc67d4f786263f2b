"""How a page answers an action: the one sentence it ends with, and a yes/no asked first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.ui.app_style import set_kind


def say(label: QLabel, sentence: str, *, ok: bool) -> None:
    """Show ``sentence`` in ``label``, green when the action worked and red when not."""
    label.setText(sentence)
    set_kind(label, "ok" if ok else "error")


def ask_yes_no(parent: QWidget, question: str) -> bool:
    """Whether the person answers Yes to ``question`` (asked before what cannot be undone)."""
    answer = QMessageBox.question(parent, "Bedside", question)
    return answer == QMessageBox.StandardButton.Yes
