"""Guard against a Qt binding that leaks away references to None or True.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every call
returning nothing and one to ``True`` on every signal emit; the app's clock alone
would free ``None`` within hours and abort the process.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50


def test_signal_emits_keep_the_reference_count_of_true(qtbot: QtBot) -> None:
    emitter = _Emitter()
    count = [0]

    def received(_value: bool) -> None:
        count[0] += 1  # keeps no reference to the value itself

    emitter.fired.connect(received)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.fired.emit(True)
    assert count[0] == 2000
    assert abs(sys.getrefcount(True) - before) < 50
