"""Admin → Backup: a click backs the store up into the chosen folder, checked and audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services import backups
from app.store.restore import restore_backup
from app.store.store import Store
from app.timeutil import utc_now
from app.ui.backup_panel import BackupPanel
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.ui.test_idle_lock import styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(qtbot: QtBot, opened: OpenStore) -> BackupPanel:
    styled()
    widget = BackupPanel(opened.store, opened.admin)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    qtbot.keyClicks(field, text)  # type: ignore[no-untyped-call]


def test_a_click_backs_up_into_the_chosen_folder(
    qtbot: QtBot, panel: BackupPanel, opened: OpenStore, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert panel.reminder.isVisible()
    assert panel.reminder.text() == "This laptop was never backed up: back it up now."
    assert panel.last_label.text() == "Last backup: none yet."
    panel.ask_folder = lambda: str(stick)  # type: ignore[method-assign]
    click(qtbot, panel.choose_button)
    assert panel.folder_edit.text() == str(stick)
    with qtbot.waitSignal(panel.backedUp) as made:
        click(qtbot, panel.backup_button)
    [file] = list(stick.iterdir())
    assert made.args == [str(file)]
    assert file.name.startswith("bedside-WH01-WARD_LAPTOP_1-")
    assert panel.message.text().endswith("the copy was checked.")
    assert panel.message.property("kind") == "ok"
    assert panel.progress.value() == panel.progress.maximum() > 1
    assert not panel.reminder.isVisible()
    assert panel.last_label.text().startswith("Last backup: ")
    assert str(file) in panel.last_label.text()
    panel.grab().save(str(tmp_path / "backup-panel.png"))
    # The file is a real backup: it restores and opens with the admin's password.
    restore_backup(file, tmp_path / "restored", "admin", ADMIN_PASSWORD)
    with Store.open(tmp_path / "restored") as restored:
        restored.unlock("admin", ADMIN_PASSWORD)


def test_no_folder_or_a_missing_one_is_refused_with_a_sentence(
    qtbot: QtBot, panel: BackupPanel, tmp_path: Path
) -> None:
    click(qtbot, panel.backup_button)
    assert panel.message.text() == "Choose the folder or USB stick to back up to."
    assert panel.message.property("kind") == "error"
    gone = tmp_path / "unplugged"
    type_into(qtbot, panel.folder_edit, str(gone))
    click(qtbot, panel.backup_button)
    assert panel.message.text() == (
        f"The folder {gone} is not there: plug in the stick or choose another folder."
    )
    assert not gone.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "store"]


def test_the_reminder_interval_is_saved_and_used(
    qtbot: QtBot, panel: BackupPanel, opened: OpenStore, tmp_path: Path
) -> None:
    assert panel.days_edit.text() == str(backups.DEFAULT_REMINDER_DAYS) == "7"
    panel.days_edit.clear()
    type_into(qtbot, panel.days_edit, "3")
    click(qtbot, panel.save_days_button)
    assert panel.days_message.text() == "Saved: a reminder after 3 days without a backup."
    assert backups.get_reminder_days(opened.store) == 3
    panel.folder_edit.setText(str(tmp_path))
    click(qtbot, panel.backup_button)
    now = utc_now()
    assert not backups.backup_status(opened.store, now + timedelta(days=2, hours=23)).due
    late = backups.backup_status(opened.store, now + timedelta(days=3, minutes=1))
    assert late.due
    assert late.reminder_sentence() == "No backup was made in the last 3 days: back up now."


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("0", "The backup reminder must be between 1 and 90 days."),
        ("91", "The backup reminder must be between 1 and 90 days."),
        ("seven", "The backup reminder needs a whole number of days, not seven."),
        ("2.5", "The backup reminder needs a whole number of days, not 2.5."),
        ("", "The backup reminder needs a whole number of days, not nothing."),
    ],
)
def test_a_reminder_outside_1_to_90_days_is_refused_beside_the_field(
    qtbot: QtBot, panel: BackupPanel, opened: OpenStore, typed: str, sentence: str
) -> None:
    panel.days_edit.clear()
    type_into(qtbot, panel.days_edit, typed)
    click(qtbot, panel.save_days_button)
    assert panel.days_message.text() == sentence
    assert panel.days_message.property("kind") == "error"
    assert panel.days_edit.text() == typed
    assert backups.get_reminder_days(opened.store) == 7


@pytest.mark.parametrize("typed", ["1", "90"])
def test_a_reminder_of_1_or_90_days_is_saved_as_typed(opened: OpenStore, typed: str) -> None:
    assert backups.set_reminder_days(opened.store, opened.admin, typed) == int(typed)
    assert backups.get_reminder_days(opened.store) == int(typed)
