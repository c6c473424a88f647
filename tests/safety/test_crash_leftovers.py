"""What a backup killed with SIGKILL leaves in its folder (a full-size ``.partial`` copy and
SQLite's journal of it) is removed by the next backup, never a copy another backup is still
making."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.storage.backup import backup_folder, list_backups, make_backup

OLD = time.time() - 3600


@pytest.fixture
def live_pid() -> Iterator[int]:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_partial_copies_of_killed_backups_are_removed_by_the_next(tmp_path: Path,
                                                                  live_pid: int) -> None:
    database = tmp_path / "d.sqlite3"
    sqlite3.connect(database).close()
    first = make_backup(database, "manual")
    folder = backup_folder(database)
    stem = first.path.name.removesuffix(".sqlite3")
    stale_old_style = folder / f"{stem}-x.partial"  # the name before the pid, an hour old
    stale_journal = folder / f"{stem}-x.partial-journal"
    stale_of_the_dead = folder / f"{stem}-y.p{_dead_pid()}.partial"
    young_old_style = folder / f"{stem}-z.partial"  # perhaps being made right now
    running = folder / f"{stem}-w.p{live_pid}.partial"  # a backup going on in another copy
    unrelated = folder / "notes.partial"  # not ours: not touched
    for path in (stale_old_style, stale_journal, stale_of_the_dead, young_old_style, running,
                 unrelated):
        path.write_bytes(b"\0" * 4096)
    for path in (stale_old_style, stale_journal, stale_of_the_dead, running, unrelated):
        os.utime(path, (OLD, OLD))
    make_backup(database, "manual")
    assert not stale_old_style.exists() and not stale_journal.exists()
    assert not stale_of_the_dead.exists()
    assert young_old_style.exists() and running.exists() and unrelated.exists()
    assert len(list_backups(database)) == 2


def test_a_backup_leaves_no_partial_copy(tmp_path: Path) -> None:
    database = tmp_path / "d.sqlite3"
    sqlite3.connect(database).close()
    make_backup(database, "manual")
    assert [p.name for p in backup_folder(database).iterdir()
            if "partial" in p.name] == []
