"""Open the library window on a 10,000-assessment database; time it and a filter keystroke."""

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing database (default: build one)")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "library.sqlite3"
            subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", str(db), "demo",
                            "--count", str(args.count)], check=True, capture_output=True)
        from PySide6.QtWidgets import QApplication

        from aibri_desktop.services import Services
        from aibri_desktop.ui.app import application
        from aibri_desktop.ui.main_window import MainWindow
        from aibri_desktop.ui.settings import AppSettings

        app = application()
        services = Services.open(db)
        opens = []
        for run in range(3):
            start = time.perf_counter()
            window = MainWindow(services, AppSettings.at(Path(folder) / f"s{run}.ini"))
            window.show()
            while not window.library.is_loaded():
                app.processEvents()
            app.processEvents()
            opens.append(time.perf_counter() - start)
            rows = window.library.model.rowCount()
            if run < 2:
                window.close()
        keystrokes = []
        for text in ("a", "av", "ava", "aval", "avalo", "avalon", "", "b", "bo", "bor", ""):
            start = time.perf_counter()
            window.library.search.setText(text)
            app.processEvents()
            keystrokes.append(time.perf_counter() - start)
        opened = []
        for summary in services.assessments.list_summaries()[:9]:
            start = time.perf_counter()
            window.open_assessment(summary.id)
            app.processEvents()
            opened.append(time.perf_counter() - start)
            window.show_page(0)
            app.processEvents()
        window.close()
        services.close()
        QApplication.processEvents()
    print(f"open the library window ({rows:,} assessments): median "
          f"{statistics.median(opens) * 1000:.0f} ms over 3 runs (rows shown)")
    print(f"library filter per keystroke: median {statistics.median(keystrokes) * 1000:.1f} ms, "
          f"max {max(keystrokes) * 1000:.1f} ms over {len(keystrokes)} keystrokes "
          "(target <= 30 ms median)")
    print(f"open an assessment into the questionnaire: median "
          f"{statistics.median(opened) * 1000:.0f} ms over {len(opened)} (target <= 150 ms)")
    report("library_window", opens, "s")
    report("library_filter", keystrokes, "s")
    report("open_questionnaire", opened, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
