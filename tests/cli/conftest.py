"""The command-line tests on either engine: ``aibri --db`` takes ``database_argument(folder)``
(tests/helpers/services.py), the SQLite file's path or, in the server pass
(AIBRI_TEST_ENGINE=postgresql), the URL of a database of its own on a real PostgreSQL server.
``library_state`` shows that a refused command changed nothing on either; who a change is
recorded as made by is ``helpers.services.recorded``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from helpers.services import on_server


def _server_rows(url: str) -> str:
    """Every row of every table of the library's schema, as one digest."""
    import psycopg
    from psycopg import sql

    parts = make_url(url)
    digest = hashlib.sha256()
    with psycopg.connect(host=str(parts.query["host"]), port=int(str(parts.query["port"])),
                         user=parts.username, dbname=parts.database) as connection:
        tables = [str(row[0]) for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename")]
        for table in tables:
            rows = connection.execute(sql.SQL("SELECT * FROM {}").format(
                sql.Identifier(table))).fetchall()
            digest.update(table.encode())
            digest.update(repr(sorted(repr(row) for row in rows)).encode())
    return digest.hexdigest()


@pytest.fixture
def library_state() -> Callable[[str | Path], str]:
    """A fingerprint of the library that changes with anything stored in it: to show that a
    refused command changed nothing. The SQLite file's bytes, or on a server every row."""

    def state(db: str | Path) -> str:
        if on_server():
            return _server_rows(str(db))
        return hashlib.sha256(Path(db).read_bytes()).hexdigest()

    return state

