"""Re-enrolment against insiders: every forged or replayed file is refused, and nothing moves.

A device restored from an older backup is refused by the hub until it endorses the
restart. An insider holding a device key or another device's store tries: a request
for another device, an endorsement replayed to another device, a forged endorsement,
a second restore using the first endorsement, a request claiming rows the hub never
received, and a bundle that starts an epoch nobody endorsed.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.hub.endorse import endorse
from app.hub.models import Device, HubEndorsement
from app.hub.odm import export_odm
from app.models import DeviceKey, Setting
from app.roles import Role
from app.store.backup import make_backup
from app.store.restore import restore_backup
from app.store.store import Store
from app.sync import minisign
from app.sync.device import set_hub
from app.sync.reenrol import EPOCH_SETTING, import_endorsement, request_reenrolment
from app.sync.reenrol_doc import signature_path, write_signed
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore
from tests.integration.sync_env import SyncEnv, hub_digest


@dataclass
class Scene:
    env: SyncEnv
    root: Path
    early: Path  # the backup the device is restored from
    request: Path
    endorsement: Path
    codes: list[str | None] = field(default_factory=list)

    def clear_share(self) -> None:
        taken = self.root / "taken"
        taken.mkdir(exist_ok=True)
        for path in self.env.share.iterdir():
            path.rename(taken / f"{len(os.listdir(taken))}-{path.name}")

    def sync(self) -> list[str]:
        """Export, import, apply receipts; the hub's status for the new bundle."""
        written = self.env.export()
        assert written is not None
        outcomes = self.env.import_()
        self.env.apply_receipts()
        self.clear_share()
        self.codes = [o.code for o in outcomes if o.file == written.file_name]
        return [o.status for o in outcomes if o.file == written.file_name]

    def restore(self, backup: Path) -> None:
        data_dir = self.env.device.data_dir
        self.env.device.store.close()
        if any(data_dir.glob("replaced-*")):
            time.sleep(1.1)  # the store set aside is named to the second
        restore_backup(backup, data_dir, "admin", ADMIN_PASSWORD, replace=True)
        store = Store.open(data_dir)
        admin = store.unlock("admin", ADMIN_PASSWORD)
        self.env.device = OpenStore(store, admin, self.env.device.recovery_key, data_dir)
        self.env.nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])

    def ask(self) -> None:
        request_reenrolment(self.env.device.store, self.env.device.admin, self.request)


@pytest.fixture
def scene(tmp_path: Path) -> Iterator[Scene]:
    """A device that synced, was backed up, synced more, was restored and refused."""
    data_dir = tmp_path / "device"
    store, admin, recovery = Store.create(
        data_dir, site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )  # fmt: skip
    env = SyncEnv.make(OpenStore(store, admin, recovery, data_dir), tmp_path, None)
    scene = Scene(env, tmp_path, tmp_path / "early.bedside-backup", tmp_path / "req.json",
                  tmp_path / "end.json")  # fmt: skip
    try:
        env.write()
        assert scene.sync() == ["applied"]
        make_backup(env.device.store, env.device.admin, scene.early)
        env.write()
        assert scene.sync() == ["applied"]
        scene.restore(scene.early)
        env.write()
        assert scene.sync() == ["rejected"]
        yield scene
    finally:
        env.device.store.close()
        env.hub.close()


def endorsements(scene: Scene) -> int:
    with scene.env.hub.session() as session:
        return len(session.scalars(select(HubEndorsement)).all())


def epoch_setting(scene: Scene) -> str | None:
    with scene.env.device.store.read() as session:
        found = session.scalars(select(Setting).where(Setting.key == EPOCH_SETTING)).first()
        return found.value if found else None


def resign(source: Path, out: Path, change: Mapping[str, object], key: tuple[bytes, bytes]) -> None:
    doc = json.loads(source.read_bytes())
    doc.update(change)
    write_signed(out, doc, key, "forged", "forged")


def device_key(scene: Scene) -> tuple[bytes, bytes]:
    with scene.env.device.store.read() as session:
        key = session.scalars(select(DeviceKey)).one()
        return key.private_key, bytes.fromhex(key.key_id_hex)


def test_the_endorsed_epoch_syncs_and_the_same_request_gets_the_same_answer(
    scene: Scene,
) -> None:
    scene.ask()
    first = endorse(scene.env.hub, scene.request, scene.endorsement)
    again = endorse(scene.env.hub, scene.request, scene.root / "again.json")
    assert again.again and (again.epoch, again.next_bundle) == (first.epoch, first.next_bundle)
    assert again.path.read_bytes() == scene.endorsement.read_bytes()
    assert endorsements(scene) == 1
    import_endorsement(scene.env.device.store, scene.env.device.admin, scene.endorsement)
    scene.env.write()
    assert scene.sync() == ["applied"]
    # Both branches of the trail are exported: the lost rows and the new epoch's.
    summary = export_odm(scene.env.hub, scene.root / "study.xml")
    odm = (scene.root / "study.xml").read_text("utf-8")
    assert summary.subjects == len(scene.env.hub_participants()) == 4
    sources = {int(n) for n in re.findall(r"<SourceID>WARD_LAPTOP_1:([0-9]+)<", odm)}
    assert any(first.base_seq < n < 10**12 for n in sources), "the lost rows"
    assert any(n > 10**12 + first.base_seq for n in sources), "the new epoch's rows"


def test_a_request_for_another_device_is_refused(scene: Scene) -> None:
    scene.ask()
    before = hub_digest(scene.env.hub)
    other = minisign.generate_keypair()  # another laptop's device key
    forged = scene.root / "forged.json"
    resign(scene.request, forged, {}, (other.private_key, other.key_id))
    with pytest.raises(InvalidInput, match="not signed with the key enrolled for WARD_LAPTOP_1"):
        endorse(scene.env.hub, forged, scene.endorsement)
    assert not scene.endorsement.exists()
    assert (hub_digest(scene.env.hub), endorsements(scene)) == (before, 0)


def test_an_endorsement_replayed_to_another_device_is_refused(scene: Scene) -> None:
    scene.ask()
    endorse(scene.env.hub, scene.request, scene.endorsement)
    other_dir = scene.root / "lap2"
    store, admin, _key = Store.create(
        other_dir, site="WH01", device="LAP2", admin_name="admin", admin_password=ADMIN_PASSWORD
    )
    try:
        keys = scene.env.hub.keys()
        set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
        with pytest.raises(InvalidInput, match="endorses device WARD_LAPTOP_1"):
            import_endorsement(store, admin, scene.endorsement)
        with store.read() as session:
            assert (
                session.scalars(select(Setting).where(Setting.key == EPOCH_SETTING)).first() is None
            )
    finally:
        store.close()


def test_a_forged_endorsement_is_refused(scene: Scene) -> None:
    scene.ask()
    endorse(scene.env.hub, scene.request, scene.endorsement)
    device = scene.env.device
    forged = scene.root / "forged.json"
    resign(scene.endorsement, forged, {"next_bundle": 99}, device_key(scene))
    with pytest.raises(InvalidInput, match="not signed by the pinned hub"):
        import_endorsement(device.store, device.admin, forged)
    edited = scene.root / "edited.json"
    edited.write_bytes(scene.endorsement.read_bytes().replace(b'"epoch":2', b'"epoch":3'))
    signature_path(edited).write_bytes(signature_path(scene.endorsement).read_bytes())
    with pytest.raises(InvalidInput, match="not signed by the pinned hub"):
        import_endorsement(device.store, device.admin, edited)
    assert epoch_setting(scene) is None
    scene.env.write()
    assert scene.sync() == ["rejected"], "without the endorsement the device is still refused"


def test_a_second_restore_without_a_new_endorsement_is_refused(scene: Scene) -> None:
    scene.ask()
    asked = scene.root / "asked.bedside-backup"
    make_backup(scene.env.device.store, scene.env.device.admin, asked)
    endorse(scene.env.hub, scene.request, scene.endorsement)
    import_endorsement(scene.env.device.store, scene.env.device.admin, scene.endorsement)
    scene.env.write()
    assert scene.sync() == ["applied"]
    before = hub_digest(scene.env.hub)
    # Restored again to before the import: the old endorsement is accepted by the store,
    # but the hub already continues that epoch, and refuses a second start of it.
    scene.restore(asked)
    import_endorsement(scene.env.device.store, scene.env.device.admin, scene.endorsement)
    scene.env.write()
    assert (scene.sync(), scene.codes) == (["rejected"], ["fork"])
    # Restored to the very first backup: its bundles are of the old epoch.
    scene.restore(scene.early)
    scene.env.write()
    assert (scene.sync(), scene.codes) == (["rejected"], ["fork"])
    assert hub_digest(scene.env.hub) == before


def test_a_request_claiming_rows_the_hub_never_saw_is_refused(scene: Scene) -> None:
    scene.ask()
    before = hub_digest(scene.env.hub)
    doc = json.loads(scene.request.read_bytes())
    known = doc["known"]
    invented = [os.urandom(32).hex() for _ in known["row_hashes"]]
    forged = scene.root / "forged.json"
    change = {
        "known": {**known, "row_hashes": invented},
        "head": {**doc["head"], "hash": invented[-1]},
    }
    resign(scene.request, forged, change, device_key(scene))  # the insider has the device key
    with pytest.raises(InvalidInput, match="audit rows the hub never received"):
        endorse(scene.env.hub, forged, scene.endorsement)
    assert (hub_digest(scene.env.hub), endorsements(scene)) == (before, 0)


def test_a_bundle_starting_an_epoch_nobody_endorsed_is_refused(scene: Scene) -> None:
    with scene.env.hub.session() as session:
        hub_device = session.get(Device, "WARD_LAPTOP_1")
        assert hub_device is not None
        last_seq, last_sha = hub_device.last_seq, hub_device.last_sha256
    state = {"epoch": 2, "base_seq": 1, "next_bundle": last_seq + 1, "prev_sha256": last_sha}
    with scene.env.device.store.transaction(scene.env.device.admin) as session:
        session.add(Setting(key=EPOCH_SETTING, value=json.dumps(state)))
    before = hub_digest(scene.env.hub)
    written = scene.env.export()
    assert written is not None and written.seq == last_seq + 1
    outcomes = scene.env.import_()
    assert [(o.status, o.code) for o in outcomes] == [("rejected", "unendorsed_epoch")]
    assert hub_digest(scene.env.hub) == before


def test_an_old_epoch_bundle_after_the_endorsement_is_refused_and_the_device_asks_again(
    scene: Scene,
) -> None:
    scene.ask()
    endorse(scene.env.hub, scene.request, scene.endorsement)
    device = scene.env.device
    scene.env.write()
    assert (scene.sync(), scene.codes) == (["rejected"], ["stale_epoch"])
    with pytest.raises(InvalidInput, match="after asking: ask the hub again"):
        import_endorsement(device.store, device.admin, scene.endorsement)
    assert epoch_setting(scene) is None
    second = scene.root / "req2.json"
    request_reenrolment(device.store, device.admin, second)
    answer = endorse(scene.env.hub, second, scene.root / "end2.json")
    assert answer.epoch == 3 and answer.lost_count == 0
    with pytest.raises(InvalidInput, match="not this store's open request"):
        import_endorsement(device.store, device.admin, scene.endorsement)
    import_endorsement(device.store, device.admin, scene.root / "end2.json")
    scene.env.write()
    assert scene.sync() == ["applied"]


def test_a_hub_made_before_endorsements_existed_gains_the_table(scene: Scene) -> None:
    HubEndorsement.__table__.drop(scene.env.hub.engine)  # type: ignore[attr-defined]
    assert scene.env.import_() == []  # the importer makes it again, and finds nothing new
    HubEndorsement.__table__.drop(scene.env.hub.engine)  # type: ignore[attr-defined]
    scene.ask()
    endorse(scene.env.hub, scene.request, scene.endorsement)
    assert endorsements(scene) == 1
    import_endorsement(scene.env.device.store, scene.env.device.admin, scene.endorsement)
    scene.env.write()
    assert scene.sync() == ["applied"]


def test_a_request_from_an_epoch_the_hub_never_endorsed_is_refused(scene: Scene) -> None:
    scene.ask()
    forged = scene.root / "forged.json"
    resign(scene.request, forged, {"epoch_from": 5}, device_key(scene))
    with pytest.raises(InvalidInput, match="epoch 5, which the hub never endorsed"):
        endorse(scene.env.hub, forged, scene.endorsement)
    assert endorsements(scene) == 0
