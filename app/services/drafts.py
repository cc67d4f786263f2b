"""Keep, restore and discard a person's half-filled forms (JSON payloads)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from app.models import Draft
from app.store.store import Store
from app.store.uow import Actor
from app.timeutil import utc_now


def save_draft(store: Store, actor: Actor, form_key: str, payload: dict[str, Any]) -> None:
    """Keep ``payload`` as ``actor``'s draft of ``form_key``, replacing an older one."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    with store.transaction(actor) as session:
        draft = session.scalars(
            select(Draft).where(Draft.user_id == actor.user_id, Draft.form_key == form_key)
        ).one_or_none()
        if draft is None:
            session.add(
                Draft(
                    user_id=actor.user_id,
                    form_key=form_key,
                    payload_json=text,
                    updated_at=utc_now(),
                )
            )
        else:
            draft.payload_json = text
            draft.updated_at = utc_now()


def load_draft(store: Store, actor: Actor, form_key: str) -> dict[str, Any] | None:
    with store.read() as session:
        text = session.scalar(
            select(Draft.payload_json).where(
                Draft.user_id == actor.user_id, Draft.form_key == form_key
            )
        )
    return None if text is None else dict(json.loads(text))


def list_drafts(store: Store, actor: Actor) -> list[str]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Draft.form_key)
                .where(Draft.user_id == actor.user_id)
                .order_by(Draft.updated_at)
            )
        )


def discard_draft(store: Store, actor: Actor, form_key: str) -> None:
    with store.transaction(actor) as session:
        session.execute(
            delete(Draft).where(Draft.user_id == actor.user_id, Draft.form_key == form_key)
        )
