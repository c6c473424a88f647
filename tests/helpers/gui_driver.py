"""Drive the real window in a separate process for crash tests: answer by keyboard and print
"SAVED <indicator> <level>" each time the page shows a change as saved. The test kills this
process with SIGKILL at a moment of its choosing and checks the database afterwards."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen:configfile="
                      f"{ROOT / 'resources' / 'qt' / 'offscreen-screen.json'}")


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from aibri_desktop.services import Services
    from aibri_desktop.ui.app import application
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    database, assessment_id = sys.argv[1], sys.argv[2]
    app = application()
    services = Services.open(database)
    settings = AppSettings.at(Path(tempfile.mkdtemp()) / "settings.ini")
    window = MainWindow(services, settings)
    window.show()
    window.open_assessment(assessment_id)
    page = window.questionnaire
    parent = os.getppid()
    while os.getppid() == parent:  # until killed, or the test that started it is gone
        indicator = page.current_indicator_id()
        previous = page.answers.get(indicator or "")
        level = ((previous.level if previous and previous.level is not None else -1) + 1) % 5
        QTest.keyClick(page.navigator, Qt.Key(Qt.Key.Key_0 + level))
        app.processEvents()
        if page.save_label.text().startswith("Saved"):
            answer = page.answers[indicator or ""]
            print(f"SAVED {indicator} {answer.level}", flush=True)
        QTest.keyClick(page.navigator, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        if page.current_indicator_id() == indicator:  # last one: back to the start
            page.go_to(page.model.ordered_ids()[0])
        app.processEvents()


if __name__ == "__main__":
    main()
