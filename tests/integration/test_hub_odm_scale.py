"""Exports stream: their memory does not grow with the audit trail.

The hub is filled straight through its tables (a real bundle round trip for tens of
thousands of rows would test the importer, not the exporters). The same export is
run on a hub five times larger; Python's peak allocation must stay about the same.
"""

from __future__ import annotations

import json
import tracemalloc
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sqlalchemy import insert

from app.hub.csv_export import export_csv
from app.hub.models import Device, HubAudit, HubRecord
from app.hub.odm import export_odm
from app.hub.store import Hub
from app.timeutil import utc_now
from tests.integration.hub_fixtures import HUB_PASSWORD, HUB_USER, STUDY

AT = "2026-11-25T08:00:00.000000Z"
VISITS = ("BASELINE", "D1", "D2", "D7", "W2", "W3", "W4")


def synthetic_hub(folder: Path, participants: int, visits_each: int) -> tuple[Hub, int]:
    """A hub holding ``participants`` × ``visits_each`` vital signs, one audit row per value."""
    hub, _ = Hub.init(folder, None, HUB_USER, HUB_PASSWORD, STUDY)
    records: list[dict[str, object]] = []
    audit: list[dict[str, object]] = []

    def add(table: str, data: dict[str, str | None]) -> str:
        record_id = str(uuid.uuid4())
        records.append(
            {
                "table_name": table,
                "record_id": record_id,
                "device": "LAP1",
                "row_version": 1,
                "deleted": False,
                "data_json": json.dumps(data),
            }
        )
        for field, value in data.items():
            if value is not None:
                audit.append(
                    {
                        "device": "LAP1",
                        "seq": len(audit) + 1,
                        "at_utc": AT,
                        "user_name": "nurse",
                        "action": "insert",
                        "table_name": table,
                        "record_id": record_id,
                        "field": field,
                        "new_value": value,
                        "prev_hash": "0" * 64,
                        "row_hash": "0" * 64,
                    }
                )
        return record_id

    for n in range(participants):
        pid = add(
            "participants",
            {
                "screening_number": f"S-{n:05d}",
                "study_id": f"WH01-{n:05d}",
                "initials": "AB",
                "sex": "F",
                "weight_kg": "70.0",
                "status": "randomised",
                "kit_code": f"K-{n:05d}",
                "created_at": AT,
            },
        )
        for v in range(visits_each):
            add(
                "vital_signs",
                {
                    "participant_id": pid,
                    "visit_code": VISITS[v % len(VISITS)],
                    "measured_at": AT,
                    "temperature_c": "38.1",
                    "heart_rate_per_min": "100",
                    "spo2_percent": "93",
                    "o2_device": "nasal_cannula",
                    "fio2_fraction": "0.32",
                    "note": "stable",
                },
            )
    with hub.session() as session:
        session.add(
            Device(
                device="LAP1",
                site="WH01",
                key_id_hex="0" * 16,
                public_key="-",
                registered_at=utc_now(),
                last_seq=0,
                audit_head_seq=0,
            )
        )
        for table, rows in ((HubRecord.__table__, records), (HubAudit.__table__, audit)):
            for start in range(0, len(rows), 2000):
                session.execute(insert(table), rows[start : start + 2000])  # type: ignore[arg-type]
    return hub, len(audit)


def peak_bytes(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_stays_flat_as_the_audit_trail_grows_fivefold(tmp_path: Path) -> None:
    small, small_rows = synthetic_hub(tmp_path / "small", 40, 10)
    large, large_rows = synthetic_hub(tmp_path / "large", 200, 10)
    try:
        assert large_rows == 5 * small_rows and large_rows > 15_000
        exports: tuple[tuple[str, Callable[[Hub, Path], object]], ...] = (
            ("odm", export_odm),
            ("csv", export_csv),
        )
        for name, export in exports:
            small_peak = peak_bytes(partial(export, small, tmp_path / f"small-{name}"))
            large_peak = peak_bytes(partial(export, large, tmp_path / f"large-{name}"))
            # Holding every item or audit row would grow ~5x; streaming stays level.
            assert large_peak < small_peak * 1.5 + 512 * 1024, (name, small_peak, large_peak)
    finally:
        small.close()
        large.close()
