"""The pharmacist's preparation sheet printed from a kept preparation: what was typed,
the dose, the times, who prepared and who checked; never for a blinded person."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.errors import NotPermitted
from app.roles import Role
from app.services.preparation import SHARED_ITEMS, prepare, second_check
from app.services.preparation_sheet import preparation_sheet, preparation_sheet_pdf
from tests.conftest import PASSWORDS, OpenStore
from tests.reports_helper import pdf_text
from tests.unit.preparation_env import (
    NOW,
    WUHAN,
    Randomised,
    active_entry,
    placebo_entry,
    randomised_pair,
)


@pytest.fixture
def pair(opened: OpenStore) -> Randomised:
    return randomised_pair(opened)


def _pdf(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return pdf_text(path)


def test_the_sheet_prints_the_kept_preparation_and_its_check(
    pair: Randomised, tmp_path: Path
) -> None:
    store = pair.opened.store
    made = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    nurse = pair.opened.actor(Role.NURSE)
    later = NOW + timedelta(minutes=10)
    second_check(store, nurse, made.shared.id, PASSWORDS[Role.NURSE], SHARED_ITEMS, later)
    sheet = preparation_sheet(store, pair.pharmacist, made.shared.id, local_tz=WUHAN)
    assert (sheet.total_cells, sheet.cell_count, sheet.lot_expiry) == (
        ("6.5", 7),
        "6.5e7",
        "2027-01-31",
    )
    words = _pdf(
        tmp_path,
        "a.pdf",
        preparation_sheet_pdf(store, pair.pharmacist, made.shared.id, local_tz=WUHAN),
    )
    assert "UNBLINDED" in words and "UC-MSCs treatment group" in words
    for shown in (
        "UCMSC-2026-114",
        "2027-01-31",
        "6.5e7",
        "94.5 %",
        "6.5 × 10",
        "65",
        "2026-11-26 09:30",
        "2026-11-26 13:30",
        "2026-11-26 10:10",
        "Pharmacist Person (pharmacist)",
        "prepared the bag",
        "Nurse Person (nurse)",
        "second check (blinded), released",
    ):
        assert shown in words, shown
    assert "Lot expiry" in words and "Cell count in the bag" in words and "Released" in words


def test_a_placebo_sheet_has_no_cells_and_is_in_chinese_too(
    pair: Randomised, tmp_path: Path
) -> None:
    store = pair.opened.store
    made = prepare(store, pair.pharmacist, pair.placebo, placebo_entry(), NOW)
    sheet = preparation_sheet(store, pair.pharmacist, made.shared.id)
    assert (sheet.total_cells, sheet.lot, sheet.cell_count, sheet.checked_by) == (
        None,
        None,
        None,
        None,
    )
    words = _pdf(
        tmp_path, "b.pdf", preparation_sheet_pdf(store, pair.pharmacist, made.shared.id, "zh_CN")
    )
    assert "非盲" in words and "对照组（安慰剂）" in words and "批号有效期" in words


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR])
def test_no_blinded_person_gets_the_sheet(pair: Randomised, role: Role) -> None:
    store = pair.opened.store
    made = prepare(store, pair.pharmacist, pair.active, active_entry(), NOW)
    with pytest.raises(NotPermitted):
        preparation_sheet(store, pair.opened.actor(role), made.shared.id)
