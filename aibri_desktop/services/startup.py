"""What the window needs before the services are open: the library rows of a current
database file, read without SQLAlchemy (see :mod:`..storage.library_rows`)."""

from __future__ import annotations

from pathlib import Path

from ..storage.library_rows import read_library_rows
from .records import AssessmentSummary, summary_from_row


def quick_library(path: Path) -> list[AssessmentSummary] | None:
    """The same rows as ``assessments.list_summaries(deleted=None)``, or ``None`` when the
    file must go through the ordinary open first (new, older, foreign or unreadable)."""
    rows = read_library_rows(path)
    return None if rows is None else [summary_from_row(row) for row in rows]
