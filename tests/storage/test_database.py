"""Opening databases: ours (new, current, older), and what must be refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from aibri_desktop.storage.database import BusyError, open_database, resolve_url
from aibri_desktop.storage.models import Base
from aibri_desktop.storage.sqlite_files import APPLICATION_ID, SCHEMA_VERSION, DatabaseError

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_created_with_our_marks_and_pragmas(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sub" / "new.sqlite3")
    with db.engine.connect() as con:
        pragma = {name: con.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout",
                               "application_id", "user_version")}
    db.close()
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                      "busy_timeout": 5000, "application_id": APPLICATION_ID,
                      "user_version": SCHEMA_VERSION}


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite3")
    with db.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), Base.metadata)
    db.close()
    assert diff == []


def test_reopening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    open_database(tmp_path / "a.sqlite3").close()
    code = ("import sys\nfrom aibri_desktop.storage.database import open_database\n"
            f"open_database({str(tmp_path / 'a.sqlite3')!r}).close()\n"
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="written by a newer version of AIBRI Desktop") as e:
        open_database(path)
    assert "It was not changed" in str(e.value)
    assert _digest(path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all" * 10, "not an SQLite file"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "cannot be opened as a database"),
    ],
)
def test_garbage_files_are_refused_untouched(tmp_path: Path, content: bytes, message: str
                                             ) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=message):
        open_database(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.sqlite3"]


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="not an AIBRI Desktop database"):
        open_database(path)
    assert _digest(path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


def test_urls_and_paths_resolve() -> None:
    assert resolve_url("relative.sqlite3")[0].startswith("sqlite:////")
    url, path = resolve_url("sqlite:////tmp/x.sqlite3")
    assert url == "sqlite:////tmp/x.sqlite3" and path == Path("/tmp/x.sqlite3")
    url, path = resolve_url("postgresql://ministry-db/aibri")
    assert path is None and url.startswith("postgresql://")
    with pytest.raises(DatabaseError):
        resolve_url("nonsense://")


@pytest.mark.parametrize("dump", sorted(SCHEMAS.glob("v*.sql")), ids=lambda p: p.stem)
def test_every_saved_schema_upgrades_without_loss(tmp_path: Path, dump: Path) -> None:
    path = tmp_path / f"{dump.stem}.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(dump.read_text(encoding="utf-8"))
    tables = ("assessments", "answers", "answer_history", "countries", "frameworks")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.close()
    hooked: list[tuple[int, int]] = []
    db = open_database(path, before_migration=lambda _p, a, b: hooked.append((a, b)))
    with db.engine.connect() as con2:
        after = {t: con2.exec_driver_sql(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                 for t in tables}
        assert con2.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
        assert con2.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert con2.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    db.close()
    assert hooked == ([] if version == SCHEMA_VERSION else [(version, SCHEMA_VERSION)])
    for table in tables:
        assert len(after[table]) == len(before[table]), table
    assert len(before["answers"]) > 10 and len(before["answer_history"]) > 10
    # Columns may be added by later migrations, never lost: the old values are still there.
    for table in ("answers", "assessments"):
        old_rows = before[table]
        new_rows = after[table]
        for old, new in zip(old_rows, new_rows, strict=True):
            assert tuple(new[: len(old)]) == tuple(old) or set(old) <= set(new), table


def test_an_older_database_gets_migrated_after_the_backup_hook(tmp_path: Path) -> None:
    """A database at schema 0 (tables but no stamp) is treated as older: hook, then upgrade."""
    path = tmp_path / "old.sqlite3"
    dump = (SCHEMAS / "v0001.sql").read_text(encoding="utf-8")
    con = sqlite3.connect(path)
    con.executescript(dump)
    con.execute("PRAGMA user_version = 0")
    con.close()
    calls: list[Path] = []
    db = open_database(path, before_migration=lambda p, _a, _b: calls.append(p))
    db.close()
    assert calls == [path]


def test_a_migration_that_would_break_references_is_undone(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    con = sqlite3.connect(path)
    con.executescript((SCHEMAS / "v0001.sql").read_text(encoding="utf-8"))
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("INSERT INTO answers (assessment_id, indicator_id, state, na_reason, evidence, "
                "sources, carried_over, updated_at) VALUES ('missing', 'DS-01', 'unknown', '', "
                "'', '', 0, '2026-01-01 00:00:00')")
    con.execute("PRAGMA user_version = 0")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="upgrade was undone"):
        open_database(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize("dump", sorted(SCHEMAS.glob("v*.sql")), ids=lambda p: p.stem)
def test_every_saved_schema_opens_clean_through_the_services(tmp_path: Path, dump: Path) -> None:
    """After the upgrade, older rows are sealed with this computer's key and the check finds
    nothing. A saved database of schema 5 or later was sealed with another computer's key: it
    cannot be verified here (not damaged) until it is adopted."""
    from aibri_desktop.services import Services

    path = tmp_path / f"{dump.stem}.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(dump.read_text(encoding="utf-8"))
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.close()
    services = Services.open(path)
    report = services.safety.check()
    if version >= 5:
        assert not report.damaged and report.sealed_elsewhere, report
        services.safety.adopt("test")
        report = services.safety.check()
    assert report.ok, report
    assert len(services.assessments.list_summaries(deleted=None)) >= 6
    services.close()


def test_a_unit_that_reads_then_writes_takes_the_write_lock_first(tmp_path: Path) -> None:
    """A deferred transaction that has read fails at once ("database is locked", whatever the
    busy timeout) when another writer commits before its first write: SQLite cannot move its
    snapshot. ``session(write=True)`` begins IMMEDIATE, so the other writer waits instead."""
    from sqlalchemy import select

    from aibri_desktop.storage.models import Meta

    path = tmp_path / "w.sqlite3"
    db = open_database(path)

    def other_writer_commits(timeout: float) -> bool:
        other = sqlite3.connect(path, timeout=timeout)
        try:
            with other:
                other.execute("INSERT INTO meta (key, value) VALUES (hex(randomblob(8)), 'x')")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    # deferred: the hazard the write units avoid
    with pytest.raises(BusyError, match="Try again"), db.session() as session:
        session.scalars(select(Meta)).all()
        assert other_writer_commits(timeout=0)
        session.add(Meta(key="mine", value="1"))
        session.flush()
    with db.session(write=True) as session:
        session.scalars(select(Meta)).all()
        assert not other_writer_commits(timeout=0)  # it would wait for us, not break us
        session.add(Meta(key="mine", value="1"))
    with db.session() as session:
        assert session.get(Meta, "mine") is not None
    db.close()


def test_every_committed_write_moves_the_change_counter_and_nothing_else_does(
        tmp_path: Path) -> None:
    """The one cheap read a window makes to notice changes made elsewhere: it moves with each
    committed write unit that wrote, from any connection, and not with reads, rolled-back
    writes, units that wrote nothing, or a read-only open."""
    from sqlalchemy import text

    path = tmp_path / "counter.sqlite3"
    writer = open_database(path)
    other = open_database(path)
    try:
        start = other.change_counter()
        with writer.session(write=True) as session:
            session.execute(text("UPDATE meta SET value = value WHERE key = 'nothing'"))
        assert other.change_counter() == start + 1  # seen from another connection
        with writer.session() as session:  # a read
            session.execute(text("SELECT 1"))
        with pytest.raises(RuntimeError), writer.session(write=True):
            raise RuntimeError("rolled back")
        assert other.change_counter() == start + 1
        with writer.session(write=True):  # a write unit that wrote nothing (a refusal)
            pass
        assert other.change_counter() == start + 1
        with writer.session(write=True) as session:
            session.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
        assert other.change_counter() == start + 2
    finally:
        writer.close()
        other.close()
    reader = open_database(path, read_only=True)
    try:
        with reader.session(write=True):
            pass
        assert reader.change_counter() == start + 2
    finally:
        reader.close()
