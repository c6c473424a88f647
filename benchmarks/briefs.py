"""Time one country brief (warm) and a batch of 100, on demo assessments."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import report


def main() -> int:
    from aibri_desktop.services import Services

    with tempfile.TemporaryDirectory() as folder:
        services = Services.open(Path(folder) / "briefs.sqlite3")
        services.demo.generate(count=100, seed=8)
        ids = [r.id for r in services.assessments.list_summaries()]
        services.briefs.write(ids[0], Path(folder) / "warm-up.pdf")  # imports, fonts
        single = []
        for n in range(7):
            start = time.perf_counter()
            services.briefs.write(ids[n], Path(folder) / f"one-{n}.pdf")
            single.append(time.perf_counter() - start)
        out = Path(folder) / "batch"
        out.mkdir()
        start = time.perf_counter()
        written = services.briefs.write_many(ids, out)
        batch = time.perf_counter() - start
        size = sum(p.stat().st_size for p in written) / len(written)
        services.close()
    print(f"one country brief (warm): median {statistics.median(single) * 1000:.0f} ms over 7 "
          f"(target <= 500 ms)")
    print(f"100 briefs (batch): {batch:.1f} s (target <= 40 s); mean size {size / 1024:.0f} KB")
    report("brief_one", single, "s")
    report("briefs_100", batch, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
