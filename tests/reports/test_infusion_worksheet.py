"""The infusion worksheet and casebook with a real preparation, product check, infusion
and timed vital signs: what poppler reads, the barcodes, the transcription flag, and an
active and a placebo participant printing alike once IDs, codes, names and times are masked.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.protocol import load_default
from app.reports.casebook import render_casebook
from app.reports.worksheet import render_worksheet
from app.services.infusion import (
    check_product,
    interrupt,
    record_vitals,
    restart,
    skip_timepoint,
    start_infusion,
    stop_infusion,
)
from app.services.reports import blank_worksheet_data, casebook_data, worksheet_data
from tests.conftest import OpenStore
from tests.infusion_helper import T0, Dosed, nurse, randomised
from tests.reports_helper import barcodes, pdf_fonts, pdf_text

PROTOCOL = load_default()
CHECK = T0 + timedelta(hours=1)
START = CHECK + timedelta(minutes=4)
PRE = {"heart_rate_per_min": "84", "systolic_bp_mmhg": "122", "diastolic_bp_mmhg": "76",
       "spo2_percent": "96", "temperature_c": "36.8", "respiratory_rate_per_min": "18"}  # fmt: skip


def _given(opened: OpenStore, d: Dosed, *, paper: bool = False) -> str:
    """The dose given: checked, started, vitals at PRE and 15 min, 30 min skipped, a pause,
    stopped at 40 min with its end vitals."""
    n = nurse(opened)
    check_id = None
    if not paper:
        check_id = check_product(opened.store, n, d.participant_id, d.study_id, d.kit, CHECK).id
    at = START.__add__
    iid = start_infusion(opened.store, n, d.participant_id, check_id, START, "150",
                         "peripheral IV", "left forearm", now=START,
                         transcribed_from_paper=paper)  # fmt: skip
    record_vitals(opened.store, n, iid, "PRE", PRE, START - timedelta(minutes=1), now=START)
    dur15 = {**PRE, "heart_rate_per_min": "91", "temperature_c": "37.1"}
    record_vitals(opened.store, n, iid, "DUR15", dur15, at(timedelta(minutes=15)),
                  now=at(timedelta(minutes=15)))  # fmt: skip
    skip_timepoint(opened.store, n, iid, "DUR30", "participant asleep",
                   now=at(timedelta(minutes=31)))  # fmt: skip
    interrupt(opened.store, n, iid, at(timedelta(minutes=20)), "line occluded",
              now=at(timedelta(minutes=20)))  # fmt: skip
    restart(opened.store, n, iid, at(timedelta(minutes=22)), now=at(timedelta(minutes=22)))
    stop_infusion(opened.store, n, iid, at(timedelta(minutes=40)), "100",
                  now=at(timedelta(minutes=40)))  # fmt: skip
    record_vitals(opened.store, n, iid, "END", PRE, at(timedelta(minutes=41)),
                  now=at(timedelta(minutes=41)))  # fmt: skip
    return iid


def _pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _worksheet(opened: OpenStore, d: Dosed, lang: str = "en") -> bytes:
    data = worksheet_data(opened.store, PROTOCOL, d.study_id, now=START + timedelta(hours=2))
    return render_worksheet(data, lang)


def test_the_worksheet_shows_the_preparation_the_check_the_infusion_and_each_timepoint(
    opened: OpenStore, tmp_path: Path
) -> None:
    d = randomised(opened, 1)
    _given(opened, d)
    text = pdf_text(_pdf(tmp_path, "w.pdf", _worksheet(opened, d)))
    flat = " ".join(text.split())
    for expected in (
        d.study_id, d.kit, f"Study product, kit {d.kit}",
        "2026-11-25 06:00 UTC",  # prepared
        "2026-11-25 10:00 UTC",  # use-by
        "2026-11-25 07:04 UTC",  # started
        "2026-11-25 07:44 UTC",  # ended
        "150", "peripheral IV, left forearm",
        "07:24 line occluded → 07:26",
        "Not taken: participant asleep",
        "Pharmacist Person (pharmacist)", "Nurse Person (nurse)", "pharmacist2",
        "91", "37.1", "36.8",
    ):  # fmt: skip
        assert expected in flat, expected
    # The four scanned checks are ticked with the check's time; pack and prescription by hand.
    assert flat.count("2026-11-25 07:00 UTC") == 4
    assert "Transcribed from a paper worksheet" not in flat
    found = barcodes(_pdf(tmp_path, "b.pdf", _worksheet(opened, d)), tmp_path)
    assert {t for _, t in found} >= {d.study_id, d.kit}


def test_a_record_from_paper_says_so_on_the_worksheet_and_in_the_casebook(
    opened: OpenStore, tmp_path: Path
) -> None:
    d = randomised(opened, 1)
    _given(opened, d, paper=True)
    sheet = " ".join(pdf_text(_pdf(tmp_path, "w.pdf", _worksheet(opened, d))).split())
    assert "Transcribed from a paper worksheet: the paper sheet is the source document." in sheet
    book = casebook_data(opened.store, PROTOCOL, d.study_id)
    infusions = next(s for s in book.sections if s.title_en == "Infusions")
    (record,) = infusions.records
    assert ("Transcribed from paper", "Yes") in {(f.label_en, f.value) for f in record.fields}


def test_the_casebook_holds_the_infusion_its_vitals_and_the_audit_of_them(
    opened: OpenStore, tmp_path: Path
) -> None:
    d = randomised(opened, 1)
    iid = _given(opened, d)
    data = casebook_data(opened.store, PROTOCOL, d.study_id, audit=True)
    titles = [s.title_en for s in data.sections]
    for title in ("Preparation (blinded)", "Product checks", "Infusions",
                  "Infusion interruptions", "Infusion vital signs"):  # fmt: skip
        assert title in titles
    vitals = next(s for s in data.sections if s.title_en == "Infusion vital signs")
    assert len(vitals.records) == 4  # PRE, DUR15, DUR30 (skipped), END
    text = " ".join(pdf_text(_pdf(tmp_path, "c.pdf", render_casebook(data))).split())
    assert "participant asleep" in text and "line occluded" in text
    assert data.audit is not None
    assert any(a.what == "infusions.rate_ml_h" and a.new_value == "150" for a in data.audit)
    assert iid
    # Nothing sealed reaches the casebook: no ciphertext, no lot.
    assert "bk1." not in text and "LOT-2026-07" not in text


def test_the_chinese_worksheet_embeds_its_cjk_font(opened: OpenStore, tmp_path: Path) -> None:
    d = randomised(opened, 1)
    _given(opened, d)
    path = _pdf(tmp_path, "zh.pdf", _worksheet(opened, d, "zh_CN"))
    text = pdf_text(path)
    assert "实际输注量" in text and "未测量：participant asleep" in " ".join(text.split())
    assert any(row[-5] == "yes" for row in pdf_fonts(path) if len(row) >= 5)


def test_the_blank_downtime_worksheet_still_prints_boxes_for_the_infusion(tmp_path: Path) -> None:
    data = blank_worksheet_data(PROTOCOL)
    text = pdf_text(_pdf(tmp_path, "blank.pdf", render_worksheet(data)))
    assert "Downtime infusion worksheet" in text
    assert "Volume infused (mL)" in text and "Interruptions" in text


def _masked(text: str, *codes: str) -> str:
    for pattern in (*map(re.escape, codes), r"S-\d{3}", r"\d{4}-\d\d-\d\d \d\d:\d\d( UTC)?",
                    r"\b\d\d:\d\d\b"):  # fmt: skip
        text = re.sub(pattern, "#", text)
    return text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_active_and_placebo_worksheets_of_a_given_dose_are_identical_once_masked(
    opened: OpenStore, tmp_path: Path, lang: str
) -> None:
    active, placebo = randomised(opened, 1), randomised(opened, 2, arm="PLACEBO")
    _given(opened, active)
    _given(opened, placebo)
    a = pdf_text(_pdf(tmp_path, "a.pdf", _worksheet(opened, active, lang)), layout=True)
    b = pdf_text(_pdf(tmp_path, "p.pdf", _worksheet(opened, placebo, lang)), layout=True)
    assert a != b
    assert _masked(a, active.kit, placebo.kit) == _masked(b, active.kit, placebo.kit)
    for shown in ("UC-MSC", "PLACEBO", "placebo", "安慰剂", "LOT-2026-07", "Cells to give"):
        assert shown not in a and shown not in b
