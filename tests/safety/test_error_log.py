"""The error log holds no user content (SQL errors without their parameters), is owner-only,
and stays bounded however many errors it records."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from aibri_desktop import cli
from aibri_desktop.storage.database import open_database

MARKER = "TITLE-OF-A-SECRET-ASSESSMENT"


def _integrity_error(tmp_path: Path) -> IntegrityError:
    database = open_database(tmp_path / "d.sqlite3")
    try:
        with pytest.raises(IntegrityError) as raised, database.session() as session:
            for _ in range(2):  # the second row repeats the key of the first
                session.execute(text("INSERT INTO meta (key, value) VALUES ('k', :v)"),
                                {"v": MARKER})
    finally:
        database.close()
    return raised.value


def test_database_errors_do_not_carry_their_parameters(tmp_path: Path) -> None:
    error = _integrity_error(tmp_path)
    assert "UNIQUE" in str(error)
    assert MARKER not in str(error)


def test_the_log_hides_parameters_of_any_sql_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import StatementError

    monkeypatch.setenv("AIBRI_DATA_DIR", str(tmp_path / "data"))
    # an error from an engine made without hide_parameters, as the cause of another
    try:
        try:
            raise StatementError("refused", "INSERT INTO t VALUES (?)", (MARKER,), None)
        except StatementError as cause:
            raise RuntimeError("while saving") from cause
    except RuntimeError as error:
        logged = cli._log_unexpected(error)
    text_ = Path(logged).read_text(encoding="utf-8")
    assert "INSERT INTO t" in text_ and MARKER not in text_


def test_the_log_is_owner_only_and_bounded(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    log = data / cli.LOG_NAME
    log.write_text("an entry from an earlier version\n")
    log.chmod(0o644)
    monkeypatch.setenv("AIBRI_DATA_DIR", str(data))
    previous = os.umask(0o022)
    try:
        for number in range(400):
            cli._log_unexpected(ValueError(f"error {number} " + "x" * 5000))
        cli._log_unexpected(ValueError("y" * 10 * cli.LOG_MAX_BYTES))  # one huge entry
        cli._log_unexpected(ValueError("the newest"))
    finally:
        os.umask(previous)
    logs = sorted(data.glob(cli.LOG_NAME + "*"))
    assert [p.name for p in logs] == [cli.LOG_NAME, cli.LOG_NAME + ".1", cli.LOG_NAME + ".2"]
    assert sum(p.stat().st_size for p in logs) <= cli.LOG_FILES * cli.LOG_MAX_BYTES
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)
    assert "the newest" in log.read_text(encoding="utf-8")
