"""Disabling a person re-keys the store: an old copy of the slot file opens nothing.

A person's slot opens the data key. Someone who kept ``keyslots.json`` from before
they were disabled still has a slot that unwraps *a* data key with their own
password; after the re-key it is the wrong one, both through Bedside and offline
with ``sqlcipher3``. When the re-key cannot run at that moment (the store is busy),
the store stays due, says so, and the next admin login does it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.errors import BedsideError, CorruptStore, WrongPassword
from app.models import AuditEntry, User
from app.roles import Role
from app.services.users import disable_user
from app.store import engine as engine_module
from app.store.engine import WrongKey, connect_raw, key_pragma
from app.store.keyslots import KeySlots, normalise_password
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore, run_cli

NURSE_PASSWORD = PASSWORDS[Role.NURSE]


def _old_slot_dek(slot_file: Path) -> dict[int, bytes]:
    """What the disabled nurse gets from their old slot, with their own password."""
    return KeySlots.load(slot_file).unlock("user", "nurse", normalise_password(NURSE_PASSWORD))


def _cannot_decrypt_offline(db: Path, dek: bytes) -> None:
    with pytest.raises(WrongKey):
        connect_raw(db, dek).close()
    conn = sqlcipher.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute(key_pragma(dek))
        with pytest.raises(sqlcipher.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM participants").fetchone()
    finally:
        conn.close()


def _old_slot_file_opens_nothing(data_dir: Path, old_slots: Path, tmp_path: Path) -> None:
    db = data_dir / "bedside.db"
    assert not (data_dir / "bedside.db-wal").exists(), "the store is closed and checkpointed"
    live_slots = tmp_path / "live-keyslots.json"
    shutil.copy2(data_dir / "keyslots.json", live_slots)
    shutil.copy2(old_slots, data_dir / "keyslots.json")  # the old copy, put back
    db_before = db.read_bytes()
    (data_dir / "logins.json").unlink(missing_ok=True)  # earlier tries' back-off
    store = Store.open(data_dir)
    try:
        with pytest.raises(CorruptStore, match="does not match its key slots"):
            store.unlock("nurse", NURSE_PASSWORD)
        assert not store.unlocked
    finally:
        store.close()
    assert db.read_bytes() == db_before
    for dek in _old_slot_dek(old_slots).values():
        _cannot_decrypt_offline(db, dek)
    shutil.copy2(live_slots, data_dir / "keyslots.json")


def test_disabling_a_person_rekeys_so_their_old_slot_file_opens_nothing(
    opened: OpenStore, tmp_path: Path
) -> None:
    opened.actor(Role.NURSE)
    admin = opened.store.unlock("admin", ADMIN_PASSWORD)
    old_slots = tmp_path / "keyslots-kept-by-the-nurse.json"
    shutil.copy2(opened.data_dir / "keyslots.json", old_slots)
    old_generation = opened.store.slots.generation
    (old_dek,) = _old_slot_dek(old_slots).values()
    assert old_dek == opened.store.current_deks()[old_generation]

    disable_user(opened.store, admin, "nurse", "left the ward")

    assert opened.store.slots.generation == old_generation + 1
    assert not opened.store.rekey_due
    assert opened.store.current_deks()[opened.store.slots.generation] != old_dek
    with opened.store.read() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.field, AuditEntry.new_value).order_by(
                AuditEntry.seq
            )
        ).all()
    disabled_at = rows.index(("update", "active", "false"))
    assert any(action == "rekey" for action, _f, _v in rows[disabled_at:])
    opened.store.close()

    _old_slot_file_opens_nothing(opened.data_dir, old_slots, tmp_path)
    # The people who are still here open the re-keyed store as before.
    done = run_cli("verify", data_dir=opened.data_dir)
    assert done.returncode == 0, done.stderr


def test_the_backups_take_the_new_key_too(opened: OpenStore, tmp_path: Path) -> None:
    from app.store.migrate import backup_copy

    opened.actor(Role.NURSE)
    admin = opened.store.unlock("admin", ADMIN_PASSWORD)
    assert opened.store.engine is not None
    copy = backup_copy(
        opened.store.engine, opened.data_dir / "bedside.db", opened.data_dir / "backups", "t"
    )
    old_slots = tmp_path / "keyslots-kept-by-the-nurse.json"
    shutil.copy2(opened.data_dir / "keyslots.json", old_slots)
    disable_user(opened.store, admin, "nurse", "left the ward")
    new_dek = opened.store.current_deks()[opened.store.slots.generation]
    opened.store.close()
    for dek in _old_slot_dek(old_slots).values():
        _cannot_decrypt_offline(copy, dek)
    conn = connect_raw(copy, new_dek)
    try:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 2
    finally:
        conn.close()


def test_disabling_through_the_command_line_rekeys_too(opened: OpenStore, tmp_path: Path) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    old_slots = tmp_path / "keyslots-kept-by-the-nurse.json"
    shutil.copy2(opened.data_dir / "keyslots.json", old_slots)
    done = run_cli(
        "user", "disable", "nurse", "--reason", "left the ward", data_dir=opened.data_dir
    )
    assert done.returncode == 0, done.stderr
    assert KeySlots.load(opened.data_dir / "keyslots.json").generation == 2
    _old_slot_file_opens_nothing(opened.data_dir, old_slots, tmp_path)


@pytest.fixture
def write_lock_after_disable(opened: OpenStore) -> Iterator[list[Any]]:
    """Another connection takes the write lock as soon as the disable commits, so the
    re-key that follows finds the store busy (a real SQLite lock, not a stand-in)."""
    held: list[Any] = []
    dek = opened.store.current_deks()[opened.store.slots.generation]

    def grab(session: Session) -> None:
        disabled = any(
            isinstance(obj, User) and obj.name == "nurse" and obj.active is False
            for obj in session.identity_map.values()
        )
        if disabled and not held:
            conn = connect_raw(opened.data_dir / "bedside.db", dek)
            conn.execute("BEGIN IMMEDIATE")
            held.append(conn)

    event.listen(Session, "after_commit", grab)
    try:
        yield held
    finally:
        event.remove(Session, "after_commit", grab)
        for conn in held:
            conn.close()


def test_a_rekey_that_cannot_run_now_is_done_at_the_next_admin_login(
    opened: OpenStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_lock_after_disable: list[Any],
) -> None:
    opened.actor(Role.NURSE)
    opened.actor(Role.INVESTIGATOR)
    admin = opened.store.unlock("admin", ADMIN_PASSWORD)
    old_slots = tmp_path / "keyslots-kept-by-the-nurse.json"
    shutil.copy2(opened.data_dir / "keyslots.json", old_slots)
    generation = opened.store.slots.generation
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)

    with pytest.raises(BedsideError) as refused:
        disable_user(opened.store, admin, "nurse", "left the ward")
    assert refused.value.sentence == (
        "nurse is disabled, but the store could not be re-keyed now: "
        "it will be re-keyed at the next admin login."
    )
    # Disabled all the same, and the store is still open on its old key.
    assert opened.store.unlocked
    assert opened.store.rekey_due
    assert opened.store.slots.generation == generation
    assert opened.store.slots.find("user", "nurse") is None
    with pytest.raises(WrongPassword):
        opened.store.unlock("nurse", NURSE_PASSWORD)

    write_lock_after_disable[0].close()
    write_lock_after_disable.clear()
    # Someone who is not an admin logs in: still due (the banner stays).
    opened.store.lock()
    opened.store.unlock("investigator", PASSWORDS[Role.INVESTIGATOR])
    assert opened.store.rekey_due
    opened.store.close()

    # The due re-key survives a restart and the next admin login does it.
    store = Store.open(opened.data_dir)
    try:
        assert store.rekey_due
        store.unlock("admin", ADMIN_PASSWORD)
        assert not store.rekey_due
        assert store.slots.generation == generation + 1
    finally:
        store.close()
    assert not KeySlots.load(opened.data_dir / "keyslots.json").rekey_due
    _old_slot_file_opens_nothing(opened.data_dir, old_slots, tmp_path)
