"""Run ``python -m aibri_desktop …`` writing the line ``SQL`` to stdout as each SQL statement
starts on SQLite, before it runs, so that a test can kill the process at a chosen statement
instead of after a guessed time. Other output lines are the command's own (run it with
PYTHONUNBUFFERED=1 to have them as they are printed).

With SQL_MARKS_STEP=1 the process also waits, after each mark, for a line on stdin before it
runs the statement: a test that kills it instead of answering knows exactly which statements
ran (all before the mark) and which did not (this one and every later one). Once stdin is
closed it no longer waits.

    python tests/helpers/sql_marks.py --db FILE answer ID DS-01 --level 2
"""

from __future__ import annotations

import os
import runpy
import sqlite3
import sqlite3.dbapi2
import sys
from typing import Any

MARK = b"SQL\n"
_connect = sqlite3.connect


_stepping = [os.environ.get("SQL_MARKS_STEP") == "1"]


def _mark(_statement: str | None) -> None:
    os.write(1, MARK)  # unbuffered: the line is in the pipe before the statement runs
    if _stepping[0] and not sys.stdin.buffer.readline():
        _stepping[0] = False  # stdin closed: run on


def _marked_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    connection: sqlite3.Connection = _connect(*args, **kwargs)
    connection.set_trace_callback(_mark)
    return connection


def main() -> None:
    # SQLAlchemy's SQLite driver connects through sqlite3.dbapi2.connect.
    for module in (sqlite3, sqlite3.dbapi2):
        module.__dict__["connect"] = _marked_connect
    sys.path[0] = os.getcwd()  # as `python -m` has it, instead of this file's folder
    runpy.run_module("aibri_desktop", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
