"""The Safety view with 5,000 adverse events: from constructing the page to its first paint.

    .venv/bin/python bench/bench_safety.py [--events 5000] [--opens 7]

Builds a real (encrypted) store in a temporary folder: 1,000 participants on study and
``--events`` adverse events among them (bulk inserted, no audit rows: not what is
measured), a tenth of them serious, some of those already reported. Then, offscreen:
:class:`SafetyPage` is constructed, reads every event (``refresh``) and is shown until
its table has painted. Prints JSON: median and 95th percentile against 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import insert

from app.clinical.adverse_events import load_ctcae_terms
from app.models import AdverseEvent, Participant, ParticipantStatus, SaeReport
from app.protocol import load_default
from app.roles import Role
from app.services.users import add_user
from app.store.store import Store
from app.ui.safety_page import SafetyPage

PASSWORD = "bench-password-1"
TARGET_MS = 300.0


def build_store(folder: Path, events: int, participants: int = 1_000, seed: int = 5) -> Store:
    """A store with ``participants`` on study and ``events`` adverse events among them."""
    rng = random.Random(seed)
    store, admin, _key = Store.create(
        folder, site="BENCH", device="B1", admin_name="admin", admin_password=PASSWORD
    )
    add_user(store, admin, "investigator", Role.INVESTIGATOR, PASSWORD, "Ivy Investigator")
    now = datetime.now(UTC)
    people = [
        {
            "id": f"00000000-0000-4000-8000-{n:012d}",
            "screening_number": f"S-{n:05d}",
            "study_id": f"P-{n:05d}",
            "initials": "AB",
            "sex": "FM"[n % 2],
            "weight_kg": 70.0,
            "status": ParticipantStatus.INFUSED.value,
            "kit_code": f"K-{10000 + n}",
            "day0_on": date.today() - timedelta(days=n % 60),
            "created_at": now - timedelta(days=90),
        }
        for n in range(participants)
    ]
    terms = load_ctcae_terms()
    codes = list(terms.terms)
    rows: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    for n in range(events):
        term = rng.choice(codes)
        onset = now - timedelta(hours=rng.randrange(1, 24 * 60))
        serious = n % 10 == 0
        ae_id = f"00000000-0000-4000-a000-{n:012d}"
        rows.append(
            {
                "id": ae_id,
                "participant_id": people[n % participants]["id"],
                "term_code": term.code,
                "term_text": term.term,
                "ctcae_version": terms.version,
                "onset_at": onset,
                "ongoing": n % 3 == 0,
                "end_at": None if n % 3 == 0 else onset + timedelta(days=2),
                "grade": 3 if serious else 1 + n % 3,
                "serious": serious,
                "serious_hospitalisation": serious,
                "aware_at": onset if serious else None,
                "clock_started_at": onset if serious else None,
                "causality_product": (None, "unrelated", "possibly", "probably")[n % 4],
                "causality_procedures": (None, "unrelated")[n % 2],
                "entered_by": "nurse",
                "entered_at": onset + timedelta(hours=1),
            }
        )
        if serious and n % 20 == 0:
            reports.append(
                {
                    "adverse_event_id": ae_id,
                    "number": 0,
                    "reported_at": onset + timedelta(hours=12),
                    "reported_by": "Ivy Investigator",
                    "method": "email",
                }
            )
    with store.transaction(admin) as session:
        session.execute(insert(Participant), people)
        session.execute(insert(AdverseEvent), rows)
        if reports:
            session.execute(insert(SaeReport), reports)
    return store


class FirstPaint(QObject):
    """Notes when a widget has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def open_once(app: QApplication, store: Store) -> tuple[float, float, int]:
    """Wall and CPU ms from constructing the page to its table's first paint; its rows."""
    protocol = load_default()
    wall, cpu = time.perf_counter(), time.process_time()
    page = SafetyPage(store, protocol)
    page.refresh()
    probe = FirstPaint()
    page.table.viewport().installEventFilter(probe)
    page.resize(1280, 800)
    page.show()
    while not probe.painted:
        app.processEvents()
    wall_ms = (time.perf_counter() - wall) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    rows = page.proxy.rowCount()
    page.table.viewport().removeEventFilter(probe)
    page.timer.stop()
    page.close()
    page.deleteLater()
    app.processEvents()
    return wall_ms, cpu_ms, rows


def warm_up_qt(app: QApplication) -> None:
    """Paint one small window first, as the login window has before any page opens."""
    label = QLabel("warm-up")
    label.show()
    app.processEvents()
    label.close()
    label.deleteLater()
    app.processEvents()


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def measure(events: int, opens: int) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    walls: list[float] = []
    cpus: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "store", events)
        try:
            warm_up_qt(app)
            for _ in range(opens):
                wall, cpu, rows = open_once(app, store)
                walls.append(wall)
                cpus.append(cpu)
        finally:
            store.close()
    return {**summary(walls), "first_open_ms": round(walls[0], 1), "cpu_ms": summary(cpus),
            "adverse_events": rows}  # fmt: skip


def figures(quick: bool) -> dict[str, dict[str, Any]]:
    """``safety_view_open_ms`` (bench/run); quick: 300 events."""
    events, opens = (300, 2) if quick else (5_000, 3)
    return {"safety_view_open_ms": measure(events, opens)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--opens", type=int, default=7)
    args = parser.parse_args()
    result = measure(args.events, args.opens)
    result["target_ms"] = TARGET_MS
    result["within_target"] = result["p95"] <= TARGET_MS
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
