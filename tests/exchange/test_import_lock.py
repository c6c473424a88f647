"""An import scores its assessments before it takes the database's write lock: another writer
is not held up by that part (the slow one: robustness of every signed-off assessment)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers.services import open_services

# SQLite's one writer at a time: the file's own behaviour (the server pass of make test
# leaves it out; the server's writers: tests/team/test_concurrent_writers.py).
pytestmark = pytest.mark.sqlite_file


def test_scoring_happens_before_the_write_lock(tmp_path: Path) -> None:
    source = open_services(tmp_path / "src")
    source.demo.generate(count=12, seed=6)
    ids = [r.id for r in source.assessments.list_summaries()]
    source.exchange.export(ids, tmp_path / "twelve.aibri")
    source.close()
    services = open_services(tmp_path)
    path = services.database.path
    assert path is not None
    seen: list[tuple[int, int, bool, int]] = []

    def progress(done: int, total: int) -> None:
        other = sqlite3.connect(path, timeout=0)  # a second writer that does not wait
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            free = True
        except sqlite3.OperationalError:  # "database is locked"
            free = False
        rows = other.execute("SELECT count(*) FROM assessments").fetchone()[0]
        other.close()
        seen.append((done, total, free, rows))

    services.exchange.import_file(tmp_path / "twelve.aibri", progress=progress)
    assert len(services.assessments.list_summaries()) == 12
    services.close()
    assert {total for _d, total, _f, _r in seen} == {24} and seen[-1][0] == 24
    scoring = [(free, rows) for done, _t, free, rows in seen if done <= 12]
    writing = [free for done, _t, free, _r in seen if done > 12]
    assert scoring == [(True, 0)] * 12, "while scoring: nothing written, nobody locked out"
    assert writing and not any(writing), "rows are written in one transaction (Cancel " \
        "imports nothing)"
