"""The desktop application's entry point: setup wizard or login, then the main window.

Only Qt and the login window are imported before the first window shows; the
store (SQLAlchemy, SQLCipher, cryptography) loads once it is on screen.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.uow import Actor
    from app.ui.main_window import MainWindow
    from app.ui.scanner import ScanRouter


class AppController(QObject):
    """Which window is up: the wizard (first run), the login window, then the main window.

    It watches the keyboard for barcode scanners (``scanner``; tests pass one with their
    own clock, installed at once): from the first window's first paint on, since at the
    login window a fast run is typing anyway, and always before the main window. The
    first window speaks ``language`` (default: the laptop's, see
    :func:`app.ui.i18n.system_language`); each person who logs in gets their own
    (:func:`app.ui.i18n.apply_for`), and the login window gets the first back.
    """

    def __init__(
        self,
        data_dir: Path,
        scanner: ScanRouter | None = None,
        parent: QObject | None = None,
        *,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.language = language
        self.scanner = scanner
        self.first_window: QWidget | None = None
        self.main_window: MainWindow | None = None

    def start(self) -> QWidget:
        from app.ui import i18n

        self.language = i18n.install_language(self.language or i18n.system_language())
        if self.scanner is not None:
            self.scanner.install()
        if has_store(self.data_dir):
            from app.ui.login import LoginWindow

            login = LoginWindow(self.data_dir)
            login.loggedIn.connect(self._logged_in)
            self.first_window = login
        else:
            from app.ui.setup_wizard import SetupWizard

            wizard = SetupWizard(self.data_dir)
            wizard.accepted.connect(self._set_up)
            self.first_window = wizard
        self.first_window.show()
        if self.scanner is None:
            AfterFirstPaint(self.first_window, self._watch_scanners)
        return self.first_window

    @Slot()
    def _watch_scanners(self) -> None:
        """Install the barcode-scanner filter (once)."""
        if self.scanner is None:
            from app.ui.scanner import ScanRouter

            self.scanner = ScanRouter(parent=self)
            self.scanner.install()

    @Slot()
    def _set_up(self) -> None:
        from app.ui.setup_wizard import SetupWizard

        wizard = self.first_window
        assert isinstance(wizard, SetupWizard)
        assert wizard.store is not None and wizard.actor is not None
        from app.ui import i18n

        i18n.apply_for(wizard.store, wizard.actor)
        self._open_main(wizard.store, wizard.actor)

    @Slot(object, object)
    def _logged_in(self, store: Store, actor: Actor) -> None:
        from app.ui import i18n
        from app.ui.login import ChangePasswordDialog
        from app.ui.session import must_change_password

        i18n.apply_for(store, actor)  # before their first window is built
        if not must_change_password(store, actor):
            self._open_main(store, actor)
            return
        dialog = ChangePasswordDialog(store, actor, forced=True, parent=self.first_window)
        dialog.accepted.connect(functools.partial(self._open_main, store, actor))
        dialog.rejected.connect(self._back_to_login)
        dialog.open()

    @Slot()
    def _back_to_login(self) -> None:
        from app.ui import i18n
        from app.ui.login import LoginWindow

        i18n.install_language(self.language or i18n.ENGLISH)  # the next person's door
        login = self.first_window
        assert isinstance(login, LoginWindow)
        if login.store is not None:
            login.store.lock()
        login.form.reset()

    def _open_main(self, store: Store, actor: Actor) -> None:
        from app.ui.main_window import MainWindow
        from app.ui.session import SessionController

        session = SessionController(store, actor)
        self._watch_scanners()
        self.main_window = MainWindow(session, scanner=self.scanner)
        session.setParent(self.main_window)
        self.main_window.show()
        if self.first_window is not None:
            # Hidden, not closed: the wizard is still inside its own done() when it accepts.
            QTimer.singleShot(0, self.first_window.hide)


def has_store(data_dir: Path) -> bool:
    """``StorePaths(data_dir).exists()``, without importing platformdirs before the first window."""
    return (data_dir / "bedside.db").exists() or (data_dir / "keyslots.json").exists()


def run(data_dir: Path) -> int:
    """Start the GUI on ``data_dir``; returns the exit code."""
    from app.ui.app_style import apply_style
    from app.ui.error_dialog import install_excepthook

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Bedside")
    apply_style(app)
    install_excepthook()
    controller = AppController(data_dir)
    window = controller.start()
    # Once the first window is painted: logging.handlers is slow to import.
    AfterFirstPaint(window, functools.partial(_configure_logging, data_dir))
    return int(app.exec())


class AfterFirstPaint(QObject):
    """Run ``callback`` once, on the event loop's next turn after ``window`` first paints.

    A zero timer started with the window would fire before its first paint; a window
    that is never painted (no screen) gets the callback after ``fallback_ms``.
    """

    def __init__(
        self, window: QWidget, callback: Callable[[], None], fallback_ms: int = 2000
    ) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    @Slot()
    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def _configure_logging(data_dir: Path) -> None:
    from app.logsetup import configure

    configure(data_dir)
