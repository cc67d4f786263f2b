"""Store benchmarks: unlock, and saving one 10-field form with its audit rows.

Prints JSON. Speeds are compared, in the same process, with inserting the same
rows (the form row and its eleven audit rows, one durable transaction per save)
through raw ``sqlcipher3`` and through stdlib ``sqlite3``, both in WAL mode with
``synchronous=FULL`` like the store.

Run: ``.venv/bin/python bench/bench_store.py [--saves N]``
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.models import Participant, VitalSigns  # noqa: E402
from app.roles import Role  # noqa: E402
from app.services.users import add_user  # noqa: E402
from app.store.store import Store  # noqa: E402

PASSWORD = "benchmark password"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def summary(values_s: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values_s]
    return {
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "n": len(ms),
    }


def form_values(i: int) -> dict[str, Any]:
    return {
        "visit_code": "D7",
        "measured_at": datetime.now(UTC),
        "temperature_c": 37.0 + (i % 10) / 10,
        "heart_rate_per_min": 70 + i % 30,
        "respiratory_rate_per_min": 18 + i % 14,
        "systolic_bp_mmhg": 110 + i % 30,
        "diastolic_bp_mmhg": 70 + i % 20,
        "spo2_percent": 88 + i % 10,
        "o2_device": "nasal_cannula",
        "o2_flow_l_min": 3.0,
        "fio2_fraction": 0.32,
    }


def bench_unlock(folder: Path, rounds: int) -> dict[str, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        store = Store.open(folder)
        store.unlock("nurse", PASSWORD)
        times.append(time.perf_counter() - start)
        store.close()
    return summary(times)


def bench_app_saves(store: Store, nurse: Any, participant_id: str, saves: int) -> list[float]:
    times = []
    for i in range(saves):
        start = time.perf_counter()
        with store.transaction(nurse) as session:
            session.add(VitalSigns(participant_id=participant_id, **form_values(i)))
        times.append(time.perf_counter() - start)
    return times


RAW_SCHEMA = [
    "CREATE TABLE vital_signs (id TEXT PRIMARY KEY, row_version INT, participant_id TEXT, "
    "visit_code TEXT, measured_at TEXT, temperature_c REAL, heart_rate_per_min INT, "
    "respiratory_rate_per_min INT, systolic_bp_mmhg INT, diastolic_bp_mmhg INT, spo2_percent INT, "
    "o2_device TEXT, o2_flow_l_min REAL, fio2_fraction REAL, note TEXT)",
    "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at_utc TEXT, user_name TEXT, action TEXT, "
    "table_name TEXT, record_id TEXT, field TEXT, old_value TEXT, new_value TEXT, reason TEXT, "
    "prev_hash TEXT, row_hash TEXT)",
]


def bench_raw(conn: Any, saves: int) -> list[float]:
    """The same rows, hand-written SQL, no ORM and no hashing: the floor."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for statement in RAW_SCHEMA:
        conn.execute(statement)
    seq = 0
    times = []
    for i in range(saves):
        start = time.perf_counter()
        values = form_values(i)
        row_id = str(uuid.uuid4())
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO vital_signs VALUES (?, 1, 'p', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            (
                row_id,
                values["visit_code"],
                values["measured_at"].isoformat(),
                *[values[k] for k in list(values)[2:]],
            ),
        )
        rows = []
        for field, value in values.items():
            seq += 1
            rows.append(
                (
                    seq,
                    "now",
                    "nurse",
                    "insert",
                    "vital_signs",
                    row_id,
                    field,
                    None,
                    str(value),
                    None,
                    "0" * 64,
                    "0" * 64,
                )
            )
        conn.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    return times


def measure(saves: int, unlocks: int) -> dict[str, Any]:
    """Unlock, and ``saves`` saves through the store, raw sqlcipher3 and stdlib sqlite3."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        store, admin, _key = Store.create(
            folder, site="BENCH", device="B1", admin_name="admin", admin_password=PASSWORD
        )
        add_user(store, admin, "nurse", Role.NURSE, PASSWORD, "Bench Nurse")
        nurse = store.unlock("nurse", PASSWORD)
        with store.transaction(nurse) as session:
            participant = Participant(
                screening_number="S-BENCH", initials="BN", sex="F", created_at=datetime.now(UTC)
            )
            session.add(participant)
        bench_app_saves(store, nurse, participant.id, 20)  # warm-up
        app_times = bench_app_saves(store, nurse, participant.id, saves)
        store.close()
        unlock = bench_unlock(folder, unlocks)

        cipher = sqlcipher.connect(str(Path(tmp) / "raw-cipher.db"), isolation_level=None)
        cipher.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        cipher_times = bench_raw(cipher, saves)
        cipher.close()
        plain = sqlite3.connect(str(Path(tmp) / "raw-plain.db"), isolation_level=None)
        plain_times = bench_raw(plain, saves)
        plain.close()
    return {
        "unlock": unlock,
        "app": summary(app_times),
        "cipher": summary(cipher_times),
        "plain": summary(plain_times),
    }


def figures(quick: bool) -> dict[str, dict[str, Any]]:
    """``unlock_s``, ``save_form_ms`` and its ratios to raw sqlcipher3 / sqlite3 (bench/run)."""
    saves = 60 if quick else 500
    got = measure(saves, 2 if quick else 5)
    unlock, app_s, cipher_s, plain_s = got["unlock"], got["app"], got["cipher"], got["plain"]
    return {
        "unlock_s": {
            "median": round(unlock["median_ms"] / 1000, 3),
            "p95": round(unlock["p95_ms"] / 1000, 3),
            "n": unlock["n"],
        },
        "save_form_ms": {
            "median": app_s["median_ms"],
            "p95": app_s["p95_ms"],
            "n": saves,
            "baseline": {"raw_sqlcipher3_ms": cipher_s},
        },
        "save_vs_raw_sqlcipher": {
            "median": round(app_s["median_ms"] / cipher_s["median_ms"], 2),
            "p95": round(app_s["p95_ms"] / cipher_s["p95_ms"], 2),
            "baseline": {"raw_sqlcipher3_ms": cipher_s},
        },
        "sqlcipher_vs_sqlite": {
            "median": round(cipher_s["median_ms"] / plain_s["median_ms"], 2),
            "p95": round(cipher_s["p95_ms"] / plain_s["p95_ms"], 2),
            "baseline": {"plain_sqlite3_ms": plain_s},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--unlocks", type=int, default=5)
    args = parser.parse_args()
    got = measure(args.saves, args.unlocks)
    app_s, cipher_s, plain_s = got["app"], got["cipher"], got["plain"]
    result = {
        "unlock": {**got["unlock"], "target_ms": 1000},
        "save_10_field_form": {**app_s, "target_median_ms": 10, "target_p95_ms": 25},
        "raw_sqlcipher3_same_rows": cipher_s,
        "plain_sqlite3_same_rows": plain_s,
        "ratio_median_vs_raw_sqlcipher3": round(app_s["median_ms"] / cipher_s["median_ms"], 2),
        "ratio_median_vs_plain_sqlite3": round(app_s["median_ms"] / plain_s["median_ms"], 2),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
