"""Time `aibri demo --count N` (a real subprocess), then loading the library rows and the
check every start runs behind the window (integrity and row checksums)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    demo_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            db = Path(folder) / f"bench-{run}.sqlite3"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", str(db), "demo",
                            "--count", str(args.count)], check=True, capture_output=True)
            demo_times.append(time.perf_counter() - start)
        from aibri_desktop.services import Services

        services = Services.open(db)
        list_times = []
        for _ in range(5):
            start = time.perf_counter()
            rows = services.assessments.list_summaries()
            list_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        checked = services.safety.check()  # what every start runs behind the window
        check_seconds = time.perf_counter() - start
        services.close()
        size = db.stat().st_size + sum(p.stat().st_size for p in db.parent.glob(db.name + "-*"))
    print(f"aibri demo --count {args.count}: median {statistics.median(demo_times):.2f} s "
          f"over {args.runs} run(s) (target <= 60 s); database {size / 2**20:.0f} MB")
    print(f"library rows ({len(rows):,}) from stored scores: median "
          f"{statistics.median(list_times) * 1000:.0f} ms over 5 runs")
    print(f"start-up check (integrity_check and every row's checksum): {check_seconds:.1f} s, "
          f"{'ok' if checked.ok else 'NOT ok'}")
    report(f"demo_{args.count}", demo_times, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
