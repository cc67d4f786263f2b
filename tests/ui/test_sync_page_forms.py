"""The Sync screen's forms: folder and interval, the device key, pinning the hub."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.errors import InvalidInput, NotPermitted
from app.hub.store import Hub
from app.roles import Role
from app.services import settings
from app.sync.device import device_public_key
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from app.ui.sync_controller import NOT_PINNED, AttemptLog, SyncController
from app.ui.sync_page import REACHABLE, AttemptsModel, SyncPage, check_hub_fields
from tests.conftest import OpenStore
from tests.ui.test_idle_lock import FakeParts, styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def hub_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    hub, _ = Hub.init(
        tmp_path_factory.mktemp("hub") / "hub", None, "dm", "hub pass 1", "NCT04339660"
    )
    with hub:
        keys = hub.keys()
    return keys.age_recipient, keys.minisign_public_key


_windows: list[MainWindow] = []


@pytest.fixture(autouse=True)
def _keep_windows() -> object:
    """Windows live until the test ends (qtbot only holds them weakly)."""
    yield
    _windows.clear()


def open_page(qtbot: QtBot, opened: OpenStore, role: Role = Role.ADMIN) -> SyncPage:
    styled()
    actor = opened.admin if role is Role.ADMIN else opened.actor(role)
    window = MainWindow(SessionController(opened.store, actor), parts=FakeParts())
    qtbot.addWidget(window)
    _windows.append(window)
    window.show()
    qtbot.waitUntil(lambda: window.sync.state is not None)  # the first look at the status
    window.show_section("sync")
    page = window.current_page()
    assert isinstance(page, SyncPage)
    return page


def test_the_admin_chooses_the_folder_and_sees_it_is_reachable(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    page = open_page(qtbot, opened)
    assert page.folder_label.text() == "No folder chosen yet"
    page.ask_folder = lambda: str(tmp_path)  # type: ignore[method-assign]
    with qtbot.waitSignal(page.controller.statusChanged):
        qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert settings.get_sync_folder(opened.store) == tmp_path
    assert page.folder_label.text() == str(tmp_path)
    assert page.reach_label.text() == REACHABLE
    assert page.folder_message.text() == "Saved: bundles go to this folder."


def test_a_cancelled_folder_dialog_changes_nothing(qtbot: QtBot, opened: OpenStore) -> None:
    page = open_page(qtbot, opened)
    page.ask_folder = lambda: ""  # type: ignore[method-assign]
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    assert settings.get_sync_folder(opened.store) is None
    assert page.folder_message.text() == ""


def test_the_interval_is_saved_and_the_timer_follows_it(qtbot: QtBot, opened: OpenStore) -> None:
    page = open_page(qtbot, opened)
    assert page.interval_spin.value() == settings.DEFAULT_SYNC_MINUTES == 5
    assert page.controller.interval_ms == 5 * 60_000
    page.interval_spin.setValue(15)
    qtbot.mouseClick(page.interval_button, Qt.MouseButton.LeftButton)
    assert settings.get_sync_minutes(opened.store) == 15
    assert page.controller.interval_ms == 15 * 60_000
    assert page.folder_message.text() == "Saved: sync every 15 min."


def test_a_nurse_can_sync_but_not_change_the_folder_interval_or_hub(
    qtbot: QtBot, opened: OpenStore
) -> None:
    page = open_page(qtbot, opened, Role.NURSE)
    assert page.sync_button.isEnabled()
    assert page.choose_button.isHidden() and page.interval_button.isHidden()
    assert page.interval_label.text() == "5 min"
    assert page.folder_message.text() == "An admin chooses the folder and the interval."
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["Recent attempts", "This device's key", "Hub"]  # no "Pin the hub"
    with pytest.raises(NotPermitted):
        settings.set_sync_folder(opened.store, page.actor, "/media/stick")


def test_the_device_key_is_shown_as_text_and_qr_and_copied(qtbot: QtBot, opened: OpenStore) -> None:
    page = open_page(qtbot, opened)
    key = device_public_key(opened.store, opened.admin).splitlines()[1]
    assert page.device_key.text_edit.text() == key and page.device_key.text_edit.isReadOnly()
    assert page.device_key.qr.text() == key
    matrix = page.device_key.qr.matrix()
    assert matrix is not None and page.device_key.qr.sizeHint().width() == (matrix.size + 8) * 5
    with qtbot.waitSignal(page.device_key.copied):
        qtbot.mouseClick(page.device_key.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == key
    assert "WARD_LAPTOP_1" in page.device_key.caption_label.text()


def test_pinning_the_hub_shows_errors_next_to_the_fields_then_pins(
    qtbot: QtBot, opened: OpenStore, hub_keys: tuple[str, str]
) -> None:
    recipient, key = hub_keys
    page = open_page(qtbot, opened)
    assert not page.hub_none_label.isHidden() and page.hub_recipient.isHidden()
    qtbot.keyClicks(page.pin_recipient_edit, "age2nonsense")
    qtbot.keyClicks(page.pin_key_edit, key)
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    assert page.pin_recipient_error.text() == (
        "That is not an age recipient (it starts with 'age1')."
    )
    assert page.pin_key_error.isHidden()
    assert not page.hub_none_label.isHidden()

    page.pin_recipient_edit.setText(recipient)
    with qtbot.waitSignal(page.controller.statusChanged):
        qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    assert page.pin_recipient_error.isHidden() and page.pin_key_error.isHidden()
    assert page.pin_message.text().startswith("Pinned: bundles are encrypted to this hub")
    assert page.hub_recipient.text() == recipient and page.hub_key.text() == key
    assert page.hub_recipient.qr.matrix() is not None
    assert page.hub_none_label.isHidden()
    assert page.hub_label.text() == "Hub: pinned"


def test_replacing_the_pinned_hub_asks_first(
    qtbot: QtBot, opened: OpenStore, hub_keys: tuple[str, str], tmp_path: Path
) -> None:
    recipient, key = hub_keys
    page = open_page(qtbot, opened)
    page.pin_recipient_edit.setText(recipient)
    page.pin_key_edit.setText(f"untrusted comment: bedside hub\n{key}\n")
    page.pin_hub()
    questions: list[str] = []
    page.confirm = lambda q: questions.append(q) or False  # type: ignore[method-assign]
    page.pin_recipient_edit.setText(recipient)
    page.pin_key_edit.setText(key)
    page.pin_hub()  # the same hub again: nothing to ask
    assert questions == []
    other, _ = Hub.init(tmp_path / "other", None, "dm", "hub pass 2", "NCT04339660")
    with other:
        page.pin_recipient_edit.setText(other.keys().age_recipient)
    page.pin_key_edit.setText(key)
    page.pin_hub()
    assert questions == ["Replace the pinned hub? Bundles will be encrypted to the new hub only."]
    assert page.hub_recipient.text() == recipient  # refused: the first hub stays


@pytest.mark.parametrize(
    ("recipient", "key", "fields"),
    [
        ("", "", {"recipient", "key"}),
        ("age1abc", "RWQnot-base64", {"recipient", "key"}),
        ("  ", "x", {"recipient", "key"}),
    ],
)
def test_hub_field_checks_name_each_wrong_field(recipient: str, key: str, fields: set[str]) -> None:
    problems = check_hub_fields(recipient, key)
    assert set(problems) == fields
    assert all(sentence.endswith(".") for sentence in problems.values())


@pytest.mark.parametrize("value", ["", "relative/folder", "  "])
def test_a_sync_folder_must_be_a_full_path(value: str) -> None:
    with pytest.raises(InvalidInput):
        settings.check_sync_folder(value)


@pytest.mark.parametrize("value", ["/media/bedside", r"E:\bedside-sync", r"\\ward-nas\sync"])
def test_usb_sticks_and_windows_shares_are_full_paths(value: str) -> None:
    assert settings.check_sync_folder(f" {value} ") == value


@pytest.mark.parametrize("value", [0, 61, "2.5", "soon", True])
def test_the_sync_interval_is_whole_minutes_in_range(value: object) -> None:
    with pytest.raises(InvalidInput, match="sync interval"):
        settings.check_sync_minutes(value)


def test_sync_settings_are_audited_and_unreadable_values_fall_back(opened: OpenStore) -> None:
    from sqlalchemy import select

    from app.models import AuditEntry, Setting

    settings.set_sync_minutes(opened.store, opened.admin, 10)
    settings.set_sync_folder(opened.store, opened.admin, "/media/stick")
    with opened.store.transaction(opened.admin, reason="test") as session:
        for row in session.scalars(select(Setting)):
            row.value = "garbage"
    assert settings.get_sync_minutes(opened.store) == settings.DEFAULT_SYNC_MINUTES
    assert settings.get_sync_folder(opened.store) is None
    with opened.store.read() as session:
        reasons = set(
            session.scalars(select(AuditEntry.reason).where(AuditEntry.table_name == "settings"))
        )
    assert {"sync interval changed in settings", "sync folder changed in settings"} <= reasons


def test_the_attempt_log_folds_repeats_and_keeps_the_latest_fifty() -> None:
    log = AttemptLog()
    start = datetime(2025, 5, 1, 9, 0).astimezone()
    for minute in range(3):
        log.add(start.replace(minute=minute), "Nothing new", ok=True)
    assert len(log.items) == 1 and log.items[0].repeats == 3 and log.items[0].at.minute == 2
    for n in range(60):
        log.add(start, f"Wrote bundle {n}", ok=True)
    assert len(log.items) == AttemptLog.MAX_ITEMS
    assert log.items[0].text == "Wrote bundle 59"


def test_the_attempts_model_passes_the_model_tester(qtmodeltester, opened: OpenStore) -> None:  # type: ignore[no-untyped-def]
    log = AttemptLog()
    now = datetime.now().astimezone()
    log.add(now, "Nothing new", ok=True)
    log.add(now, "E:\\ is not reachable", ok=False)
    log.add(now, "E:\\ is not reachable", ok=False)
    model = AttemptsModel()
    model.set_attempts(log.items)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, AttemptsModel.OUTCOME).data().endswith("(2 times in a row)")
    assert model.index(0, 0).data(AttemptsModel.OK_ROLE) is False
    assert model.index(1, AttemptsModel.TIME).data() == f"{now:%H:%M:%S}"
    model.set_attempts(())
    qtmodeltester.check(model, force_py=True)


def test_without_a_folder_or_hub_sync_now_says_what_to_do_first(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    page = open_page(qtbot, opened)
    share = tmp_path / "share"
    share.mkdir()
    controller: SyncController = page.controller
    with qtbot.waitSignal(controller.attempted) as said:
        page.sync_button.click()
    assert said.args == ["Choose the sync folder first: an admin picks it on this page."]
    settings.set_sync_folder(opened.store, opened.admin, share)
    qtbot.waitUntil(lambda: not controller.busy)
    with qtbot.waitSignal(controller.attempted) as said:
        page.sync_button.click()
    assert said.args == [NOT_PINNED]
    assert list(share.iterdir()) == []
