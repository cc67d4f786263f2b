"""E-signatures: re-ask the password, bind the content, turn void when it changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.errors import NotPermitted, WrongPassword
from app.models import AuditEntry, Participant, Signature
from app.roles import Role
from app.services.signing import check_signatures, sign, signatures_for
from app.store.engine import connect_raw
from tests.conftest import PASSWORDS, OpenStore, run_cli


def _record(opened: OpenStore) -> str:
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse) as session:
        p = Participant(
            screening_number="S-1",
            initials="LW",
            sex="M",
            weight_kg=68.0,
            created_at=datetime.now(UTC),
        )
        session.add(p)
    return p.id


def test_signing_stores_name_utc_time_meaning_and_content_hash(opened: OpenStore) -> None:
    pid = _record(opened)
    investigator = opened.actor(Role.INVESTIGATOR)
    sig = sign(
        opened.store,
        investigator,
        PASSWORDS[Role.INVESTIGATOR],
        "participants",
        pid,
        "Eligibility reviewed and confirmed",
    )
    assert sig.printed_name == "Investigator Person"
    assert sig.signed_at.tzinfo is not None
    assert len(sig.content_hash) == 64
    assert sig.is_valid
    text = sig.manifestation()
    assert "Investigator Person" in text and "UTC" in text and "Eligibility reviewed" in text


def test_signing_with_a_wrong_password_is_refused_and_saves_nothing(opened: OpenStore) -> None:
    pid = _record(opened)
    investigator = opened.actor(Role.INVESTIGATOR)
    with pytest.raises(WrongPassword):
        sign(opened.store, investigator, "not-mine", "participants", pid, "Approved")
    with opened.store.read() as session:
        assert signatures_for(session, "participants", pid) == []


def test_a_nurse_cannot_sign(opened: OpenStore) -> None:
    pid = _record(opened)
    nurse = opened.actor(Role.NURSE)
    with pytest.raises(NotPermitted):
        sign(opened.store, nurse, PASSWORDS[Role.NURSE], "participants", pid, "Approved")


def test_editing_signed_data_voids_the_signature_visibly_and_in_the_audit_trail(
    opened: OpenStore,
) -> None:
    pid = _record(opened)
    investigator = opened.actor(Role.INVESTIGATOR)
    sig = sign(
        opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], "participants", pid, "Approved"
    )
    nurse = opened.actor(Role.NURSE)
    with opened.store.transaction(nurse, reason="weighed again on the bed scale") as session:
        session.get_one(Participant, pid).weight_kg = 69.5
    with opened.store.read() as session:
        stored = session.get_one(Signature, sig.id)
        audit = session.scalars(
            select(AuditEntry).where(
                AuditEntry.record_id == sig.id, AuditEntry.field == "voided_at"
            )
        ).all()
        assert check_signatures(session) == []
    assert not stored.is_valid
    assert "VOID" in stored.manifestation()
    assert stored.void_reason is not None and "weighed again" in stored.void_reason
    assert len(audit) == 1 and audit[0].old_value is None and audit[0].user_name == "nurse"
    # Re-signing adds a new signature; the void one stays.
    sign(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], "participants", pid, "Approved")
    with opened.store.read() as session:
        states = [s.is_valid for s in signatures_for(session, "participants", pid)]
    assert states == [False, True]


def test_a_signed_record_changed_behind_the_app_fails_verify(opened: OpenStore) -> None:
    pid = _record(opened)
    investigator = opened.actor(Role.INVESTIGATOR)
    sign(opened.store, investigator, PASSWORDS[Role.INVESTIGATOR], "participants", pid, "Approved")
    dek = opened.store.current_deks()[opened.store.slots.generation]
    opened.store.close()
    conn = connect_raw(opened.data_dir / "bedside.db", dek)
    conn.execute("UPDATE participants SET weight_kg = 99 WHERE id = ?", (pid,))
    conn.close()
    done = run_cli("verify", data_dir=opened.data_dir)
    assert done.returncode == 1
    assert "differs from what was signed" in done.stdout
