"""Opening a participant with four weeks of data, and saving each visit form.

    .venv/bin/python bench/bench_participant_open.py [--participants 500] [--opens 7] [--saves 30]

Builds a real (encrypted) store in a temporary folder: ``--participants`` participants
(bulk inserted, no audit rows: not what is measured) and one of them with 28 days of
data saved through the services (every visit, vital signs every 4 h, a full lab panel
at each visit, oxygenation twice a day, symptoms, RT-PCR every other day, WHO scores).
Then, offscreen, in this process:

* ``open``: constructing :class:`VisitsPanel` and :class:`TrendChart` for that participant
  until both have painted for the first time (``first_open_ms`` is the very first);
* ``save``: one save through each form's service (vital signs, lab panel, imaging,
  symptoms, nucleic acid, WHO score, disposition), timed wall clock.

Prints JSON: medians and 95th percentiles against the targets (open ≤ 150 ms, each
save p95 ≤ 25 ms), plus the load average (a shared machine shows in wall time).
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
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget
from sqlalchemy import insert

from app.models import Oxygenation, Participant, ParticipantStatus
from app.protocol import Protocol, load_default
from app.roles import Role
from app.services import observations as obs
from app.services.users import add_user
from app.services.visits import recorded
from app.store.store import Store
from app.store.uow import Actor
from app.ui.trend_chart import TrendChart
from app.ui.visits_panel import VisitsPanel

PASSWORD = "bench-password-1"
TARGETS = {"open_ms": 150.0, "save_p95_ms": 25.0}
SYMPTOMS = ("fever", "dry_cough", "dyspnoea")


def make_store(folder: Path, participants: int) -> tuple[Store, Actor, str]:
    """A store with ``participants`` on study; returns it, a nurse and the busy one's id."""
    store, admin, _key = Store.create(
        folder, site="BENCH", device="BENCH_1", admin_name="admin", admin_password=PASSWORD
    )
    add_user(store, admin, "nurse", Role.NURSE, PASSWORD, "Nina Nurse")
    nurse = store.unlock("nurse", PASSWORD)
    now = datetime.now(UTC)
    rows = [
        {
            "id": f"00000000-0000-0000-0000-{n:012d}",
            "row_version": 1,
            "screening_number": f"S-{n:04d}",
            "study_id": f"P-{n:04d}",
            "initials": "AB",
            "sex": "FM"[n % 2],
            "age_years": 40 + n % 30,
            "weight_kg": 70.0,
            "status": ParticipantStatus.INFUSED.value,
            "day0_on": date.today() - timedelta(days=n % 40),
            "created_at": now - timedelta(days=50),
        }
        for n in range(participants)
    ]
    with store.transaction(nurse) as session:
        session.execute(insert(Participant), rows)
    return store, nurse, rows[0]["id"]


def seed_four_weeks(
    store: Store, nurse: Actor, protocol: Protocol, pid: str, day0: date, days: int = 28
) -> None:
    """Four weeks of a recovering participant, saved the way the forms save them."""
    rng = random.Random(4)
    with store.transaction(nurse, reason="bench: day 0") as session:
        session.get_one(Participant, pid).day0_on = day0
    start = datetime.combine(day0, datetime.min.time()).astimezone()
    visit_day = {v.day: v.code for v in protocol.visits}
    for hour in range(0, days * 24, 4):
        at = start + timedelta(hours=hour + 2)
        code = visit_day.get(hour // 24, obs.UNSCHEDULED)
        spo2 = min(99, 88 + hour // 24 // 3 + rng.randint(-1, 1))
        entry = obs.VitalSignsEntry(
            code,
            at,
            f"{37.0 + rng.random() * 1.5:.1f}",
            str(rng.randint(70, 110)),
            str(rng.randint(16, 30)),
            str(rng.randint(105, 140)),
            str(rng.randint(60, 85)),
            str(spo2),
        )
        obs.record_vital_signs(store, nurse, protocol, pid, entry, confirm_unusual=True)
    for visit in protocol.visits:
        if visit.day > days:
            continue
        drawn = start + timedelta(days=visit.day, hours=7)
        recovery = Decimal(visit.day) / 28
        values = []
        for test in protocol.labs:
            number = {
                "CRP": 80 - 70 * recovery,
                "IL6": 60 - 55 * recovery,
                "LYMPH": Decimal("0.6") + recovery,
            }.get(test.code, Decimal(5))
            limits = test.units[0].range
            if limits is not None and not limits.hard_min <= number <= limits.hard_max:
                number = (limits.soft_min + limits.soft_max) / 2
            values.append(obs.LabValueEntry(test.code, f"{number:.2f}", test.units[0].label))
        panel = obs.LabPanelEntry(visit.code, drawn, tuple(values))
        obs.record_lab_panel(store, nurse, protocol, pid, panel, confirm_unusual=True)
        obs.record_who_score(
            store,
            nurse,
            protocol,
            pid,
            obs.WhoScoreEntry(visit.code, drawn.date(), 6 if visit.day < 7 else 4),
            confirm_unusual=True,
        )
        if visit.day in (0, 14, 28):
            imaging = obs.ImagingEntry(visit.code, drawn.date(), "CT", str(60 - 2 * visit.day))
            obs.record_imaging(store, nurse, protocol, pid, imaging)
    with store.transaction(nurse) as session:
        for day in range(days):
            for hour in (6, 18):
                pf = Decimal(180 + 5 * day + rng.randint(-10, 10))
                session.add(
                    Oxygenation(
                        participant_id=pid,
                        measured_at=start + timedelta(days=day, hours=hour),
                        spo2_percent=str(min(99, 89 + day // 3)),
                        o2_device="nasal_cannula",
                        fio2_fraction="0.40",
                        pao2_entered=str(pf * Decimal("0.4")),
                        pao2_unit="mmHg",
                        pf_ratio_mmhg=str(pf),
                    )
                )
    onset = day0 - timedelta(days=5)
    obs.record_symptoms(
        store,
        nurse,
        pid,
        [
            obs.SymptomEntry(s, onset, onset + timedelta(days=8 + 3 * i) if i < 2 else None)
            for i, s in enumerate(SYMPTOMS)
        ],
    )
    for day in range(0, days, 2):
        result = "positive" if day < 10 else "negative"
        obs.record_nucleic_acid(
            store,
            nurse,
            pid,
            obs.NucleicAcidEntry(
                start + timedelta(days=day, hours=8), "nasopharyngeal_swab", result
            ),
        )


# -- measuring -----------------------------------------------------------------------------


class FirstPaint(QObject):
    """Notes when a widget has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


class Clock:
    """Wall time and this process's CPU time of each measured step, in ms."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append(round((time.perf_counter() - self._wall) * 1000, 2))
        self.cpu.append(round((time.process_time() - self._cpu) * 1000, 2))


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": ordered[-1],
        "n": len(ordered),
    }


def warm_up_qt(app: QApplication) -> None:
    """Paint one small window first, as the login window has before any page opens."""
    label = QLabel("warm-up")
    label.show()
    app.processEvents()
    label.close()
    label.deleteLater()
    app.processEvents()


def measure_open(
    app: QApplication, store: Store, nurse: Actor, protocol: Protocol, pid: str, clock: Clock
) -> QWidget:
    """The visits panel and the trend chart side by side, until both have painted."""
    with clock:
        holder = QWidget()
        panel = VisitsPanel(store, nurse, protocol, pid)
        chart = TrendChart(store, nurse, protocol, pid)
        row = QHBoxLayout(holder)
        row.addWidget(panel)
        row.addWidget(chart)
        probe = FirstPaint()
        panel.table().viewport().installEventFilter(probe)
        holder.resize(1600, 900)
        holder.show()
        while not (probe.painted and chart.canvas.painted):
            app.processEvents()
    panel.table().viewport().removeEventFilter(probe)
    return holder


def save_calls(
    store: Store, nurse: Actor, protocol: Protocol, pid: str
) -> dict[str, Callable[[int], Any]]:
    """One save per form through its service; ``i`` makes each save a real change."""
    start = datetime.now(UTC) - timedelta(hours=6)
    onset = date.today() - timedelta(days=40)
    panel = tuple(
        obs.LabValueEntry(t.code, "12.5", t.units[0].label, "0", "10") for t in protocol.labs
    )
    return {
        "vitals": lambda i: obs.record_vital_signs(
            store,
            nurse,
            protocol,
            pid,
            obs.VitalSignsEntry(
                obs.UNSCHEDULED,
                start + timedelta(minutes=i),
                "37.2",
                "88",
                "22",
                "124",
                "76",
                "94",
                "nasal_cannula",
                "3",
            ),
        ),
        "labs": lambda i: obs.record_lab_panel(
            store,
            nurse,
            protocol,
            pid,
            obs.LabPanelEntry(obs.UNSCHEDULED, start + timedelta(minutes=i), panel),
        ),
        "imaging": lambda i: obs.record_imaging(
            store,
            nurse,
            protocol,
            pid,
            obs.ImagingEntry(obs.UNSCHEDULED, date.today(), "CT", str(30 + i % 10)),
        ),
        "symptoms": lambda i: obs.record_symptoms(
            store,
            nurse,
            pid,
            [obs.SymptomEntry(s, onset, onset + timedelta(days=10 + i)) for s in SYMPTOMS],
            reason="bench: resolution date corrected",
        ),
        "virology": lambda i: obs.record_nucleic_acid(
            store,
            nurse,
            pid,
            obs.NucleicAcidEntry(start + timedelta(minutes=i), "sputum", "negative"),
        ),
        "who": lambda i: obs.record_who_score(
            store,
            nurse,
            protocol,
            pid,
            obs.WhoScoreEntry(obs.UNSCHEDULED, date.today(), i % 6),
        ),
        "disposition": lambda i: obs.record_disposition(
            store,
            nurse,
            pid,
            obs.DispositionEntry("discharged", date.today() - timedelta(days=i % 5)),
        ),
    }


def figures(quick: bool) -> dict[str, dict[str, Any]]:
    """``participant_open_ms``: the visits panel and trend chart of a participant with
    four weeks of data (quick: fewer others, fewer opens) (bench/run)."""
    participants, days, opens = (50, 28, 4) if quick else (500, 28, 7)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    protocol = load_default()
    with tempfile.TemporaryDirectory() as tmp:
        store, nurse, pid = make_store(Path(tmp) / "store", participants)
        try:
            day0 = date.today() - timedelta(days=days + 1)
            seed_four_weeks(store, nurse, protocol, pid, day0, days=days)
            held = recorded(store, pid)
            warm_up_qt(app)
            opened = Clock()
            shown: QWidget | None = None
            for _ in range(opens):
                if shown is not None:
                    shown.close()
                    shown.deleteLater()
                    app.processEvents()
                shown = measure_open(app, store, nurse, protocol, pid, opened)
            if shown is not None:
                shown.close()
        finally:
            store.close()
    return {
        "participant_open_ms": {
            **summary(opened.wall),
            "first_open_ms": opened.wall[0],
            "cpu_ms": summary(opened.cpu),
            "days_of_data": days,
            "vital_signs": len(held.vitals),
            "participants": participants,
        }
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    protocol = load_default()
    with tempfile.TemporaryDirectory() as tmp:
        build_start = time.perf_counter()
        store, nurse, pid = make_store(Path(tmp) / "store", args.participants)
        try:
            seed_four_weeks(store, nurse, protocol, pid, date.today() - timedelta(days=29))
            build_s = round(time.perf_counter() - build_start, 1)
            held = recorded(store, pid)
            rows = {
                "vital_signs": len(held.vitals),
                "lab_panels": len(held.lab_panels),
                "lab_results": sum(len(p.record_ids) for p in held.lab_panels),
                "who_scores": len(held.who_scores),
                "nucleic_acid": len(held.nucleic_acid),
            }
            load_before = os.getloadavg()[0]
            warm_up_qt(app)
            opens = Clock()
            shown: QWidget | None = None
            for _ in range(args.opens):
                if shown is not None:
                    shown.close()
                    shown.deleteLater()
                    app.processEvents()
                shown = measure_open(app, store, nurse, protocol, pid, opens)
            saves = {name: Clock() for name in save_calls(store, nurse, protocol, pid)}
            for i in range(args.saves):
                for name, call in save_calls(store, nurse, protocol, pid).items():
                    with saves[name]:
                        call(i)
        finally:
            store.close()
    open_s = summary(opens.wall)
    save_s = {name: summary(clock.wall) for name, clock in saves.items()}
    result = {
        "participants": args.participants,
        "busy_participant": rows,
        "build_store_s": build_s,
        "open_ms": open_s,
        "first_open_ms": opens.wall[0],
        "save_ms": save_s,
        "cpu_ms": {
            "open": summary(opens.cpu),
            "save": {n: summary(c.cpu) for n, c in saves.items()},
        },
        "load_average_1m": {"before": load_before, "after": os.getloadavg()[0]},
        "cpus": os.cpu_count(),
        "targets": TARGETS,
        "meets_targets": {
            "open_ms": open_s["p95"] <= TARGETS["open_ms"],
            "save_p95_ms": all(s["p95"] <= TARGETS["save_p95_ms"] for s in save_s.values()),
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
