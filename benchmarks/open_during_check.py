"""Opening an assessment and a filter keystroke while the start-up check runs behind the window,
at Python's default switch interval (5 ms) and at the app's (1 ms), in one process with the
two taking turns, so a busy machine weighs on both alike. The figures behind the
``sys.setswitchinterval`` call in ``aibri_desktop/ui/app.py``.

    .venv/bin/python benchmarks/open_during_check.py --db DB [--rounds 12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

INTERVALS = {"5 ms": 0.005, "1 ms": 0.001}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a large library (aibri demo)")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from aibri_desktop.services import Services
    from aibri_desktop.ui.app import application
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.navigation import PageId
    from aibri_desktop.ui.settings import AppSettings

    app = application()
    services = Services.open(args.db)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(services, AppSettings.at(Path(folder) / "s.ini"))
        window.show()
        while window.integrity_report is None or window.pages.count() < 4:
            app.processEvents()  # the start-up check has ended; the pages are built
            time.sleep(0.01)
        ids = [s.id for s in services.assessments.list_summaries()[:40]]
        opens: dict[str, list[float]] = {}
        keys: dict[str, list[float]] = {}

        def measure(label: str, turn: int) -> None:
            for n in range(2):
                start = time.perf_counter()
                window.open_assessment(ids[(2 * turn + n) % len(ids)])
                app.processEvents()
                opens.setdefault(label, []).append(time.perf_counter() - start)
                window.show_page(PageId.LIBRARY)
                app.processEvents()
            for text in ("av", "ava", ""):
                start = time.perf_counter()
                window.library.search.setText(text)
                app.processEvents()
                keys.setdefault(label, []).append(time.perf_counter() - start)

        turn = 0
        for _ in range(args.rounds):
            for name, interval in INTERVALS.items():
                sys.setswitchinterval(interval)
                measure(f"no check, {name}", turn)
                turn += 1
        stop = threading.Event()

        def check_again_and_again() -> None:
            while not stop.is_set():
                services.safety.check()

        worker = threading.Thread(target=check_again_and_again, daemon=True)
        worker.start()
        time.sleep(1.0)
        for _ in range(args.rounds):
            for name, interval in INTERVALS.items():
                sys.setswitchinterval(interval)
                measure(f"check running, {name}", turn)
                turn += 1
        stop.set()
        worker.join()
        window.close()
    services.close()
    for label, times in opens.items():
        print(f"{label:20s} open an assessment: median "
              f"{statistics.median(times) * 1000:4.0f} ms; filter keystroke: median "
              f"{statistics.median(keys[label]) * 1000:5.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
