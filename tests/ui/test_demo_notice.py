"""The login window says a demo store is a demo and names its accounts; a real one does not."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.roles import Role
from app.store.demo_marker import DEMO_MARKER
from app.ui.login import LoginWindow
from tests.conftest import OpenStore


def test_a_demo_store_names_its_accounts_on_the_login_window(qtbot: QtBot, tmp_path: Path) -> None:
    from app.services.demo import create_demo_store

    folder = tmp_path / "demo"
    create_demo_store(folder)
    window = LoginWindow(folder)
    qtbot.addWidget(window)
    assert window.demo_label is not None
    text = window.demo_label.text()
    assert "demo store" in text
    for role in Role:
        assert f"{role.value} / {role.value}-demo" in text


def test_a_real_store_shows_no_demo_accounts(qtbot: QtBot, opened: OpenStore) -> None:
    assert not (opened.data_dir / DEMO_MARKER).exists()
    window = LoginWindow(opened.data_dir)
    qtbot.addWidget(window)
    assert window.demo_label is None


def test_a_damaged_marker_is_no_demo(qtbot: QtBot, opened: OpenStore) -> None:
    (opened.data_dir / DEMO_MARKER).write_text('{"format": "other", "accounts": {}}')
    window = LoginWindow(opened.data_dir)
    qtbot.addWidget(window)
    assert window.demo_label is None
