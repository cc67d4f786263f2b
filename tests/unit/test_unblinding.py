"""Emergency unblinding on the device: an investigator, their password again, a reason,
one participant; offline; audited; never the arm in what is written; flagged at the hub."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.errors import InvalidInput, NotPermitted, WrongPassword
from app.hub.models import HubAudit, HubRecord
from app.models import Participant
from app.models.allocation import Unblinding
from app.protocol import load_default
from app.roles import Role
from app.services.unblinding import NO_REASON, emergency_unblind, unblindings_for
from app.services.users import add_user
from app.store.blinding import BlindingKeyMissing
from tests.conftest import PASSWORDS, OpenStore
from tests.unit.preparation_env import Randomised, randomised_pair
from tests.unit.unblinding_env import HubWorld, hub_world

NOW = datetime(2026, 11, 27, 3, 15, tzinfo=UTC)
REASON = "Anaphylaxis 20 min into the infusion; treating team needs the product."
INVESTIGATOR_PASSWORD = PASSWORDS[Role.INVESTIGATOR]
ARM_TEXTS = [a.name_en for a in load_default().arms] + [a.name_zh for a in load_default().arms]


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _state(opened: OpenStore) -> tuple[int, int]:
    """Unblinding rows and the audit head: what a refusal must leave as it was."""
    with opened.store.read() as session:
        return (
            session.scalar(select(func.count(Unblinding.id))) or 0,
            session.execute(text("SELECT max(seq) FROM audit_log")).scalar_one(),
        )


def _arm(pair: Randomised, pid: str) -> str:
    return "A" if pid == pair.active else "B"


def test_an_investigator_learns_each_arm_and_the_record_holds_who_when_why(
    pair: Randomised,
) -> None:
    store = pair.opened.store
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    for pid in (pair.active, pair.placebo):
        result = emergency_unblind(store, investigator, pid, INVESTIGATOR_PASSWORD, REASON, NOW)
        arm = next(a for a in load_default().arms if a.code == _arm(pair, pid))
        assert (result.arm_code, result.arm_name_en, result.arm_name_zh) == (
            arm.code,
            arm.name_en,
            arm.name_zh,
        )
        assert result.is_placebo is (pid == pair.placebo)
        assert result.kit_code == pair.kits[pid]
        lines = unblindings_for(store, pid)
        assert [(u.unblinded_by, u.full_name, u.unblinded_at, u.reason) for u in lines] == [
            ("investigator", "Investigator Person", NOW, REASON)
        ]
        assert lines[0].kit_code == pair.kits[pid]


def test_it_is_audited_and_nothing_written_names_the_arm(pair: Randomised) -> None:
    store = pair.opened.store
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    _rows, before = _state(pair.opened)
    result = emergency_unblind(
        store, investigator, pair.active, INVESTIGATOR_PASSWORD, f"  {REASON}  ", NOW
    )
    with store.read() as session:
        rows = session.execute(
            text(
                "SELECT action, table_name, record_id, field, new_value, reason FROM audit_log "
                "WHERE seq > :seq ORDER BY seq"
            ),
            {"seq": before},
        ).all()
        row = session.get_one(Unblinding, result.unblinding_id)
    assert row.reason == REASON  # as typed, surrounding blanks dropped
    assert ("emergency_unblind", None, pair.active) in [(r[0], r[1], r[2]) for r in rows]
    inserted = {r[3]: r[4] for r in rows if r[1] == "unblindings"}
    assert inserted["participant_id"] == pair.active
    assert inserted["unblinded_by"] == "investigator"
    assert inserted["reason"] == REASON
    assert all(r[5] == f"emergency unblinding: {REASON}" for r in rows)
    written = json.dumps([list(r) for r in rows], ensure_ascii=False)
    for secret in [*ARM_TEXTS, '"arm"', "placebo"]:
        assert secret not in written
    assert {c.name for c in Unblinding.__table__.columns}.isdisjoint({"arm", "arm_sealed"})


def test_it_works_offline(pair: Randomised, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_args: Any, **_kwargs: Any) -> None:
        raise OSError("the network is unplugged")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    result = emergency_unblind(
        pair.opened.store, investigator, pair.placebo, INVESTIGATOR_PASSWORD, REASON, NOW
    )
    assert result.arm_code == "B"


def test_one_participant_only(pair: Randomised) -> None:
    store = pair.opened.store
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    result = emergency_unblind(store, investigator, pair.active, INVESTIGATOR_PASSWORD, REASON, NOW)
    assert (result.participant_id, result.kit_code) == (pair.active, pair.kits[pair.active])
    assert unblindings_for(store, pair.placebo) == []
    with store.read() as session:
        assert session.scalars(select(Unblinding.participant_id)).all() == [pair.active]


def test_a_wrong_password_is_refused_and_nothing_is_written(pair: Randomised) -> None:
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    before = _state(pair.opened)
    with pytest.raises(WrongPassword) as caught:
        emergency_unblind(pair.opened.store, investigator, pair.active, "not it", REASON, NOW)
    assert caught.value.sentence.startswith("The password is not right")
    assert _state(pair.opened) == before


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("", NO_REASON),
        ("    ", NO_REASON),
        ("x" * 501, "Reason: at most 500 characters; this has 501."),
        (
            "bell\x07",
            "Reason: remove the invisible control character (U+0007); it cannot be saved.",
        ),
    ],
)
def test_a_missing_or_unusable_reason_is_refused(
    pair: Randomised, reason: str, sentence: str
) -> None:
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    before = _state(pair.opened)
    with pytest.raises(InvalidInput) as caught:
        emergency_unblind(
            pair.opened.store, investigator, pair.active, INVESTIGATOR_PASSWORD, reason, NOW
        )
    assert caught.value.sentence == sentence
    assert _state(pair.opened) == before


@pytest.mark.parametrize("role", [Role.NURSE, Role.PHARMACIST, Role.MONITOR])
def test_only_an_investigator_may_unblind(pair: Randomised, role: Role) -> None:
    actor = pair.opened.actor(role)
    before = _state(pair.opened)
    with pytest.raises(NotPermitted) as caught:
        emergency_unblind(pair.opened.store, actor, pair.active, PASSWORDS[role], REASON, NOW)
    assert caught.value.sentence == (
        f"Only an investigator can emergency-unblind a participant: your role ({role.value}) "
        "stays blinded."
    )
    with pytest.raises(NotPermitted):
        emergency_unblind(pair.opened.store, pair.opened.admin, pair.active, "x", REASON, NOW)
    assert _state(pair.opened) == before


def test_a_participant_not_randomised_has_nothing_to_unblind(pair: Randomised) -> None:
    pid = pair.env.ready_participant()
    investigator = pair.opened.actor(Role.INVESTIGATOR)
    before = _state(pair.opened)
    with pytest.raises(InvalidInput) as caught:
        emergency_unblind(pair.opened.store, investigator, pid, INVESTIGATOR_PASSWORD, REASON, NOW)
    with pair.opened.store.read() as session:
        study_id = session.get_one(Participant, pid).study_id
    assert caught.value.sentence == (
        f"{study_id} is not randomised: there is no study product to unblind."
    )
    assert _state(pair.opened) == before


def test_an_investigator_enrolled_after_the_import_waits_for_a_pharmacist(
    pair: Randomised,
) -> None:
    store = pair.opened.store
    add_user(store, pair.opened.admin, "inv2", Role.INVESTIGATOR, "second-inv-pass", "Ivy Two")
    late = store.unlock("inv2", "second-inv-pass")
    before = _state(pair.opened)
    with pytest.raises(BlindingKeyMissing) as caught:
        emergency_unblind(store, late, pair.active, "second-inv-pass", REASON, NOW)
    assert "a pharmacist must log in on this device once" in caught.value.sentence
    assert _state(pair.opened) == before
    pair.opened.actor(Role.PHARMACIST)  # this login seals the missing code-breaks
    late = store.unlock("inv2", "second-inv-pass")
    result = emergency_unblind(store, late, pair.active, "second-inv-pass", REASON, NOW)
    assert result.arm_code == "A"


@pytest.fixture
def world(opened: OpenStore, tmp_path: Path) -> Iterator[HubWorld]:
    with hub_world(opened, tmp_path) as built:
        yield built


def test_the_next_bundle_flags_the_unblinding_at_the_hub(world: HubWorld) -> None:
    investigator = world.actor(Role.INVESTIGATOR)
    emergency_unblind(
        world.device.store, investigator, world.active, INVESTIGATOR_PASSWORD, REASON, NOW
    )
    world.sync()
    with world.hub() as hub, hub.session() as session:
        records = session.scalars(
            select(HubRecord).where(HubRecord.table_name == "unblindings")
        ).all()
        events = session.scalars(
            select(HubAudit).where(HubAudit.action == "emergency_unblind")
        ).all()
    assert len(records) == 1
    data = json.loads(records[0].data_json)
    assert data["participant_id"] == world.active
    assert data["kit_code"] == world.kits[world.active]
    assert (data["unblinded_by"], data["reason"]) == ("investigator", REASON)
    assert data["unblinded_at"].startswith("2026-11-27T03:15:00")
    assert [e.record_id for e in events] == [world.active]
    for secret in ARM_TEXTS:
        assert secret not in records[0].data_json
