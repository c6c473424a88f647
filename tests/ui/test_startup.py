"""`aibri` starting on a saved library: the rows show before the services are open, the window
then finishes its start behind them, and a failed open behind the window says so and quits.

These run the real entry (``run_gui``) with its event loop; a timer plays the user."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from aibri_desktop.services import Services
from aibri_desktop.services.errors import DatabaseError
from aibri_desktop.ui import app as gui
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings
from helpers.services import create_reference_assessment, open_services


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    services = open_services(tmp_path)
    reference_id = create_reference_assessment(services)
    services.demo.generate(count=5, seed=3)
    services.close()
    assert services.database.path is not None
    monkeypatch.setattr(AppSettings, "user",
                        classmethod(lambda cls: AppSettings.at(tmp_path / "settings.ini")))
    return services.database.path, reference_id


class _Script:
    """Steps run in turn against the new window, each until it returns True; what went wrong
    is collected (asserting inside Qt's event loop would not stop the test). ``end()`` stops
    its timers, so none of them fires in a later test's event loop."""

    def __init__(self, steps: list[Callable[[MainWindow], bool]], give_up_ms: int) -> None:
        self.problems: list[str] = []
        self._steps = steps
        # Other tests' windows, held so that no new window can reuse one's id().
        self._earlier = list(QApplication.topLevelWidgets())
        self._tick = QTimer()
        self._tick.timeout.connect(self._step)
        self._tick.start(5)
        self._give_up = QTimer()
        self._give_up.setSingleShot(True)
        self._give_up.timeout.connect(self._gave_up)
        self._give_up.start(give_up_ms)

    def _gave_up(self) -> None:
        self.problems.append("gave up waiting")
        QApplication.exit(2)

    def _step(self) -> None:
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow)
                       and not any(w is e for e in self._earlier)), None)
        if window is None or not self._steps:
            return
        try:
            if self._steps[0](window):
                self._steps.pop(0)
        except Exception as exc:  # reported after the loop
            self.problems.append(f"{type(exc).__name__}: {exc}")
            self._steps.clear()
        if not self._steps:
            self._tick.stop()
            window.close()

    def end(self) -> list[str]:
        self._tick.stop()
        self._give_up.stop()
        self._earlier.clear()
        return self.problems


def test_library_shows_before_the_open_and_the_window_then_works(
        qapp: QApplication, library: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, reference_id = library
    release = threading.Event()
    real_open = gui._open_quietly

    def held_open(spec: str) -> Services:  # the open waits until the test has looked
        assert release.wait(30)
        return real_open(spec)

    monkeypatch.setattr(gui, "_open_quietly", held_open)
    seen: dict[str, object] = {}

    def before_open(window: MainWindow) -> bool:
        if not window.isVisible() or not window.library.is_loaded():
            return False
        seen["rows"] = window.library.model.rowCount()
        seen["count"] = window.library.count_label.text()
        seen["status"] = window.statusBar().currentMessage()
        seen["pages"] = window.pages.count()
        window.library.search.setText("reference")  # filtering needs no services
        seen["filtered"] = window.library.proxy.rowCount()
        release.set()
        return True

    def after_open(window: MainWindow) -> bool:
        if window.pages.count() < 4:
            return False
        seen["status_after"] = window.statusBar().currentMessage()
        window.open_assessment(reference_id)
        seen["opened"] = window.current.title if window.current else None
        seen["answered"] = len(window.questionnaire.answers)
        return True

    script = _Script([before_open, after_open], give_up_ms=60_000)
    code = gui.run_gui(str(path))
    problems = script.end()

    assert problems == []
    assert code == 0
    assert seen["rows"] == 6 and seen["count"] == "6 of 6 assessments shown"
    assert seen["status"] == "Opening the database…"
    assert seen["pages"] == 1, "the other pages are built after the open"
    assert seen["filtered"] == 1
    assert seen["status_after"] == f"Database: {path}"
    assert seen["opened"] == "Reference fixture"
    assert seen["answered"] == 10, "the reference answers, loaded through the opened services"
    assert not Path(str(path) + ".lock").exists(), "the lock is released on quitting"


def test_a_failed_open_behind_the_window_is_reported_and_nothing_is_used(
        qapp: QApplication, library: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _reference_id = library

    def damaged(spec: str) -> Services:
        raise DatabaseError(f"{spec} is damaged (database disk image is malformed). Nothing "
                            "was changed.")

    offered: list[str] = []
    shown: list[str] = []
    monkeypatch.setattr(gui, "_open_quietly", damaged)
    monkeypatch.setattr(gui, "_offer_recovery",
                        lambda app, where, problem: offered.append(problem))
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    script = _Script([], give_up_ms=60_000)  # only the time limit

    code = gui.run_gui(str(path))
    assert script.end() == []

    assert code == 1
    assert offered == [f"{path} is damaged (database disk image is malformed). Nothing was "
                       "changed."], "the newest backup is offered, as on the ordinary path"
    assert shown == offered
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    assert not Path(str(path) + ".lock").exists()


def test_an_empty_library_shows_its_welcome_and_the_open_follows_its_paint(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aibri_desktop.ui import startup

    open_services(tmp_path).close()  # a current database with no assessments yet
    monkeypatch.setattr(AppSettings, "user",
                        classmethod(lambda cls: AppSettings.at(tmp_path / "settings.ini")))
    monkeypatch.setattr(startup, "FIRST_PAINT_WAIT_MS", 30_000)  # only the paint may start it
    seen: dict[str, object] = {}

    def welcome_then_open(window: MainWindow) -> bool:
        if window.pages.count() < 4:
            seen.setdefault("welcome", window.library.stack.currentWidget()
                            is window.library.welcome)
            return False
        seen["status"] = window.statusBar().currentMessage()
        return True

    script = _Script([welcome_then_open], give_up_ms=20_000)
    code = gui.run_gui(str(tmp_path / "aibri.sqlite3"))
    problems = script.end()

    assert problems == [] and code == 0
    assert seen == {"welcome": True, "status": f"Database: {tmp_path / 'aibri.sqlite3'}"}


def test_the_stand_in_waits_starts_and_reports_like_the_services(
        qapp: QApplication, tmp_path: Path) -> None:
    from aibri_desktop.ui.startup import OpeningServices

    never = OpeningServices(lambda: open_services(tmp_path))
    assert never.finish() is None, "quitting before the first paint waits for nothing"

    early = OpeningServices(lambda: open_services(tmp_path))
    # An action before the first paint: the wait starts the open rather than hang.
    assert early.services.assessments.list_summaries() == []
    services = early.finish()
    assert services is not None and services.database.path == tmp_path / "aibri.sqlite3"
    services.close()

    def refused() -> Services:
        raise DatabaseError("The database is damaged.")

    failed = OpeningServices(refused)
    with pytest.raises(DatabaseError, match="damaged"):
        failed.services.assessments.list_summaries()
    assert failed.finish() is None


def test_a_restored_backup_takes_the_place_of_a_failed_open(
        qapp: QApplication, library: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, reference_id = library

    def damaged(spec: str) -> Services:
        raise DatabaseError(f"{spec} is damaged. Nothing was changed.")

    restored: list[Services] = []

    def restore(app: object, where: Path, problem: str) -> Services:
        restored.append(open_services(where.parent, where.name))  # as if from its backup
        return restored[-1]

    monkeypatch.setattr(gui, "_open_quietly", damaged)
    monkeypatch.setattr(gui, "_offer_recovery", restore)
    seen: dict[str, object] = {}

    def after_restore(window: MainWindow) -> bool:
        if not restored or not window.isVisible() or window.pages.count() < 4:
            return False
        seen["status"] = window.statusBar().currentMessage()
        window.open_assessment(reference_id)
        seen["opened"] = window.current.title if window.current else None
        return True

    script = _Script([after_restore], give_up_ms=30_000)
    code = gui.run_gui(str(path))
    problems = script.end()

    assert problems == [] and code == 0
    assert seen == {"status": f"Database: {path}", "opened": "Reference fixture"}
    assert not Path(str(path) + ".lock").exists()


def test_the_first_start_on_a_new_machine_opens_without_a_question(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `make run` on a fresh machine: the data folder does not exist yet. The lock file could
    # not be made there, which was taken for "already open in another copy" and asked.
    database = tmp_path / "new" / "data" / "aibri.sqlite3"
    monkeypatch.setattr(AppSettings, "user",
                        classmethod(lambda cls: AppSettings.at(tmp_path / "settings.ini")))
    asked: list[str] = []

    def ask(box: QMessageBox) -> int:
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", ask)
    seen: dict[str, object] = {}

    def welcome(window: MainWindow) -> bool:
        if not window.library.is_loaded():
            return False
        seen["welcome"] = window.library.stack.currentWidget() is window.library.welcome
        return True

    script = _Script([welcome], give_up_ms=30_000)
    code = gui.run_gui(str(database))

    assert script.end() == [] and code == 0
    assert asked == [], "no question on a first start"
    assert seen == {"welcome": True}
    assert database.exists() and not Path(str(database) + ".lock").exists()


def test_what_the_window_needs_before_the_open_loads_no_sqlalchemy() -> None:
    """The lock, the quick rows and the window itself: SQLAlchemy (a second of imports on a
    slow machine) and the charting libraries load behind the shown window, not before it."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import aibri_desktop.ui.app, aibri_desktop.ui.instance, aibri_desktop.ui.settings\n"
            "import aibri_desktop.ui.main_window, aibri_desktop.services.startup\n"
            "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'sqlalchemy', 'alembic', 'pyqtgraph', 'reportlab'})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
