"""What the command line prints of user text cannot drive the terminal: an imported title with
``ESC [2J`` (clear the screen), a one-character CSI (U+009B) or an OSC that retitles the window
shows as visible escapes, and JSON output stays valid JSON that reads back to the same text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers.services import database_argument, open_services

TITLE = "Evil\x1b[2J\x9b31m title\x7f"
MARKING = "SECRET\x1b]0;pwned\x07"
RAW = ("\x1b", "\x9b", "\x07", "\x7f")  # ESC, CSI, BEL, DEL


def run(folder: Path, db: str, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """``aibri`` with bytes out (to see exactly what reaches the terminal)."""
    env = {**os.environ, "AIBRI_DATA_DIR": str(folder / "data"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env.pop("AIBRI_DB", None)
    return subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", db, *args],
                          capture_output=True, env=env, timeout=120, check=False)


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[str, list[str]]:
    services = open_services(tmp_path)
    ids = [services.assessments.create(country_code=code, title=TITLE, marking=MARKING,
                                       as_of=date(2026, 1, 1)).assessment_id
           for code in ("FR", "KE")]
    services.close()
    return database_argument(tmp_path), ids


def _no_raw_controls(output: bytes) -> None:
    text = output.decode("utf-8")  # U+009B is two bytes in UTF-8, a one-character CSI
    for raw in RAW:
        assert raw not in text, f"raw {raw!r} reaches the terminal"


def test_list_shows_escapes_not_raw_controls(hostile_db: tuple[str, list[str]],
                                             tmp_path: Path) -> None:
    db, _ids = hostile_db
    result = run(tmp_path, db, "list")
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    assert all(line.endswith(r"Evil\x1b[2J\x9b31m title\x7f") for line in lines)


def test_show_shows_escapes_not_raw_controls(hostile_db: tuple[str, list[str]],
                                             tmp_path: Path) -> None:
    db, ids = hostile_db
    result = run(tmp_path, db, "show", ids[0])
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    text = result.stdout.decode("utf-8")
    assert text.splitlines()[0] == r"Evil\x1b[2J\x9b31m title\x7f"
    assert r"Marking: SECRET\x1b]0;pwned\x07" in text


@pytest.mark.parametrize("command", [("list", "--json"), ("show", "{id}", "--json")])
def test_json_output_escapes_and_reads_back(hostile_db: tuple[str, list[str]],
                                            tmp_path: Path, command: tuple[str, ...]) -> None:
    db, ids = hostile_db
    result = run(tmp_path, db, *(part.format(id=ids[0]) for part in command))
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    data = json.loads(result.stdout)
    first = data[0] if isinstance(data, list) else data
    assert first["title"] == TITLE


def test_compare_csv_shows_escapes(hostile_db: tuple[str, list[str]], tmp_path: Path) -> None:
    db, ids = hostile_db
    result = run(tmp_path, db, "compare", *ids, "--csv")
    assert result.returncode == 0, result.stderr
    _no_raw_controls(result.stdout)
    assert r"Classification: SECRET\x1b]0;pwned\x07" in result.stdout.decode("utf-8-sig")


def test_an_imported_title_in_an_import_line_or_an_error_is_escaped(aibri: Any,
                                                                    tmp_path: Path) -> None:
    """The import's summary (a skipped signed-off assessment is named) and a refusal that
    quotes a title go through the same escaping as `list`."""
    source = open_services(tmp_path / "src")
    made = source.assessments.create(country_code="KE", title="Evil \x1b[2J title",
                                     as_of=date(2026, 1, 1))
    source.assessments.mark_final(assessment_ids=[made.assessment_id])
    source.exchange.export([made.assessment_id], tmp_path / "x.aibri")
    source.close()
    database = database_argument(tmp_path, "t.sqlite3")
    assert aibri("--db", database, "import", str(tmp_path / "x.aibri")).returncode == 0
    again = aibri("--db", database, "import", str(tmp_path / "x.aibri"), "--on-conflict",
                  "replace")
    assert "\x1b" not in again.stdout + again.stderr and "\\x1b" in again.stdout
    refused = aibri("--db", database, "answer", made.assessment_id, "DS-01", "--level", "2")
    assert refused.returncode != 0
    assert "\x1b" not in refused.stderr and "\\x1b[2J" in refused.stderr
