"""The demo store: one person per role, participants at every stage, a real audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.models import AuditEntry, Participant, ParticipantStatus, User, VitalSigns
from app.roles import Role
from app.services.demo import DEVICE, SITE, create_demo_store
from app.store.audit import verify_chain
from app.store.store import Store
from tests.conftest import run_cli, snapshot_files


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "store"
    assert create_demo_store(folder) == {r.value: f"{r.value}-demo" for r in Role}
    return folder


@pytest.fixture
def demo(demo_dir: Path) -> Iterator[Store]:
    store = Store.open(demo_dir)
    try:
        store.unlock("monitor", "monitor-demo")
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_a_person_named_after_it_with_the_demo_password(
    demo_dir: Path, role: Role
) -> None:
    with Store.open(demo_dir) as store:
        actor = store.unlock(role.value, f"{role.value}-demo")
        assert actor.role is role
        with store.read() as session:
            user = session.scalars(select(User).where(User.name == role.value)).one()
        assert not user.must_change_password


def test_the_demo_store_belongs_to_the_demo_site_and_laptop(demo: Store) -> None:
    info = demo.info()
    assert (info.site, info.device) == (SITE, DEVICE) == ("Demo", "DEMO_LAPTOP")


def test_there_are_about_a_dozen_participants_in_every_status(demo: Store) -> None:
    with demo.read() as session:
        people = session.scalars(select(Participant)).all()
    assert 10 <= len(people) <= 15
    assert {p.status for p in people} == {s.value for s in ParticipantStatus}
    for p in people:
        if p.status == ParticipantStatus.SCREEN_FAILED:
            assert p.screen_fail_reason
        if p.status in ("randomised", "infused", "completed", "withdrawn", "died"):
            assert p.kit_code and p.study_id and p.day0_on
        if p.status in ("screening", "screen-failed"):
            assert p.kit_code is None and p.study_id is None


def test_vital_signs_span_the_past_days(demo: Store) -> None:
    with demo.read() as session:
        taken = session.scalars(select(VitalSigns.measured_at)).all()
    days = {t.date() for t in taken}
    assert len(taken) >= 10 and len(days) >= 4


def test_the_right_people_wrote_it_and_the_audit_chain_holds(demo: Store) -> None:
    with demo.read() as session:
        who = {
            (e.user_name, e.new_value)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.field == "status"))
        }
        report = verify_chain(session.connection(), demo.store_id)
    assert ("nurse", "screening") in who
    assert ("investigator", "eligible") in who
    assert ("investigator", "screen-failed") in who
    assert ("nurse", "randomised") in who  # nurses and investigators randomise
    assert ("nurse", "infused") in who
    assert report.ok


def test_bedside_demo_prints_every_user_and_password(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = run_cli("demo", "--no-gui", data_dir=folder, user=None, password=None)
    assert done.returncode == 0, done.stderr
    for role in Role:
        assert f"{role.value:<14} {role.value}-demo" in done.stdout
    assert "13 fictional participants" in done.stdout
    with Store.open(folder) as store:
        store.unlock("nurse", "nurse-demo")


def test_bedside_demo_refuses_an_existing_store_in_one_line_and_changes_nothing(
    demo_dir: Path,
) -> None:
    before = snapshot_files(demo_dir)
    before.pop("bedside.log", None)
    done = run_cli("demo", "--no-gui", data_dir=demo_dir, user=None, password=None)
    after = snapshot_files(demo_dir)
    after.pop("bedside.log", None)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bedside: A Bedside store already exists")
    assert done.stdout == ""
    assert after == before


def test_bedside_demo_opens_the_app_on_the_new_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.ui.main

    opened_on: list[Path] = []

    def fake_run(data_dir: Path) -> int:
        opened_on.append(data_dir)
        return 0

    monkeypatch.setattr(app.ui.main, "run", fake_run)
    folder = tmp_path / "gui-demo"
    assert main(["--data-dir", str(folder), "demo"]) == 0
    assert opened_on == [folder]
    assert "nurse-demo" in capsys.readouterr().out


def test_bedside_demo_opens_the_same_demo_store_again_on_a_second_run(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.ui.main

    opened_on: list[Path] = []
    monkeypatch.setattr(app.ui.main, "run", lambda folder: opened_on.append(folder) or 0)
    before = snapshot_files(demo_dir)
    before.pop("bedside.log", None)
    assert main(["--data-dir", str(demo_dir), "demo"]) == 0
    after = snapshot_files(demo_dir)
    after.pop("bedside.log", None)
    assert opened_on == [demo_dir]
    assert after == before
    out = capsys.readouterr().out
    assert f"Opening the demo store in {demo_dir}." in out and "nurse-demo" in out


def test_every_randomised_participant_has_a_bag_released_by_a_blinded_check(demo: Store) -> None:
    from app.models import Preparation

    with demo.read() as session:
        kits = set(
            session.scalars(select(Participant.kit_code).where(Participant.kit_code.is_not(None)))
        )
        bags = session.scalars(select(Preparation)).all()
    assert {b.kit_code for b in bags} == kits and len(kits) == 8
    assert all(b.status == "released" and b.check_kind == "blinded" for b in bags)
    assert all(b.prepared_by == "pharmacist" and b.checked_by == "nurse" for b in bags)
    # A placebo bag and an active one look the same to anyone holding the data key.
    assert {b.volume_ml for b in bags} == {"100"}
    assert len({len(b.content_sealed) for b in bags}) == 1
