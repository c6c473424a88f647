"""Two command-line writers on one assessment at once: none of their writes fails. Each
writer is a process running `aibri answer` 200 times through the command line's own entry
(open, answer, close per call, as a shell loop would, without paying a process start per call);
before write units began IMMEDIATE, a writer that had read lost its write at once to
"database is locked" whenever the other committed in between."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers.services import create_reference_assessment, open_services

WRITES = 200

WORKER = """
import contextlib, io, json, sys
from aibri_desktop.cli import run
database, assessment, indicator, count = sys.argv[1:5]
failures = []
for n in range(int(count)):
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        code = run(["--db", database, "answer", assessment, indicator, "--level", str(n % 5),
                    "--evidence", f"{indicator} write {n}"])
    if code != 0:
        failures.append((code, errors.getvalue().strip()))
print(json.dumps(failures))
"""


def test_two_command_line_writers_lose_no_write(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    services.close()
    assert path is not None
    writers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), assessment_id,
                                 indicator, str(WRITES)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for indicator in ("DS-01", "DS-02")]
    failures = []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        failures += json.loads(out)
    assert failures == [], f"{len(failures)} of {2 * WRITES} writes failed: {failures[:3]}"
    reopened = open_services(tmp_path)
    record = reopened.assessments.load(assessment_id)
    for indicator in ("DS-01", "DS-02"):
        assert record.answers[indicator].evidence == f"{indicator} write {WRITES - 1}"
    assert reopened.safety.check().ok
    reopened.close()
    con = sqlite3.connect(path)
    for indicator in ("DS-01", "DS-02"):  # every write is in the history, once
        assert con.execute("SELECT count(*) FROM answer_history WHERE assessment_id = ? AND "
                           "indicator_id = ? AND new_value LIKE ?", (
                               assessment_id, indicator, f"%{indicator} write %")
                           ).fetchone()[0] == WRITES
    con.close()
