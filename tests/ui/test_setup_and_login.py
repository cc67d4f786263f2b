"""First run, logging in, and the main window a person lands in."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.errors import DiskFull
from app.roles import Role
from app.services.users import add_user, change_password
from app.store.paths import StorePaths
from app.store.store import Store
from app.ui import error_dialog
from app.ui.error_dialog import show_error
from app.ui.login import ChangePasswordDialog, LoginWindow
from app.ui.main import AppController, has_store
from app.ui.main_window import MainWindow, PlaceholderPage
from app.ui.session import SessionController
from app.ui.setup_wizard import CONFIRM_TEXT, SetupWizard
from app.ui.sync_page import SyncPage
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.ui.test_idle_lock import FakeParts, styled, type_into

# The offscreen platform warns whenever a QMainWindow lays out its tool and status bars.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

KEY_RE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def fill_site_page(qtbot: QtBot, wizard: SetupWizard, site: str = "WH01") -> None:
    qtbot.keyClicks(wizard.site_page.site_edit, site)
    wizard.site_page.device_edit.clear()
    qtbot.keyClicks(wizard.site_page.device_edit, "WARD_LAPTOP_1")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def fill_admin_page(qtbot: QtBot, wizard: SetupWizard, again: str = "green kettle 42") -> None:
    page = wizard.admin_page
    qtbot.keyClicks(page.name_edit, "ada")
    qtbot.keyClicks(page.full_name_edit, "Ada Admin")
    qtbot.keyClicks(page.password_edit, "green kettle 42")
    qtbot.keyClicks(page.again_edit, again)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)


def test_first_run_creates_the_store_keeps_the_key_and_the_admin_can_then_log_in(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    styled()
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_site_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin_page
    fill_admin_page(qtbot, wizard)

    page = wizard.recovery_page
    assert wizard.currentPage() is page
    assert KEY_RE.match(page.key_label.text())
    assert page.confirm_box.text() == CONFIRM_TEXT
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    # Closing before the key is kept is refused: it would be lost.
    wizard.reject()
    assert wizard.isVisible() and "shown only once" in page.status_label.text()

    pdf = tmp_path / "usb" / "recovery-key.pdf"
    pdf.parent.mkdir()
    page.choose_pdf_path = lambda: str(pdf)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "Saved to" in page.status_label.text()
    key = page.key_label.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert key.replace("-", "") in re.sub(r"[\s-]", "", text)

    qtbot.mouseClick(page.confirm_box, Qt.MouseButton.LeftButton)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.store is not None and wizard.actor is not None
    assert wizard.actor.role is Role.ADMIN and wizard.actor.full_name == "Ada Admin"
    assert wizard.recovery_key == ""  # not kept in memory once it is safe
    wizard.store.close()

    login = LoginWindow(data_dir)
    qtbot.addWidget(login)
    login.show()
    qtbot.keyClicks(login.form.name_edit, "ada")
    qtbot.keyClicks(login.form.password_edit, "green kettle 42")
    with qtbot.waitSignal(login.loggedIn) as logged_in:
        qtbot.keyClick(login.form.password_edit, Qt.Key.Key_Return)
    store, actor = logged_in.args
    assert actor.name == "ada" and store.unlocked
    store.close()


def test_setup_says_in_one_sentence_when_the_folder_cannot_be_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    wizard = SetupWizard(blocker / "store")
    qtbot.addWidget(wizard)
    wizard.show()
    fill_site_page(qtbot, wizard)
    fill_admin_page(qtbot, wizard)
    message = wizard.admin_page.message_label.text()
    assert wizard.currentPage() is wizard.admin_page
    assert message.startswith("Bedside cannot make its files in")
    assert "Traceback" not in message and message.count("\n") == 0
    assert wizard.store is None


def test_setup_refuses_two_different_passwords_before_creating_anything(
    qtbot: QtBot, data_dir: Path
) -> None:
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_site_page(qtbot, wizard)
    fill_admin_page(qtbot, wizard, again="green kettle 43")
    assert wizard.admin_page.message_label.text() == (
        "The two passwords are not the same: type them again."
    )
    assert not data_dir.exists()


def test_setup_refuses_a_site_code_with_spaces(qtbot: QtBot, data_dir: Path) -> None:
    wizard = SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_site_page(qtbot, wizard, site="Ward 4")
    assert wizard.currentPage() is wizard.site_page
    assert "site code" in wizard.site_page.message_label.text()


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from ``widget``: the next visible widget that takes focus by Tab."""
    candidate = widget.nextInFocusChain()
    while not (
        candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isVisibleTo(widget.window())
    ):
        candidate = candidate.nextInFocusChain()
    return candidate


@pytest.fixture
def login(qtbot: QtBot, opened: OpenStore) -> LoginWindow:
    opened.store.lock()
    window = LoginWindow(opened.data_dir)
    window.use_store(opened.store)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_wrong_password_is_one_sentence_with_a_countdown_and_the_button_waits(
    qtbot: QtBot, login: LoginWindow
) -> None:
    form = login.form
    qtbot.keyClicks(form.name_edit, "admin")
    qtbot.keyClicks(form.password_edit, "not the password")
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert form.message_label.text() == (
        "The user name or password is not right: try again in 1 s."
    )
    assert form.password_edit.text() == ""
    assert not form.submit_button.isEnabled()
    # The wait is per account: someone else may log in meanwhile.
    qtbot.keyClicks(form.name_edit, "x")
    assert form.submit_button.isEnabled()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Backspace)
    assert not form.submit_button.isEnabled()
    qtbot.waitUntil(lambda: form.message_label.text() == "You can try again now.", timeout=4000)
    assert form.submit_button.isEnabled()


def test_after_several_failures_the_back_off_is_shown_with_its_wait(
    qtbot: QtBot, login: LoginWindow, opened: OpenStore
) -> None:
    for _ in range(4):  # as if they happened before a restart: 1, 2, 4, then 8 s
        opened.store.throttle.record_failure("admin")
    form = login.form
    qtbot.keyClicks(form.name_edit, "admin")
    type_into(qtbot, form.password_edit, ADMIN_PASSWORD)
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert re.fullmatch(
        r"Too many wrong passwords for admin: try again in [78] s\.", form.message_label.text()
    )
    assert not opened.store.unlocked
    first = form.message_label.text()
    qtbot.waitUntil(lambda: form.message_label.text() != first, timeout=3000)
    assert "try again in" in form.message_label.text()  # counting down


def test_caps_lock_hint_shows_when_a_capital_comes_without_shift(
    qtbot: QtBot, login: LoginWindow
) -> None:
    form = login.form
    assert not form.caps_label.isVisibleTo(form)
    qtbot.keyClick(form.password_edit, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    assert not form.caps_lock_on
    qtbot.keyClicks(form.password_edit, "A")  # upper case, no Shift
    assert form.caps_lock_on and form.caps_label.isVisibleTo(form)
    qtbot.keyClick(form.password_edit, "a", Qt.KeyboardModifier.ShiftModifier)
    assert form.caps_lock_on  # Shift with Caps Lock gives lower case
    qtbot.keyClick(form.password_edit, Qt.Key.Key_CapsLock)
    assert not form.caps_lock_on and not form.caps_label.isVisibleTo(form)


def test_login_fields_have_names_and_tab_goes_name_password_button(
    qtbot: QtBot, login: LoginWindow
) -> None:
    form = login.form
    assert form.name_edit.accessibleName() == "User name"
    assert form.password_edit.accessibleName() == "Password"
    assert next_tab_stop(form.name_edit) is form.password_edit
    assert next_tab_stop(form.password_edit) is form.submit_button


def test_a_temporary_password_must_be_changed_before_the_main_window(
    qtbot: QtBot, opened: OpenStore
) -> None:
    add_user(opened.store, opened.admin, "nina", Role.NURSE, "temporary-1", "Nina Nurse")
    opened.store.close()
    controller = AppController(opened.data_dir)
    login = controller.start()
    qtbot.addWidget(login)
    assert isinstance(login, LoginWindow)
    qtbot.keyClicks(login.form.name_edit, "nina")
    qtbot.keyClick(login.form.name_edit, Qt.Key.Key_Return)  # Enter moves on to the password
    assert login.form.password_edit.hasFocus() or QApplication.focusWidget() is None
    qtbot.keyClicks(login.form.password_edit, "temporary-1")
    qtbot.keyClick(login.form.password_edit, Qt.Key.Key_Return)
    dialog = login.findChild(ChangePasswordDialog)
    assert dialog is not None and dialog.isVisible()
    assert controller.main_window is None
    qtbot.keyClicks(dialog.current_edit, "temporary-1")
    qtbot.keyClicks(dialog.new_edit, "blue teapot 7")
    qtbot.keyClicks(dialog.again_edit, "blue teapot 7")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    window = controller.main_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.session.actor.name == "nina"
    qtbot.waitUntil(lambda: not login.isVisible())


@pytest.fixture
def main_window(qtbot: QtBot, opened: OpenStore) -> MainWindow:
    styled()
    window = MainWindow(
        SessionController(opened.store, opened.admin), parts=FakeParts(), idle_timeout_ms=60_000
    )
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_main_window_names_study_and_site_and_starts_on_today(main_window: MainWindow) -> None:
    assert main_window.windowTitle() == "Bedside — NCT04339660 — WH01"
    assert main_window.nav_buttons["today"].isChecked()
    assert main_window.current_page().objectName() == "today"
    assert main_window.user_label.text() == "Ada Admin (admin) · admin"
    assert re.fullmatch(r"Unsynced changes: \d+", main_window.unsynced_label.text())
    assert main_window.last_sync_label.text() == "Last sync: never"
    assert re.fullmatch(r"\d\d:\d\d UTC · \d\d:\d\d local", main_window.clock_label.text())


def test_safety_is_the_safety_page_and_sync_is_the_sync_page(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from app.ui.safety_page import SafetyPage

    qtbot.mouseClick(main_window.nav_buttons["safety"], Qt.MouseButton.LeftButton)
    page = main_window.current_page()
    assert isinstance(page, SafetyPage)
    qtbot.mouseClick(main_window.nav_buttons["sync"], Qt.MouseButton.LeftButton)
    assert isinstance(main_window.current_page(), SyncPage)


def test_a_scanned_code_opens_the_participant_from_any_screen(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    qtbot.mouseClick(main_window.nav_buttons["sync"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(main_window.barcode_edit, "k-1041")
    qtbot.keyClick(main_window.barcode_edit, Qt.Key.Key_Return)
    assert main_window.participant_id == "p-1"
    assert main_window.current_page().property("participantId") == "p-1"
    assert main_window.nav_buttons["participants"].isChecked()
    assert main_window.barcode_edit.text() == ""


def test_a_code_that_matches_nothing_says_so_clearly(qtbot: QtBot, main_window: MainWindow) -> None:
    qtbot.keyClicks(main_window.barcode_edit, "NOPE-9")
    qtbot.keyClick(main_window.barcode_edit, Qt.Key.Key_Return)
    assert main_window.message_frame.isVisible()
    assert main_window.message_label.text().startswith("No participant has the code “NOPE-9”.")
    assert main_window.current_page().objectName() == "today"


def test_admin_is_offered_only_to_the_admin_role(qtbot: QtBot, opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    change_password(opened.store, nurse, "nurse-pass-1", "nurse-pass-2")
    window = MainWindow(SessionController(opened.store, nurse), parts=FakeParts())
    qtbot.addWidget(window)
    window.show()
    assert not window.nav_buttons["admin"].isVisible()
    assert window.nav_buttons["participants"].isVisible()
    window.show_section("admin")  # even asked for directly, no admin page is built
    assert isinstance(window.current_page(), PlaceholderPage)


def test_controls_are_large_enough_for_gloved_hands(main_window: MainWindow) -> None:
    main_window.show_section("admin")
    assert QApplication.font().pointSize() >= 12
    for widget in (
        main_window.barcode_edit,
        main_window.lock_button,
        main_window.nav_buttons["today"],
        main_window.current_page().add_button,  # type: ignore[attr-defined]
        main_window.current_page().name_edit,  # type: ignore[attr-defined]
        main_window.current_page().role_combo,  # type: ignore[attr-defined]
    ):
        assert widget.height() >= 44, widget.accessibleName()


def test_store_is_closed_with_the_window(qtbot: QtBot, main_window: MainWindow) -> None:
    store: Store = main_window.session.store
    main_window.close()
    assert not store.unlocked
    Store.open(store.paths.root).close()  # the directory lock was released too


def test_the_quick_store_check_agrees_with_store_paths(tmp_path: Path, opened: OpenStore) -> None:
    empty = tmp_path / "empty"
    assert has_store(empty) is StorePaths(empty).exists() is False
    assert has_store(opened.data_dir) is StorePaths(opened.data_dir).exists() is True
    (opened.data_dir / "bedside.db").unlink()
    assert has_store(opened.data_dir) is StorePaths(opened.data_dir).exists() is True


def test_a_store_in_use_elsewhere_is_said_on_the_login_window_before_typing(
    qtbot: QtBot, opened: OpenStore
) -> None:
    window = LoginWindow(opened.data_dir)  # the fixture's process already holds the store
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.form.message_label.isVisibleTo(window), timeout=5000)
    assert window.form.message_label.text() == (
        "The store is in use by another copy of Bedside: close it first."
    )


def test_a_known_fault_is_one_sentence_and_a_bug_shows_only_a_reference(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    known = show_error(None, DiskFull("The disk is full: free some space, then try again."))
    qtbot.addWidget(known)
    assert known.text() == "The disk is full: free some space, then try again."
    try:
        raise KeyError("internal detail")
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="bedside.bug"):
            bug = show_error(None, exc)
    qtbot.addWidget(bug)
    reference = re.search(r"reference ([0-9A-F]{8})", bug.text())
    assert reference is not None
    assert "KeyError" not in bug.text() and "Traceback" not in bug.text()
    assert reference.group(1) in caplog.text and "Traceback" in caplog.text


def test_the_excepthook_shows_an_escaped_exception_as_a_dialog(qtbot: QtBot) -> None:
    try:
        raise RuntimeError("slot blew up")
    except RuntimeError as exc:
        error_dialog._excepthook(RuntimeError, exc, exc.__traceback__)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, error_dialog.ErrorDialog)]
    assert dialogs and "reference" in dialogs[-1].text()
    for dialog in dialogs:
        qtbot.addWidget(dialog)


def test_with_the_participant_screens_a_scanned_kit_code_opens_the_participant(
    qtbot: QtBot, opened: OpenStore
) -> None:
    pytest.importorskip("app.ui.participant_page")
    pytest.importorskip("app.services.participants")
    from app.models import Participant
    from app.timeutil import utc_now

    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        person = Participant(
            screening_number="S-100", initials="AB", sex="F", kit_code="K-7", created_at=utc_now()
        )
        session.add(person)
        session.flush()
        participant_id = person.id
    window = MainWindow(SessionController(opened.store, opened.admin), idle_timeout_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.barcode_edit, "k-7")
    qtbot.keyClick(window.barcode_edit, Qt.Key.Key_Return)
    assert window.participant_id == participant_id
    assert type(window.current_page()).__name__ == "ParticipantPage"
