"""Every change is audited in its own transaction, chained, and cannot be rewritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from app.errors import NotPermitted, ReasonRequired
from app.models import AuditEntry, Participant
from app.roles import Role
from app.services.users import add_user, disable_user, set_role
from app.store.audit import verify_chain
from app.store.engine import connect_raw
from tests.conftest import OpenStore, run_cli


def _participant(opened: OpenStore, **fields: object) -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number=str(fields.get("screening_number", "S-001")),
            initials="AB",
            sex="F",
            weight_kg=70.5,
            created_at=datetime.now(UTC),
        )
        session.add(p)
    return p.id


def _audit(
    opened: OpenStore, record_id: str
) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    with opened.store.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.seq)
        )
        return [(r.action, r.field, r.old_value, r.new_value, r.reason) for r in rows]


def test_insert_writes_one_audit_row_per_field_with_user_and_utc_time(opened: OpenStore) -> None:
    pid = _participant(opened)
    rows = _audit(opened, pid)
    fields = {field: new for action, field, _old, new, _why in rows if action == "insert"}
    assert fields["screening_number"] == "S-001"
    assert fields["weight_kg"] == "70.5"
    assert fields["status"] == "screening"
    with opened.store.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_id == pid)).first()
    assert entry is not None
    assert entry.user_name == "nurse"
    assert entry.table_name == "participants"
    assert entry.at_utc.endswith("Z")


def test_changing_a_saved_value_without_a_reason_is_refused_and_saves_nothing(
    opened: OpenStore,
) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    with (
        pytest.raises(ReasonRequired, match="weight kg"),
        opened.store.transaction(nurse) as session,
    ):
        session.get_one(Participant, pid).weight_kg = 71.0
    with opened.store.read() as session:
        assert session.get_one(Participant, pid).weight_kg == 70.5
    with opened.store.transaction(nurse, reason="scale recalibrated") as session:
        session.get_one(Participant, pid).weight_kg = 71.0
    assert ("update", "weight_kg", "70.5", "71.0", "scale recalibrated") in _audit(opened, pid)


def test_filling_an_empty_field_needs_no_reason(opened: OpenStore) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        session.get_one(Participant, pid).height_cm = 165.0
    assert ("update", "height_cm", None, "165.0", None) in _audit(opened, pid)


def test_delete_needs_a_reason_and_is_audited_field_by_field(opened: OpenStore) -> None:
    pid = _participant(opened)
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(ReasonRequired), opened.store.transaction(nurse) as session:
        session.delete(session.get_one(Participant, pid))
    with opened.store.transaction(nurse, reason="entered for the wrong patient") as session:
        session.delete(session.get_one(Participant, pid))
    deleted = [r for r in _audit(opened, pid) if r[0] == "delete"]
    assert ("delete", "initials", "AB", None, "entered for the wrong patient") in deleted


def test_a_failed_transaction_leaves_neither_data_nor_audit_rows(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    with opened.store.read() as session:
        before = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    with pytest.raises(RuntimeError), opened.store.transaction(nurse) as session:
        session.add(
            Participant(screening_number="S-9", initials="X", sex="M", created_at=datetime.now(UTC))
        )
        session.flush()
        raise RuntimeError("the nurse's laptop crashed")
    with opened.store.read() as session:
        after = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
        assert session.scalars(select(Participant)).all() == []
    assert after == before


def test_monitor_can_read_but_not_change(opened: OpenStore) -> None:
    _participant(opened)
    monitor = opened.actor(Role.MONITOR)
    with pytest.raises(NotPermitted), opened.store.transaction(monitor) as session:
        session.add(
            Participant(screening_number="S-2", initials="M", sex="M", created_at=datetime.now(UTC))
        )
    with opened.store.read() as session:
        assert len(session.scalars(select(Participant)).all()) == 1


def test_user_and_role_changes_are_audited(opened: OpenStore) -> None:
    add_user(opened.store, opened.admin, "wang.li", Role.NURSE, "temporary-1", "Wang Li")
    set_role(
        opened.store, opened.admin, "wang.li", Role.INVESTIGATOR, "promoted to sub-investigator"
    )
    disable_user(opened.store, opened.admin, "wang.li", "left the ward")
    with opened.store.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "users", AuditEntry.action == "update"
            )
        ).all()
    changes = {(r.field, r.old_value, r.new_value, r.reason) for r in rows}
    assert ("role", "nurse", "investigator", "promoted to sub-investigator") in changes
    assert ("active", "true", "false", "left the ward") in changes
    assert "wang.li" not in opened.store.slots.user_names()


def test_audit_table_refuses_update_and_delete_even_with_the_key(opened: OpenStore) -> None:
    _participant(opened)
    dek = opened.store.current_deks()[opened.store.slots.generation]
    conn = connect_raw(opened.data_dir / "bedside.db", dek)
    try:
        with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET new_value = 'x' WHERE seq = 1")
        with pytest.raises(sqlcipher.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log WHERE seq = 1")
        with pytest.raises(sqlcipher.IntegrityError, match="in sequence"):
            conn.execute(
                "INSERT INTO audit_log (seq, at_utc, user_name, action, prev_hash, row_hash) "
                "VALUES (9999, 'x', 'x', 'x', 'x', 'x')"
            )
    finally:
        conn.close()


def _tampered(opened: OpenStore, sql: list[str]) -> None:
    dek = opened.store.current_deks()[opened.store.slots.generation]
    opened.store.close()
    conn = connect_raw(opened.data_dir / "bedside.db", dek)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DROP TRIGGER audit_log_in_sequence")
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("sql", "bad_row"),
    [
        (["UPDATE audit_log SET new_value = 'Z' WHERE seq = 5"], 5),
        (["UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 3"], 3),
        (["DELETE FROM audit_log WHERE seq = 4"], 4),
        (
            [
                "INSERT INTO audit_log (seq, at_utc, user_name, action, prev_hash, row_hash) "
                "SELECT max(seq) + 1, '2026-01-01T00:00:00.000000Z', 'mallory', 'insert', "
                "row_hash, 'ab' FROM audit_log"
            ],
            None,
        ),
    ],
    ids=["edited-value", "edited-user", "deleted", "inserted"],
)
def test_verify_exits_1_and_names_the_first_bad_row(
    opened: OpenStore, sql: list[str], bad_row: int | None
) -> None:
    _participant(opened)
    with opened.store.read() as session:
        last = session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
    assert last is not None and last > 6
    _tampered(opened, sql)
    expected = bad_row if bad_row is not None else last + 1
    done = run_cli("verify", data_dir=opened.data_dir)
    assert done.returncode == 1, done.stderr
    assert f"row {expected}" in done.stderr
    assert done.stderr.count("\n") == 1
    json_done = run_cli("verify", "--json", data_dir=opened.data_dir)
    assert json_done.returncode == 1
    import json

    report = json.loads(json_done.stdout)
    assert report["ok"] is False
    assert report["audit_chain"]["first_bad_seq"] == expected


def test_verify_passes_on_an_untouched_store(opened: OpenStore) -> None:
    _participant(opened)
    with opened.store.engine.connect() as conn:  # type: ignore[union-attr]
        assert verify_chain(conn, opened.store.store_id).ok
    opened.store.close()
    done = run_cli("verify", data_dir=opened.data_dir)
    assert done.returncode == 0, done.stderr
    assert "audit chain intact" in done.stdout
