"""Key slots: one slot per person, password changes touch one slot, tampering fails."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import CorruptStore, LoginBackoff, WrongPassword
from app.roles import Role
from app.services.users import change_password
from app.store.backoff import LoginThrottle, wait_after
from app.store.keyslots import normalise_password
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_password_change_rewraps_one_slot_and_leaves_database_bytes_unchanged(
    opened: OpenStore,
) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    db = opened.data_dir / "bedside.db"
    assert (
        not (opened.data_dir / "bedside.db-wal").exists()
        or (opened.data_dir / "bedside.db-wal").stat().st_size == 0
    )
    before_db = _digest(db)
    before = json.loads((opened.data_dir / "keyslots.json").read_text())

    store = Store.open(opened.data_dir)
    store.slots.change_secret(
        "user",
        "nurse",
        normalise_password(PASSWORDS[Role.NURSE]),
        normalise_password("new nurse pw"),
    )
    store.slots.save()
    store.close()

    assert _digest(db) == before_db
    after = json.loads((opened.data_dir / "keyslots.json").read_text())
    changed = [
        (a["name"], a["kind"])
        for a, b in zip(after["slots"], before["slots"], strict=True)
        if a != b
    ]
    assert changed == [("nurse", "user")]
    nurse_before = next(s for s in before["slots"] if s["name"] == "nurse")
    nurse_after = next(s for s in after["slots"] if s["name"] == "nurse")
    assert nurse_after["dek"] == nurse_before["dek"], "the data key itself is not re-wrapped"
    assert nurse_after["public_key"] == nurse_before["public_key"]

    store = Store.open(opened.data_dir)
    try:
        with pytest.raises(WrongPassword):
            store.unlock("nurse", PASSWORDS[Role.NURSE])
        store.throttle.path.unlink()
        assert store.unlock("nurse", "new nurse pw").name == "nurse"
        assert store.unlock("admin", ADMIN_PASSWORD).name == "admin"
    finally:
        store.close()


def test_password_change_through_the_service_is_audited_and_clears_the_must_change_flag(
    opened: OpenStore,
) -> None:
    nurse = opened.actor(Role.NURSE)
    change_password(opened.store, nurse, PASSWORDS[Role.NURSE], "brand new pw")
    from sqlalchemy import select

    from app.models import AuditEntry, User

    with opened.store.read() as session:
        user = session.scalars(select(User).where(User.name == "nurse")).one()
        actions = list(
            session.scalars(select(AuditEntry.action).where(AuditEntry.user_name == "nurse"))
        )
    assert user.must_change_password is False
    assert "password_changed" in actions


def _tamper(data_dir: Path, edit: object) -> None:
    path = data_dir / "keyslots.json"
    data = json.loads(path.read_text())
    edit(data)  # type: ignore[operator]
    path.write_text(json.dumps(data))


def _flip_b64(text: str) -> str:
    import base64

    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("field", ["private_key", "public_key", "dek"])
def test_an_edited_slot_fails_to_unlock(opened: OpenStore, field: str) -> None:
    opened.store.close()

    def edit(data: dict) -> None:  # type: ignore[type-arg]
        slot = next(s for s in data["slots"] if s["name"] == "admin")
        if field == "dek":
            slot["dek"] = {g: _flip_b64(v) for g, v in slot["dek"].items()}
        else:
            slot[field] = _flip_b64(slot[field])

    _tamper(opened.data_dir, edit)
    store = Store.open(opened.data_dir)
    try:
        with pytest.raises((WrongPassword, CorruptStore)):
            store.unlock("admin", ADMIN_PASSWORD)
        assert not store.unlocked
    finally:
        store.close()


def test_a_slot_swapped_to_another_name_fails_to_unlock(opened: OpenStore) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()

    def swap(data: dict) -> None:  # type: ignore[type-arg]
        admin = next(s for s in data["slots"] if s["name"] == "admin")
        nurse = next(s for s in data["slots"] if s["name"] == "nurse")
        for key in ("private_key", "public_key", "dek", "kdf"):
            admin[key], nurse[key] = nurse[key], admin[key]

    _tamper(opened.data_dir, swap)
    store = Store.open(opened.data_dir)
    try:
        # The nurse's password on the slot now filed under "admin" must not open it.
        with pytest.raises(WrongPassword):
            store.unlock("admin", PASSWORDS[Role.NURSE])
        store.throttle.path.unlink()
        with pytest.raises(WrongPassword):
            store.unlock("nurse", ADMIN_PASSWORD)
    finally:
        store.close()


def test_slots_from_another_store_do_not_open_this_one(opened: OpenStore, tmp_path: Path) -> None:
    other, _a, _k = Store.create(
        tmp_path / "other", site="S", device="D", admin_name="admin", admin_password=ADMIN_PASSWORD
    )
    other.close()
    opened.store.close()
    (opened.data_dir / "keyslots.json").write_bytes(
        (tmp_path / "other" / "keyslots.json").read_bytes()
    )
    store = Store.open(opened.data_dir)
    try:
        with pytest.raises(CorruptStore):
            store.unlock("admin", ADMIN_PASSWORD)
    finally:
        store.close()


def test_recovery_key_opens_the_store_through_its_own_slot(opened: OpenStore) -> None:
    opened.store.close()
    store = Store.open(opened.data_dir)
    try:
        with pytest.raises(WrongPassword):
            store.unlock_with_recovery_key("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
        store.unlock_with_recovery_key(opened.recovery_key.lower().replace("-", " "))
        assert store.unlocked
    finally:
        store.close()


def test_backoff_doubles_and_survives_a_restart(opened: OpenStore) -> None:
    opened.store.close()
    store = Store.open(opened.data_dir)
    with pytest.raises(WrongPassword, match="try again in 1 s"):
        store.unlock("admin", "wrong-1")
    with pytest.raises(LoginBackoff, match="try again in"):
        store.unlock("admin", ADMIN_PASSWORD)  # even the right password waits
    store.close()

    # A new process: the wait is still there.
    store = Store.open(opened.data_dir)
    try:
        with pytest.raises(LoginBackoff):
            store.unlock("admin", ADMIN_PASSWORD)
    finally:
        store.close()

    throttle = LoginThrottle(opened.data_dir / "logins.json")
    now = datetime.now(UTC)
    for _ in range(3):
        throttle.record_failure("admin", now=now)
    with pytest.raises(LoginBackoff, match="try again in 8 s"):
        throttle.check("admin", now=now)
    throttle.check("admin", now=now + timedelta(seconds=8.01))
    assert [wait_after(n) for n in range(1, 6)] == [1, 2, 4, 8, 16]
    assert wait_after(40) == 15 * 60


def test_failed_logins_reach_the_audit_trail_at_the_next_unlock(opened: OpenStore) -> None:
    opened.store.close()
    store = Store.open(opened.data_dir)
    with pytest.raises(WrongPassword):
        store.unlock("admin", "wrong")
    with pytest.raises(WrongPassword):
        store.unlock("ghost", "who am i")
    (opened.data_dir / "logins.json").write_text(
        json.dumps(
            {
                "accounts": {},
                "pending": LoginThrottle(opened.data_dir / "logins.json")._read()["pending"],
            }
        )
    )
    store.unlock("admin", ADMIN_PASSWORD)
    from sqlalchemy import select

    from app.models import AuditEntry

    with store.read() as session:
        failed = list(
            session.scalars(select(AuditEntry.user_name).where(AuditEntry.action == "login_failed"))
        )
        logins = list(
            session.scalars(select(AuditEntry.user_name).where(AuditEntry.action == "login"))
        )
    store.close()
    assert sorted(failed) == ["admin", "ghost"]
    assert "admin" in logins
    assert LoginThrottle(opened.data_dir / "logins.json").pending_failures() == []
