"""Admin → Re-enrol: a restored laptop asks the hub again and takes its endorsement, by clicks.

One device is synced twice, backed up in between, restored from that backup (so the
hub holds changes it lost) and closed, once per module; each test works on a copy of
that restored store, against the same SQLite hub.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from app.hub.endorse import endorse
from app.hub.store import Hub
from app.models import DeviceKey
from app.roles import Role
from app.store.backup import make_backup
from app.store.store import Store
from app.sync.reenrol import current_epoch
from app.sync.reenrol_doc import ENDORSEMENT_FORMAT, FORMAT_VERSION, write_signed
from app.ui.admin_page import AdminPage
from app.ui.reenrol_panel import ReenrolPanel
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.integration.sync_env import SyncEnv
from tests.integration.test_reenrolment_insiders import Scene
from tests.ui.test_idle_lock import styled

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class World:
    device_dir: Path  # the restored store, closed: each test opens a copy
    hub: Hub


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("reenrol")
    data_dir = root / "device"
    store, admin, recovery = Store.create(
        data_dir, site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    env = SyncEnv.make(OpenStore(store, admin, recovery, data_dir), root, None)
    scene = Scene(env, root, root / "early.bedside-backup", root / "unused.json",
                  root / "unused-end.json")  # fmt: skip
    try:
        env.write()
        assert scene.sync() == ["applied"]
        make_backup(env.device.store, env.device.admin, scene.early)
        env.write()  # lost by the restore, held by the hub
        assert scene.sync() == ["applied"]
        scene.restore(scene.early)
        env.device.store.close()
        yield World(data_dir, env.hub)
    finally:
        env.device.store.close()
        env.hub.close()


@pytest.fixture
def restored(world: World, tmp_path: Path) -> Iterator[OpenStore]:
    data_dir = tmp_path / "device"
    shutil.copytree(world.device_dir, data_dir, ignore=shutil.ignore_patterns("replaced-*"))
    store = Store.open(data_dir)
    try:
        yield OpenStore(store, store.unlock("admin", ADMIN_PASSWORD), "", data_dir)
    finally:
        store.close()


def shown(qtbot: QtBot, opened: OpenStore) -> ReenrolPanel:
    styled()
    panel = ReenrolPanel(opened.store, opened.admin)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    return panel


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def epoch_of(opened: OpenStore) -> int | None:
    with opened.store.read() as session:
        state = current_epoch(session)
    return state.epoch if state is not None else None


def write_request(qtbot: QtBot, panel: ReenrolPanel, path: Path) -> None:
    panel.choose_request_path = lambda: str(path)  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.requestWritten):
        click(qtbot, panel.request_button)


def test_writing_a_request_says_where_and_that_it_waits_for_the_hub(
    qtbot: QtBot, restored: OpenStore, tmp_path: Path
) -> None:
    panel = shown(qtbot, restored)
    assert panel.epoch_label.text() == "Epoch 1: the hub has not re-enrolled this laptop."
    assert panel.pending_label.text() == "No request is waiting for the hub."
    request = tmp_path / "WARD_LAPTOP_1.reenrol.json"
    write_request(qtbot, panel, request)
    assert request.is_file() and Path(f"{request}.minisig").is_file()
    assert panel.request_message.property("kind") == "ok"
    assert panel.request_message.text() == (
        f"The request is written to {request} and its signature to {request}.minisig: give "
        "both files to the data manager, and import the endorsement the hub sends back."
    )
    assert panel.pending_label.text() == "A request is waiting for the hub's endorsement."
    assert epoch_of(restored) is None


def test_the_default_request_file_is_named_for_the_device_in_the_home_folder(
    qtbot: QtBot, opened: OpenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = shown(qtbot, opened)
    asked: list[str] = []

    def dialog(_parent: QWidget, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""  # cancelled

    monkeypatch.setattr("app.ui.reenrol_panel.QFileDialog.getSaveFileName", dialog)
    click(qtbot, panel.request_button)
    assert asked == [str(Path.home() / "WARD_LAPTOP_1.reenrol.json")]
    assert panel.request_message.text() == ""


def test_a_refused_request_is_one_sentence_beside_the_button_and_nothing_is_written(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    panel = shown(qtbot, opened)  # a store that never pinned a hub
    request = tmp_path / "req.json"
    panel.choose_request_path = lambda: str(request)  # type: ignore[method-assign]
    with opened.store.read() as session:
        rows_before = session.scalar(text("SELECT count(*) FROM audit_log"))
    click(qtbot, panel.request_button)
    with opened.store.read() as session:  # not even a device key was made
        assert session.scalar(text("SELECT count(*) FROM audit_log")) == rows_before
    assert "Pin the hub first" in panel.request_message.text()
    assert panel.request_message.property("kind") == "error"
    assert not request.exists() and not Path(f"{request}.minisig").exists()
    assert panel.pending_label.text() == "No request is waiting for the hub."


def test_only_an_admin_is_let_write_a_request(
    qtbot: QtBot, opened: OpenStore, tmp_path: Path
) -> None:
    styled()
    panel = ReenrolPanel(opened.store, opened.actor(Role.NURSE))
    qtbot.addWidget(panel)
    panel.show()
    request = tmp_path / "req.json"
    panel.choose_request_path = lambda: str(request)  # type: ignore[method-assign]
    click(qtbot, panel.request_button)
    assert panel.request_message.text().startswith("Only an admin")
    assert not request.exists()


def test_the_hubs_endorsement_is_imported_and_the_lost_changes_are_listed(
    qtbot: QtBot, restored: OpenStore, world: World, tmp_path: Path
) -> None:
    panel = shown(qtbot, restored)
    request = tmp_path / "WARD_LAPTOP_1.reenrol.json"
    write_request(qtbot, panel, request)
    endorsement = tmp_path / "WARD_LAPTOP_1.endorsement.json"
    hub_said = endorse(world.hub, request, endorsement)
    assert hub_said.lost_count > 1
    assert not panel.lost_list.isVisible()
    panel.choose_endorsement_path = lambda: str(endorsement)  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.endorsementImported) as imported:
        click(qtbot, panel.import_button)
    assert imported.args == [hub_said.epoch]
    assert epoch_of(restored) == hub_said.epoch
    assert panel.import_message.property("kind") == "ok"
    assert panel.import_message.text() == (
        f"Endorsed: this laptop is now in epoch {hub_said.epoch}, and its next bundle is "
        f"number {hub_said.next_bundle}."
    )
    assert panel.lost_header.text() == (
        f"The hub holds {hub_said.lost_count} changes that this laptop lost; enter them again."
    )
    assert panel.lost_list.isVisible()
    assert panel.lost_list.isReadOnly()
    lines = panel.lost_list.toPlainText().splitlines()
    assert lines == [line.strip() for line in hub_said.lost_lines]
    assert len(lines) == hub_said.lost_count and lines[0].startswith("row ")
    assert panel.epoch_label.text() == (
        f"Epoch {hub_said.epoch}: the hub last re-enrolled this laptop."
    )
    assert panel.pending_label.text() == "No request is waiting for the hub."
    # The same file again is refused: the request it answers is no longer open.
    click(qtbot, panel.import_button)
    assert panel.import_message.property("kind") == "error"
    assert epoch_of(restored) == hub_said.epoch


def _garbage(path: Path, _opened: OpenStore) -> None:
    path.write_bytes(b"\x00not an endorsement{")
    Path(f"{path}.minisig").write_text("neither a signature\n")


def _signed_by_the_device(path: Path, opened: OpenStore) -> None:
    with opened.store.read() as session:
        key = session.scalars(select(DeviceKey)).one()
        signer = (key.private_key, bytes.fromhex(key.key_id_hex))
    doc = {"format": ENDORSEMENT_FORMAT, "format_version": FORMAT_VERSION, "epoch": 9}
    write_signed(path, doc, signer, "forged", "forged")


@pytest.mark.parametrize("make", [_garbage, _signed_by_the_device], ids=["garbage", "foreign"])
def test_a_garbage_or_foreign_endorsement_is_refused_and_the_epoch_stays(
    qtbot: QtBot, restored: OpenStore, tmp_path: Path, make: object
) -> None:
    panel = shown(qtbot, restored)
    write_request(qtbot, panel, tmp_path / "req.json")
    endorsement = tmp_path / "end.json"
    make(endorsement, restored)  # type: ignore[operator]
    before = (panel.epoch_label.text(), panel.pending_label.text())
    panel.choose_endorsement_path = lambda: str(endorsement)  # type: ignore[method-assign]
    click(qtbot, panel.import_button)
    said = panel.import_message.text()
    assert said and "end.json" in said and "Traceback" not in said
    assert panel.import_message.property("kind") == "error"
    assert epoch_of(restored) is None
    assert (panel.epoch_label.text(), panel.pending_label.text()) == before
    assert before[1] == "A request is waiting for the hub's endorsement."
    assert not panel.lost_header.isVisible() and not panel.lost_list.isVisible()


def test_the_admin_page_has_the_re_enrol_tab_after_backup(qtbot: QtBot, opened: OpenStore) -> None:
    styled()
    page = AdminPage(opened.store, opened.admin)
    qtbot.addWidget(page)
    page.show()
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert names[-2:] == ["Backup", "Re-enrol"]
    page.tabs.setCurrentIndex(names.index("Re-enrol"))
    assert page.reenrol_panel.isVisible()
