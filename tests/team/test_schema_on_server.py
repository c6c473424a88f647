"""The same Alembic migrations make the same schema on PostgreSQL as on SQLite: tables,
columns, keys, constraints and indexes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect

from aibri_desktop.storage.database import open_database
from aibri_desktop.storage.sqlite_files import SCHEMA_VERSION


def _schema(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        found = inspect(engine)
        tables: dict[str, Any] = {}
        for table in sorted(found.get_table_names()):
            columns = {c["name"]: (_kind(c["type"]), c["nullable"])
                       for c in found.get_columns(table)}
            tables[table] = {
                "columns": columns,
                "primary_key": sorted(found.get_pk_constraint(table)["constrained_columns"]),
                "foreign_keys": sorted(
                    (tuple(fk["constrained_columns"]), fk["referred_table"],
                     tuple(fk["referred_columns"]), (fk.get("options") or {}).get("ondelete"))
                    for fk in found.get_foreign_keys(table)),
                # PostgreSQL also lists the index behind each unique constraint
                "indexes": sorted((ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                                  for ix in found.get_indexes(table)
                                  if not ix.get("duplicates_constraint")),
                "unique": sorted(tuple(u["column_names"])
                                 for u in found.get_unique_constraints(table)),
            }
        return tables
    finally:
        engine.dispose()


def _kind(column_type: Any) -> str:
    """A column's kind as both engines agree on it (SQLite reports DATETIME where PostgreSQL
    reports TIMESTAMP WITHOUT TIME ZONE, and so on)."""
    name = type(column_type).__name__.upper()
    for kind, words in (("text", ("TEXT", "VARCHAR", "STRING", "CHAR")),
                        ("integer", ("INTEGER", "BIGINT", "SMALLINT")),
                        ("float", ("FLOAT", "REAL", "DOUBLE", "NUMERIC")),
                        ("boolean", ("BOOLEAN",)), ("moment", ("DATETIME", "TIMESTAMP")),
                        ("date", ("DATE",))):
        if any(word in name for word in words):
            length = getattr(column_type, "length", None)
            return f"{kind}({length})" if kind == "text" and length else kind
    return name


def test_the_migrations_make_the_same_schema_on_the_server(pg_url: str,
                                                           tmp_path: Path) -> None:
    server = open_database(pg_url)
    local = open_database(tmp_path / "local.sqlite3")
    try:
        on_server, on_file = _schema(pg_url), _schema(local.url)
    finally:
        server.close()
        local.close()
    assert "detail_history" in on_server and len(on_server) >= 10
    assert on_server.keys() == on_file.keys()
    for table in on_file:
        assert on_server[table] == on_file[table], table
    engine = create_engine(pg_url)
    try:
        with engine.connect() as connection:
            head = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        engine.dispose()
    assert head == f"{SCHEMA_VERSION:04d}"


def test_the_quick_schema_read_agrees_with_alembic(pg_url: str) -> None:
    """Opening a server library reads its schema revision without loading Alembic; the
    answer must be Alembic's, on an empty database and on one at the newest schema."""
    from sqlalchemy import create_engine

    from aibri_desktop.services import Services
    from aibri_desktop.storage.migrate import head_state
    from aibri_desktop.storage.server import schema_state

    engine = create_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert schema_state(connection) == head_state(connection)
            assert schema_state(connection)[0] is None
        Services.open(pg_url).close()
        with engine.connect() as connection:
            assert schema_state(connection) == head_state(connection)
            current, head, known = schema_state(connection)
            assert current == head and known
    finally:
        engine.dispose()
