"""``kill -9`` in the middle of the trial's own work: randomisation, the infusion record,
adverse events, bundle exports and hub imports.

Each test starts ``tests/faults/kill_worker.py`` (Bedside's services in a child process)
again and again and kills it at a random moment. After every kill: the store opens again
(the killed child's lock does not hold it), ``bedside verify`` passes (file, cipher,
audit chain, seals and signatures), and everything the child had reported as saved is
there, whole, with nothing half-made beside it. ``BEDSIDE_FAULT_ROUNDS`` sets the number
of kills per test (8 by default; CI runs 5; run hundreds locally).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AdverseEvent, AllocationSlot, InfusionInterruption, Participant
from app.roles import Role
from app.services.allocation import import_part
from app.services.infusion import check_product, start_infusion
from app.store.store import Store
from tests.conftest import (
    ADMIN_PASSWORD,
    PASSWORDS,
    ROOT,
    OpenStore,
    kill_and_read,
    run_cli,
    whole_lines,
)
from tests.faults.kill_worker import USED_UP
from tests.infusion_helper import T0, randomised
from tests.integration.test_sync_cli import HUB_ENV, _wire
from tests.unit.allocation_env import AllocationEnv

pytestmark = pytest.mark.slow


def _rounds() -> int:
    return int(os.environ.get("BEDSIDE_FAULT_ROUNDS", "8"))


def _new_store(folder: Path) -> OpenStore:
    store, admin, recovery = Store.create(
        folder, site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    return OpenStore(store, admin, recovery, folder)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Stores made once per module (tests work on copies): one with an allocation list
    imported, one with an infusion running, and a device wired to a hub through the CLI
    with a nurse and one participant."""
    root = tmp_path_factory.mktemp("kill-templates")
    made: dict[str, Path] = {}

    opened = _new_store(root / "randomise")
    env = AllocationEnv.make(opened, slots=30 + 30 * _rounds())
    import_part(opened.store, env.pharmacist, env.part(), PASSWORDS[Role.PHARMACIST])
    opened.actor(Role.NURSE)
    opened.store.close()
    made["randomise"] = opened.data_dir

    opened = _new_store(root / "infusion")
    dosed = randomised(opened, 1)
    nurse = opened.actor(Role.NURSE)
    checked_at = T0 + timedelta(hours=1)
    check = check_product(opened.store, nurse, dosed.participant_id, dosed.study_id, dosed.kit,
                          checked_at)  # fmt: skip
    start = checked_at + timedelta(minutes=5)
    infusion = start_infusion(opened.store, nurse, dosed.participant_id, check.id, start, "150",
                              "peripheral IV", "left forearm", now=start)  # fmt: skip
    opened.store.close()
    (root / "infusion.id").write_text(infusion)
    made["infusion"] = opened.data_dir

    (root / "wired").mkdir()
    wired = _wire(root / "wired")
    store = Store.open(wired["device"])
    admin = store.unlock("admin", ADMIN_PASSWORD)
    opened = OpenStore(store, admin, "", wired["device"])
    nurse = opened.actor(Role.NURSE)
    with store.transaction(nurse) as session:
        p = Participant(screening_number="S-1", study_id="P-1", initials="AB", sex="F",
                        status="infused", kit_code="K7Q2MX", created_at=T0)  # fmt: skip
        session.add(p)
    store.close()
    (root / "participant.id").write_text(p.id)
    made["wired"] = root / "wired"
    made["root"] = root
    return made


def _copy(template: Path, to: Path) -> Path:
    shutil.copytree(template, to, symlinks=True)
    return to


def _kill_loop(
    kind: str, folder: Path, args: list[str], seed: int, window_s: float
) -> Iterator[tuple[int, list[list[str]]]]:
    """Start the worker, let it work for up to ``window_s``, kill it; yield the round and
    the lines it reported, once per round."""
    rng = random.Random(seed)
    for round_no in range(_rounds()):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.kill_worker", kind, str(folder),
             f"R{round_no}", *args],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert child.stdout is not None and child.stderr is not None
        ready = child.stdout.readline().strip()
        assert ready == "ready", child.stderr.read()
        # Every other round waits for the first save, so some work is always reported
        # however slow the machine; the others may kill before anything is saved.
        first = child.stdout.readline() if round_no % 2 else ""
        time.sleep(rng.uniform(0.0, window_s))
        out, err = kill_and_read(child)
        assert child.returncode == -signal.SIGKILL, f"the worker stopped by itself: {err}"
        yield round_no, [line.split() for line in whole_lines(first + out) if line.strip()]


def _verified(folder: Path, round_no: int) -> None:
    done = run_cli("verify", data_dir=folder)
    assert done.returncode == 0, f"round {round_no}: {done.stderr or done.stdout}"


def _read(folder: Path) -> Iterator[Store]:
    store = Store.open(folder)
    store.unlock("admin", ADMIN_PASSWORD)
    try:
        yield store
    finally:
        store.close()


def test_kill_9_during_randomisation_never_half_randomises(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(templates["randomise"], tmp_path / "ward")
    acked: dict[str, str] = {}
    used_up_at = None
    for round_no, lines in _kill_loop("randomise", folder, [], 1301, 3.0):
        acked.update((pid, kit) for pid, kit in (x for x in lines if x != [USED_UP]))
        if [USED_UP] in lines:
            used_up_at = round_no
        _verified(folder, round_no)
        for store in _read(folder):
            with store.read() as session:
                taken = dict(
                    session.execute(
                        select(AllocationSlot.participant_id, AllocationSlot.kit_code).where(
                            AllocationSlot.participant_id.is_not(None)
                        )
                    ).all()
                )
                kits = dict(
                    session.execute(
                        select(Participant.id, Participant.kit_code).where(
                            Participant.kit_code.is_not(None)
                        )
                    ).all()
                )
                randomised_now = set(
                    session.scalars(
                        select(Participant.id).where(Participant.status == "randomised")
                    )
                )
        lost = {pid for pid, kit in acked.items() if taken.get(pid) != kit}
        assert not lost, f"round {round_no}: randomisations reported and lost: {lost}"
        # A slot is taken exactly when its participant holds its kit and is randomised.
        assert taken == kits, f"round {round_no}: a slot and its participant disagree"
        assert set(taken) == randomised_now, f"round {round_no}: half a randomisation"
        if used_up_at is not None:
            break  # every slot is taken: later rounds would interrupt nothing
    assert acked, "no randomisation finished before a kill: the window is too short"
    # The part is sized so that it lasts (a faster machine randomises more per round).
    assert used_up_at is None or used_up_at >= min(_rounds() - 1, 20), (
        f"the allocation part was used up in round {used_up_at}: make it larger"
    )


def test_kill_9_during_the_infusion_record_keeps_every_pause_and_restart(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(templates["infusion"], tmp_path / "ward")
    infusion = (templates["root"] / "infusion.id").read_text()
    paused: set[str] = set()
    restarted: set[str] = set()
    for round_no, lines in _kill_loop("infusion", folder, [infusion], 1302, 1.5):
        for what, pause_id in lines:
            (paused if what == "paused" else restarted).add(pause_id)
        _verified(folder, round_no)
        for store in _read(folder):
            with store.read() as session:
                rows = session.scalars(
                    select(InfusionInterruption).where(InfusionInterruption.infusion_id == infusion)
                ).all()
        held = {row.id: row for row in rows}
        assert paused <= set(held), f"round {round_no}: reported pauses lost"
        assert all(held[i].restarted_at is not None for i in restarted), f"round {round_no}"
        assert sum(row.restarted_at is None for row in rows) <= 1, "two pauses open at once"
        assert all(r.restarted_at is None or r.restarted_at > r.interrupted_at for r in rows)
    assert paused, "no pause finished before a kill: the window is too short"


def test_kill_9_during_adverse_event_saves_keeps_every_reported_event(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(templates["wired"] / "device", tmp_path / "device")
    pid = (templates["root"] / "participant.id").read_text()
    acked: dict[str, str] = {}
    for round_no, lines in _kill_loop("ae", folder, [pid], 1303, 1.5):
        acked.update((ae_id, text) for ae_id, text in lines)
        _verified(folder, round_no)
        for store in _read(folder):
            with store.read() as session:
                held = dict(
                    session.execute(select(AdverseEvent.id, AdverseEvent.description)).all()
                )
        assert {k: held.get(k) for k in acked} == acked, f"round {round_no}: events lost"
    assert acked, "no event finished before a kill: the window is too short"


def _hub(*args: str, hub: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(HUB_ENV, BEDSIDE_DATA_DIR=str(hub), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=300, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip


def _hub_state(hub: Path, out: Path) -> tuple[object, ...]:
    """What the hub holds: each device's last sequence and every blinded CSV it exports."""
    status = _hub("hub", "status", "--json", hub=hub)
    assert status.returncode == 0, status.stderr
    devices = sorted((d["device"], d["last_seq"]) for d in json.loads(status.stdout)["devices"])
    exported = _hub("hub", "export-csv", "--out", str(out), hub=hub)
    assert exported.returncode == 0, exported.stderr
    return devices, {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def test_kill_9_during_exports_leaves_only_whole_bundles_that_the_hub_applies(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    wired = _copy(templates["wired"], tmp_path / "wired")
    device, hub, share = wired / "device", wired / "hub", wired / "share"
    pid = (templates["root"] / "participant.id").read_text()
    acked: dict[str, int] = {}
    for round_no, lines in _kill_loop("export", device, [pid, str(share)], 1304, 2.0):
        acked.update((name, int(seq)) for name, seq in lines)
        _verified(device, round_no)
        # Nothing half-written looks like a bundle; every reported one is there.
        bundles = {p.name for p in share.glob("*.bundle.age")}
        assert set(acked) <= bundles, f"round {round_no}: reported bundles lost"
        assert all((share / f"{name}.minisig").is_file() for name in bundles), round_no
        # The .age lands last: a kill just before it leaves at most a signature file.
        others = {p.name for p in share.iterdir()} - bundles
        assert all(n.startswith(".") or n.endswith(".bundle.age.minisig") for n in others)
    assert acked, "no export finished before a kill: the window is too short"
    seqs = sorted(int(p.name.split("-")[-1].split(".")[0]) for p in share.glob("*.bundle.age"))
    assert seqs == list(range(1, len(seqs) + 1)), f"a sequence number was lost: {seqs}"
    imported = _hub("hub", "import", str(share), "--json", hub=hub)
    assert imported.returncode == 0, imported.stderr
    assert {o["status"] for o in json.loads(imported.stdout)} == {"applied"}


def test_kill_9_during_hub_imports_then_one_import_gives_the_same_hub_as_no_kill(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    from app.services.adverse_events import record_ae
    from app.sync.device import export_bundle
    from tests.faults.kill_worker import PROTOCOL, _event

    wired = _copy(templates["wired"], tmp_path / "wired")
    device, hub, share = wired / "device", wired / "hub", wired / "share"
    pid = (templates["root"] / "participant.id").read_text()
    for store in _read(device):
        nurse = store.unlock("nurse", PASSWORDS[Role.NURSE])
        for n in range(12):
            for i in range(40):
                record_ae(store, nurse, PROTOCOL, pid, _event(f"bundle {n} event {i}"))
            assert export_bundle(store, nurse, share) is not None
    untouched = _copy(hub, tmp_path / "reference")
    began = time.monotonic()
    clean = _hub("hub", "import", str(share), hub=untouched)
    assert clean.returncode == 0, clean.stderr
    import_s = time.monotonic() - began
    reference = _hub_state(untouched, tmp_path / "reference-csv")

    rng = random.Random(1305)
    cut_short = 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.update(HUB_ENV, BEDSIDE_DATA_DIR=str(hub), QT_QPA_PLATFORM="offscreen")
    for round_no in range(_rounds()):
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "hub", "import", str(share)], env=env, cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        # Most kills land while the import runs: before it has read its first bundle,
        # in the middle of one, or between two.
        time.sleep(rng.uniform(0.2, 0.9) * import_s)
        child.send_signal(signal.SIGKILL)
        child.communicate()
        status = _hub("hub", "status", "--json", hub=hub)
        assert status.returncode == 0, f"round {round_no}: {status.stderr}"
        devices = json.loads(status.stdout)["devices"]
        cut_short += child.returncode == -signal.SIGKILL and devices[0]["last_seq"] < 12
    assert cut_short, "no kill landed before the import ended: the delays are too long"
    finished = _hub("hub", "import", str(share), "--json", hub=hub)
    assert finished.returncode == 0, finished.stderr
    assert {o["status"] for o in json.loads(finished.stdout)} <= {"applied", "duplicate"}
    devices, tables = _hub_state(hub, tmp_path / "csv")
    assert devices == reference[0] == [("LAP1", 12)]
    assert tables == reference[1]
    events = tables["adverse_events.csv"].decode("utf-8").splitlines()  # type: ignore[index]
    assert len(events) - 1 >= 12 * 40, "not every event reached the hub"
