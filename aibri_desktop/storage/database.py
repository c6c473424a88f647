"""Opening the user's database: identify it, refuse what is not ours or too new, migrate.

SQLite files are probed read-only before anything else, so a garbage file, another program's
database or a database written by a newer AIBRI Desktop is refused without a byte changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.roles import Action, Role, refusal, role_name
from ..paths import new_private_file
from . import server
from .engine import BUSY_TIMEOUT_MS, IMMEDIATE, make_engine
from .keys import SealKey
from .locks import check_single_name, maintenance
from .server import Connected
from .sqlite_files import (  # the errors live there: the window's start loads no SQLAlchemy
    SCHEMA_VERSION,
    BusyError,
    ConnectionLostError,
    DatabaseError,
    RefusedError,
    check_probe,
    probe_sqlite,
)

__all__ = ["BusyError", "ConnectionLostError", "Database", "DatabaseError", "RefusedError",
           "open_database"]

BeforeMigration = Callable[[Path, int, int], None]


# The library-wide change counter: every write unit adds one as it commits, in the same
# transaction, whoever writes (a window, the command line, an import). A window compares it
# with the value it last saw to notice changes made elsewhere with one cheap read. The upsert
# is plain SQL that SQLite (3.24+) and PostgreSQL both run.
CHANGE_COUNTER = "library_changes"
_BUMP = text("INSERT INTO meta (key, value) VALUES (:key, '1') ON CONFLICT (key) DO UPDATE "
             "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")
_READ = text("SELECT value FROM meta WHERE key = :key")
_WROTE = "aibri_wrote"  # set on a connection's info by each statement that writes
# set on a write unit's session info: the services read an assessment's row there FOR UPDATE
# (on a server, two writers of one assessment then take turns, as BEGIN IMMEDIATE makes them
# on SQLite, so each reads the answers the other committed; SQLite ignores FOR UPDATE)
WRITE_UNIT = "aibri_write_unit"


def _note_writes(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    """A write unit that wrote nothing (opening a library that needs no update, a refused
    change) must leave the file and the counter as they were: only a statement that writes
    marks the unit."""
    if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
        connection.info[_WROTE] = True


def _server_error(database: Database, exc: DBAPIError) -> DatabaseError | None:
    """A server's error during a unit of work, in one sentence; None when it is not one of the
    kinds a user can act on (then it is a bug and goes up as it is)."""
    state = getattr(exc.orig, "sqlstate", None) or ""
    where = make_url(database.url).render_as_string(hide_password=True)
    if state == "42501":  # insufficient_privilege
        return RefusedError(
            f"The server refused the change: {database.user} ({role_name(database.role)}) "
            "may not make it. Nothing was changed.")
    if state == "55P03":  # lock_not_available: another change of the same rows went on
        return BusyError(
            f"Someone else was changing the same assessment for more than "
            f"{server.LOCK_TIMEOUT_MS // 1000} seconds; nothing was changed. Try again in a "
            "moment.")
    if state == "57014":  # query_canceled: the statement time limit
        return ConnectionLostError(
            f"The server {where} did not finish the change within "
            f"{server.STATEMENT_TIMEOUT_MS // 1000} seconds; nothing was changed. Try again "
            "when it answers faster.")
    # a failure with no SQLSTATE is the client's: refused, no socket, a timeout, a connection
    # found broken while reconnecting (the pool's check before use)
    if (exc.connection_invalidated or state.startswith(("08", "57P")) or state == "25P03"
            or (isinstance(exc, OperationalError) and not state)):
        return ConnectionLostError(
            f"The connection to the server {where} was lost; nothing of this change was "
            "written. It can be tried again as soon as the server answers.")
    return None


@dataclass
class Database:
    """An open database: the engine and a session factory. One session per user action."""

    engine: Engine
    url: str
    path: Path | None
    _sessions: sessionmaker[Session]
    read_only: bool = False
    # the schema version this open upgraded the file from; None when it was current or new
    upgraded_from: int | None = None
    # on a server: the connected login (what the history and the sign-off record) and its
    # role in this library; on an SQLite file nobody else connects, and its user may do all
    user: str | None = None
    role: Role = Role.SINGLE

    @property
    def on_server(self) -> bool:
        return self.path is None and self.user is not None

    def require(self, action: Action) -> None:
        """Refuse, before anything is sent, what the connected role may not do (the server's
        grants would refuse it too; this says why in the app's words)."""
        reason = refusal(self.role, action, self.user or "")
        if reason is not None:
            raise RefusedError(reason)

    def author(self, given: str) -> str:
        """Who a change is recorded as made by: on a server the connected login, whatever
        name was given (nobody signs for someone else), with what the app adds to it (e.g.
        "(accepted suggestion)"); on a laptop the name given."""
        if self.user is None or given == self.user or given.startswith(f"{self.user} ("):
            return given
        return self.user

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        ``write``: the unit reads and then writes, so on SQLite it begins with ``BEGIN
        IMMEDIATE``, taking the write lock first (waiting up to the busy timeout for another
        writer). A deferred transaction that has read would fail at once with "database is
        locked" if another writer committed in between: its snapshot is stale and SQLite
        cannot wait that out."""
        session = self._sessions()
        try:
            if write and not self.read_only:
                session.connection(execution_options={IMMEDIATE: True}).info.pop(_WROTE, None)
                session.info[WRITE_UNIT] = True
            yield session
            if write and not self.read_only:
                session.flush()  # the ORM's pending writes, so that they are seen below
                if session.connection().info.pop(_WROTE, False):
                    session.execute(_BUMP, {"key": CHANGE_COUNTER})
            session.commit()
        except DBAPIError as exc:
            _rollback(session)
            if self.path is None and self.user is not None:
                found = _server_error(self, exc)
                if found is not None:
                    raise found from None
            if not isinstance(exc, OperationalError):
                raise
            text = str(exc.orig).lower()
            if self.read_only and "readonly" in text.replace(" ", ""):
                raise DatabaseError("This database is open read-only (another copy of AIBRI "
                                    "Desktop is using it); nothing was changed.") from None
            if "readonly" in text.replace(" ", ""):
                raise DatabaseError(f"The database file {self.path or self.url} cannot be "
                                    "written (it or its folder is read-only for you); nothing "
                                    "was changed.") from None
            if "locked" in text or "busy" in text:
                raise BusyError(
                    f"Another program or window was writing to the database for more than "
                    f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was changed. Try again in a "
                    "moment.") from None
            if "full" in text or "i/o" in text:
                raise DatabaseError(f"The change was not saved: {exc.orig}. Nothing was "
                                    "written; free some disk space and try again.") from None
            raise
        except BaseException:
            _rollback(session)
            raise
        finally:
            session.close()

    def change_counter(self) -> int:
        """How many write units this library has committed (0 before the first): one read of
        one row, cheap enough for a window to run on a short timer."""
        with self.engine.connect() as connection:
            value = connection.execute(_READ, {"key": CHANGE_COUNTER}).scalar()
        try:
            return int(value) if value is not None else 0
        except ValueError:
            return -1  # not ours to repair; a changed value is still seen as a change

    def compact(self) -> None:
        """Rewrite the SQLite file without the free pages that still hold deleted rows' text
        (VACUUM), and empty the write-ahead log, which holds old copies of pages too."""
        if self.path is None:
            return
        self.engine.dispose()  # no pooled connection may hold a snapshot or a transaction
        raw = self.engine.raw_connection()
        try:
            connection = raw.driver_connection
            assert connection is not None
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception as exc:  # a compaction that fails leaves the purge done, not undone
            raise DatabaseError(f"The purge is done, but the database file could not be "
                                f"compacted ({exc}); run the purge again later.") from None
        finally:
            raw.close()

    def sealer(self) -> Any:
        """The :class:`~.checksums.Sealer` of this database's writes (None without a key), for
        rows computed before a write transaction opens."""
        from .checksums import SEAL_KEY, Sealer

        key = self._sessions.kw.get("info", {}).get(SEAL_KEY)
        return Sealer(key) if key is not None else None

    def close(self) -> None:
        self.engine.dispose()


def _rollback(session: Session) -> None:
    """Roll back; on a connection already lost, the server has rolled back on its own, and
    the failure to say so again must not hide the first error."""
    try:
        session.rollback()
    except DBAPIError:
        session.invalidate()


def resolve_url(spec: str | Path) -> tuple[str, Path | None]:
    """A path or SQLAlchemy URL → (URL, file path when it is an SQLite file)."""
    text = str(spec)
    if "://" not in text:
        path = Path(text).expanduser().absolute()
        return f"sqlite:///{path}", path
    try:
        url = make_url(text)
        url.get_dialect()
    except ArgumentError:
        raise DatabaseError(f"'{text}' is neither a file path nor a database URL.") from None
    except NoSuchModuleError:
        raise DatabaseError(
            f"'{url.drivername}' is not a kind of database this installation can open."
        ) from None
    if url.get_backend_name() == "sqlite":
        database = url.database
        if not database or database == ":memory:":
            return text, None
        path = Path(database).expanduser().absolute()
        return f"sqlite:///{path}", path
    return text, None


def _check_driver(url: str) -> None:
    """A server URL whose driver is not installed: one line, before anything connects."""
    parsed = make_url(url)
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        raise DatabaseError(
            f"The driver for '{parsed.drivername}' databases ({exc.name or exc}) is not "
            "installed here, so this database cannot be opened.") from None


def open_database(spec: str | Path, *, before_migration: BeforeMigration | None = None,
                  read_only: bool = False, seal_key: SealKey | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at a path or URL.

    ``before_migration(path, from_version, to_version)`` runs before an existing SQLite file
    is upgraded: the hook point for the forced backup. ``seal_key`` keys the checksums of the
    rows its sessions write (see :mod:`.checksums`).
    """
    url, path = resolve_url(spec)
    upgraded_from: int | None = None
    connected: Connected | None = None
    if path is not None:
        probe = probe_sqlite(path)
        check_probe(path, probe)
        needs_migration = probe.user_version < SCHEMA_VERSION
        if not probe.exists:
            try:
                new_private_file(path)  # owner-only, and so its -wal and -shm (paths.py)
            except OSError as exc:
                raise DatabaseError(
                    f"The folder for {path} cannot be created ({exc.strerror})."
                ) from None
        if probe.exists:
            check_single_name(path)
        if needs_migration and probe.tables:
            with maintenance(path, "Upgrading the database to this version's schema"):
                upgraded_from = probe.user_version
                if before_migration is not None:
                    before_migration(path, probe.user_version, SCHEMA_VERSION)
                from .migrate import upgrade

                upgrade(url)
        elif needs_migration:  # a new (or empty) file: nobody else can be using it yet
            from .migrate import upgrade

            upgrade(url)
    else:
        _check_driver(url)
        engine, connected, seal_key, upgraded_from = _open_server(url)
    if path is not None or connected is None:
        engine = make_engine(url)
    event.listen(engine, "before_cursor_execute", _note_writes)
    if read_only and make_url(url).get_backend_name() == "sqlite":
        def _query_only(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")
        event.listen(engine, "connect", _query_only)
    try:
        with engine.connect() as con:
            con.exec_driver_sql("SELECT 1")
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(f"The database {url} cannot be opened ({exc}).") from None
    from .checksums import SEAL_KEY

    sessions = sessionmaker(engine, expire_on_commit=False,
                            info={SEAL_KEY: seal_key} if seal_key is not None else {})
    database = Database(engine, url, path, sessions, read_only, upgraded_from)
    if connected is not None:
        database.user, database.role = connected.user, connected.role
    return database


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _open_server(url: str) -> tuple[Engine, Connected, SealKey | None, int | None]:
    """Connect to a server library: who is connected and in which role, the schema upgraded
    (only by its owner), the grants renewed (by the owner), the library's checksum key and the
    schema version it was upgraded from (None when it was current or new)."""
    from .server import apply_grants, identify, library_key, schema_state

    engine = make_engine(url)
    try:
        try:
            with engine.connect() as connection:
                connected = identify(connection)
                if connected.role is Role.NONE:
                    raise DatabaseError(refusal(Role.NONE, Action.READ, connected.user) or "")
                current, head, known = schema_state(connection)
        except OperationalError as exc:  # no server there, refused, wrong credentials
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(f"The database {_shown(url)} cannot be opened: {reason}. "
                                "Nothing was changed.") from None
        if current is not None and not known:
            raise DatabaseError(
                f"The database at {_shown(url)} was written by a newer version of AIBRI "
                f"Desktop (schema revision {current}). It was not changed.")
        upgraded_from: int | None = None
        if current != head:
            if connected.role is not Role.OWNER:
                raise DatabaseError(
                    f"The library at {_shown(url)} needs its schema upgraded for this version "
                    f"of AIBRI Desktop, and only its owner may do that (you are connected as "
                    f"{connected.user}). Ask the owner to open it once with this version; "
                    "nothing was changed.")
            from .migrate import upgrade  # Alembic is loaded only when a migration is due

            upgrade(url)
            # the revisions are named by the schema version they make ("0007")
            if current is not None and current.isdigit():
                upgraded_from = int(current)
        with engine.begin() as connection:
            if connected.role is Role.OWNER:
                apply_grants(connection)
            key = library_key(connection, create=connected.role is Role.OWNER)
        return engine, Connected(connected.user, connected.role, True), key, upgraded_from
    except BaseException:
        engine.dispose()
        raise
