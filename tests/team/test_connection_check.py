"""Settings → Database → Test connection against a real PostgreSQL server: who is connected,
in which role, whether the library is there and at which revision; nothing written, and a
server that is not there is one line, quickly."""

from __future__ import annotations

import time
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from aibri_desktop.domain.roles import Role
from aibri_desktop.services import Services
from aibri_desktop.services import connection as checks
from aibri_desktop.services.connection import LibraryState, parse_server_url, server_url
from aibri_desktop.storage.server import CONNECT_TIMEOUT_S
from helpers.pgserver import PostgresServer


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
                .scalars())
    finally:
        engine.dispose()


def test_an_empty_database_has_no_library_yet_and_stays_empty(
        pg_url: str, pg_server: PostgresServer) -> None:
    report = checks.test_connection(pg_url)
    assert report.reachable, report.reason
    assert (report.user, report.role) == (pg_server.user, Role.OWNER)
    assert report.library is LibraryState.NONE
    assert report.local_socket and report.tls is False
    words = "\n".join(report.lines())
    assert f"Logged in as {pg_server.user}; role in this library: owner." in words
    assert "No AIBRI library yet" in words
    assert "Unix socket" in words and "Nothing was changed on the server." in words
    assert _tables(pg_url) == []  # no schema made, no version table


def test_a_library_opened_once_is_current(pg_url: str, pg_server: PostgresServer) -> None:
    Services.open(pg_url).close()
    report = checks.test_connection(pg_url)
    assert report.reachable and report.role is Role.OWNER
    assert report.library is LibraryState.CURRENT
    assert report.revision == report.head and report.revision
    assert (f"An AIBRI library at schema revision {report.head}, current for this version."
            in report.lines())


def test_the_url_built_from_the_fields_reaches_the_server(
        pg_url: str, pg_server: PostgresServer) -> None:
    """The dialog's fields for the test server (a socket folder, TLS off) give a URL that
    connects, and the fields read back from it are the ones typed."""
    database = pg_url.split("@/", 1)[1].split("?", 1)[0]
    url = server_url(str(pg_server.socket_dir), pg_server.port, database, pg_server.user,
                     "disable")
    assert url == (f"postgresql+psycopg://{pg_server.user}@/{database}?host="
                   f"{pg_server.socket_dir}&port={pg_server.port}&sslmode=disable")
    fields = parse_server_url(url)
    assert (fields.host, fields.port, fields.database, fields.user, fields.tls_mode) == (
        str(pg_server.socket_dir), pg_server.port, database, pg_server.user, "disable")
    report = checks.test_connection(url)
    assert report.reachable and report.user == pg_server.user


def test_no_server_there_is_one_line_within_the_timeout(tmp_path: Path) -> None:
    empty = tmp_path / "no-server"
    empty.mkdir()
    url = server_url(str(empty), 5432, "aibri", "nobody", "verify-full")
    started = time.monotonic()
    report = checks.test_connection(url)
    assert time.monotonic() - started < CONNECT_TIMEOUT_S + 2
    assert not report.reachable
    (line,) = report.lines()
    assert "\n" not in line and str(empty) in line
    assert line.startswith("Could not connect to postgresql+psycopg://nobody@/aibri?")
    assert line.endswith("Nothing was changed.")


def test_a_wrong_user_is_one_line_without_the_password_asked(
        pg_url: str, pg_server: PostgresServer) -> None:
    fields = parse_server_url(pg_url)
    url = server_url(fields.host, fields.port, fields.database, "nobody_here", "disable")
    report = checks.test_connection(url)
    assert not report.reachable
    assert "nobody_here" in report.reason and "\n" not in report.reason


def test_the_settings_tab_tests_the_server_off_the_window(
        qtbot: QtBot, pg_url: str, pg_server: PostgresServer) -> None:
    from aibri_desktop.ui.dialogs.database_tab import DatabaseTab

    tab = DatabaseTab(pg_url, "/tmp/here.sqlite3")
    qtbot.addWidget(tab)
    assert tab.on_server and tab.host.text() == str(pg_server.socket_dir)
    tab.test_button.click()
    assert tab.testing
    qtbot.waitUntil(lambda: not tab.testing, timeout=(CONNECT_TIMEOUT_S + 5) * 1000)
    said = tab.report.text().splitlines()
    assert said[1] == f"Logged in as {pg_server.user}; role in this library: owner."
    assert said[2].startswith("No AIBRI library yet")
    assert said[-1] == "Nothing was changed on the server."
    assert _tables(pg_url) == []
