"""Every benchmark in one run: ``bench/run [--quick] [--json FILE]``.

Each benchmark runs in a child process of its own (so one's peak memory, Qt state or
crash is not another's), writes its figures to a file, and the parent gathers them into
ONE JSON object: a key per figure, each with ``median`` (and ``p95`` where it applies),
``goal``, ``unit``, ``met`` and the ``baseline`` measured in the same run. A benchmark
that fails gives its figures an ``"error"``; the run goes on. ``--quick`` uses smaller
sizes (under 90 s on a 2-core machine) and says ``"quick": true``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
Figures = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Goal:
    """``stat`` of the figure compared with ``limit`` by ``sense`` (``<=`` or ``>=``)."""

    limit: float | None
    unit: str
    sense: str = "<="
    stat: str = "median"
    what: str = ""

    def met(self, figure: dict[str, Any]) -> bool | None:
        value = figure.get(self.stat)
        if self.limit is None or not isinstance(value, int | float):
            return None
        return value <= self.limit if self.sense == "<=" else value >= self.limit

    def text(self) -> str | None:
        if self.limit is None:
            return None
        stat = "" if self.stat == "median" else f"{self.stat} "
        return (
            f"{stat}{self.sense.replace('<=', '≤').replace('>=', '≥')} {self.limit:g} {self.unit}"
        )


# Every goal, in one table. ``None``: measured for information, with no goal of its own.
GOALS: dict[str, Goal] = {
    "startup_ratio": Goal(1.3, "× bare window", what="process start → login window shown"),
    "unlock_s": Goal(1.0, "s", what="Argon2id + open + schema check + audit anchor"),
    "save_form_ms": Goal(25.0, "ms", stat="p95", what="10-field form, audit rows, sealed"),
    "save_vs_raw_sqlcipher": Goal(2.0, "× raw sqlcipher3", what="same rows, hand-written SQL"),
    "sqlcipher_vs_sqlite": Goal(None, "× stdlib sqlite3", what="raw sqlcipher3 against sqlite3"),
    "participant_list_open_ms": Goal(150.0, "ms", stat="p95", what="participants list opens"),
    "participant_filter_ms": Goal(30.0, "ms", stat="p95", what="one filter keystroke"),
    "peak_rss_mb": Goal(250.0, "MB", what="peak memory with the participants list"),
    "participant_open_ms": Goal(150.0, "ms", stat="p95", what="4 weeks of data open"),
    "worksheet_pdf_ms": Goal(200.0, "ms", what="one worksheet PDF"),
    "blank_worksheets_100_s": Goal(10.0, "s", what="100 blank worksheets"),
    "casebook_s": Goal(2.0, "s", what="casebook of 4 weeks with its audit trail"),
    "safety_view_open_ms": Goal(300.0, "ms", stat="p95", what="Safety view opens"),
    "export_changes_per_s": Goal(150_000, "changes/s", ">=", what="signed, encrypted export"),
    "export_vs_stock_age_minisign": Goal(5.0, "× age + minisign", what="same payload"),
    "hub_import_changes_per_s_sqlite": Goal(50_000, "changes/s", ">=", what="hub on SQLite"),
    "hub_import_changes_per_s_postgresql": Goal(
        50_000, "changes/s", ">=", what="hub on PostgreSQL"
    ),
}


@dataclass(frozen=True)
class Benchmark:
    """``figures(quick)`` → the figures named in ``keys`` (a module path ``module:function``
    for the child process, or a callable run in this process)."""

    name: str
    keys: tuple[str, ...]
    figures: str | Callable[[bool], Figures]


REGISTRY: list[Benchmark] = [
    Benchmark("startup", ("startup_ratio",), "bench.bench_startup:figures"),
    Benchmark(
        "store",
        ("unlock_s", "save_form_ms", "save_vs_raw_sqlcipher", "sqlcipher_vs_sqlite"),
        "bench.bench_store:figures",
    ),
    Benchmark(
        "participants",
        ("participant_list_open_ms", "participant_filter_ms", "peak_rss_mb"),
        "bench.bench_participants:figures",
    ),
    Benchmark("participant_open", ("participant_open_ms",), "bench.bench_participant_open:figures"),
    Benchmark(
        "reports",
        ("worksheet_pdf_ms", "blank_worksheets_100_s", "casebook_s"),
        "bench.bench_reports:figures",
    ),
    Benchmark("safety", ("safety_view_open_ms",), "bench.bench_safety:figures"),
    Benchmark(
        "sync",
        (
            "export_changes_per_s",
            "export_vs_stock_age_minisign",
            "hub_import_changes_per_s_sqlite",
            "hub_import_changes_per_s_postgresql",
        ),
        "bench.bench_sync:figures",
    ),
]


def resolve(figures: str | Callable[[bool], Figures]) -> Callable[[bool], Figures]:
    if callable(figures):
        return figures
    module, _, function = figures.partition(":")
    found: Callable[[bool], Figures] = getattr(import_module(module), function)
    return found


def one_line(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def call_here(bench: Benchmark, quick: bool) -> Figures:
    """Run the benchmark in this process."""
    return resolve(bench.figures)(quick)


def call_in_child(bench: Benchmark, quick: bool) -> Figures:
    """Run the benchmark in a child process of its own; its failure is raised here."""
    if callable(bench.figures):
        return call_here(bench, quick)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory(prefix="bedside-bench-run-") as tmp:
        out = Path(tmp) / "figures.json"
        command = [sys.executable, "-m", "bench.run", "--one", bench.figures, "--out", str(out)]
        done = subprocess.run(
            command + (["--quick"] if quick else []),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180 if quick else 3600,
            check=False,
        )
        if done.returncode != 0 or not out.exists():
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            why = lines[-1] if lines else f"exit status {done.returncode}"
            raise RuntimeError(f"the {bench.name} benchmark failed: {why}")
        result: Figures = json.loads(out.read_text("utf-8"))
        return result


def complete(key: str, figure: dict[str, Any]) -> dict[str, Any]:
    """The figure with its goal, unit, ``met`` and ``baseline`` filled in."""
    goal = GOALS.get(key, Goal(None, figure.get("unit", "")))
    done = {"median": None, **figure}
    done.setdefault("baseline", None)
    done["goal"] = goal.text()
    done["unit"] = goal.unit
    done["met"] = None if ("error" in done or "skipped" in done) else goal.met(done)
    if goal.what:
        done.setdefault("what", goal.what)
    return done


def run_benchmarks(
    registry: list[Benchmark],
    quick: bool,
    call: Callable[[Benchmark, bool], Figures] = call_in_child,
    progress: Callable[[str], None] = lambda _line: None,
) -> Figures:
    """Every benchmark in turn; one that raises gives each of its figures an ``error``."""
    result: Figures = {}
    for bench in registry:
        started = time.perf_counter()
        try:
            figures = call(bench, quick)
        except Exception as error:  # noqa: BLE001 - a failing figure is recorded, never the end
            figures = {key: {"error": one_line(error)} for key in bench.keys}
        for key in bench.keys:
            figure = figures.get(key, {"error": f"the {bench.name} benchmark gave no {key}"})
            result[key] = complete(key, figure)
        progress(f"{bench.name}: {time.perf_counter() - started:.1f} s")
    return result


def machine() -> dict[str, Any]:
    model, memory_mb = platform.processor() or "unknown", None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_mb": memory_mb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def report(registry: list[Benchmark], quick: bool, **kwargs: Any) -> dict[str, Any]:
    when = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    figures = run_benchmarks(registry, quick, **kwargs)
    return {
        "quick": quick,
        "when": when,
        "machine": machine(),
        "seconds": round(time.perf_counter() - started, 1),
        **figures,
    }


def child(target: str, quick: bool, out: Path) -> int:
    """Run one benchmark (its registry name or ``module:function``) and write its figures."""
    bench = next((b for b in REGISTRY if target in (b.name, b.figures)), None)
    if bench is None and ":" in target:
        bench = Benchmark(target, (), target)
    if bench is None:
        sys.stderr.write(f"bench/run: there is no benchmark {target!r}\n")
        return 2
    try:
        figures = call_here(bench, quick)
    except Exception as error:  # noqa: BLE001 - one line for the parent, the rest for a person
        traceback.print_exc(file=sys.stderr)
        sys.stderr.write(one_line(error) + "\n")
        return 1
    out.write_text(json.dumps(figures), "utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under 90 s")
    parser.add_argument("--json", type=Path, help="write the JSON here (else standard output)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        return child(args.one, args.quick, args.out)

    def progress(line: str) -> None:
        sys.stderr.write(line + "\n")

    result = report(REGISTRY, args.quick, progress=progress)
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if args.json is None:
        sys.stdout.write(text)
        return 0
    try:
        args.json.write_text(text, "utf-8")
    except OSError as error:
        sys.stderr.write(f"bench/run: cannot write {args.json}: {error.strerror}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
