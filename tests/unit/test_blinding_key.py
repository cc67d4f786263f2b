"""The blinding key: only pharmacists' slots open it, and a disabled one loses it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import BedsideError
from app.models import BlindingGrant
from app.roles import Role
from app.services.users import add_user, disable_user
from app.store.blinding import BlindingKeys
from app.store.keyslots import normalise_password
from tests.conftest import PASSWORDS, OpenStore


def _grants(opened: OpenStore) -> dict[str, set[int]]:
    with opened.store.read() as session:
        rows = session.scalars(select(BlindingGrant)).all()
        found: dict[str, set[int]] = {}
        for row in rows:
            found.setdefault(row.user_name, set()).add(row.generation)
        return found


def test_a_pharmacist_unlock_creates_the_key_and_nobody_else_holds_it(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    assert nurse.blinding is None
    pharmacist = opened.actor(Role.PHARMACIST)
    assert pharmacist.blinding is not None
    assert _grants(opened) == {"pharmacist": {1}}
    investigator = opened.actor(Role.INVESTIGATOR)
    assert investigator.blinding is None
    # What the pharmacist seals, a key ring of another generation cannot open.
    sealed = pharmacist.blinding.seal("allocation_slots", "arm_sealed", "rec-1", {"arm": "A"})
    assert pharmacist.blinding.open("allocation_slots", "arm_sealed", "rec-1", sealed) == {
        "arm": "A"
    }
    stranger = BlindingKeys(opened.store.store_id, {1: b"\0" * 32})
    with pytest.raises(BedsideError, match="damaged or was moved"):
        stranger.open("allocation_slots", "arm_sealed", "rec-1", sealed)


def test_sealed_values_of_both_arms_are_the_same_length_and_bound_to_their_record(
    opened: OpenStore,
) -> None:
    keys = opened.actor(Role.PHARMACIST).blinding
    assert keys is not None
    active = keys.seal("preparations", "content_sealed", "r", {"arm": "UC-MSC", "cells": "6.5e7"})
    placebo = keys.seal("preparations", "content_sealed", "r", {"arm": "PLACEBO"})
    assert len(active) == len(placebo)
    assert active != keys.seal("preparations", "content_sealed", "r", {"arm": "UC-MSC"})
    with pytest.raises(BedsideError):
        keys.open("preparations", "content_sealed", "another-record", active)


def test_a_second_pharmacist_is_granted_by_the_first_and_a_disabled_one_loses_the_key(
    opened: OpenStore,
) -> None:
    first = opened.actor(Role.PHARMACIST)
    assert first.blinding is not None
    add_user(opened.store, opened.admin, "pharm2", Role.PHARMACIST, "pharmacist-pass-2", "P Two")
    # Nobody who holds the key has unlocked since: pharm2 is not granted yet.
    assert opened.store.unlock("pharm2", "pharmacist-pass-2").blinding is None
    again = opened.store.unlock("pharmacist", PASSWORDS[Role.PHARMACIST])
    assert again.blinding is not None
    second = opened.store.unlock("pharm2", "pharmacist-pass-2")
    assert second.blinding is not None and second.blinding.keys == again.blinding.keys
    sealed_before = again.blinding.seal("t", "c", "r", "before")

    admin = opened.store.unlock("admin", "admin pass 'ü\"")
    disable_user(opened.store, admin, "pharm2", "left the trial")
    assert "pharm2" not in _grants(opened)
    rotated = opened.store.unlock("pharmacist", PASSWORDS[Role.PHARMACIST])
    assert rotated.blinding is not None
    assert rotated.blinding.generation == 2
    assert _grants(opened) == {"pharmacist": {1, 2}}
    # The old value still opens for those who remain; new values use the new generation.
    assert rotated.blinding.open("t", "c", "r", sealed_before) == "before"
    assert rotated.blinding.seal("t", "c", "r", "after").startswith("bk1.2.")


def test_the_grant_rows_read_with_the_data_key_hold_no_key(opened: OpenStore) -> None:
    opened.actor(Role.NURSE)
    keys = opened.actor(Role.PHARMACIST).blinding
    assert keys is not None
    opened.store.lock()
    from app.store.engine import connect_raw

    deks = opened.store.slots.unlock("user", "nurse", normalise_password(PASSWORDS[Role.NURSE]))
    conn = connect_raw(opened.store.paths.db, deks[opened.store.slots.generation])
    try:
        parts: list[bytes] = []
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(v if isinstance(v, bytes) else str(v).encode() for v in row)
        dump = b"\n".join(parts)
        assert "blinding_grants" in tables and len(parts) > 100
    finally:
        conn.close()
    import base64

    for key in keys.keys.values():
        assert key not in dump
        assert base64.b64encode(key) not in dump
        assert key.hex().encode() not in dump
