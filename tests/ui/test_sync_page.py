"""The Sync screen and its timer: bundles out, receipts in, faults as one sentence."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.services import settings
from app.sync import device as sync_device
from app.ui.main_window import MainWindow
from app.ui.session import SessionController
from app.ui.sync_controller import SyncController
from app.ui.sync_page import NOT_REACHABLE, REACHABLE, AttemptsModel, SyncPage
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.integration.sync_env import SyncEnv
from tests.ui.test_idle_lock import FakeParts, styled, unlock_as

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def env(opened: OpenStore, tmp_path: Path) -> SyncEnv:
    made = SyncEnv.make(opened, tmp_path, None)
    settings.set_sync_folder(opened.store, opened.admin, made.share)
    made.write(participants=2)
    return made


@pytest.fixture
def window(qtbot: QtBot, opened: OpenStore, env: SyncEnv) -> MainWindow:
    styled()
    main = MainWindow(
        SessionController(opened.store, opened.admin), parts=FakeParts(), idle_timeout_ms=60_000
    )
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.sync.state is not None)  # the first look at the status
    return main


def sync_page(window: MainWindow) -> SyncPage:
    window.nav_buttons["sync"].click()
    page = window.current_page()
    assert isinstance(page, SyncPage)
    return page


def run_round(qtbot: QtBot, controller: SyncController) -> None:
    """Sync now, and wait until the round's outcome is in."""
    with qtbot.waitSignal(controller.busyChanged, check_params_cb=lambda busy: not busy):
        controller.sync_now()


def outcomes(page: SyncPage) -> list[str]:
    model = page.model
    return [model.index(r, AttemptsModel.OUTCOME).data() for r in range(model.rowCount())]


def test_sync_now_writes_a_bundle_and_the_status_bar_updates(
    qtbot: QtBot, window: MainWindow, env: SyncEnv
) -> None:
    page = sync_page(window)
    assert window.unsynced_label.text() != "Unsynced changes: 0"  # the new participants
    assert window.last_sync_label.text() == "Last sync: never"
    with qtbot.waitSignal(window.sync.busyChanged, check_params_cb=lambda busy: not busy):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert [p.name for p in env.bundles()] == ["WH01-WARD_LAPTOP_1-000001.bundle.age"]
    assert outcomes(page)[0].startswith("Wrote WH01-WARD_LAPTOP_1-000001 (")
    assert outcomes(page)[0].endswith(" changes)")
    assert window.last_sync_label.text().startswith("Last sync: 20")
    assert window.last_sync_label.text().endswith(" UTC")
    assert page.last_sync_label.text() == window.last_sync_label.text()
    assert page.reach_label.text() == REACHABLE
    assert page.sync_button.isEnabled() and page.sync_button.text() == "Sync now"

    run_round(qtbot, window.sync)  # nothing happened since: nothing is written
    assert len(env.bundles()) == 1
    assert outcomes(page)[0] == "Nothing new"


def test_a_receipt_dropped_in_the_folder_is_applied_on_the_next_tick(
    qtbot: QtBot, window: MainWindow, env: SyncEnv
) -> None:
    page = sync_page(window)
    run_round(qtbot, window.sync)
    assert [o.status for o in env.import_()] == ["applied"]
    assert (env.share / "WARD_LAPTOP_1-000001.receipt").exists()

    window.sync.set_interval_ms(50)
    with qtbot.waitSignal(window.sync.attempted, check_params_cb=lambda t: "acknowledged" in t):
        pass
    qtbot.waitUntil(lambda: window.unsynced_label.text() == "Unsynced changes: 0")
    assert "Hub acknowledged bundle 1" in outcomes(page)
    assert sync_device.status(env.device.store).last_ack is not None
    # Applied once: later ticks do not apply (or report) the same receipt again.
    for _ in range(3):
        run_round(qtbot, window.sync)
    assert outcomes(page).count("Hub acknowledged bundle 1") == 1


def test_an_unreachable_folder_is_one_sentence_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, opened: OpenStore, tmp_path: Path
) -> None:
    stick = tmp_path / "usb-stick"
    settings.set_sync_folder(opened.store, opened.admin, stick)
    page = sync_page(window)
    run_round(qtbot, window.sync)
    run_round(qtbot, window.sync)
    sentence = f"{stick} is not reachable — plug in the USB stick or connect to the share."
    assert outcomes(page) == [outcomes(page)[0]]  # the same fault twice is one line
    assert outcomes(page)[0] == f"{sentence}  (2 times in a row)"
    assert page.reach_label.text() == NOT_REACHABLE
    assert not stick.exists()
    assert window.last_sync_label.text() == "Last sync: never"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]

    stick.mkdir()  # plugged in: the next round writes
    run_round(qtbot, window.sync)
    assert outcomes(page)[0].startswith("Wrote ")
    assert page.reach_label.text() == REACHABLE


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOSPC, "The disk is full: free some space, then try again."),
        (errno.EROFS, "Bedside cannot write to {share}: check the folder is writable."),
        (errno.EIO, "Bedside could not write to {share} (simulated); sync tries again."),
    ],
)
def test_a_full_stick_or_read_only_share_is_one_sentence_and_the_next_tick_retries(
    qtbot: QtBot,
    window: MainWindow,
    env: SyncEnv,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    expected: str,
) -> None:
    def failing_write(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, "simulated")

    monkeypatch.setattr(sync_device, "place_bundle", failing_write)
    page = sync_page(window)
    run_round(qtbot, window.sync)
    run_round(qtbot, window.sync)
    assert outcomes(page)[0].startswith(expected.format(share=env.share))
    assert len(outcomes(page)) == 1
    assert env.bundles() == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]

    monkeypatch.undo()  # the stick has room again, or the share is writable again
    run_round(qtbot, window.sync)
    assert outcomes(page)[0].startswith("Wrote WH01-WARD_LAPTOP_1-000001")
    assert len(env.bundles()) == 1


def test_an_invalid_receipt_is_reported_once_not_every_tick(
    qtbot: QtBot, window: MainWindow, env: SyncEnv
) -> None:
    page = sync_page(window)
    run_round(qtbot, window.sync)
    forged = env.share / "WARD_LAPTOP_1-000001.receipt"
    forged.write_text('{"format": "bedside-receipt"}')
    (env.share / "WARD_LAPTOP_1-000001.receipt.minisig").write_text("not a signature")
    for _ in range(3):
        run_round(qtbot, window.sync)
    refused = [o for o in outcomes(page) if o.startswith("WARD_LAPTOP_1-000001.receipt")]
    assert refused == [
        "WARD_LAPTOP_1-000001.receipt is not signed by the pinned hub: it was not applied."
    ]
    assert window.unsynced_label.text() != "Unsynced changes: 0"

    # The real receipt replaces it (a new file): it is tried and applied.
    forged.unlink()
    env.import_()
    run_round(qtbot, window.sync)
    assert "Hub acknowledged bundle 1" in outcomes(page)
    assert window.unsynced_label.text() == "Unsynced changes: 0"


def test_the_timer_stops_when_the_window_locks_and_starts_again_on_unlock(
    qtbot: QtBot, window: MainWindow, env: SyncEnv
) -> None:
    window.sync.set_interval_ms(60_000)
    assert window.sync.running
    window.lock()
    assert not window.sync.running
    written = env.bundles()
    window.sync.sync_now()  # nothing runs while locked
    assert not window.sync.busy and env.bundles() == written
    unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    assert window.sync.running


def test_the_round_runs_off_the_gui_thread_and_typing_goes_on_meanwhile(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import app.ui.sync_controller as module

    release = threading.Event()
    threads: list[threading.Thread] = []
    real_round = module.sync_round

    def slow_round(*args: object) -> object:
        threads.append(threading.current_thread())
        release.wait(10)
        return real_round(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "sync_round", slow_round)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: bool(threads))
    assert window.sync.busy
    qtbot.keyClicks(window.barcode_edit, "S-00")  # the GUI thread is free
    assert window.barcode_edit.text() == "S-00"
    page = sync_page(window)
    assert page.sync_button.text() == "Syncing…"
    page.sync_button.click()  # pressed twice while busy: one more round, not two
    page.sync_button.click()
    release.set()
    qtbot.waitUntil(lambda: len(threads) == 2 and not window.sync.busy)
    assert page.sync_button.text() == "Sync now"
    assert threads[0] is not threading.main_thread()
    assert len(threads) == 2


def test_locking_during_a_round_lets_it_finish_first(
    qtbot: QtBot, window: MainWindow, env: SyncEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import app.ui.sync_controller as module

    started = threading.Event()
    real_round = module.sync_round

    def round_started(*args: object) -> object:
        started.set()
        threading.Event().wait(0.3)
        return real_round(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "sync_round", round_started)
    window.sync.sync_now()
    assert started.wait(5)
    window.lock()
    assert len(env.bundles()) == 1  # written before the key went
    assert not env.device.store.unlocked
    qtbot.waitUntil(lambda: not window.sync.busy)
    unlock_as(qtbot, window, "admin", ADMIN_PASSWORD)
    page = sync_page(window)
    assert page.model.rowCount() >= 1
    assert outcomes(page)[-1].startswith("Wrote ")
