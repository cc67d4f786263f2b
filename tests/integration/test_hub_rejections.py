"""The hub refuses what it must, says why, and changes none of its data."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.hub.admin import register_device, revoke_device
from app.store.engine import connect_raw
from app.store.store import Store
from app.sync import minisign
from app.sync.device import set_hub
from tests.conftest import ADMIN_PASSWORD, OpenStore
from tests.integration.sync_env import SyncEnv


@pytest.fixture
def env(opened: OpenStore, tmp_path: Path) -> Iterator[SyncEnv]:
    made = SyncEnv.make(opened, tmp_path, None)
    try:
        yield made
    finally:
        made.hub.close()


def _two_bundles(env: SyncEnv) -> tuple[Path, Path]:
    env.write(participants=2)
    env.export()
    env.write(participants=1)
    env.export()
    first, second = env.bundles()
    return first, second


def _only(env: SyncEnv, keep: list[Path], where: Path) -> None:
    """Leave just ``keep`` (with their signatures) in the share."""
    where.mkdir(exist_ok=True)
    for path in env.bundles():
        if path not in keep:
            shutil.move(path, where / path.name)
            shutil.move(path.with_name(path.name + ".minisig"), where / (path.name + ".minisig"))


def _status(env: SyncEnv) -> list[tuple[str, str | None]]:
    return [(o.status, o.code) for o in env.import_()]


@pytest.mark.parametrize(
    ("mutation", "code"),
    [
        ("flip_age", "bad_signature"),
        ("truncate_age", "bad_signature"),
        ("append_age", "bad_signature"),
        ("flip_sig", "bad_signature"),
        ("swap_payloads", "bad_signature"),
    ],
)
def test_a_damaged_bundle_is_rejected_with_its_reason_and_changes_nothing(
    env: SyncEnv, mutation: str, code: str
) -> None:
    first, second = _two_bundles(env)
    before = env.hub_rows()
    if mutation == "flip_age":
        data = bytearray(first.read_bytes())
        data[len(data) // 2] ^= 0x40
        first.write_bytes(bytes(data))
    elif mutation == "truncate_age":
        first.write_bytes(first.read_bytes()[:-100])
    elif mutation == "append_age":
        first.write_bytes(first.read_bytes() + b"\0extra")
    elif mutation == "flip_sig":
        sig = first.with_name(first.name + ".minisig")
        lines = sig.read_text().splitlines()
        raw = bytearray(minisign.base64.b64decode(lines[1]))
        raw[20] ^= 1
        lines[1] = minisign.base64.b64encode(bytes(raw)).decode()
        sig.write_text("\n".join(lines) + "\n")
    elif mutation == "swap_payloads":
        a, b = first.read_bytes(), second.read_bytes()
        first.write_bytes(b)
        second.write_bytes(a)
    _only(env, [first], env.share / "aside")
    outcomes = env.import_()
    assert [(o.status, o.code) for o in outcomes] == [("rejected", code)]
    assert outcomes[0].reason
    assert env.hub_rows() == before


def test_a_bundle_signed_by_another_device_is_rejected(env: SyncEnv, tmp_path: Path) -> None:
    env.write()
    env.export()
    other, other_admin, _key = Store.create(
        tmp_path / "other",
        site="WH01",
        device="WARD_LAPTOP_1",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )
    keys = env.hub.keys()
    set_hub(other, other_admin, keys.age_recipient, keys.minisign_public_key)
    from app.sync.device import export_bundle

    forged_dir = tmp_path / "forged"
    forged_dir.mkdir()
    forged = export_bundle(other, other_admin, forged_dir)
    other.close()
    assert forged is not None
    genuine = env.bundles()[0]
    # The impostor's bundle under the genuine device's name.
    shutil.copy(forged.path, genuine)
    shutil.copy(
        forged.path.with_name(forged.path.name + ".minisig"),
        genuine.with_name(genuine.name + ".minisig"),
    )
    before = env.hub_rows()
    assert _status(env) == [("rejected", "wrong_key")]
    assert env.hub_rows() == before


def test_replay_is_a_no_op_and_a_device_restored_from_backup_is_a_fork(
    env: SyncEnv, tmp_path: Path
) -> None:
    # Keep a copy of the device as it was before its first bundle.
    env.device.store.close()
    backup = tmp_path / "device-backup"
    shutil.copytree(env.device.data_dir, backup)
    env.device.store = Store.open(env.device.data_dir)
    env.device.store.unlock("admin", ADMIN_PASSWORD)
    env.nurse = env.device.store.unlock("nurse", "nurse-pass-1")
    env.write()
    env.export()
    assert _status(env) == [("applied", None)]
    applied = hashlib.sha256(env.bundles()[0].read_bytes()).hexdigest()
    before = env.hub_rows()
    assert _status(env) == [("duplicate", None)]
    assert env.hub_rows() == before

    # The device is restored from the backup and writes a different bundle 1.
    env.device.store.close()
    shutil.rmtree(env.device.data_dir)
    shutil.copytree(backup, env.device.data_dir)
    env.device.store = Store.open(env.device.data_dir)
    env.nurse = env.device.store.unlock("nurse", "nurse-pass-1")
    env.write(participants=2)
    for path in env.share.glob("*"):
        path.unlink()
    env.export()
    outcomes = env.import_()
    # The hub cannot tell a restored backup from a copied store: either way two different
    # bundles carry one number, and the data manager is told so with both hashes.
    assert [(o.status, o.code) for o in outcomes] == [("rejected", "fork")]
    reason = outcomes[0].reason or ""
    assert "another copy of this device's store is sending bundles (fork)" in reason.lower()
    refused = hashlib.sha256(env.bundles()[0].read_bytes()).hexdigest()
    assert applied in reason and refused in reason and applied != refused
    from app.hub.admin import status

    (device,) = status(env.hub)
    assert device["fork"]["refused_sha256"] == refused and device["fork"]["seq"] == 1
    assert env.hub_rows() == before


def test_a_gap_is_held_until_filled_then_applied_in_order(env: SyncEnv) -> None:
    for _ in range(3):
        env.write()
        env.export()
    first, second, third = env.bundles()
    aside = env.share / "aside"
    _only(env, [first, third], aside)
    outcomes = env.import_()
    assert [(o.seq, o.status) for o in outcomes] == [(1, "applied"), (3, "held")]
    assert env.hub_count("held_bundles") == 1
    env.restart_hub()  # held bundles and marks survive a restart
    shutil.move(aside / second.name, second)
    shutil.move(aside / (second.name + ".minisig"), env.share / (second.name + ".minisig"))
    outcomes = env.import_()
    applied = [(o.seq, o.status) for o in outcomes if o.status == "applied"]
    assert applied == [(2, "applied"), (3, "applied")]
    assert env.hub_count("held_bundles") == 0
    assert len(env.hub_participants()) == 3


def test_unknown_device_is_rejected_and_revoked_device_quarantined(
    env: SyncEnv, tmp_path: Path
) -> None:
    env.write()
    env.export()
    bundle = env.bundles()[0]
    renamed = bundle.with_name(bundle.name.replace("WARD_LAPTOP_1", "STRANGER"))
    bundle.rename(renamed)
    bundle.with_name(bundle.name + ".minisig").rename(renamed.with_name(renamed.name + ".minisig"))
    before = env.hub_rows()
    outcomes = env.import_()
    assert [(o.status, o.code) for o in outcomes] == [("rejected", "unknown_device")]
    renamed.rename(bundle)
    renamed.with_name(renamed.name + ".minisig").rename(bundle.with_name(bundle.name + ".minisig"))
    revoke_device(env.hub, "WARD_LAPTOP_1")
    before = env.hub_rows()
    outcomes = env.import_()
    assert [(o.status, o.code) for o in outcomes] == [("quarantined", "revoked_device")]
    assert (env.hub_dir / "quarantine" / bundle.name).exists()
    assert env.hub_rows() == before
    other = minisign.generate_keypair().public
    with pytest.raises(InvalidInput, match="already enrolled"):
        register_device(env.hub, "WARD_LAPTOP_1", minisign.public_key_string(other))


def _raw(env: SyncEnv) -> object:
    dek = env.device.store.current_deks()[env.device.store.slots.generation]
    conn = connect_raw(env.device.data_dir / "bedside.db", dek)
    for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_log_in_sequence"):
        conn.execute(f"DROP TRIGGER {trigger}")
    return conn


def test_a_device_whose_audit_tail_was_cut_is_rejected_and_told_why(env: SyncEnv) -> None:
    env.write(participants=2)
    env.export()
    env.import_()
    env.apply_receipts()
    conn = _raw(env)
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]  # type: ignore[attr-defined]
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (last - 5,))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]
    env.write(participants=1)  # the app chains new rows onto the shortened trail
    env.export()
    before = env.hub_rows()
    outcomes = [o for o in env.import_() if o.status != "duplicate"]
    assert [(o.status, o.code) for o in outcomes] == [("rejected", "audit_rewritten")]
    assert "rewritten or cut" in (outcomes[0].reason or "")
    assert env.hub_rows() == before


def test_a_device_whose_audit_rows_were_rewritten_and_rehashed_is_rejected(env: SyncEnv) -> None:
    env.write(participants=2)
    env.export()
    env.import_()
    # No receipt applied: the next bundle resends the old rows, now rewritten.
    conn = _raw(env)
    from app.store.audit import CHAIN_FIELDS, genesis_hash, row_hash

    cols = ", ".join((*CHAIN_FIELDS, "prev_hash", "row_hash"))
    rows = conn.execute(f"SELECT {cols} FROM audit_log ORDER BY seq").fetchall()  # type: ignore[attr-defined]
    prev = genesis_hash(env.device.store.store_id)
    for raw in rows:
        row = dict(zip((*CHAIN_FIELDS, "prev_hash", "row_hash"), raw, strict=True))
        if row["field"] == "weight_kg":
            row["new_value"] = "99.0"
        row["prev_hash"] = prev
        row["row_hash"] = prev = row_hash(prev, row)
        conn.execute(  # type: ignore[attr-defined]
            "UPDATE audit_log SET new_value = ?, prev_hash = ?, row_hash = ? WHERE seq = ?",
            (row["new_value"], row["prev_hash"], row["row_hash"], row["seq"]),
        )
    conn.close()  # type: ignore[attr-defined]
    env.write(participants=1)
    for path in env.share.glob("*.receipt*"):
        path.unlink()
    env.export()
    before = env.hub_rows()
    outcomes = [o for o in env.import_() if o.status != "duplicate"]
    assert [(o.status, o.code) for o in outcomes] == [("rejected", "audit_rewritten")]
    assert env.hub_rows() == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from(["age", "sig"]),
    kind=st.sampled_from(["flip", "truncate", "append"]),
    where=st.floats(min_value=0.0, max_value=0.999),
    value=st.integers(min_value=1, max_value=255),
)
def test_any_mutation_of_a_bundle_is_rejected_and_changes_nothing(
    env: SyncEnv, target: str, kind: str, where: float, value: int
) -> None:
    if not env.bundles():
        env.write()
        env.export()
        kept = env.share / "pristine"
        kept.mkdir()
        for path in env.share.glob("*.bundle.age*"):
            shutil.copy(path, kept / path.name)
    pristine = env.share / "pristine"
    for path in pristine.iterdir():
        shutil.copy(path, env.share / path.name)
    bundle = env.bundles()[0]
    path = bundle if target == "age" else bundle.with_name(bundle.name + ".minisig")
    data = bytearray(path.read_bytes())
    index = int(where * len(data))
    if kind == "flip":
        data[index] ^= value
    elif kind == "truncate":
        del data[index:]
    else:
        data += bytes([value]) * (1 + index % 7)
    path.write_bytes(bytes(data))
    before = env.hub_rows()
    outcomes = env.import_()
    assert all(o.status == "rejected" and o.code and o.reason for o in outcomes)
    assert env.hub_rows() == before
