"""bedside participant list: the acting user's view; an arm key for the pharmacist only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.allocation.kit_codes import is_valid
from app.roles import Role
from app.services.demo import create_demo_store
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "store"
    create_demo_store(folder)
    return folder


def _list(demo_dir: Path, role: Role, *args: str) -> str:
    done = run_cli(
        "participant", "list", *args, data_dir=demo_dir, user=role.value,
        password=f"{role.value}-demo",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR])
def test_blinded_roles_get_no_arm_key_at_all(demo_dir: Path, role: Role) -> None:
    items = json.loads(_list(demo_dir, role, "--json"))
    assert len(items) == 13
    for item in items:
        assert set(item) == {"id", "study_id", "screening_number", "status", "kit_code"}
    by_screening = {i["screening_number"]: i for i in items}
    kit = by_screening["S-006"]["kit_code"]
    assert is_valid(kit)  # a real kit code of the demo's allocation list
    assert by_screening["S-006"] == {
        "id": by_screening["S-006"]["id"],
        "study_id": "DEMO-002",
        "screening_number": "S-006",
        "status": "infused",  # the demo's infusion in progress
        "kit_code": kit,
    }


def test_the_pharmacist_gets_the_arm_of_every_randomised_participant(demo_dir: Path) -> None:
    items = json.loads(_list(demo_dir, Role.PHARMACIST, "--json"))
    assert len(items) == 13
    assert all("arm" in i for i in items)
    arms = {i["arm"] for i in items if i["kit_code"]}
    assert len(arms) >= 2 and None not in arms  # the demo has someone in every arm
    assert all(i["arm"] is None for i in items if not i["kit_code"])


def test_the_table_is_readable_with_status_words_and_no_arm_for_a_nurse(demo_dir: Path) -> None:
    lines = _list(demo_dir, Role.NURSE).splitlines()
    assert lines[0].split() == ["STUDY", "ID", "SCREENING", "STATUS", "KIT"]
    assert any(
        line.split()[:3] == ["DEMO-001", "S-013", "Randomised"] and is_valid(line.split()[3])
        for line in lines
    )
    assert any("Screen failed" in line for line in lines)
    assert lines[-1] == "13 participants."
    assert "ARM" not in lines[0] and "allocated" not in "\n".join(lines)


def test_the_pharmacists_table_has_an_arm_column(demo_dir: Path) -> None:
    lines = _list(demo_dir, Role.PHARMACIST).splitlines()
    assert lines[0].split()[-1] == "ARM"
    rows = {line.split()[1]: line for line in lines[1:-1]}
    # A randomised participant's arm, as the pharmacist reads it; the others have none.
    assert rows["S-006"].endswith(("(active)", "(placebo)"))
    assert rows["S-001"].endswith("not allocated")


def test_without_a_user_the_list_is_refused_in_one_line(demo_dir: Path) -> None:
    done = run_cli("participant", "list", data_dir=demo_dir, user=None, password=None)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "bedside: Set BEDSIDE_USER to the name of the person running this command."
    ]


def test_a_wrong_password_is_refused_in_one_line(demo_dir: Path) -> None:
    # admin: no other test here logs in as admin, so the back-off it starts harms none.
    done = run_cli("participant", "list", data_dir=demo_dir, user="admin", password="nope-nope")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "password is not right" in lines[0]
    assert done.stdout == ""


def test_an_admin_gives_the_device_its_study_ids_and_a_nurse_cannot(tmp_path: Path) -> None:
    folder = tmp_path / "ids"
    assert (
        run_cli(
            "init",
            "--site",
            "WH01",
            "--device",
            "LAP1",
            "--admin",
            "admin",
            data_dir=folder,
            user=None,
        ).returncode
        == 0
    )
    done = run_cli(
        "device",
        "set-study-ids",
        "--prefix",
        "WH01-",
        "--first",
        "1",
        "--last",
        "40",
        data_dir=folder,
    )
    assert done.returncode == 0, done.stderr
    assert "WH01-" in done.stdout
    bad = run_cli(
        "device",
        "set-study-ids",
        "--prefix",
        "WH 01",
        "--first",
        "1",
        "--last",
        "40",
        data_dir=folder,
    )
    assert bad.returncode != 0
    assert bad.stderr.count("\n") == 1 and "prefix" in bad.stderr
    added = run_cli(
        "user",
        "add",
        "n.one",
        "--role",
        "nurse",
        data_dir=folder,
        extra_env={"BEDSIDE_NEW_PASSWORD": "nurse-pass-9"},
    )
    assert added.returncode == 0, added.stderr
    nurse = run_cli(
        "device",
        "set-study-ids",
        "--prefix",
        "X-",
        "--first",
        "1",
        "--last",
        "9",
        data_dir=folder,
        user="n.one",
        password="nurse-pass-9",
    )
    assert nurse.returncode != 0
    assert "cannot set the study ID range" in nurse.stderr
