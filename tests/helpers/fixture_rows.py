"""The rows of a saved schema fixture (``tests/fixtures/schemas/vNNNN.sql``, an SQLite dump)
copied into a server database migrated to the same revision, as a library of that version
would hold them on the server.

The dump is read into an in-memory SQLite database; every table's rows are inserted into the
server's same-named table with SQLAlchemy Core, parents before children (and, in a table that
refers to itself, a referenced row before the rows that refer to it). Values are converted to
the server columns' reflected types, not per table: SQLite keeps booleans as 0/1 and dates and
moments as text. Serial sequences are then moved past the ids given explicitly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, MetaData, Table, create_engine, text
from sqlalchemy.types import TypeEngine

from aibri_desktop.storage.migrate import _config

SKIPPED = ("alembic_version",)  # Alembic's own row: the server has its own from the upgrade


def read_dump(dump: Path) -> sqlite3.Connection:
    """The fixture as an in-memory SQLite database."""
    source = sqlite3.connect(":memory:")
    source.executescript(dump.read_text(encoding="utf-8"))
    return source


def revision_of(source: sqlite3.Connection) -> str:
    """The Alembic revision the fixture was saved at."""
    row = source.execute("SELECT version_num FROM alembic_version").fetchone()
    assert row is not None, "the fixture has no Alembic revision"
    return str(row[0])


def migrate_to(url: str, revision: str) -> None:
    """Migrate the server database at ``url`` to ``revision`` as the app's own upgrade does
    (one transaction, the app's Alembic configuration)."""
    engine = create_engine(url)
    config = _config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _python_type(column_type: TypeEngine[Any]) -> type[Any] | None:
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def converter(column_type: TypeEngine[Any]) -> Callable[[Any], Any]:
    """How a value SQLite stored becomes one the server column of this type takes."""
    kind = _python_type(column_type)

    def convert(value: Any) -> Any:
        if value is None or kind is None or isinstance(value, kind):
            return value
        if kind is bool:
            return bool(int(value))
        if kind is datetime:  # SQLAlchemy's SQLite text: "2026-11-28 10:00:00.123456"
            return datetime.fromisoformat(str(value))
        if kind is date:
            return date.fromisoformat(str(value)[:10])
        if kind in (int, float, Decimal, str):
            return kind(value)
        if kind is bytes:
            return value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return value

    return convert


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a table that refers to itself, each after the row it refers to."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
             if fk.column.table is table]
    if not links:
        return rows
    present = {(target, row[target]) for _own, target in links for row in rows}
    placed: set[tuple[str, Any]] = set()
    ordered: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        later = [row for row in waiting
                 if any(row[own] is not None and (target, row[own]) in present
                        and (target, row[own]) not in placed for own, target in links)]
        held = {id(row) for row in later}
        ready = [row for row in waiting if id(row) not in held]
        if not ready:  # a cycle: left as it is, for the server to refuse
            return ordered + later
        ordered += ready
        placed.update((target, row[target]) for _own, target in links for row in ready)
        waiting = later
    return ordered


def copy_rows(source: sqlite3.Connection, connection: Connection) -> dict[str, int]:
    """Insert every row of ``source`` into the server tables of the same names, in
    foreign-key order, in place of any the migrations wrote; returns the rows copied per
    table. A table or column the fixture has and the server has not is an error (the two are
    at the same revision)."""
    server = MetaData()
    server.reflect(connection)
    found = [str(r[0]) for r in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    missing = sorted(set(found) - set(server.tables))
    assert not missing, f"tables the fixture has and the server has not: {missing}"
    # the migrations write rows of their own into an empty database (0005: the meta row
    # "checksum_rule"); a library at this revision holds the fixture's rows, and only those
    for table in reversed(server.sorted_tables):
        if table.name not in SKIPPED:
            connection.execute(table.delete())
    copied: dict[str, int] = {}
    for table in server.sorted_tables:
        if table.name not in found or table.name in SKIPPED:
            continue
        cursor = source.execute(f'SELECT * FROM "{table.name}"')
        names = [d[0] for d in cursor.description]
        unknown = [n for n in names if n not in table.c]
        assert not unknown, f"{table.name}: columns the server has not: {unknown}"
        convert = {n: converter(table.c[n].type) for n in names}
        rows = [{n: convert[n](v) for n, v in zip(names, values, strict=True)}
                for values in cursor.fetchall()]
        if rows:
            connection.execute(table.insert(), _parents_first(table, rows))
        copied[table.name] = len(rows)
        _reset_sequences(connection, table)
    return copied


def _reset_sequences(connection: Connection, table: Table) -> None:
    """Move each serial sequence of ``table`` past the largest id now in it."""
    for column in table.primary_key.columns:
        if _python_type(column.type) is not int:
            continue
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                      {"t": table.name, "c": column.name}).scalar()
        if sequence is None:
            continue
        quoted = connection.dialect.identifier_preparer
        connection.execute(text(
            f"SELECT setval(:s, max({quoted.quote(column.name)})) "
            f"FROM {quoted.quote(table.name)} HAVING max({quoted.quote(column.name)}) "
            "IS NOT NULL"), {"s": sequence})
