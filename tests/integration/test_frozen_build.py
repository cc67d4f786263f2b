"""Security test 20: the PyInstaller build runs Bedside for real.

Builds ``dist/bedside`` with ``installer/build.sh`` (or reuses one built after the last
change to ``app/``, ``resources/`` and ``installer/``), then drives the frozen binary:
``selftest --json`` (cipher present, signing, encryption, PDF, Qt offscreen), ``init``,
``verify``, a signed and encrypted sync round trip, the hub on PostgreSQL, and a start of
the GUI. A cold build takes about a minute on a 2-core box, so this runs only when
``BEDSIDE_TEST_FROZEN=1``.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "bedside"
EXE = DIST / ("bedside.exe" if os.name == "nt" else "bedside")
STAMP = ROOT / "dist" / "bedside.stamp"  # the build's start time, written by build.sh
SOURCES = (ROOT / "app", ROOT / "resources", ROOT / "installer")

ADMIN_PASSWORD = "frozen admin password 1"
HUB_USER, HUB_PASSWORD = "datamanager", "frozen hub password 1"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("BEDSIDE_TEST_FROZEN") != "1",
        reason="builds the PyInstaller bundle (about a minute): set BEDSIDE_TEST_FROZEN=1 to run",
    ),
]


def _newest_source() -> float:
    newest = 0.0
    for folder in SOURCES:
        for path in folder.rglob("*"):
            if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


def _fresh() -> bool:
    if not (EXE.exists() and STAMP.exists()):
        return False
    try:
        built_at = int(STAMP.read_text().strip())
    except ValueError:
        return False
    return _newest_source() < built_at


@pytest.fixture(scope="module")
def frozen() -> Path:
    if not _fresh():
        done = subprocess.run(
            ["bash", str(ROOT / "installer" / "build.sh")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
            stdin=subprocess.DEVNULL,
        )
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        assert done.returncode == 0, f"installer/build.sh failed:\n{tail}"
    assert EXE.exists() and STAMP.exists()
    return EXE


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def _env(data_dir: Path, user: str | None, password: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEDSIDE_", "PYTHON"))}
    env["BEDSIDE_DATA_DIR"] = str(data_dir)
    env["QT_QPA_PLATFORM"] = "offscreen"
    if user is not None:
        env["BEDSIDE_USER"] = user
    if password is not None:
        env["BEDSIDE_PASSWORD"] = password
    return env


def run_frozen(
    exe: Path,
    *args: str,
    data_dir: Path,
    user: str | None = "admin",
    password: str | None = ADMIN_PASSWORD,
) -> Result:
    done = subprocess.run(
        [str(exe), *args],
        env=_env(data_dir, user, password),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=data_dir.parent,  # not the checkout: nothing may be read from the source tree
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Result(done.returncode, done.stdout, done.stderr)


def _hub(exe: Path, *args: str, hub: Path) -> Result:
    return run_frozen(exe, *args, data_dir=hub, user=HUB_USER, password=HUB_PASSWORD)


def _init(exe: Path, device: Path, *, site: str = "S1", name: str = "D1") -> None:
    done = run_frozen(
        exe,
        "init",
        "--site",
        site,
        "--device",
        name,
        "--admin",
        "admin",
        data_dir=device,
        user=None,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Created the Bedside store")


def test_selftest_passes_inside_the_frozen_build(frozen: Path, tmp_path: Path) -> None:
    done = run_frozen(
        frozen, "selftest", "--json", data_dir=tmp_path / "d", user=None, password=None
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    expected = {"sqlcipher", "argon2id", "aes-gcm", "ed25519", "reportlab", "qt-offscreen"}
    assert expected <= set(report)
    failed = {name: check["detail"] for name, check in report.items() if not check["ok"]}
    assert failed == {}
    # The cipher is really there: a build that fell back to sqlite3 has no version.
    assert report["sqlcipher"]["detail"].startswith("SQLCipher 4.")


def test_the_build_carries_its_files_and_no_plaintext_sqlite(frozen: Path) -> None:
    internal = frozen.parent / "_internal"
    bundle = internal if internal.is_dir() else frozen.parent
    shipped = {p.name for p in (bundle / "resources" / "protocols").glob("*.toml")}
    assert shipped == {p.name for p in (ROOT / "resources" / "protocols").glob("*.toml")}
    migrations = bundle / "app" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    source_versions = ROOT / "app" / "store" / "migrations" / "versions"
    assert {p.name for p in (migrations / "versions").glob("*.py")} == {
        p.name for p in source_versions.glob("*.py")
    }
    # The standard library's sqlite3 is left out on purpose: nothing can write plaintext.
    plain = [
        p
        for p in bundle.rglob("*")
        if p.name.startswith("_sqlite3") and "sqlcipher3" not in p.parts
    ]
    assert plain == []
    platforms = {p.name for p in bundle.rglob("platforms/*") if p.is_file()}
    assert any("offscreen" in name for name in platforms), platforms
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert any("xcb" in name for name in platforms), platforms
        assert not any("wayland" in name or "eglfs" in name for name in platforms), platforms


def test_init_then_verify_with_the_frozen_binary(frozen: Path, tmp_path: Path) -> None:
    device = tmp_path / "device"
    _init(frozen, device)
    assert not (device / "bedside.db").read_bytes().startswith(b"SQLite format 3\0")
    done = run_frozen(frozen, "verify", "--json", data_dir=device)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["integrity_check"] == ["ok"]
    assert report["cipher_integrity_check"] == []
    assert report["audit_chain"]["ok"] is True and report["audit_chain"]["rows"] > 0
    # No bytecode written beside the migration scripts (a read-only install must work).
    assert not list((frozen.parent).rglob("versions/__pycache__"))


def test_a_signed_encrypted_bundle_round_trip_with_the_frozen_binary(
    frozen: Path, tmp_path: Path
) -> None:
    device, hub, share = tmp_path / "device", tmp_path / "hub", tmp_path / "share"
    share.mkdir()
    _init(frozen, device, site="WH01", name="LAP1")
    assert _hub(frozen, "hub", "init", hub=hub).returncode == 0
    keys = json.loads(_hub(frozen, "hub", "keys", "--json", hub=hub).stdout)
    pinned = run_frozen(
        frozen,
        "device",
        "set-hub",
        "--recipient",
        keys["age_recipient"],
        "--hub-key",
        keys["minisign_public_key"],
        data_dir=device,
    )
    assert pinned.returncode == 0, pinned.stderr
    public = run_frozen(frozen, "device", "show-key", data_dir=device).stdout.splitlines()[1]
    admin_key = run_frozen(frozen, "user", "show-key", data_dir=device).stdout.splitlines()[1]
    registered = _hub(
        frozen,
        "hub",
        "register",
        "--device",
        "LAP1",
        "--key",
        public,
        "--admin-key",
        admin_key,
        hub=hub,
    )
    assert registered.returncode == 0, registered.stderr
    exported = run_frozen(frozen, "export", "--to", str(share), data_dir=device)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Wrote WH01-LAP1-000001.bundle.age")
    imported = _hub(frozen, "hub", "import", str(share), "--json", hub=hub)
    assert [o["status"] for o in json.loads(imported.stdout)] == ["applied"]
    applied = run_frozen(
        frozen, "receipt", "apply", str(share / "LAP1-000001.receipt"), data_dir=device
    )
    assert applied.returncode == 0, applied.stderr


@pytest.mark.postgres
def test_the_hub_runs_on_postgresql_from_the_frozen_binary(
    frozen: Path, tmp_path: Path, pg_url: str
) -> None:
    bundle = frozen.parent / "_internal"
    if not any((bundle if bundle.is_dir() else frozen.parent).glob("psycopg*")):
        pytest.skip("this build carries no psycopg (it was not installed when it was built)")
    hub = tmp_path / "hub"
    done = _hub(frozen, "hub", "init", "--db-url", pg_url, hub=hub)
    assert done.returncode == 0, done.stderr
    status = _hub(frozen, "hub", "status", "--json", hub=hub)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["devices"] == []


def test_the_gui_starts_offscreen_and_stays_up(frozen: Path, tmp_path: Path) -> None:
    device = tmp_path / "device"
    _init(frozen, device)
    process = subprocess.Popen(
        [str(frozen)],
        env=_env(device, None, None),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)
        still_running = process.poll() is None
    finally:
        process.terminate()
        try:
            _out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
    assert still_running, f"the GUI exited with {process.returncode}:\n{err}"
    assert "Traceback" not in err, err


def test_the_frozen_binary_makes_the_demo_and_its_people_log_in(
    frozen: Path, tmp_path: Path
) -> None:
    demo = tmp_path / "demo"
    done = run_frozen(frozen, "demo", "--no-gui", data_dir=demo, user=None, password=None)
    assert done.returncode == 0, done.stderr
    assert "nurse          nurse-demo" in done.stdout
    listed = run_frozen(
        frozen, "participant", "list", "--json", data_dir=demo, user="nurse",
        password="nurse-demo",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 13


def test_the_build_carries_the_fonts_and_the_translations(frozen: Path) -> None:
    internal = frozen.parent / "_internal"
    bundle = internal if internal.is_dir() else frozen.parent
    for kind in ("fonts", "translations"):
        source = ROOT / "resources" / kind
        if not source.is_dir():
            continue
        wanted = {p.name for p in source.iterdir() if p.suffix in (".ttf", ".ttc", ".qm", ".txt")}
        assert wanted, f"resources/{kind} is empty"
        assert wanted <= {p.name for p in (bundle / "resources" / kind).iterdir()}


def _desktop_entry(share: Path) -> dict[str, str]:
    lines = (share / "applications" / "bedside.desktop").read_text("utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_installing_and_updating_for_a_user_keeps_the_data_folder(
    frozen: Path, tmp_path: Path
) -> None:
    home, share, opt = tmp_path / "home", tmp_path / "share", tmp_path / "opt x"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(share)}

    def install() -> None:
        done = subprocess.run(
            ["bash", str(ROOT / "installer" / "install-linux.sh"), "--prefix", str(opt)],
            env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    install()
    installed = opt / "bedside" / "bedside"
    entry = _desktop_entry(share)
    assert entry["Exec"] == f'"{installed}"' and entry["Icon"] == "bedside"
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "bedside.svg").is_file()
    checked = subprocess.run(
        ["desktop-file-validate", str(share / "applications" / "bedside.desktop")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    data = tmp_path / "data"
    _init(installed, data)
    before = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    install()  # the update: the program folder is replaced, the data folder is not touched
    after = {p.relative_to(data): p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert after == before
    assert not list(opt.glob(".bedside-*"))  # no half-made copy left beside it
    verified = run_frozen(installed, "verify", "--json", data_dir=data)
    assert verified.returncode == 0, verified.stderr
