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
from typing import Any

from figures import report

# the search typed in the library: a country's name letter by letter, cleared, another
KEYSTROKES = ("a", "av", "ava", "aval", "avalo", "avalon", "", "b", "bo", "bor", "")


def open_windows(app: Any, services: Any, folder: Path,
                 runs: int = 3) -> tuple[Any, list[float]]:
    """The library window opened ``runs`` times on ``services``, each timed until its rows
    are shown; the last one is left open (growth.py and server_scale.py measure the same)."""
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    opens = []
    for run in range(runs):
        start = time.perf_counter()
        window = MainWindow(services, AppSettings.at(folder / f"s{run}.ini"))
        window.show()
        while not window.library.is_loaded():
            app.processEvents()
        app.processEvents()
        opens.append(time.perf_counter() - start)
        if run < runs - 1:
            window.close()
    return window, opens


def type_keystrokes(app: Any, window: Any) -> list[float]:
    """Each of :data:`KEYSTROKES` typed into the library's search, timed until handled."""
    keystrokes = []
    for text in KEYSTROKES:
        start = time.perf_counter()
        window.library.search.setText(text)
        app.processEvents()
        keystrokes.append(time.perf_counter() - start)
    return keystrokes


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

        app = application()
        services = Services.open(db)
        window, opens = open_windows(app, services, Path(folder))
        rows = window.library.model.rowCount()
        keystrokes = type_keystrokes(app, window)
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
