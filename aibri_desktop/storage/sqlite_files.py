"""What a file is, read without SQLAlchemy: the header facts of an SQLite file and the
refusals they lead to. The window's start-up uses this before SQLAlchemy is loaded."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

APPLICATION_ID = 0x41494252  # "AIBR" in the SQLite header: marks our files
SCHEMA_VERSION = 10  # the newest migration's number; each migration sets PRAGMA user_version
SQLITE_HEADER = b"SQLite format 3\x00"


# Tables every database of ours has had since the first schema; a file with our mark that
# lacks them is someone else's (the migrations would otherwise build ours beside theirs).
OUR_TABLES = frozenset({"assessments", "answers", "countries"})


class DatabaseError(Exception):
    """The database cannot be used; ``str()`` is one clear sentence for the user."""


class BusyError(DatabaseError):
    """Another writer held the database longer than the busy timeout: retry later."""


class ConnectionLostError(DatabaseError):
    """The server stopped answering or dropped the connection during a unit of work: nothing
    of it was written (the server rolled it back); the same change can be tried again."""


class RefusedError(DatabaseError):
    """The server's grants refused the change (the connected role may not make it)."""


@dataclass(frozen=True)
class Probe:
    exists: bool
    user_version: int = 0
    application_id: int = 0
    tables: tuple[str, ...] = ()


def probe_sqlite(path: Path) -> Probe:
    """Read the header facts of an SQLite file without writing to it."""
    if not path.exists():
        return Probe(exists=False)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if not path.is_file():  # /dev/null, a FIFO, a device: SQLite would fail on it later
        raise DatabaseError(f"{path} is not a regular file, so it cannot be a database.")
    # Read through SQLite only. Opening and closing the file any other way drops every lock
    # this process's SQLite connections hold on it (POSIX locks belong to the process): with
    # the library open in the window, a second open here had made a purge's VACUUM fail with
    # "disk I/O error". SQLite's own opens keep those locks.
    if path.stat().st_size == 0:
        return Probe(exists=True)  # an empty file: SQLite treats it as a new database
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            user_version = con.execute("PRAGMA user_version").fetchone()[0]
            application_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = tuple(r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        # not a database SQLite can use, so no connection of ours holds a lock on it: the
        # header may be read directly to say which it is
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise DatabaseError(f"{path} cannot be read ({error.strerror}).") from None
        if header != SQLITE_HEADER:
            raise DatabaseError(
                f"{path} is not an AIBRI Desktop database (not an SQLite file).") from None
        raise DatabaseError(f"{path} cannot be opened as a database ({exc}).") from None
    return Probe(True, int(user_version), int(application_id), tables)


def check_probe(path: Path, probe: Probe) -> None:
    """Refuse a file that is not ours or is newer than this app."""
    if not probe.exists or not probe.tables:
        return
    if probe.application_id != APPLICATION_ID:
        raise DatabaseError(
            f"{path} is not an AIBRI Desktop database (it holds another program's tables)."
        )
    if not set(probe.tables) >= OUR_TABLES:
        raise DatabaseError(
            f"{path} carries AIBRI Desktop's mark but not its tables "
            f"({', '.join(sorted(OUR_TABLES))}), so it is not an AIBRI Desktop database. It "
            "was not changed.")
    if probe.user_version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer version of AIBRI Desktop (database schema "
            f"{probe.user_version}; this version knows up to {SCHEMA_VERSION}). It was not "
            "changed. Use the newer version of the app."
        )


def assessments_held(path: Path, ids: tuple[str, ...]) -> int:
    """How many of the assessments ``ids`` an SQLite file of ours (a backup) still holds,
    read-only; 0 for a file that cannot be read."""
    try:
        con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        marks = ", ".join("?" for _ in ids)
        return int(con.execute(f"SELECT count(*) FROM assessments WHERE id IN ({marks})",
                               ids).fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        con.close()
