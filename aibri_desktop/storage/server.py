"""The library on a PostgreSQL server: who is connected and in which role, the grants that
enforce the roles, the library's own checksum key, and the time limits that keep the app from
hanging on a server that stopped answering.

The roles are three group roles a ministry's IT creates once per server (``docs/team-server.md``
gives the SQL) and grants to each person's login: ``aibri_reader``, ``aibri_analyst`` (a member
of the reader role) and ``aibri_reviewer`` (a member of the analyst role). The role that owns
the schema (the one that first opened the database and ran the migrations) is the library's
owner. Each time the owner opens the library, :func:`apply_grants` grants the group roles what
their role may do and nothing more:

- the history, the register, the library log and the suggestion decisions can be inserted and
  read, never updated or deleted (append-only: only the owner may remove rows, by a purge);
- an analyst may change every column of an assessment except its status and sign-off, which
  only a reviewer may set (so only a reviewer marks final);
- the library's settings rows (``meta``) are guarded row by row: readers and analysts may only
  count their changes, reviewers may also set the threshold, the paper and the reference data,
  and only the owner touches the checksum rows.

There is no checksum key on a client: the library's key is kept in the database itself
(``server_seal_key``), made by the owner at the first open, so every member's app seals and
verifies the same way. It detects rows changed outside the app or damaged by a restore; it is
not a protection against a member of the team, whom the grants above restrict.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from ..domain.roles import Role
from .keys import SealKey

GROUPS: dict[Role, str] = {Role.READER: "aibri_reader", Role.ANALYST: "aibri_analyst",
                           Role.REVIEWER: "aibri_reviewer"}
_RANK = (Role.REVIEWER, Role.ANALYST, Role.READER)  # the highest role a user holds counts

CONNECT_TIMEOUT_S = 10  # a server that does not answer at all: give up after this
STATEMENT_TIMEOUT_MS = 60_000  # no statement of ours takes a minute; a stuck one is cut
LOCK_TIMEOUT_MS = 10_000  # waiting for another analyst's change of the same assessment
IDLE_IN_TRANSACTION_MS = 120_000  # a client that vanished mid-change frees its locks

APPEND_ONLY = ("answer_history", "detail_history", "issued_briefs", "library_log",
               "suggestion_decisions")
REVIEWER_COLUMNS = ("status", "reviewed_by", "finalised_at")  # on assessments
SERVER_KEY = "server_seal_key"  # the meta row that holds the library's checksum key
COUNTER_KEY = "library_changes"


def is_server(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def connect_args(url: str, *, limits: bool = True) -> dict[str, Any]:
    """libpq parameters for every connection of ours to a server: a connect timeout, TCP
    keepalives (a dead network is noticed in seconds, not hours) and, unless ``limits`` is
    off (the migrations, which may rewrite large tables), the statement, lock and idle time
    limits. A parameter the URL sets itself wins."""
    given = make_url(url).query
    args: dict[str, Any] = {"application_name": "AIBRI Desktop", "keepalives": 1,
                            "keepalives_idle": 15, "keepalives_interval": 5,
                            "keepalives_count": 3}
    if "connect_timeout" not in given:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    if limits and "options" not in given:
        args["options"] = (f"-c statement_timeout={STATEMENT_TIMEOUT_MS} "
                           f"-c lock_timeout={LOCK_TIMEOUT_MS} "
                           f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}")
    return {key: value for key, value in args.items() if key not in given}


@dataclass(frozen=True)
class Connected:
    """Who the server says is connected."""

    user: str  # the login (session_user): what the history and the sign-off record
    role: Role
    has_schema: bool  # the library's tables exist


def identify(connection: Connection) -> Connected:
    """The connected login and its role in this library."""
    user = str(connection.exec_driver_sql("SELECT session_user").scalar())
    owns = connection.exec_driver_sql(
        "SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c "
        "WHERE c.oid = to_regclass('assessments')").scalar()
    if owns is None:  # no schema yet: whoever may create tables here becomes its owner
        may_create = connection.exec_driver_sql(
            "SELECT has_schema_privilege(current_schema(), 'CREATE')").scalar()
        return Connected(user, Role.OWNER if may_create else Role.NONE, False)
    if owns:
        return Connected(user, Role.OWNER, True)
    held = set(connection.execute(text(
        "SELECT r.rolname FROM pg_roles r WHERE r.rolname IN (:a, :b, :c) "
        "AND pg_has_role(current_user, r.oid, 'MEMBER')"),
        dict(zip("abc", GROUPS.values(), strict=True))).scalars())
    for role in _RANK:
        if GROUPS[role] in held:
            return Connected(user, role, True)
    return Connected(user, Role.NONE, True)


def existing_groups(connection: Connection) -> list[str]:
    return list(connection.execute(text(
        "SELECT rolname FROM pg_roles WHERE rolname IN (:a, :b, :c) ORDER BY rolname"),
        dict(zip("abc", GROUPS.values(), strict=True))).scalars())


def _quoted(connection: Connection, name: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar())


def apply_grants(connection: Connection) -> list[str]:
    """Grant the group roles that exist what their role may do (and revoke the rest), in the
    caller's transaction; the owner runs it at each open, after any migration, so tables a
    new version adds are covered. Returns the groups granted to."""
    groups = existing_groups(connection)
    if not groups:
        return []
    schema = _quoted(connection, str(connection.exec_driver_sql(
        "SELECT current_schema()").scalar()))
    tables = [str(t) for t in connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").scalars()]
    run = connection.exec_driver_sql
    everyone = ", ".join(groups)
    run(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    for table in tables:
        run(f"REVOKE ALL ON TABLE {_quoted(connection, table)} FROM {everyone}")
    analyst, reviewer = GROUPS[Role.ANALYST], GROUPS[Role.REVIEWER]

    def grant(group: str, sql: str) -> None:
        if group in groups:
            run(sql.format(group=group))

    for table in tables:
        for group in groups:  # every role reads everything
            run(f"GRANT SELECT ON TABLE {_quoted(connection, table)} TO {group}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {everyone}")
    for group in groups:  # a reader's brief enters the register; every change is counted
        run(f"GRANT INSERT ON TABLE issued_briefs TO {group}")
        run(f"GRANT INSERT, UPDATE ON TABLE meta TO {group}")
    assessment_columns = [str(c) for c in connection.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = 'assessments' ORDER BY ordinal_position").scalars()]
    editable = ", ".join(_quoted(connection, c) for c in assessment_columns
                         if c not in REVIEWER_COLUMNS)
    for group in (analyst, reviewer):
        grant(group, "GRANT INSERT, UPDATE, DELETE ON TABLE answers TO {group}")
        grant(group, "GRANT INSERT ON TABLE assessments, frameworks, supplier_profiles, "
                     + ", ".join(APPEND_ONLY) + " TO {group}")
        grant(group, f"GRANT UPDATE ({editable}) ON TABLE assessments TO {{group}}")
    grant(reviewer, "GRANT UPDATE (" + ", ".join(REVIEWER_COLUMNS)
          + ") ON TABLE assessments TO {group}")
    # the settings rows, row by row (the owner is not bound by these policies)
    run("ALTER TABLE meta ENABLE ROW LEVEL SECURITY")
    for policy in ("aibri_meta_read", "aibri_meta_counter", "aibri_meta_settings"):
        run(f"DROP POLICY IF EXISTS {policy} ON meta")
    run(f"CREATE POLICY aibri_meta_read ON meta FOR SELECT TO {everyone} USING (true)")
    counter = f"key = '{COUNTER_KEY}'"
    run(f"CREATE POLICY aibri_meta_counter ON meta FOR ALL TO {everyone} "
        f"USING ({counter}) WITH CHECK ({counter})")
    if reviewer in groups:
        settings = f"left(key, 8) <> 'checksum' AND key <> '{SERVER_KEY}'"
        run(f"CREATE POLICY aibri_meta_settings ON meta FOR ALL TO {reviewer} "
            f"USING ({settings}) WITH CHECK ({settings})")
    return groups


def library_key(connection: Connection, *, create: bool) -> SealKey | None:
    """The library's checksum key kept in the database; made when ``create`` (the owner's
    first open) and there is none. None when there is none and it may not be made."""
    value = connection.execute(text("SELECT value FROM meta WHERE key = :k"),
                               {"k": SERVER_KEY}).scalar()
    if value is None:
        if not create:
            return None
        value = secrets.token_bytes(32).hex()
        connection.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v) "
                                "ON CONFLICT (key) DO NOTHING"), {"k": SERVER_KEY, "v": value})
        value = connection.execute(text("SELECT value FROM meta WHERE key = :k"),
                                   {"k": SERVER_KEY}).scalar()
    try:
        return SealKey(bytes.fromhex(str(value)))
    except ValueError:
        return None


def tls_in_use(connection: Connection) -> bool | None:
    """Whether this connection to the server is encrypted with TLS: libpq's own answer, or
    the server's (``pg_stat_ssl``) when the driver cannot say; None when neither can tell."""
    driver = connection.connection.driver_connection
    pgconn = getattr(driver, "pgconn", None)
    if pgconn is not None and hasattr(pgconn, "ssl_in_use"):
        return bool(pgconn.ssl_in_use)
    found = connection.exec_driver_sql(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar()
    return None if found is None else bool(found)


def over_unix_socket(connection: Connection) -> bool:
    """True when the connection came through a Unix socket on the server's own computer (the
    server then has no client address for it)."""
    return bool(connection.exec_driver_sql("SELECT inet_client_addr() IS NULL").scalar())


def schema_state(connection: Connection) -> tuple[str | None, str, bool]:
    """(the library's schema revision, this version's, whether the library's is one this
    version knows), read from Alembic's table without loading Alembic (0.5 s of every
    command's start): the revisions are named by the schema version they make ("0010")."""
    from .sqlite_files import SCHEMA_VERSION

    head = f"{SCHEMA_VERSION:04d}"
    exists = connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
    current = (connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
               if exists is not None else None)
    if current is None:
        return None, head, True
    text_ = str(current)
    return text_, head, text_.isdigit() and int(text_) <= SCHEMA_VERSION
