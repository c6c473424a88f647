"""What the window needs before the services are open: its lock on the database (the
library rows it shows first are read by :func:`.summaries.quick_library`). Nothing here may
load SQLAlchemy: the window shows first."""

from __future__ import annotations

from pathlib import Path

from ..storage.locks import AppLock, Attempt, take_app_lock

WindowLock = AppLock  # what the window holds (the front end does not import storage)


def take_window_lock(database: Path) -> Attempt:
    """The app lock a window holds while it has ``database`` open (see storage.locks)."""
    return take_app_lock(database)
