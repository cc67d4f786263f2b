"""Printout speed (JSON): the first worksheet (font load), one warm worksheet, 100 blank
ones, and the casebook of a participant with 4 weeks of data, without and with its audit
trail (goal 2 s)."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.models import (
    Infusion,
    InfusionStatus,
    InfusionVitals,
    LabResult,
    Participant,
    Preparation,
    PreparationStatus,
    VitalSigns,
)
from app.protocol import load_default
from app.reports.casebook import render_casebook
from app.reports.worksheet import render_worksheet
from app.services.reports import blank_worksheet_data, casebook_data
from app.store.store import Store

DAY0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
ANALYTES = ("CRP", "WBC", "LYM", "HB", "PLT", "ALT", "CREA")


def seconds(count: int, data: object) -> float:
    start = time.perf_counter()
    for _ in range(count):
        render_worksheet(data)  # type: ignore[arg-type]
    return time.perf_counter() - start


def four_weeks(folder: Path) -> Store:
    """A store with one participant: vitals four times a day and a lab panel every other
    day for 28 days, and an infusion with its timed vital signs."""
    store, admin, _ = Store.create(folder, site="WH01", device="BENCH", admin_name="admin",
                                   admin_password="bench pass 1",
                                   admin_full_name="Ada Admin")  # fmt: skip
    with store.transaction(admin) as session:
        p = Participant(screening_number="SCR-1", study_id="S-001", initials="AB", sex="F",
                        weight_kg=70.0, status="infused", kit_code="K2222223",
                        day0_on=DAY0.date(), created_at=DAY0)  # fmt: skip
        session.add(p)
        session.flush()
        for hour in range(0, 28 * 24, 6):
            at = DAY0 + timedelta(hours=hour)
            session.add(VitalSigns(participant_id=p.id, visit_code="UNSCHED", measured_at=at,
                                   temperature_c=37.1, heart_rate_per_min=88,
                                   respiratory_rate_per_min=22, systolic_bp_mmhg=122,
                                   diastolic_bp_mmhg=76, spo2_percent=94))  # fmt: skip
        for day in range(0, 28, 2):
            for code in ANALYTES:
                session.add(LabResult(participant_id=p.id, visit_code="UNSCHED",
                                      sampled_at=DAY0 + timedelta(days=day), analyte_code=code,
                                      value_entered="12.5", unit="mg/L"))  # fmt: skip
        # The sealed content is never read by a blinded printout: any text stands in for it.
        prep = Preparation(participant_id=p.id, kit_code="K2222223", dose_number=1,
                           weight_kg="70", volume_ml="100", prepared_at=DAY0,
                           use_by_at=DAY0 + timedelta(hours=4), appearance_ok=True,
                           content_sealed="bk1.1.bench", prepared_by="admin",
                           status=PreparationStatus.RELEASED)  # fmt: skip
        session.add(prep)
        session.flush()
        infusion = Infusion(participant_id=p.id, preparation_id=prep.id, dose_number=1,
                            started_at=DAY0, started_by="admin",
                            stopped_at=DAY0 + timedelta(minutes=40),
                            rate_ml_h="150", volume_infused_ml="100", line="IV", site="arm",
                            status=InfusionStatus.COMPLETED)  # fmt: skip
        session.add(infusion)
        session.flush()
        for minutes, code in ((0, "PRE"), (15, "DUR15"), (30, "DUR30"), (40, "END"),
                              (100, "POST60"), (160, "POST120"), (400, "POST360")):  # fmt: skip
            at = DAY0 + timedelta(minutes=minutes)
            session.add(InfusionVitals(infusion_id=infusion.id, timepoint_code=code, target_at=at,
                                       measured_at=at, measured_by="admin",
                                       heart_rate_per_min="88", temperature_c="37.1"))  # fmt: skip
    return store


def casebook_seconds(store: Store, *, audit: bool) -> float:
    protocol = load_default()
    start = time.perf_counter()
    render_casebook(casebook_data(store, protocol, "S-001", audit=audit))
    return time.perf_counter() - start


def figures(quick: bool) -> dict[str, dict[str, Any]]:
    """One warm worksheet, 100 blank ones (quick: 10, scaled to 100), the casebook of four
    weeks with its audit trail (bench/run)."""
    data = blank_worksheet_data(load_default())
    first = seconds(1, data)
    warm = [seconds(1, data) * 1000 for _ in range(3 if quick else 7)]
    count = 10 if quick else 100
    blank = seconds(count, data) * 100 / count
    with tempfile.TemporaryDirectory() as folder:
        store = four_weeks(Path(folder) / "store")
        try:
            casebook_seconds(store, audit=False)  # the first loads the fonts
            books = [casebook_seconds(store, audit=True) for _ in range(1 if quick else 3)]
        finally:
            store.close()
    return {
        "worksheet_pdf_ms": {
            "median": round(statistics.median(warm), 1),
            "n": len(warm),
            "first_ms": round(first * 1000, 1),
        },
        "blank_worksheets_100_s": {
            "median": round(blank, 2),
            "measured": count,
            **({"scaled_from": count} if count != 100 else {}),
        },
        "casebook_s": {"median": round(statistics.median(books), 3), "n": len(books),
                       "audit_trail": True},
    }  # fmt: skip


def main() -> None:
    data = blank_worksheet_data(load_default())
    first = seconds(1, data)
    warm = seconds(1, data)
    hundred = seconds(100, data)
    with tempfile.TemporaryDirectory() as folder:
        store = four_weeks(Path(folder) / "store")
        try:
            casebook = casebook_seconds(store, audit=False)
            with_audit = casebook_seconds(store, audit=True)
        finally:
            store.close()
    print(json.dumps({"first_worksheet_ms": first * 1000, "worksheet_ms": warm * 1000,
                      "hundred_blank_s": hundred, "casebook_4_weeks_s": casebook,
                      "casebook_4_weeks_audit_s": with_audit}))  # fmt: skip


if __name__ == "__main__":
    main()
