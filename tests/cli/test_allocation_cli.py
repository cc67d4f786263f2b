"""bedside allocation import | allocation status | randomise, through argv against real
stores, with the part made by the real hub commands.

Each refusal is one line on stderr, a non-zero exit, and nothing changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.allocation.generator import Design, generate
from app.models import Participant
from app.roles import Role
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, CliResult, OpenStore, run_cli
from tests.integration.sync_env import HUB_PASSWORD, HUB_USER, SyncEnv
from tests.unit.allocation_env import DEVICE, ready_participant

STAT, STAT_PASSWORD = "stats", "statistician pass 1"
SEED = "cli-allocation-seed"


@dataclass
class Wired:
    store_dir: Path
    part: Path
    study_ids: list[str]
    arms: list[str]


def _as(role: Role, *args: str, store_dir: Path) -> CliResult:
    return run_cli(*args, data_dir=store_dir, user=role.value, password=PASSWORDS[role])


def _hub(env: SyncEnv, *args: str, user: str = STAT, password: str = STAT_PASSWORD) -> CliResult:
    done = run_cli(
        *args, data_dir=env.hub_dir, user=user, password=password,
        extra_env={"BEDSIDE_NEW_PASSWORD": STAT_PASSWORD},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def _one_line(done: CliResult) -> str:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Wired:
    """A device whose pharmacist the hub knows, three enrolled participants, and the part
    the hub's statistician exported for the device."""
    root = tmp_path_factory.mktemp("allocation-cli")
    store, admin, recovery = Store.create(
        root / "store", site="WH01", device=DEVICE, admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    opened = OpenStore(store, admin, recovery, root / "store")
    try:
        opened.actor(Role.PHARMACIST)
        opened.actor(Role.MONITOR)
        env = SyncEnv.make(opened, root, None)
        pids = [ready_participant(opened) for _ in range(4)]
        with store.read() as session:
            study_ids = [session.get_one(Participant, p).study_id or "" for p in pids]
        assert env.export() is not None
        assert [o.status for o in env.import_()] == ["applied"]
        env.hub.close()
    finally:
        store.close()
    _hub(env, "hub", "statistician", "add", STAT, user=HUB_USER, password=HUB_PASSWORD)
    _hub(
        env, "hub", "allocation", "generate", "--arms", "A=1,B=1", "--block-sizes", "4,6",
        "--devices", f"{DEVICE},ICU_LAPTOP_2", "--per-device", "3", "--seed", SEED,
    )  # fmt: skip
    part = root / "ward.allocation.age"
    _hub(env, "hub", "allocation", "export", "--device", DEVICE, "--out", str(part))
    listed = generate(
        "NCT04339660", Design((("A", 1), ("B", 1)), (4, 6)), [DEVICE, "ICU_LAPTOP_2"], 3, SEED
    )
    return Wired(root / "store", part, study_ids, [s.arm for s in listed.parts[DEVICE].slots])


def _status(wired: Wired) -> dict[str, Any]:
    done = _as(Role.NURSE, "allocation", "status", "--json", store_dir=wired.store_dir)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_import_then_randomise_through_argv(wired: Wired) -> None:
    before = _status(wired)
    assert (before["slots_total"], before["parts"]) == (0, [])
    # Anyone else is refused the import, the admin too.
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        line = _one_line(
            _as(role, "allocation", "import", str(wired.part), store_dir=wired.store_dir)
        )
        assert "Only a pharmacist can import" in line
    admin = run_cli("allocation", "import", str(wired.part), data_dir=wired.store_dir)
    assert "stays blinded" in _one_line(admin)
    assert _status(wired) == before

    done = _as(
        Role.PHARMACIST, "allocation", "import", str(wired.part), "--json",
        store_dir=wired.store_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "serial": 1, "slots_total": 3, "slots_added": 3, "code_breaks": 3,
    }  # fmt: skip
    status = _status(wired)
    assert (status["slots_total"], status["slots_used"], status["slots_left"]) == (3, 0, 3)
    assert [p["serial"] for p in status["parts"]] == [1]
    plain = _as(Role.MONITOR, "allocation", "status", store_dir=wired.store_dir)
    assert plain.stdout.splitlines()[0] == "Slots: 3 in all, 0 used, 3 left."
    assert "Part 1: 3 slots, imported" in plain.stdout and "by pharmacist" in plain.stdout

    replay = _as(
        Role.PHARMACIST, "allocation", "import", str(wired.part), store_dir=wired.store_dir
    )
    assert "Part 1 of this device's allocation was already imported" in _one_line(replay)
    assert _status(wired) == status

    first, second, third, fourth = wired.study_ids
    done = _as(Role.NURSE, "randomise", first, store_dir=wired.store_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Randomised {first}: study product, kit ")
    kit = done.stdout.strip().rsplit(" ", 1)[-1].rstrip(".")
    again = _one_line(_as(Role.INVESTIGATOR, "randomise", first, store_dir=wired.store_dir))
    assert again == f"bedside: {first} is already randomised to kit {kit}."
    done = _as(Role.INVESTIGATOR, "randomise", second.lower(), "--json", store_dir=wired.store_dir)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) == {"study_id", "kit_code", "product"} and answer["kit_code"] != kit
    pharmacist = _one_line(_as(Role.PHARMACIST, "randomise", third, store_dir=wired.store_dir))
    assert "Only a nurse or an investigator randomises" in pharmacist

    # The arm: to the pharmacist only, as the hub's list has it.
    rows = json.loads(
        _as(Role.PHARMACIST, "participant", "list", "--json", store_dir=wired.store_dir).stdout
    )
    by_study = {r["study_id"]: r for r in rows}
    assert [by_study[s]["arm"] for s in (first, second)] == wired.arms[:2]
    assert by_study[third]["arm"] is None and by_study[first]["kit_code"] == kit
    table = _as(Role.PHARMACIST, "participant", "list", store_dir=wired.store_dir).stdout
    assert any(line.endswith(("A (active)", "B (placebo)")) for line in table.splitlines())
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        seen = _as(role, "participant", "list", "--json", store_dir=wired.store_dir).stdout
        assert all("arm" not in r for r in json.loads(seen))
        assert '"A"' not in seen and '"B"' not in seen
    assert _status(wired)["slots_used"] == 2

    # The last slot, then an exhausted part.
    assert _as(Role.NURSE, "randomise", third, store_dir=wired.store_dir).returncode == 0
    assert _status(wired)["slots_left"] == 0
    line = _one_line(_as(Role.NURSE, "randomise", fourth, store_dir=wired.store_dir))
    assert line == (
        "bedside: This device's allocation part is used up: ask the coordinating centre's "
        "statistician to top up this device's allocation part, and a pharmacist to import it."
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("allocation", "import", "/nonexistent/part.age"), "There is no file /nonexistent"),
        (("allocation", "import", "/"), "/ is not a file"),
        (("allocation", "import", ""), "FILE is empty"),
        (("allocation", "import"), "the following arguments are required: FILE"),
        (("randomise", "NO-SUCH-1"), "There is no participant with study ID NO-SUCH-1."),
        (("randomise", "  "), "STUDY_ID is empty"),
        (("randomise",), "the following arguments are required: STUDY_ID"),
        (("allocation", "status", "--bogus"), "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    wired: Wired, args: tuple[str, ...], expected: str
) -> None:
    before = _status(wired)
    role = Role.PHARMACIST if args[:2] == ("allocation", "import") else Role.NURSE
    line = _one_line(_as(role, *args, store_dir=wired.store_dir))
    assert expected in line
    assert _status(wired) == before


def test_a_damaged_file_is_refused_in_one_line(wired: Wired, tmp_path: Path) -> None:
    damaged = bytearray(wired.part.read_bytes())
    damaged[-10] ^= 1
    bad = tmp_path / "damaged.age"
    bad.write_bytes(bytes(damaged))
    before = _status(wired)
    line = _one_line(
        _as(Role.PHARMACIST, "allocation", "import", str(bad), store_dir=wired.store_dir)
    )
    assert "allocation file" in line
    assert _status(wired) == before
