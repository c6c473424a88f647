"""``aibri list`` reads a current SQLite library without the services (as the window does at
start): the same rows, in the same order, with the same fields as the ordinary open gives;
a file that needs the ordinary open (older, new, foreign) still gets it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.services import Services


def _expected(services: Services, deleted: bool) -> list[tuple[str, str, Any, Any]]:
    return [(r.id, r.title, r.overall_score, r.verdict.to_json() if r.verdict else None)
            for r in services.assessments.list_summaries(deleted=deleted)]


@pytest.mark.sqlite_file  # the quick read is of the file itself
def test_the_quick_list_is_the_ordinary_one(aibri: Any, tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    services = Services.open(db)
    try:
        services.demo.generate(count=6, seed=4)
        gone = services.assessments.create(country_code="FR", title="Gone",
                                           as_of=date(2026, 1, 1)).assessment_id
        services.assessments.delete(assessment_ids=[gone])
        live, deleted = _expected(services, False), _expected(services, True)
    finally:
        services.close()
    for flag, expected in (([], live), (["--deleted"], deleted)):
        result = aibri("--db", str(db), "list", "--json", *flag)
        assert result.returncode == 0, result.stderr
        rows = json.loads(result.stdout)
        assert [(r["id"], r["title"], r["overall_score"], r["verdict"]) for r in rows] == expected
        assert all(len(line) < 2000 for line in result.stdout.splitlines())  # one row a line
    text = aibri("--db", str(db), "list")
    assert text.returncode == 0 and len(text.stdout.splitlines()) == 6


@pytest.mark.sqlite_file
def test_a_file_that_is_not_a_current_library_goes_through_the_ordinary_open(
        aibri: Any, tmp_path: Path) -> None:
    new = tmp_path / "new.sqlite3"
    result = aibri("--db", str(new), "list", "--json")
    assert (result.returncode, result.stdout.strip()) == (0, "[]")
    assert new.exists()  # made by the ordinary open, with its schema
    foreign = tmp_path / "foreign.sqlite3"
    foreign.write_bytes(b"not a database at all" * 100)
    result = aibri("--db", str(foreign), "list", "--json")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
