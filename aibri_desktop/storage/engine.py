"""The SQLAlchemy engine every connection of ours goes through: SQLite's pragmas (WAL, full
sync, foreign keys, the busy timeout) and our own BEGIN, IMMEDIATE when a unit asks for it.
Kept apart from :mod:`.database` so that the migrations can make an engine without importing
the module that runs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Our own BEGIN (below) makes every transaction, DDL included, all-or-nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


IMMEDIATE = "aibri_begin_immediate"  # the execution option that asks for BEGIN IMMEDIATE


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, foreign_keys: bool = True, limits: bool = True) -> Engine:
    """An engine with the pragmas every SQLite connection of ours needs; on a server, with the
    connect timeout, keepalives and (``limits``) time limits of :func:`.server.connect_args`,
    and a connection checked before each use, so that one the server dropped while the app
    sat idle is replaced, not reported as an error."""
    backend = make_url(url).get_backend_name()
    is_sqlite = backend == "sqlite"
    options: dict[str, Any] = {} if foreign_keys else {"poolclass": NullPool}
    if backend == "postgresql":
        from .server import connect_args

        options["connect_args"] = connect_args(url, limits=limits)
        options["pool_pre_ping"] = True
    engine = create_engine(url, hide_parameters=True, **options)  # no user text in errors
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        if not foreign_keys:
            def _fk_off(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute("PRAGMA foreign_keys = OFF")
            event.listen(engine, "connect", _fk_off)
    return engine
