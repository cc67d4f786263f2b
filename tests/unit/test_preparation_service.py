"""Preparing a dose and its second-person check, on a real store with a participant in
each arm: the pharmacist alone prepares; another person releases the bag with their
own password; a blinded checker is handed only what both arms share."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app.clinical.errors import ValidationError
from app.errors import InvalidInput, NotPermitted, WrongPassword
from app.models.allocation import Preparation
from app.models.infusion import Infusion
from app.roles import Role
from app.services.preparation import (
    CONTENT_ITEMS,
    SHARED_ITEMS,
    BlindedPreparation,
    blinded_view,
    discard,
    preparations_for,
    prepare,
    second_check,
    unblinded_view,
)
from app.store.blinding import BlindingKeyMissing
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.preparation_env import (
    NOW,
    SECOND_PHARMACIST_PASSWORD,
    Randomised,
    active_entry,
    placebo_entry,
    randomised_pair,
)

NURSE_PASSWORD = PASSWORDS[Role.NURSE]
# What differs between the arms: none of it may reach a blinded view, by name or value.
CONTENT_NAMES = {"arm", "lot", "lot_expiry", "cell_count", "viability_percent", "dose_cells"}


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _count(pair: Randomised) -> tuple[int, int]:
    with pair.opened.store.read() as session:
        rows = session.scalar(select(func.count(Preparation.id))) or 0
        head = session.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
    return rows, head


def _both(pair: Randomised) -> tuple[str, str]:
    store = pair.opened.store
    active = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    placebo = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(), NOW)
    return active.shared.id, placebo.shared.id


def test_the_pharmacist_prepares_each_arm_and_sees_the_content(pair: Randomised) -> None:
    store = pair.opened.store
    active = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    assert (active.arm, active.is_placebo) == ("A", False)
    assert (active.lot, active.lot_expiry, active.cell_count) == (
        "UCMSC-2026-114",
        "2027-01-31",
        "6.5e7",
    )
    assert (active.viability_percent, active.dose_cells) == ("94.5", "65000000")
    assert (active.shared.weight_kg, active.shared.volume_ml) == ("65", "100")
    assert active.shared.use_by_at == NOW - timedelta(minutes=30) + timedelta(hours=4)
    assert active.shared.status == "prepared"
    assert active.items()["dose_cells"] == "6.5 × 10⁷ cells"
    placebo = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(weight_kg="58,5"), NOW)
    assert (placebo.arm, placebo.is_placebo, placebo.shared.weight_kg) == ("B", True, "58.5")
    assert (placebo.lot, placebo.cell_count, placebo.dose_cells) == ("", "", "")
    assert unblinded_view(store, pair.pharmacist, placebo.shared.id) == placebo


def test_both_arms_seal_the_same_keys_to_the_same_length(pair: Randomised) -> None:
    active_id, placebo_id = _both(pair)
    with pair.opened.store.read() as session:
        sealed = {r.id: r.content_sealed for r in session.scalars(select(Preparation))}
        audited = (
            session.execute(
                text(
                    "SELECT new_value FROM audit_log WHERE table_name = 'preparations' "
                    "AND field = 'content_sealed'"
                )
            )
            .scalars()
            .all()
        )
    assert sealed[active_id].startswith("bk1.") and sealed[placebo_id].startswith("bk1.")
    assert len(sealed[active_id]) == len(sealed[placebo_id])
    # The audit trail holds the same ciphertext, never the content.
    assert sorted(audited) == sorted(sealed.values())
    # The longest lot and cell count the entry takes still fit the padding.
    keys = pair.pharmacist.blinding
    assert keys is not None
    big = {
        "arm": "A",
        "lot": "L" * 32,
        "lot_expiry": "2027-01-31",
        "cell_count": "9" * 24,
        "viability_percent": "9" * 16,
        "dose_cells": "9" * 16,
    }
    empty = {
        "arm": "B",
        "lot": "",
        "lot_expiry": "",
        "cell_count": "",
        "viability_percent": "",
        "dose_cells": "",
    }
    assert len(keys.seal("preparations", "content_sealed", "x", big)) == len(
        keys.seal("preparations", "content_sealed", "x", empty)
    )


def test_a_blinded_view_holds_nothing_that_differs_between_the_arms(pair: Randomised) -> None:
    active_id, placebo_id = _both(pair)
    names = {f.name for f in dataclasses.fields(BlindedPreparation)}
    assert not names & CONTENT_NAMES
    store = pair.opened.store
    views = {pid: blinded_view(store, pid) for pid in (active_id, placebo_id)}
    listed = [*preparations_for(store, pair.active), *preparations_for(store, pair.placebo)]
    assert sorted(v.id for v in listed) == sorted(views)
    own = {"id", "participant_id", "study_id", "kit_code", "product"}
    shared = [
        {k: v for k, v in dataclasses.asdict(view).items() if k not in own}
        for view in views.values()
    ]
    assert shared[0] == shared[1]  # a placebo bag reads exactly like an active one
    for view in views.values():
        values = " ".join(str(v) for v in dataclasses.asdict(view).values())
        values += " ".join(view.items().values())
        for secret in ("UCMSC", "6.5e7", "94.5", "65000000", "placebo", "saline", "treatment"):
            assert secret not in values.lower() if secret.islower() else secret not in values
        assert view.product.startswith("Study product, kit ")
        assert set(view.items()) == set(SHARED_ITEMS)


def test_only_a_pharmacist_prepares_and_the_refusal_says_the_same_for_both_arms(
    pair: Randomised,
) -> None:
    store = pair.opened.store
    actors = [pair.opened.actor(role) for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR)]
    before = _count(pair)
    for actor in actors:
        role = actor.role
        said = set()
        for pid, entry in ((pair.active, active_entry()), (pair.placebo, active_entry())):
            with pytest.raises(NotPermitted) as caught:
                prepare(store, actor, pid, entry, NOW)
            said.add(caught.value.sentence)
        assert said == {
            f"Only a pharmacist prepares study product: your role ({role.value}) stays blinded."
        }
        with pytest.raises(NotPermitted):
            unblinded_view(store, actor, "anything")
    keyless = dataclasses.replace(pair.pharmacist, blinding=None)
    with pytest.raises(BlindingKeyMissing):
        prepare(store, keyless, pair.active, active_entry(), NOW)
    assert _count(pair) == before


def test_what_the_arm_needs_and_what_is_not_randomised(pair: Randomised) -> None:
    store = pair.opened.store
    waiting = pair.env.ready_participant()
    before = _count(pair)
    with pytest.raises(ValidationError) as caught:
        prepare(store, pair.pharmacist, pair.active, placebo_entry(), NOW)
    assert caught.value.field == "lot"
    with pytest.raises(ValidationError) as caught:
        prepare(store, pair.pharmacist, pair.placebo, active_entry(), NOW)
    assert caught.value.field == "lot" and "leave it empty" in caught.value.message
    with pytest.raises(ValidationError, match="unusual"):
        prepare(store, pair.pharmacist, pair.placebo, placebo_entry(weight_kg="30"), NOW)
    with pytest.raises(InvalidInput, match="is not randomised yet"):
        prepare(store, pair.pharmacist, waiting, placebo_entry(), NOW)
    assert _count(pair) == before
    done = prepare(
        store,
        pair.pharmacist,
        pair.placebo,
        placebo_entry(weight_kg="30"),
        NOW,
        confirm_unusual=True,
    )
    assert done.shared.weight_kg == "30"


def test_the_second_check_needs_another_person_and_their_own_password(pair: Randomised) -> None:
    store = pair.opened.store
    active_id, placebo_id = _both(pair)
    everything = SHARED_ITEMS + CONTENT_ITEMS
    with pytest.raises(NotPermitted, match="someone other than the person who prepared"):
        second_check(store, pair.pharmacist, active_id, PASSWORDS[Role.PHARMACIST], everything, NOW)
    nurse = pair.opened.actor(Role.NURSE)
    with pytest.raises(NotPermitted):
        second_check(store, pair.opened.admin, active_id, "x", SHARED_ITEMS, NOW)
    assert blinded_view(store, active_id).status == "prepared"
    other = pair.second_pharmacist()
    with pytest.raises(
        InvalidInput, match="Confirm the arm, lot, lot expiry, cell count, viability, dose"
    ):
        second_check(store, other, active_id, SECOND_PHARMACIST_PASSWORD, SHARED_ITEMS, NOW)
    later = NOW + timedelta(minutes=5)
    released = second_check(store, other, active_id, SECOND_PHARMACIST_PASSWORD, everything, later)
    assert (released.status, released.checked_by, released.check_kind) == (
        "released",
        "pharm2",
        "unblinded",
    )
    assert released.released_at == later
    with pytest.raises(InvalidInput, match="already released"):
        second_check(store, nurse, active_id, NURSE_PASSWORD, SHARED_ITEMS, later)
    with pytest.raises(WrongPassword):
        second_check(store, nurse, placebo_id, "not the password", SHARED_ITEMS, NOW)
    assert blinded_view(store, placebo_id).status == "prepared"


def test_a_blinded_checker_confirms_only_what_both_arms_share(pair: Randomised) -> None:
    store = pair.opened.store
    active_id, placebo_id = _both(pair)
    nurse = pair.opened.actor(Role.NURSE)
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    for checker, pid in ((nurse, active_id), (investigator, placebo_id)):
        password = PASSWORDS[checker.role]
        with pytest.raises(InvalidInput, match="blinded checker confirms kit label, volume"):
            second_check(store, checker, pid, password, (*SHARED_ITEMS, "cell_count"), NOW)
        with pytest.raises(InvalidInput) as caught:
            second_check(store, checker, pid, password, SHARED_ITEMS[:-1], NOW)
        assert caught.value.sentence == "Confirm the appearance before releasing the bag."
        result = second_check(store, checker, pid, password, SHARED_ITEMS, NOW)
        assert isinstance(result, BlindedPreparation)
        assert (result.status, result.check_kind, result.checked_by) == (
            "released",
            "blinded",
            checker.name,
        )


def test_past_the_use_by_the_bag_is_not_released(pair: Randomised) -> None:
    store = pair.opened.store
    active_id, _ = _both(pair)
    use_by = blinded_view(store, active_id).use_by_at
    nurse = pair.opened.actor(Role.NURSE)
    with pytest.raises(InvalidInput, match="Past its use-by"):
        second_check(
            store, nurse, active_id, NURSE_PASSWORD, SHARED_ITEMS, use_by + timedelta(minutes=1)
        )
    assert blinded_view(store, active_id).status == "prepared"
    assert (
        second_check(store, nurse, active_id, NURSE_PASSWORD, SHARED_ITEMS, use_by).status
        == "released"
    )


def _release(pair: Randomised, preparation_id: str) -> None:
    nurse = pair.opened.actor(Role.NURSE)
    second_check(pair.opened.store, nurse, preparation_id, NURSE_PASSWORD, SHARED_ITEMS, NOW)


def test_a_second_dose_comes_7_days_after_the_first_and_no_third(pair: Randomised) -> None:
    store = pair.opened.store
    first = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    later = {"dose_number": 2}
    day6 = NOW + timedelta(days=6)
    with pytest.raises(InvalidInput, match="Dose 1 has not been prepared and released yet"):
        prepare(store, pair.pharmacist, pair.active, active_entry(prepared_at=day6, **later), day6)
    _release(pair, first.shared.id)
    # The first dose's infusion started the next morning: the 7 days count from it.
    with store.transaction(pair.opened.actor(Role.NURSE)) as session:
        session.add(
            Infusion(
                participant_id=pair.active,
                preparation_id=first.shared.id,
                dose_number=1,
                started_at=NOW + timedelta(days=1),
                started_by="nurse",
                rate_ml_h="150",
                line="peripheral",
                site="left forearm",
            )
        )
    day7 = NOW + timedelta(days=7)
    with pytest.raises(InvalidInput) as caught:
        prepare(store, pair.pharmacist, pair.active, active_entry(prepared_at=day7, **later), day7)
    assert caught.value.sentence == (
        "Dose 2 may be prepared 7 days after dose 1 at the earliest (dose 1 on 2026-11-27)."
    )
    day8 = NOW + timedelta(days=8)
    second = prepare(
        store, pair.pharmacist, pair.active, active_entry(prepared_at=day8, **later), day8
    )
    assert second.shared.dose_number == 2
    with pytest.raises(InvalidInput, match="already prepared"):
        prepare(store, pair.pharmacist, pair.active, active_entry(prepared_at=day8, **later), day8)
    with pytest.raises(InvalidInput, match="allows doses 1 to 2; 3 is not one of them"):
        prepare(
            store, pair.pharmacist, pair.active, active_entry(prepared_at=day8, dose_number=3), day8
        )


def test_day_6_is_refused_and_day_7_allowed_after_the_first_preparation(pair: Randomised) -> None:
    store = pair.opened.store
    first = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(), NOW)
    _release(pair, first.shared.id)
    day6 = NOW + timedelta(days=6, hours=13)  # day 6 at 23:00: still day 6
    with pytest.raises(InvalidInput, match="7 days after dose 1"):
        prepare(
            store,
            pair.pharmacist,
            pair.placebo,
            placebo_entry(prepared_at=day6, dose_number=2),
            day6,
        )
    day7 = NOW + timedelta(days=7)
    done = prepare(
        store, pair.pharmacist, pair.placebo, placebo_entry(prepared_at=day7, dose_number=2), day7
    )
    assert done.shared.dose_number == 2


def test_a_discarded_bag_can_be_prepared_again(pair: Randomised) -> None:
    store = pair.opened.store
    first = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    nurse = pair.opened.actor(Role.NURSE)
    with pytest.raises(InvalidInput, match="Give the reason"):
        discard(store, nurse, first.shared.id, "  ", NOW)
    gone = discard(store, nurse, first.shared.id, "bag dropped on the ward", NOW)
    assert (gone.status, gone.discard_reason) == ("discarded", "bag dropped on the ward")
    with pytest.raises(InvalidInput, match="already discarded"):
        discard(store, nurse, first.shared.id, "again", NOW)
    with pytest.raises(InvalidInput, match="already discarded"):
        second_check(store, nurse, first.shared.id, NURSE_PASSWORD, SHARED_ITEMS, NOW)
    again = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    assert [p.status for p in preparations_for(store, pair.active)] == ["discarded", "prepared"]
    assert again.shared.id != first.shared.id
    with store.read() as session:
        reasons = (
            session.execute(
                text(
                    "SELECT reason FROM audit_log WHERE table_name = 'preparations' "
                    "AND field = 'status' AND record_id = :r"
                ),
                {"r": first.shared.id},
            )
            .scalars()
            .all()
        )
    assert "product discarded: bag dropped on the ward" in reasons
