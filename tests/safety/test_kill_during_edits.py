"""SIGKILL at random moments during more than 1,000 answer edits, through the real code paths
(the window driven by its keyboard in a subprocess, and `aibri answer` processes): no edit that
was shown as saved is lost, and the database is sound after every kill."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from aibri_desktop.services import Services

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "gui_driver.py"
TOTAL_EDITS = 1000


def _history(path: Path, assessment_id: str) -> list[tuple[str, int | None]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT indicator_id, new_value FROM answer_history "
                           "WHERE assessment_id = ? ORDER BY id", (assessment_id,)).fetchall()
    finally:
        con.close()
    return [(indicator, json.loads(new).get("level")) for indicator, new in rows]


def _sound(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def _is_subsequence(needles: list[tuple[str, int]], haystack: list[tuple[str, int | None]]
                    ) -> bool:
    it = iter(haystack)
    return all(any(item == needle for item in it) for needle in needles)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_no_saved_edit_is_lost_when_killed(tmp_path: Path) -> None:
    database = tmp_path / "kill.sqlite3"
    services = Services.open(database)
    assessment_id = services.assessments.create(country_code="KE", title="Kill test",
                                                as_of=date(2026, 1, 1)).assessment_id
    services.close()
    rng = random.Random(20261128)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    total, runs = 0, 0
    while total < TOTAL_EDITS:
        before = _history(database, assessment_id)
        process = subprocess.Popen([sys.executable, str(DRIVER), str(database), assessment_id],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True, env=env)
        assert process.stdout is not None
        wanted = rng.randint(50, 250)
        reported: list[tuple[str, int]] = []
        try:
            while len(reported) < wanted:
                line = process.stdout.readline()
                assert line, "the driver stopped before it was killed"
                _, indicator, level = line.split()
                reported.append((indicator, int(level)))
        finally:
            # Killed right after the last "Saved" it reported, and never left running when
            # the test itself fails or is interrupted.
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        runs += 1
        total += len(reported)
        _sound(database)
        after = _history(database, assessment_id)
        assert after[: len(before)] == before, "history is append-only"
        assert _is_subsequence(reported, after[len(before):]), (
            f"run {runs}: an edit shown as saved is missing")
    # `aibri answer` processes killed at random moments never leave the database damaged.
    for n in range(12):
        process = subprocess.Popen(
            [sys.executable, "-m", "aibri_desktop", "--db", str(database), "answer",
             assessment_id[:8], f"DS-0{1 + n % 9}", "--level", str(n % 5)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.05, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        _sound(database)
    final = Services.open(database)
    assert final.safety.check().ok
    final.close()
    assert total >= TOTAL_EDITS
    print(f"{total} edits over {runs} killed runs; 0 lost")
