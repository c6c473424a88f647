"""Time `aibri suggest` for a real country: the suggestions public data makes for an assessment
of Kenya (the default framework, every optional module, so every rule can apply), warm, in the
process, through the services the command calls (``cli/reference_cmds.py`` ``_suggest``:
resolve the id, the offered suggestions, the supplier gaps, the approval, the dataset, the
assessment); median of 20. The library has the dataset approved, one suggestion accepted and
one rejected, so the decisions are read as they are in use.

For information, not the target: the same calls cold (the first in the process), opening the
library, and the whole ``aibri suggest`` process once (Python's start and imports included).
Timings are noisy on a shared 2-core machine where other work runs.

    .venv/bin/python benchmarks/suggest_time.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from figures import report

TARGET = 0.050


def _ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from aibri_desktop.services import Services

    with tempfile.TemporaryDirectory(prefix="aibri-suggest-bench-") as name:
        database = Path(name) / "library.sqlite3"
        services = Services.open(database)
        assessment_id = services.assessments.create(
            country_code="KE", title="Kenya AI dependency review 2026", as_of=date(2026, 11, 1),
            modules=frozenset({"IE", "EM", "MC"})).assessment_id
        services.close()

        opened = time.perf_counter()
        services = Services.open(database)
        open_time = time.perf_counter() - opened

        def command() -> int:
            """What ``aibri suggest ID`` asks of the services (cli/reference_cmds.py)."""
            found = services.assessments.resolve_id(assessment_id)
            offered = services.reference.offered(found)
            services.reference.supplier_gaps(found)
            services.reference.approval()
            services.reference.dataset()
            services.assessments.load(found)
            return len(offered)

        started = time.perf_counter()
        count = command()
        cold = time.perf_counter() - started
        if count < 2:
            print(f"suggest_time: only {count} suggestion(s) for Kenya; the benchmark needs "
                  "two", file=sys.stderr)
            return 1
        offers = services.reference.offered(assessment_id)
        services.reference.approve("Bench approver")
        services.reference.accept(assessment_id, [offers[0].suggestion.indicator], "bench")
        services.reference.reject(assessment_id, [offers[1].suggestion.indicator], "bench")
        command()  # warm again after the changes

        def timed(act: Callable[[], object]) -> list[float]:
            values = []
            for _ in range(args.runs):
                start = time.perf_counter()
                act()
                values.append(time.perf_counter() - start)
            return values

        warm = timed(command)
        parts = {
            "offered (the suggestions and their status)":
                lambda: services.reference.offered(assessment_id),
            "supplier_gaps": lambda: services.reference.supplier_gaps(assessment_id),
            "approval": services.reference.approval,
            "dataset": services.reference.dataset,
            "assessments.load": lambda: services.assessments.load(assessment_id),
            "assessments.resolve_id": lambda: services.assessments.resolve_id(assessment_id),
        }
        shares = {label: statistics.median(timed(act)) for label, act in parts.items()}
        services.close()

        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", str(database),
                               "suggest", assessment_id], capture_output=True, text=True,
                              check=False)
        process = time.perf_counter() - started
        if done.returncode != 0:
            print(f"suggest_time: aibri suggest failed:\n{done.stderr}", file=sys.stderr)
            return 1
        lines = done.stdout.splitlines()

    median = statistics.median(warm)
    print(f"aibri suggest for a real country (Kenya, modules IE, EM, MC): {count} suggestions")
    print(f"  warm, in the process (the command's service calls): median {_ms(median)} over "
          f"{len(warm)}, min {_ms(min(warm))}, max {_ms(max(warm))} "
          f"(target <= {_ms(TARGET)}){'' if median <= TARGET else '  MISSED'}")
    for label, value in shares.items():
        print(f"    {label:<44} {_ms(value)}")
    print(f"  cold (the first calls in the process): {_ms(cold)}")
    print(f"  opening the library (Services.open): {_ms(open_time)}")
    print(f"  the whole `aibri suggest` process, once: {process:.2f} s (for information; "
          f"{len(lines)} lines printed)")
    report("suggest_real", warm, "s")
    report("suggest_cold", cold, "s")
    report("suggest_process", process, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
