"""The library's rows read straight from an SQLite file, without SQLAlchemy.

The window's start-up shows the library from this read while SQLAlchemy and the rest of the
services load behind it; loading them first cost more than the whole bare Qt start. The read
is read-only and answers only for a file this version opens without a migration; anything else
(a new, older, newer, foreign or unreadable file) returns ``None`` and the ordinary open, with
its checks, clear messages and backups, comes first.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .sqlite_files import APPLICATION_ID, SCHEMA_VERSION

# The columns and order of AssessmentService.list_summaries (deleted=None); a test holds the
# two to the same rows.
LIBRARY_SQL = """
SELECT a.id, a.country_code, c.name, c.region, c.alt_names, a.title, a.status,
       a.framework_id, a.framework_version, a.overall_score, a.overall_band, a.coverage,
       a.provisional, a.red_flags, a.as_of, a.updated_at, a.deleted_at, a.overall_low,
       a.overall_high
FROM assessments AS a JOIN countries AS c ON c.code = a.country_code
ORDER BY a.updated_at DESC
"""

LibraryRow = tuple[str, str, str, str, str, str, str, str, str, float | None, str | None,
                   float | None, bool, int, date, datetime, datetime | None, float | None,
                   float | None]


def read_library_rows(path: Path) -> list[LibraryRow] | None:
    """Every assessment's library row (deleted ones too), newest change first, or ``None``."""
    rows = read_stored_rows(path)
    try:
        return None if rows is None else [_converted(row) for row in rows]
    except (ValueError, TypeError):
        return None  # the ordinary open will say what is wrong


def read_stored_rows(path: Path) -> list[tuple[Any, ...]] | None:
    """:func:`read_library_rows`'s rows as SQLite holds them (dates as ISO text, booleans as
    0 and 1), for a reader that converts only what it writes out, or ``None``."""
    try:
        if not path.is_file() or path.stat().st_size == 0 or path.stat().st_nlink > 1:
            return None  # (several names: the ordinary open refuses it, see locks.py)
        # through SQLite only (see sqlite_files.probe_sqlite: another open and close of the
        # file would drop the locks of this process's connections); a file that is not a
        # database fails the first read below
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        if (con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID
                or con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION):
            return None
        return con.execute(LIBRARY_SQL).fetchall()
    except sqlite3.Error:
        return None  # the ordinary open will say what is wrong
    finally:
        con.close()


def _converted(row: tuple[Any, ...]) -> LibraryRow:
    # As SQLAlchemy's types read them: Date and DateTime are ISO text, UTCDateTime is naive
    # UTC made aware, Boolean is 0/1.
    (id_, code, name, region, alt_names, title, status, framework_id, framework_version,
     score, band, coverage, provisional, red_flags, as_of, updated_at, deleted_at, low,
     high) = row
    return (id_, code, name, region, alt_names, title, status, framework_id,
            framework_version, score, band, coverage, bool(provisional), int(red_flags),
            date.fromisoformat(as_of), _utc(updated_at),
            None if deleted_at is None else _utc(deleted_at), low, high)


def _utc(text: str) -> datetime:
    # (the same value as ``fromisoformat(text).replace(tzinfo=UTC)``, in a sixth of the time:
    # 7 ms of a 10,000-row library)
    return datetime.fromisoformat(text + "+00:00")
