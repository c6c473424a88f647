"""Where the library lives, as the Settings dialog shows it: a PostgreSQL server's URL built
from its fields and read back into them, and "Test connection", which connects, looks and
says what it found in words, without migrating or writing anything.

The app stores no password: a URL that carries one is refused (libpq's ``~/.pgpass``, a
service file, peer, certificate or Kerberos login give it instead).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ..domain.roles import Action, Role, refusal, role_name
from ..domain.translate import Translate, untranslated
from ..storage.engine import make_engine
from ..storage.server import CONNECT_TIMEOUT_S, identify, over_unix_socket, tls_in_use
from .errors import InvalidInputError

__all__ = ["CONNECT_TIMEOUT_S", "DEFAULT_PORT", "ConnectionReport", "LibraryState",
           "ServerFields", "is_server_url", "parse_server_url", "server_url", "shown",
           "sqlite_path", "test_connection"]

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432
TLS_MODES = ("verify-full", "require", "disable")  # what the dialog offers, safest first
LIBPQ_TLS_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca",
                             "verify-full"})  # what a saved URL may say
NO_PASSWORD = ("AIBRI Desktop never stores a password, so a database URL may not contain one: "
               "remove it and give it in ~/.pgpass or a service file instead.")
_OWN_KEYS = ("host", "port", "sslmode", "sslrootcert")  # query keys the fields stand for


@dataclass(frozen=True)
class ServerFields:
    """A server URL as the dialog's fields show it. ``host`` is a name, an address or the
    folder of a Unix socket; ``extra`` keeps what else the URL says (a service, a timeout),
    so that saving the fields again loses nothing."""

    host: str
    port: int
    database: str
    user: str
    tls_mode: str  # "" when the URL does not say (libpq then tries TLS and falls back)
    root_cert: str
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def local_socket(self) -> bool:
        return self.host.startswith("/")


def _as_url(spec: str) -> URL | None:
    """The URL a setting holds; None for a file path or text that is not a URL."""
    if "://" not in spec:
        return None
    try:
        return make_url(spec)
    except ArgumentError:
        return None


def is_server_url(spec: str) -> bool:
    """True for a PostgreSQL URL (whatever its driver); False for a file path or SQLite URL."""
    url = _as_url(spec)
    return url is not None and url.get_backend_name() == "postgresql"


def sqlite_path(spec: str) -> str:
    """The file of a path or ``sqlite:///`` URL, as a path field shows it."""
    url = _as_url(spec)
    if url is None:
        return spec
    return url.database or "" if url.get_backend_name() == "sqlite" else spec


def shown(spec: str) -> str:
    """A path or URL as it may be shown: never with a password."""
    url = _as_url(spec)
    if url is None:
        return spec
    pairs = [(key, value) for key, values in url.query.items()
             for value in ((values,) if isinstance(values, str) else values)]
    return _render(url.set(query={}), pairs, hide_password=True)


def _render(base: URL, query: list[tuple[str, str]], *, hide_password: bool = False) -> str:
    """A URL with its query written by hand: SQLAlchemy would write a socket folder as
    ``%2Frun%2Fpostgresql``, which nobody reads at a glance."""
    text = base.render_as_string(hide_password=hide_password)
    if query:
        text += "?" + "&".join(f"{quote(key, safe='')}={quote(value, safe='/')}"
                               for key, value in query)
    return text


def _refuse_password(url: URL) -> None:
    if url.password or "password" in url.query:
        raise InvalidInputError(NO_PASSWORD)


def server_url(host: str, port: int, database: str, user: str, tls_mode: str,
               root_cert: str = "", *, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The SQLAlchemy URL of a database on a PostgreSQL server (psycopg driver, no
    password). A host that is a folder (``/run/postgresql``) is a Unix socket there, written
    as ``?host=/folder&port=N`` because a URL's host part cannot hold a path."""
    host, database, user, root_cert = (host.strip(), database.strip(), user.strip(),
                                       root_cert.strip())
    service = any(key == "service" for key, _value in extra)
    if not host and not service:
        raise InvalidInputError("Type the server's name or address (or the folder of its "
                                "Unix socket).")
    if not database and not service:
        raise InvalidInputError("Type the name of the database on the server.")
    if not 0 < port < 65536:
        raise InvalidInputError(f"The port must be a number from 1 to 65535, not {port}.")
    if tls_mode and tls_mode not in LIBPQ_TLS_MODES:
        raise InvalidInputError(f"'{tls_mode}' is not a TLS mode PostgreSQL knows.")
    if any(key == "password" for key, _value in extra):
        raise InvalidInputError(NO_PASSWORD)
    socket = host.startswith("/")
    query: list[tuple[str, str]] = []
    if socket:
        query += [("host", host), ("port", str(port))]
    if tls_mode:
        query.append(("sslmode", tls_mode))
    if root_cert:
        query.append(("sslrootcert", root_cert))
    query += [(key, value) for key, value in extra if key not in _OWN_KEYS]
    base = URL.create(DRIVER, username=user or None,
                      host=None if socket or not host else host,
                      port=None if socket or not host else port,
                      database=database or None)
    return _render(base, query)


def parse_server_url(spec: str) -> ServerFields:
    """The fields of a saved server URL (the inverse of :func:`server_url`)."""
    try:
        url = make_url(spec)
    except ArgumentError:
        raise InvalidInputError(f"'{shown(spec)}' is not a database URL.") from None
    if url.get_backend_name() != "postgresql":
        raise InvalidInputError(f"'{shown(spec)}' is not the URL of a PostgreSQL server.")
    _refuse_password(url)
    pairs = [(key, value) for key, values in url.query.items()
             for value in ((values,) if isinstance(values, str) else values)]
    first = {key: value for key, value in reversed(pairs)}
    host = url.host or ""
    port_text = str(url.port) if url.port else ""
    taken = {"sslmode", "sslrootcert"}
    if not host and "host" in first:
        host, port_text = first["host"], first.get("port", port_text)
        taken |= {"host", "port"}
    try:
        port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        raise InvalidInputError(f"The port in '{shown(spec)}' is not a number.") from None
    return ServerFields(host=host, port=port, database=url.database or "",
                        user=url.username or "", tls_mode=first.get("sslmode", ""),
                        root_cert=first.get("sslrootcert", ""),
                        extra=tuple((k, v) for k, v in pairs if k not in taken))


# ---- Test connection ---------------------------------------------------------------------


class LibraryState(StrEnum):
    NONE = "none"  # the database has no AIBRI tables yet
    CURRENT = "current"  # at this version's schema revision
    OLDER = "older"  # an upgrade is due (only the owner may run it)
    NEWER = "newer"  # written by a newer version: this one cannot open it
    UNKNOWN = "unknown"  # the tables are there, but the revision could not be read


@dataclass(frozen=True)
class ConnectionReport:
    """What "Test connection" found. Nothing was written to the server to find it."""

    where: str  # the URL without a password
    reachable: bool
    reason: str = ""  # why not: the first line of the server's or libpq's answer
    user: str = ""
    role: Role = Role.NONE
    library: LibraryState = LibraryState.UNKNOWN
    revision: str | None = None
    head: str | None = None
    tls: bool | None = None  # None: the driver could not say
    local_socket: bool = False
    server_version: str = ""
    seconds: float = 0.0

    def lines(self, _: Translate = untranslated) -> list[str]:
        """The report in sentences, one fact each, translated by the caller's ``_``."""
        if not self.reachable:
            return [_("Could not connect to {where}: {reason}. Nothing was changed.").format(
                where=self.where, reason=self.reason)]
        said = [_("Connected to {where} (PostgreSQL {version}) in {seconds} s.").format(
                    where=self.where, version=self.server_version,
                    seconds=f"{self.seconds:.1f}"),
                _("Logged in as {user}; role in this library: {role}.").format(
                    user=self.user, role=role_name(self.role, _))]
        if self.library is LibraryState.NONE:
            said.append(_("No AIBRI library yet: the first start on it creates one, owned by "
                          "{user}.").format(user=self.user) if self.role is Role.OWNER
                        else _("No AIBRI library yet, and {user} may not create one in this "
                               "database.").format(user=self.user))
        elif self.library is LibraryState.CURRENT:
            said.append(_("An AIBRI library at schema revision {revision}, current for this "
                          "version.").format(revision=self.revision))
        elif self.library is LibraryState.OLDER:
            said.append(_("An AIBRI library at schema revision {revision}; this version "
                          "upgrades it to {head} at the first start, which only its owner "
                          "may do.").format(revision=self.revision, head=self.head))
        elif self.library is LibraryState.NEWER:
            said.append(_("An AIBRI library written by a newer version of AIBRI Desktop "
                          "(schema revision {revision}); this version cannot open it.")
                        .format(revision=self.revision))
        else:
            said.append(_("An AIBRI library whose schema revision could not be read."))
        if self.role is Role.NONE:
            said.append(refusal(Role.NONE, Action.READ, self.user, _) or "")
        if self.local_socket:
            said.append(_("Through a Unix socket on this computer: nothing crosses the "
                          "network, so TLS is not used."))
        elif self.tls:
            said.append(_("The connection is encrypted (TLS)."))
        elif self.tls is None:
            said.append(_("Whether the connection is encrypted could not be told."))
        else:
            said.append(_("The connection is NOT encrypted: the assessments cross the "
                          "network readable by anyone on the way."))
        said.append(_("Nothing was changed on the server."))
        return said


_DRIVER_PREFIXES = ("connection is bad: ", "connection failed: ")


def _first_line(exc: BaseException) -> str:
    """The first line of an error, as libpq wrote it (it never contains a password)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).strip().splitlines() if line.strip()]
    line = lines[0] if lines else type(cause).__name__
    for wrapper in _DRIVER_PREFIXES:  # psycopg's own words before libpq's reason
        line = line.removeprefix(wrapper)
    return line.rstrip(".")


def test_connection(url: str) -> ConnectionReport:
    """Connect to ``url``, see who is connected, in which role, whether the library is there
    and at which revision, and whether TLS is used; migrate and write nothing. A server that
    cannot be reached is one line, within the connect timeout of
    :func:`..storage.server.connect_args`."""
    from ..storage.migrate import head_state

    parse_server_url(url)  # a URL with a password is refused before anything connects
    where = shown(url)
    started = time.monotonic()
    try:
        engine = make_engine(url)
    except (SQLAlchemyError, ImportError) as exc:
        return ConnectionReport(where, False, _first_line(exc))
    try:
        with engine.connect() as connection:
            connected = identify(connection)
            tls = tls_in_use(connection)
            local = over_unix_socket(connection)
            version = ".".join(str(n) for n in (
                connection.dialect.server_version_info or ())[:2])
            revision: str | None = None
            head: str | None = None
            if not connected.has_schema:
                library = LibraryState.NONE
            else:
                try:
                    with connection.begin_nested():  # a refused read spoils no later one
                        revision, head, known = head_state(connection)
                except DBAPIError:
                    library = LibraryState.UNKNOWN
                else:
                    library = (LibraryState.UNKNOWN if revision is None
                               else LibraryState.NEWER if not known
                               else LibraryState.CURRENT if revision == head
                               else LibraryState.OLDER)
            connection.rollback()  # read only: nothing of this visit stays
    except (SQLAlchemyError, ImportError, OSError) as exc:
        return ConnectionReport(where, False, _first_line(exc),
                                seconds=time.monotonic() - started)
    finally:
        engine.dispose()
    return ConnectionReport(where, True, user=connected.user, role=connected.role,
                            library=library, revision=revision, head=head, tls=tls,
                            local_socket=local, server_version=version,
                            seconds=time.monotonic() - started)


test_connection.__test__ = False  # type: ignore[attr-defined]  # a use case, not a pytest test
