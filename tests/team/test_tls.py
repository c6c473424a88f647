"""A library on a server reached over TCP and TLS, tested against a server whose certificate
authority and ``localhost`` certificate the harness made (helpers/pgserver.py, with the
``openssl`` command): ``sslmode=verify-full`` works, and refuses a server whose certificate
another authority signed or whose name is not the one connected to, in one line, before
anything is written.

The suite blocks the network (pytest-socket, ``--disable-socket``). These tests lift only
what they need: Python-side connects to the loopback addresses (``allow_hosts``), and name
lookups of ``localhost`` alone (psycopg resolves the host name in Python, then libpq connects
to the address in C, which pytest-socket cannot see either way).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.services import Services
from aibri_desktop.storage.sqlite_files import DatabaseError
from helpers.pgserver import PostgresServer, database_name, make_ca
from helpers.services import create_reference_assessment
from team.conftest import running_server

pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@pytest.fixture(autouse=True)
def _lookups_of_localhost_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """``allow_hosts`` leaves every name lookup open; these tests need only localhost."""
    real = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOOPBACK_NAMES:
            raise RuntimeError(f"A TLS test tried to look up {host!r}; only localhost may be.")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture(scope="module")
def tls_server() -> Iterator[PostgresServer]:
    yield from running_server(tls=True)


@pytest.fixture
def database(tls_server: PostgresServer) -> Iterator[str]:
    """A new empty database on the TLS server: its name."""
    url = tls_server.new_database("aibri_tls")
    yield database_name(url)
    tls_server.drop_database(url)


def _tables(server: PostgresServer, database: str) -> int:
    return int(server.query(database, "SELECT count(*) FROM pg_tables "
                                      "WHERE schemaname = 'public'")[0][0])


def test_verify_full_against_the_harness_ca_connects_over_tls(
        tls_server: PostgresServer, database: str) -> None:
    assert tls_server.tls is not None
    key = tls_server.tls.server_key.stat()
    assert (key.st_mode & 0o777, key.st_uid) == (0o600, os.stat(tls_server.folder).st_uid)

    services = Services.open(tls_server.tls_url(database))
    try:
        with services.database.engine.connect() as connection:
            ssl, version = connection.exec_driver_sql(
                "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").one()
            assert connection.exec_driver_sql("SELECT inet_server_addr()").scalar() is not None
        assert ssl is True and version.startswith("TLSv1.")
        assessment_id = create_reference_assessment(services, answered=False)
        services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02",
                                    who="ana", level=4)
        assert services.assessments.load(assessment_id).answers["DS-02"].level == 4
    finally:
        services.close()
    assert _tables(tls_server, database) > 0


def _refusal(url: str) -> str:
    with pytest.raises(DatabaseError) as caught:
        Services.open(url)
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "cannot be opened" in message and message.endswith("Nothing was changed.")
    return message


def test_a_certificate_from_another_authority_is_refused_and_nothing_is_written(
        tls_server: PostgresServer, database: str, tmp_path: Path) -> None:
    stranger, _key = make_ca(tmp_path / "stranger", "stranger")
    message = _refusal(tls_server.tls_url(database, rootcert=stranger))
    assert database in message and "certificate verify failed" in message
    assert _tables(tls_server, database) == 0


def test_a_name_the_certificate_does_not_carry_is_refused(
        tls_server: PostgresServer, database: str) -> None:
    message = _refusal(tls_server.tls_url(database, host="127.0.0.1"))
    assert database in message and 'does not match host name "127.0.0.1"' in message
    assert _tables(tls_server, database) == 0


def test_no_plain_tcp_connection_is_admitted(tls_server: PostgresServer, database: str) -> None:
    message = _refusal(tls_server.tls_url(database, sslmode="disable"))
    assert "no pg_hba.conf entry" in message and "no encryption" in message
