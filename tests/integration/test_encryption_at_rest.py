"""The store is unreadable without its key, and nothing typed leaks beside it."""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import LoginBackoff, NoStore, WrongPassword
from app.models import Participant, VitalSigns
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, OpenStore, snapshot_files

CANARY = "CANARY-7f3a9c-ÄÖ-茶"


def _save_canary(opened: OpenStore) -> None:
    with opened.store.transaction(opened.admin) as session:
        participant = Participant(
            screening_number="S-CANARY",
            initials="CN",
            sex="F",
            created_at=datetime.now(UTC),
        )
        session.add(participant)
        session.flush()
        session.add(
            VitalSigns(
                participant_id=participant.id,
                visit_code="BL",
                measured_at=datetime.now(UTC),
                spo2_percent=91,
                note=CANARY,
            )
        )


def _files_containing(folder: Path, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_database_header_is_not_plain_sqlite(opened: OpenStore) -> None:
    header = (opened.data_dir / "bedside.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_canary_is_found_in_no_file_of_the_store_or_temp_folder(
    opened: OpenStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    logging.getLogger("test").info("saving the canary")
    _save_canary(opened)
    wal = opened.data_dir / "bedside.db-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the WAL should hold the new pages"
    for needle in (CANARY.encode("utf-8"), CANARY.encode("utf-16-le"), b"CANARY-7f3a9c"):
        assert _files_containing(opened.data_dir, needle) == []
        assert _files_containing(temp, needle) == []
    # The value is really there, for those who hold the key.
    with opened.store.read() as session:
        notes = list(session.scalars(select(VitalSigns.note)))
    assert notes == [CANARY]
    opened.store.close()
    assert _files_containing(opened.data_dir, b"CANARY-7f3a9c") == []


def test_stdlib_sqlite3_cannot_read_the_file(opened: OpenStore) -> None:
    opened.store.close()
    conn = sqlite3.connect(opened.data_dir / "bedside.db")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_password_fails_closed_and_changes_no_data_file(opened: OpenStore) -> None:
    opened.store.close()
    before = snapshot_files(opened.data_dir)
    store = Store.open(opened.data_dir)
    try:
        with pytest.raises(WrongPassword):
            store.unlock("admin", "not the password")
        assert not store.unlocked
    finally:
        store.close()
    after = snapshot_files(opened.data_dir)
    for name in ("bedside.db", "keyslots.json"):
        assert after[name] == before[name]
    assert "bedside.db-wal" not in after or after["bedside.db-wal"] == before.get("bedside.db-wal")
    # Only the back-off file is new: it must survive a restart.
    assert set(after) - set(before) <= {"logins.json"}


def test_opening_a_folder_without_a_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(NoStore):
        Store.open(missing)
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NoStore):
        Store.open(empty)
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize(
    "password",
    [
        'it\'s a "quoted" pass',
        "spaces  in   the middle ",
        "pässwörd-ünïcödé-密码-🔐",
        "x'0011'; DROP TABLE users; --",
        "\\back\\slash%s%d{}",
    ],
)
def test_passwords_with_quotes_unicode_and_spaces_unlock(data_dir: Path, password: str) -> None:
    store, _admin, _key = Store.create(
        data_dir, site="S", device="D", admin_name="admin", admin_password=password
    )
    store.close()
    store = Store.open(data_dir)
    try:
        actor = store.unlock("admin", password)
        assert actor.name == "admin"
    finally:
        store.close()


def test_password_in_another_unicode_normal_form_still_unlocks(data_dir: Path) -> None:
    composed = unicodedata.normalize("NFC", "crème brûlée 1")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    store, _admin, _key = Store.create(
        data_dir, site="S", device="D", admin_name="admin", admin_password=composed
    )
    store.lock()
    assert store.unlock("admin", decomposed).name == "admin"
    store.close()


def test_no_password_or_key_appears_in_logs_or_exceptions(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Sup3r-secret-pässword"
    store, _admin, recovery = Store.create(
        data_dir, site="S", device="D", admin_name="admin", admin_password=secret
    )
    dek_hex = store.current_deks()[store.slots.generation].hex()
    store.lock()
    texts: list[str] = []
    for attempt in (secret + "x", "wrong"):
        store.throttle.path.unlink(missing_ok=True)
        try:
            store.unlock("admin", attempt)
        except WrongPassword as exc:
            texts += [str(exc), repr(exc), repr(exc.args)]
    try:
        store.unlock("admin", secret)
    except LoginBackoff as exc:
        texts += [str(exc), repr(exc)]
    store.throttle.path.unlink()
    store.unlock("admin", secret)
    store.close()
    texts.append(caplog.text)
    log_file = data_dir / "bedside.log"
    if log_file.exists():
        texts.append(log_file.read_text("utf-8"))
    blob = "\n".join(texts)
    for leaked in (secret, secret + "x", dek_hex, recovery, recovery.replace("-", "")):
        assert leaked not in blob
    assert "not right" in blob


def test_repr_of_store_and_slots_shows_no_key_material(opened: OpenStore) -> None:
    dek_hex = opened.store.current_deks()[opened.store.slots.generation].hex()
    assert dek_hex not in repr(opened.store)
    assert dek_hex not in repr(opened.store.slots)
    assert dek_hex not in repr(opened.store.engine)
    assert ADMIN_PASSWORD not in repr(opened.admin)
