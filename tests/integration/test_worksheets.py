"""Worksheets and printouts: what poppler reads, what a barcode reader decodes, the
embedded CJK font, and blinding (an active and a placebo participant print alike)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.errors import InvalidInput, NotPermitted
from app.protocol import Protocol, load_default
from app.reports.casebook import render_casebook
from app.reports.checklist import render_checklist
from app.reports.preparation import render_preparation
from app.reports.worksheet import render_worksheet
from app.roles import Role
from app.services.reports import (
    blank_worksheet_data,
    casebook_data,
    preparation_data,
    worksheet_data,
)
from tests.conftest import OpenStore
from tests.reports_helper import add_participant, barcodes, kit_code, pdf_fonts, pdf_text

ACTIVE_KIT = kit_code("K7Q4M2X")
PLACEBO_KIT = kit_code("D3N8RTW")


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    return load_default()


@pytest.fixture
def two(opened: OpenStore) -> OpenStore:
    """WH01-0001 was given an active kit and WH01-0002 a placebo kit (the test says so;
    nothing in the store does)."""
    nurse = opened.actor(Role.NURSE)
    add_participant(opened.store, nurse, screening_number="WH01-L1-0001", study_id="WH01-0001",
                    kit=ACTIVE_KIT, initials="LW")  # fmt: skip
    add_participant(opened.store, nurse, screening_number="WH01-L1-0002", study_id="WH01-0002",
                    kit=PLACEBO_KIT, initials="ZQ")  # fmt: skip
    return opened


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_worksheet_carries_study_id_kit_code_volume_and_every_timepoint(
    two: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    data = worksheet_data(two.store, protocol, "WH01-0001", printed_by="nurse")
    words = pdf_text(_write(tmp_path, "w.pdf", render_worksheet(data, "en")))
    assert "Study ID: WH01-0001" in words
    assert f"Kit code: {ACTIVE_KIT}" in words
    assert f"Study product, kit {ACTIVE_KIT}" in words
    assert "Volume (mL)" in words and "\n100\n" in words
    assert "70" in words  # weight
    for label in ("Before infusion", "15 min into infusion", "30 min into infusion",
                  "End of infusion", "1 h after end", "2 h after end", "6 h after end",
                  "24 h after end"):  # fmt: skip
        assert label in words
    for line in ("Prepared by", "Checked by", "Given by"):
        assert line in words
    assert "Wristband study ID scanned" in words and "Bag inspected" in words


def test_both_barcodes_decode_to_the_study_id_and_the_kit_code(
    two: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    data = worksheet_data(two.store, protocol, "WH01-0002")
    pdf = _write(tmp_path, "w.pdf", render_worksheet(data, "en"))
    found = barcodes(pdf, tmp_path)
    assert sorted(found) == sorted([("Code128", "WH01-0002"), ("Code128", PLACEBO_KIT)])


def test_the_chinese_worksheet_has_cjk_text_in_an_embedded_font(
    two: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    data = worksheet_data(two.store, protocol, "WH01-0001")
    pdf = _write(tmp_path, "zh.pdf", render_worksheet(data, "zh_CN"))
    words = pdf_text(pdf)
    assert "输注记录单" in words and "输注结束后 24 小时" in words and "研究用药，药盒" in words
    assert re.search(r"[\u4e00-\u9fff]", words)
    fonts = pdf_fonts(pdf)
    assert fonts, "no font in the PDF"
    for row in fonts:
        assert "WenQuanYiMicroHei" in row[0]
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, unicode map
    assert sorted(barcodes(pdf, tmp_path)) == sorted(
        [("Code128", "WH01-0001"), ("Code128", ACTIVE_KIT)]
    )


def _masked(text: str) -> str:
    for pattern in (r"WH01-\d{4}", ACTIVE_KIT, PLACEBO_KIT, r"\bLW\b", r"\bZQ\b",
                    r"\d{4}-\d\d-\d\d \d\d:\d\d( UTC)?"):  # fmt: skip
        text = re.sub(pattern, "#", text)
    return text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_active_and_placebo_worksheets_are_identical_once_ids_codes_names_and_times_are_masked(
    two: OpenStore, protocol: Protocol, tmp_path: Path, lang: str
) -> None:
    active = render_worksheet(worksheet_data(two.store, protocol, "WH01-0001"), lang)
    placebo = render_worksheet(worksheet_data(two.store, protocol, "WH01-0002"), lang)
    a = pdf_text(_write(tmp_path, "a.pdf", active), layout=True)
    b = pdf_text(_write(tmp_path, "b.pdf", placebo), layout=True)
    assert _masked(a) == _masked(b)
    assert a != b  # the IDs really were there to mask
    assert len(active) == pytest.approx(len(placebo), rel=0.02)
    for arm in protocol.arms:
        for shown in (arm.name_en, arm.name_zh, arm.intervention_en, arm.intervention_zh):
            assert shown not in a and shown not in b
    # (The study's public title names stem cells; what differs between arms must not show.)
    for word in ("placebo", "Placebo", "安慰剂", "Cells to give", "细胞数", "UNBLINDED", "非盲"):
        assert word not in a and word not in b


def test_a_participant_without_a_kit_has_no_worksheet_but_a_blank_one(
    opened: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    nurse = opened.actor(Role.NURSE)
    add_participant(opened.store, nurse, screening_number="WH01-L1-0009", study_id="WH01-0009",
                    kit=None)  # fmt: skip
    with pytest.raises(InvalidInput, match="no kit allocated yet"):
        worksheet_data(opened.store, protocol, "WH01-0009")
    with pytest.raises(InvalidInput, match="No participant has that study ID"):
        worksheet_data(opened.store, protocol, "WH01-0404")
    blank = blank_worksheet_data(protocol, opened.store, "wh01-0009 ")
    words = pdf_text(_write(tmp_path, "b.pdf", render_worksheet(blank, "en")))
    assert "Downtime infusion worksheet" in words
    assert "Transcribe every entry into Bedside" in words
    assert "Study ID: WH01-0009" in words


def test_the_blank_downtime_worksheet_says_it_must_be_transcribed_in_both_languages(
    protocol: Protocol, tmp_path: Path
) -> None:
    blank = blank_worksheet_data(protocol)
    en = pdf_text(_write(tmp_path, "en.pdf", render_worksheet(blank, "en")))
    zh = pdf_text(_write(tmp_path, "zh.pdf", render_worksheet(blank, "zh_CN")))
    assert "Transcribe every entry into Bedside" in en and "Study ID: ____" in en
    assert "由纸质转录" in zh and "停机备用输注记录单" in zh
    assert barcodes(tmp_path / "en.pdf", tmp_path) == []


def test_the_preparation_sheet_names_the_arm_it_is_given_and_says_unblinded(
    two: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    pharmacist = two.actor(Role.PHARMACIST)
    active = preparation_data(two.store, pharmacist, protocol, "WH01-0001", "A", lot="L-22")
    placebo = preparation_data(two.store, pharmacist, protocol, "WH01-0002", "B")
    a = pdf_text(_write(tmp_path, "a.pdf", render_preparation(active, "en")))
    b = pdf_text(_write(tmp_path, "b.pdf", render_preparation(placebo, "zh_CN")))
    assert "UNBLINDED" in a and "pharmacy file only" in a and "UC-MSCs treatment group" in a
    assert "7 × 10" in a  # 1e6 cells/kg × 70 kg, with the power as a superscript 7
    assert "L-22" in a
    assert "非盲" in b and "对照组（安慰剂）" in b
    assert sorted(barcodes(tmp_path / "a.pdf", tmp_path)) == sorted(
        [("Code128", "WH01-0001"), ("Code128", ACTIVE_KIT)]
    )


@pytest.mark.parametrize("role", [Role.NURSE, Role.INVESTIGATOR, Role.MONITOR])
def test_only_an_unblinded_person_gets_a_preparation_sheet(
    two: OpenStore, protocol: Protocol, role: Role
) -> None:
    with pytest.raises(NotPermitted):
        preparation_data(two.store, two.actor(role), protocol, "WH01-0001", "A")


def test_a_signed_worksheet_prints_the_manifestation_and_void_when_voided(
    protocol: Protocol, tmp_path: Path, two: OpenStore
) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from app.reports.data import SignatureMark

    when = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    data = replace(
        worksheet_data(two.store, protocol, "WH01-0001"),
        prepared_by=SignatureMark("Pat Pharmacist", when, "Prepared and released"),
        given_by=SignatureMark("Nina Nurse", when, "Given", void=True),
    )
    words = pdf_text(_write(tmp_path, "s.pdf", render_worksheet(data, "en")), layout=True)
    assert "Signed by: Pat Pharmacist · 2026-11-30 09:15 UTC · Meaning: Prepared and released" in (
        words
    )
    assert "Nina Nurse" in words and "VOID" in words


def test_the_casebook_holds_every_form_and_optionally_the_audit_trail(
    two: OpenStore, protocol: Protocol, tmp_path: Path
) -> None:
    plain = casebook_data(two.store, protocol, "WH01-0001")
    with_audit = casebook_data(two.store, protocol, "WH01-0001", audit=True)
    assert plain.audit is None and with_audit.audit
    words = pdf_text(_write(tmp_path, "c.pdf", render_casebook(with_audit, "en")))
    for title in ("Screening and enrolment", "Eligibility checklist", "Vital signs",
                  "Laboratory", "Audit trail", ACTIVE_KIT, "WH01-L1-0001"):  # fmt: skip
        assert title in words
    assert "WH01-0002" not in words  # another participant's trail stays out
    zh = pdf_text(_write(tmp_path, "cz.pdf", render_casebook(plain, "zh_CN")))
    assert "受试者病例报告" in zh and "Audit trail" not in zh and "稽查轨迹" not in zh


def test_the_eligibility_checklist_renders_every_criterion(
    protocol: Protocol, tmp_path: Path
) -> None:
    from app.reports.data import ChecklistData, CriterionAnswer
    from app.services.reports import study_heading

    data = ChecklistData(
        study=study_heading(protocol),
        study_id=None,
        screening_number="WH01-L1-0003",
        initials="AB",
        assessed_on="2026-11-30",
        evidence=(),
        criteria=tuple(
            CriterionAnswer(c.id, c.text_en, c.text_zh, c.is_exclusion, True)
            for c in protocol.criteria
        ),
        verdict_text="Eligible.",
        signatures=(),
    )
    words = pdf_text(_write(tmp_path, "e.pdf", render_checklist(data, "en")), layout=True)
    for c in protocol.criteria:
        assert c.id in words
    assert "Not signed" in words and "Eligible." in words
