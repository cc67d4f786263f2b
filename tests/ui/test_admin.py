"""The admin page: people, settings, device information."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.roles import Role
from app.services import settings
from app.services.users import list_users
from app.ui.admin_page import AdminPage, UsersTableModel
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import FakeParts, styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def page(qtbot: QtBot, opened: OpenStore) -> AdminPage:
    styled()
    admin = AdminPage(opened.store, opened.admin)
    qtbot.addWidget(admin)
    admin.show()
    return admin


def people(opened: OpenStore) -> dict[str, tuple[str, bool, bool]]:
    return {u.name: (u.role, u.active, u.must_change_password) for u in list_users(opened.store)}


def add_nina(qtbot: QtBot, page: AdminPage) -> None:
    qtbot.keyClicks(page.name_edit, "nina")
    qtbot.keyClicks(page.full_name_edit, "Nina Nurse")
    page.role_combo.setCurrentIndex(page.role_combo.findData("nurse"))
    qtbot.keyClicks(page.password_edit, "temporary-1")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def column_texts(page: AdminPage, row_name: str) -> list[str]:
    proxy = page.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == row_name:
            return [proxy.index(row, c).data() for c in range(proxy.columnCount())]
    raise AssertionError(f"{row_name} is not in the table")


def test_the_admin_adds_a_person_who_must_choose_their_own_password(
    qtbot: QtBot, page: AdminPage, opened: OpenStore
) -> None:
    add_nina(qtbot, page)
    assert people(opened)["nina"] == ("nurse", True, True)
    assert column_texts(page, "nina") == ["nina", "Nina Nurse", "nurse", "temporary password"]
    assert page.selected_name() == "nina"
    assert page.people_message.text().startswith("Nina Nurse (nina) can now log in as nurse")
    assert page.password_edit.text() == "" and page.name_edit.text() == ""


def test_a_refused_new_person_is_one_sentence_and_nothing_is_added(
    qtbot: QtBot, page: AdminPage, opened: OpenStore
) -> None:
    qtbot.keyClicks(page.name_edit, "Nina Nurse")
    qtbot.keyClicks(page.password_edit, "temporary-1")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.people_message.text().startswith("User name 'Nina Nurse' is not allowed")
    assert set(people(opened)) == {"admin"}
    assert page.name_edit.text() == "Nina Nurse"  # kept for correcting


def test_the_admin_disables_a_person_with_a_reason(
    qtbot: QtBot, page: AdminPage, opened: OpenStore
) -> None:
    add_nina(qtbot, page)
    questions: list[str] = []
    page.confirm = lambda question: questions.append(question) or True  # type: ignore[method-assign]
    page.select_user("nina")
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    assert page.people_message.text() == "Give the reason for disabling the account."
    assert people(opened)["nina"][1] is True
    qtbot.keyClicks(page.reason_edit, "left the ward")
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    assert questions == ["Disable nina? They will no longer be able to log in."]
    assert people(opened)["nina"][1] is False
    assert column_texts(page, "nina")[UsersTableModel.STATUS] == "disabled"
    assert "nina" not in opened.store.slots.user_names()


def test_the_admin_cannot_disable_themselves(page: AdminPage) -> None:
    page.select_user("admin")
    assert not page.disable_button.isEnabled()
    assert page.reset_button.isEnabled()


def test_the_admin_resets_a_password_which_the_person_must_then_change(
    qtbot: QtBot, page: AdminPage, opened: OpenStore
) -> None:
    nurse = opened.actor(Role.NURSE)
    assert nurse.name == "nurse"
    page.refresh()
    page.select_user("nurse")
    qtbot.keyClicks(page.reason_edit, "forgot it")
    qtbot.keyClicks(page.reset_password_edit, "fresh-start-1")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert "must choose their own" in page.people_message.text()
    assert people(opened)["nurse"][2] is True
    opened.store.unlock("nurse", "fresh-start-1")


def test_settings_are_saved_and_the_idle_lock_follows_them(qtbot: QtBot, opened: OpenStore) -> None:
    styled()
    window = MainWindow(SessionController(opened.store, opened.admin), parts=FakeParts())
    qtbot.addWidget(window)
    window.show()
    assert window.idle_watcher.timeout_ms == 5 * 60_000  # the default
    window.show_section("admin")
    page = window.current_page()
    assert isinstance(page, AdminPage)
    page.idle_spin.setValue(2)
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh_CN"))
    with qtbot.waitSignal(page.settingsChanged):
        qtbot.mouseClick(page.save_settings_button, Qt.MouseButton.LeftButton)
    assert settings.get_idle_timeout_minutes(opened.store) == 2
    assert settings.get_language(opened.store) == "zh_CN"
    assert window.idle_watcher.timeout_ms == 2 * 60_000
    assert page.settings_message.text() == "Saved: lock after 2 min; language 简体中文."


def test_device_information_shows_site_store_and_sqlcipher(
    page: AdminPage, opened: OpenStore
) -> None:
    form = page.device_form
    shown = {
        form.itemAt(row, form.ItemRole.LabelRole).widget().text(): form.itemAt(
            row, form.ItemRole.FieldRole
        )
        .widget()
        .text()
        for row in range(form.rowCount())
    }
    assert shown["Site"] == "WH01"
    assert shown["Store ID"] == opened.store.store_id
    assert shown["SQLCipher version"][0].isdigit()
    assert shown["Bedside version"]


def test_the_add_person_form_is_kept_as_a_draft_but_never_the_password(
    qtbot: QtBot, page: AdminPage
) -> None:
    qtbot.keyClicks(page.name_edit, "li")
    qtbot.keyClicks(page.password_edit, "secret-123")
    state = page.draft_state()
    assert state == {"name": "li", "full_name": "", "role": "nurse"}
    page.name_edit.clear()
    page.restore_draft({"name": "li", "full_name": "Li Wei", "role": "monitor"})
    assert page.full_name_edit.text() == "Li Wei" and page.role_combo.currentData() == "monitor"


def test_the_users_model_passes_the_model_tester(qtmodeltester, opened: OpenStore) -> None:  # type: ignore[no-untyped-def]
    opened.actor(Role.NURSE)
    model = UsersTableModel()
    model.set_users(list_users(opened.store))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    model.set_users([])
    qtmodeltester.check(model, force_py=True)
