"""What waits for the first window's first paint: the log file (slow to import) and the
barcode-scanner filter (at the login window a fast run is typing anyway)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store.store import Store
from app.ui.login import LoginWindow
from app.ui.main import AppController
from tests.conftest import ADMIN_PASSWORD, OpenStore

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, logging, sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    seen = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if (
                event.type() == QEvent.Type.Paint
                and watched.isWidgetType()
                and watched.isWindow()
                and not seen
            ):
                seen["handlers_at_paint"] = "logging.handlers" in sys.modules
                seen["scanner_at_paint"] = "app.ui.scanner" in sys.modules
                seen["bedside_handler_at_paint"] = any(
                    getattr(h, "_bedside", False) for h in logging.getLogger().handlers
                )
                QTimer.singleShot(500, done)
            return False

    def done():
        seen["bedside_handler_after"] = any(
            getattr(h, "_bedside", False) for h in logging.getLogger().handlers
        )
        import gc
        seen["scanners_after"] = sum(type(o).__name__ == "ScanRouter" for o in gc.get_objects())
        logging.getLogger("bedside.test").warning("first-paint marker")
        print(json.dumps(seen), flush=True)
        app.quit()

    probe = FirstPaint()
    app.installEventFilter(probe)
    from app.ui.main import run
    sys.exit(run(Path(sys.argv[1])))
    """
)


def test_the_log_file_is_opened_after_the_login_window_is_first_painted(tmp_path: Path) -> None:
    store, _admin, _key = Store.create(
        tmp_path, site="S", device="D", admin_name="admin", admin_password="first-paint-pass-1"
    )
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "handlers_at_paint": False,
        "scanner_at_paint": False,
        "bedside_handler_at_paint": False,
        "bedside_handler_after": True,
        "scanners_after": 1,
    }
    assert "first-paint marker" in (tmp_path / "bedside.log").read_text("utf-8")


def test_the_scanner_filter_is_installed_after_the_first_paint_and_reaches_the_main_window(
    qtbot: QtBot, opened: OpenStore
) -> None:
    opened.store.close()
    controller = AppController(opened.data_dir)
    login = controller.start()
    qtbot.addWidget(login)
    assert isinstance(login, LoginWindow)
    qtbot.waitUntil(lambda: controller.scanner is not None)
    scanner = controller.scanner
    qtbot.keyClicks(login.form.name_edit, "admin")
    qtbot.keyClick(login.form.name_edit, Qt.Key.Key_Return)
    login.form.password_edit.setText(ADMIN_PASSWORD)  # not ASCII: QTest cannot type it
    qtbot.keyClick(login.form.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main_window is not None)
    window = controller.main_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.scanner is scanner  # the same filter: one, installed once
