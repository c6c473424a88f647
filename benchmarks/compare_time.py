"""Time comparing 10 and 20 assessments: the compare page computed and drawn."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from figures import report


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from aibri_desktop.services import Services
    from aibri_desktop.ui.app import application
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        services = Services.open(Path(folder) / "compare.sqlite3")
        services.demo.generate(count=40, seed=9)
        ids = [r.id for r in services.assessments.list_summaries()]
        window = MainWindow(services, AppSettings.at(Path(folder) / "s.ini"))
        window.resize(1280, 800)
        window.show()
        while not window.library.is_loaded():
            app.processEvents()
        window.show_page(3)
        results = {}
        for count in (10, 20):
            times = []
            for run in range(5):
                chosen = ids[run: run + count]
                start = time.perf_counter()
                window.compare.set_ids(chosen)
                app.processEvents()
                times.append(time.perf_counter() - start)
            results[count] = statistics.median(times)
            report(f"compare_{count}", times, "s")
        window.close()
        services.close()
    for count, seconds in results.items():
        target = " (target <= 200 ms)" if count == 10 else ""
        print(f"compare {count} assessments (page drawn): median {seconds * 1000:.0f} ms over "
              f"5 runs{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
