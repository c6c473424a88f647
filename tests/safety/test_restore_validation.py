"""`aibri restore` checks a candidate exactly as opening a database does (SQLite header, our
application_id, a schema no newer than the app, integrity_check, the row checksums) before
anything is replaced: a refused restore is one line on stderr, a non-zero exit, and leaves the
live database byte for byte and the backup folder as they were. Relative paths work."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aibri_desktop.services.errors import ServiceError
from aibri_desktop.services.safety import newest_backup, recover_database
from aibri_desktop.storage.backup import backup_folder
from aibri_desktop.storage.sqlite_files import SCHEMA_VERSION
from helpers.services import create_reference_assessment, open_services

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _run(tmp_path: Path, *args: str, cwd: Path | None = None,
         ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIBRI_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("AIBRI_DB", None)
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "aibri_desktop", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120, check=False)


def _live_with_backup(tmp_path: Path) -> tuple[Path, Path, str]:
    """A live database holding the reference assessment, its one verified backup, the id."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    made = services.safety.backup("manual")
    path = services.database.path
    services.close()
    assert path is not None
    _checkpoint(path)
    return path, made.path, assessment_id


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder(path: Path) -> list[tuple[str, str]]:
    return sorted((p.name, _digest(p)) for p in backup_folder(path).iterdir())


def _not_sqlite(target: Path, _genuine: Path) -> None:
    target.write_bytes(b"name,score\nXA,3\n" * 200)


def _empty(target: Path, _genuine: Path) -> None:
    target.write_bytes(b"")


def _another_program(target: Path, _genuine: Path) -> None:
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('shopping list')")
    con.commit()
    con.close()


def _newer_schema(target: Path, genuine: Path) -> None:
    target.write_bytes(genuine.read_bytes())
    con = sqlite3.connect(target)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()


def _truncated(target: Path, genuine: Path) -> None:
    raw = genuine.read_bytes()
    target.write_bytes(raw[: len(raw) // 2])


def _corrupt(target: Path, genuine: Path) -> None:
    """Garbage over the head of the answers table's page (its header and cell pointers; a
    fixed offset could land in a page's free space, which no check can notice)."""
    con = sqlite3.connect(genuine)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'answers'").fetchone()[0]
    con.close()
    raw = bytearray(genuine.read_bytes())
    start = (root - 1) * page_size
    raw[start: start + 400] = b"\x00\xff" * 200
    target.write_bytes(bytes(raw))


def _changed_row(target: Path, genuine: Path) -> None:
    """Sound structure, but an answer's text edited outside the app: its checksum differs."""
    target.write_bytes(genuine.read_bytes())
    con = sqlite3.connect(target)
    con.execute("UPDATE answers SET evidence = 'forged' WHERE rowid = "
                "(SELECT min(rowid) FROM answers)")
    con.commit()
    con.close()


BAD: dict[str, Callable[[Path, Path], None]] = {
    "not-sqlite": _not_sqlite,
    "empty-file": _empty,
    "another-programs-sqlite": _another_program,
    "newer-schema": _newer_schema,
    "truncated": _truncated,
    "corrupt": _corrupt,
    "changed-row": _changed_row,
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_refused_restore_changes_nothing(tmp_path: Path, kind: str) -> None:
    live, genuine, _assessment = _live_with_backup(tmp_path)
    candidate = tmp_path / "candidate.sqlite3"
    BAD[kind](candidate, genuine)
    candidate_before = _digest(candidate)
    live_before, folder_before = _digest(live), _folder(live)

    result = _run(tmp_path, "--db", str(live), "restore", str(candidate))

    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "not restored" in lines[0] or "nothing was" in lines[0].lower(), lines[0]
    assert not [p for p in live.parent.iterdir() if "restore" in p.name], "no staging left"
    _checkpoint(live)
    assert _digest(live) == live_before, "the live database is byte for byte as it was"
    assert _folder(live) == folder_before, "no backup was added or rotated away"
    assert _digest(candidate) == candidate_before, "the candidate itself is not touched"
    checked = _run(tmp_path, "--db", str(live), "check")
    assert checked.returncode == 0, checked.stderr


def test_a_genuine_backup_still_restores(tmp_path: Path) -> None:
    live, genuine, assessment_id = _live_with_backup(tmp_path)
    services = open_services(tmp_path)
    services.assessments.delete(assessment_ids=[assessment_id])
    services.close()
    result = _run(tmp_path, "--db", str(live), "restore", str(genuine))
    assert result.returncode == 0, result.stderr
    reopened = open_services(tmp_path)
    assert reopened.assessments.load(assessment_id).title == "Reference fixture"
    assert reopened.safety.check().ok
    reopened.close()
    assert _run(tmp_path, "--db", str(live), "check").returncode == 0


def test_an_older_schema_database_is_restored_upgraded(tmp_path: Path) -> None:
    """Chosen: an older AIBRI database is accepted, as opening it would be; it is upgraded on
    a staging copy (never in place), so the live database is current the moment it is back."""
    live, _genuine, _assessment = _live_with_backup(tmp_path)
    old = tmp_path / "old.sqlite3"
    con = sqlite3.connect(old)
    con.executescript((SCHEMAS / "v0001.sql").read_text(encoding="utf-8"))
    con.close()
    old_before = _digest(old)
    result = _run(tmp_path, "--db", str(live), "restore", str(old))
    assert result.returncode == 0, result.stderr
    assert _digest(old) == old_before, "the older file itself is not upgraded in place"
    con = sqlite3.connect(live)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    checked = _run(tmp_path, "--db", str(live), "check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("where", ["backup-folder", "database-folder"])
def test_restore_takes_a_path_relative_to_the_working_folder(tmp_path: Path, where: str) -> None:
    live, genuine, assessment_id = _live_with_backup(tmp_path)
    services = open_services(tmp_path)
    services.assessments.delete(assessment_ids=[assessment_id])
    services.close()
    cwd = genuine.parent if where == "backup-folder" else live.parent
    relative = os.path.relpath(genuine, cwd)
    assert not Path(relative).is_absolute()
    result = _run(tmp_path, "--db", str(live), "restore", relative, cwd=cwd)
    assert result.returncode == 0, result.stderr
    reopened = open_services(tmp_path)
    assert reopened.assessments.load(assessment_id).title == "Reference fixture"
    reopened.close()


def test_recovery_refuses_a_bad_backup_before_moving_the_damaged_file(tmp_path: Path) -> None:
    """The start-up recovery checks the offered backup the same way, before it moves the
    damaged database aside."""
    live, genuine, _assessment = _live_with_backup(tmp_path)
    _newer_schema(genuine, genuine)  # the newest backup now claims a newer schema
    raw = bytearray(live.read_bytes())
    raw[0:16] = b"garbage-header!!"
    live.write_bytes(bytes(raw))
    damaged, beside = _digest(live), sorted(p.name for p in live.parent.iterdir())
    backup = newest_backup(live)
    assert backup is not None
    with pytest.raises(ServiceError, match="not restored"):
        recover_database(live, backup)
    assert _digest(live) == damaged and sorted(p.name for p in live.parent.iterdir()) == beside


def test_recovery_offers_the_newest_backup_that_passes_its_checks(tmp_path: Path) -> None:
    """When the newest backup has been damaged since it was made, recovery passes over it
    to the next one instead of offering a restore that would then be refused."""
    from aibri_desktop.services.safety import usable_backup

    live, older, _assessment = _live_with_backup(tmp_path)
    services = open_services(tmp_path)
    newer = services.safety.backup("manual").path
    services.close()
    listed = newest_backup(live)
    assert listed is not None and listed.path == newer
    _corrupt(newer, newer)
    offered = usable_backup(live)
    assert offered is not None and offered.path == older
    recover_database(live, offered)
    reopened = open_services(tmp_path)
    assert reopened.safety.check().ok
    reopened.close()
