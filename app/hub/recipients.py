"""Whom the hub encrypts a device's allocation part to: its enrolled pharmacists.

Read from what the device's audit trail proved (the replayed ``person_keys``
records): an active enrolment with the pharmacist role and an age recipient. A
recipient counts only if it was enrolled with the public key in force (the trail
wrote it in the same transaction as that key or later): a recipient left over
from a key that was since replaced could belong to a slot someone else knew.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.hub.models import HubAudit, HubRecord
from app.roles import Role


def pharmacist_recipients(session: Session, device: str) -> dict[str, str]:
    """{pharmacist's user name: age recipient} for ``device``."""
    rows = session.execute(
        select(HubRecord.record_id, HubRecord.data_json).where(
            HubRecord.device == device,
            HubRecord.table_name == "person_keys",
            HubRecord.deleted.is_(False),
        )
    ).all()
    out: dict[str, str] = {}
    for record_id, data_json in rows:
        fields = json.loads(data_json)
        recipient = fields.get("age_recipient")
        if (
            fields.get("role") != Role.PHARMACIST.value
            or fields.get("active") != "true"
            or not isinstance(recipient, str)
            or not recipient.startswith("age1")
        ):
            continue
        if _written_with_key(session, device, record_id):
            out[str(fields["user_name"])] = recipient
    return out


def _written_with_key(session: Session, device: str, record_id: str) -> bool:
    last = dict(
        session.execute(
            select(HubAudit.field, func.max(HubAudit.seq))
            .where(
                HubAudit.device == device,
                HubAudit.table_name == "person_keys",
                HubAudit.record_id == record_id,
                HubAudit.field.in_(("public_key", "age_recipient")),
            )
            .group_by(HubAudit.field)
        ).all()
    )
    key_seq, recipient_seq = last.get("public_key"), last.get("age_recipient")
    # In one transaction the recipient's row follows the key's (the model's column order).
    return key_seq is not None and recipient_seq is not None and recipient_seq > key_seq
