"""Importing this device's allocation part: only the pharmacist, only a good file, once.

Every refusal is one sentence and changes nothing: no part, no slot, no code-break,
no audit row.
"""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import select

from app.allocation.generator import top_up
from app.errors import BedsideError, InvalidInput, NotPermitted, WrongPassword
from app.models import AllocationSlot, AuditEntry, CodeBreak, HubPin, Participant
from app.roles import Role
from app.services.allocation import NO_KEY, allocation_status, import_part
from app.services.allocation_demo import DemoHub, make_list, write_part
from app.services.users import add_user
from app.store.blinding import BLINDED, BlindingKeyMissing
from app.sync import agecrypt, minisign
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.allocation_env import OTHER_DEVICE, STUDY, AllocationEnv

PHARMACIST_PASSWORD = PASSWORDS[Role.PHARMACIST]


@pytest.fixture
def env(opened: OpenStore) -> AllocationEnv:
    return AllocationEnv.make(opened)


def _refused(env: AllocationEnv, data: bytes, match: str, error: type = InvalidInput) -> str:
    before = env.counts()
    with pytest.raises(error, match=match) as caught:
        import_part(env.opened.store, env.pharmacist, data, PHARMACIST_PASSWORD)
    assert env.counts() == before
    sentence = str(caught.value)
    assert sentence.count(". ") == 0 and sentence.endswith("."), sentence
    return sentence


def test_a_part_is_kept_with_every_arm_sealed_and_code_breaks_for_investigators(
    env: AllocationEnv,
) -> None:
    result = import_part(env.opened.store, env.pharmacist, env.part(), PHARMACIST_PASSWORD)
    assert (result.serial, result.slots_total, result.slots_added) == (1, 10, 10)
    assert result.code_breaks == 10  # one investigator, ten kits
    status = allocation_status(env.opened.store)
    assert (status.total, status.used, status.left) == (10, 0, 10)
    assert [p.serial for p in status.parts] == [1]
    expected = env.allocation.parts["WARD_LAPTOP_1"].slots
    keys = env.pharmacist.blinding
    assert keys is not None
    with env.opened.store.read() as session:
        rows = session.scalars(select(AllocationSlot).order_by(AllocationSlot.number)).all()
        assert [r.kit_code for r in rows] == [s.kit_code for s in expected]
        for row, slot in zip(rows, expected, strict=True):
            assert row.arm_sealed.startswith("bk1.")
            opened = keys.open("allocation_slots", "arm_sealed", row.id, row.arm_sealed)
            assert opened == {"arm": slot.arm, "block": slot.block, "block_size": slot.block_size}
        # Both arms' ciphertexts are the same length, in the table and in the audit trail.
        assert len({len(r.arm_sealed) for r in rows}) == 1
        audited = session.scalars(
            select(AuditEntry.new_value).where(
                AuditEntry.table_name == "allocation_slots", AuditEntry.field == "arm_sealed"
            )
        ).all()
        assert sorted(str(a) for a in audited) == sorted(r.arm_sealed for r in rows)
        assert session.scalars(select(CodeBreak.investigator)).all() == ["investigator"] * 10
    assert BLINDED == "(blinded)"


def test_a_top_up_adds_only_the_new_slots(env: AllocationEnv) -> None:
    store = env.opened.store
    import_part(store, env.pharmacist, env.part(), PHARMACIST_PASSWORD)
    top_up(env.allocation, "WARD_LAPTOP_1", 4)
    result = import_part(store, env.pharmacist, env.part(2), PHARMACIST_PASSWORD)
    assert (result.serial, result.slots_total, result.slots_added) == (2, 14, 4)
    status = allocation_status(store)
    assert status.total == 14 and [p.serial for p in status.parts] == [1, 2]
    with store.read() as session:
        serials = session.scalars(
            select(AllocationSlot.part_serial).order_by(AllocationSlot.number)
        ).all()
    assert serials == [1] * 10 + [2] * 4


def test_a_tampered_file_is_refused(env: AllocationEnv) -> None:
    damaged = bytearray(env.part())
    damaged[-20] ^= 1
    _refused(env, bytes(damaged), "not for you|damaged")
    # Someone who can open the file changes an arm and seals it again: the signature fails.
    identity = agecrypt.generate_identity()
    envelope = json.loads(
        agecrypt.decrypt(
            write_part(env.hub, env.allocation, "WARD_LAPTOP_1", 1, {"x": identity.recipient}),
            [identity],
        )
    )
    body = json.loads(base64.b64decode(envelope["payload"]))
    body["slots"][0]["arm"] = "B" if body["slots"][0]["arm"] == "A" else "A"
    envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
    forged = agecrypt.encrypt(json.dumps(envelope).encode(), [env.recipients["pharmacist"]])
    _refused(env, forged, "not signed by this device's hub")


def test_a_file_signed_by_another_hub_is_refused(env: AllocationEnv) -> None:
    stranger = DemoHub(minisign.generate_keypair())
    data = write_part(stranger, env.allocation, "WARD_LAPTOP_1", 1, env.recipients)
    _refused(env, data, "not signed by this device's hub")


def test_a_part_for_another_device_or_study_is_refused(env: AllocationEnv) -> None:
    _refused(env, env.part(device=OTHER_DEVICE), f"is for device {OTHER_DEVICE}, not this one")
    other = make_list("NCT99990001", ["WARD_LAPTOP_1"], 5)
    _refused(env, env.part(allocation=other), f"is for study NCT99990001, not {STUDY}")
    _refused(env, env.part(study="NCT99990001"), "is for study NCT99990001")


def test_a_file_for_someone_else_is_refused(env: AllocationEnv) -> None:
    stranger = agecrypt.generate_identity().recipient
    data = write_part(env.hub, env.allocation, "WARD_LAPTOP_1", 1, {"someone": stranger})
    _refused(env, data, "not for you")


def test_a_replayed_or_older_part_is_refused(env: AllocationEnv) -> None:
    store = env.opened.store
    first = env.part()
    import_part(store, env.pharmacist, first, PHARMACIST_PASSWORD)
    sentence = _refused(env, first, "Part 1 of this device's allocation was already imported")
    assert "by pharmacist" in sentence
    import_part(store, env.pharmacist, env.part(3), PHARMACIST_PASSWORD)
    _refused(env, env.part(2), "This is part 2, older than part 3 already imported")


def test_a_part_that_changes_an_imported_slot_is_refused(env: AllocationEnv) -> None:
    store = env.opened.store
    import_part(store, env.pharmacist, env.part(), PHARMACIST_PASSWORD)
    rewritten = make_list(STUDY, ["WARD_LAPTOP_1"], 12, "another seed")
    _refused(env, env.part(2, allocation=rewritten), "changes slot 1, which this device already")
    shorter = make_list(STUDY, ["WARD_LAPTOP_1", OTHER_DEVICE], 6, "test-seed")
    _refused(env, env.part(2, allocation=shorter), "holds 6 slots, fewer than the 10")


def test_a_kit_code_already_used_on_the_device_is_refused(env: AllocationEnv) -> None:
    pid = env.ready_participant()
    code = env.allocation.parts["WARD_LAPTOP_1"].slots[3].kit_code
    nurse = env.opened.actor(Role.NURSE)
    with env.opened.store.transaction(nurse) as session:
        session.get_one(Participant, pid).kit_code = code
    _refused(env, env.part(), f"Kit code {code} in the allocation file is already used")


def test_only_a_pharmacist_imports(env: AllocationEnv) -> None:
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        actor = env.opened.actor(role)
        before = env.counts()
        with pytest.raises(NotPermitted, match="Only a pharmacist can import"):
            import_part(env.opened.store, actor, env.part(), PASSWORDS[role])
        assert env.counts() == before
    with pytest.raises(NotPermitted, match="role \\(admin\\) stays blinded"):
        import_part(env.opened.store, env.opened.admin, env.part(), "admin pass 'ü\"")


def test_a_pharmacist_without_the_blinding_key_is_told_so(env: AllocationEnv) -> None:
    store = env.opened.store
    add_user(store, env.opened.admin, "pharm2", Role.PHARMACIST, "second pharm 1", "Pat Two")
    second = store.unlock("pharm2", "second pharm 1")
    assert second.blinding is None  # the first pharmacist's next unlock grants it
    before = env.counts()
    with pytest.raises(BlindingKeyMissing) as caught:
        import_part(store, second, env.part(), "second pharm 1")
    assert caught.value.sentence == NO_KEY and env.counts() == before


def test_a_wrong_password_is_refused(env: AllocationEnv, opened: OpenStore) -> None:
    before = env.counts()
    with pytest.raises(WrongPassword):
        import_part(opened.store, env.pharmacist, env.part(), "not the password")
    assert env.counts() == before


def test_a_device_without_a_pinned_hub_cannot_check_a_file(
    env: AllocationEnv, opened: OpenStore
) -> None:
    data = env.part()
    with opened.store.transaction(opened.admin, reason="hub unpinned for the test") as session:
        for pin in session.scalars(select(HubPin)):
            session.delete(pin)
    with pytest.raises(BedsideError, match="has not pinned its hub"):
        import_part(opened.store, env.pharmacist, data, PHARMACIST_PASSWORD)
    assert allocation_status(opened.store).total == 0
