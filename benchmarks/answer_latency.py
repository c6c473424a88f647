"""Time from a level key press in the questionnaire to "Saved" and the rescored strip.

The page saves synchronously through the service (answer + history + stored scores in one
transaction) and redraws the navigator and score strip before the key press returns, so the
time of the key press is the time to "saved and rescored". Median of 50 presses.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from figures import report


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from aibri_desktop.services import Services
    from aibri_desktop.ui.app import application
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        services = Services.open(Path(folder) / "latency.sqlite3")
        services.demo.generate(count=200, seed=4)
        change = services.assessments.create(country_code="KE", title="Latency",
                                             as_of=date(2026, 1, 1))
        window = MainWindow(services, AppSettings.at(Path(folder) / "s.ini"))
        window.show()
        while not window.library.is_loaded():
            app.processEvents()
        window.open_assessment(change.assessment_id)
        page = window.questionnaire
        times = []
        for n in range(50):
            key = Qt.Key(Qt.Key.Key_0 + (n % 5))
            start = time.perf_counter()
            QTest.keyClick(page.navigator, key)
            elapsed = time.perf_counter() - start
            assert page.save_label.text().startswith("Saved"), page.save_label.text()
            times.append(elapsed)
            if n % 5 == 4:
                QTest.keyClick(page.navigator, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        window.close()
        services.close()
    print(f"level key press -> saved and rescored: median {statistics.median(times) * 1000:.1f} "
          f"ms, p90 {sorted(times)[44] * 1000:.1f} ms, max {max(times) * 1000:.1f} ms (50 presses)")
    report("answer_change", times, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
