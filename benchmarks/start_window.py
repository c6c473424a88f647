"""Start to main window shown on a 10,000-assessment database, beside a bare PySide6 window
with pyqtgraph imported (the baseline, measured in the same run), and the app's peak memory
with that library open.

Each start is a new process; its time runs from the process's creation (read from /proc, so
the interpreter's own start counts) until the window is shown with the library's rows loaded.
"Shown" is the end of the first paint: of the library's table with its rows, of the bare
window's label. The app child goes through the same entry as `aibri` (`run_gui`) with its
settings, data and lock in a temporary folder; it reports its peak memory once the start has
finished behind the window (the services open and every page built), then exits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import report

HERE = Path(__file__).resolve()


def _since_start() -> float:
    # The same reading as aibri_desktop.ui.smoke.seconds_since_process_start, kept here so the
    # bare baseline imports nothing of the project (that import alone costs ~20 ms).
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - ticks / os.sysconf("SC_CLK_TCK")


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class _FirstPaint:
    """Records when a widget's first paint has finished: at the first event of any kind after
    that paint (an application-wide event filter), so the time includes the drawing."""

    def __init__(self, application: Any, is_target: Callable[[object], bool]) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        outer = self
        self.seconds: float | None = None
        self._painting = False

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if outer.seconds is None:
                    if outer._painting:
                        outer.seconds = _since_start()
                    elif event.type() == paint and is_target(watched):
                        outer._painting = True
                return False

        self._filter = Filter()
        application.installEventFilter(self._filter)


def library_first_paint(application: Any) -> _FirstPaint:
    """When the main window's library table has first painted its loaded rows."""
    from aibri_desktop.ui.main_window import MainWindow

    def library_viewport(widget: object) -> bool:
        window = next((w for w in application.topLevelWidgets()
                       if isinstance(w, MainWindow)), None)
        return (window is not None and window.library.is_loaded()
                and widget is window.library.table.viewport())

    return _FirstPaint(application, library_viewport)


def child_bare() -> None:
    import pyqtgraph  # noqa: F401  (the baseline imports it, as the task says)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = QLabel("bare")
    window.setCentralWidget(label)
    window.resize(1280, 800)
    painted = _FirstPaint(app, lambda widget: widget is label)
    window.show()

    def poll() -> None:
        if painted.seconds is not None:
            print(f"{painted.seconds:.4f} {_peak_mb():.1f}", flush=True)
            os._exit(0)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(2)
    app.exec()


def child_app(database: str) -> None:
    """Shown = the library's first paint with its rows; the peak memory is read once the
    start has finished behind the window (services open, every page built)."""
    profile_to = os.environ.get("BENCH_PROFILE")  # a file: write a cProfile of this start
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from PySide6.QtCore import QTimer

    from aibri_desktop.ui import app as gui
    from aibri_desktop.ui.main_window import MainWindow

    application = gui.application()
    painted = library_first_paint(application)

    def poll() -> None:
        if painted.seconds is None:
            return
        if profile_to:
            profiler.disable()
            profiler.dump_stats(profile_to)
        for widget in application.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.pages.count() == 4:  # all built
                print(f"{painted.seconds:.4f} {_peak_mb():.1f}", flush=True)
                # the start-up check runs in a child process: stop it, or the next starts
                # of this benchmark share the machine with it (os._exit skips atexit)
                from aibri_desktop.services.safety import stop_child_checks

                stop_child_checks()
                os._exit(0)  # the measurement is taken: skip the close-time backup

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(2)
    gui.run_gui(database)


def _start(kind: str, database: str, folder: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(folder),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CACHE_HOME": str(folder / "cache"), "XDG_RUNTIME_DIR": str(folder)}
    result = subprocess.run([sys.executable, "-X", "faulthandler", str(HERE), "--child", kind,
                             "--db", database],
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:  # a crash: show where (faulthandler's trace), then fail
        print(result.stderr[-4000:], file=sys.stderr)
        result.check_returncode()
    # The child ended with os._exit, as a crash would: remove the lock it left so the next
    # start is an ordinary one, not a recovery with its verified backup.
    Path(database + ".lock").unlink(missing_ok=True)
    seconds, peak = result.stdout.split()[-2:]
    return float(seconds), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database to open (default: build 10,000 assessments)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        child_bare()
    if args.child == "app":
        child_app(args.db)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o700)
        database = args.db
        if database is None:
            database = str(folder / "start.sqlite3")
            subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", database, "demo",
                            "--count", "10000"], check=True, capture_output=True)
        app_times, bare_times, peaks = [], [], []
        for _ in range(args.runs):  # alternate, so both see the same machine state
            seconds, _peak = _start("bare", database, folder)
            bare_times.append(seconds)
            seconds, peak = _start("app", database, folder)
            app_times.append(seconds)
            peaks.append(peak)
    import statistics

    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    print(f"start to main window, 10,000 assessments: median {app_median:.2f} s; bare PySide6 "
          f"window with pyqtgraph: {bare_median:.2f} s; ratio {app_median / bare_median:.2f} "
          f"(target <= 1.5)")
    print(f"peak memory, library open: median {statistics.median(peaks):.0f} MB "
          f"(target <= 300 MB)")
    report("start_window", app_times, "s")
    report("start_baseline", bare_times, "s")
    report("peak_memory", peaks, "MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
