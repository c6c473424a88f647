"""The services opened behind a window that is already showing the library.

Loading SQLAlchemy and opening the database took longer than the whole bare Qt start, so on
an ordinary start (a current database file, this copy holding its lock) the window shows the
rows read by ``services.startup.quick_library`` and the services open on a worker thread. The
window is usable at once: searching, sorting and selecting need no services, and the first
action that does waits for the open (a fraction of a second at most).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ..services import Services

FIRST_PAINT_WAIT_MS = 500


class OpeningServices(QObject):
    """Opens the services on a thread; ``opened`` (None, or the open's exception) is delivered
    on the GUI thread once the open has ended either way.

    :attr:`services` stands in for the real :class:`Services`: each attribute read waits for
    the open and is then the real one; after a failed open it raises the open's error, so an
    action started meanwhile reports it like any other failure.
    """

    opened = Signal(object)

    def __init__(self, opener: Callable[[], Services], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opener = opener
        self._done = threading.Event()
        self._result: Services | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="open-database", daemon=True)
        self._starting = threading.Lock()
        self._started = False
        self.services = cast("Services", _StandIn(self))

    def start_after_first_paint(self, widget: QWidget) -> None:
        """Start the open once ``widget`` has painted: the open's imports hold Python's lock
        most of the time, and every cell the library paints needs it too, so the first paint
        comes first (or after ``FIRST_PAINT_WAIT_MS`` if the window is never painted, e.g.
        minimised)."""
        watcher = _FirstPaint(widget, self.start)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, watcher.fire)

    def start(self) -> None:
        with self._starting:
            if not self._started:
                self._started = True
                self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._opener()
        except BaseException as exc:  # handed to the GUI thread, never lost
            self._error = exc
        finally:
            self._done.set()
        self.opened.emit(None if self._error is None else self._error)

    def wait(self) -> Services:
        """The open services, waiting for the open if it is still running (and starting it
        if the first paint has not come yet: waiting for a start that the GUI thread's own
        timer would make could never end)."""
        self.wait_for_end()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def wait_for_end(self) -> None:
        """Until the open has ended, either way (starting it if it has not started)."""
        self.start()
        self._done.wait()

    def replace(self, services: Services) -> None:
        """After a failed open: the services of the restored backup take its place."""
        self._result, self._error = services, None

    def finish(self) -> Services | None:
        """At quitting: the open services to close, after an open still running has ended;
        None if the open failed or never started (the window quit before its first paint)."""
        with self._starting:
            if not self._started:
                return None
        self._done.wait()
        return self._result


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


class _StandIn:
    __slots__ = ("_opening",)

    def __init__(self, opening: OpeningServices) -> None:
        self._opening = opening

    def __getattr__(self, name: str) -> object:
        return getattr(self._opening.wait(), name)


def wait_until_open(services: Services) -> None:
    """Block until a stand-in's open has ended (for code that must not race the open's own
    imports, such as building the pages); real services return at once."""
    stand_in: object = services
    if isinstance(stand_in, _StandIn):
        stand_in._opening.wait_for_end()
