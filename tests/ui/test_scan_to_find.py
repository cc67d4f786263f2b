"""A scan while a form has focus goes to Find, by its speed or by the admin's prefix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.login import LoginWindow
from app.ui.main import AppController
from app.ui.main_window import MainWindow
from app.ui.scan_prefix import ScanPrefixSetting, check_prefix, scan_prefix
from app.ui.scanner import ScanRouter
from app.ui.session import SessionController
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import FakeParts, FormPage, ready_nurse, styled
from tests.ui.test_scanner import Clock, clock, router, type_at

__all__ = ["clock", "router"]  # the scanner tests' clock and installed router

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SCANNER_MS, PERSON_MS = 4.0, 180.0


@pytest.fixture
def window(qtbot: QtBot, opened: OpenStore, router: ScanRouter) -> MainWindow:
    styled()
    made = MainWindow(
        SessionController(opened.store, opened.admin),
        parts=FakeParts(),
        idle_timeout_ms=600_000,
        scanner=router,
    )
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def _form(window: MainWindow) -> FormPage:
    window.open_participant("p-2")
    page = window.current_page()
    assert isinstance(page, FormPage)
    page.spo2_edit.setFocus()
    return page


def test_a_scan_into_a_form_field_opens_the_kit_s_participant_and_leaves_the_field(
    qtbot: QtBot, window: MainWindow, clock: Clock
) -> None:
    page = _form(window)
    page.spo2_edit.setText("91")
    type_at(qtbot, clock, page.spo2_edit, "K-1041", SCANNER_MS)
    assert page.spo2_edit.text() == "91"  # not one character of the scan landed in SpO2
    assert window.participant_id == "p-1"
    assert window.current_page().property("participantId") == "p-1"
    assert window.barcode_edit.text() == ""


def test_a_person_typing_the_same_characters_keeps_them_in_the_field(
    qtbot: QtBot, window: MainWindow, clock: Clock
) -> None:
    page = _form(window)
    type_at(qtbot, clock, page.spo2_edit, "K-1041", PERSON_MS)
    assert page.spo2_edit.text() == "K-1041"
    assert window.participant_id == "p-2"


def test_a_scan_of_an_unknown_code_says_so_and_the_field_keeps_what_it_had(
    qtbot: QtBot, window: MainWindow, clock: Clock
) -> None:
    page = _form(window)
    page.note_edit.setFocus()
    type_at(qtbot, clock, page.note_edit, "NOPE-9", SCANNER_MS)
    assert page.note_edit.text() == ""
    assert window.message_label.text().startswith("No participant has the code “NOPE-9”.")
    assert window.participant_id == "p-2"


def test_a_scan_aimed_at_find_replaces_what_it_held(
    qtbot: QtBot, window: MainWindow, clock: Clock
) -> None:
    window.barcode_edit.setText("half typed")
    window.barcode_edit.setFocus()
    type_at(qtbot, clock, window.barcode_edit, "S-002", SCANNER_MS)
    assert window.participant_id == "p-2"


def test_the_admin_s_prefix_is_recognised_at_any_speed_once_saved(
    qtbot: QtBot, window: MainWindow, clock: Clock, opened: OpenStore
) -> None:
    window.show_section("admin")
    setting = window.current_page().findChild(ScanPrefixSetting)
    assert setting is not None
    setting.edit.setText("~")
    qtbot.mouseClick(setting.save_button, Qt.MouseButton.LeftButton)
    assert setting.message.text() == "Scans now start with '~'."
    assert scan_prefix(opened.store) == "~"
    assert window.scanner is not None and window.scanner.prefix == "~"
    page = _form(window)
    type_at(qtbot, clock, page.spo2_edit, "~K-1041", 300.0)  # a slow scanner, with its prefix
    assert page.spo2_edit.text() == ""
    assert window.participant_id == "p-1"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("~~~~~", "at most 4 characters"),
        ("A1", "only letters and digits"),
        ("~ ", "without spaces"),
        ("é", "printable ASCII"),
    ],
)
def test_a_bad_prefix_is_refused_with_a_sentence_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, opened: OpenStore, typed: str, why: str
) -> None:
    window.show_section("admin")
    setting = window.current_page().findChild(ScanPrefixSetting)
    assert setting is not None
    setting.edit.setText(typed)
    qtbot.mouseClick(setting.save_button, Qt.MouseButton.LeftButton)
    assert why in setting.message.text()
    assert setting.edit.text() == typed  # kept as typed, for the admin to correct
    assert scan_prefix(opened.store) == ""
    assert window.scanner is not None and window.scanner.prefix == ""


def test_a_prefix_is_kept_exactly_as_typed() -> None:
    assert check_prefix("]C1") == "]C1"


def test_a_password_typed_fast_behind_the_lock_unlocks_and_is_never_taken_for_a_scan(
    qtbot: QtBot, opened: OpenStore, router: ScanRouter, clock: Clock
) -> None:
    styled()
    window = MainWindow(
        SessionController(opened.store, ready_nurse(opened)),
        parts=FakeParts(),
        idle_timeout_ms=600_000,
        scanner=router,
    )
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    router.scanned.connect(found.append)
    with qtbot.waitSignal(window.session.locked):
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    form = window.cover.form
    form.name_edit.clear()
    type_at(qtbot, clock, form.name_edit, "nurse", PERSON_MS)
    form.password_edit.setFocus()
    with qtbot.waitSignal(window.cover.unlockedBy):
        type_at(qtbot, clock, form.password_edit, "nurse-pass-2", SCANNER_MS)
    assert found == []
    assert not window.session.is_locked


def test_the_application_watches_for_scanners_from_login_and_gives_them_to_the_window(
    qtbot: QtBot, opened: OpenStore, clock: Clock
) -> None:
    ready_nurse(opened)
    opened.store.close()
    scanner = ScanRouter(clock=clock)
    controller = AppController(opened.data_dir, scanner=scanner)
    login = controller.start()
    assert isinstance(login, LoginWindow)
    qtbot.addWidget(login)
    try:
        # At login nobody listens for scans: a fast run in the name field is typing.
        type_at(qtbot, clock, login.form.name_edit, "nurse", SCANNER_MS)
        assert login.form.name_edit.text() == "nurse"
        login.form.password_edit.setFocus()
        type_at(qtbot, clock, login.form.password_edit, "nurse-pass-2", SCANNER_MS)
        qtbot.waitUntil(lambda: controller.main_window is not None)
        window = controller.main_window
        assert window is not None
        qtbot.addWidget(window)
        assert window.scanner is scanner
        window.nav_buttons["sync"].setFocus()
        type_at(qtbot, clock, window.nav_buttons["sync"], "NOPE-9", SCANNER_MS)
        assert window.message_label.text().startswith("No participant has the code “NOPE-9”.")
    finally:
        scanner.remove()
