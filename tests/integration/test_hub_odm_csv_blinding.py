"""Blinded exports hold no arm: not in records, not in an unmapped table, not in the audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.hub.csv_export import export_csv
from app.hub.odm import export_odm
from tests.conftest import OpenStore
from tests.integration.hub_fixtures import ARM_SECRET, HubWorld, filled_hub, plant_arm


@pytest.fixture
def world(opened: OpenStore, tmp_path: Path) -> Iterator[HubWorld]:
    with filled_hub(opened, tmp_path) as built:
        plant_arm(built)
        yield built


def everything_written(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(folder.rglob("*")) if p.is_file())


def test_no_arm_reaches_the_csv_files_even_when_the_hub_holds_one(world: HubWorld) -> None:
    out = world.hub_dir.parent / "csv"
    export_csv(world.hub, out)
    text = everything_written(out)
    assert ARM_SECRET not in text
    headers = [p.read_text("utf-8").splitlines()[0] for p in out.iterdir()]
    assert not any("arm" in h.split(",") or "arm_code" in h.split(",") for h in headers)
    assert not (out / "allocations.csv").exists()


def test_audit_rows_about_the_arm_stay_but_their_values_are_withheld(world: HubWorld) -> None:
    out = world.hub_dir.parent / "csv"
    export_csv(world.hub, out)
    lines = (out / "audit.csv").read_text("utf-8").splitlines()
    planted = [line for line in lines if ",arm," in line or "emergency_unblind" in line]
    assert len(planted) == 3
    assert all(line.endswith(",,,,true") for line in planted)


def test_no_arm_reaches_the_odm_file_even_when_the_hub_holds_one(world: HubWorld) -> None:
    out = world.hub_dir.parent / "study.xml"
    export_odm(world.hub, out)
    text = out.read_text("utf-8")
    assert ARM_SECRET not in text
    assert ".ARM" not in text and "allocations" not in text
