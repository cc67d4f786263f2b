"""Electronic signatures: sign a record, and check every signature still holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotPermitted
from app.models import Base, Signature
from app.models.base import Audited
from app.roles import Permission
from app.sentences import QT_TRANSLATE_NOOP
from app.store import provenance
from app.store.store import Store
from app.store.uow import Actor, content_hash, log_event
from app.timeutil import iso_utc, utc_now


def model_for(table_name: str) -> type[Audited]:
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__tablename__", None) == table_name and issubclass(cls, Audited):
            return cls
    raise InvalidInput(
        QT_TRANSLATE_NOOP("Signing", "Records in {table} cannot be signed.").format(
            table=repr(table_name)
        )
    )


def sign(
    store: Store,
    actor: Actor,
    password: str,
    table_name: str,
    record_id: str,
    meaning: str,
) -> Signature:
    """Sign one record: re-asks the password, binds the hash of the record's content."""
    if not actor.can(Permission.SIGN):
        raise NotPermitted(
            QT_TRANSLATE_NOOP("Signing", "Your role ({role}) cannot sign records.").format(
                role=actor.role.value
            )
        )
    if not meaning.strip():
        raise InvalidInput(
            QT_TRANSLATE_NOOP(
                "Signing", "Say what the signature means (for example: reviewed and approved)."
            ).said()
        )
    key = store.check_password(actor, password)
    model = model_for(table_name)
    with store.transaction(actor) as session:
        record = session.get(model, record_id)
        if record is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("Signing", "There is no record {record} to sign.").format(
                    record=record_id
                )
            )
        signed_at = utc_now()
        digest = content_hash(record)
        message = provenance.esignature_message(
            store.store_id,
            table_name,
            record_id,
            digest,
            meaning.strip(),
            iso_utc(signed_at),
            actor.user_id,
        )
        signature = Signature(
            table_name=table_name,
            record_id=record_id,
            signer_id=actor.user_id,
            printed_name=actor.full_name,
            meaning=meaning.strip(),
            signed_at=signed_at,
            content_hash=digest,
            signature=provenance.sign(key, message),
        )
        session.add(signature)
        session.flush()
        log_event(session, "signed", actor.name, record_id=record_id, detail=meaning.strip())
        return signature


def signatures_for(session: Session, table_name: str, record_id: str) -> list[Signature]:
    return list(
        session.scalars(
            select(Signature)
            .where(Signature.table_name == table_name, Signature.record_id == record_id)
            .order_by(Signature.signed_at)
        )
    )


@dataclass(frozen=True)
class SignatureProblem:
    signature_id: str
    table_name: str
    record_id: str
    problem: str


def check_signatures(session: Session) -> list[SignatureProblem]:
    """Valid signatures whose record no longer has the content that was signed.

    Edits through Bedside void the signature; a mismatch here means the record
    was changed behind the application's back.
    """
    problems = []
    for sig in session.scalars(select(Signature).where(Signature.voided_at.is_(None))):
        model = model_for(sig.table_name)
        record = session.get(model, sig.record_id)
        if record is None:
            problems.append(
                SignatureProblem(sig.id, sig.table_name, sig.record_id, "the signed record is gone")
            )
        elif content_hash(record) != sig.content_hash:
            problems.append(
                SignatureProblem(
                    sig.id, sig.table_name, sig.record_id, "the record differs from what was signed"
                )
            )
    return problems
