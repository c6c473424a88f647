"""The app lock (one window per database) and the maintenance lock (restore, import with
replace, purge, upgrades), both taken in the storage layer on the database's real path: a
symbolic link reaches the same lock, a hard-linked database is refused, and a maintenance
operation is refused in one line while a window has the database open, while everyday writes
go on."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aibri_desktop.storage.locks import maintenance, take_app_lock
from helpers.services import create_reference_assessment, open_services

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"

HOLDER = """
import sys, time
from pathlib import Path
from aibri_desktop.storage.locks import take_app_lock
attempt = take_app_lock(Path(sys.argv[1]))
print("held" if attempt.lock else "refused", flush=True)
time.sleep(120)
"""


@contextmanager
def window_holding(database: Path) -> Iterator[None]:
    """Another process that holds the app lock, as an open window does."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_symbolic_link_reaches_the_same_lock(tmp_path: Path) -> None:
    database = tmp_path / "real.sqlite3"
    database.write_bytes(b"")
    link = tmp_path / "link.sqlite3"
    link.symlink_to(database)
    first = take_app_lock(database)
    assert first.lock is not None
    second = take_app_lock(link)  # before, the link got a lock file of its own
    assert second.lock is None and "this computer" in second.owner
    first.lock.unlock()
    third = take_app_lock(link)
    assert third.lock is not None
    third.lock.unlock()
    assert not (tmp_path / "real.sqlite3.lock").exists()


def test_a_hard_linked_database_is_refused_unchanged(aibri: Any, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    create_reference_assessment(services)
    path = services.database.path
    services.close()
    assert path is not None
    other = tmp_path / "second-name.sqlite3"
    os.link(path, other)
    before = _digest(path)
    result = aibri("--db", str(other), "list")
    assert result.returncode == 1
    assert "has 2 names (hard links)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _digest(path) == before


def test_maintenance_is_refused_while_a_window_has_the_database(aibri: Any,
                                                                tmp_path: Path) -> None:
    services = open_services(tmp_path)
    kept = create_reference_assessment(services)
    backup = services.safety.backup("manual").path
    services.exchange.export([kept], tmp_path / "x.aibri")
    assessment_id = create_reference_assessment(services)
    services.assessments.delete(assessment_ids=[assessment_id])
    path = services.database.path
    services.close()
    assert path is not None
    with window_holding(path):
        before = _digest(path)
        for args in (("restore", str(backup)),
                     ("import", str(tmp_path / "x.aibri"), "--on-conflict", "replace"),
                     ("purge", assessment_id, "--yes")):
            result = aibri("--db", str(path), *args)
            assert result.returncode == 1, (args, result.stdout)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "needs the database to itself" in lines[0], lines
            assert "open in a window" in lines[0]
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        assert _digest(path) == before
        # everyday work goes on beside the window
        assert aibri("--db", str(path), "list", "--deleted").returncode == 0
    # with the window closed, the same purge goes through
    assert aibri("--db", str(path), "purge", assessment_id, "--yes").returncode == 0


def test_an_upgrade_waits_for_the_window_to_close(aibri: Any, tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    con = sqlite3.connect(path)
    con.executescript((SCHEMAS / "v0004.sql").read_text(encoding="utf-8"))
    con.close()
    with window_holding(path):
        result = aibri("--db", str(path), "list")
        assert result.returncode == 1 and "Upgrading the database" in result.stderr
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA user_version").fetchone()[0] == 4
        con.close()
    assert aibri("--db", str(path), "list").returncode == 0


def test_the_window_itself_may_restore_and_purge(tmp_path: Path) -> None:
    """The maintenance lock yields to the app lock of its own process (Settings → Backups)."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    assert path is not None
    backup = services.safety.backup("manual").path
    attempt = take_app_lock(path)
    assert attempt.lock is not None
    try:
        services.assessments.delete(assessment_ids=[assessment_id])
        services.assessments.purge(assessment_ids=[assessment_id], who="t")
        services.safety.restore(backup)
    finally:
        attempt.lock.unlock()
    services.close()
    with maintenance(path, "A test"):
        pass
