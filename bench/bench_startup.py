"""Start-up time: process start → login window painted, against a bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--runs 7]

Each measurement is a fresh subprocess. The parent notes the monotonic clock
just before starting it; the child prints the same clock from the first paint
of a top-level window, plus which heavy modules were already imported then.
Variants, interleaved in every round so they share the machine's state:

* ``bare``: ``QApplication`` and an empty ``QWidget`` — the floor for any Qt app;
* ``login``: ``app.ui.main.run(data_dir)`` on an existing store (the login window);
* ``cli``: the ``bedside`` command (``app.cli.main``), which reaches the same window.

Prints JSON with medians, the ratios against ``bare`` and the 1.5 target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.5
HEAVY = ("sqlalchemy", "sqlcipher3", "reportlab", "cryptography", "alembic")

# Installed in the child before anything of Bedside is imported: the first paint of a
# top-level window prints the clock and the heavy modules loaded, then ends the process.
PROBE = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    HEAVY = {heavy!r}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and watched.isWidgetType() and watched.isWindow():
                now = time.monotonic_ns()
                loaded = sorted(m for m in HEAVY if m in sys.modules)
                sys.stdout.write(f"{{now}} {{','.join(loaded)}}\\n")
                sys.stdout.flush()
                os._exit(0)
            return False

    app = QApplication(sys.argv[:1])
    probe = FirstPaint()
    app.installEventFilter(probe)
    """
)

CHILDREN = {
    "bare": """
from PySide6.QtWidgets import QWidget
window = QWidget()
window.resize(900, 640)
window.show()
app.exec()
""",
    "login": """
from pathlib import Path
from app.ui.main import run
run(Path(sys.argv[1]))
""",
    "cli": """
from app.cli.main import main
main(["--data-dir", sys.argv[1]])
""",
}


def make_store(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from app.store.store import Store

    store, _admin, _key = Store.create(
        folder,
        site="BENCH",
        device="BENCH_1",
        admin_name="admin",
        admin_password="bench-password-1",
    )
    store.close()


def measure(variant: str, data_dir: Path) -> tuple[float, list[str]]:
    code = PROBE.format(heavy=HEAVY) + CHILDREN[variant]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    started = time.monotonic_ns()
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bench_startup: the {variant} child failed:\n{done.stderr}")
    stamp, _, loaded = lines[-1].partition(" ")
    return (int(stamp) - started) / 1e6, [m for m in loaded.split(",") if m]


def figures(quick: bool) -> dict[str, dict[str, object]]:
    """``startup_ratio``: login window shown against a bare window, medians of fresh
    processes interleaved round by round (bench/run)."""
    runs = 2 if quick else 7
    times: dict[str, list[float]] = {"bare": [], "login": []}
    with tempfile.TemporaryDirectory(prefix="bedside-bench-") as tmp:
        data_dir = Path(tmp) / "store"
        make_store(data_dir)
        for name in times:  # one unmeasured round warms the file cache
            measure(name, data_dir)
        for _ in range(runs):
            for name in times:
                times[name].append(measure(name, data_dir)[0])
    bare, login = (statistics.median(times[n]) for n in ("bare", "login"))
    ratios = sorted(b / a for a, b in zip(times["bare"], times["login"], strict=True))
    return {
        "startup_ratio": {
            "median": round(login / bare, 2),
            "worst_round": round(ratios[-1], 2),
            "n": runs,
            "login_ms": round(login, 1),
            "baseline": {"bare_window_ms": round(bare, 1)},
        }
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="start-up time against a bare Qt window")
    parser.add_argument("--runs", type=int, default=7, help="measured rounds (at least 5)")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)
    times: dict[str, list[float]] = {name: [] for name in CHILDREN}
    heavy: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="bedside-bench-") as tmp:
        data_dir = Path(tmp) / "store"
        make_store(data_dir)
        for name in CHILDREN:  # one unmeasured round warms the file cache
            measure(name, data_dir)
        for _ in range(runs):
            for name in CHILDREN:
                elapsed, loaded = measure(name, data_dir)
                times[name].append(round(elapsed, 1))
                heavy[name] = loaded
    medians = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "runs": runs,
        "median_ms": {name: round(value, 1) for name, value in medians.items()},
        "all_ms": times,
        "ratio_login_vs_bare": round(medians["login"] / medians["bare"], 2),
        "ratio_cli_vs_bare": round(medians["cli"] / medians["bare"], 2),
        "target_ratio": TARGET_RATIO,
        "login_within_target": medians["login"] / medians["bare"] <= TARGET_RATIO,
        "heavy_modules_loaded_at_first_paint": heavy,
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
