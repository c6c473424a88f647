"""``aibri answer --if-revision N``: a script's change is saved only on the revision it read;
a change made by someone else since is never overwritten, and the refusal says who changed
what."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.services import create_reference_assessment, database_argument, open_services


def test_if_revision_refuses_a_change_made_on_an_old_revision(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.close()
    db = database_argument(tmp_path)
    read = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    revision = read["revision"]
    first = aibri("--db", db, "answer", assessment_id[:8], "DS-02", "--level", "4",
                  "--if-revision", str(revision))
    assert first.returncode == 0, first.stderr
    stale = aibri("--db", db, "answer", assessment_id[:8], "DS-03", "--level", "1",
                  "--if-revision", str(revision))
    assert stale.returncode != 0
    message = stale.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"is at revision {revision + 1}, not {revision}" in message
    assert "the newest change: DS-02 by" in message
    after = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    assert after["revision"] == revision + 1
    ds03 = next(a for a in after["answers"] if a["indicator"] == "DS-03")
    assert ds03 == next(a for a in read["answers"] if a["indicator"] == "DS-03")  # unchanged
    bad = aibri("--db", db, "answer", assessment_id[:8], "DS-03", "--level", "1",
                "--if-revision", "zero")
    assert bad.returncode != 0 and "is not a revision" in bad.stderr
