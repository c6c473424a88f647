"""``aibri list --json`` on a 10,000-assessment library against a raw read of the same stored
columns: each a process of its own, started the same way (this interpreter), taking turns, so
that both pay Python's start and the machine's noise alike. The raw read is Python's
``sqlite3`` running the library's own query (storage/library_rows.py) and fetching every row;
the command also turns each row into its verdict and writes the JSON to stdout (here
/dev/null).

    .venv/bin/python benchmarks/list_json.py --db LIBRARY [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import report

RAW = """
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = con.execute(sys.argv[2]).fetchall()
"""


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a 10,000-assessment library")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from aibri_desktop.storage.library_rows import LIBRARY_SQL

    db = args.db.absolute()
    with tempfile.TemporaryDirectory(prefix="aibri-bench-list-") as folder:
        env = {**os.environ, "AIBRI_DATA_DIR": folder, "AIBRI_CONFIG_DIR": folder}
        script = Path(sys.executable).with_name("aibri")  # the command as installed
        start = [str(script)] if script.exists() else [sys.executable, "-m", "aibri_desktop"]
        listing = [*start, "--db", str(db), "list", "--json"]
        raw = [sys.executable, "-c", RAW, str(db), LIBRARY_SQL]
        out = subprocess.run(listing, env=env, check=True, capture_output=True, text=True)
        rows = out.stdout.count('\n  {"id": ')
        _timed(raw, env)  # (both warm: the file in the page cache, the modules compiled)
        lists, raws = [], []
        for _ in range(args.runs):
            lists.append(_timed(listing, env))
            raws.append(_timed(raw, env))
    ratios = [a / b for a, b in zip(lists, raws, strict=True)]
    print(f"aibri list --json ({rows:,} rows): median {statistics.median(lists) * 1000:.0f} ms; "
          f"raw read of the same columns: {statistics.median(raws) * 1000:.0f} ms; "
          f"ratio {statistics.median(lists) / statistics.median(raws):.2f} × "
          f"(per pair {min(ratios):.2f}–{max(ratios):.2f} ×, target ≤ 3 ×)")
    report("list_json", lists, "s")
    report("list_raw", raws, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
