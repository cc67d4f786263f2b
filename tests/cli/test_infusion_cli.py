"""bedside infusion check|start|vitals|interrupt|restart|stop|list through argv, against
a real store: the whole bedside sequence, and each refusal as one line with nothing saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Infusion, InfusionInterruption, InfusionVitals, ProductCheck
from app.roles import Role
from app.store.store import Store
from app.timeutil import utc_now
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, CliResult, OpenStore, run_cli
from tests.infusion_helper import Dosed, randomised


@dataclass
class Ward:
    store_dir: Path
    first: Dosed
    second: Dosed
    third: Dosed


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Ward:
    folder = tmp_path_factory.mktemp("infusion-cli") / "store"
    store, admin, recovery = Store.create(
        folder, site="WH01", device="WARD_LAPTOP_1", admin_name="admin",
        admin_password=ADMIN_PASSWORD, admin_full_name="Ada Admin",
    )  # fmt: skip
    opened = OpenStore(store, admin, recovery, folder)
    try:
        opened.actor(Role.NURSE)
        opened.actor(Role.MONITOR)
        made = utc_now() - timedelta(minutes=30)
        first = randomised(opened, 1, prepared_at=made)
        second = randomised(opened, 2, arm="PLACEBO", prepared_at=made)
        third = randomised(opened, 3, arm="PLACEBO", prepared_at=made)
    finally:
        store.close()
    return Ward(folder, first, second, third)


def _run(ward: Ward, *args: str, role: Role = Role.NURSE) -> CliResult:
    return run_cli("infusion", *args, data_dir=ward.store_dir, user=role.value,
                   password=PASSWORDS[role])  # fmt: skip


def _count(ward: Ward, model: type) -> int:
    with Store.open(ward.store_dir) as store:
        store.unlock("nurse", PASSWORDS[Role.NURSE])
        with store.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _refused(done: CliResult, sentence: str) -> None:
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr == f"bedside: {sentence}\n", done.stderr


def test_the_bedside_sequence_through_argv(ward: Ward) -> None:
    d = ward.first
    done = _run(ward, "check", d.study_id, "--wristband", d.study_id, "--label", d.kit)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Product check passed: Study product, kit {d.kit}; start ")
    start_at = (utc_now() - timedelta(minutes=1)).isoformat()
    done = _run(ward, "start", d.study_id, "--rate-ml-h", "150", "--line", "peripheral IV",
                "--site", "left forearm", "--at", start_at)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Infusion started for {d.study_id}.\n"
    done = _run(ward, "vitals", d.study_id, "--timepoint", "PRE", "--heart-rate", "84",
                "--respiratory-rate", "18", "--systolic", "120", "--diastolic", "75",
                "--spo2", "97", "--temperature", "36.9")  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = _run(ward, "vitals", d.study_id, "--timepoint", "DUR15", "--temperature", "38.6",
                "--spo2", "92")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Stop criterion met: Temperature 38.5 °C or higher." in done.stdout
    assert "Stop criterion met: SpO₂ 4 points or more below" in done.stdout
    done = _run(ward, "vitals", d.study_id, "--timepoint", "DUR30", "--skip-reason", "asleep")
    assert (done.returncode, done.stdout) == (0, "DUR30 skipped.\n")
    assert _run(ward, "interrupt", d.study_id, "--reason", "fever").returncode == 0
    assert _run(ward, "restart", d.study_id).returncode == 0
    listed = _run(ward, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert (row["study_id"], row["kit_code"], row["status"]) == (d.study_id, d.kit, "in_progress")
    assert row["product"] == f"Study product, kit {d.kit}"
    codes = {p["code"]: p for p in row["timepoints"]}
    assert codes["DUR15"]["values"] == {"temperature_c": "38.6", "spo2_percent": "92"}
    assert codes["DUR30"]["status"] == "skipped"
    text = _run(ward, "list")
    assert d.study_id in text.stdout and "1 infusion to watch." in text.stdout
    done = _run(ward, "stop", d.study_id, "--volume-ml", "60", "--early-reason", "fever")
    assert (done.returncode, done.stdout) == (0, "Infusion stopped early.\n")
    listed = json.loads(_run(ward, "list", "--json").stdout)
    assert listed[0]["status"] == "stopped_early" and listed[0]["volume_infused_ml"] == "60"
    assert listed[0]["next_due"] == "END"
    with Store.open(ward.store_dir) as store:
        store.unlock("nurse", PASSWORDS[Role.NURSE])
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(InfusionInterruption)) == 1


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("check", "S-002", "--wristband", "S-001", "--label", "{kit2}"),
         "The wristband belongs to S-001, not S-002: check you are with the right person."),
        (("check", "S-002", "--wristband", "S-002", "--label", "{kit1}"),
         "The bag is kit {kit1}, but S-002 is allocated kit {kit2}: do not give it."),
        (("check", "NOPE-1", "--wristband", "S-002", "--label", "{kit2}"),
         "No participant has that study ID: check it with `bedside participant list`."),
    ],
)  # fmt: skip
def test_a_refused_check_is_one_line_and_recorded(
    ward: Ward, args: tuple[str, ...], sentence: str
) -> None:
    kits = {"kit1": ward.first.kit, "kit2": ward.second.kit}
    before = _count(ward, ProductCheck)
    done = _run(ward, *(a.format(**kits) for a in args))
    _refused(done, sentence.format(**kits))
    recorded = 0 if args[1] == "NOPE-1" else 1
    assert _count(ward, ProductCheck) == before + recorded


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("start", "S-002", "--rate-ml-h", "150", "--line", "IV", "--site", "arm"),
         "That product check was refused: check the product again."),
        (("start", "S-002", "--rate-ml-h", "150", "--line", "IV", "--site", "arm", "--at",
          "yesterday"), "--at must be a time such as 2026-11-25T09:30+08:00."),
        (("vitals", "S-002", "--timepoint", "PRE", "--heart-rate", "80"),
         "This participant has no infusion."),
        (("vitals", "S-001", "--timepoint", "PRE"),
         "Give at least one vital sign, or --skip-reason."),
        (("vitals", "S-001", "--timepoint", "PRE", "--heart-rate", "80", "--skip-reason", "x"),
         "Give either the vital signs or --skip-reason, not both."),
        (("vitals", "S-001", "--timepoint", "POST60", "--heart-rate", "900"),
         "Heart rate 900 /min is outside the possible range 0–300 /min: check the entry."),
        (("start", "S-003", "--rate-ml-h", "150", "--line", "IV", "--site", "arm"),
         "Check the product first: `bedside infusion check`."),
        (("stop", "S-002", "--volume-ml", "10"), "This participant has no infusion running."),
        (("interrupt", "S-002", "--reason", "x"), "This participant has no infusion running."),
        (("restart", "S-002"), "This participant has no infusion running."),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_saves_nothing(
    ward: Ward, args: tuple[str, ...], sentence: str
) -> None:
    counts = [_count(ward, m) for m in (Infusion, InfusionVitals, InfusionInterruption)]
    _refused(_run(ward, *args), sentence)
    assert [_count(ward, m) for m in (Infusion, InfusionVitals, InfusionInterruption)] == counts


def test_a_monitor_cannot_check_or_start(ward: Ward) -> None:
    d = ward.second
    done = _run(ward, "check", d.study_id, "--wristband", d.study_id, "--label", d.kit,
                role=Role.MONITOR)  # fmt: skip
    assert done.returncode != 0 and "monitor" in done.stderr and done.stderr.count("\n") == 1


def test_a_paper_record_is_transcribed_and_corrected_with_a_reason(ward: Ward) -> None:
    d = ward.third
    started = utc_now() - timedelta(hours=3)
    done = _run(ward, "start", d.study_id, "--rate-ml-h", "150", "--line", "IV", "--site",
                "right arm", "--at", started.isoformat(), "--transcribed")  # fmt: skip
    assert done.returncode == 0, done.stderr
    at = (started + timedelta(minutes=15)).isoformat()
    vitals = ("vitals", d.study_id, "--timepoint", "DUR15", "--at", at)
    _refused(_run(ward, *vitals, "--temperature", "34.8"),
             "Temperature 34.8 °C is unusual (expected 35–40.5 °C): please confirm.")  # fmt: skip
    assert _run(ward, *vitals, "--temperature", "34.8", "--confirm-unusual").returncode == 0
    _refused(_run(ward, *vitals, "--temperature", "36.5"),
             "Give a reason for changing temperature c: it was already saved.")  # fmt: skip
    fixed = _run(ward, *vitals, "--temperature", "36.5", "--reason", "misread the paper")
    assert fixed.returncode == 0, fixed.stderr
    stop_at = (started + timedelta(minutes=40)).isoformat()
    done = _run(ward, "stop", d.study_id, "--volume-ml", "100", "--at", stop_at)
    assert (done.returncode, done.stdout) == (0, "Infusion completed.\n")
    row = next(r for r in json.loads(_run(ward, "list", "--json").stdout)
               if r["study_id"] == d.study_id)  # fmt: skip
    assert row["transcribed_from_paper"] and row["status"] == "completed"
    assert row["stopped_at"].startswith(stop_at[:16])
