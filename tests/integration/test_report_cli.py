"""bedside worksheet / casebook through argv: PDFs written, bad input one line, no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Participant
from app.services.demo import create_demo_store
from app.store.store import Store
from tests.conftest import run_cli
from tests.reports_helper import pdf_text


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports") / "store"
    create_demo_store(folder)
    return folder


def _run(demo_dir: Path, *args: str):
    return run_cli(*args, data_dir=demo_dir, user="nurse", password="nurse-demo")


def _kit(demo_dir: Path, study_id: str) -> str:
    with Store.open(demo_dir) as store:
        store.unlock("nurse", "nurse-demo")
        with store.read() as session:
            kit = session.scalars(
                select(Participant.kit_code).where(Participant.study_id == study_id)
            ).one()
    assert kit is not None
    return kit


def test_worksheet_blank_and_casebook_are_written(demo_dir: Path, tmp_path: Path) -> None:
    kit = _kit(demo_dir, "DEMO-002")
    for args, expected in (
        (("worksheet", "DEMO-002"), f"Kit code: {kit}"),
        (("worksheet", "DEMO-002", "--lang", "zh_CN"), f"药盒编号: {kit}"),
        (("worksheet", "--blank"), "Downtime infusion worksheet"),
        (("casebook", "DEMO-002", "--audit"), "Audit trail"),
    ):
        out = tmp_path / "out.pdf"
        done = _run(demo_dir, *args, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert expected in pdf_text(out)
        out.unlink()


@pytest.mark.parametrize(
    "args",
    [
        ("worksheet", "NOPE-999"),
        ("worksheet", "DEMO-002", "--lang", "fr"),
        ("worksheet",),
        ("casebook", "NOPE-999"),
    ],
)
def test_bad_input_is_one_line_and_writes_no_file(
    demo_dir: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "out.pdf"
    done = _run(demo_dir, *args, "--out", str(out))
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("bedside: ")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_an_out_folder_that_does_not_exist_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    done = _run(demo_dir, "worksheet", "DEMO-002", "--out", str(tmp_path / "no" / "w.pdf"))
    assert done.returncode == 1 and "does not exist" in done.stderr
