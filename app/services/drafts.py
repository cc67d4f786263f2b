"""Keep, restore and discard a person's half-filled forms (JSON payloads)."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from app.models import Draft, Participant
from app.sentences import QT_TRANSLATE_NOOP
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


# What a draft's form is called in the sentence that says where it waits.
FORM_WORDS = {
    "screening": QT_TRANSLATE_NOOP("Drafts", "screening details"),
    "eligibility": QT_TRANSLATE_NOOP("Drafts", "eligibility checklist"),
    "oxygenation": QT_TRANSLATE_NOOP("Drafts", "oxygenation"),
    "vitals": QT_TRANSLATE_NOOP("Drafts", "vital signs"),
    "labs": QT_TRANSLATE_NOOP("Drafts", "laboratory results"),
    "imaging": QT_TRANSLATE_NOOP("Drafts", "chest imaging"),
    "who": QT_TRANSLATE_NOOP("Drafts", "WHO scale score"),
    "symptoms": QT_TRANSLATE_NOOP("Drafts", "symptoms"),
    "virology": QT_TRANSLATE_NOOP("Drafts", "nucleic acid test"),
    "disposition": QT_TRANSLATE_NOOP("Drafts", "disposition"),
}
_WAITING = QT_TRANSLATE_NOOP(
    "Drafts", "Your unsaved {what} for {participant} wait for you: tap here to go back to them."
)
_WAITING_ANY = QT_TRANSLATE_NOOP(
    "Drafts", "Your unsaved {what} for a participant wait for you: tap here to go back to them."
)
_ENTRIES_WAITING = QT_TRANSLATE_NOOP(
    "Drafts", "Your unsaved entries for {participant} wait for you: tap here to go back to them."
)
_ENTRIES_WAITING_ANY = QT_TRANSLATE_NOOP(
    "Drafts", "Your unsaved entries for a participant wait for you: tap here to go back to them."
)
PARTICIPANT_PREFIX = "participant:"


@dataclass(frozen=True)
class DraftPlace:
    """Where a person's newest draft waits: the participant and the form, as a sentence."""

    form_key: str
    participant_id: str
    sentence: str


def _form_words(payload: dict[str, Any]) -> str | None:
    """The form a participant page's draft holds ("vital signs, Day 1"), if it says."""
    forms = payload.get("forms")
    if not isinstance(forms, dict) or not forms:
        return None
    front = payload.get("front")
    name = front if front in forms else next(iter(forms))
    state = forms[name]
    if name == "visits" and isinstance(state, dict):
        inner = FORM_WORDS.get(str(state.get("form")))
        visit = state.get("visit")
        if inner:
            return f"{inner.said()} ({visit})" if visit else inner.said()
    found = FORM_WORDS.get(str(name))
    return None if found is None else found.said()


def newest_draft_place(
    store: Store, actor: Actor, *, skip: Collection[str] = ()
) -> DraftPlace | None:
    """Where ``actor``'s most recently kept participant draft waits (``skip``: keys already
    on screen), or None when they have none."""
    for form_key in reversed(list_drafts(store, actor)):
        if not form_key.startswith(PARTICIPANT_PREFIX) or form_key in skip:
            continue
        participant_id = form_key.removeprefix(PARTICIPANT_PREFIX)
        with store.read() as session:
            p = session.get(Participant, participant_id)
            label = None if p is None else (p.study_id or p.screening_number)
        payload = load_draft(store, actor, form_key) or {}
        what = _form_words(payload)
        if what and label:
            sentence = _WAITING.format(what=what, participant=label)
        elif what:
            sentence = _WAITING_ANY.format(what=what)
        elif label:
            sentence = _ENTRIES_WAITING.format(participant=label)
        else:
            sentence = _ENTRIES_WAITING_ANY.said()
        return DraftPlace(form_key, participant_id, sentence)
    return None
