"""The adverse-event report PDF: what poppler reads, the embedded CJK font, the signature
states, blinding (an active and a placebo participant print alike), and the CLI."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.clinical.adverse_events import AeEntry
from app.clinical.conmeds import ConMedEntry
from app.protocol import Protocol, load_default
from app.reports.ae_report import render_ae_report
from app.roles import Role
from app.services.adverse_events import mark_reported, record_ae, sign_ae
from app.services.ae_report import ae_report_data
from app.services.conmeds import record_conmed
from tests.conftest import PASSWORDS, CliResult, OpenStore, run_cli
from tests.reports_helper import add_participant, kit_code, pdf_fonts, pdf_text

ACTIVE_KIT = kit_code("K7Q4M2X")
PLACEBO_KIT = kit_code("D3N8RTW")
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PROTOCOL = load_default()


def _serious(onset: datetime) -> AeEntry:
    return AeEntry(
        "hypoxia", "", onset, grade=3, seriousness=frozenset({"hospitalisation"}),
        aware_at=onset + timedelta(hours=1), outcome="recovering", action_taken="none",
        description="SpO2 84 % on 6 L/min; moved to the HDU.",
    )  # fmt: skip


@pytest.fixture
def two(opened: OpenStore) -> tuple[OpenStore, dict[str, str]]:
    """WH01-0001 was given an active kit and WH01-0002 a placebo kit (the test says so;
    nothing in the store does), each with the same serious event and con-med."""
    nurse = opened.actor(Role.NURSE)
    ids: dict[str, str] = {}
    for n, (kit, initials) in enumerate(((ACTIVE_KIT, "LW"), (PLACEBO_KIT, "ZQ")), start=1):
        pid = add_participant(opened.store, nurse, screening_number=f"WH01-L1-000{n}",
                              study_id=f"WH01-000{n}", kit=kit, initials=initials)  # fmt: skip
        ids[f"p{n}"] = pid
        ids[f"ae{n}"] = record_ae(opened.store, nurse, PROTOCOL, pid,
                                  _serious(NOW - timedelta(hours=30)), now=NOW)  # fmt: skip
        record_conmed(opened.store, nurse, pid,
                      ConMedEntry("Dexamethasone", "6", "mg", "iv", "once daily",
                                  start_on=NOW.date() - timedelta(days=3), ongoing=True,
                                  indication="COVID-19 pneumonia", conventional=True),
                      today=NOW.date())  # fmt: skip
    return opened, ids


def _pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _report(opened: OpenStore, ae_id: str, lang: str = "en", now: datetime = NOW) -> bytes:
    data = ae_report_data(opened.store, PROTOCOL, ae_id, printed_by="nurse", now=now)
    return render_ae_report(data, lang)


def test_the_sae_form_carries_every_field_the_sponsor_needs(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path
) -> None:
    opened, ids = two
    words = pdf_text(_pdf(tmp_path, "en.pdf", _report(opened, ids["ae1"])))
    flat = " ".join(words.split())
    for expected in (
        "Serious adverse event report", "This form: Initial report", "NCT04339660", "WH01",
        "WH01-0001", f"Study product, kit {ACTIVE_KIT}", "Hypoxia (CTCAE v5.0)",
        "3 — Severe", "Onset 2026-11-26 03:00 UTC", "End —",
        "Requires or prolongs hospitalisation", "Causality: study product not assessed",
        "against Investigator's Brochure, UC-MSC, IB v1.0", "No action with the study product",
        "Recovering / resolving", "Site aware 2026-11-26 04:00 UTC",
        "Deadline 2026-11-27 04:00 UTC", "Clock overdue", "No report sent yet.",
        "Dexamethasone", "6 mg", "once daily", "COVID-19 pneumonia", "Not signed",
    ):  # fmt: skip
        assert expected in flat, expected
    assert "due 2026-11-27 04:00 UTC: overdue" in flat.replace("Due", "due")


def test_reports_sent_are_numbered_and_the_form_is_the_next_follow_up(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path
) -> None:
    opened, ids = two
    nurse = opened.actor(Role.NURSE)
    now = datetime.now(UTC)
    mark_reported(opened.store, nurse, ids["ae1"], now - timedelta(minutes=30), "fax",
                  "Initial form faxed.", now=now)  # fmt: skip
    mark_reported(opened.store, nurse, ids["ae1"], now - timedelta(minutes=5), "email", now=now)
    flat = " ".join(pdf_text(_pdf(tmp_path, "f.pdf", _report(opened, ids["ae1"], now=now))).split())
    assert "This form: Follow-up 2" in flat
    assert "Initial report" in flat and "Follow-up 1" in flat
    assert "Nurse Person Fax Initial form faxed." in flat and "E-mail" in flat
    assert "Clock reported late" in flat


def test_the_signature_prints_its_manifestation_then_void_after_an_edit(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path
) -> None:
    opened, ids = two
    investigator = opened.actor(Role.INVESTIGATOR)
    assessed = AeEntry(**{**_serious(NOW - timedelta(hours=30)).__dict__,
                          "causality_product": "possibly", "causality_procedures": "not_related",
                          "expectedness": "unexpected"})  # fmt: skip
    record_ae(opened.store, investigator, PROTOCOL, ids["p1"], assessed, record_id=ids["ae1"],
              reason="investigator's assessment", now=NOW)  # fmt: skip
    sign_ae(opened.store, investigator, PROTOCOL, PASSWORDS[Role.INVESTIGATOR], ids["ae1"])
    signed = " ".join(pdf_text(_pdf(tmp_path, "s.pdf", _report(opened, ids["ae1"]))).split())
    assert "Signed by: Investigator Person" in signed and "VOID" not in signed
    assert "Possibly related" in signed and "Unexpected" in signed
    edited = AeEntry(**{**assessed.__dict__, "grade": 4})
    record_ae(opened.store, investigator, PROTOCOL, ids["p1"], edited, record_id=ids["ae1"],
              reason="worsened: intubated", now=NOW)  # fmt: skip
    void = " ".join(pdf_text(_pdf(tmp_path, "v.pdf", _report(opened, ids["ae1"]))).split())
    assert "VOID" in void and "the investigator signs again" in void


def test_the_chinese_report_has_cjk_text_in_an_embedded_font(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path
) -> None:
    opened, ids = two
    pdf = _pdf(tmp_path, "zh.pdf", _report(opened, ids["ae1"], "zh_CN"))
    words = pdf_text(pdf)
    for expected in (
        "严重不良事件报告",
        "需要住院或延长住院时间",
        "研究用药，药盒",
        "未签名",
        "已超时",
    ):
        assert expected in words, expected
    fonts = pdf_fonts(pdf)
    assert fonts, "no font in the PDF"
    for row in fonts:
        assert "WenQuanYiMicroHei" in row[0]
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, unicode map


def _masked(text: str) -> str:
    for pattern in (r"WH01-(L1-)?\d{4}", ACTIVE_KIT, PLACEBO_KIT, r"\bLW\b", r"\bZQ\b",
                    r"\d{4}-\d\d-\d\d \d\d:\d\d( UTC)?"):  # fmt: skip
        text = re.sub(pattern, "#", text)
    return text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_active_and_placebo_reports_are_identical_once_ids_codes_and_names_are_masked(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path, lang: str
) -> None:
    opened, ids = two
    protocol: Protocol = PROTOCOL
    a = pdf_text(_pdf(tmp_path, "a.pdf", _report(opened, ids["ae1"], lang)), layout=True)
    b = pdf_text(_pdf(tmp_path, "b.pdf", _report(opened, ids["ae2"], lang)), layout=True)
    assert _masked(a) == _masked(b)
    assert a != b  # the IDs really were there to mask
    for arm in protocol.arms:
        for shown in (arm.name_en, arm.name_zh, arm.intervention_en, arm.intervention_zh):
            assert shown not in a and shown not in b
    for word in ("placebo", "Placebo", "安慰剂", "Cells to give", "cell count", "细胞数",
                 "Lot", "批号", "Viability", "活率", "UNBLINDED", "非盲"):  # fmt: skip
        assert word not in a and word not in b


def test_bedside_ae_report_writes_the_pdf_and_refuses_bad_input_in_one_line(
    two: tuple[OpenStore, dict[str, str]], tmp_path: Path
) -> None:
    opened, ids = two
    opened.store.close()
    out = tmp_path / "out" / "sae.pdf"
    out.parent.mkdir()

    def run(*args: str) -> CliResult:
        return run_cli("ae", "report", *args, data_dir=opened.data_dir, user="nurse",
                       password=PASSWORDS[Role.NURSE])  # fmt: skip

    done = run(ids["ae2"], "--out", str(out), "--lang", "zh_CN")
    assert done.returncode == 0, done.stderr
    assert f"药盒 {PLACEBO_KIT}" in pdf_text(out)
    out.unlink()
    done = run(ids["ae2"], "--out", str(out))
    assert done.returncode == 0 and f"kit {PLACEBO_KIT}" in pdf_text(out)
    out.unlink()
    for bad in (("no-such-event", "--out", str(out)),
                (ids["ae2"], "--out", str(out), "--lang", "fr"),
                (ids["ae2"], "--out", str(tmp_path / "missing" / "x.pdf")),
                (ids["ae2"], "--out", str(tmp_path / "out" / "x.txt"))):  # fmt: skip
        done = run(*bad)
        assert done.returncode != 0
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("bedside: ")
    assert list(out.parent.iterdir()) == []
