"""Shared fixtures: real SQLCipher stores in temporary folders, and the real CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Key slots the suite makes cost OWASP's Argon2id floor, in this process and in every
# Python child it starts (tests/kdf_floor/sitecustomize.py says why and what holds the
# shipped cost).
os.environ["PYTHONPATH"] = os.pathsep.join(
    [
        str(Path(__file__).resolve().parent / "kdf_floor"),
        *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p],
    ]
)

import tests.kdf_floor.sitecustomize  # noqa: F401  (lowers the cost on import)
from app.roles import Role
from app.services.users import add_user
from app.store.store import Store
from app.store.uow import Actor
from tests.pg import PgServer, start_server

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "admin pass 'ü\""
PASSWORDS = {
    Role.NURSE: "nurse-pass-1",
    Role.INVESTIGATOR: "investigator-pass-1",
    Role.PHARMACIST: "pharmacist-pass-1",
    Role.MONITOR: "monitor-pass-1",
}


@dataclass
class OpenStore:
    store: Store
    admin: Actor
    recovery_key: str
    data_dir: Path

    def actor(self, role: Role) -> Actor:
        """A person of ``role`` (created on first use), unlocked through their own slot."""
        name = role.value
        if name not in self.store.slots.user_names():
            add_user(self.store, self.admin, name, role, PASSWORDS[role], f"{name.title()} Person")
        return self.store.unlock(name, PASSWORDS[role])


MODAL_LIMIT_S = 60.0


@pytest.fixture(autouse=True)
def _qt_left_clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test neither hangs on a forgotten modal nor leaves live windows behind.

    A modal dialog still open after a minute is closed and fails its test (it would
    otherwise wait forever for a click nobody makes). After the test every top-level
    widget is hidden and deleted, so no window's timer reads a later test's store.
    """
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    request.getfixturevalue("qapp")
    seen: dict[int, float] = {}
    left: list[str] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            seen.clear()
            return
        first = seen.setdefault(id(modal), time.monotonic())
        if time.monotonic() - first > MODAL_LIMIT_S:
            text = modal.text() if hasattr(modal, "text") else ""
            left.append(f"{type(modal).__name__} {modal.windowTitle()!r} {text!r}")
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    watchdog = QTimer()
    watchdog.setInterval(2000)
    watchdog.timeout.connect(look)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.stop()
        for widget in QApplication.topLevelWidgets():
            widget.hide()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if left:
        pytest.fail("a modal dialog was left open: " + "; ".join(left))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def opened(data_dir: Path) -> Iterator[OpenStore]:
    store, admin, recovery = Store.create(
        data_dir,
        site="WH01",
        device="WARD_LAPTOP_1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Ada Admin",
    )
    try:
        yield OpenStore(store, admin, recovery, data_dir)
    finally:
        store.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    yield from start_server()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty PostgreSQL database on the session's server."""
    return pg_server.new_database()


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def kill_and_read(child: subprocess.Popen[str]) -> tuple[str, str]:
    """``kill -9`` the child, wait for it, and return what it wrote to stdout and stderr.

    Read through the child's own text pipes, not ``communicate()``: that reads the file
    descriptors directly, so whatever an earlier ``readline()`` had buffered past its line
    would be lost, and the next line would start in the middle.
    """
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read(), child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    return out, err


def whole_lines(text: str) -> list[str]:
    """The lines of ``text`` that end in a newline: a kill can cut the last one short
    (``print`` writes its words one by one), and half a report is no report."""
    return text.split("\n")[:-1]


def run_cli(
    *args: str,
    data_dir: Path,
    user: str | None = "admin",
    password: str | None = ADMIN_PASSWORD,
    extra_env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CliResult:
    """Run ``python -m app`` as a real subprocess with a clean Bedside environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env["BEDSIDE_DATA_DIR"] = str(data_dir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if user is not None:
        env["BEDSIDE_USER"] = user
    if password is not None:
        env["BEDSIDE_PASSWORD"] = password
    env.update(extra_env or {})
    done = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def snapshot_files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (to prove a command changed nothing)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
