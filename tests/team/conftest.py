"""Team mode against a real PostgreSQL server: one server per test process (started here,
stopped at the end), a database of its own for each test. The suite fails, never skips, when
the server cannot start: ``make test`` installs it (tools/sysdeps.py --ensure postgres)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from helpers.pgserver import PostgresServer, ServerUnavailable


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer.start()
    except ServerUnavailable as exc:
        pytest.fail(f"PostgreSQL: {exc}", pytrace=False)
    yield server
    server.stop()


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
