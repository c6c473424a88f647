"""Start to main window shown on a 10,000-assessment database, beside a bare PySide6 window
with pyqtgraph imported (the baseline, measured in the same run), and the app's peak memory
with that library open.

Each start is a new process; its time runs from the process's creation (read from /proc, so
the interpreter's own start counts) until the window is shown with the library's rows loaded.
The app child goes through the same entry as `aibri` (`run_gui`) with its settings, data and
lock in a temporary folder; it exits as soon as it has reported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

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


def child_bare() -> None:
    import pyqtgraph  # noqa: F401  (the baseline imports it, as the task says)
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    print(f"{_since_start():.4f} {_peak_mb():.1f}", flush=True)
    os._exit(0)


def child_app(database: str) -> None:
    profile_to = os.environ.get("BENCH_PROFILE")  # a file: write a cProfile of this start
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from PySide6.QtCore import QTimer

    from aibri_desktop.ui import app as gui
    from aibri_desktop.ui.main_window import MainWindow

    application = gui.application()

    def poll() -> None:
        for widget in application.topLevelWidgets():
            if (isinstance(widget, MainWindow) and widget.isVisible()
                    and widget.library.is_loaded()):
                application.processEvents()
                print(f"{_since_start():.4f} {_peak_mb():.1f}", flush=True)
                if profile_to:
                    profiler.disable()
                    profiler.dump_stats(profile_to)
                os._exit(0)  # the measurement is taken: skip the close-time backup

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(2)
    gui.run_gui(database)


def _start(kind: str, database: str, folder: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(folder),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
           "XDG_CACHE_HOME": str(folder / "cache"), "XDG_RUNTIME_DIR": str(folder)}
    result = subprocess.run([sys.executable, str(HERE), "--child", kind, "--db", database],
                            env=env, capture_output=True, text=True, timeout=300, check=True)
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
