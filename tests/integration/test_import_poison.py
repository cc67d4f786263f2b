"""One bad item in the import folder is that item's rejection, never the end of the import.

SECURITY 22: a poisoned bundle, junk and special files (a FIFO, a symlink to
/dev/zero, directories, names that are not UTF-8) are each rejected or skipped
with a reason, quickly and in bounded memory, and every other bundle still goes in.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.models import Participant, VitalSigns
from app.roles import Role
from app.services.users import add_user
from app.store.store import Store
from app.sync.device import export_bundle
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, ROOT, OpenStore
from tests.integration.sync_env import HUB_PASSWORD, HUB_USER, SyncEnv


@pytest.fixture
def env(opened: OpenStore, tmp_path: Path) -> Iterator[SyncEnv]:
    made = SyncEnv.make(opened, tmp_path, None)
    try:
        yield made
    finally:
        made.hub.close()


def _second_device(env: SyncEnv, tmp_path: Path) -> tuple[Store, object]:
    """Laptop ZLAP (its bundles sort after WARD_LAPTOP_1's) registered at the same hub."""
    from app.hub.admin import register_device
    from app.services.users import public_key_text
    from app.sync.device import device_public_key, set_hub

    store, admin, _recovery = Store.create(
        tmp_path / "zlap",
        site="WH01",
        device="ZLAP",
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
    )
    keys = env.hub.keys()
    set_hub(store, admin, keys.age_recipient, keys.minisign_public_key)
    register_device(
        env.hub,
        "ZLAP",
        device_public_key(store, admin),
        "WH01",
        admin_key=public_key_text(store, admin),
    )
    add_user(store, admin, "nurse", Role.NURSE, PASSWORDS[Role.NURSE])
    nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])
    with store.transaction(nurse) as session:
        session.add(
            Participant(
                screening_number="S-Z1",
                initials="ZZ",
                sex="M",
                weight_kg=70.0,
                created_at=datetime.now(UTC),
            )
        )
    return store, nurse


def test_a_bad_bundle_before_another_devices_good_one_does_not_stop_it(
    env: SyncEnv, tmp_path: Path
) -> None:
    env.write()
    env.export()
    bad = env.bundles()[0]
    # Validly named and signed files whose payload is garbage: decrypt fails.
    bad.write_bytes(b"age-encryption.org/v1\n-> X25519 junk\n" + os.urandom(300))
    store, nurse = _second_device(env, tmp_path)
    try:
        assert export_bundle(store, nurse, env.share) is not None
        first = env.import_()
        assert [(o.file, o.status) for o in first] == [
            (bad.name, "rejected"),
            ("WH01-ZLAP-000001.bundle.age", "applied"),
        ]
        assert first[0].code == "bad_signature"
        assert "S-Z1" in env.hub_participants()
        again = env.import_()
        assert [(o.status, o.code) for o in again] == [
            ("rejected", "bad_signature"),
            ("duplicate", None),
        ]
    finally:
        store.close()


def test_a_bundle_that_trips_a_bug_is_rejected_alone(
    env: SyncEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug while merging one bundle (here: the replay raising) rejects that bundle only."""
    from app.hub import replay

    real = replay.replay

    def broken(device: str, *args: object, **kwargs: object) -> object:
        if device == "WARD_LAPTOP_1":
            raise KeyError("simulated bug")
        return real(device, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(replay, "replay", broken)
    env.write()
    env.export()
    store, nurse = _second_device(env, tmp_path)
    try:
        export_bundle(store, nurse, env.share)
        before = env.hub_count("records")
        outcomes = env.import_()
        assert [(o.status, o.code) for o in outcomes] == [
            ("rejected", "internal_error"),
            ("applied", None),
        ]
        assert "hub's log" in (outcomes[0].reason or "")
        assert env.hub_count("records") > before
        assert not any(p.startswith("S-0") for p in env.hub_participants())
    finally:
        store.close()


def test_a_nul_in_a_note_is_refused_on_the_device_and_nothing_is_saved(env: SyncEnv) -> None:
    with (
        pytest.raises(InvalidInput, match="control character"),
        env.device.store.transaction(env.nurse) as session,
    ):
        p = Participant(
            screening_number="S-NUL", initials="NU", sex="F", created_at=datetime.now(UTC)
        )
        session.add(p)
        session.flush()
        session.add(
            VitalSigns(
                participant_id=p.id,
                visit_code="D1",
                measured_at=datetime.now(UTC),
                note="pager\x00beeped",
            )
        )
    with env.device.store.read() as session:
        from sqlalchemy import select

        assert session.scalars(select(Participant.screening_number)).all() == []


def test_newline_and_tab_are_fine_in_a_note(env: SyncEnv) -> None:
    with env.device.store.transaction(env.nurse) as session:
        p = Participant(
            screening_number="S-TAB", initials="TB", sex="F", created_at=datetime.now(UTC)
        )
        session.add(p)
        session.flush()
        session.add(
            VitalSigns(
                participant_id=p.id,
                visit_code="D1",
                measured_at=datetime.now(UTC),
                note="line one\n\tline two",
            )
        )
    env.export()
    assert [o.status for o in env.import_()] == ["applied"]


def _junk_folder(env: SyncEnv) -> Path:
    share = env.share
    # Special files named like bundles, each beside a signature file.
    (share / "WH01-WARD_LAPTOP_1-000001.bundle.age").symlink_to("/dev/zero")
    (share / "WH01-WARD_LAPTOP_1-000001.bundle.age.minisig").write_text("x")
    os.mkfifo(share / "WH01-WARD_LAPTOP_1-000002.bundle.age")
    (share / "WH01-WARD_LAPTOP_1-000002.bundle.age.minisig").write_text("x")
    (share / "WH01-WARD_LAPTOP_1-000003.bundle.age").mkdir()
    (share / "WH01-WARD_LAPTOP_1-000003.bundle.age.minisig").write_text("x")
    (share / "WH01-WARD_LAPTOP_1-000004.bundle.age").write_bytes(b"junk")
    (share / "WH01-WARD_LAPTOP_1-000004.bundle.age.minisig").mkdir()
    (share / "WH01-WARD_LAPTOP_1-000005.bundle.age").write_bytes(b"")
    (share / "WH01-WARD_LAPTOP_1-000005.bundle.age.minisig").symlink_to("/dev/zero")
    # Junk named like the real device's next bundle: rejected, but not counted against it.
    (share / "WH01-WARD_LAPTOP_1-000006.bundle.age").write_bytes(b"junk")
    (share / "WH01-WARD_LAPTOP_1-000006.bundle.age.minisig").write_text("junk\n")
    # Names that are not UTF-8, and empty files with no key behind them.
    raw = os.fsencode(share)
    for name in (b"\xff.bundle.age", b"\xff.bundle.age.minisig"):
        with open(raw + b"/" + name, "wb"):
            pass
    (share / "LAP9-000001.bundle.age").write_bytes(b"")
    (share / "LAP9-000001.bundle.age.minisig").write_bytes(b"")
    return share


def test_special_files_and_junk_are_skipped_with_a_reason(env: SyncEnv) -> None:
    share = _junk_folder(env)
    outcomes = env.import_()
    by_file = {o.file: (o.status, o.code) for o in outcomes}
    assert by_file["WH01-WARD_LAPTOP_1-000001.bundle.age"] == ("skipped", "symlink")
    assert by_file["WH01-WARD_LAPTOP_1-000002.bundle.age"] == ("skipped", "not_a_file")
    assert by_file["WH01-WARD_LAPTOP_1-000003.bundle.age"] == ("skipped", "not_a_file")
    assert by_file["WH01-WARD_LAPTOP_1-000004.bundle.age"] == ("skipped", "not_a_file")
    assert by_file["WH01-WARD_LAPTOP_1-000005.bundle.age"] == ("skipped", "symlink")
    assert by_file["\\xff.bundle.age"] == ("skipped", "bad_name")
    assert by_file["LAP9-000001.bundle.age"][0] == "rejected"
    assert by_file["WH01-WARD_LAPTOP_1-000006.bundle.age"] == ("rejected", "bad_signature_file")
    assert all(o.reason for o in outcomes)
    # None of this junk is counted against the real device.
    from app.hub.admin import status, unattributed

    (device,) = status(env.hub)
    assert device["rejections"] == 0
    assert unattributed(env.hub) >= 7
    # A real bundle in the same folder still goes in, and a re-run is stable.
    for path in list(share.iterdir()):
        if path.name.startswith("WH01-WARD_LAPTOP_1"):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
    env.write()
    env.export()
    assert [o.status for o in env.import_() if o.device] == ["applied"]
    assert [o.status for o in env.import_() if o.device] == ["duplicate"]


def test_the_junk_folder_through_the_cli_is_quick_and_bounded(env: SyncEnv, tmp_path: Path) -> None:
    share = _junk_folder(env)
    env.write()
    export_bundle(env.device.store, env.nurse, tmp_path)  # a real one, moved in below
    for path in tmp_path.glob("WH01-WARD_LAPTOP_1-000001.*"):
        path.rename(share / ("Z" + path.name))  # a misnamed copy: rejected, not read forever
    env.hub.close()
    limit = 1024 * 1024 * 1024

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "hub",
            "import",
            str(share),
            "--json",
            "--data-dir",
            str(env.hub_dir),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "BEDSIDE_USER": HUB_USER, "BEDSIDE_PASSWORD": HUB_PASSWORD},
        preexec_fn=cap_memory,
    )
    env.restart_hub()
    assert done.returncode == 0, done.stderr
    outcomes = json.loads(done.stdout)
    assert len(outcomes) >= 8
    assert {o["status"] for o in outcomes} <= {"skipped", "rejected"}
    assert "Traceback" not in done.stderr
