"""Command-line text that is not UTF-8 reaches Python as lone surrogates (surrogateescape),
which no database or file can encode: it is refused in one line naming the option, exit code 2
as for any other bad argument, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers.services import database_argument, open_services

NOT_UTF8 = b"pasted \xff\xfe text"


def run(folder: Path, db: str, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIBRI_DATA_DIR": str(folder / "data"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("AIBRI_DB", None)
    command: list[str | bytes] = [sys.executable, "-m", "aibri_desktop", "--db", db, *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                          check=False)


@pytest.fixture
def library(tmp_path: Path) -> tuple[str, str, str]:
    services = open_services(tmp_path)
    assessment_id = services.assessments.create(country_code="FR", title="Plain",
                                                as_of=date(2026, 1, 1)).assessment_id
    record = services.assessments.load(assessment_id)
    indicator = record.framework.enabled_dimensions(record.modules)[0].indicators[0].id
    services.close()
    return database_argument(tmp_path), assessment_id, indicator


@pytest.mark.parametrize("option", [
    ("--level", "2", "--evidence", NOT_UTF8),
    ("--level", "2", "--source", NOT_UTF8),
    ("--na", NOT_UTF8),
], ids=["evidence", "source", "na"])
def test_answer_refuses_text_that_is_not_utf8(library: tuple[str, str, str], tmp_path: Path,
                                              library_state,
                                              option: tuple[str | bytes, ...]) -> None:
    db, assessment_id, indicator = library
    before = library_state(db)
    result = run(tmp_path, db, "answer", assessment_id, indicator, *option)
    name = next(o for o in option if isinstance(o, str) and o.startswith("--") and
                o != "--level")
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert f"argument {name}: holds bytes that are not UTF-8 text" in result.stderr
    assert result.stdout == ""
    assert library_state(db) == before, "nothing written"


@pytest.mark.parametrize("option", ["--marking", "--recipient"])
def test_brief_refuses_text_that_is_not_utf8(library: tuple[str, str, str], tmp_path: Path,
                                             library_state, option: str) -> None:
    db, assessment_id, _indicator = library
    before = library_state(db)
    out = tmp_path / "brief.pdf"
    result = run(tmp_path, db, "brief", assessment_id, "--out", str(out), option, NOT_UTF8)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert f"argument {option}: holds bytes that are not UTF-8 text" in result.stderr
    assert not out.exists()
    assert library_state(db) == before, "nothing written, not even the register"
