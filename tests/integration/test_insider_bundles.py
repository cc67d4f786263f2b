"""An insider with a valid account and the device's signing key forges bundles (SECURITY 21).

The attacker is a nurse on laptop LAP2: she unlocks the store with her own password,
so she holds the data key and the device key, and she signs every bundle validly.
Each forgery is refused with its own reason, and the hub's data is unchanged,
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from app.hub.admin import register_device
from app.hub.importer import import_folder
from app.hub.store import Hub
from app.models import DeviceKey, OutboxBundle, Participant, Signature, StoreInfo
from app.roles import Role
from app.services.signing import sign
from app.services.users import add_user, public_key_text
from app.store import audit, provenance
from app.store.store import Store
from app.store.uow import Actor
from app.sync.bundle import build_manifest, write_bundle
from app.sync.device import apply_receipt, device_public_key, export_bundle, set_hub
from tests.conftest import ADMIN_PASSWORD, PASSWORDS
from tests.integration.sync_env import hub_digest
from tests.pg import PgServer

HUB_USER, HUB_PASSWORD = "datamanager", "hub password 1"
STUDY = "NCT04339660"


@dataclass
class Laptop:
    name: str
    store: Store
    admin: Actor
    nurse: Actor
    investigator: Actor
    participant_id: str = ""
    signature_id: str = ""


@dataclass
class World:
    hub: Hub
    share: Path
    victim: Laptop
    attacker: Laptop

    def digest(self) -> str:
        return hub_digest(self.hub)

    def sync(self, laptop: Laptop) -> None:
        for path in self.share.iterdir():
            path.unlink()  # a refused forgery left behind
        assert export_bundle(laptop.store, laptop.nurse, self.share) is not None
        outcomes = import_folder(self.hub, self.share)
        assert [o.status for o in outcomes] == ["applied"], outcomes
        for receipt in sorted(self.share.glob("*.receipt")):
            apply_receipt(laptop.store, laptop.nurse, receipt)
        for path in self.share.iterdir():
            path.unlink()


def _laptop(folder: Path, name: str, hub: Hub) -> Laptop:
    store, admin, _recovery = Store.create(
        folder, site="WH01", device=name, admin_name="admin", admin_password=ADMIN_PASSWORD
    )
    for role in (Role.NURSE, Role.INVESTIGATOR):
        add_user(store, admin, role.value, role, PASSWORDS[role], f"{role.value.title()} Person")
    keys = hub.keys()
    set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
    register_device(
        hub,
        name,
        device_public_key(store, admin),
        "WH01",
        admin_key=public_key_text(store, admin),
    )
    nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])
    investigator = store.unlock("investigator", PASSWORDS[Role.INVESTIGATOR])
    laptop = Laptop(name, store, admin, nurse, investigator)
    with store.transaction(nurse) as session:
        p = Participant(
            screening_number=f"S-{name}",
            initials="AB",
            sex="F",
            weight_kg=61.5,
            created_at=datetime.now(UTC),
        )
        session.add(p)
        session.flush()
        laptop.participant_id = p.id
    laptop.signature_id = sign(
        store,
        investigator,
        PASSWORDS[Role.INVESTIGATOR],
        "participants",
        p.id,
        "Source data verified",
    ).id
    return laptop


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    root = tmp_path_factory.mktemp(f"insider-{request.param}")
    url = None
    if request.param == "postgres":
        server: PgServer = request.getfixturevalue("pg_server")
        url = server.new_database()
    hub, _recovery = Hub.init(root / "hub", url, HUB_USER, HUB_PASSWORD, STUDY)
    share = root / "share"
    share.mkdir()
    victim = _laptop(root / "lap1", "LAP1", hub)
    attacker = _laptop(root / "lap2", "LAP2", hub)
    made = World(hub, share, victim, attacker)
    made.sync(victim)
    made.sync(attacker)
    try:
        yield made
    finally:
        for laptop in (victim, attacker):
            laptop.store.close()
        hub.close()


Row = dict[str, Any]


def _forge(
    world: World,
    rows: list[Row],
    *,
    signer: str = "nurse",
    key: Any = None,
    seals: Callable[[list[Row], str], list[dict[str, Any]]] | None = None,
    members: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    changes: tuple[int, int] | None = None,
) -> Path:
    """A validly signed bundle from LAP2 carrying ``rows`` chained onto its real trail."""
    laptop = world.attacker
    store = laptop.store
    with store.read() as session:
        head_seq, head_hash = audit.chain_head(session.connection(), store.store_id)
        device_key = session.scalars(select(DeviceKey)).one()
        last = session.scalars(select(OutboxBundle).order_by(OutboxBundle.seq.desc())).first()
        info = session.scalars(select(StoreInfo)).one()
    assert last is not None
    chained: list[Row] = []
    prev = head_hash
    seq = head_seq
    for partial in rows:
        seq += 1
        row: Row = {
            "seq": seq,
            "at_utc": "2026-12-01T10:00:00.000000Z",
            "user_name": signer,
            "action": "update",
            "table_name": None,
            "record_id": None,
            "field": None,
            "old_value": None,
            "new_value": None,
            "reason": None,
        }
        row.update(partial)
        row["prev_hash"] = prev
        try:
            row["row_hash"] = prev = audit.row_hash(prev, row)
        except TypeError:
            row["row_hash"] = prev = "0" * 64
        chained.append(row)
    first, last_seq = head_seq + 1, seq
    signing = key or (laptop.nurse if signer == "nurse" else laptop.investigator).signing_key
    if seals is None:
        message = provenance.seal_message(store.store_id, first, last_seq, prev, signer)
        seal_lines = [
            {
                "first_seq": first,
                "last_seq": last_seq,
                "signer": signer,
                "signature": provenance.sign(signing, message),
            }
        ]
    else:
        seal_lines = seals(chained, store.store_id)
    body = {
        "audit.jsonl": b"".join(
            json.dumps(r, sort_keys=True, default=str).encode() + b"\n" for r in chained
        ),
        "seals.jsonl": b"".join(json.dumps(s, sort_keys=True).encode() + b"\n" for s in seal_lines),
    }
    if members is not None:
        body = members(body)
    manifest = build_manifest(
        study=info.study,
        site=info.site,
        device=info.device,
        seq=last.seq + 1,
        prev_bundle_sha256=last.sha256,
        changes=changes or (first, last_seq),
        audit=(first, last_seq),
        audit_head=prev,
        created_at=datetime.now(UTC),
    )
    for path in world.share.iterdir():
        path.unlink()
    paths = write_bundle(
        world.share,
        manifest,
        body,
        device_key.private_key,
        bytes.fromhex(device_key.key_id_hex),
        [world.hub.keys().age_recipient],
    )
    return paths.age


def _refused(world: World, code: str) -> str:
    before = world.digest()
    outcomes = import_folder(world.hub, world.share)
    assert [(o.status, o.code) for o in outcomes] == [("rejected", code)], outcomes
    assert outcomes[0].device == "LAP2"  # signed with LAP2's key: its rejection
    assert world.digest() == before
    return outcomes[0].reason or ""


def _update(table: str, record_id: str, field: str, old: str | None, new: str) -> Row:
    return {
        "action": "update",
        "table_name": table,
        "record_id": record_id,
        "field": field,
        "old_value": old,
        "new_value": new,
        "reason": "correction",
    }


def test_another_devices_participant_cannot_be_rewritten(world: World) -> None:
    victim = world.victim.participant_id
    _forge(
        world,
        [
            _update("participants", victim, "initials", "AB", "ZZ"),
            _update("participants", victim, "status", "screening", "died"),
        ],
    )
    reason = _refused(world, "foreign_record")
    assert "LAP1" in reason
    with world.hub.session() as session:
        data = session.execute(
            text("SELECT data_json FROM records WHERE record_id = :r"), {"r": victim}
        ).scalar_one()
    assert json.loads(data)["initials"] == "AB"


def test_another_devices_record_cannot_be_created_again(world: World) -> None:
    insert = dict(_update("participants", world.victim.participant_id, "initials", None, "ZZ"))
    insert["action"] = "insert"
    _forge(world, [insert])
    _refused(world, "foreign_record")


@pytest.mark.parametrize(
    "table", ["allocations", "no such table; drop table records", "audit_log", "device_keys"]
)
def test_a_table_that_does_not_exist_on_a_device_is_refused(world: World, table: str) -> None:
    row = _update(table, "0" * 8 + "-0000-4000-8000-" + "0" * 12, "arm", None, "A")
    row["action"] = "insert"
    _forge(world, [row])
    _refused(world, "unknown_table")


def test_a_field_that_does_not_exist_is_refused(world: World) -> None:
    mine = world.attacker.participant_id
    _forge(world, [_update("participants", mine, "arm", None, "active")])
    _refused(world, "unknown_field")


@pytest.mark.parametrize("record_id", ["../../etc/passwd", "", "x" * 64])
def test_a_record_id_that_is_not_one_is_refused(world: World, record_id: str) -> None:
    _forge(world, [_update("participants", record_id, "initials", None, "ZZ")])
    _refused(world, "bad_record_id")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weight_kg", "1e400"),
        ("weight_kg", "heavy"),
        ("row_version", "null"),
        ("date_of_birth", "1950-02-31"),
        ("initials", "A" * 5000),
        ("initials", "A\x00B"),
    ],
)
def test_a_value_the_column_cannot_hold_is_refused(world: World, field: str, value: str) -> None:
    mine = world.attacker.participant_id
    _forge(world, [_update("participants", mine, field, None, value)])
    _refused(world, "unknown_field" if field == "row_version" else "bad_value")


def test_a_huge_sequence_number_is_refused(world: World) -> None:
    # Rewrite the one row's seq to 10**23 (the manifest still names the real range).
    path = _forge(
        world,
        [_update("participants", world.attacker.participant_id, "initials", "AB", "CD")],
        members=lambda body: {
            **body,
            "audit.jsonl": body["audit.jsonl"].replace(b'"seq": ', b'"seq": 100000000000000000'),
        },
    )
    assert path.exists()
    _refused(world, "bad_audit_row")


def test_an_audit_field_holding_an_object_is_refused(world: World) -> None:
    mine = world.attacker.participant_id
    row = _update("participants", mine, "initials", "AB", "CD")
    row["reason"] = {"nested": ["object"]}
    _forge(world, [row])
    _refused(world, "bad_value")


def test_deeply_nested_json_is_refused(world: World) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    _forge(
        world,
        [_update("participants", world.attacker.participant_id, "initials", "AB", "CD")],
        members=lambda body: {**body, "audit.jsonl": b'{"a":' + deep + b"}\n"},
    )
    _refused(world, "bad_member")


def test_a_claimed_changes_range_without_audit_rows_is_refused(world: World) -> None:
    mine = world.attacker.participant_id
    _forge(world, [_update("participants", mine, "initials", "AB", "CD")], changes=(500, 900))
    _refused(world, "changes_range")


@pytest.mark.parametrize("extra", ["changes.jsonl", "evil.txt"])
def test_an_extra_member_is_refused(world: World, extra: str) -> None:
    mine = world.attacker.participant_id
    _forge(
        world,
        [_update("participants", mine, "initials", "AB", "CD")],
        members=lambda body: {
            **body,
            extra: b'{"table":"participants","id":"x","op":"upsert","row_version":null}\n',
        },
    )
    _refused(world, "member_set")


def test_a_missing_member_is_refused(world: World) -> None:
    mine = world.attacker.participant_id
    _forge(
        world,
        [_update("participants", mine, "initials", "AB", "CD")],
        members=lambda body: {"audit.jsonl": body["audit.jsonl"]},
    )
    _refused(world, "member_set")


def test_rows_without_a_seal_are_refused(world: World) -> None:
    mine = world.attacker.participant_id
    _forge(
        world,
        [_update("participants", mine, "initials", "AB", "CD")],
        seals=lambda rows, store_id: [],
    )
    _refused(world, "unsealed")


def test_rows_naming_another_person_are_refused(world: World) -> None:
    mine = world.attacker.participant_id
    row = _update("participants", mine, "initials", "AB", "CD")
    row["user_name"] = "investigator"
    _forge(world, [row])  # sealed by the nurse, who really signs it
    _refused(world, "wrong_actor")


def test_a_seal_in_another_persons_name_is_refused(world: World) -> None:
    mine = world.attacker.participant_id
    # Rows and seal name the investigator; the nurse can only sign with her own key.
    _forge(
        world,
        [_update("participants", mine, "initials", "AB", "CD")],
        signer="investigator",
        key=world.attacker.nurse.signing_key,
    )
    _refused(world, "bad_seal_signature")


def test_the_device_key_cannot_stand_in_for_a_person(world: World) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with world.attacker.store.read() as session:
        raw = session.scalars(select(DeviceKey)).one().private_key
    mine = world.attacker.participant_id
    _forge(
        world,
        [_update("participants", mine, "initials", "AB", "CD")],
        key=Ed25519PrivateKey.from_private_bytes(raw),
    )
    _refused(world, "bad_seal_signature")


def test_a_copied_e_signature_is_refused(world: World) -> None:
    attacker = world.attacker
    with attacker.store.read() as session:
        real = session.get(Signature, attacker.signature_id)
        assert real is not None
        real_fields = {
            "table_name": real.table_name,
            "record_id": real.record_id,
            "signer_id": real.signer_id,
            "printed_name": real.printed_name,
            "meaning": real.meaning,
            "signed_at": audit.format_value(real.signed_at),
            "content_hash": real.content_hash,
            "signature": real.signature,
        }
    # The investigator's signature, copied onto another participant, committed by the nurse.
    copied = dict(real_fields, record_id="11111111-1111-4111-8111-111111111111")
    rows = [
        {
            "action": "insert",
            "table_name": "signatures",
            "record_id": "22222222-2222-4222-8222-222222222222",
            "field": name,
            "new_value": value,
        }
        for name, value in sorted(copied.items())
    ]
    _forge(world, rows)
    _refused(world, "bad_esignature")


def test_a_nurse_cannot_enrol_a_key(world: World) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.store.person_key import public_text

    fake = public_text(Ed25519PrivateKey.generate())
    rows = [
        {
            "action": "insert",
            "table_name": "person_keys",
            "record_id": "33333333-3333-4333-8333-333333333333",
            "field": name,
            "new_value": value,
        }
        for name, value in (
            ("user_name", "ghost"),
            ("role", "admin"),
            ("public_key", fake),
            ("active", "true"),
            ("enrolled_at", "2026-12-01T10:00:00.000000Z"),
        )
    ]
    _forge(world, rows)
    _refused(world, "unauthorised_enrolment")


def test_a_real_bundle_still_goes_in_after_every_forgery(world: World) -> None:
    for path in world.share.iterdir():
        path.unlink()
    with world.attacker.store.transaction(world.attacker.nurse, reason="typo") as session:
        p = session.get(Participant, world.attacker.participant_id)
        assert p is not None
        p.initials = "AC"
    world.sync(world.attacker)
    with world.hub.session() as session:
        data = session.execute(
            text("SELECT data_json FROM records WHERE record_id = :r"),
            {"r": world.attacker.participant_id},
        ).scalar_one()
    assert json.loads(data)["initials"] == "AC"


def test_a_disabled_person_who_kept_her_key_signs_nothing_the_hub_takes(world: World) -> None:
    """Last in the module: the investigator is disabled (and the store re-keyed), then a
    copy of the store in her hands seals a change with her own key."""
    from app.services.users import disable_user

    attacker = world.attacker
    investigator_key = attacker.investigator.signing_key
    disable_user(attacker.store, attacker.admin, "investigator", "left the trial")
    world.sync(attacker)
    mine = attacker.participant_id
    _forge(
        world,
        [_update("participants", mine, "initials", "AC", "XX")],
        signer="investigator",
        key=investigator_key,
    )
    _refused(world, "inactive_signer")


def test_a_persons_own_key_rotation_is_taken_by_the_hub(world: World) -> None:
    from app.services.users import change_password

    attacker = world.attacker
    nurse = attacker.store.unlock("nurse", PASSWORDS[Role.NURSE])
    change_password(attacker.store, nurse, PASSWORDS[Role.NURSE], "nurse-own-password-9")
    with attacker.store.transaction(nurse, reason="typo") as session:
        p = session.get(Participant, attacker.participant_id)
        assert p is not None
        p.initials = "AD"
    attacker.nurse = nurse
    world.sync(attacker)
    with world.hub.session() as session:
        keys = [
            json.loads(data)
            for (data,) in session.execute(
                text(
                    "SELECT data_json FROM records WHERE table_name = 'person_keys' "
                    "AND device = 'LAP2'"
                )
            )
        ]
    nurse_keys = [k for k in keys if k["user_name"] == "nurse"]
    assert nurse.signing_key is not None
    from app.store.person_key import public_text

    assert nurse_keys[0]["public_key"] == public_text(nurse.signing_key)
    assert {k["user_name"]: k["active"] for k in keys}["investigator"] == "false"


BIG = 8_000  # rows: a few megabytes of audit text, which the hub checks on two cores


@pytest.mark.parametrize("at", [5, 3_300, BIG - 2])
@pytest.mark.parametrize("defect", ["bad_value", "audit_chain"])
def test_a_large_bundle_is_refused_for_its_one_bad_row_wherever_it_lies(
    world: World, at: int, defect: str
) -> None:
    """The hub checks the first part of a large bundle's rows in its own process and the
    rest in a child at the same time; a bad row in either part, or at the seam, is
    refused for the same reason as in a small bundle, and nothing is written."""
    mine = world.attacker.participant_id
    rows = [_update("participants", mine, "initials", "AB", "CD") for _ in range(BIG)]
    if defect == "bad_value":
        rows[at] = _update("participants", mine, "weight_kg", None, "heavy")

    def altered(body: dict[str, bytes]) -> dict[str, bytes]:
        lines = body["audit.jsonl"].split(b"\n")
        assert b'"new_value": "CD"' in lines[at]
        lines[at] = lines[at].replace(b'"new_value": "CD"', b'"new_value": "CE"')
        return {**body, "audit.jsonl": b"\n".join(lines)}

    _forge(world, rows, members=altered if defect == "audit_chain" else None)
    reason = _refused(world, defect)
    head = world.attacker.store
    with head.read() as session:
        first = audit.chain_head(session.connection(), head.store_id)[0] + 1
    assert f"Audit row {first + at}" in reason
