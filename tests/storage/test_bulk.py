"""Bulk inserts: the larger page cache lasts only while the rows go in, and the converters
that remember their last value give every row its own value."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aibri_desktop.storage.bulk import BULK_CACHE_MIB, bulk_cache, prepare_insert, table_of
from aibri_desktop.storage.database import open_database
from aibri_desktop.storage.models import LibraryLogRow


def test_the_larger_cache_is_given_back_to_the_pooled_connection(tmp_path: Path) -> None:
    db = open_database(tmp_path / "b.sqlite3")
    try:
        with db.session(write=True) as session:
            connection = session.connection()
            before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            with bulk_cache(connection):
                assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == \
                    -BULK_CACHE_MIB * 1024
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == before
    finally:
        db.close()


def test_repeated_and_changing_values_each_convert_to_their_own(tmp_path: Path) -> None:
    db = open_database(tmp_path / "b.sqlite3")
    moments = [datetime(2026, 1, 1, tzinfo=UTC)] * 3 + [datetime(2026, 1, 2, tzinfo=UTC),
                                                       datetime(2026, 1, 1, tzinfo=UTC)]
    rows = [{"at": at, "by": f"w{n}", "event": "test", "detail": ""}
            for n, at in enumerate(moments)]
    try:
        with db.session(write=True) as session:
            prepare_insert(db.engine, table_of(LibraryLogRow), rows).run(session.connection())
        with db.engine.connect() as connection:
            stored = [row[0] for row in connection.exec_driver_sql(
                "SELECT at FROM library_log WHERE event = 'test' ORDER BY id")]
    finally:
        db.close()
    assert [text[:10] for text in stored] == ["2026-01-01"] * 3 + ["2026-01-02", "2026-01-01"]
