"""Team mode against a real PostgreSQL server: one server per test process (started here,
stopped at the end), a database of its own for each test. The suite fails, never skips, when
the server cannot start: ``make test`` installs it (tools/sysdeps.py --ensure postgres)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from helpers.pgserver import PostgresServer, ServerUnavailable


def running_server(**options: bool) -> Iterator[PostgresServer]:
    """A server started for a fixture and stopped after it; the test fails (never skips) with
    one line when it cannot start."""
    try:
        server = PostgresServer.start(**options)
    except ServerUnavailable as exc:
        pytest.fail(f"PostgreSQL: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    yield from running_server()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def server_services(pg_url: str, tmp_path: Path) -> Iterator[Services]:
    services = Services.open(pg_url)
    yield services
    services.close()


# The three group roles a ministry's IT creates once per server (docs/team-server.md) and one
# login in each; created once per server (roles belong to the server, not to a database).
LOGINS = {"reader": "t_reader", "analyst": "t_analyst", "reviewer": "t_reviewer"}
_GROUPS = ("CREATE ROLE aibri_reader NOLOGIN",
           "CREATE ROLE aibri_analyst NOLOGIN IN ROLE aibri_reader",
           "CREATE ROLE aibri_reviewer NOLOGIN IN ROLE aibri_analyst",
           *(f"CREATE ROLE {login} LOGIN IN ROLE aibri_{role}" for role, login in LOGINS.items()),
           "CREATE ROLE t_stranger LOGIN")


def create_team_roles(server: PostgresServer) -> None:
    for statement in _GROUPS:
        name = statement.split()[2]
        server.admin(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                     f"'{name}') THEN {statement}; END IF; END $$")


def as_login(url: str, login: str) -> str:
    """The same database's URL for another login (the harness's server trusts its socket)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


@pytest.fixture
def team_url(pg_server: PostgresServer, pg_url: str) -> str:
    """A library on the server made by its owner (who migrated it and granted the roles),
    with the team's roles and logins in place."""
    create_team_roles(pg_server)
    Services.open(pg_url).close()
    return pg_url
