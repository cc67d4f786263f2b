"""Device → bundle → hub → receipt → device, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import OutboxBundle
from app.sync.device import status
from tests.conftest import OpenStore
from tests.integration.sync_env import SyncEnv, device_participants


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, opened: OpenStore, tmp_path: Path) -> Iterator[SyncEnv]:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    made = SyncEnv.make(opened, tmp_path, url)
    try:
        yield made
    finally:
        made.hub.close()


def test_round_trip_marks_changes_synced_and_a_second_round_carries_only_what_is_new(
    env: SyncEnv,
) -> None:
    env.write(participants=3)
    assert status(env.device.store).unsynced_audit_rows > 0
    first = env.export()
    assert first is not None and first.seq == 1
    outcomes = env.import_()
    assert [(o.status, o.seq) for o in outcomes] == [("applied", 1)]
    assert env.hub_participants() == device_participants(env.device)
    assert env.apply_receipts() == [1]
    assert status(env.device.store).unsynced_audit_rows == 0

    assert env.export() is None, "nothing new: no bundle"
    env.write(participants=1)
    second = env.export()
    assert second is not None and second.seq == 2
    assert second.changes == 3  # one participant and its two vital signs
    assert second.audit_rows < first.audit_rows
    outcomes = env.import_()
    assert [(o.status, o.seq) for o in outcomes] == [("duplicate", 1), ("applied", 2)]
    assert env.hub_participants() == device_participants(env.device)
    with env.device.store.read() as session:
        sent_through = session.get_one(OutboxBundle, 2).audit_last
    assert env.hub_count("audit") == sent_through
    env.apply_receipts()
    assert status(env.device.store).unsynced_audit_rows == 0


def test_unacknowledged_changes_are_sent_again_and_merged_once(env: SyncEnv) -> None:
    env.write(participants=2)
    env.export()
    env.import_()  # the hub has bundle 1, the device has no receipt yet
    for receipt in env.share.glob("*.receipt*"):
        receipt.unlink()
    env.write(participants=1)
    second = env.export()
    assert second is not None and second.audit_rows > 0
    outcomes = env.import_()
    assert outcomes[-1].status == "applied"
    with env.hub.session() as session:
        from sqlalchemy import text

        duplicates = session.execute(
            text(
                "SELECT count(*) FROM "
                "(SELECT seq FROM audit GROUP BY device, seq HAVING count(*) > 1) d"
            )
        ).scalar_one()
    assert duplicates == 0
    assert env.hub_participants() == device_participants(env.device)


def test_high_water_marks_survive_a_hub_restart(env: SyncEnv) -> None:
    env.write()
    env.export()
    env.import_()
    kept = env.share / "kept"
    kept.mkdir()
    first = env.bundles()[0]
    shutil.copy(first, kept / first.name)
    env.restart_hub()
    outcomes = env.import_()
    assert [o.status for o in outcomes] == ["duplicate"]
    with env.hub.session() as session:
        from app.hub.models import Device

        device = session.get(Device, "WARD_LAPTOP_1")
        assert device is not None and device.last_seq == 1 and device.audit_head_seq > 0
