"""What the window needs before the services are open: its lock on the database, and the
library rows of a current database file, read without SQLAlchemy (see
:mod:`..storage.library_rows`). Nothing here may load SQLAlchemy: the window shows first."""

from __future__ import annotations

from pathlib import Path

from ..storage.library_rows import read_library_rows
from ..storage.locks import AppLock, Attempt, take_app_lock
from .records import AssessmentSummary, summary_from_row

WindowLock = AppLock  # what the window holds (the front end does not import storage)


def take_window_lock(database: Path) -> Attempt:
    """The app lock a window holds while it has ``database`` open (see storage.locks)."""
    return take_app_lock(database)


def quick_library(path: Path) -> list[AssessmentSummary] | None:
    """The same rows as ``assessments.list_summaries(deleted=None)``, or ``None`` when the
    file must go through the ordinary open first (new, older, foreign or unreadable)."""
    rows = read_library_rows(path)
    return None if rows is None else [summary_from_row(row) for row in rows]
