"""Running the user's actions: one place that reports errors, announces changes and moves slow
work off the GUI thread.

Every page calls :meth:`Operations.run` for a mutation; the returned :class:`Change` is
broadcast with :attr:`Operations.changed` so that each page redraws only what the change names.
Slow work goes through :meth:`Operations.start`, which runs a plain function on the thread pool
with progress; the function never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from ..services.changes import Change
from ..services.errors import DatabaseError, ServiceError

log = logging.getLogger(__name__)
ProgressFn = Callable[[int, int], None]
P = TypeVar("P")
EXPECTED = (ServiceError, DatabaseError, ValueError, OSError)


CANCELLED = "Cancelled."


class Cancelled(ServiceError):
    """The user stopped the work; what was done so far stays done."""


class _TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, work: Callable[[ProgressFn], Any]) -> None:
        super().__init__()
        self.signals = _TaskSignals()
        self._work = work
        self.cancelled = False

    def run(self) -> None:
        try:
            result = self._work(self._report)
        except EXPECTED as exc:
            self._emit("failed", str(exc))
        except Exception as exc:  # unexpected: logged in full, reported in one sentence
            log.exception("background task failed")
            self._emit("failed", f"An unexpected error stopped the work ({type(exc).__name__}).")
        else:
            self._emit("finished", result)

    def _report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled(CANCELLED)
        self._emit("progress", done, total)

    def _emit(self, name: str, *args: Any) -> None:
        """Send a result back, unless the window that wanted it has closed and taken the
        signals with it: then nobody is left to tell, and nothing may reach the terminal."""
        try:
            if isValid(self.signals):
                getattr(self.signals, name).emit(*args)
        except RuntimeError:  # deleted between the check and the emit
            log.debug("background task finished after its window closed")


class Operations(QObject):
    changed = Signal(object)  # Change
    failed = Signal(str)  # one sentence for the user

    def __init__(self, parent: QObject | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._tasks: set[_Task] = set()

    def run(self, action: Callable[[], Change[P]]) -> Change[P] | None:
        """Run a quick mutation now; announce its change or report why it was refused."""
        try:
            change = action()
        except EXPECTED as exc:
            self.failed.emit(str(exc))
            return None
        except Exception as exc:
            log.exception("action failed")
            self.failed.emit(f"An unexpected error stopped the action ({type(exc).__name__}); "
                             "nothing was changed.")
            return None
        if change.changed_anything or change.summary:
            self.changed.emit(change)
        return change

    def start(self, work: Callable[[ProgressFn], Any], *,
              on_done: Callable[[Any], None],
              on_progress: Callable[[int, int], None] | None = None,
              on_failed: Callable[[str], None] | None = None) -> _Task:
        """Run ``work(progress)`` on the thread pool; results come back on the GUI thread."""
        task = _Task(work)
        task.setAutoDelete(False)
        self._tasks.add(task)

        def finished(result: Any) -> None:
            if not isValid(self):
                return  # the window closed while the work ran: nobody to tell
            self._tasks.discard(task)
            on_done(result)
            if isinstance(result, Change):
                self.changed.emit(result)

        def failed(message: str) -> None:
            if not isValid(self):
                return
            self._tasks.discard(task)
            (on_failed or self.failed.emit)(message)

        task.signals.finished.connect(finished)
        task.signals.failed.connect(failed)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        self._pool.start(task)
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until background work ends (closing the window, tests)."""
        return self._pool.waitForDone(msecs)
