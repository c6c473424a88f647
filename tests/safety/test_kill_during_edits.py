"""SIGKILL at random moments during more than 1,000 answer edits, through the real code paths
(the window driven by its keyboard in a subprocess, and `aibri answer` processes): no edit that
was shown as saved is lost, an edit is stored whole or not at all, and the database is sound
after every kill.

Nothing here waits for a guessed time. Each kill follows what the child has reported over a
pipe: the window's driver prints every "Saved" the page shows, and `aibri answer` runs under
helpers/sql_marks.py, which prints a line as each SQL statement starts. The random moment is
the random count of those reports. Every wait is bounded and fails with a message, so a loaded
machine makes the test slower, never flaky.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from helpers.pipes import Lines

HELPERS = Path(__file__).resolve().parents[1] / "helpers"
DRIVER = HELPERS / "gui_driver.py"
SQL_MARKS = HELPERS / "sql_marks.py"
TOTAL_EDITS = 1000
CLI_KILLS = 12
START_S = 180  # a child's first line: Python, Qt and the database starting on a busy machine
NEXT_S = 60  # every line after the first
END_S = 60  # a killed child to be reaped


def _history(path: Path, assessment_id: str) -> list[tuple[str, int | None]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT indicator_id, new_value FROM answer_history "
                           "WHERE assessment_id = ? ORDER BY id", (assessment_id,)).fetchall()
    finally:
        con.close()
    return [(indicator, json.loads(new).get("level")) for indicator, new in rows]


def _answer(path: Path, assessment_id: str, indicator: str) -> tuple[int | None, int, int]:
    """What one edit of ``indicator`` changes, all in one transaction: its stored level (None
    if unanswered), its number of history rows, and the assessment's revision."""
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT level FROM answers WHERE assessment_id = ? AND "
                          "indicator_id = ?", (assessment_id, indicator)).fetchone()
        (history,) = con.execute("SELECT count(*) FROM answer_history WHERE assessment_id = ? "
                                 "AND indicator_id = ?", (assessment_id, indicator)).fetchone()
        (revision,) = con.execute("SELECT revision FROM assessments WHERE id = ?",
                                  (assessment_id,)).fetchone()
    finally:
        con.close()
    return (row[0] if row else None), history, revision


def _sound(path: Path, when: str) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", when
        assert con.execute("PRAGMA foreign_key_check").fetchall() == [], when
    finally:
        con.close()


def _is_subsequence(needles: list[tuple[str, int]], haystack: list[tuple[str, int | None]]
                    ) -> bool:
    it = iter(haystack)
    return all(any(item == needle for item in it) for needle in needles)


def _kill(process: subprocess.Popen[bytes], lines: Lines) -> None:
    """SIGKILL (TerminateProcess on Windows), and wait for the end of the child and its output."""
    process.kill()
    try:
        process.wait(timeout=END_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the killed child {process.pid} was still running after {END_S} s")
    lines.close()


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""


def _strata(count: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` ranges covering 1..count in order (one kill point is drawn from each)."""
    return [(1 + i * count // parts, max(1 + i * count // parts, (i + 1) * count // parts))
            for i in range(parts)]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_no_saved_edit_is_lost_when_killed(tmp_path: Path) -> None:
    database = tmp_path / "kill.sqlite3"
    services = Services.open(database)
    assessment_id = services.assessments.create(country_code="KE", title="Kill test",
                                                as_of=date(2026, 1, 1)).assessment_id
    services.close()
    rng = random.Random(20261128)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}

    # The window, killed right after the N-th "Saved" it showed (N random, 50-250 a run).
    total, runs = 0, 0
    while total < TOTAL_EDITS:
        before = _history(database, assessment_id)
        wanted = rng.randint(50, 250)
        reported: list[tuple[str, int]] = []
        log = tmp_path / f"driver-{runs + 1}.log"
        with log.open("wb") as errors, subprocess.Popen(
                [sys.executable, str(DRIVER), str(database), assessment_id],
                stdout=subprocess.PIPE, stderr=errors, env=env) as process:
            assert process.stdout is not None
            lines = Lines(process.stdout)
            try:
                while len(reported) < wanted:
                    line = lines.next(START_S if not reported else NEXT_S,
                                      f"'Saved' from the window (run {runs + 1}, after "
                                      f"{len(reported)} of {wanted})")
                    assert line is not None, (
                        f"run {runs + 1}: the driver ended before it was killed:\n{_tail(log)}")
                    _, shown_indicator, shown_level = line.split()
                    reported.append((shown_indicator, int(shown_level)))
            finally:
                # Never left running when the test itself fails or is interrupted.
                _kill(process, lines)
        runs += 1
        total += len(reported)
        _sound(database, f"after killed window run {runs}")
        after = _history(database, assessment_id)
        assert after[: len(before)] == before, "history is append-only"
        assert _is_subsequence(reported, after[len(before):]), (
            f"run {runs}: an edit shown as saved is missing")

    # `aibri answer`, killed at the k-th of its reports: each SQL statement, where it waits
    # until told to run it (so the kill comes exactly before that statement), then its
    # "… Saved." once the answer is stored. A whole run first: how many reports an answer
    # makes, and that it is stored when nothing kills it.
    command = [sys.executable, str(SQL_MARKS), "--db", str(database), "answer",
               assessment_id[:8]]
    cli_env = {**env, "PYTHONUNBUFFERED": "1"}  # "Saved." reaches the pipe when printed
    old_level, old_history, old_revision = _answer(database, assessment_id, "DS-10")
    level = 0 if old_level is None else (old_level + 1) % 5
    whole = subprocess.run([*command, "DS-10", "--level", str(level)], capture_output=True,
                           text=True, timeout=START_S, env=cli_env, check=False)
    assert whole.returncode == 0, whole.stderr
    output = whole.stdout.splitlines()
    assert output[-1].endswith(" Saved."), output[-1]
    reports = output.count("SQL") + 1
    assert reports > 5, output
    assert _answer(database, assessment_id, "DS-10") == (level, old_history + 1,
                                                          old_revision + 1)
    outcomes = {"stored whole": 0, "not stored": 0}
    # Spread over the statements, and once right after "Saved." (before the process ends).
    points = [rng.randint(low, high) for low, high in _strata(reports - 1, CLI_KILLS - 1)]
    for n, point in enumerate([*points, reports]):
        indicator = f"DS-0{1 + n % 9}"
        old = _answer(database, assessment_id, indicator)
        level = 0 if old[0] is None else (old[0] + 1) % 5  # always a change
        seen, said_saved = 0, False
        with subprocess.Popen([*command, indicator, "--level", str(level)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              env={**cli_env, "SQL_MARKS_STEP": "1"}) as process:
            assert process.stdin is not None and process.stdout is not None
            lines = Lines(process.stdout)
            try:
                while seen < point:
                    line = lines.next(START_S if seen == 0 else NEXT_S,
                                      f"report {seen + 1} of {reports} from `aibri answer`")
                    assert line is not None, f"`aibri answer` ended after {seen} reports"
                    said_saved = said_saved or line.endswith(" Saved.")
                    if line == "SQL" or said_saved:
                        seen += 1
                    if line == "SQL" and seen < point:
                        process.stdin.write(b"\n")  # run this statement; wait at the next
                        process.stdin.flush()
            finally:
                _kill(process, lines)  # killed before statement `point` runs (or after Saved)
        when = f"`aibri answer {indicator}` killed after report {seen} of {reports}"
        _sound(database, when)
        new = _answer(database, assessment_id, indicator)
        whole_edit = (level, old[1] + 1, old[2] + 1)
        if said_saved:
            assert new == whole_edit, f"{when}: it said Saved, yet {old} -> {new}"
        assert new in (old, whole_edit), f"{when}: half an edit stored: {old} -> {new}"
        outcomes["stored whole" if new == whole_edit else "not stored"] += 1
    assert outcomes["stored whole"] >= 1 and outcomes["not stored"] >= 1, outcomes

    final = Services.open(database)
    assert final.safety.check().ok
    final.close()
    assert total >= TOTAL_EDITS
    print(f"{total} edits over {runs} killed window runs, 0 lost; {CLI_KILLS} `aibri answer` "
          f"runs killed across its {reports} reports: {outcomes}")
