"""`make bench`: build a 10,000-assessment database with `aibri demo`, run every benchmark
script against it (each in its own process), and print one table of figures against their
targets, then the missed targets. It reports; it asserts nothing.

    .venv/bin/python benchmarks/run.py [--count 10000] [--demo-runs 1] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    limit: float  # in the figure's unit, or a ratio to `baseline`
    unit: str
    baseline: str | None = None


TARGETS = [
    Target("start_window", "start to main window shown, 10,000-assessment database", 1.5, "×",
           baseline="start_baseline"),
    Target("library_filter", "library filter, per keystroke, 10,000 assessments", 0.030, "s"),
    Target("open_questionnaire", "open an assessment into the questionnaire", 0.150, "s"),
    Target("answer_change", "one answer change → saved, rescored, redrawn", 0.030, "s"),
    Target("brief_one", "one country brief (warm)", 0.5, "s"),
    Target("briefs_100", "100 briefs (batch)", 40, "s"),
    Target("compare_10", "compare 10 assessments (page drawn)", 0.200, "s"),
    Target("demo_10000", "aibri demo --count 10000", 60, "s"),
    Target("peak_memory", "peak memory, 10,000-assessment library open", 300, "MB"),
    Target("robustness_2000", "robustness Monte Carlo (2,000 draws)", 0.3, "s"),
    Target("import_longest_wait", "longest wait of another writer during a 2,000-assessment "
           "import (busy timeout 5 s)", 2.5, "s"),
    Target("import_writer_failures", "that writer's failed writes", 0, "writes"),
    # the same targets for the team's library on a PostgreSQL server (server_scale.py)
    Target("server_filter", "library filter, per keystroke, 10,000 assessments, on a "
           "PostgreSQL server", 0.030, "s"),
    Target("server_answer_key", "one answer change → saved, rescored, redrawn, 10,000 "
           "assessments, on a PostgreSQL server", 0.030, "s"),
]

# server_scale.py: the same figure on the SQLite file and on a PostgreSQL server, same run
COMPARED = [
    ("open the library (Services.open)", "open"),
    ("library rows from stored scores, 10,000 assessments", "rows"),
    ("library window, until the rows are shown", "window"),
    ("library filter, per keystroke", "filter"),
    ("open an assessment into the questionnaire", "questionnaire"),
    ("answer key press → saved, rescored, redrawn", "answer_key"),
    ("  its 95th percentile", "answer_key_p95"),
    ("answer saved through the service (no window)", "answer_service"),
    ("  its 95th percentile", "answer_service_p95"),
    ("aibri demo --count 10000", "demo"),
]


def _run(script: str, *args: str) -> dict[str, dict[str, float]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(HERE / script), *args], env=env,
                            capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if result.returncode != 0:
        print(f"  {script}: FAILED (exit {result.returncode})\n{result.stderr}", file=sys.stderr)
        return {}
    figures = {}
    for line in result.stdout.splitlines():
        if line.startswith("FIGURE "):
            figure = json.loads(line[len("FIGURE "):])
            figures[figure["key"]] = figure
    print(f"  {script:<22} {took:6.1f} s", file=sys.stderr, flush=True)
    return figures


def _show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "×":
        return f"{value:.2f} ×"
    return f"{value:.0f} {unit}"


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _print_compared(figures: dict[str, dict[str, Any]]) -> None:
    """The server's figures against SQLite's (server_scale.py), or why there are none."""
    rows = []
    for label, key in COMPARED:
        sqlite, server = figures.get(f"sqlite_{key}"), figures.get(f"server_{key}")
        if not sqlite or not server:
            rows.append((label, "not measured", "not measured", ""))
            continue
        ratio = f"{server['value'] / sqlite['value']:.2f} ×" if sqlite["value"] else ""
        rows.append((label, f"{_show(sqlite['value'], 's')} (n={int(sqlite['runs'])})",
                     f"{_show(server['value'], 's')} (n={int(server['runs'])})", ratio))
    print("on a PostgreSQL server (local socket, fsync on) against the SQLite file, "
          "same run:")
    _table(("figure", "SQLite file", "PostgreSQL server", "server ÷ SQLite"), rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--demo-runs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="process starts per kind")
    args = parser.parse_args()
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="aibri-bench-") as name:
        folder = Path(name)
        folder.chmod(0o700)
        database = folder / "bench.sqlite3"
        print(f"building {args.count:,} assessments and running the benchmarks…",
              file=sys.stderr, flush=True)
        demo_times = []
        for run in range(args.demo_runs):
            built = database if run == 0 else folder / f"demo-{run}.sqlite3"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", str(built), "demo",
                            "--count", str(args.count)], check=True, capture_output=True)
            demo_times.append(time.perf_counter() - started)
        figures[f"demo_{args.count}"] = {"value": statistics.median(demo_times), "unit": "s",
                                         "runs": len(demo_times)}
        print(f"  {'aibri demo':<22} {sum(demo_times):6.1f} s", file=sys.stderr, flush=True)
        figures |= _run("start_window.py", "--db", str(database), "--runs", str(args.runs))
        figures |= _run("library_open.py", "--db", str(database))
        figures |= _run("answer_latency.py")
        figures |= _run("briefs.py")
        figures |= _run("compare_time.py")
        figures |= _run("robustness_time.py")
        figures |= _run("import_lock.py")
        # last: it adds an assessment to the library it is given
        figures |= _run("server_scale.py", "--db", str(database), "--count", str(args.count))
        if f"demo_{args.count}" in figures:  # SQLite's, from the library built above
            figures.setdefault("sqlite_demo", figures[f"demo_{args.count}"])

    rows, missed = [], []
    for target in TARGETS:
        figure = figures.get(target.key)
        if figure is None:
            rows.append((target.label, "not measured", "", ""))
            missed.append(f"{target.label}: not measured")
            continue
        value, runs = figure["value"], int(figure["runs"])
        baseline = ""
        if target.baseline:
            base = figures.get(target.baseline)
            if base is None:
                missed.append(f"{target.label}: baseline not measured")
                continue
            shown = f"{_show(value, 's')} = {value / base['value']:.2f} ×"
            baseline = _show(base["value"], "s")
            value = value / base["value"]
        else:
            shown = _show(value, target.unit)
        limit = _show(target.limit, target.unit)
        rows.append((target.label, f"{shown} (n={runs})", f"≤ {limit}", baseline))
        if value > target.limit:
            missed.append(f"{target.label}: {shown}, target ≤ {limit}")

    _table(("figure", "median", "target", "baseline (same run)"), rows)
    print()
    _print_compared(figures)
    print()
    if missed:
        print("missed targets:")
        for line in missed:
            print(f"  - {line}")
    else:
        print("no missed targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
