"""Opening the database behind a window that already shows the library.

Loading SQLAlchemy and opening the database took longer than the whole bare Qt start, so on
an ordinary start (a current database file, this copy holding its lock) the window shows the
rows read by ``services.summaries.quick_library`` and the services open behind it, as background
work (:class:`.ops.Operations`). Until they are handed over (``MainWindow.attach``) the window
searches, sorts and selects those rows, and what needs the database is disabled.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

from .ops import Operations

if TYPE_CHECKING:
    from ..services import Services
    from .ops import ProgressFn

FIRST_PAINT_WAIT_MS = 500


@dataclass(frozen=True)
class Opened:
    """How an open ended: its services, or the error that stopped it."""

    services: Services | None
    error: BaseException | None


class LibraryOpening(QObject):
    """Opens the services as background work and hands the outcome to ``on_opened`` on the
    GUI thread. :meth:`finish`, at quitting, waits for an open still running and returns the
    services to close; once it has been called, an outcome still to come is not handed on.

    The open runs on a pool of its own: the window waits for its own work when it closes, and
    a window closed while the open runs should go at once (``finish`` waits after it)."""

    def __init__(self, opener: Callable[[], Services], on_opened: Callable[[Opened], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opener = opener
        self._ops = Operations(self, QThreadPool(self))
        self._on_opened = on_opened
        self._services: Services | None = None
        self._started = False
        self._finished = False

    def start_after_first_paint(self, widget: QWidget) -> None:
        """Start the open once ``widget`` has painted: the open's imports hold Python's lock
        most of the time, and every cell the library paints needs it too, so the first paint
        comes first (or after ``FIRST_PAINT_WAIT_MS`` if the window is never painted, e.g.
        minimised)."""
        watcher = _FirstPaint(widget, self.start)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, watcher.fire)

    def start(self) -> None:
        if not self._started and not self._finished:
            self._started = True
            self._ops.start(self._open, on_done=self._hand_on)

    def _open(self, _progress: ProgressFn) -> Opened:
        """On the worker thread: every outcome, an error too, is handed back, never lost."""
        try:
            self._services = self._opener()
        except BaseException as exc:
            return Opened(None, exc)
        return Opened(self._services, None)

    def _hand_on(self, opened: Opened) -> None:
        if not self._finished:
            self._on_opened(opened)

    def replace(self, services: Services) -> None:
        """After a failed open: the services of the restored backup take its place."""
        self._services = services

    def finish(self) -> Services | None:
        """At quitting: the open services to close, after an open still running has ended;
        None if the open failed or never started (the window quit before its first paint)."""
        self._finished = True
        if not self._started:
            return None
        self._ops.wait(-1)  # however long it takes: its services must be closed
        return self._services


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self.fire)  # after this paint has been drawn
        return False

    def fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def seconds_since_process_start() -> float:
    """Wall time since this process was created (Linux: from /proc, so a frozen app's
    bootloader and interpreter start count too); elsewhere since the entry point ran."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        from .. import STARTED

        return time.perf_counter() - STARTED


def report_start(window: QWidget, painted_last: QWidget) -> None:
    """With ``AIBRI_REPORT_START=1`` in the environment (benchmarks/frozen_app.py times the
    built app this way, from outside): once ``painted_last`` has painted, print how long after
    the process's creation that was, and close the window, which ends the app."""
    if os.environ.get("AIBRI_REPORT_START") != "1":
        return

    def shown() -> None:
        print(f"window shown {seconds_since_process_start():.3f} s after the process started",
              flush=True)
        window.close()

    _FirstPaint(painted_last, shown)
