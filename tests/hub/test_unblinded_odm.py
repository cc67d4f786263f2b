"""bedside hub export-odm --unblinded: the statistician's ODM with each subject's arm.

Built from a real round trip: the hub's statistician makes the list and exports the
device's part, the pharmacist imports it, a nurse randomises a participant into each
arm, bundles carry it to the hub. The unblinded file validates against the ODM 1.3.2
schema and holds the arm in an unblinded-only item group; the data manager is refused;
the blinded file of the same hub holds no arm.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.errors import NotPermitted
from app.hub.odm import ODM_NS, export_odm
from app.hub.odm_unblinded import REFUSED, export_unblinded_odm
from app.models import Participant
from app.protocol import load_default
from app.roles import Role
from app.services.unblinding import emergency_unblind
from app.store.store import Store
from tests.conftest import ADMIN_PASSWORD, PASSWORDS, OpenStore, run_cli
from tests.integration.test_hub_odm import odm_schema
from tests.unit.unblinding_env import (
    DEVICE,
    HUB_PASSWORD,
    HUB_USER,
    STAT,
    STAT_PASSWORD,
    HubWorld,
    hub_world,
)

N = {"odm": ODM_NS}
ARMS = {a.code: a for a in load_default().arms}
REASON = "Severe hypotension during the infusion."


@dataclass
class Built:
    world: HubWorld
    root: Path
    study_ids: dict[str, str]
    """participant id → study ID."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("unblinded-odm")
    store, admin, recovery = Store.create(
        root / "device",
        site="WH01",
        device=DEVICE,
        admin_name="admin",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Ada Admin",
    )
    opened = OpenStore(store, admin, recovery, root / "device")
    try:
        with hub_world(opened, root) as world:
            investigator = opened.actor(Role.INVESTIGATOR)
            emergency_unblind(
                store,
                investigator,
                world.active,
                PASSWORDS[Role.INVESTIGATOR],
                REASON,
                datetime(2026, 11, 27, 3, 15, tzinfo=UTC),
            )
            world.sync()
            with store.read() as session:
                ids = {pid: session.get_one(Participant, pid).study_id or "" for pid in world.kits}
            yield Built(world, root, ids)
    finally:
        store.close()


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own export, not untrusted input


def _subject(root: ET.Element, key: str) -> ET.Element:
    found = root.find(f".//odm:SubjectData[@SubjectKey='{key}']", N)
    assert found is not None, key
    return found


def _randomisation(subject: ET.Element) -> dict[str, str]:
    groups = subject.findall(
        "odm:StudyEventData[@StudyEventOID='SE.RANDOMISATION']/odm:FormData/odm:ItemGroupData", N
    )
    assert [g.get("ItemGroupOID") for g in groups] == ["IG.RAND"]
    return {
        str(i.get("ItemOID")).removeprefix("IT.RAND."): str(i.get("Value"))
        for i in groups[0].findall("odm:ItemData", N)
    }


def test_the_unblinded_export_validates_and_carries_each_arm(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "unblinded.xml"
    with built.world.hub(STAT, STAT_PASSWORD) as hub:
        summary = export_unblinded_odm(hub, out)
    odm_schema().validate(str(out))
    assert (summary.randomised, summary.unmatched) == (len(built.world.kits), 0)
    root = _parse(out)
    mdv = root.find(".//odm:MetaDataVersion", N)
    assert mdv is not None and str(mdv.get("OID")).endswith(".UNBLINDED")
    assert "UNBLINDED" in str(root.get("Description"))
    decodes = {
        c.get("CodedValue"): c.findtext("odm:Decode/odm:TranslatedText", namespaces=N)
        for c in root.findall(".//odm:CodeList[@OID='CL.ARM']/odm:CodeListItem", N)
    }
    assert decodes == {code: arm.name_en for code, arm in ARMS.items()}
    slots = {s.kit_code: s for s in built.world.allocation.parts[DEVICE].slots}
    for pid, kit in built.world.kits.items():
        values = _randomisation(_subject(root, built.study_ids[pid]))
        slot = slots[kit]
        assert values["KIT_CODE"] == kit
        assert values["ARM_CODE"] == slot.arm == built.world.arm_of(pid)
        assert values["ARM_IS_PLACEBO"] == ("true" if ARMS[slot.arm].is_placebo else "false")
        assert (values["ALLOCATION_DEVICE"], values["SLOT_NUMBER"]) == (DEVICE, str(slot.number))
        assert (values["BLOCK_NUMBER"], values["BLOCK_SIZE"]) == (
            str(slot.block),
            str(slot.block_size),
        )
        assert values["RANDOMISED_BY"] == "nurse"
        assert values["RANDOMISED_AT"].endswith("Z")
        unblinded = "1" if pid == built.world.active else "0"
        assert values["EMERGENCY_UNBLINDINGS"] == unblinded
    active = _randomisation(_subject(root, built.study_ids[built.world.active]))
    placebo = _randomisation(_subject(root, built.study_ids[built.world.placebo]))
    assert (active["ARM_CODE"], placebo["ARM_CODE"]) == ("A", "B")


def test_the_unblinded_export_is_the_blinded_one_plus_the_randomisation(
    built: Built, tmp_path: Path
) -> None:
    with built.world.hub(STAT, STAT_PASSWORD) as hub:
        export_unblinded_odm(hub, tmp_path / "unblinded.xml")
        export_odm(hub, tmp_path / "blinded.xml")
    unblinded, blinded = _parse(tmp_path / "unblinded.xml"), _parse(tmp_path / "blinded.xml")

    def forms(root: ET.Element) -> list[str | None]:
        return [f.get("FormOID") for f in root.iter(f"{{{ODM_NS}}}FormData")]

    assert [f for f in forms(unblinded) if f != "F.RAND"] == forms(blinded)
    assert forms(unblinded).count("F.RAND") == len(built.world.kits)


def test_the_blinded_export_of_the_same_hub_holds_no_arm(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "blinded.xml"
    with built.world.hub() as hub:
        export_odm(hub, out)
    odm_schema().validate(str(out))
    text = out.read_text("utf-8")
    for arm in ARMS.values():
        assert arm.name_en not in text and arm.name_zh not in text
    for marker in ("IG.RAND", "SE.RANDOMISATION", "CL.ARM", "ARM_CODE", "UNBLINDED", "placebo"):
        assert marker not in text
    root = _parse(out)
    assert not str(root.find(".//odm:MetaDataVersion", N).get("OID")).endswith(  # type: ignore[union-attr]
        ".UNBLINDED"
    )


def test_the_data_manager_is_refused_and_nothing_is_written(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "unblinded.xml"
    with built.world.hub() as hub, pytest.raises(NotPermitted) as caught:
        export_unblinded_odm(hub, out)
    assert caught.value.sentence == REFUSED
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_writes_it_for_the_statistician(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "unblinded.xml"
    args = ("hub", "export-odm", "--unblinded", "--out")
    done = run_cli(*args, str(out), data_dir=built.world.hub_dir, user=STAT, password=STAT_PASSWORD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Wrote an UNBLINDED CDISC ODM 1.3.2 snapshot to {out}: ")
    assert lines[1] == f"Randomisation data of {len(built.world.kits)} subjects, with their arm."
    odm_schema().validate(str(out))
    again = tmp_path / "again.xml"
    done = run_cli(
        *args, str(again), "--json", data_dir=built.world.hub_dir, user=STAT, password=STAT_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["unblinded"], shown["randomised"], shown["kits_not_in_list"]) == (
        True,
        len(built.world.kits),
        0,
    )
    assert shown["path"] == str(again)


def test_the_command_line_refuses_the_data_manager_in_one_line(
    built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "unblinded.xml"
    done = run_cli(
        "hub",
        "export-odm",
        "--unblinded",
        "--out",
        str(out),
        data_dir=built.world.hub_dir,
        user=HUB_USER,
        password=HUB_PASSWORD,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [f"bedside: {REFUSED}"]
    assert done.stdout == ""
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # Without --unblinded the data manager gets the blinded file, as before.
    done = run_cli(
        "hub",
        "export-odm",
        "--out",
        str(out),
        data_dir=built.world.hub_dir,
        user=HUB_USER,
        password=HUB_PASSWORD,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote a blinded CDISC ODM 1.3.2 snapshot")
    assert "IG.RAND" not in out.read_text("utf-8")
