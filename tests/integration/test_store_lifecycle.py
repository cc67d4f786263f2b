"""One copy per store; migrations copy the file aside first; re-key and lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.errors import StoreExists, StoreInUse
from app.store import migrate
from app.store.engine import WrongKey, connect_raw
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, ROOT, OpenStore, run_cli, snapshot_files


def test_a_second_open_of_the_same_store_is_refused(opened: OpenStore) -> None:
    with pytest.raises(StoreInUse, match="in use"):
        Store.open(opened.data_dir)


def test_a_second_process_says_the_store_is_in_use_and_opens_nothing(opened: OpenStore) -> None:
    before = snapshot_files(opened.data_dir)
    done = run_cli("user", "list", data_dir=opened.data_dir)
    assert done.returncode != 0
    assert done.stderr.strip() == (
        "bedside: The store is in use by another copy of Bedside: close it first."
    )
    after = snapshot_files(opened.data_dir)
    assert after["keyslots.json"] == before["keyslots.json"]
    assert after["bedside.db"] == before["bedside.db"]


def test_creating_over_an_existing_store_touches_nothing(opened: OpenStore) -> None:
    opened.store.close()
    before = snapshot_files(opened.data_dir)
    with pytest.raises(StoreExists):
        Store.create(
            opened.data_dir, site="X", device="Y", admin_name="eve", admin_password="x" * 9
        )
    assert snapshot_files(opened.data_dir) == before


def test_unlock_migrates_an_older_store_after_copying_it_aside(opened: OpenStore) -> None:
    migrate.downgrade(opened.store.engine, "0001")  # type: ignore[arg-type]
    assert migrate.current_revision(opened.store.engine) == "0001"  # type: ignore[arg-type]
    dek = opened.store.current_deks()[opened.store.slots.generation]
    opened.store.close()
    store = Store.open(opened.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        assert migrate.current_revision(store.engine) == migrate.head_revision()  # type: ignore[arg-type]
        backup = store.last_backup
    finally:
        store.close()
    assert backup is not None and backup.parent == opened.data_dir / "backups"
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    conn = connect_raw(backup, dek)
    version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    assert version == "0001"


def test_lock_drops_the_key_and_another_user_can_unlock(opened: OpenStore) -> None:
    from app.roles import Role

    opened.actor(Role.NURSE)
    opened.store.lock()
    assert not opened.store.unlocked and opened.store.engine is None
    nurse = opened.store.unlock("nurse", "nurse-pass-1")
    assert nurse.role is Role.NURSE


def test_rekey_changes_the_database_key_and_every_slot_opens_the_new_one(opened: OpenStore) -> None:
    from app.roles import Role

    opened.actor(Role.NURSE)
    admin = opened.store.unlock("admin", ADMIN_PASSWORD)
    old = opened.store.current_deks()[opened.store.slots.generation]
    generation = opened.store.rekey(admin)
    new = opened.store.current_deks()[generation]
    assert new != old
    opened.store.close()
    with pytest.raises(WrongKey):
        connect_raw(opened.data_dir / "bedside.db", old)
    connect_raw(opened.data_dir / "bedside.db", new).close()
    store = Store.open(opened.data_dir)
    try:
        assert store.unlock("nurse", "nurse-pass-1").name == "nurse"
        store.unlock_with_recovery_key(opened.recovery_key)
    finally:
        store.close()


REKEY_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.store import store as store_module
    from app.store.store import Store

    real = store_module.connect_raw

    def announcing(path, dek, **kw):
        conn = real(path, dek, **kw)
        class Loud:
            def execute(self, sql, *a):
                if sql.startswith("PRAGMA rekey"):
                    print("REKEYING", flush=True)
                return conn.execute(sql, *a)
            def close(self):
                conn.close()
        return Loud()

    store_module.connect_raw = announcing
    store = Store.open(Path(sys.argv[1]))
    admin = store.unlock("admin", sys.argv[2])
    store.rekey(admin)
    print("DONE", flush=True)
    """
)


def _fill(dek: bytes, db: Path, rows: int) -> None:
    """Bulk filler (about 40 MB) so that PRAGMA rekey takes a few hundred milliseconds."""
    conn = connect_raw(db, dek)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO participants (id, row_version, screening_number, initials, sex, status, "
        "created_at, screen_fail_reason) VALUES (?, 1, ?, 'ZZ', 'F', 'screening', "
        "'2026-01-01T00:00:00.000000Z', ?)",
        [(f"id-{i}", f"S-{i:06d}", "x" * 3800) for i in range(rows)],
    )
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.parametrize("delay_s", [0.0, 0.02, 0.08])
def test_a_rekey_killed_half_way_leaves_a_store_the_old_key_opens(
    opened: OpenStore, tmp_path: Path, delay_s: float
) -> None:
    import time

    old = opened.store.current_deks()[opened.store.slots.generation]
    opened.store.close()
    _fill(old, opened.data_dir / "bedside.db", 10_000)
    script = tmp_path / "rekey_child.py"
    script.write_text(REKEY_CHILD)
    child = subprocess.Popen(
        [sys.executable, str(script), str(opened.data_dir), ADMIN_PASSWORD],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "REKEYING"
    time.sleep(delay_s)
    child.kill()
    child.wait()
    # Killed during PRAGMA rekey: the transaction never committed, the old key opens.
    conn = connect_raw(opened.data_dir / "bedside.db", old)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 10_000
    finally:
        conn.close()
    # And the normal unlock path settles the half-done re-key.
    store = Store.open(opened.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        assert store.slots.pending_generation is None
        assert store.current_deks()[store.slots.generation] == old
    finally:
        store.close()


def test_a_rekey_killed_after_the_database_changed_opens_with_the_new_key(
    opened: OpenStore,
) -> None:
    import os

    from app.store.engine import rekey_pragma

    old = opened.store.current_deks()[opened.store.slots.generation]
    new = os.urandom(32)
    opened.store.slots.begin_rekey(new)
    opened.store.slots.save()
    opened.store.close()
    conn = connect_raw(opened.data_dir / "bedside.db", old)
    conn.execute(rekey_pragma(new))
    conn.close()  # "killed" before the slot file was settled
    store = Store.open(opened.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        assert store.current_deks()[store.slots.generation] == new
        assert store.slots.pending_generation is None
    finally:
        store.close()


def test_init_on_the_command_line_prints_the_recovery_key_once(tmp_path: Path) -> None:
    folder = tmp_path / "cli-store"
    done = run_cli(
        "init",
        "--site",
        "WH01",
        "--device",
        "LAP_1",
        "--admin",
        "admin",
        data_dir=folder,
        user=None,
    )
    assert done.returncode == 0, done.stderr
    keys = [line.strip() for line in done.stdout.splitlines() if line.strip().count("-") == 7]
    assert len(keys) == 1
    again = run_cli(
        "init",
        "--site",
        "WH01",
        "--device",
        "LAP_1",
        "--admin",
        "admin",
        data_dir=folder,
        user=None,
    )
    assert again.returncode != 0
    assert keys[0] not in again.stdout + again.stderr
    assert again.stderr.startswith("bedside: A Bedside store already exists")


def test_selftest_passes_here() -> None:
    done = run_cli(
        "selftest", "--json", data_dir=Path("/nonexistent-bedside"), user=None, password=None
    )
    assert done.returncode == 0, done.stdout + done.stderr
    import json

    results = json.loads(done.stdout)
    assert set(results) == {
        "sqlcipher",
        "argon2id",
        "aes-gcm",
        "ed25519",
        "age",
        "reportlab",
        "qt-offscreen",
    }
    assert all(r["ok"] for r in results.values())
