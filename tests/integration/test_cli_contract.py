"""The command line's contract, case by case, through a real subprocess.

Every bad argument or environment variable ends with exactly one line on stderr and
a non-zero exit that is not the bug code (70), never a traceback, never the bytes or
the over-long text it was given, and the data folder is byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import OutboxBundle
from app.store.store import Store
from app.sync import agecrypt, minisign
from tests.conftest import ADMIN_PASSWORD, ROOT

EXIT_BUG = 70
NURSE_PASSWORD = "nurse-pass-1"
BAD = b"\xff\xfe"  # never UTF-8
LONG = "x" * 100_000  # argv strings may be up to 128 KiB
ArgValue = str | bytes


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float

    def line(self) -> str:
        """The single stderr line, after checking the contract around it."""
        assert self.returncode not in (0, EXIT_BUG), (self.returncode, self.stderr)
        text = self.stderr.decode("utf-8")
        assert "Traceback" not in text, text
        lines = text.splitlines()
        assert len(lines) == 1, text
        assert lines[0].startswith("bedside: "), text
        return lines[0]


# Far more than a command needs, far less than reading /dev/zero to the end would take.
MEMORY_CAP_KIB = 768 * 1024


def bedside(
    *args: ArgValue,
    home: Path,
    data_dir: ArgValue | None = None,
    env: Mapping[str, ArgValue | None] | None = None,
    user: str | None = "admin",
    password: ArgValue | None = ADMIN_PASSWORD,
    timeout: float = 60,
) -> Ran:
    """``python -m app ARGS`` with bytes allowed anywhere, in a clean environment.

    HOME and XDG_DATA_HOME point into the test's folder, so the platform's default
    data folder is one the test can watch.
    """
    environ: dict[bytes, bytes] = {
        k: v for k, v in os.environb.items() if not k.startswith(b"BEDSIDE_")
    }
    environ[b"QT_QPA_PLATFORM"] = b"offscreen"
    environ[b"HOME"] = os.fsencode(home)
    environ[b"XDG_DATA_HOME"] = os.fsencode(home / "share")
    settings: dict[str, ArgValue | None] = {
        "BEDSIDE_DATA_DIR": data_dir,
        "BEDSIDE_USER": user,
        "BEDSIDE_PASSWORD": password,
    }
    settings.update(env or {})
    for key, value in settings.items():
        if value is not None:
            environ[key.encode()] = value if isinstance(value, bytes) else os.fsencode(value)
    started = time.monotonic()
    capped = f'ulimit -v {MEMORY_CAP_KIB} && exec "$0" "$@"'
    done = subprocess.run(
        ["/bin/sh", "-c", capped, sys.executable, "-m", "app", *args],
        env=environ,
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (the log aside) with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "bedside.log"
    }


@dataclass(frozen=True)
class Device:
    root: Path
    home: Path
    store: Path
    share: Path

    def run(self, *args: ArgValue, **kwargs: object) -> Ran:
        kwargs.setdefault("data_dir", str(self.store))
        return bedside(*args, home=self.home, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Device:
    """A store made through the CLI, with a nurse, a pinned hub and one bundle written."""
    root = tmp_path_factory.mktemp("contract")
    made = Device(root, root / "home", root / "store", root / "share")
    made.home.mkdir()
    made.share.mkdir()
    init = made.run("init", "--site", "WH01", "--device", "LAP1", "--admin", "admin", user=None)
    assert init.returncode == 0, init.stderr
    added = made.run(
        "user", "add", "nurse", "--role", "nurse", env={"BEDSIDE_NEW_PASSWORD": NURSE_PASSWORD}
    )
    assert added.returncode == 0, added.stderr
    pair = minisign.generate_keypair()
    hub_key = minisign.public_key_string(
        minisign.PublicKey(key_id=pair.key_id, key=pair.public_key), "hub"
    ).splitlines()[1]
    recipient = agecrypt.generate_identity().recipient
    pinned = made.run("device", "set-hub", "--recipient", recipient, "--hub-key", hub_key)
    assert pinned.returncode == 0, pinned.stderr
    exported = made.run("export", "--to", str(made.share))
    assert exported.returncode == 0, exported.stderr
    return made


def _check_unchanged(device: Device, ran: Ran, before: dict[str, str]) -> str:
    line = ran.line()
    assert digest(device.store) == before
    log = device.store / "bedside.log"
    if log.exists():
        assert "x" * 200 not in log.read_text("utf-8", "replace")
    return line


# -- the data folder ------------------------------------------------------------------


def _long_name(root: Path) -> str:
    return str(root / ("a" * 300))


def _long_path(root: Path) -> str:
    return str(root.joinpath(*["b" * 200] * 25))


def _regular_file(root: Path) -> str:
    path = root / "a-file"
    path.write_text("not a folder\n")
    return str(path)


def _fifo(root: Path) -> str:
    path = root / "a-fifo"
    if not path.exists():
        os.mkfifo(path)
    return str(path)


DATA_DIRS: list[tuple[str, Callable[[Path], str], str]] = [
    ("long-name", _long_name, "has a name longer than 255 bytes"),
    ("long-path", _long_path, "longest path this system takes"),
    ("no-such-user", lambda root: "~nosuchuser/x", "names no user of this computer"),
    ("regular-file", _regular_file, "names a file, not a folder"),
    ("fifo", _fifo, "names a FIFO, not a folder"),
    ("dev-null", lambda root: "/dev/null", "names a device file, not a folder"),
    ("proc-self", lambda root: "/proc/self", "inside /proc, a system folder"),
    ("empty", lambda root: "", "empty"),
]


@pytest.mark.parametrize("source", ["--data-dir", "BEDSIDE_DATA_DIR"])
@pytest.mark.parametrize(
    ("make", "needle"), [(m, n) for _i, m, n in DATA_DIRS], ids=[i for i, _m, _n in DATA_DIRS]
)
@pytest.mark.parametrize(
    "command",
    [
        ("init", "--site", "S", "--device", "D", "--admin", "admin"),
        ("hub", "init"),
    ],
    ids=["init", "hub-init"],
)
def test_a_data_folder_that_cannot_be_one_is_refused(
    tmp_path: Path,
    source: str,
    make: Callable[[Path], str],
    needle: str,
    command: Sequence[str],
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    value = make(tmp_path)
    before = digest(tmp_path)
    fifo_before = os.stat(tmp_path / "a-fifo").st_mode if (tmp_path / "a-fifo").exists() else None
    if source == "--data-dir":
        ran = bedside(*command, "--data-dir", value, home=home, data_dir=None)
    else:
        ran = bedside(*command, home=home, data_dir=value)
    line = ran.line()
    assert source in line and needle in line, line
    assert digest(tmp_path) == before
    assert not (home / "share" / "Bedside").exists(), "the default folder stays untouched"
    if fifo_before is not None:
        assert os.stat(tmp_path / "a-fifo").st_mode == fifo_before
    assert "a" * 100 not in line and "b" * 100 not in line


def test_a_data_folder_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    target = os.fsencode(tmp_path) + b"/store" + BAD
    for ran, label in (
        (bedside("user", "list", "--data-dir", target, home=home, data_dir=None), "--data-dir"),
        (bedside("user", "list", home=home, data_dir=target), "BEDSIDE_DATA_DIR"),
    ):
        line = ran.line()
        assert label in line and "not UTF-8" in line
        assert BAD not in ran.stderr and b"\\x" not in ran.stderr and b"\\udc" not in ran.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


# -- text that is not UTF-8 -----------------------------------------------------------


NOT_UTF8: list[tuple[str, tuple[ArgValue, ...], dict[str, ArgValue], str]] = [
    ("password", ("user", "list"), {"BEDSIDE_PASSWORD": b"admin" + BAD}, "BEDSIDE_PASSWORD"),
    (
        "new-password",
        ("user", "add", "li.na", "--role", "nurse"),
        {"BEDSIDE_NEW_PASSWORD": b"password-" + BAD},
        "BEDSIDE_NEW_PASSWORD",
    ),
    ("user", ("user", "list"), {"BEDSIDE_USER": b"ad" + BAD}, "BEDSIDE_USER"),
    (
        "recovery-key",
        ("recover", "--user", "admin"),
        {"BEDSIDE_RECOVERY_KEY": b"ABCD-" + BAD, "BEDSIDE_NEW_PASSWORD": "password-456"},
        "BEDSIDE_RECOVERY_KEY",
    ),
    (
        "full-name",
        ("user", "add", "li.na", "--role", "nurse", "--full-name", b"Li " + BAD),
        {"BEDSIDE_NEW_PASSWORD": "password-123"},
        "--full-name",
    ),
    (
        "name",
        ("user", "add", b"li" + BAD, "--role", "nurse"),
        {"BEDSIDE_NEW_PASSWORD": "password-123"},
        "NAME",
    ),
    ("reason", ("user", "disable", "nurse", "--reason", b"left " + BAD), {}, "--reason"),
    (
        "role-reason",
        ("user", "role", "nurse", "investigator", "--reason", BAD),
        {},
        "--reason",
    ),
    (
        "prefix",
        ("device", "set-study-ids", "--prefix", b"WH" + BAD, "--first", "1", "--last", "9"),
        {},
        "--prefix",
    ),
    ("to", ("export", "--to", b"/tmp/usb" + BAD), {}, "--to"),
    ("receipt-file", ("receipt", "apply", b"LAP1-000001" + BAD + b".receipt"), {}, "FILE"),
    ("site", ("init", "--site", b"W" + BAD, "--device", "D", "--admin", "admin"), {}, "--site"),
    ("hub-folder", ("hub", "import", b"/tmp/share" + BAD), {}, "FOLDER"),
    ("hub-out", ("hub", "export-csv", "--out", b"/tmp/csv" + BAD), {}, "--out"),
    ("hub-identity", ("hub", "init", "--identity", b"/tmp/id" + BAD), {}, "--identity"),
    ("hub-url", ("hub", "init", "--db-url", b"postgresql://u@/d" + BAD), {}, "--db-url"),
]


@pytest.mark.parametrize(
    ("args", "env", "label"),
    [(a, e, lab) for _i, a, e, lab in NOT_UTF8],
    ids=[i for i, _a, _e, _l in NOT_UTF8],
)
def test_bytes_that_are_not_utf8_are_refused_by_name_and_never_echoed(
    device: Device, args: tuple[ArgValue, ...], env: dict[str, ArgValue], label: str
) -> None:
    before = digest(device.store)
    ran = device.run(*args, env=env)
    line = _check_unchanged(device, ran, before)
    assert line.startswith(f"bedside: {label} ") and "not UTF-8" in line, line
    assert BAD not in ran.stderr
    assert b"\\x" not in ran.stderr and b"\\udc" not in ran.stderr  # not even escaped


# -- text that is too long ------------------------------------------------------------


TOO_LONG: list[tuple[str, tuple[str, ...], dict[str, str], str]] = [
    (
        "full-name",
        ("user", "add", "li.na", "--role", "nurse", "--full-name", LONG),
        {"BEDSIDE_NEW_PASSWORD": "password-123"},
        "--full-name is longer than 200 characters",
    ),
    (
        "full-name-201",
        ("user", "add", "li.na", "--role", "nurse", "--full-name", "y" * 201),
        {"BEDSIDE_NEW_PASSWORD": "password-123"},
        "--full-name is longer than 200 characters",
    ),
    (
        "admin-full-name",
        ("init", "--site", "S", "--device", "D", "--admin", "a2", "--full-name", LONG),
        {},
        "--full-name is longer than 200 characters",
    ),
    (
        "name",
        ("user", "add", LONG, "--role", "nurse"),
        {"BEDSIDE_NEW_PASSWORD": "password-123"},
        "NAME is longer than 64 characters",
    ),
    (
        "reason",
        ("user", "disable", "nurse", "--reason", LONG),
        {},
        "--reason is longer than 500 characters",
    ),
    (
        "prefix",
        ("device", "set-study-ids", "--prefix", LONG, "--first", "1", "--last", "9"),
        {},
        "--prefix is longer than 16 characters",
    ),
    (
        "site",
        ("init", "--site", LONG, "--device", "D", "--admin", "admin"),
        {},
        "--site is longer than 32 characters",
    ),
    ("user", ("user", "list"), {"BEDSIDE_USER": LONG}, "BEDSIDE_USER is longer than 64"),
    ("to", ("export", "--to", "/tmp/" + LONG), {}, "--to is longer than 4095 bytes"),
    ("to-name", ("export", "--to", "/tmp/" + "x" * 300), {}, "--to has a name longer than 255"),
    (
        "hub-key",
        ("device", "set-hub", "--recipient", LONG, "--hub-key", "RW"),
        {},
        "--recipient is longer than 200 characters",
    ),
    (
        "first",
        ("device", "set-study-ids", "--prefix", "W", "--first", LONG, "--last", "9"),
        {},
        "argument --first: invalid int value",
    ),
]


@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [(a, e, n) for _i, a, e, n in TOO_LONG],
    ids=[i for i, _a, _e, _n in TOO_LONG],
)
def test_over_long_text_is_refused_with_its_limit_and_never_echoed(
    device: Device, args: tuple[str, ...], env: dict[str, str], needle: str
) -> None:
    before = digest(device.store)
    ran = device.run(*args, env=env)
    line = _check_unchanged(device, ran, before)
    assert needle in line, line
    assert len(ran.stderr) < 500
    assert b"x" * 100 not in ran.stderr and b"y" * 100 not in ran.stderr


def test_a_full_name_of_exactly_the_limit_is_stored(device: Device) -> None:
    added = device.run(
        "user",
        "add",
        "max.name",
        "--role",
        "nurse",
        "--full-name",
        "Z" * 200,
        env={"BEDSIDE_NEW_PASSWORD": "password-123"},
    )
    assert added.returncode == 0, added.stderr
    listed = device.run("user", "list", "--json")
    assert ("Z" * 200).encode() in listed.stdout


def test_a_full_name_with_a_line_break_is_refused(device: Device) -> None:
    before = digest(device.store)
    ran = device.run(
        "user",
        "add",
        "li.na",
        "--role",
        "nurse",
        "--full-name",
        "Li\nNa",
        env={"BEDSIDE_NEW_PASSWORD": "password-123"},
    )
    assert "control characters" in _check_unchanged(device, ran, before)


# -- the hub's database URL -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("postgresql://u@/bedside?host=/tmp&nosuchoption=1", "does not know ('nosuchoption')"),
        ("postgresql://u@/bedside?host=/tmp&sslmode=bogus", "cannot be reached"),
        ("postgresql://u@/bedside?host=/nonexistent-socket-dir", "cannot be reached"),
        ("mysql://u@h/d", "PostgreSQL"),
    ],
    ids=["unknown-parameter", "bad-value", "no-server", "not-postgresql"],
)
def test_a_bad_database_url_is_one_line_and_creates_no_hub(
    tmp_path: Path, url: str, needle: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    hub = tmp_path / "hub"
    ran = bedside("hub", "init", "--db-url", url, home=home, data_dir=str(hub), user="datamanager")
    line = ran.line()
    assert needle in line, line
    assert not hub.exists()


# -- receipt apply with special files -------------------------------------------------


RECEIPT = "LAP1-000001.receipt"


def _place(folder: Path, receipt: str, signature: str) -> Path:
    """A receipt and its signature, each a file, a link to /dev/zero, a FIFO, a folder …"""
    folder.mkdir()
    for path, kind in ((folder / RECEIPT, receipt), (folder / f"{RECEIPT}.minisig", signature)):
        if kind == "file":
            path.write_bytes(b'{"format":"bedside-receipt"}')
        elif kind == "zero":
            path.symlink_to("/dev/zero")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "huge":
            with open(path, "wb") as handle:
                handle.truncate(200 * 1024 * 1024)  # sparse: stat says 200 MB
    return folder / RECEIPT


@pytest.mark.parametrize(
    ("receipt", "signature", "needle"),
    [
        ("zero", "file", "symbolic link"),
        ("fifo", "file", "not a regular file"),
        ("folder", "file", "is a directory"),
        ("huge", "file", "too large to be a receipt"),
        ("file", "zero", "symbolic link"),
        ("file", "fifo", "not a regular file"),
        ("file", "folder", "is a directory"),
        ("file", "huge", "too large to be a signature"),
        ("file", "missing", "is missing"),
    ],
)
def test_receipt_apply_refuses_special_files_quickly_in_bounded_memory(
    device: Device, tmp_path: Path, receipt: str, signature: str, needle: str
) -> None:
    path = _place(tmp_path / "share", receipt, signature)
    ran = device.run("receipt", "apply", str(path), user="nurse", password=NURSE_PASSWORD)
    assert needle in ran.line()
    assert ran.seconds < 30
    assert _acknowledged(device) == [], "the bundle still waits for the hub's word"


def _acknowledged(device: Device) -> list[int]:
    store = Store.open(device.store)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        with store.read() as session:
            done = select(OutboxBundle.seq).where(OutboxBundle.acked_at.is_not(None))
            return list(session.scalars(done))
    finally:
        store.close()
