"""Growth with the library's size: `aibri demo` time, library load, filter per keystroke, the
start and peak memory at 1,000, 10,000 and 100,000 assessments, as a table with the growth
per 10× and a log-log plot (PNG, drawn with QPainter: no matplotlib).

    .venv/bin/python benchmarks/growth.py [--counts 1000,10000,100000] [--db-10000 FILE]
                                          [--plot docs/bench/growth.png] [--runs 1]

Each library is built by a real `aibri demo --count N` (timed, with its peak memory), then
measured in fresh processes of its own (`--runs` of them), so that each count's peak memory is
its own. Such a process starts as `aibri` does and as `start_window.py`'s does (`run_gui`, its
settings, data and lock in a temporary folder): the start runs until the first paint of the
library's rows (the start, from the process's creation), and the peak memory is read once the
start has finished behind the window (services open, every page built), the reading of
`start_window.py`'s `peak_memory`. The same process then measures what `library_open.py`
measures: the library window opened three times on those services, until its rows are shown
(the load), and the same search keystrokes (filter per keystroke). A bare PySide6 window with
pyqtgraph (`start_window.py`'s baseline) is started beside each, for the start's ratio.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from figures import report

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
DEMO_LIMIT = 15 * 60  # seconds: a demo that takes longer is stopped and reported
CHILD_LIMIT = 20 * 60
OPENS = 3  # library windows opened per process (library_open.py's median of 3)
# per figure: its label, its unit in the table and plot, the target at 10,000
PANELS = (("load", "library load", "ms", None),
          ("filter", "filter per keystroke", "ms", 30.0),
          ("rss", "peak RSS", "MB", 300.0))


# ---- the measuring process -------------------------------------------------------------------

def child(database: str, folder: Path) -> None:
    """Start as `aibri` does; once the start has finished, read the peak memory, then open the
    library window and type as library_open.py does. Prints one ``GROWTH {json}`` line."""
    from PySide6.QtCore import QTimer
    from start_window import _peak_mb, library_first_paint  # the 10,000 figures' readings

    from aibri_desktop.ui import app as gui
    from aibri_desktop.ui.main_window import MainWindow

    application = gui.application()
    painted = library_first_paint(application)

    def poll() -> None:
        if painted.seconds is None:
            return
        started = next((w for w in application.topLevelWidgets()
                        if isinstance(w, MainWindow) and w.pages.count() == 4), None)
        if started is None:  # the services are still opening, or a page is still to be built
            return
        timer.stop()
        peak_started = _peak_mb()
        # the first-paint filter sees every event: it must not tax the keystrokes below
        application.removeEventFilter(painted._filter)
        figures = _library_open(application, started, folder)
        figures |= {"start": painted.seconds, "rss": peak_started, "rss_end": _peak_mb()}
        print("GROWTH " + json.dumps(figures), flush=True)
        from aibri_desktop.services.safety import stop_child_checks

        stop_child_checks()  # the start-up checks run in child processes: stop them
        os._exit(0)  # as start_window.py: the figures are taken, skip the close-time backup

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(2)
    gui.run_gui(database)


def _library_open(application: Any, started: Any, folder: Path) -> dict[str, Any]:
    """library_open.py's measurement, on the services the start opened."""
    from library_open import open_windows, type_keystrokes

    services = started.services
    application.setQuitOnLastWindowClosed(False)  # closing a measured window must not quit
    started.hide()  # kept (closing it would back up the library), out of the way
    application.processEvents()
    window, loads = open_windows(application, services, folder, OPENS)
    rows = window.library.model.rowCount()
    keystrokes = type_keystrokes(application, window)
    return {"rows": rows, "loads": loads, "keystrokes": keystrokes}


# ---- the parent: build, measure, print, plot -------------------------------------------------

def _isolated_env(folder: Path) -> dict[str, str]:
    """start_window.py's environment for a start: settings, data and cache in ``folder``."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"), "XDG_RUNTIME_DIR": str(folder)}


def build(database: Path, count: int, log: Path) -> dict[str, Any]:
    """`aibri demo --count N` into ``database``: its wall time, its own peak memory (from
    wait4, this child's alone) and the file's size; stopped after DEMO_LIMIT seconds."""
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "aibri_desktop", "--db", str(database),
                                    "demo", "--count", str(count)],
                                   stdout=output, stderr=subprocess.STDOUT)
        killer = threading.Timer(DEMO_LIMIT, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    size = sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))
    return {"seconds": seconds, "ok": process.returncode == 0, "exit": process.returncode,
            "timed_out": seconds >= DEMO_LIMIT, "rss": usage.ru_maxrss / 1024,
            "size": size / 2**20, "output": log.read_text(errors="replace")[-3000:]}


def measure(database: Path, folder: Path) -> dict[str, Any]:
    """One measuring process (see :func:`child`) on ``database``."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    result = subprocess.run([sys.executable, "-X", "faulthandler", str(HERE), "--child",
                             "--db", str(database), "--folder", str(folder)],
                            env=_isolated_env(folder), capture_output=True, text=True,
                            timeout=CHILD_LIMIT, check=False)
    # it ended with os._exit, as a crash would: remove its lock, so the next start is ordinary
    Path(str(database) + ".lock").unlink(missing_ok=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("GROWTH ")]
    if result.returncode != 0 or not lines:
        print(result.stderr[-4000:], file=sys.stderr)
        raise RuntimeError(f"the measuring process failed (exit {result.returncode})")
    figures: dict[str, Any] = json.loads(lines[-1][len("GROWTH "):])
    return figures


def bare_start(folder: Path) -> float:
    """start_window.py's baseline: a bare PySide6 window with pyqtgraph, to its first paint."""
    result = subprocess.run([sys.executable, str(HERE.parent / "start_window.py"), "--child",
                             "bare"], env=_isolated_env(folder), capture_output=True, text=True,
                            timeout=300, check=True)
    return float(result.stdout.split()[-2])


def run_count(count: int, reuse: Path | None, folder: Path, runs: int) -> dict[str, Any]:
    """Build (or reuse) the library of ``count`` assessments and measure it ``runs`` times."""
    entry: dict[str, Any] = {"count": count}
    if reuse is not None:
        database = reuse
        entry["demo"] = None
        print(f"{count:,}: reusing {reuse}", file=sys.stderr, flush=True)
    else:
        database = folder / f"growth-{count}.sqlite3"
        print(f"{count:,}: aibri demo --count {count}…", file=sys.stderr, flush=True)
        demo = build(database, count, folder / f"demo-{count}.log")
        entry["demo"] = demo
        print(f"{count:,}: demo {demo['seconds']:.1f} s, peak {demo['rss']:.0f} MB, "
              f"{demo['size']:.0f} MB on disk", file=sys.stderr, flush=True)
        if not demo["ok"]:
            why = (f"stopped after {DEMO_LIMIT} s" if demo["timed_out"]
                   else f"exit {demo['exit']}")
            print(f"{count:,}: aibri demo failed ({why}):\n{demo['output']}", file=sys.stderr)
            entry["failed"] = f"aibri demo --count {count}: {why}"
            return entry
    measured = []
    bare = []
    for run in range(runs):  # alternate, so both see the same machine state
        bare.append(bare_start(folder / f"bare-{count}-{run}"))
        measured.append(measure(database, folder / f"app-{count}-{run}"))
        print(f"{count:,}: measured ({run + 1}/{runs})", file=sys.stderr, flush=True)
    entry |= {
        "rows": measured[-1]["rows"],
        "loads": [s for m in measured for s in m["loads"]],
        "keystrokes": [s for m in measured for s in m["keystrokes"]],
        "starts": [m["start"] for m in measured], "bare": bare,
        "rss": [m["rss"] for m in measured], "rss_end": [m["rss_end"] for m in measured]}
    if reuse is None:
        database.unlink(missing_ok=True)  # a 100,000 library takes a lot of disk
        for extra in database.parent.glob(database.name + "-*"):
            extra.unlink(missing_ok=True)
    return entry


def summary(entry: dict[str, Any]) -> dict[str, float | None]:
    """One count's figures in the table's units (ms, MB, s), medians; None: not measured."""
    if "loads" not in entry:
        demo = entry.get("demo")
        return {"demo": demo["seconds"] if demo and demo["ok"] else None, "load": None,
                "filter": None, "rss": None, "start": None, "bare": None}
    demo = entry["demo"]
    return {"demo": demo["seconds"] if demo else None,
            "load": statistics.median(entry["loads"]) * 1000,
            "filter": statistics.median(entry["keystrokes"]) * 1000,
            "rss": statistics.median(entry["rss"]),
            "start": statistics.median(entry["starts"]),
            "bare": statistics.median(entry["bare"])}


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.1f} s" if value < 100 else f"{value / 60:.1f} min"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"
    return f"{value:,.0f} {unit}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                                enumerate(zip(row, widths, strict=True))) + " |")


GROWN = (("demo", "demo", "s"), ("load", "library load", "ms"),
         ("filter", "filter per keystroke", "ms"), ("rss", "peak RSS", "MB"),
         ("start", "start", "s"))


def print_results(entries: list[dict[str, Any]]) -> list[str]:
    """The table, the growth per 10× and the verdict; returns the verdict's problems."""
    rows = []
    for entry in entries:
        s = summary(entry)
        demo = "reused" if entry.get("demo") is None and "loads" in entry else _fmt(
            s["demo"], "s")
        start = "–" if s["start"] is None or not s["bare"] else (
            f"{s['start']:.2f} s = {s['start'] / s['bare']:.2f} × bare")
        shown = f"{entry['rows']:,}" if "rows" in entry else f"{entry['count']:,}"
        rows.append((shown, demo, _fmt(s["load"], "ms"), _fmt(s["filter"], "ms"),
                     _fmt(s["rss"], "MB"), start))
    _table(("assessments", "aibri demo", "library load", "filter per keystroke", "peak RSS",
            "start (first paint)"), rows)
    print()
    problems: list[str] = []
    for before, after in itertools.pairwise(entries):
        factor = after["count"] / before["count"]
        a, b = summary(before), summary(after)
        parts = []
        for key, label, _unit in GROWN:
            if a[key] and b[key] is not None:
                ratio = b[key] / a[key]  # type: ignore[operator]
                parts.append(f"{label} {ratio:.1f} ×")
                if ratio > factor * 1.2:  # beyond linear, with room for this machine's noise
                    problems.append(f"{label} grew {ratio:.1f} × from {before['count']:,} to "
                                    f"{after['count']:,} ({factor:.0f} × the assessments)")
        print(f"{before['count']:,} → {after['count']:,} ({factor:.0f} × the assessments): "
              + ", ".join(parts))
    return problems


def targets(entries: list[dict[str, Any]]) -> list[str]:
    """The issue's targets at 10,000 assessments."""
    lines = []
    for entry in entries:
        if entry["count"] != 10_000 or "loads" not in entry:
            continue
        s = summary(entry)
        assert s["filter"] is not None and s["rss"] is not None and s["start"] is not None
        ratio = s["start"] / s["bare"] if s["bare"] else math.inf
        for ok, text in ((s["filter"] <= 30, f"filter {s['filter']:.1f} ms (≤ 30 ms)"),
                         (ratio <= 1.5, f"start {ratio:.2f} × the bare window (≤ 1.5 ×)"),
                         (s["rss"] <= 300, f"peak RSS {s['rss']:.0f} MB (≤ 300 MB)")):
            lines.append(f"  - at 10,000: {text}: {'met' if ok else 'MISSED'}")
    return lines


def report_figures(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        count = entry["count"]
        demo = entry.get("demo")
        if demo and demo["ok"]:
            report(f"growth_{count}_demo", demo["seconds"], "s")
        if "loads" in entry:
            report(f"growth_{count}_load", entry["loads"], "s")
            report(f"growth_{count}_filter", entry["keystrokes"], "s")
            report(f"growth_{count}_rss", entry["rss"], "MB")
            report(f"growth_{count}_start", entry["starts"], "s")


# ---- the plot --------------------------------------------------------------------------------

def _ticks(low: float, high: float) -> list[float]:
    """Round values between ``low`` and ``high`` for a log axis: 1-2-5 per decade, or fewer
    or more so that there are about 3 to 8."""
    def within(steps: Sequence[float]) -> list[float]:
        values = []
        for decade in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
            for step in steps:
                value = step * 10.0 ** decade
                if low <= value <= high:
                    values.append(value)
        return values

    for steps in ((1, 2, 5), (1,), (1, 1.5, 2, 3, 5, 7)):
        values = within(steps)
        if 3 <= len(values) <= 8:
            return values
    return within((1,)) if len(within((1,))) > 8 else within((1, 1.5, 2, 3, 5, 7))


def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:g}"


def _count_label(count: int) -> str:
    if count >= 1000 and count % 1000 == 0:
        return f"{count // 1000:,}k"
    return f"{count:,}"


def plot(entries: list[dict[str, Any]], path: Path) -> None:
    """Three log-log panels (library load, filter per keystroke, peak RSS) against the number
    of assessments, each with a dashed linear reference from the first point and the issue's
    target at 10,000, on a white 900 × 500 image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    measured = [(e["count"], summary(e)) for e in entries if "loads" in e]
    width, height = 900, 500
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    base = QFont("DejaVu Sans")
    base.setPixelSize(12)
    small = QFont(base)
    small.setPixelSize(11)
    title_font = QFont(base)
    title_font.setPixelSize(17)
    title_font.setBold(True)
    panel_font = QFont(base)
    panel_font.setPixelSize(13)
    panel_font.setBold(True)
    ink, grey, blue, red = (QColor("#222222"), QColor("#888888"), QColor("#1f5fa8"),
                            QColor("#c0392b"))
    centre = Qt.AlignmentFlag.AlignCenter
    right_middle = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    left_middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    painter.setPen(ink)
    painter.setFont(title_font)
    painter.drawText(QRectF(0, 10, width, 26), centre,
                     "AIBRI Desktop: growth with the library's size (log–log)")
    painter.setFont(small)
    painter.setPen(grey)
    painter.drawText(QRectF(0, 36, width, 18), centre,
                     f"medians, measured on {os.cpu_count()} cores, "
                     f"{time.strftime('%Y-%m-%d')}")

    if not measured:
        painter.end()
        image.save(str(path))
        return
    counts = [count for count, _ in measured]
    x_low = math.log10(min(counts)) - 0.25
    x_high = math.log10(max(counts)) + 0.25
    top, bottom = 92.0, height - 92.0
    left_margin, gap, right_margin = 62.0, 70.0, 18.0
    panel_width = (width - left_margin - right_margin - 2 * gap) / 3

    for number, (key, label, unit, target) in enumerate(PANELS):
        x0 = left_margin + number * (panel_width + gap)
        frame = QRectF(x0, top, panel_width, bottom - top)
        points: list[tuple[int, float]] = [(count, value) for count, s in measured
                                           if (value := s[key]) is not None]
        first_count, first_value = points[0]
        reference = [(count, first_value * count / first_count) for count in counts]
        values = [v for _, v in points] + [v for _, v in reference]
        if target is not None and 10_000 in counts:
            values.append(target)
        y_low = math.log10(min(values)) - 0.12
        y_high = math.log10(max(values)) + 0.12

        def x_at(count: float, frame: QRectF = frame) -> float:
            return frame.left() + (math.log10(count) - x_low) / (x_high - x_low) * frame.width()

        def y_at(value: float, frame: QRectF = frame, y_low: float = y_low,
                 y_high: float = y_high) -> float:
            share = (math.log10(value) - y_low) / (y_high - y_low)
            return frame.bottom() - share * frame.height()

        painter.setFont(panel_font)
        painter.setPen(ink)
        painter.drawText(QRectF(x0 - 30, top - 30, panel_width + 60, 20), centre,
                         f"{label} ({unit})")
        painter.setFont(small)
        for value in _ticks(10 ** y_low, 10 ** y_high):  # grid and y labels
            y = y_at(value)
            painter.setPen(QPen(QColor("#e6e6e6"), 1))
            painter.drawLine(QLineF(frame.left(), y, frame.right(), y))
            painter.setPen(ink)
            painter.drawText(QRectF(x0 - 60, y - 8, 54, 16), right_middle, _number(value))
        for count in counts:  # x ticks and labels
            x = x_at(count)
            painter.setPen(QPen(QColor("#e6e6e6"), 1))
            painter.drawLine(QLineF(x, frame.top(), x, frame.bottom()))
            painter.setPen(ink)
            painter.drawLine(QLineF(x, frame.bottom(), x, frame.bottom() + 4))
            painter.drawText(QRectF(x - 30, frame.bottom() + 5, 60, 16), centre,
                             _count_label(count))
        painter.drawText(QRectF(x0, frame.bottom() + 22, panel_width, 16), centre,
                         "assessments")
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)

        painter.save()
        painter.setClipRect(frame)
        painter.setPen(QPen(grey, 1.5, Qt.PenStyle.DashLine))  # linear from the first point
        painter.drawLine(QLineF(x_at(reference[0][0]), y_at(reference[0][1]),
                                x_at(reference[-1][0]), y_at(reference[-1][1])))
        if target is not None and 10_000 in counts:  # the target, at 10,000
            x = x_at(10_000)
            painter.setPen(QPen(red, 2, Qt.PenStyle.DotLine))
            painter.drawLine(QLineF(x - 30, y_at(target), x + 30, y_at(target)))
        painter.setPen(QPen(blue, 2.2))
        for (c1, v1), (c2, v2) in itertools.pairwise(points):
            painter.drawLine(QLineF(x_at(c1), y_at(v1), x_at(c2), y_at(v2)))
        painter.setBrush(blue)
        for count, value in points:
            painter.drawEllipse(QPointF(x_at(count), y_at(value)), 3.5, 3.5)
        painter.restore()
        if target is not None and 10_000 in counts:
            painter.setPen(red)
            painter.setFont(small)
            x, y = x_at(10_000), y_at(target)
            painter.drawText(QRectF(x - 30, y - 20, 100, 16), left_middle,
                             f"target ≤ {_number(target)}")
        painter.setPen(blue)
        painter.setFont(small)
        for index, (count, value) in enumerate(points):  # each value beside its point
            x, y = x_at(count), y_at(value)
            text = f"{value:.1f}" if value < 100 else f"{value:,.0f}"
            if index == len(points) - 1:  # above-left of the last point, below-right of others
                painter.drawText(QRectF(x - 86, y - 24, 80, 16), right_middle, text)
            else:
                painter.drawText(QRectF(x + 7, y + 1, 80, 16), left_middle, text)

    legend_y = height - 30.0
    painter.setFont(base)
    items = ((QPen(blue, 2.2), "measured (median)"),
             (QPen(grey, 1.5, Qt.PenStyle.DashLine), "linear growth from the first point"),
             (QPen(red, 2, Qt.PenStyle.DotLine), "target at 10,000 (issue 27)"))
    spans = [painter.fontMetrics().horizontalAdvance(text) + 40 for _pen, text in items]
    x = (width - sum(spans) - 30 * (len(items) - 1)) / 2
    for (pen, text), span in zip(items, spans, strict=True):
        painter.setPen(pen)
        painter.drawLine(QLineF(x, legend_y, x + 30, legend_y))
        painter.setPen(ink)
        painter.drawText(QRectF(x + 36, legend_y - 9, span - 36, 18), left_middle, text)
        x += span + 30
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")


# ---- main ------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="1000,10000,100000",
                        help="library sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--db-10000", type=Path, metavar="FILE",
                        help="an existing 10,000-assessment library to measure instead of "
                             "building one (e.g. run.py's); it must not be open elsewhere")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "bench" / "growth.png",
                        help="the PNG to write (default: docs/bench/growth.png)")
    parser.add_argument("--runs", type=int, default=1,
                        help="measuring processes per count (each opens the window 3 times)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write every measurement to this file")
    parser.add_argument("--replot", type=Path, metavar="FILE",
                        help="print and plot the measurements of an earlier --json; measure "
                             "nothing")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db, args.folder)
        return 1  # child() ends the process once measured; here only if the start failed
    if args.replot:
        entries = json.loads(args.replot.read_text())
    else:
        counts = sorted(int(c.replace("_", "")) for c in args.counts.split(",") if c.strip())
        entries = []
        with tempfile.TemporaryDirectory(prefix="aibri-growth-") as name:
            folder = Path(name)
            folder.chmod(0o700)
            for count in counts:
                reuse = args.db_10000 if count == 10_000 else None
                entries.append(run_count(count, reuse, folder, args.runs))
        if args.json:
            args.json.write_text(json.dumps(entries, indent=1))
    problems = print_results(entries)
    failed = [entry["failed"] for entry in entries if "failed" in entry]
    measured = [entry for entry in entries if "loads" in entry]
    if len(measured) >= 2:
        if problems:
            print("growth: WORSE than linear: " + "; ".join(problems))
        else:
            print(f"growth: linear or better from {measured[0]['count']:,} to "
                  f"{measured[-1]['count']:,} assessments (no figure grew more than the "
                  "assessments did, with 20 % allowed for noise)")
    for line in failed:
        print(f"not measured: {line}")
    lines = targets(entries)
    if lines:
        print("targets:")
        print("\n".join(lines))
    for entry in entries:
        demo = entry.get("demo")
        if demo and demo["ok"]:
            print(f"aibri demo --count {entry['count']}: {demo['seconds']:.1f} s, its peak "
                  f"RSS {demo['rss']:.0f} MB, database {demo['size']:.0f} MB")
        if "rss_end" in entry:
            print(f"{entry['count']:,}: keystrokes max {max(entry['keystrokes']) * 1000:.1f} ms;"
                  f" peak RSS at the end {statistics.median(entry['rss_end']):.0f} MB (not the "
                  "app's: a closed library window is not freed, each of the three keeps its "
                  "rows)")
    plot(entries, args.plot)
    print(f"plot: {args.plot}")
    if not args.replot:
        report_figures(entries)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
