"""`make bench`: build a 10,000-assessment database with `aibri demo`, run every benchmark
script against it (each in its own process), and print one table of figures against their
targets, then the missed targets. It reports; it asserts nothing.

Beside the 10,000-assessment figures: the same library on a PostgreSQL server and 5 writers
at once (server_scale.py, server_writers.py), the growth from 1,000 to 100,000 assessments
with its plot (growth.py writes docs/bench/growth.png), and the frozen app `make dist` built
(frozen_app.py).

    .venv/bin/python benchmarks/run.py [--count 10000] [--demo-runs 1] [--runs 5]
                                       [--growth 1000,10000,100000] [--plot PNG]
                                       [--figures JSON]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
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
    limit: float | None  # in the figure's unit, or a ratio to `baseline`; None: reported only
    unit: str
    baseline: str | None = None
    why: str = ""  # where a target differs from the issue's, the measured reason


TARGETS = [
    Target("start_window", "start to main window shown, 10,000-assessment database", 1.5, "×",
           baseline="start_baseline"),
    Target("library_filter", "library filter, per keystroke, 10,000 assessments", 0.030, "s"),
    Target("open_questionnaire", "open an assessment into the questionnaire", 0.150, "s"),
    Target("answer_change", "one answer change → saved, rescored, redrawn", 0.030, "s"),
    Target("list_json", "`aibri list --json`, 10,000 assessments", 3.0, "×",
           baseline="list_raw"),
    Target("suggest_real", "`aibri suggest` for a real country (its service calls, warm)",
           0.050, "s"),
    Target("brief_one", "one country brief with findings (warm)", 0.5, "s"),
    Target("briefs_100", "100 briefs (batch)", 40, "s"),
    Target("compare_10", "compare 10 assessments (page drawn)", 0.200, "s"),
    Target("demo_10000", "aibri demo --count 10000", 60, "s"),
    Target("peak_memory", "peak memory, 10,000-assessment library open", 300, "MB"),
    Target("robustness_2000", "robustness Monte Carlo (2,000 draws)", 0.3, "s"),
    Target("import_longest_wait", "longest wait of another writer during a 2,000-assessment "
           "import (busy timeout 5 s)", 2.5, "s"),
    Target("import_writer_failures", "that writer's failed writes", 0, "writes"),
    # the team's library on a PostgreSQL server (server_scale.py, server_writers.py)
    Target("server_rows", "library load (rows from stored scores), 10,000 assessments, on a "
           "PostgreSQL server", None, "s"),
    Target("server_filter", "library filter, per keystroke, 10,000 assessments, on a "
           "PostgreSQL server", 0.030, "s"),
    Target("server_questionnaire", "open an assessment into the questionnaire, on a "
           "PostgreSQL server", 0.150, "s"),
    Target("server_answer_key", "one answer change → saved, rescored, redrawn, 10,000 "
           "assessments, on a PostgreSQL server", 0.030, "s"),
    Target("server_writers_throughput", "5 concurrent writers × 200 answers on a PostgreSQL "
           "server: answers saved per second", None, "answers/s"),
    Target("server_writers_p95", "  their save's 95th percentile", None, "s"),
    Target("server_writers_refused", "  refused (changed by another writer since read: "
           "nothing written, as it should)", None, "writes"),
    Target("server_writers_failed", "  failed (any other error)", 0, "writes"),
    # growth (growth.py): the same figures at 1,000, 10,000 and 100,000 assessments
    Target("growth_1000_load", "library load, 1,000 assessments", None, "s"),
    Target("growth_10000_load", "library load, 10,000 assessments", None, "s"),
    Target("growth_100000_load", "library load, 100,000 assessments", None, "s"),
    Target("growth_1000_filter", "library filter per keystroke, 1,000 assessments", None, "s"),
    Target("growth_10000_filter", "library filter per keystroke, 10,000 assessments", 0.030,
           "s"),
    Target("growth_100000_filter", "library filter per keystroke, 100,000 assessments", None,
           "s"),
    Target("growth_1000_rss", "peak memory, 1,000 assessments", None, "MB"),
    Target("growth_10000_rss", "peak memory, 10,000 assessments", 300, "MB"),
    Target("growth_100000_rss", "peak memory, 100,000 assessments", None, "MB"),
    Target("growth_100000_demo", "aibri demo --count 100000", None, "s"),
    # the frozen app a ministry installs (frozen_app.py, on `make dist`'s dist/aibri)
    Target("frozen_size", "frozen app, unpacked folder", 200, "MB"),
    Target("frozen_tarball", "frozen app, tarball", None, "MB"),
    Target("frozen_start", "frozen app, first start to main window shown (new data folder)",
           1.0, "s"),
    Target("frozen_start_saved", "frozen app, start to main window shown, 10,000-assessment "
           "library", 1.0, "s"),
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


def _machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (f"{platform.node() or 'this machine'}: {os.cpu_count()} cores ({cpu}), "
            f"{platform.platform(terse=True)}, Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d %H:%M')}")


def _rows(figures: dict[str, dict[str, Any]]) -> tuple[list[tuple[str, ...]], list[str]]:
    rows, missed = [], []
    for target in TARGETS:
        figure = figures.get(target.key)
        limit = "reported" if target.limit is None else f"≤ {_show(target.limit, target.unit)}"
        if target.why:
            limit += f" ({target.why})"
        if figure is None:
            rows.append((target.label, "not measured", limit, ""))
            missed.append(f"{target.label}: not measured")
            continue
        value, runs = figure["value"], int(figure["runs"])
        baseline = ""
        if target.baseline:
            base = figures.get(target.baseline)
            if base is None:
                rows.append((target.label, "baseline not measured", limit, ""))
                missed.append(f"{target.label}: baseline not measured")
                continue
            shown = f"{_show(value, 's')} = {value / base['value']:.2f} ×"
            baseline = _show(base["value"], "s")
            value = value / base["value"]
        else:
            shown = _show(value, target.unit)
        rows.append((target.label, f"{shown} (n={runs})", limit, baseline))
        if target.limit is not None and value > target.limit:
            missed.append(f"{target.label}: {shown}, target {limit}")
    return rows, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--demo-runs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="process starts per kind")
    parser.add_argument("--growth", default="1000,10000,100000",
                        help="the library sizes of the growth table and plot")
    parser.add_argument("--plot", type=Path, default=HERE.parent / "docs" / "bench" /
                        "growth.png", help="where the growth plot is written")
    parser.add_argument("--figures", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args()
    figures: dict[str, dict[str, Any]] = {}
    machine = _machine()
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
        figures |= _run("list_json.py", "--db", str(database))
        figures |= _run("answer_latency.py")
        figures |= _run("briefs.py")
        figures |= _run("compare_time.py")
        figures |= _run("robustness_time.py")
        figures |= _run("suggest_time.py")
        figures |= _run("import_lock.py")
        figures |= _run("frozen_app.py", "--db", str(database))
        reuse = ["--db-10000", str(database)] if args.count == 10_000 else []
        figures |= _run("growth.py", "--counts", args.growth, *reuse, "--plot", str(args.plot))
        # last: they add assessments to the library they are given
        figures |= _run("server_scale.py", "--db", str(database), "--count", str(args.count))
        figures |= _run("server_writers.py")
        if f"demo_{args.count}" in figures:  # SQLite's, from the library built above
            figures.setdefault("sqlite_demo", figures[f"demo_{args.count}"])

    rows, missed = _rows(figures)
    print(f"measured on {machine}")
    _table(("figure", "median", "target", "baseline (same run)"), rows)
    print()
    _print_compared(figures)
    print()
    print(f"the growth plot: {args.plot}")
    if args.figures:
        args.figures.write_text(json.dumps({"machine": machine, "figures": figures}, indent=1))
    if missed:
        print("missed targets:")
        for line in missed:
            print(f"  - {line}")
    else:
        print("no missed targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
