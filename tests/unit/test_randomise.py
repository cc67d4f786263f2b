"""Randomisation on the device: the lowest free slot, once, for an enrolled and signed
eligible participant; the kit code for everyone, the arm for the pharmacist only."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, NotPermitted
from app.models import AllocationSlot, ParticipantStatus
from app.roles import Role
from app.services.allocation import (
    NO_PART,
    TOP_UP,
    allocation_status,
    arms_for,
    import_part,
    randomise,
    why_not_randomise,
)
from app.services.participants import allocated_arms
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore
from tests.unit.allocation_env import DEVICE, OTHER_DEVICE, AllocationEnv

PHARMACIST_PASSWORD = PASSWORDS[Role.PHARMACIST]
DAY0 = date(2026, 11, 26)


@pytest.fixture
def env(opened: OpenStore) -> AllocationEnv:
    made = AllocationEnv.make(opened, slots=3)
    import_part(opened.store, made.pharmacist, made.part(), PHARMACIST_PASSWORD)
    return made


def test_a_participant_is_randomised_once_to_the_lowest_free_slot(env: AllocationEnv) -> None:
    store = env.opened.store
    nurse = env.opened.actor(Role.NURSE)
    pid = env.ready_participant()
    slots = env.allocation.parts[DEVICE].slots
    assert randomise(store, nurse, pid, today=DAY0) == slots[0].kit_code
    p = env.participant(pid)
    assert (p.kit_code, p.status, p.day0_on) == (slots[0].kit_code, "randomised", DAY0)
    with store.read() as session:
        slot = session.scalars(select(AllocationSlot).where(AllocationSlot.number == 1)).one()
        assert (slot.participant_id, slot.randomised_by) == (pid, "nurse")
    investigator = env.opened.actor(Role.INVESTIGATOR)
    before = env.counts()
    with pytest.raises(InvalidInput) as caught:
        randomise(store, investigator, pid)
    assert (
        caught.value.sentence == f"{p.study_id} is already randomised to kit {slots[0].kit_code}."
    )
    assert env.counts() == before
    # The investigator randomises the next one, to the next slot.
    second = env.ready_participant()
    assert randomise(store, investigator, second) == slots[1].kit_code
    assert env.participant(second).status == ParticipantStatus.RANDOMISED.value
    assert allocation_status(store).used == 2


def test_the_pharmacist_alone_sees_the_arm(env: AllocationEnv) -> None:
    store = env.opened.store
    pids = [env.ready_participant() for _ in range(3)]
    nurse = env.opened.actor(Role.NURSE)
    for pid in pids:
        randomise(store, nurse, pid)
    expected = {pid: s.arm for pid, s in zip(pids, env.allocation.parts[DEVICE].slots, strict=True)}
    assert arms_for(store, env.pharmacist) == expected
    assert allocated_arms(store, env.pharmacist) == expected
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        with pytest.raises(NotPermitted, match="cannot see treatment allocation"):
            arms_for(store, env.opened.actor(role))
    with pytest.raises(NotPermitted):
        allocated_arms(store, env.opened.admin)


def test_an_exhausted_part_names_who_tops_it_up(env: AllocationEnv) -> None:
    store = env.opened.store
    nurse = env.opened.actor(Role.NURSE)
    for _ in range(3):
        randomise(store, nurse, env.ready_participant())
    waiting = env.ready_participant()
    before = env.counts()
    with pytest.raises(InvalidInput) as caught:
        randomise(store, nurse, waiting)
    assert caught.value.sentence == TOP_UP
    assert "coordinating centre's statistician to top up this device's allocation part" in TOP_UP
    assert env.counts() == before
    assert env.participant(waiting).kit_code is None


def test_without_a_part_nobody_is_randomised(opened: OpenStore) -> None:
    made = AllocationEnv.make(opened)
    pid = made.ready_participant()
    with pytest.raises(InvalidInput) as caught:
        randomise(opened.store, opened.actor(Role.NURSE), pid)
    assert caught.value.sentence == NO_PART
    assert made.participant(pid).status == "eligible"


def test_not_enrolled_or_not_signed_eligible_is_refused(env: AllocationEnv) -> None:
    store = env.opened.store
    nurse = env.opened.actor(Role.NURSE)
    unenrolled = env.ready_participant(enrolled=False)
    screening = env.participant(unenrolled).screening_number
    before = env.counts()
    with pytest.raises(InvalidInput) as caught:
        randomise(store, nurse, unenrolled)
    assert caught.value.sentence == (
        f"{screening} is not enrolled yet: enrol them (they get a study ID) before randomising."
    )
    unsigned = env.ready_participant(enrolled=False, signed=False)
    with pytest.raises(InvalidInput, match="is not enrolled yet"):
        randomise(store, nurse, unsigned)
    # Given a study ID without a signed checklist (forced here), it is still refused.
    with store.transaction(nurse, reason="forced for the test") as session:
        from app.models import Participant

        session.get_one(Participant, unsigned).study_id = "WH01-499"
    with pytest.raises(InvalidInput) as caught:
        randomise(store, nurse, unsigned)
    assert caught.value.sentence == (
        "WH01-499 cannot be randomised: an investigator must first sign an eligibility "
        "checklist that says eligible."
    )
    assert env.counts()[:4] == before[:4]
    with pytest.raises(InvalidInput, match="There is no participant nobody"):
        randomise(store, nurse, "nobody")


def test_only_a_nurse_or_an_investigator_randomises(env: AllocationEnv) -> None:
    pid = env.ready_participant()
    for actor in (
        env.pharmacist,
        env.opened.actor(Role.MONITOR),
        env.opened.admin,
    ):
        with pytest.raises(NotPermitted, match="Only a nurse or an investigator randomises"):
            randomise(env.opened.store, actor, pid)
    assert env.participant(pid).kit_code is None


def test_two_randomisations_at_once_take_different_slots(env: AllocationEnv) -> None:
    store = env.opened.store
    pids = [env.ready_participant(), env.ready_participant()]
    actors = [env.opened.actor(Role.NURSE), env.opened.actor(Role.INVESTIGATOR)]
    start = threading.Barrier(2)
    codes: dict[str, str] = {}

    def run(pid: str, index: int) -> None:
        start.wait()
        codes[pid] = randomise(store, actors[index], pid)

    threads = [threading.Thread(target=run, args=(pid, i)) for i, pid in enumerate(pids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(codes.values())) == 2
    first_two = {s.kit_code for s in env.allocation.parts[DEVICE].slots[:2]}
    assert set(codes.values()) == first_two
    with store.read() as session:
        taken = session.scalars(
            select(AllocationSlot.participant_id).where(AllocationSlot.participant_id.is_not(None))
        ).all()
    assert sorted(str(t) for t in taken) == sorted(pids)


def test_two_devices_never_share_a_slot(env: AllocationEnv, tmp_path: Path) -> None:
    """Two parts of one generated list, on two devices pinning one hub: no kit in common."""
    other_store, admin, recovery = Store.create(
        tmp_path / "icu", site="WH01", device=OTHER_DEVICE, admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )  # fmt: skip
    try:
        other = OpenStore(other_store, admin, recovery, tmp_path / "icu")
        second = AllocationEnv.make(other, hub=env.hub, allocation=env.allocation)
        data = second.part(device=OTHER_DEVICE)
        import_part(other_store, second.pharmacist, data, PHARMACIST_PASSWORD)
        codes: dict[str, list[str]] = {DEVICE: [], OTHER_DEVICE: []}
        for made, device in ((env, DEVICE), (second, OTHER_DEVICE)):
            nurse = made.opened.actor(Role.NURSE)
            for _ in range(3):
                codes[device].append(randomise(made.opened.store, nurse, made.ready_participant()))
        assert codes[OTHER_DEVICE] == [s.kit_code for s in env.allocation.parts[OTHER_DEVICE].slots]
        assert len(set(codes[DEVICE])) == len(set(codes[OTHER_DEVICE])) == 3
        assert not set(codes[DEVICE]) & set(codes[OTHER_DEVICE])
        # Each device's own part only: the ward's file is refused on the ICU laptop.
        with pytest.raises(InvalidInput, match="not this one"):
            import_part(other_store, second.pharmacist, second.part(2), PHARMACIST_PASSWORD)
    finally:
        other_store.close()


def test_the_page_can_ask_beforehand_what_randomise_would_say(env: AllocationEnv) -> None:
    store = env.opened.store
    nurse = env.opened.actor(Role.NURSE)
    ready = env.ready_participant()
    unenrolled = env.ready_participant(enrolled=False)
    assert why_not_randomise(store, nurse, ready) is None
    assert "is not enrolled yet" in (why_not_randomise(store, nurse, unenrolled) or "")
    assert (why_not_randomise(store, env.pharmacist, ready) or "").startswith(
        "Only a nurse or an investigator randomises"
    )
    kit = randomise(store, nurse, ready)
    assert why_not_randomise(store, nurse, ready) == (
        f"{env.participant(ready).study_id} is already randomised to kit {kit}."
    )
    for _ in range(2):
        randomise(store, nurse, env.ready_participant())
    assert why_not_randomise(store, nurse, env.ready_participant()) == TOP_UP


def test_the_demo_seeds_a_part_and_randomises_into_every_arm(opened: OpenStore) -> None:
    from app.services.allocation_demo import seed_allocation

    env = AllocationEnv.make(opened)  # people only: seed_allocation pins its own hub
    pids = [env.ready_participant() for _ in range(4)]
    kits = seed_allocation(
        opened.store, opened.admin, env.pharmacist, PHARMACIST_PASSWORD,
        opened.actor(Role.NURSE), pids,
    )  # fmt: skip
    assert set(kits) == set(pids) and len(set(kits.values())) == 4
    assert set(arms_for(opened.store, env.pharmacist).values()) == {"A", "B"}
    assert allocation_status(opened.store).used == 4


def test_a_sealed_value_reads_blinded_on_the_timeline() -> None:
    from app.services.participants import _value

    assert _value("bk1.1.c2VhbGVk") == "(blinded)"
    assert _value("2026-11-25T12:00:00.000000Z") == "2026-11-25 12:00 UTC"
    assert _value("bk2 is not sealed") == "bk2 is not sealed"
