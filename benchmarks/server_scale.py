"""The team's library on a PostgreSQL server against the laptop's SQLite file, at 10,000
assessments: opening the library, loading its rows, the library window, a filter keystroke,
opening an assessment, and an answer (key press to saved, rescored and redrawn; and through
the service alone), each measured the same way on both, each in a process of its own.

The server is a private one started for the run (Debian's package, as ``make test`` installs
it: ``python3 tools/sysdeps.py --ensure postgres``), on a Unix socket of this machine, with
PostgreSQL's default durability (fsync and synchronous commit on), as the SQLite file's is
(``synchronous = FULL``). Both libraries are filled the same way: ``aibri --db SPEC demo
--count N``. A real server across a network adds its round trips to every figure here.

    .venv/bin/python benchmarks/server_scale.py [--db SQLITE_FILE] [--count 10000]
                                                [--presses 50]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from figures import report
from library_open import open_windows, type_keystrokes

HERE = Path(__file__).resolve().parent
ENGINES = (("sqlite", "SQLite file"), ("server", "PostgreSQL server"))


class _Server:
    """A private PostgreSQL server for the run, with PostgreSQL's default durability (the test
    server of tests/helpers/pgserver.py turns fsync off, which would flatter every write):
    initdb as the package's ``postgres`` user when run as root (initdb refuses root), a Unix
    socket in a private folder, no TCP port."""

    def __init__(self) -> None:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from helpers.pgserver import ServerUnavailable, server_binaries

        self._bin = server_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="aibri-pg-bench-"))
        self.sockets = self.folder / "socket"
        self.sockets.mkdir()
        self._prefix: list[str] = []
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        if os.geteuid() == 0:
            self.user = "postgres"
            self._prefix = [shutil.which("runuser") or "/sbin/runuser", "-u", self.user, "--"]
            owner = pwd.getpwnam(self.user)
            for path in (self.folder, self.sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self.folder.chmod(0o700)
        self.port = 5432 + (os.getpid() % 20000)  # names the socket file
        data = str(self.folder / "data")
        for command in (
                ["initdb", "-D", data, "-U", self.user, "-A", "trust", "-E", "UTF8",
                 "--locale=C"],
                ["pg_ctl", "-D", data, "-w", "-t", "60", "-l", str(self.folder / "server.log"),
                 "-o", f"-k {self.sockets} -p {self.port} -c listen_addresses='' "
                       "-c max_connections=20", "start"]):
            done = self._run(*command)
            if done.returncode != 0:
                shutil.rmtree(self.folder, ignore_errors=True)
                raise ServerUnavailable(f"{command[0]} failed: "
                                        f"{(done.stderr or done.stdout).strip()[-300:]}")

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._prefix, str(self._bin / program), *args],
                              capture_output=True, text=True, check=False)

    def new_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(host=str(self.sockets), port=self.port, user=self.user,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"'.encode())
        return (f"postgresql+psycopg://{self.user}@/{name}?host={self.sockets}"
                f"&port={self.port}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _demo(spec: str, count: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", spec, "demo", "--count",
                    str(count)], check=True, capture_output=True)
    return time.perf_counter() - start


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def _measure(spec: str, folder: Path, presses: int) -> dict[str, list[float]]:
    """Every figure of one library (a file's path or a server's URL)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from aibri_desktop.domain.answers import AnswerState
    from aibri_desktop.services import Services
    from aibri_desktop.ui.app import application

    app = application()
    figures: dict[str, list[float]] = {key: [] for key in (
        "open", "rows", "window", "filter", "questionnaire", "answer_key", "answer_service")}

    def timed(key: str, act: Callable[[], object]) -> None:
        start = time.perf_counter()
        act()
        figures[key].append(time.perf_counter() - start)

    def opening(assessment_id: str) -> Callable[[], None]:
        def act() -> None:
            window.open_assessment(assessment_id)
            app.processEvents()
        return act

    for _ in range(3):
        timed("open", lambda: Services.open(spec).close())
    services = Services.open(spec)
    count = 0
    for _ in range(5):
        start = time.perf_counter()
        count = len(services.assessments.list_summaries(deleted=None))
        figures["rows"].append(time.perf_counter() - start)
    window, opens = open_windows(app, services, folder)
    figures["window"] += opens
    figures["filter"] += type_keystrokes(app, window)
    for summary in services.assessments.list_summaries()[:9]:
        timed("questionnaire", opening(summary.id))
        window.show_page(0)
        app.processEvents()

    # an answer, as answer_latency.py presses it, in a new assessment of this library
    made = services.assessments.create(country_code="KE", title="Latency",
                                       as_of=date(2026, 1, 1))
    window.open_assessment(made.assessment_id)
    page = window.questionnaire
    for n in range(presses):
        start = time.perf_counter()
        QTest.keyClick(page.navigator, Qt.Key(Qt.Key.Key_0 + (n % 5)))
        figures["answer_key"].append(time.perf_counter() - start)
        assert page.save_label.text().startswith("Saved"), page.save_label.text()
        if n % 5 == 4:
            QTest.keyClick(page.navigator, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    window.close()
    record = services.assessments.load(made.assessment_id)
    indicator = record.framework.enabled_dimensions(record.modules)[0].indicators[-1].id
    for n in range(presses):  # the same save without the window: the storage's own share
        start = time.perf_counter()
        services.assessments.answer(assessment_id=made.assessment_id, indicator_id=indicator,
                                    who="bench", state=AnswerState.ANSWERED, level=n % 5)
        figures["answer_service"].append(time.perf_counter() - start)
    services.close()
    QApplication.processEvents()
    figures["count"] = [float(count)]
    return figures


def _cell(values: list[float], *, p95: bool = False) -> str:
    def shown(value: float) -> str:
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"

    text = f"{shown(statistics.median(values))} (n={len(values)})"
    return text + f", p95 {shown(_p95(values))}" if p95 else text


def _measured_apart(spec: str, folder: Path, presses: int) -> dict[str, list[float]]:
    """:func:`_measure` in a process of its own (the windows a first engine's run leaves
    behind would slow the second's)."""
    done = subprocess.run([sys.executable, __file__, "--measure", spec, "--folder", str(folder),
                           "--presses", str(presses)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {spec} failed:\n{done.stderr}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("MEASURED "))
    figures: dict[str, list[float]] = json.loads(line[len("MEASURED "):])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing SQLite library (default: build one)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=50, help="answers measured per engine")
    parser.add_argument("--measure", metavar="SPEC", help=argparse.SUPPRESS)  # the child
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.measure:
        print("MEASURED " + json.dumps(_measure(args.measure, args.folder, args.presses)))
        return 0
    measured: dict[str, dict[str, list[float]]] = {}
    demo: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="aibri-server-bench-") as name:
        folder = Path(name)
        try:
            server = _Server()
        except RuntimeError as exc:  # ServerUnavailable: say why in one line
            print(f"server_scale: no PostgreSQL server: {exc}", file=sys.stderr)
            return 1
        try:
            url = server.new_database("bench")
            sqlite = args.db
            if sqlite is None:
                sqlite = folder / "library.sqlite3"
                demo["sqlite"] = _demo(str(sqlite), args.count)
            demo["server"] = _demo(url, args.count)
            for engine, spec in (("sqlite", str(sqlite)), ("server", url)):
                (folder / engine).mkdir()
                measured[engine] = _measured_apart(spec, folder / engine, args.presses)
        finally:
            server.stop()

    rows = [
        ("open the library (Services.open)", "open", False),
        (f"library rows from stored scores ({int(measured['server']['count'][0]):,})", "rows",
         False),
        ("library window, until the rows are shown", "window", False),
        ("library filter, per keystroke", "filter", False),
        ("open an assessment into the questionnaire", "questionnaire", False),
        ("answer key press → saved, rescored, redrawn", "answer_key", True),
        ("answer saved through the service (no window)", "answer_service", True),
    ]
    table = []
    for label, key, p95 in rows:
        sqlite_values, server_values = measured["sqlite"][key], measured["server"][key]
        ratio = statistics.median(server_values) / statistics.median(sqlite_values)
        table.append((label, _cell(sqlite_values, p95=p95), _cell(server_values, p95=p95),
                      f"{ratio:.2f} ×"))
    if "sqlite" in demo:
        table.append((f"aibri demo --count {args.count}", _cell([demo["sqlite"]]),
                      _cell([demo["server"]]), f"{demo['server'] / demo['sqlite']:.2f} ×"))
    else:
        table.append((f"aibri demo --count {args.count}", "(given)", _cell([demo["server"]]),
                      ""))
    headers = ("figure", ENGINES[0][1], ENGINES[1][1], "server ÷ SQLite")
    widths = [max(len(r[i]) for r in [headers, *table]) for i in range(4)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    for engine, _label in ENGINES:
        for _row, key, p95 in rows:
            report(f"{engine}_{key}", measured[engine][key], "s")
            if p95:
                report(f"{engine}_{key}_p95", _p95(measured[engine][key]), "s")
        if engine in demo:
            report(f"{engine}_demo", demo[engine], "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
