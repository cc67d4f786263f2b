"""``bench/run``: one JSON object with every figure, its goal and a number or a stated
skip or error; a benchmark that raises does not stop the others. Speeds are measured,
never asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.run import GOALS, REGISTRY, Benchmark, call_here, report, run_benchmarks

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "startup_ratio", "unlock_s", "save_form_ms", "save_vs_raw_sqlcipher", "sqlcipher_vs_sqlite",
    "participant_list_open_ms", "participant_filter_ms", "peak_rss_mb", "participant_open_ms",
    "worksheet_pdf_ms", "blank_worksheets_100_s", "casebook_s", "safety_view_open_ms",
    "export_changes_per_s", "export_vs_stock_age_minisign",
    "hub_import_changes_per_s_sqlite", "hub_import_changes_per_s_postgresql",
)  # fmt: skip
MACHINE = ("cpu", "cores", "memory_mb", "python", "platform")


def assert_figure(key: str, figure: dict[str, Any]) -> None:
    assert {"median", "goal", "unit", "met", "baseline"} <= figure.keys(), (key, figure)
    assert figure["unit"], key
    if "error" in figure or "skipped" in figure:
        reason = figure.get("error") or figure.get("skipped")
        assert isinstance(reason, str) and reason.strip(), (key, figure)
        assert figure["met"] is None, key
        return
    assert isinstance(figure["median"], int | float), (key, figure)
    assert figure["median"] >= 0, (key, figure)
    if "p95" in figure:
        assert isinstance(figure["p95"], int | float), (key, figure)
    if GOALS[key].limit is None:
        assert figure["goal"] is None and figure["met"] is None, key
    else:
        assert isinstance(figure["goal"], str) and figure["goal"], key
        assert isinstance(figure["met"], bool), (key, figure)
        assert figure["met"] == GOALS[key].met(figure), key


def test_every_figure_has_one_goal_in_the_table_and_one_benchmark() -> None:
    produced = [key for bench in REGISTRY for key in bench.keys]
    assert sorted(produced) == sorted(FIGURES)
    assert sorted(GOALS) == sorted(FIGURES)


@pytest.mark.timeout(300)
def test_quick_run_writes_one_json_with_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    # Without the suite's cheaper key slots: the figures are of Bedside as shipped.
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEDSIDE_")}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(ROOT / "bench" / "run"), "--quick", "--json", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(out.read_text("utf-8"))
    assert result["quick"] is True
    assert isinstance(result["when"], str) and result["when"][:2] == "20"
    assert all(result["machine"].get(name) for name in MACHINE), result["machine"]
    missing = [key for key in FIGURES if key not in result]
    assert not missing, missing
    for key in FIGURES:
        assert_figure(key, result[key])
    # A quick run measures; a figure that errors is recorded but should be rare: at most
    # the PostgreSQL import may be skipped on a machine without its server.
    failed = [k for k in FIGURES if "error" in result[k]]
    assert not failed, {k: result[k]["error"] for k in failed}


def working(_quick: bool) -> dict[str, dict[str, Any]]:
    return {"unlock_s": {"median": 0.25, "p95": 0.3}}


def failing(_quick: bool) -> dict[str, dict[str, Any]]:
    raise RuntimeError("the disk went away\nsecond line never shown")


def half(_quick: bool) -> dict[str, dict[str, Any]]:
    return {"casebook_s": {"median": 3.5}}


def test_a_benchmark_that_raises_records_its_error_and_the_others_still_run() -> None:
    calls: list[str] = []

    def call(bench: Benchmark, quick: bool) -> dict[str, dict[str, Any]]:
        calls.append(bench.name)
        return call_here(bench, quick)

    registry = [
        Benchmark("broken", ("startup_ratio", "save_form_ms"), failing),
        Benchmark("fine", ("unlock_s",), working),
        Benchmark("partial", ("casebook_s", "worksheet_pdf_ms"), half),
    ]
    result = run_benchmarks(registry, True, call)
    assert calls == ["broken", "fine", "partial"]
    for key in ("startup_ratio", "save_form_ms"):
        assert result[key]["error"] == "RuntimeError: the disk went away"
        assert result[key]["met"] is None and result[key]["goal"]
    assert result["unlock_s"]["met"] is True and result["unlock_s"]["goal"] == "≤ 1 s"
    assert result["casebook_s"]["met"] is False
    assert "gave no worksheet_pdf_ms" in result["worksheet_pdf_ms"]["error"]
    for key, figure in result.items():
        assert_figure(key, figure)


def test_a_benchmark_child_that_fails_is_that_figures_error(tmp_path: Path) -> None:
    """The real child-process path: a benchmark module that does not exist fails in its
    own process, and the next one still runs there."""
    registry = [
        Benchmark("missing", ("unlock_s",), "bench.no_such_benchmark:figures"),
        Benchmark("fine", ("casebook_s",), half),
    ]
    result = report(registry, True)
    assert "no_such_benchmark" in result["unlock_s"]["error"]
    assert result["casebook_s"]["median"] == 3.5
    assert result["quick"] is True


def test_the_child_command_refuses_an_unknown_benchmark_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--one", "nothing", "--out", str(tmp_path / "x")],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.strip() == "bench/run: there is no benchmark 'nothing'"
