"""Verified backups: made with the backup API, checked, rotated, restored; forced before
migrations and imports; a damaged database is reported by `aibri check`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aibri_desktop.services.errors import ServiceError
from aibri_desktop.services.safety import newest_backup
from aibri_desktop.storage import backup as backup_module
from aibri_desktop.storage.backup import (
    backup_folder,
    integrity,
    list_backups,
    make_backup,
    rotate,
)
from aibri_desktop.storage.sqlite_files import SCHEMA_VERSION
from helpers.services import create_reference_assessment, open_services

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM answers").fetchone()[0])
    finally:
        con.close()


def test_a_backup_is_verified_and_restorable(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    made = services.safety.backup("manual")
    assert integrity(made.path) == "ok"
    path = services.database.path
    assert path is not None
    assert made.path.parent == backup_folder(path)
    answers_before = _rows(made.path)
    services.assessments.delete(assessment_ids=[assessment_id])
    services.safety.restore(made.path)
    assert services.assessments.list_summaries()[0].id == assessment_id  # deleted → back
    assert _rows(path) == answers_before
    reasons = [b.reason for b in services.safety.backups()]
    assert reasons[0] == "before-restore" and "manual" in reasons
    services.close()


def test_rotation_keeps_recent_and_spread_backups(tmp_path: Path) -> None:
    database = tmp_path / "r.sqlite3"
    sqlite3.connect(database).close()
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    for hours in range(0, 24 * 120, 6):  # four months of backups every six hours
        make_backup(database, "auto", now=now - timedelta(hours=hours))
    rotate(backup_folder(database), now=now)
    kept = list_backups(database)
    assert 10 <= len(kept) <= 10 + 7 + 8 + 12
    ages = [(now - b.taken).days for b in kept]
    assert min(ages) == 0 and max(ages) >= 90, "older copies are kept, spread out"


def test_a_damaged_backup_never_joins_the_rotation(tmp_path: Path) -> None:
    database = tmp_path / "d.sqlite3"
    con = sqlite3.connect(database)
    con.execute("CREATE TABLE t (x)")
    con.executemany("INSERT INTO t VALUES (?)", [(str(i) * 50,) for i in range(2000)])
    con.commit()
    con.close()
    good = make_backup(database, "good")
    raw = bytearray(database.read_bytes())
    raw[4096: 4096 + 12] = b"\x07" * 12  # an invalid b-tree page header
    database.write_bytes(bytes(raw))
    assert integrity(database) != "ok"
    try:
        make_backup(database, "bad")
    except Exception as exc:
        assert "integrity" in str(exc) or "could not" in str(exc)
    assert [b.path for b in list_backups(database)] == [good.path]


def test_a_forced_backup_before_migration_and_import(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    con = sqlite3.connect(old)
    con.executescript((SCHEMAS / "v0001.sql").read_text(encoding="utf-8"))
    con.close()
    services = open_services(tmp_path, "old.sqlite3")
    reasons = [b.reason for b in services.safety.backups()]
    assert reasons == [f"before-upgrade-1-to-{SCHEMA_VERSION}"]
    source = open_services(tmp_path / "src")
    # an assessment on the bundled framework: the saved v0001 library holds an older text of
    # the reference framework under the same id and version, which an import rightly refuses
    assessment_id = source.demo.generate(count=1, seed=4).assessment_ids[0]
    source.exchange.export([assessment_id], tmp_path / "one.aibri")
    source.close()
    services.exchange.import_file(tmp_path / "one.aibri")
    assert services.safety.backups()[0].reason == "before-import"
    services.close()


def test_check_reports_damage_in_one_line(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    services.demo.generate(count=40, seed=2)
    path = services.database.path
    services.close()
    assert path is not None
    assert aibri("--db", str(path), "check").returncode == 0
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle: middle + 400] = b"\x00\xff" * 200
    path.write_bytes(bytes(raw))
    result = aibri("--db", str(path), "check")
    assert result.returncode == 1
    assert "damaged" in result.stderr or "cannot be opened" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _small_database(tmp_path: Path) -> Path:
    database = tmp_path / "n.sqlite3"
    con = sqlite3.connect(database)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return database


def test_the_newest_backup_is_the_last_made_not_the_latest_file_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = open_services(tmp_path)
    create_reference_assessment(services)
    first = services.safety.backup("first")
    second = services.safety.backup("second")
    future = datetime.now(UTC).timestamp() + 400 * 86400
    os.utime(first.path, (future, future))  # a wrong clock dated the older file ahead
    path = services.database.path
    assert path is not None
    assert [b.path for b in services.safety.backups()] == [second.path, first.path]
    offered = newest_backup(path)  # what recovery offers at start-up
    assert offered is not None and offered.path == second.path
    report_newest = services.safety.check().newest_backup
    assert report_newest is not None and report_newest.path == second.path
    monkeypatch.setattr(backup_module, "KEEP_NEWEST", 1)
    rotate(backup_folder(path), now=datetime.now(UTC))
    assert [b.path for b in list_backups(path)] == [second.path], "rotation keeps the newest"
    services.close()


def test_a_clock_set_back_never_makes_older_backups_look_newer(tmp_path: Path) -> None:
    """Ten backups with a correct clock, then the clock falls back a year (a flat clock
    battery) and three more are made: those three are the newest, in the list, in what recovery
    offers, and in what rotation keeps."""
    database = _small_database(tmp_path)
    right = datetime(2026, 11, 28, 12, tzinfo=UTC)
    for minute in range(10):
        make_backup(database, f"before-{minute}", now=right + timedelta(minutes=minute))
    wrong = right - timedelta(days=365)
    after = [make_backup(database, f"after-{n}", now=wrong + timedelta(minutes=n)).path
             for n in range(3)]
    found = list_backups(database)
    assert [b.path for b in found[:3]] == after[::-1]
    offered = newest_backup(database)
    assert offered is not None and offered.path == after[-1]
    assert set(after) <= {b.path for b in found}, "rotation kept every backup made last"


def test_a_clock_set_ahead_then_corrected_keeps_the_later_backup_newest(tmp_path: Path) -> None:
    database = _small_database(tmp_path)
    right = datetime(2026, 11, 28, 12, tzinfo=UTC)
    ahead = make_backup(database, "clock-ahead", now=right + timedelta(days=200))
    corrected = make_backup(database, "clock-corrected", now=right)
    assert [b.path for b in list_backups(database)] == [corrected.path, ahead.path]
    offered = newest_backup(database)
    assert offered is not None and offered.path == corrected.path


def test_backups_named_before_numbering_are_still_read_as_older(tmp_path: Path) -> None:
    database = _small_database(tmp_path)
    folder = backup_folder(database)
    folder.mkdir(parents=True)
    made = make_backup(database, "numbered", now=datetime(2026, 1, 1, tzinfo=UTC))
    old = folder / "aibri-20271231-235959-000000-manual.sqlite3"  # an old name, a later time
    shutil.copyfile(made.path, old)
    found = list_backups(database)
    assert [b.path for b in found] == [made.path, old]
    assert found[1].reason == "manual" and found[1].sequence == 0
    again = make_backup(database, "next", now=datetime(2026, 1, 2, tzinfo=UTC))
    assert again.sequence == made.sequence + 1
    assert list_backups(database)[0].path == again.path


def test_the_window_check_runs_in_a_child_and_reads_the_same_report(tmp_path: Path) -> None:
    """The start-up check runs as ``aibri check --json`` in a process of its own (the
    window's interpreter stays free for typing) and reads back the report the service gives:
    clean, then one changed row."""
    from aibri_desktop.services.safety import CheckReport, check_in_child

    services = open_services(tmp_path)
    services.demo.generate(count=3, seed=2)
    path = services.database.path
    assert path is not None
    assert check_in_child(path) == services.safety.check()
    assert check_in_child(path).ok
    con = sqlite3.connect(path)
    con.execute("UPDATE answers SET evidence = 'changed by hand' WHERE id = "
                "(SELECT MIN(id) FROM answers)")
    con.commit()
    con.close()
    child = check_in_child(path)
    assert child == services.safety.check() and child.damaged and len(child.changed_rows) == 1
    assert CheckReport.from_json(child.to_json()) == child
    services.close()


def test_a_check_still_running_is_stopped_when_the_window_closes(tmp_path: Path) -> None:
    """Closing the window (or ending the process) stops the check's child: it must not keep a
    core busy for half a minute after the app has gone."""
    import threading

    from aibri_desktop.services import safety

    services = open_services(tmp_path)
    services.demo.generate(count=3, seed=2)
    path = services.database.path
    assert path is not None
    services.close()
    outcome: list[object] = []
    runner = threading.Thread(target=lambda: outcome.append(_run_check(safety, path)))
    runner.start()
    deadline = time.monotonic() + 10
    while not safety.child_checks_running() and time.monotonic() < deadline:
        time.sleep(0.01)
    safety.stop_child_checks()
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert outcome and isinstance(outcome[0], ServiceError)
    assert "stopped" in str(outcome[0])


def _run_check(safety: object, path: Path) -> object:
    try:
        return safety.check_in_child(path)  # type: ignore[attr-defined]
    except Exception as exc:
        return exc
