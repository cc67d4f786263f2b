"""Each person signs their own work with a key only their password opens (21 CFR 11.70)."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text

from app.models import AuditSeal, Participant, PersonKey, Signature
from app.roles import Role
from app.services import users
from app.services.signing import sign
from app.services.verify import verify_store
from app.store import audit, provenance
from app.store.person_key import public_text
from tests.conftest import PASSWORDS, OpenStore, run_cli


def _participant(opened: OpenStore, actor: object) -> str:
    with opened.store.transaction(actor) as session:  # type: ignore[arg-type]
        p = Participant(
            screening_number="S-1", initials="AB", sex="F", created_at=datetime.now(UTC)
        )
        session.add(p)
        session.flush()
        return p.id


def test_every_transaction_is_sealed_by_the_person_who_made_it(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    _participant(opened, nurse)
    with opened.store.read() as session:
        seals = session.scalars(select(AuditSeal).order_by(AuditSeal.last_seq)).all()
        keys = {k.user_name: k.public_key for k in session.scalars(select(PersonKey))}
        rows = session.execute(text("SELECT seq, user_name, row_hash FROM audit_log")).all()
    by_seq = {seq: (user, row_hash) for seq, user, row_hash in rows}
    assert seals and seals[0].first_seq == 1
    covered = [s for seal in seals for s in range(seal.first_seq, seal.last_seq + 1)]
    assert covered == sorted(by_seq)
    last = seals[-1]
    assert last.signer == "nurse"
    message = provenance.seal_message(
        opened.store.store_id, last.first_seq, last.last_seq, by_seq[last.last_seq][1], "nurse"
    )
    assert provenance.verify(keys["nurse"], last.signature, message)
    assert not provenance.verify(keys["admin"], last.signature, message)
    assert verify_store(opened.store).authorship is None


def test_the_key_is_the_persons_and_survives_a_password_change_only_with_their_password(
    opened: OpenStore,
) -> None:
    nurse = opened.actor(Role.NURSE)
    assert nurse.signing_key is not None
    temporary = public_text(nurse.signing_key)
    # Replacing the temporary password (which the admin knew) makes a new key pair.
    users.change_password(opened.store, nurse, PASSWORDS[Role.NURSE], "nurse-own-pass-2")
    own = public_text(nurse.signing_key)
    assert own != temporary
    with opened.store.read() as session:
        enrolled = session.scalars(
            select(PersonKey.public_key).where(PersonKey.user_name == "nurse")
        ).one()
    assert enrolled == own
    # A later change of her own password keeps her key.
    users.change_password(opened.store, nurse, "nurse-own-pass-2", "nurse-own-pass-3")
    again = opened.store.unlock("nurse", "nurse-own-pass-3")
    assert again.signing_key is not None and public_text(again.signing_key) == own
    _participant(opened, again)
    assert verify_store(opened.store).authorship is None


def test_an_e_signature_is_made_with_the_signers_key_over_the_record(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    investigator = opened.actor(Role.INVESTIGATOR)
    record = _participant(opened, nurse)
    signature = sign(
        opened.store,
        investigator,
        PASSWORDS[Role.INVESTIGATOR],
        "participants",
        record,
        "Reviewed",
    )
    with opened.store.read() as session:
        stored = session.get(Signature, signature.id)
        key = session.scalars(
            select(PersonKey.public_key).where(PersonKey.user_name == "investigator")
        ).one()
    assert stored is not None and stored.signature
    message = provenance.esignature_message(
        opened.store.store_id,
        "participants",
        record,
        stored.content_hash,
        "Reviewed",
        audit.format_value(stored.signed_at) or "",
        investigator.user_id,
    )
    assert provenance.verify(key, stored.signature, message)
    other = provenance.esignature_message(
        opened.store.store_id,
        "participants",
        "11111111-1111-4111-8111-111111111111",
        stored.content_hash,
        "Reviewed",
        audit.format_value(stored.signed_at) or "",
        investigator.user_id,
    )
    assert not provenance.verify(key, stored.signature, other)
    assert verify_store(opened.store).authorship is None


def test_a_row_sealed_with_a_key_nobody_enrolled_fails_verify(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    _participant(opened, nurse)
    store = opened.store
    assert store.engine is not None
    with store.engine.begin() as conn:
        seq, prev = audit.chain_head(conn, store.store_id)
        row = {
            "seq": seq + 1,
            "at_utc": "2026-12-01T10:00:00.000000Z",
            "user_name": "investigator",
            "action": "signed",
            "table_name": None,
            "record_id": None,
            "field": None,
            "old_value": None,
            "new_value": "eligibility confirmed",
            "reason": None,
        }
        row["prev_hash"] = prev
        row["row_hash"] = audit.row_hash(prev, row)
        conn.execute(audit.INSERT_SQL, row)
        forged = Ed25519PrivateKey.generate()
        message = provenance.seal_message(
            store.store_id, seq + 1, seq + 1, row["row_hash"], "investigator"
        )
        conn.execute(
            AuditSeal.__table__.insert().values(  # type: ignore[attr-defined]
                first_seq=seq + 1,
                last_seq=seq + 1,
                signer="investigator",
                signature=provenance.sign(forged, message),
            )
        )
    report = verify_store(store)
    assert report.authorship is not None and "investigator" in report.authorship
    assert not report.ok
    store.close()
    done = run_cli("verify", data_dir=opened.data_dir)
    assert done.returncode == 1
    assert "authorship" in done.stdout + done.stderr
