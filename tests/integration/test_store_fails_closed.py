"""An empty, cut-short or foreign database is refused and left as it was; a lost tail is named.

The files a crash leaves (the database with its WAL and shared-memory index) are
copied while the store is open, then damaged. Each refusal must leave every file
byte for byte as it was: SQLite deletes the WAL of an empty database and
checkpoints a WAL when its last connection closes, so any connection made before
the check would already have changed them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from app.errors import CorruptStore
from app.models import Participant
from app.roles import Role
from app.store.anchor import RECORD_BYTES as ANCHOR_RECORD_BYTES
from app.store.anchor import AnchorFile, anchor_key
from app.store.engine import CIPHER_PAGE_SIZE, connect_raw, rekey_pragma
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, OpenStore, run_cli, snapshot_files

WAL_HEADER_BYTES = 32
WAL_FRAME_BYTES = 24 + CIPHER_PAGE_SIZE
# Bookkeeping files that may come and go without touching the store itself.
NOT_STORE_FILES = {"bedside.lock", "bedside.log", "logins.json"}


def _store_files(folder: Path) -> dict[str, bytes]:
    files = snapshot_files(folder)
    for name in NOT_STORE_FILES:
        files.pop(name, None)
    return files


def _save_participants(opened: OpenStore, count: int, prefix: str = "S") -> None:
    nurse = opened.actor(Role.NURSE)
    for i in range(count):
        with opened.store.transaction(nurse) as session:
            session.add(
                Participant(
                    screening_number=f"{prefix}-{i:04d}",
                    initials="AB",
                    sex="F",
                    weight_kg=60.0 + i,
                    created_at=datetime.now(UTC),
                )
            )


def _crash_copy(opened: OpenStore, dest: Path, *, wal: bool, shm: bool) -> Path:
    """The store's files as a power cut would leave them, copied while it is open."""
    dest.mkdir(parents=True)
    src = opened.data_dir
    assert (src / "bedside.db-wal").stat().st_size > 0, "the live store has a WAL"
    names = ["bedside.db", "keyslots.json", "anchor.json"]
    names += ["bedside.db-wal"] if wal else []
    names += ["bedside.db-shm"] if shm else []
    for name in names:
        shutil.copy2(src / name, dest / name)
    return dest


@pytest.fixture
def live(opened: OpenStore) -> Iterator[OpenStore]:
    """A store that was closed once (so the file holds its pages) and has fresh commits in
    its WAL, as a laptop in use has."""
    opened.store.close()
    opened.store = Store.open(opened.data_dir)
    try:
        opened.admin = opened.store.unlock("admin", ADMIN_PASSWORD)
        _save_participants(opened, 25)
        yield opened
    finally:
        opened.store.close()


def _refused_everywhere(folder: Path, expected: str) -> None:
    """Store.open/unlock, ``bedside verify`` and ``bedside user list`` all refuse with
    ``expected``, and no store file changes."""
    before = _store_files(folder)
    with pytest.raises(CorruptStore, match=re.escape(expected)):
        store = Store.open(folder)
        try:
            store.unlock("admin", ADMIN_PASSWORD)
        finally:
            store.close()
    assert _store_files(folder) == before
    for argv in (("verify",), ("user", "list")):
        done = run_cli(*argv, data_dir=folder)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("bedside: "), done.stderr
        assert expected in lines[0]
        assert "Traceback" not in done.stderr and "intact" not in done.stdout
        assert _store_files(folder) == before, argv


WAL_CASES = pytest.mark.parametrize(
    ("wal", "shm"), [(False, False), (True, False), (True, True)], ids=["alone", "wal", "wal+shm"]
)


@WAL_CASES
def test_a_zero_length_database_is_refused_and_its_wal_is_kept(
    live: OpenStore, tmp_path: Path, wal: bool, shm: bool
) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=wal, shm=shm)
    (folder / "bedside.db").write_bytes(b"")
    _refused_everywhere(folder, "The database bedside.db is damaged (it is empty)")
    assert (folder / "bedside.db").stat().st_size == 0
    assert (folder / "bedside.db-wal").exists() is wal


@WAL_CASES
@pytest.mark.parametrize("size", [1000, CIPHER_PAGE_SIZE * 2 + 100], ids=["part-page", "mid-page"])
def test_a_truncated_database_is_refused_and_nothing_changes(
    live: OpenStore, tmp_path: Path, wal: bool, shm: bool, size: int
) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=wal, shm=shm)
    db = folder / "bedside.db"
    assert db.stat().st_size > size
    with db.open("r+b") as handle:
        handle.truncate(size)
    _refused_everywhere(folder, "The database bedside.db is damaged (it is cut short)")


@WAL_CASES
def test_a_plain_sqlite_database_is_refused_and_nothing_changes(
    live: OpenStore, tmp_path: Path, wal: bool, shm: bool
) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=wal, shm=shm)
    (folder / "bedside.db").unlink()
    plain = sqlite3.connect(folder / "bedside.db")
    plain.execute("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY)")
    plain.commit()
    plain.close()
    assert (folder / "bedside.db").read_bytes()[:16] == b"SQLite format 3\x00"
    _refused_everywhere(folder, "The database bedside.db is not an encrypted Bedside store")


@WAL_CASES
def test_a_file_the_key_does_not_open_is_refused_and_its_wal_is_not_checkpointed(
    live: OpenStore, tmp_path: Path, wal: bool, shm: bool
) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=wal, shm=shm)
    (folder / "bedside.db").write_bytes(os.urandom(CIPHER_PAGE_SIZE * 3))
    _refused_everywhere(folder, "The database does not match its key slots, or it is damaged")


def test_another_stores_database_is_refused_and_its_wal_is_not_checkpointed(
    live: OpenStore, tmp_path: Path
) -> None:
    other, _admin, _key = Store.create(
        tmp_path / "other",
        site="WH02",
        device="OTHER_1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )
    try:
        folder = tmp_path / "copy"
        folder.mkdir()
        for name in ("bedside.db", "bedside.db-wal", "bedside.db-shm"):
            shutil.copy2(other.paths.root / name, folder / name)
    finally:
        other.close()
    for name in ("keyslots.json", "anchor.json"):
        shutil.copy2(live.data_dir / name, folder / name)
    _refused_everywhere(folder, "The database does not match its key slots")


def _lose_tail(folder: Path, how: str) -> None:
    wal = folder / "bedside.db-wal"
    data = bytearray(wal.read_bytes())
    frames = (len(data) - WAL_HEADER_BYTES) // WAL_FRAME_BYTES
    assert frames > 10
    keep = frames // 2
    if how == "truncated":
        del data[WAL_HEADER_BYTES + keep * WAL_FRAME_BYTES + 1000 :]
    else:  # a flipped byte in one frame's page: its checksum, and every later frame, fail
        data[WAL_HEADER_BYTES + keep * WAL_FRAME_BYTES + 24 + 2000] ^= 0x5A
    wal.write_bytes(bytes(data))


def _rows_left(folder: Path, tmp_path: Path, dek: bytes) -> int:
    """How many audit rows a plain open of (a copy of) the damaged files still sees."""
    scratch = tmp_path / "scratch"
    shutil.copytree(folder, scratch)
    conn = connect_raw(scratch / "bedside.db", dek)
    try:
        return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
    finally:
        conn.close()
        shutil.rmtree(scratch)


@pytest.mark.parametrize("how", ["truncated", "damaged"])
def test_a_wal_that_lost_committed_rows_is_reported_against_the_anchor(
    live: OpenStore, tmp_path: Path, how: str
) -> None:
    dek = live.store.current_deks()[live.store.slots.generation]
    folder = _crash_copy(live, tmp_path / "copy", wal=True, shm=True)
    anchored = _anchor_seq(live.store, dek, folder / "anchor.json")
    _lose_tail(folder, how)
    lost = anchored - _rows_left(folder, tmp_path, dek)
    assert lost > 0
    sentence = f"The audit trail ends {lost} rows before the last known head"
    before = _store_files(folder)

    store = Store.open(folder)
    try:
        with pytest.raises(CorruptStore, match=re.escape(sentence)):
            store.unlock("admin", ADMIN_PASSWORD)
        assert not store.unlocked
    finally:
        store.close()
    # Refused from a read-only look: the damaged WAL is kept for whoever restores it.
    assert _store_files(folder) == before

    done = run_cli("verify", data_dir=folder)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"bedside: {sentence}: restore the store from a backup."), (
        done.stderr
    )
    assert "intact" not in done.stdout
    as_json = run_cli("verify", "--json", data_dir=folder)
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {
        "ok": False,
        "problem": f"{sentence}: restore the store from a backup.",
    }
    assert _store_files(folder) == before


def test_a_lost_tail_is_caught_even_without_the_wal_index(live: OpenStore, tmp_path: Path) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=True, shm=False)
    _lose_tail(folder, "truncated")
    done = run_cli("verify", data_dir=folder)
    assert done.returncode == 1
    assert "rows before the last known head" in done.stderr
    assert "intact" not in done.stdout


def test_a_database_put_back_from_an_older_copy_is_reported(
    live: OpenStore, tmp_path: Path
) -> None:
    live.store.close()
    older = tmp_path / "older.db"
    shutil.copy2(live.data_dir / "bedside.db", older)
    live.store = Store.open(live.data_dir)
    live.store.unlock("admin", ADMIN_PASSWORD)
    _save_participants(live, 3, prefix="T")
    live.store.close()
    shutil.copy2(older, live.data_dir / "bedside.db")
    done = run_cli("verify", data_dir=live.data_dir)
    assert done.returncode == 1
    assert "rows before the last known head" in done.stderr


def _edit_record(path: Path, index: int, new: bytes | None = None, **fields: Any) -> None:
    raw = bytearray(path.read_bytes())
    assert len(raw) == 2 * ANCHOR_RECORD_BYTES
    where = slice(index * ANCHOR_RECORD_BYTES, (index + 1) * ANCHOR_RECORD_BYTES)
    if new is None:
        record = json.loads(bytes(raw[where]))
        record.update(fields)
        new = json.dumps(record).encode().ljust(ANCHOR_RECORD_BYTES - 1) + b"\n"
    raw[where] = new
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("index", [0, 1])
def test_an_anchor_with_a_bad_mac_is_reported_as_damaged(live: OpenStore, index: int) -> None:
    live.store.close()
    path = live.data_dir / "anchor.json"
    seq = json.loads(path.read_bytes()[:ANCHOR_RECORD_BYTES])["seq"]
    # Moved forward without the key: its MAC no longer matches.
    _edit_record(path, index, seq=seq + 1000)
    sentence = "The record of the last audit head (anchor.json) is damaged"
    store = Store.open(live.data_dir)
    try:
        with pytest.raises(CorruptStore, match=re.escape(sentence)):
            store.unlock("admin", ADMIN_PASSWORD)
    finally:
        store.close()
    done = run_cli("verify", data_dir=live.data_dir)
    assert done.returncode == 1
    assert sentence in done.stderr and "intact" not in done.stdout


@pytest.mark.parametrize(
    "text",
    ["", "{", "[" * 100_000, '{"seq": 1e400}', "x" * 10_000],
    ids=["empty", "cut", "deep", "huge-number", "too-big"],
)
def test_an_unreadable_anchor_is_reported_as_damaged(live: OpenStore, text: str) -> None:
    live.store.close()
    (live.data_dir / "anchor.json").write_text(text)
    store = Store.open(live.data_dir)
    try:
        with pytest.raises(CorruptStore, match=r"anchor\.json\) is damaged"):
            store.unlock("admin", ADMIN_PASSWORD)
    finally:
        store.close()


def _anchor_seq(store: Store, dek: bytes, path: Path | None = None) -> int:
    anchor = AnchorFile(path or store.paths.anchor, store.store_id)
    found = anchor.read([anchor_key(dek, store.store_id)])
    assert found is not None
    return found[0].seq


def test_an_anchor_record_torn_by_a_power_cut_falls_back_to_the_other(live: OpenStore) -> None:
    dek = live.store.current_deks()[live.store.slots.generation]
    _save_participants(live, 2, prefix="P")  # both records hold heads now
    newest = _anchor_seq(live.store, dek)
    live.store.close()
    path = live.data_dir / "anchor.json"
    records = path.read_bytes()
    index = max(
        (0, 1),
        key=lambda i: json.loads(records[i * ANCHOR_RECORD_BYTES : (i + 1) * ANCHOR_RECORD_BYTES])[
            "seq"
        ],
    )
    _edit_record(path, index, new=(b"\0" * 200 + b'{"seq": 9').ljust(ANCHOR_RECORD_BYTES, b"\0"))
    store = Store.open(live.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        assert _anchor_seq(store, dek) >= newest
    finally:
        store.close()


def _db_head(store: Store) -> int:
    raw = store.engine.raw_connection()  # type: ignore[union-attr]
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT max(seq) FROM audit_log")
        return int(cursor.fetchone()[0])
    finally:
        raw.close()


def test_every_committed_transaction_moves_the_anchor(live: OpenStore) -> None:
    dek = live.store.current_deks()[live.store.slots.generation]
    assert _anchor_seq(live.store, dek) == _db_head(live.store)
    _save_participants(live, 1, prefix="N")
    assert _anchor_seq(live.store, dek) == _db_head(live.store)
    # A read changes nothing, so it writes no anchor.
    before = (live.data_dir / "anchor.json").stat().st_mtime_ns
    with live.store.read() as session:
        session.get(Participant, "nothing")
    assert (live.data_dir / "anchor.json").stat().st_mtime_ns == before


def test_a_store_without_an_anchor_gets_one_at_its_next_unlock(live: OpenStore) -> None:
    live.store.close()
    (live.data_dir / "anchor.json").unlink()
    store = Store.open(live.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        dek = store.current_deks()[store.slots.generation]
        assert _anchor_seq(store, dek) == _db_head(store)
    finally:
        store.close()
    done = run_cli("verify", data_dir=live.data_dir)
    assert done.returncode == 0, done.stderr
    assert "audit head anchor: reached" in done.stdout


def test_rekey_re_authenticates_the_anchor_under_the_new_key(live: OpenStore) -> None:
    old = live.store.current_deks()[live.store.slots.generation]
    live.store.rekey(live.admin)
    new = live.store.current_deks()[live.store.slots.generation]
    assert _anchor_seq(live.store, new) == _db_head(live.store)
    with pytest.raises(CorruptStore):
        AnchorFile(live.store.paths.anchor, live.store.store_id).read(
            [anchor_key(old, live.store.store_id)]
        )
    live.store.close()
    done = run_cli("verify", data_dir=live.data_dir)
    assert done.returncode == 0, done.stderr


def test_a_rekey_killed_before_the_anchor_moved_still_unlocks(live: OpenStore) -> None:
    """The database has the new key, the anchor is still under the old one."""
    old = live.store.current_deks()[live.store.slots.generation]
    new = os.urandom(32)
    live.store.slots.begin_rekey(new)
    live.store.slots.save()
    live.store.close()
    conn = connect_raw(live.data_dir / "bedside.db", old)
    conn.execute(rekey_pragma(new))
    conn.close()
    store = Store.open(live.data_dir)
    try:
        store.unlock("admin", ADMIN_PASSWORD)
        assert store.current_deks()[store.slots.generation] == new
        assert store.slots.pending_generation is None
        assert _anchor_seq(store, new) == _db_head(store)
    finally:
        store.close()


def test_a_refused_store_is_never_migrated_or_copied_aside(live: OpenStore, tmp_path: Path) -> None:
    folder = _crash_copy(live, tmp_path / "copy", wal=True, shm=True)
    _lose_tail(folder, "truncated")
    store = Store.open(folder)
    try:
        with pytest.raises(CorruptStore):
            store.unlock("admin", ADMIN_PASSWORD)
    finally:
        store.close()
    assert not (folder / "backups").exists()


def test_the_stdlib_cannot_read_the_store_files(live: OpenStore) -> None:
    live.store.close()
    assert (live.data_dir / "bedside.db").read_bytes()[:16] != b"SQLite format 3\x00"
    plain = sqlite3.connect(live.data_dir / "bedside.db")
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()
    wrong = sqlcipher.connect(str(live.data_dir / "bedside.db"))
    try:
        wrong.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        with pytest.raises(sqlcipher.DatabaseError):
            wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        wrong.close()
