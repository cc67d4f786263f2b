"""Render the login window and Today in 简体中文 at 1366×768 under docs/screenshots/.

    .venv/bin/python tools/screenshots_zh.py [--out docs/screenshots]

Writes 90-login-zh.png, 91-today-zh.png, 92-participants-zh.png,
93-participant-zh.png, 94-safety-zh.png and 95-admin-zh.png from a temporary demo store,
with the device language set to 简体中文 the way an admin sets it, and the login and
main window built after the Chinese translator is installed, as the app does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.roles import Role  # noqa: E402
from app.ui import i18n  # noqa: E402
from app.ui.app_style import apply_style  # noqa: E402
from tools.screenshots import (  # noqa: E402
    PASSWORDS,
    WARD_LAPTOP,
    first_participant,
    make_store,
    save,
    settle,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out: Path = parser.parse_args(argv).out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app)
    from app.services.settings import set_language
    from app.store.store import Store
    from app.ui.login import LoginWindow
    from app.ui.main_window import MainWindow
    from app.ui.session import SessionController

    with tempfile.TemporaryDirectory(prefix="bedside-shots-zh-") as tmp_name:
        data_dir = Path(tmp_name) / "demo"
        make_store(data_dir)
        store = Store.open(data_dir)
        admin = store.unlock("admin", PASSWORDS[Role.ADMIN])
        set_language(store, admin, "zh_CN")
        store.lock()
        i18n.install_language("zh_CN")  # what the laptop's own Chinese locale gives
        login = LoginWindow(data_dir)
        login.use_store(store)
        login.resize(*WARD_LAPTOP)
        login.show()
        save(login, out, "90-login-zh")
        nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])
        i18n.apply_for(store, nurse)
        login.hide()
        window = MainWindow(SessionController(store, nurse), idle_timeout_ms=3_600_000)
        window.resize(*WARD_LAPTOP)
        window.show()
        save(window, out, "91-today-zh")
        window.show_section("participants")
        save(window, out, "92-participants-zh")
        participant = first_participant(store)
        if participant is not None:
            window.open_participant(participant)
            save(window, out, "93-participant-zh")
        window.show_section("safety")
        save(window, out, "94-safety-zh")
        window.close()
        settle()
        admin = store.unlock("admin", PASSWORDS[Role.ADMIN])
        i18n.apply_for(store, admin)
        window = MainWindow(SessionController(store, admin), idle_timeout_ms=3_600_000)
        window.resize(*WARD_LAPTOP)
        window.show()
        window.show_section("admin")
        save(window, out, "95-admin-zh")
        window.close()
        settle()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
