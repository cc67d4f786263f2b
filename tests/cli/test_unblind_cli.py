"""bedside unblind STUDY_ID --reason TEXT, through argv against a real store with a
randomised participant in each arm.

The investigator sees the arm on their terminal and nowhere else; everyone else, and
every bad input, gets one line on stderr, a non-zero exit and no unblinding written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Participant
from app.models.allocation import Unblinding
from app.protocol import load_default
from app.roles import Role
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, CliResult, OpenStore, run_cli
from tests.unit.allocation_env import DEVICE, ready_participant
from tests.unit.preparation_env import randomised_pair

REASON = "Suspected anaphylaxis: the treating team must know the product."
ARMS = {a.code: a for a in load_default().arms}
ARM_WORDS = [a.name_en for a in ARMS.values()] + [a.name_zh for a in ARMS.values()]


@dataclass
class Wired:
    store_dir: Path
    active: str
    placebo: str
    not_randomised: str
    active_kit: str


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Wired:
    root = tmp_path_factory.mktemp("unblind-cli")
    store, admin, recovery = Store.create(
        root / "store",
        site="WH01",
        device=DEVICE,
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Ada Admin",
    )
    opened = OpenStore(store, admin, recovery, root / "store")
    try:
        pair = randomised_pair(opened)
        opened.actor(Role.MONITOR)
        waiting = ready_participant(opened)
        with store.read() as session:
            ids = [
                session.get_one(Participant, p).study_id or ""
                for p in (pair.active, pair.placebo, waiting)
            ]
    finally:
        store.close()
    return Wired(root / "store", *ids, pair.kits[pair.active])


def _as(role: Role, *args: str, wired: Wired, password: str | None = None) -> CliResult:
    user = role.value
    given = password or (ADMIN_PASSWORD if role is Role.ADMIN else PASSWORDS[role])
    return run_cli(*args, data_dir=wired.store_dir, user=user, password=given)


def _one_line(done: CliResult) -> str:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    return lines[0]


def _unblindings(wired: Wired) -> int:
    """Unblinding rows in the store (read as the monitor)."""
    with Store.open(wired.store_dir) as store:
        store.unlock("monitor", PASSWORDS[Role.MONITOR])
        with store.read() as session:
            return session.scalar(select(func.count(Unblinding.id))) or 0


def _no_arm(text: str) -> None:
    for word in ARM_WORDS:
        assert word not in text


def test_the_investigator_sees_the_arm_once(wired: Wired) -> None:
    before = _unblindings(wired)
    done = _as(Role.INVESTIGATOR, "unblind", wired.active, "--reason", REASON, wired=wired)
    assert done.returncode == 0, done.stderr
    arm = ARMS["A"]
    assert done.stdout.splitlines() == [
        f"Emergency unblinding of {wired.active} (kit {wired.active_kit}): "
        f"arm A, {arm.name_en} ({arm.name_zh}).",
        "This unblinding is recorded with your reason and goes to the hub with the next bundle.",
    ]
    done = _as(
        Role.INVESTIGATOR, "unblind", wired.placebo, "--reason", REASON, "--json", wired=wired
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["study_id"], shown["arm_code"], shown["is_placebo"]) == (
        wired.placebo,
        "B",
        True,
    )
    assert (shown["arm_name_en"], shown["arm_name_zh"]) == (ARMS["B"].name_en, ARMS["B"].name_zh)
    assert shown["unblinded_by"] == "investigator"
    assert shown["unblinded_at"].endswith("Z")
    assert _unblindings(wired) == before + 2
    _no_arm((wired.store_dir / "bedside.log").read_text("utf-8"))


@pytest.mark.parametrize("role", [Role.NURSE, Role.PHARMACIST, Role.MONITOR, Role.ADMIN])
def test_anyone_else_is_refused_in_one_line(wired: Wired, role: Role) -> None:
    before = _unblindings(wired)
    line = _one_line(_as(role, "unblind", wired.active, "--reason", REASON, wired=wired))
    assert line == (
        f"bedside: Only an investigator can emergency-unblind a participant: your role "
        f"({role.value}) stays blinded."
    )
    assert _unblindings(wired) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--reason", "   "], "bedside: Give the clinical reason for unblinding this participant."),
        (["--reason", "x" * 501], "bedside: --reason"),
        ([], "the following arguments are required: --reason"),
    ],
)
def test_a_missing_or_blank_reason_is_refused(wired: Wired, args: list[str], expected: str) -> None:
    before = _unblindings(wired)
    done = _as(Role.INVESTIGATOR, "unblind", wired.active, *args, wired=wired)
    assert expected in _one_line(done)
    assert _unblindings(wired) == before


def test_an_unknown_or_empty_study_id_is_refused(wired: Wired) -> None:
    before = _unblindings(wired)
    done = _as(Role.INVESTIGATOR, "unblind", "WH01-999", "--reason", REASON, wired=wired)
    assert _one_line(done) == "bedside: There is no participant with study ID WH01-999."
    done = _as(Role.INVESTIGATOR, "unblind", "  ", "--reason", REASON, wired=wired)
    assert _one_line(done) == "bedside: STUDY_ID is empty: give the participant's study ID."
    assert _unblindings(wired) == before


def test_a_participant_not_randomised_is_refused(wired: Wired) -> None:
    done = _as(Role.INVESTIGATOR, "unblind", wired.not_randomised, "--reason", REASON, wired=wired)
    assert _one_line(done) == (
        f"bedside: {wired.not_randomised} is not randomised: there is no study product to unblind."
    )


def test_a_wrong_password_is_refused(wired: Wired) -> None:
    before = _unblindings(wired)
    done = _as(
        Role.INVESTIGATOR,
        "unblind",
        wired.active,
        "--reason",
        REASON,
        wired=wired,
        password="not the password",
    )
    assert _one_line(done).startswith("bedside: The user name or password is not right")
    _no_arm(done.stderr)
    assert _unblindings(wired) == before
