"""Failures the independent attack saw as "unexpected error" (exit 70) or several lines: each is
now one clear line with the right exit code, and changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from aibri_desktop.cli import run
from aibri_desktop.storage.sqlite_files import APPLICATION_ID
from helpers.services import create_reference_assessment, open_services


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "unexpected error" not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.sqlite_file  # a path that is not a regular file
def test_dev_null_as_the_database(aibri) -> None:
    result = aibri("--db", "/dev/null", "list")
    assert result.returncode == 1
    assert "not a regular file" in _one_line(result)


def test_a_postgresql_url_without_its_driver(aibri, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    for name in ("psycopg", "psycopg2"):  # whichever the dialect wants: absent here
        (blocked / f"{name}.py").write_text(
                f'raise ImportError("No module named {name}", name="{name}")\n')
    result = aibri("--db", "postgresql://ministry-db/aibri", "list",
                   extra_env={"PYTHONPATH": str(blocked)})
    assert result.returncode == 1
    line = _one_line(result)
    assert "driver" in line and "not installed" in line


@pytest.mark.sqlite_file  # another program's SQLite file, and the backups beside a file
@pytest.mark.parametrize("version", [3, 5])
def test_a_foreign_database_carrying_our_mark_is_refused_unchanged(aibri, tmp_path: Path,
                                                                   version: int) -> None:
    path = tmp_path / "theirs.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('not ours')")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = aibri("--db", str(path), "list")
    assert result.returncode == 1
    assert "not an AIBRI Desktop database" in _one_line(result)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "aibri-backups").exists()  # no backup of it either


def _answer_args(path: Path, assessment_id: str) -> list[str]:
    return ["--db", str(path), "answer", assessment_id, "DS-01", "--level", "3"]


@pytest.mark.sqlite_file  # SQLite's own errors for a full disk and a read-only file
@pytest.mark.parametrize(("error", "expected"), [
    ("database or disk is full", "free some disk space"),
    ("attempt to write a readonly database", "cannot be written"),
])
def test_a_database_that_cannot_take_the_answer(tmp_path: Path, monkeypatch, capsys,
                                                error: str, expected: str) -> None:
    """A full disk, or a database file that is read-only for the user, during `answer`."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    services.close()
    assert path is not None
    from sqlalchemy.orm import Session

    def fails(_session: Session, *_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError(error))

    monkeypatch.setattr(Session, "flush", fails)
    code = run(_answer_args(path, assessment_id))
    monkeypatch.undo()
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and expected in err, err
    reopened = open_services(tmp_path)
    assert reopened.assessments.load(assessment_id).answers["DS-01"].level != 3
    reopened.close()
