"""The bedside check dialog: the wristband, then the bag's label, each a hard stop that
says what does not match beside its field; an interrupted check starts again; a passed
one reads "Study product, kit K — checked HH:MM" and starts the infusion."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import Infusion, ProductCheck
from app.services.infusion import infusions_for
from app.ui.product_check_dialog import ProductCheckDialog
from app.ui.scanner import ScanRouter
from tests.conftest import OpenStore
from tests.ui.infusion_env import CHECKED_AT, PROTOCOL, Ward, released_ward

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SCANNER_GAP_MS = 8


@pytest.fixture
def ward(opened: OpenStore) -> Ward:
    return released_ward(opened)


class Clock:
    def __init__(self) -> None:
        self.ms = 0.0

    def __call__(self) -> float:
        return self.ms


@pytest.fixture
def scanner(qapp: QWidget) -> Iterator[tuple[ScanRouter, Clock]]:
    clock = Clock()
    router = ScanRouter(clock=clock)
    router.install()
    yield router, clock
    router.remove()


def _dialog(qtbot: QtBot, ward: Ward, pid: str) -> ProductCheckDialog:
    dialog = ProductCheckDialog(
        ward.opened.store, ward.nurse, PROTOCOL, pid, clock=lambda: CHECKED_AT
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.wristband.hasFocus)  # the check starts at the wristband
    return dialog


def _scan(qtbot: QtBot, clock: Clock, widget: QWidget, code: str) -> None:
    """A keyboard-wedge scan: the code and Enter, milliseconds apart, at ``widget``."""
    for char in code:
        clock.ms += SCANNER_GAP_MS
        QTest.keyClicks(widget, char)
    clock.ms += SCANNER_GAP_MS
    QTest.keyClick(widget, Qt.Key.Key_Return)


def _checks(ward: Ward) -> list[tuple[str, str | None]]:
    with ward.opened.store.read() as session:
        rows = session.scalars(select(ProductCheck).order_by(ProductCheck.checked_at)).all()
        return [(r.result, r.reason) for r in rows]


def test_scanning_both_codes_passes_and_starts_the_infusion(
    qtbot: QtBot, ward: Ward, scanner: tuple[ScanRouter, Clock]
) -> None:
    _router, clock = scanner
    pid = ward.active
    dialog = _dialog(qtbot, ward, pid)
    assert dialog.wristband.hasFocus() and not dialog.label.isEnabled()
    _scan(qtbot, clock, dialog.wristband, ward.study_id(pid))
    assert dialog.label.hasFocus() and dialog.label.text() == ""
    with qtbot.waitSignal(dialog.checked):
        _scan(qtbot, clock, dialog.label, ward.kits[pid])
    kit = ward.kits[pid]
    shown = f"✔ Study product, kit {kit} — checked {CHECKED_AT.astimezone():%H:%M}"
    assert dialog.outcome.text() == shown
    assert dialog.start_panel.isVisible() and dialog.rate.hasFocus()
    assert dialog.started_at.text() == f"{CHECKED_AT.astimezone():%H:%M}"
    QTest.keyClicks(dialog.rate, "120,5")
    QTest.keyClicks(dialog.line, "peripheral cannula")
    QTest.keyClicks(dialog.site, "left forearm")
    with qtbot.waitSignal(dialog.started) as got:
        QTest.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    view = infusions_for(ward.opened.store, pid, CHECKED_AT, protocol=PROTOCOL)[0]
    assert got.args == [view.id]
    assert (view.rate_ml_h, view.line, view.site) == ("120.5", "peripheral cannula", "left forearm")
    assert view.started_at == CHECKED_AT.replace(second=0, microsecond=0)


def test_the_wrong_kit_is_a_hard_stop_beside_the_label(
    qtbot: QtBot, ward: Ward, scanner: tuple[ScanRouter, Clock]
) -> None:
    _router, clock = scanner
    pid, other = ward.active, ward.placebo
    dialog = _dialog(qtbot, ward, pid)
    _scan(qtbot, clock, dialog.wristband, ward.study_id(pid))
    _scan(qtbot, clock, dialog.label, ward.kits[other])
    said = dialog.label_message.text()
    assert said.startswith(f"✖ The bag is kit {ward.kits[other]}")
    assert ward.kits[pid] in said and dialog.wristband_message.text() == ""
    assert dialog.check is None and not dialog.start_panel.isVisible()
    assert dialog.label.hasFocus()
    assert _checks(ward)[-1][0] == "refused"
    with ward.opened.store.read() as session:
        assert session.scalars(select(Infusion)).first() is None


def test_the_wrong_participant_is_a_hard_stop_beside_the_wristband(
    qtbot: QtBot, ward: Ward, scanner: tuple[ScanRouter, Clock]
) -> None:
    _router, clock = scanner
    pid, other = ward.active, ward.placebo
    dialog = _dialog(qtbot, ward, pid)
    _scan(qtbot, clock, dialog.wristband, ward.study_id(other))
    _scan(qtbot, clock, dialog.label, ward.kits[other])
    said = dialog.wristband_message.text()
    assert said.startswith(f"✖ The wristband belongs to {ward.study_id(other)}")
    assert ward.study_id(pid) in said and dialog.label_message.text() == ""
    assert dialog.wristband.hasFocus() and dialog.check is None


def test_an_interrupted_check_starts_again_from_the_wristband(
    qtbot: QtBot, ward: Ward, scanner: tuple[ScanRouter, Clock]
) -> None:
    _router, clock = scanner
    pid = ward.active
    dialog = _dialog(qtbot, ward, pid)
    _scan(qtbot, clock, dialog.wristband, ward.study_id(pid))
    _scan(qtbot, clock, dialog.label, ward.kits[pid])
    assert dialog.check is not None
    dialog.close()  # as the lock closes every dialog
    dialog.show()
    assert dialog.check is None
    assert (dialog.wristband.text(), dialog.label.text()) == ("", "")
    assert not dialog.label.isEnabled() and not dialog.start_panel.isVisible()
    assert dialog.outcome.text() == ""
    qtbot.waitUntil(dialog.wristband.hasFocus)


def test_a_check_too_old_at_the_start_is_asked_again(qtbot: QtBot, ward: Ward) -> None:
    pid = ward.active
    moments = [CHECKED_AT]
    dialog = ProductCheckDialog(
        ward.opened.store, ward.nurse, PROTOCOL, pid, clock=lambda: moments[0]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wristband.take_scan(ward.study_id(pid))
    dialog.label.take_scan(ward.kits[pid])
    assert dialog.check is not None
    moments[0] = CHECKED_AT + timedelta(minutes=31)
    dialog.started_at.setText(f"{moments[0].astimezone():%H:%M}")
    for edit, text in ((dialog.rate, "100"), (dialog.line, "PICC"), (dialog.site, "right arm")):
        edit.setText(text)
    QTest.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "check the product again" in dialog.start_message.text()
    assert dialog.infusion_id is None
    assert infusions_for(ward.opened.store, pid, moments[0], protocol=PROTOCOL) == []


def test_a_typed_rate_that_is_not_a_number_is_refused_with_a_sentence(
    qtbot: QtBot, ward: Ward
) -> None:
    pid = ward.active
    dialog = _dialog(qtbot, ward, pid)
    dialog.wristband.take_scan(ward.study_id(pid))
    dialog.label.take_scan(ward.kits[pid])
    dialog.rate.setText("1OO")
    QTest.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.start_message.text() != "" and dialog.rate.text() == "1OO"
    assert dialog.infusion_id is None


def test_a_wristband_that_cannot_be_a_study_code_is_refused_beside_the_wristband(
    qtbot: QtBot, ward: Ward, scanner: tuple[ScanRouter, Clock]
) -> None:
    _router, clock = scanner
    pid = ward.active
    dialog = _dialog(qtbot, ward, pid)
    _scan(qtbot, clock, dialog.wristband, "W" * 70)
    _scan(qtbot, clock, dialog.label, ward.kits[pid])
    said = dialog.wristband_message.text()
    assert said == "✖ The wristband is too long to be a study code: scan it again."
    assert dialog.label_message.text() == ""
    assert dialog.wristband.hasFocus() and dialog.check is None
    assert dialog.wristband.text() == "W" * 70  # kept as read, selected for the next scan
