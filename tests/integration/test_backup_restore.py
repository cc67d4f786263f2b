"""bedside backup and bedside restore, through argv, against real stores and a real writer.

The writer is a second process that holds the store open (its lock too) and
commits a record in a loop, printing each committed id with the time; the backup
is taken meanwhile and must hold every commit reported before it began.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Setting
from app.roles import Role
from app.services.verify import verify_store
from app.store.backup_archive import DATA_MEMBERS, MANIFEST, SLOTS, Manifest, file_digest
from app.store.store import Store
from tests.conftest import (
    ADMIN_PASSWORD,
    PASSWORDS,
    ROOT,
    CliResult,
    OpenStore,
    run_cli,
    snapshot_files,
)

WRITER = """
import sys, time
from collections.abc import Iterator
from pathlib import Path
from app.models import Setting
from app.store.store import Store

store = Store.open(Path(sys.argv[1]))
actor = store.unlock("admin", sys.argv[2])
stop = Path(sys.argv[3])
print("ready", flush=True)
i = 0
deadline = time.time() + 90
while not stop.exists() and time.time() < deadline:
    i += 1
    with store.transaction(actor, reason="written in a loop") as session:
        session.add(Setting(key=f"writer-{i}", value=str(i)))
    print(f"writer-{i} {time.time():.6f}", flush=True)
store.close()
"""


def keys_in(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(Setting.key)))


def backup(data_dir: Path, out: Path) -> CliResult:
    return run_cli("backup", "--out", str(out), data_dir=data_dir)


def make_store(folder: Path, device: str = "WARD_LAPTOP_1") -> None:
    store, _admin, _key = Store.create(
        folder, site="WH01", device=device, admin_name="admin", admin_password=ADMIN_PASSWORD
    )
    store.close()


def store_files(folder: Path) -> dict[str, bytes]:
    """The store's own files (the log may gain a line about the refusal)."""
    return {k: v for k, v in snapshot_files(folder).items() if not k.startswith("bedside.log")}


def test_backup_while_another_process_writes_then_restore(
    opened: OpenStore, tmp_path: Path
) -> None:
    opened.store.close()  # the writer process takes the store and its lock
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(opened.data_dir), ADMIN_PASSWORD, str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(1.0)  # some commits before the backup begins
        began = time.time()
        made = backup(opened.data_dir, tmp_path / "ward.bedside-backup")
        ended = time.time()
        time.sleep(0.3)
    finally:
        stop.touch()
        out, _err = writer.communicate(timeout=60)
    assert made.returncode == 0, made.stderr
    assert "the copy was checked" in made.stdout
    commits = [line.split() for line in out.splitlines() if line.startswith("writer-")]
    before = {key for key, at in commits if float(at) < began}
    during = {key for key, at in commits if began <= float(at) <= ended}
    assert len(before) >= 3
    assert during, "the writer went on committing while the backup ran"

    restored = tmp_path / "restored"
    done = run_cli("restore", str(tmp_path / "ward.bedside-backup"), data_dir=restored)
    assert done.returncode == 0, done.stderr
    assert "Restored the store of site WH01, device WARD_LAPTOP_1" in done.stdout
    checked = run_cli("verify", data_dir=restored)
    assert checked.returncode == 0, checked.stderr
    with Store.open(restored) as store:
        store.unlock("admin", ADMIN_PASSWORD)
        assert verify_store(store).ok
        held = keys_in(store)
    assert before <= held
    assert held <= {key for key, _at in commits}
    # The store itself, written by two processes at once, still verifies and holds all.
    with Store.open(opened.data_dir) as store:
        store.unlock("admin", ADMIN_PASSWORD)
        assert verify_store(store).ok
        assert {key for key, _at in commits} <= keys_in(store)


def test_backup_into_a_folder_is_audited_and_named_after_the_device(
    opened: OpenStore, tmp_path: Path
) -> None:
    opened.store.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    made = backup(opened.data_dir, stick)
    assert made.returncode == 0, made.stderr
    [file] = list(stick.iterdir())
    assert file.name.startswith("bedside-WH01-WARD_LAPTOP_1-")
    assert file.name.endswith(".bedside-backup")
    with Store.open(opened.data_dir) as store:
        store.unlock("admin", ADMIN_PASSWORD)
        from app.store.backup import last_backup

        last = last_backup(store)
    assert last is not None and str(file) in last[1]


def test_backup_refuses_an_existing_file_a_missing_folder_and_a_nurse(
    opened: OpenStore, tmp_path: Path
) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    taken = tmp_path / "taken.bedside-backup"
    taken.write_bytes(b"keep me")
    refused = backup(opened.data_dir, taken)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"bedside: The file {taken} exists already: choose another name."
    )
    assert taken.read_bytes() == b"keep me"
    missing = backup(opened.data_dir, tmp_path / "no-stick" / "x.bedside-backup")
    assert missing.returncode == 1
    assert "does not exist: plug in the stick" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    nurse = run_cli(
        "backup",
        "--out",
        str(tmp_path / "n.bedside-backup"),
        data_dir=opened.data_dir,
        user="nurse",
        password=PASSWORDS[Role.NURSE],
    )
    assert nurse.returncode != 0
    assert nurse.stderr.strip() == "bedside: Only an admin can back up the store."
    assert not (tmp_path / "n.bedside-backup").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "taken.bedside-backup"]


@pytest.fixture
def backup_file(opened: OpenStore, tmp_path: Path) -> Path:
    opened.store.close()
    out = tmp_path / "ward.bedside-backup"
    made = backup(opened.data_dir, out)
    assert made.returncode == 0, made.stderr
    return out


def refused_into_new_folder(file: Path, tmp_path: Path, sentence: str) -> None:
    target = tmp_path / "target"
    done = run_cli("restore", str(file), data_dir=target)
    assert done.returncode == 1
    assert done.stderr.strip() == f"bedside: {sentence}"
    assert done.stdout == ""
    assert not target.exists()


def test_a_backup_with_flipped_bytes_is_refused(backup_file: Path, tmp_path: Path) -> None:
    raw = bytearray(backup_file.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 8] = bytes(b ^ 0xFF for b in raw[middle : middle + 8])
    bad = tmp_path / "flipped.bedside-backup"
    bad.write_bytes(bytes(raw))
    refused_into_new_folder(
        bad,
        tmp_path,
        "The backup flipped.bedside-backup is damaged or cut short (its bedside.db does not "
        "match its manifest): nothing was changed.",
    )


def test_a_truncated_backup_is_refused(backup_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "short.bedside-backup"
    bad.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 3])
    refused_into_new_folder(
        bad,
        tmp_path,
        "The backup short.bedside-backup is damaged or cut short (its content does not "
        "match its manifest): nothing was changed.",
    )


def test_a_file_that_is_no_backup_is_refused(opened: OpenStore, tmp_path: Path) -> None:
    refused_into_new_folder(
        opened.store.paths.db,
        tmp_path,
        "The file bedside.db is not a Bedside backup, or it is damaged: nothing was changed.",
    )


def test_a_backup_mixing_two_stores_is_refused(backup_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_store(other, device="WARD_LAPTOP_2")
    unpacked = tmp_path / "unpacked"
    with tarfile.open(backup_file) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / SLOTS).write_bytes((other / SLOTS).read_bytes())
    manifest = Manifest.from_bytes((unpacked / MANIFEST).read_bytes())
    digests = {name: file_digest(unpacked / name) for name in DATA_MEMBERS}
    forged = Manifest(
        **{
            **manifest.__dict__,
            "sha256": {n: d[0] for n, d in digests.items()},
            "sizes": {n: d[1] for n, d in digests.items()},
        }
    )
    (unpacked / MANIFEST).write_bytes(forged.to_bytes())
    mixed = tmp_path / "mixed.bedside-backup"
    with tarfile.open(mixed, "w:") as tar:
        for name in (MANIFEST, *DATA_MEMBERS):
            tar.add(unpacked / name, arcname=name)
    refused_into_new_folder(
        mixed, tmp_path, "The backup mixed.bedside-backup mixes two stores: nothing was changed."
    )


def test_a_backup_whose_manifest_was_edited_is_refused(backup_file: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with tarfile.open(backup_file) as tar:
        tar.extractall(unpacked, filter="data")
    manifest = Manifest.from_bytes((unpacked / MANIFEST).read_bytes())
    edited = Manifest(**{**manifest.__dict__, "device": "WARD_LAPTOP_9"})
    (unpacked / MANIFEST).write_bytes(edited.to_bytes())
    forged = tmp_path / "edited.bedside-backup"
    with tarfile.open(forged, "w:") as tar:
        for name in (MANIFEST, *DATA_MEMBERS):
            tar.add(unpacked / name, arcname=name)
    refused_into_new_folder(
        forged,
        tmp_path,
        "The backup edited.bedside-backup was altered after it was made: nothing was changed.",
    )


def test_another_stores_backup_is_refused_over_a_store(backup_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_store(other, device="WARD_LAPTOP_2")
    before = store_files(other)
    done = run_cli("restore", str(backup_file), "--replace", data_dir=other)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "bedside: The backup is of another store (site WH01, device WARD_LAPTOP_1), not the one "
        f"in {other}: restore it into an empty folder; nothing was changed."
    )
    assert store_files(other) == before


def test_restore_needs_an_admin_of_the_backed_up_store(opened: OpenStore, tmp_path: Path) -> None:
    opened.actor(Role.NURSE)
    opened.store.close()
    out = tmp_path / "ward.bedside-backup"
    assert backup(opened.data_dir, out).returncode == 0
    target = tmp_path / "target"
    wrong = run_cli("restore", str(out), data_dir=target, password="not the password")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "bedside: The user name or password does not open this backup: nothing was changed."
    )
    nurse = run_cli(
        "restore", str(out), data_dir=target, user="nurse", password=PASSWORDS[Role.NURSE]
    )
    assert nurse.returncode == 1
    assert "Only an active admin of the backed-up store can restore it" in nurse.stderr
    assert not target.exists()


def test_restore_over_a_store_needs_replace_and_then_keeps_the_old_one(
    backup_file: Path, opened: OpenStore, tmp_path: Path
) -> None:
    with Store.open(opened.data_dir) as store:
        actor = store.unlock("admin", ADMIN_PASSWORD)
        with store.transaction(actor, reason="after the backup") as session:
            session.add(Setting(key="after-backup", value="1"))
    before = store_files(opened.data_dir)
    refused = run_cli("restore", str(backup_file), data_dir=opened.data_dir)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"bedside: A Bedside store is already in {opened.data_dir}: give --replace to keep it "
        "aside and restore over it; nothing was changed."
    )
    assert store_files(opened.data_dir) == before

    done = run_cli("restore", str(backup_file), "--replace", data_dir=opened.data_dir)
    assert done.returncode == 0, done.stderr
    [aside] = [p for p in opened.data_dir.iterdir() if p.name.startswith("replaced-")]
    assert f"The store that was there is kept in {aside}." in done.stdout
    assert (aside / "bedside.db").read_bytes() == before["bedside.db"]
    with Store.open(aside) as old:
        old.unlock("admin", ADMIN_PASSWORD)
        assert "after-backup" in keys_in(old)
    with Store.open(opened.data_dir) as restored:
        restored.unlock("admin", ADMIN_PASSWORD)
        assert "after-backup" not in keys_in(restored)
        assert verify_store(restored).ok


def test_two_restores_in_the_same_second_keep_both_replaced_stores(
    backup_file: Path, opened: OpenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.restore as restore_module

    moment = datetime(2026, 12, 3, 9, 30, 15, tzinfo=UTC)
    monkeypatch.setattr(restore_module, "utc_now", lambda: moment)
    first = restore_module.restore_backup(
        backup_file, opened.data_dir, "admin", ADMIN_PASSWORD, replace=True
    )
    assert first.set_aside is not None
    kept = (first.set_aside / "bedside.db").read_bytes()
    second = restore_module.restore_backup(
        backup_file, opened.data_dir, "admin", ADMIN_PASSWORD, replace=True
    )
    assert second.set_aside is not None
    assert first.set_aside.name == "replaced-20261203T093015Z"
    assert second.set_aside.name == "replaced-20261203T093015Z-2"
    assert (first.set_aside / "bedside.db").read_bytes() == kept
    with Store.open(opened.data_dir) as restored:
        restored.unlock("admin", ADMIN_PASSWORD)
        assert verify_store(restored).ok


def test_restore_is_refused_while_the_app_has_the_store_open(
    backup_file: Path, opened: OpenStore
) -> None:
    with Store.open(opened.data_dir):
        before = store_files(opened.data_dir)
        done = run_cli("restore", str(backup_file), "--replace", data_dir=opened.data_dir)
        assert done.returncode == 1
        assert done.stderr.strip() == (
            "bedside: The store is in use by another copy of Bedside: close it first."
        )
        assert store_files(opened.data_dir) == before


def test_restore_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    done = run_cli("restore", str(tmp_path / "none.bedside-backup"), data_dir=tmp_path / "t")
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"bedside: There is no backup file {tmp_path / 'none.bedside-backup'}."
    )
    assert not (tmp_path / "t").exists()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 200 KiB tmpfs, smaller than any backup (root only; skipped elsewhere)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("a small disk cannot be mounted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_one_sentence_and_leaves_nothing(
    backup_file: Path, opened: OpenStore, full_disk: Path
) -> None:
    made = backup(opened.data_dir, full_disk)
    assert made.returncode == 1
    assert made.stderr.strip() == (
        f"bedside: The disk holding {full_disk} is full: free some space or use another "
        "stick; no backup was written."
    )
    done = run_cli("restore", str(backup_file), data_dir=full_disk / "restored")
    assert done.returncode == 1
    assert done.stderr.strip() == "bedside: The disk is full: free some space, then try again."
    assert list(full_disk.iterdir()) == []
