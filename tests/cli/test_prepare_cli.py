"""bedside prepare STUDY_ID | prepare check | list | discard | sheet, through argv
against a real store with a randomised participant in each arm.

Each refusal is one line on stderr, a non-zero exit, and nothing changed; a refusal that
could tell what a bag holds never reaches the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.models import Participant
from app.roles import Role
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, CliResult, OpenStore, run_cli
from tests.reports_helper import pdf_text
from tests.unit.allocation_env import DEVICE
from tests.unit.preparation_env import (
    SECOND_PHARMACIST,
    SECOND_PHARMACIST_PASSWORD,
    WUHAN,
    randomised_pair,
)


@dataclass
class Wired:
    store_dir: Path
    active: str
    placebo: str


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Wired:
    root = tmp_path_factory.mktemp("prepare-cli")
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
        pair.second_pharmacist()
        opened.actor(Role.MONITOR)
        with store.read() as session:
            ids = [
                session.get_one(Participant, p).study_id or "" for p in (pair.active, pair.placebo)
            ]
    finally:
        store.close()
    return Wired(root / "store", ids[0], ids[1])


def _as(role: Role | str, *args: str, wired: Wired) -> CliResult:
    if role == SECOND_PHARMACIST:
        user, password = SECOND_PHARMACIST, SECOND_PHARMACIST_PASSWORD
    elif role == Role.ADMIN:
        user, password = "admin", ADMIN_PASSWORD
    else:
        assert isinstance(role, Role)
        user, password = role.value, PASSWORDS[role]
    return run_cli(*args, data_dir=wired.store_dir, user=user, password=password)


def _one_line(done: CliResult) -> str:
    assert done.returncode != 0, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def _when(minutes_ago: int = 30) -> str:
    return (
        (datetime.now(UTC) - timedelta(minutes=minutes_ago))
        .astimezone(WUHAN)
        .strftime("%Y-%m-%dT%H:%M+08:00")
    )


def _listed(wired: Wired, study_id: str, role: Role | str = Role.PHARMACIST) -> list[Any]:
    done = _as(role, "prepare", "list", study_id, "--json", wired=wired)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def _active_args(study_id: str, *extra: str) -> tuple[str, ...]:
    return (
        "prepare",
        study_id,
        "--weight-kg",
        "65",
        "--lot",
        "UCMSC-2026-114",
        "--lot-expiry",
        "2099-12-31",
        "--cell-count",
        "6.5e7",
        "--viability-percent",
        "94,5",
        "--prepared-at",
        _when(),
        "--appearance-ok",
        *extra,
    )


def _log(wired: Wired) -> str:
    path = wired.store_dir / "bedside.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def test_only_a_pharmacist_prepares_and_nothing_says_the_arm(wired: Wired) -> None:
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR, Role.ADMIN):
        said = {
            _one_line(_as(role, *_active_args(sid), wired=wired))
            for sid in (wired.active, wired.placebo)
        }
        assert said == {
            f"bedside: Only a pharmacist prepares study product: your role ({role.value}) "
            "stays blinded."
        }
    assert _listed(wired, wired.active) == [] and _listed(wired, wired.placebo) == []


def test_the_pharmacist_prepares_and_a_blinded_nurse_releases(wired: Wired) -> None:
    before_log = _log(wired)
    # The arm decides what is needed: said on stderr only, never in the log.
    placebo_with_lot = _as(
        Role.PHARMACIST,
        "prepare",
        wired.placebo,
        "--weight-kg",
        "58,5",
        "--lot",
        "L1",
        "--prepared-at",
        _when(),
        "--appearance-ok",
        wired=wired,
    )
    line = _one_line(placebo_with_lot)
    assert line == "bedside: Lot: a placebo bag (saline) has none; leave it empty."
    missing = _one_line(
        _as(
            Role.PHARMACIST,
            "prepare",
            wired.active,
            "--weight-kg",
            "65",
            "--prepared-at",
            _when(),
            "--appearance-ok",
            wired=wired,
        )
    )
    assert missing == "bedside: Enter the lot (batch) number on the cell product."
    assert "placebo" not in _log(wired)[len(before_log) :]
    assert "lot (batch)" not in _log(wired)[len(before_log) :]
    assert _listed(wired, wired.placebo) == []

    done = _as(Role.PHARMACIST, *_active_args(wired.active, "--json"), wired=wired)
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    assert made["content"] == {
        "arm": "A",
        "arm_name": "UC-MSCs treatment group",
        "lot": "UCMSC-2026-114",
        "lot_expiry": "2099-12-31",
        "cell_count": "6.5e7",
        "viability_percent": "94.5",
        "dose_cells": "65000000",
    }
    assert (made["status"], made["volume_ml"], made["weight_kg"]) == ("prepared", "100", "65")
    placebo = _as(
        Role.PHARMACIST,
        "prepare",
        wired.placebo,
        "--weight-kg",
        "58,5",
        "--prepared-at",
        _when(),
        "--appearance-ok",
        wired=wired,
    )
    assert placebo.returncode == 0, placebo.stderr
    assert placebo.stdout.startswith(f"Prepared {wired.placebo}: Dose 1: Study product, kit ")

    # What a nurse sees of either bag: the same keys, no content.
    for sid in (wired.active, wired.placebo):
        (seen,) = _listed(wired, sid, Role.NURSE)
        assert "content" not in seen
        text = json.dumps(seen)
        for secret in ("UCMSC", "6.5e7", "94.5", "placebo", "saline", "treatment"):
            assert secret not in text
    listed = _as(Role.NURSE, "prepare", "list", wired.active, wired=wired)
    assert listed.returncode == 0 and "UCMSC" not in listed.stdout
    assert listed.stdout.startswith("Dose 1: Study product, kit ")

    # The second check: not the preparer, every shared item confirmed.
    shared = ("--confirm", "kit-code", "--confirm", "volume-ml", "--confirm", "use-by")
    same = _as(
        Role.PHARMACIST,
        "prepare",
        "check",
        wired.active,
        *shared,
        "--confirm",
        "appearance",
        wired=wired,
    )
    assert "someone other than the person who prepared" in _one_line(same)
    short = _one_line(_as(Role.NURSE, "prepare", "check", wired.active, *shared, wired=wired))
    assert short == "bedside: Confirm the appearance before releasing the bag."
    nosy = _as(
        Role.NURSE,
        "prepare",
        "check",
        wired.active,
        *shared,
        "--confirm",
        "appearance",
        "--confirm",
        "cell-count",
        wired=wired,
    )
    assert "a blinded checker confirms kit label, volume, use-by, appearance" in _one_line(nosy)
    bogus = _one_line(
        _as(Role.NURSE, "prepare", "check", wired.active, "--confirm", "colour", wired=wired)
    )
    assert bogus.startswith("bedside: --confirm takes one of kit-code, volume-ml")
    assert _listed(wired, wired.active)[0]["status"] == "prepared"
    done = _as(
        Role.NURSE,
        "prepare",
        "check",
        wired.active,
        *shared,
        "--confirm",
        "appearance",
        "--json",
        wired=wired,
    )
    assert done.returncode == 0, done.stderr
    released = json.loads(done.stdout)
    assert (released["status"], released["checked_by"], released["check_kind"]) == (
        "released",
        "nurse",
        "blinded",
    )
    assert "content" not in released
    again = _as(Role.NURSE, "prepare", "check", wired.active, *shared, wired=wired)
    assert "has no prepared bag waiting" in _one_line(again)

    # The placebo bag, checked by the other pharmacist: everything.
    content = (
        "--confirm",
        "arm",
        "--confirm",
        "lot",
        "--confirm",
        "lot-expiry",
        "--confirm",
        "cell-count",
        "--confirm",
        "viability-percent",
    )
    partial = _as(
        SECOND_PHARMACIST,
        "prepare",
        "check",
        wired.placebo,
        *shared,
        "--confirm",
        "appearance",
        *content,
        wired=wired,
    )
    assert _one_line(partial) == "bedside: Confirm the dose before releasing the bag."
    done = _as(
        SECOND_PHARMACIST,
        "prepare",
        "check",
        wired.placebo,
        *shared,
        "--confirm",
        "appearance",
        *content,
        "--confirm",
        "dose-cells",
        wired=wired,
    )
    assert done.returncode == 0, done.stderr
    assert "checked by pharm2 (unblinded)" in done.stdout

    # A second dose only 7 days after the first.
    second = _one_line(
        _as(Role.PHARMACIST, *_active_args(wired.active, "--dose-number", "2"), wired=wired)
    )
    assert "Dose 2 may be prepared 7 days after dose 1 at the earliest" in second
    assert len(_listed(wired, wired.active)) == 1


def test_discard_then_prepare_again_with_an_unusual_weight(wired: Wired) -> None:
    if not _listed(wired, wired.active):
        done = _as(Role.PHARMACIST, *_active_args(wired.active), wired=wired)
        assert done.returncode == 0, done.stderr
    no_reason = _one_line(_as(Role.NURSE, "prepare", "discard", wired.active, wired=wired))
    assert no_reason.startswith("bedside: Give --reason")
    done = _as(
        Role.NURSE,
        "prepare",
        "discard",
        wired.active,
        "--dose-number",
        "1",
        "--reason",
        "bag dropped on the ward",
        "--json",
        wired=wired,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["discard_reason"] == "bag dropped on the ward"
    heavy = (
        "--weight-kg",
        "160",
        "--lot",
        "UCMSC-2026-114",
        "--lot-expiry",
        "2099-12-31",
        "--cell-count",
        "1.6e8",
        "--viability-percent",
        "90",
        "--prepared-at",
        _when(5),
        "--appearance-ok",
    )
    unusual = _one_line(_as(Role.PHARMACIST, "prepare", wired.active, *heavy, wired=wired))
    assert unusual == "bedside: Body weight 160 kg is unusual (expected 35–150 kg): please confirm."
    done = _as(
        Role.PHARMACIST, "prepare", wired.active, *heavy, "--confirm-unusual", "--json", wired=wired
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["content"]["dose_cells"] == "160000000"
    assert [p["status"] for p in _listed(wired, wired.active)][-1] == "prepared"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("prepare", "check"), "prepare check needs the participant's study ID."),
        (
            ("prepare", "A", "B"),
            "Give one study ID: bedside prepare [check|list|discard|sheet] STUDY_ID.",
        ),
        (
            ("prepare", "list", "X", "--lot", "L"),
            "--lot is for preparing a dose, not for prepare list.",
        ),
        (("prepare", "list", "X", "--confirm", "lot"), "--confirm is for prepare check only."),
        (("prepare", "check", "X", "--reason", "r"), "--reason is for prepare discard only."),
        (
            ("prepare", "NOBODY-1", "--weight-kg", "65", "--prepared-at", "2026-11-26 09:30"),
            "There is no participant with study ID NOBODY-1.",
        ),
        (
            ("prepare", "WH01-0001", "--weight-kg", "65", "--prepared-at", "yesterday"),
            "--prepared-at: write the time as 2026-11-26 09:30 (this laptop's time) or "
            "2026-11-26T09:30+08:00.",
        ),
        (
            ("prepare", "WH01-0001", "--weight-kg", "65"),
            "Give --weight-kg and --prepared-at (and what the bag holds).",
        ),
        (("prepare", "WH01-0001", "--dose-number", "two"), None),
    ],
)
def test_bad_arguments_are_one_line(wired: Wired, args: tuple[str, ...], said: str | None) -> None:
    before = _listed(wired, wired.active), _listed(wired, wired.placebo)
    line = _one_line(_as(Role.PHARMACIST, *args, wired=wired))
    if said is not None:
        assert line == f"bedside: {said}"
    assert (_listed(wired, wired.active), _listed(wired, wired.placebo)) == before


def test_a_bag_not_inspected_is_refused(wired: Wired) -> None:
    before = _listed(wired, wired.placebo)
    args = ("prepare", wired.placebo, "--weight-kg", "65", "--prepared-at", _when(10))
    line = _one_line(_as(Role.PHARMACIST, *args, wired=wired))
    assert line == (
        "bedside: Inspect the bag: use it only if it does not leak and shows no clumps or "
        "discolouration."
    )
    assert _listed(wired, wired.placebo) == before


def test_the_pharmacist_prints_the_sheet_of_a_kept_bag(wired: Wired, tmp_path: Path) -> None:
    if not [p for p in _listed(wired, wired.active) if p["status"] != "discarded"]:
        done = _as(Role.PHARMACIST, *_active_args(wired.active), wired=wired)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "sheet.pdf"
    for role in (Role.NURSE, Role.INVESTIGATOR, Role.MONITOR):
        line = _one_line(
            _as(role, "prepare", "sheet", wired.active, "--out", str(out), wired=wired)
        )
        assert line == (
            f"bedside: Only a pharmacist prints the preparation sheet: your role ({role.value}) "
            "stays blinded."
        )
    assert not out.exists()
    no_out = _one_line(_as(Role.PHARMACIST, "prepare", "sheet", wired.active, wired=wired))
    assert no_out == "bedside: Give --out: the PDF file to write the preparation sheet to."
    bad_lang = ("prepare", "sheet", wired.active, "--out", str(out), "--lang", "fr")
    assert _one_line(_as(Role.PHARMACIST, *bad_lang, wired=wired)) == (
        "bedside: Printouts are in en or zh_CN: choose one of them."
    )
    stray = ("prepare", "list", wired.active, "--out", str(out))
    assert _one_line(_as(Role.PHARMACIST, *stray, wired=wired)) == (
        "bedside: --out is for prepare sheet only."
    )
    none_second = ("prepare", "sheet", wired.active, "--out", str(out), "--dose-number", "2")
    assert _one_line(_as(Role.PHARMACIST, *none_second, wired=wired)) == (
        f"bedside: {wired.active} has no kept preparation to print."
    )
    assert not out.exists()
    done = _as(Role.PHARMACIST, "prepare", "sheet", wired.active, "--out", str(out), wired=wired)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote {out}."
    text = pdf_text(out)
    assert "UNBLINDED" in text and "UCMSC-2026-114" in text and wired.active in text
    zh = tmp_path / "sheet-zh.pdf"
    args = ("prepare", "sheet", wired.active, "--out", str(zh), "--lang", "zh_CN")
    assert _as(Role.PHARMACIST, *args, wired=wired).returncode == 0
    assert "UCMSC-2026-114" in pdf_text(zh)
