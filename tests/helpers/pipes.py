"""Reading a child process's output line by line, each line awaited for a bounded time, so that
a child that hangs fails the test with a message instead of hanging it."""

from __future__ import annotations

import queue
import threading
from typing import IO

import pytest


class Lines:
    """The lines of ``stream`` (a child's stdout, opened in binary), read by a thread."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self._queue.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self._queue.put(None)

    def next(self, timeout: float, waiting_for: str) -> str | None:
        """The next line; None once the child has closed its output (ended). Fails the test,
        naming ``waiting_for``, if no line comes within ``timeout`` seconds."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            pass
        pytest.fail(f"no {waiting_for} within {timeout:.0f} s: the child seems stuck")

    def close(self, timeout: float = 60) -> None:
        """Wait for the end of the output (call it after the child has ended)."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            pytest.fail(f"the child's output did not end within {timeout:.0f} s of its end")
