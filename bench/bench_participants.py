"""The participants screen with 10,000 participants: open, filter keystrokes, memory.

    .venv/bin/python bench/bench_participants.py [--participants 10000] [--opens 7] [--rounds 5]

Builds a real (encrypted) store in a temporary folder with bulk inserts (no audit
rows: the audit trail is not what is measured here), then, offscreen, in this
process:

* ``open``: constructing :class:`ParticipantsView` (the service reads every row,
  the model loads them) until its table has painted for the first time, after
  Qt has painted one small window (as the login window has in the app);
  ``first_open_ms`` is the first of these, before any query is cached;
* ``keystroke``: one key typed into the search box (a real key event), with the
  filter applied and the table repainted, over a realistic sequence of typing,
  correcting, clearing and scanning;
* ``sort``: one click on a column header (not a target; for information);
* ``peak_rss_mb``: the process's peak resident memory (``ru_maxrss``) at the end.

Prints JSON with medians and 95th percentiles (wall clock) against the targets,
plus the same steps in this process's CPU time and the load average: on a
machine shared with other work, wall time shows the contention, CPU time the code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QPoint, QStringListModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
from sqlalchemy import insert

from app.models import Participant, ParticipantStatus, VitalSigns
from app.roles import Role
from app.services.users import add_user
from app.store.store import Store
from app.ui.participants_model import Column
from app.ui.participants_view import ParticipantsView

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-1"
TARGETS = {"open_ms": 300.0, "keystroke_ms": 50.0, "peak_rss_mb": 300.0}
STATUS_WEIGHTS = {
    ParticipantStatus.SCREENING: 8,
    ParticipantStatus.SCREEN_FAILED: 20,
    ParticipantStatus.ELIGIBLE: 4,
    ParticipantStatus.RANDOMISED: 6,
    ParticipantStatus.INFUSED: 12,
    ParticipantStatus.COMPLETED: 40,
    ParticipantStatus.WITHDRAWN: 6,
    ParticipantStatus.DIED: 4,
}
ENROLLED = set(ParticipantStatus) - {
    ParticipantStatus.SCREENING,
    ParticipantStatus.SCREEN_FAILED,
}
LETTERS = "ABCDEFGHJKLMNPQRSTWXYZ"
# Backspace is "\b"; "" clears the box (the clear button).
TYPING = [
    *"P-004",  # a study ID, digit by digit
    "\b", "\b",
    *"12",
    "",
    *"s-09",  # a screening number, lower case
    "",
    *"lw",  # initials
    "\b", "\b",
    *"K-1",  # a kit code
    "",
]  # fmt: skip


def build_store(folder: Path, count: int, seed: int = 7, observations: int = 0) -> None:
    """A store with ``count`` participants and three sets of vital signs per enrolled one,
    or ``observations`` sets spread over the enrolled ones (inserted in chunks)."""
    rng = random.Random(seed)
    store, admin, _key = Store.create(
        folder, site="BENCH", device="B1", admin_name="admin", admin_password=PASSWORD
    )
    add_user(store, admin, "nurse", Role.NURSE, PASSWORD, "Bench Nurse")
    now = datetime.now(UTC)
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    people: list[dict[str, Any]] = []
    vitals: list[dict[str, Any]] = []
    for n in range(1, count + 1):
        status = rng.choices(statuses, weights)[0]
        enrolled = status in ENROLLED
        pid = f"00000000-0000-4000-8000-{n:012d}"
        people.append(
            {
                "id": pid,
                "screening_number": f"S-{n:05d}",
                "study_id": f"P-{n:05d}" if enrolled else None,
                "initials": rng.choice(LETTERS) + rng.choice(LETTERS),
                "sex": rng.choice("FM"),
                "date_of_birth": date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50)),
                "weight_kg": round(rng.uniform(45, 110), 1),
                "status": status.value,
                "kit_code": f"K-{10000 + n}" if enrolled and status != "eligible" else None,
                "created_at": now - timedelta(days=rng.randrange(1, 400)),
            }
        )
        if enrolled and not observations:
            for day in range(3):
                vitals.append(
                    {
                        "participant_id": pid,
                        "visit_code": f"D{day + 1}",
                        "measured_at": now - timedelta(days=day, hours=rng.randrange(24)),
                        "spo2_percent": rng.randrange(85, 99),
                        "heart_rate_per_min": rng.randrange(60, 120),
                    }
                )
    with store.transaction(admin) as session:
        session.execute(insert(Participant), people)
        if vitals:
            session.execute(insert(VitalSigns), vitals)
    on_study = [p["id"] for p in people if p["study_id"] is not None]
    chunk = 50_000
    for first in range(0, observations if on_study else 0, chunk):
        rows = [
            {
                "id": f"00000000-0000-4000-9000-{n:012d}",
                "participant_id": on_study[n % len(on_study)],
                "visit_code": "UNSCHED",
                "measured_at": now - timedelta(minutes=n),
                "spo2_percent": 85 + n % 14,
                "heart_rate_per_min": 60 + n % 60,
            }
            for n in range(first, min(observations, first + chunk))
        ]
        with store.transaction(admin) as session:
            session.execute(insert(VitalSigns), rows)
    store.close()


class FirstPaint(QObject):
    """Notes when a widget has been painted."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
        "n": len(ordered),
    }


class Clock:
    """Wall time and this process's CPU time of one measured step, in ms."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append(ms(time.perf_counter() - self._wall))
        self.cpu.append(ms(time.process_time() - self._cpu))


def measure_open(app: QApplication, store: Store, actor: Any, clock: Clock) -> ParticipantsView:
    with clock:
        view = ParticipantsView(store, actor)
        probe = FirstPaint()
        view.table().viewport().installEventFilter(probe)
        view.resize(1280, 800)
        view.show()
        while not probe.painted:
            app.processEvents()
    view.table().viewport().removeEventFilter(probe)
    return view


def type_key(app: QApplication, view: ParticipantsView, key: str, clock: Clock) -> None:
    search = view.search_box()
    with clock:
        if key == "":
            search.clear()
        elif key == "\b":
            QTest.keyClick(search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClick(search, key)
        app.processEvents()


def click_header(app: QApplication, view: ParticipantsView, column: Column, clock: Clock) -> None:
    header = view.table().horizontalHeader()
    x = header.sectionViewportPosition(column) + 5
    with clock:
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        app.processEvents()


def warm_up_qt(app: QApplication) -> None:
    """Paint a small table and a line edit once, as the login window has in the app.

    The first text a process paints loads the font database (tens of ms); in the
    app that has happened before anyone opens the participants screen.
    """
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLineEdit("warm-up"))
    table = QTableView()
    table.setModel(QStringListModel(["a", "b"]))
    layout.addWidget(table)
    window.show()
    app.processEvents()
    window.grab()
    window.close()


def measure(
    app: QApplication, folder: Path, opens: int, rounds: int
) -> tuple[Clock, Clock, Clock, int]:
    """Open the list ``opens`` times, type ``rounds`` times through TYPING, sort 4 times."""
    store = Store.open(folder)
    opened, keys, sorts = Clock(), Clock(), Clock()
    try:
        actor = store.unlock("nurse", PASSWORD)
        warm_up_qt(app)
        view: ParticipantsView | None = None
        for _ in range(opens):
            if view is not None:
                view.close()
                view.deleteLater()
                app.processEvents()
            view = measure_open(app, store, actor, opened)
        assert view is not None
        rows = view.model().rowCount()
        for _ in range(rounds):
            for key in TYPING:
                type_key(app, view, key, keys)
        for column in (Column.AGE, Column.AGE, Column.STATUS, Column.STUDY_ID):
            click_header(app, view, column, sorts)
        view.close()
    finally:
        store.close()
    return opened, keys, sorts, rows


def figures(quick: bool) -> dict[str, dict[str, Any]]:
    """The list's open, keystroke and peak memory (bench/run). The store is built by a
    child process, so this process's peak memory is the screen's alone."""
    count, observations = (2_000, 50_000) if quick else (10_000, 1_000_000)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench.bench_participants", "--build-into", str(folder),
             "--participants", str(count), "--observations", str(observations)],
            check=True, cwd=ROOT, capture_output=True, timeout=3600,
        )  # fmt: skip
        build_s = round(time.perf_counter() - started, 1)
        opened, keys, _sorts, rows = measure(app, folder, 4 if quick else 7, 1 if quick else 5)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    size = {"participants": rows, "observations": observations, "build_store_s": build_s}
    return {
        "participant_list_open_ms": {
            **summary(opened.wall),
            "first_open_ms": opened.wall[0],
            "cpu_ms": summary(opened.cpu),
            **size,
        },
        "participant_filter_ms": {**summary(keys.wall), "cpu_ms": summary(keys.cpu), **size},
        "peak_rss_mb": {"median": peak_mb, **size},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=0)
    parser.add_argument("--opens", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--build-into", type=Path, help="only build the store in this folder")
    args = parser.parse_args()
    if args.build_into:
        build_store(args.build_into, args.participants, observations=args.observations)
        return
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        build_start = time.perf_counter()
        build_store(folder, args.participants, observations=args.observations)
        build_s = round(time.perf_counter() - build_start, 1)
        load_before = os.getloadavg()[0]
        opens, keys, sorts, rows = measure(app, folder, args.opens, args.rounds)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    open_s, key_s = summary(opens.wall), summary(keys.wall)
    result = {
        "participants": rows,
        "build_store_s": build_s,
        "open_ms": open_s,
        "first_open_ms": opens.wall[0],
        "keystroke_ms": key_s,
        "sort_click_ms": summary(sorts.wall),
        # CPU time of this process: what the code costs when other programs share the CPU.
        "cpu_ms": {
            "open": summary(opens.cpu),
            "keystroke": summary(keys.cpu),
            "sort_click": summary(sorts.cpu),
        },
        "peak_rss_mb": peak_mb,
        "load_average_1m": {"before": load_before, "after": os.getloadavg()[0]},
        "cpus": os.cpu_count(),
        "targets": TARGETS,
        "meets_targets": {
            "open_ms": open_s["p95"] <= TARGETS["open_ms"],
            "keystroke_ms": key_s["p95"] <= TARGETS["keystroke_ms"],
            "peak_rss_mb": peak_mb <= TARGETS["peak_rss_mb"],
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
