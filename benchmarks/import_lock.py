"""How long an import of the largest file allowed (2,000 assessments) keeps another writer
waiting: a second process-like writer (its own connection, the app's 5 s busy timeout) writes
every 20 ms throughout the import; the figures are the longest wait it had, how many of its
writes failed, and the whole import's time.

    .venv/bin/python benchmarks/import_lock.py [--count 2000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

from figures import report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    from aibri_desktop.services import Services
    from aibri_desktop.storage.engine import BUSY_TIMEOUT_MS

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = Services.open(folder / "source.sqlite3")
        source.demo.generate(count=args.count, seed=11)
        ids = [r.id for r in source.assessments.list_summaries()]
        source.exchange.export(ids, folder / "big.aibri")
        source.close()
        target = Services.open(folder / "target.sqlite3")
        target.exchange.before_import = None
        path = target.database.path
        assert path is not None
        waits: list[float] = []
        failures: list[str] = []
        done = threading.Event()

        def writer() -> None:
            con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            con.execute("CREATE TABLE IF NOT EXISTS bench_writes (at REAL)")
            while not done.is_set():
                started = time.perf_counter()
                try:
                    con.execute("BEGIN IMMEDIATE")
                    con.execute("INSERT INTO bench_writes VALUES (?)", (started,))
                    con.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    failures.append(str(exc))
                waits.append(time.perf_counter() - started)
                time.sleep(0.02)
            con.close()

        thread = threading.Thread(target=writer)
        thread.start()
        started = time.perf_counter()
        target.exchange.import_file(folder / "big.aibri")
        took = time.perf_counter() - started
        done.set()
        thread.join()
        target.close()
    print(f"import of {args.count:,} assessments: {took:.1f} s; the other writer made "
          f"{len(waits):,} writes, longest wait {max(waits):.2f} s, {len(failures)} failed",
          file=sys.stderr)
    report("import_total", took, "s")
    report("import_longest_wait", max(waits), "s")
    report("import_writer_failures", float(len(failures)), "writes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
