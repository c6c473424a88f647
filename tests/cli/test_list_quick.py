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


@pytest.mark.parametrize("argv", [
    ["list"], ["list", "--json"], ["list", "--deleted", "--json"], ["--db", "x.db", "list"],
    ["--db=x.db", "list", "--json", "--deleted"], ["list", "--json", "--json"],
])
def test_the_list_is_recognised_as_the_full_command_line_reads_it(argv: list[str]) -> None:
    from aibri_desktop.cli import build_parser
    from aibri_desktop.cli.list_cmd import quick_arguments

    quick, full = quick_arguments(argv), build_parser().parse_args(argv)
    assert quick is not None
    for name in ("db", "command", "json", "deleted", "handler"):
        assert getattr(quick, name) == getattr(full, name), name


@pytest.mark.parametrize("argv", [
    [], ["show", "x"], ["list", "--bogus"], ["list", "extra"], ["--db"], ["--db", "--json"],
    ["--db=", "list"], ["--smoke-test", "list"], ["list", "--help"], ["list", "--js"],
    ["--db", "a", "--db", "b", "list"], ["lists"], ["--version"],
])
def test_anything_else_goes_to_the_full_command_line(argv: list[str]) -> None:
    from aibri_desktop.cli.list_cmd import quick_arguments

    assert quick_arguments(argv) is None  # (its help, errors and abbreviations apply)


@pytest.mark.parametrize("batch", [1, 2, 3, 500])
def test_the_rows_are_written_one_a_line_whatever_their_text_holds(batch: int) -> None:
    import re

    from aibri_desktop.cli.terminal import write_json_rows

    def written(rows: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        write_json_rows(iter(rows), parts.append, batch=batch)
        return "".join(parts)

    titles = ['}, {"id": "forged"}', 'quote " and \\ backslash', "line\nbreak\ttab",
              "DEL \x7f C1 \x85 \x9b[2J", "lone \ud800 surrogate", "Côte d’Ivoire 中文",
              "plain"]
    rows = [{"id": f"id-{n}", "title": t, "verdict": {"settled": True, "bands": ["High"]},
             "score": n / 3} for n, t in enumerate(titles)]
    text = written(rows)
    assert text.endswith("\n]\n")
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(rows) + 2
    # as one json.dumps per row wrote it, with DEL, C1 and surrogates escaped
    raw = re.compile("[\x7f-\x9f\ud800-\udfff]")
    assert lines[1:-1] == [raw.sub(lambda m: f"\\u{ord(m.group()):04x}",
                                   "  " + json.dumps(r, ensure_ascii=False))
                           + ("," if n < len(rows) - 1 else "") for n, r in enumerate(rows)]
    assert not raw.search(text)
    back = json.loads(text.replace("\\ud800", "?"))
    assert [r["title"] for r in back] == [t.replace("\ud800", "?") for t in titles]
    assert written([]) == "[]\n"
    assert json.loads(written(rows[-1:])) == rows[-1:]


def test_a_library_row_read_quickly_equals_one_made_by_its_constructor() -> None:
    import dataclasses
    from datetime import UTC, datetime

    from aibri_desktop.services.summaries import AssessmentSummary, summary_from_row

    row = ("a1", "XA", "Avalon", "Europe", "", "T", "draft", "core", "2.0.0", 61.6,
           "High", 0.9, False, 2, date(2025, 1, 1), datetime(2026, 1, 2, tzinfo=UTC), None,
           55.0, 62.0)
    quick = summary_from_row(row)
    made = AssessmentSummary(*row[:16], deleted=False, overall_low=55.0, overall_high=62.0)
    assert quick == made and hash(quick) == hash(made)
    assert quick.verdict == made.verdict and quick.verdict is not None
    assert not quick.verdict.settled  # 55 is Elevated, 62 High
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("stored", [
    "2026-11-23 20:04:01.417988", "2026-11-23 20:04:01", "2026-01-02 00:00:59.000001",
    "2026-11-23T20:04:01", "2026-11-23 20:04:01.4"])
def test_a_stored_time_is_written_as_the_ordinary_open_writes_it(stored: str) -> None:
    from datetime import UTC, datetime

    from aibri_desktop.cli.list_cmd import _stored_utc

    # as SQLAlchemy reads the stored text (naive UTC made aware), written to the second
    expected = datetime.fromisoformat(stored).replace(tzinfo=UTC).isoformat(timespec="seconds")
    assert _stored_utc(stored) == expected


@pytest.mark.sqlite_file
def test_the_listed_columns_line_up_whatever_the_verdicts_say(aibri: Any,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite3"
    services = Services.open(db)
    try:
        services.demo.generate(count=4, seed=2)
        services.assessments.create(country_code="KE", title="Kenya, nothing answered",
                                    as_of=date(2026, 1, 1))
    finally:
        services.close()
    result = aibri("--db", str(db), "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and any("  –  " in line for line in lines)  # no score
    assert any("(provisional)" in line for line in lines)
    # the score right-aligned in 5, the status after the widest verdict: both in one column
    import re

    status = [re.search(r"  (draft|final|archived) ", line) for line in lines]
    assert all(status) and len({m.start() for m in status if m}) == 1, lines
    scores = [line[14:19] for line in lines]
    assert all(s.strip() == "–" or s.strip().replace(".", "").isdigit() for s in scores), scores


@pytest.mark.sqlite_file
def test_the_quick_list_loads_neither_sqlalchemy_nor_the_scoring(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "lib.sqlite3"
    Services.open(db).close()  # a current library
    code = ("import contextlib, io, sys\n"
            "from aibri_desktop.cli import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    for flag in ([], ['--json']): run(['--db', {str(db)!r}, 'list', *flag])\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'aibri_desktop.domain.scoring',"
            " 'aibri_desktop.domain.framework', 'aibri_desktop.cli.assessment_cmds')"
            " if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={"PATH": "/usr/bin", "AIBRI_DATA_DIR": str(tmp_path),
                                             "AIBRI_CONFIG_DIR": str(tmp_path)})
    assert result.stdout.strip() == "[]", result.stderr
