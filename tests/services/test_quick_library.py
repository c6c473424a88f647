"""The start-up's quick read of the library: the same rows as the services give, read-only,
and no answer at all (``None``) for any file the ordinary open must see first."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from aibri_desktop.services.summaries import quick_library
from helpers.services import create_reference_assessment, open_services

# The quick read of the SQLite file before the services open: the file's own behaviour
# (the server pass of make test leaves it out).
pytestmark = pytest.mark.sqlite_file

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _library(tmp_path: Path) -> Path:
    services = open_services(tmp_path)
    create_reference_assessment(services)
    services.demo.generate(count=12, seed=7)
    ids = [s.id for s in services.assessments.list_summaries() if s.status == "draft"]
    services.assessments.mark_final(assessment_ids=[ids[1]])
    services.assessments.archive(assessment_ids=[ids[2]])
    services.assessments.delete(assessment_ids=[ids[3]])
    services.close()
    assert services.database.path is not None
    return services.database.path


def test_quick_read_gives_the_rows_the_services_give(tmp_path: Path) -> None:
    path = _library(tmp_path)
    services = open_services(tmp_path)
    expected = services.assessments.list_summaries(deleted=None)
    services.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    rows = quick_library(path)

    assert rows == expected  # every field, in the same order (newest change first)
    assert len(rows) == 13
    statuses = {("deleted" if r.deleted else r.status) for r in rows}
    assert statuses == {"draft", "final", "archived", "deleted"}
    assert all(r.updated_at.tzinfo is not None for r in rows)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the read wrote nothing"


def test_files_the_ordinary_open_must_see_first_get_no_quick_read(tmp_path: Path) -> None:
    assert quick_library(tmp_path / "missing.sqlite3") is None
    assert quick_library(tmp_path) is None  # a folder
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert quick_library(tmp_path / "empty.sqlite3") is None
    (tmp_path / "text.sqlite3").write_text("not a database at all\n" * 50)
    assert quick_library(tmp_path / "text.sqlite3") is None
    foreign = sqlite3.connect(tmp_path / "foreign.sqlite3")
    foreign.execute("CREATE TABLE assessments (id TEXT)")
    foreign.commit()
    foreign.close()
    assert quick_library(tmp_path / "foreign.sqlite3") is None
    older = sqlite3.connect(tmp_path / "older.sqlite3")  # schema 1: needs its migration
    older.executescript((SCHEMAS / "v0001.sql").read_text(encoding="utf-8"))
    older.close()
    assert quick_library(tmp_path / "older.sqlite3") is None
    truncated = tmp_path / "truncated.sqlite3"
    path = _library(tmp_path / "t")
    truncated.write_bytes(path.read_bytes()[:8192])  # the header survives, the tables not
    assert quick_library(truncated) is None


def test_the_window_modules_load_without_the_heavy_libraries() -> None:
    """The first window needs none of them; loading them came after it, behind it."""
    code = ("import sys\n"
            "import aibri_desktop.ui.app, aibri_desktop.ui.main_window\n"
            "import aibri_desktop.services.startup, aibri_desktop.services.summaries\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pyqtgraph', 'numpy', "
            "'reportlab', 'pycountry') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"})
    assert result.stdout.strip() == "[]"


def test_the_open_says_when_it_rewrote_the_country_list(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assert services.countries_rewritten  # a new database gets the list
    services.close()
    services = open_services(tmp_path)
    assert not services.countries_rewritten
    with services.database.session() as session:
        session.execute(text("UPDATE meta SET value = 'older list' WHERE key = 'countries_hash'"))
    services.close()
    services = open_services(tmp_path)
    assert services.countries_rewritten
    services.close()
