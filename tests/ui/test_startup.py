"""`aibri` starting on a saved library: the rows show before the services are open, the window
then finishes its start behind them, and a failed open behind the window says so and quits.

These run the real entry (``run_gui``) with its event loop; a timer plays the user."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from aibri_desktop.services import Services
from aibri_desktop.services.errors import DatabaseError
from aibri_desktop.ui import app as gui
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.navigation import NAV_ORDER, PageId
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


NEEDING_THE_DATABASE = ["new", "samples", "import", "register", "settings", "about", "compare"]


def _needing_the_database(window: MainWindow) -> list[str]:
    """Which of those can be used (compare: its page in the side bar)."""
    enabled = [name for name in NEEDING_THE_DATABASE[:-1] if window.act(name).isEnabled()]
    compare = window.nav.item(NAV_ORDER.index(PageId.COMPARE))
    if compare.flags() & Qt.ItemFlag.ItemIsEnabled:
        enabled.append("compare")
    return enabled


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
    real_open = gui.open_quietly

    def held_open(spec: str) -> Services:  # the open waits until the test has looked
        assert release.wait(30)
        return real_open(spec)

    monkeypatch.setattr(gui, "open_quietly", held_open)
    seen: dict[str, object] = {}

    def before_open(window: MainWindow) -> bool:
        if not window.isVisible() or not window.library.is_loaded():
            return False
        seen["rows"] = window.library.model.rowCount()
        seen["count"] = window.library.count_label.text()
        seen["status"] = window.statusBar().currentMessage()
        seen["pages"] = window.pages.count()
        seen["enabled"] = _needing_the_database(window)
        window.library.search.setText("reference")  # filtering needs no services
        seen["filtered"] = window.library.proxy.rowCount()
        window.library.select_ids([reference_id])  # choosing one needs none; opening it does
        seen["open_enabled"] = window.act("open").isEnabled()
        release.set()
        return True

    def after_open(window: MainWindow) -> bool:
        if window.pages.count() < 4:
            return False
        seen["status_after"] = window.statusBar().currentMessage()
        seen["enabled_after"] = _needing_the_database(window)
        seen["open_enabled_after"] = window.act("open").isEnabled()
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
    assert seen["enabled"] == [] and not seen["open_enabled"], \
        "what needs the database waits for it"
    assert seen["enabled_after"] == NEEDING_THE_DATABASE and seen["open_enabled_after"]
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
    monkeypatch.setattr(gui, "open_quietly", damaged)
    monkeypatch.setattr(gui, "offer_recovery",
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


def test_the_opening_hands_over_its_outcome_once(qtbot, tmp_path: Path) -> None:
    from aibri_desktop.ui.startup import LibraryOpening, Opened

    outcomes: list[Opened] = []
    never = LibraryOpening(lambda: open_services(tmp_path), outcomes.append)
    assert never.finish() is None, "quitting before the first paint waits for nothing"

    opening = LibraryOpening(lambda: open_services(tmp_path), outcomes.append)
    opening.start()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    services = outcomes[0].services
    assert services is not None and outcomes[0].error is None
    assert services.database.path == tmp_path / "aibri.sqlite3"
    assert opening.finish() is services, "at quitting: the services to close"
    services.close()

    def refused() -> Services:
        raise DatabaseError("The database is damaged.")

    failed = LibraryOpening(refused, outcomes.append)
    failed.start()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=10_000)
    assert isinstance(outcomes[1].error, DatabaseError) and outcomes[1].services is None
    assert failed.finish() is None


def test_quitting_while_the_open_runs_waits_for_it_and_closes_what_it_opened(
        qtbot, tmp_path: Path) -> None:
    from aibri_desktop.ui.startup import LibraryOpening, Opened

    release = threading.Event()
    outcomes: list[Opened] = []

    def slow() -> Services:
        assert release.wait(30)
        return open_services(tmp_path)

    opening = LibraryOpening(slow, outcomes.append)
    opening.start()
    release.set()
    services = opening.finish()  # the window has closed; the open is still running
    assert services is not None, "the open ended, and its services are there to close"
    services.close()
    QApplication.processEvents()  # the open's outcome arrives now, and is dropped
    assert outcomes == [], "nothing is handed to a window that has gone"


def test_a_window_closed_before_the_open_ends_quits_cleanly(
        qapp: QApplication, library: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, _reference_id = library
    started, release = threading.Event(), threading.Event()
    real_open, real_close = gui.open_quietly, Services.close
    opened: list[Services] = []
    closed: list[Services] = []

    def held_open(spec: str) -> Services:  # ends only once the window has closed
        started.set()
        assert release.wait(30)
        opened.append(real_open(spec))
        return opened[-1]

    def close(services: Services) -> None:
        closed.append(services)
        real_close(services)

    monkeypatch.setattr(gui, "open_quietly", held_open)
    monkeypatch.setattr(Services, "close", close)
    monkeypatch.setattr(MainWindow, "closeEvent", _then(MainWindow.closeEvent, release.set))

    def opening(window: MainWindow) -> bool:  # then the script closes the window
        return started.is_set()

    script = _Script([opening], give_up_ms=30_000)
    code = gui.run_gui(str(path))

    assert script.end() == [] and code == 0
    assert len(opened) == 1 and closed == opened, \
        "the services opened after the window had closed were closed"
    assert not Path(str(path) + ".lock").exists()


def _then(method: Callable[..., None], after: Callable[[], None]) -> Callable[..., None]:
    def wrapped(self: object, *args: object) -> None:
        method(self, *args)
        after()
    return wrapped


def test_a_restored_backup_takes_the_place_of_a_failed_open(
        qapp: QApplication, library: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, reference_id = library

    def damaged(spec: str) -> Services:
        raise DatabaseError(f"{spec} is damaged. Nothing was changed.")

    restored: list[Services] = []

    def restore(app: object, where: Path, problem: str) -> Services:
        restored.append(open_services(where.parent, where.name))  # as if from its backup
        return restored[-1]

    monkeypatch.setattr(gui, "open_quietly", damaged)
    monkeypatch.setattr(gui, "offer_recovery", restore)
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
        seen.setdefault("welcome", window.library.stack.currentWidget()
                        is window.library.welcome)
        seen.setdefault("made before the window", database.exists())
        if not window.attached:  # the new library is made behind the window
            return False
        seen["attached"] = True
        return True

    script = _Script([welcome], give_up_ms=30_000)
    code = gui.run_gui(str(database))

    assert script.end() == [] and code == 0
    assert asked == [], "no question on a first start"
    assert seen == {"welcome": True, "made before the window": False, "attached": True}
    assert database.exists() and not Path(str(database) + ".lock").exists()


def test_what_the_window_needs_before_the_open_loads_no_sqlalchemy() -> None:
    """The lock, the quick rows and the window itself: SQLAlchemy (a second of imports on a
    slow machine) and the charting libraries load behind the shown window, not before it."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import aibri_desktop.ui.app, aibri_desktop.ui.instance, aibri_desktop.ui.settings\n"
            "import aibri_desktop.ui.main_window, aibri_desktop.services.startup\n"
            "import aibri_desktop.services.summaries\n"
            "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'sqlalchemy', 'alembic', 'pyqtgraph', 'reportlab'})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_start_can_be_timed_from_outside_the_app(tmp_path: Path) -> None:
    # benchmarks/frozen_app.py times the built app so: a first start, a new data folder
    import re
    import subprocess
    import sys

    env = {**os.environ, "AIBRI_REPORT_START": "1", "QT_QPA_PLATFORM": "offscreen",
           "AIBRI_DATA_DIR": str(tmp_path / "data"), "AIBRI_CONFIG_DIR": str(tmp_path / "c")}
    env.pop("AIBRI_DB", None)
    result = subprocess.run([sys.executable, "-m", "aibri_desktop"], env=env, timeout=120,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    shown = re.fullmatch(r"window shown (\d+\.\d{3}) s after the process started\n",
                         result.stdout)
    assert shown and 0 < float(shown.group(1)) < 60
    assert (tmp_path / "data" / "aibri.sqlite3").exists()  # made behind the window, kept
