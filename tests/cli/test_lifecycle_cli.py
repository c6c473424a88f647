"""An assessment's life from the command line: finalize with the reviewer, archive, delete
and undelete, and an answer's as-of date — through the same service and rules as the window."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.services import (
    create_reference_assessment,
    database_argument,
    on_server,
    open_services,
    recorded,
)


def test_finalize_archive_delete_and_undelete(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    first = create_reference_assessment(services)
    second = create_reference_assessment(services)
    services.close()
    db = database_argument(tmp_path)
    answered = aibri("--db", db, "answer", first[:8], "TD-02", "--level", "1",
                     "--as-of", "2026-10-15", "--evidence", "Tender register, October.")
    assert answered.returncode == 0, answered.stderr
    shown = json.loads(aibri("--db", db, "show", first[:8], "--json").stdout)
    td02 = next(a for a in shown["answers"] if a["indicator"] == "TD-02")
    assert td02["as_of"] == "2026-10-15"
    bad = aibri("--db", db, "answer", first[:8], "TD-02", "--level", "1", "--as-of", "15/10")
    assert bad.returncode != 0 and "is not a date of the form YYYY-MM-DD" in bad.stderr

    # on a laptop's file the reviewer is named; on a server the connected login signs, and
    # a name that is not it is refused
    if on_server():
        other = aibri("--db", db, "finalize", first[:8], "--reviewer", "R. Reviewer")
        assert other.returncode != 0 and len(other.stderr.strip().splitlines()) == 1
        assert "leave out --reviewer" in other.stderr, other.stderr
        reviewer: tuple[str, ...] = ()
    else:
        missing = aibri("--db", db, "finalize", first[:8])
        assert missing.returncode != 0 and "--reviewer" in missing.stderr
        reviewer = ("--reviewer", "R. Reviewer")
    final = aibri("--db", db, "finalize", first[:8], *reviewer)
    assert final.returncode == 0, final.stderr
    shown = json.loads(aibri("--db", db, "show", first[:8], "--json").stdout)
    signed = recorded("R. Reviewer")
    assert shown["status"] == "final" and shown["reviewed_by"] == signed
    locked = aibri("--db", db, "answer", first[:8], "TD-02", "--level", "2")
    assert locked.returncode != 0 and len(locked.stderr.strip().splitlines()) == 1
    again = aibri("--db", db, "finalize", first[:8],
                  *(() if on_server() else ("--reviewer", "Someone Else")))
    assert again.returncode == 0 and again.stdout.strip() == (
        "0 assessment(s) marked final. 1 already final: unchanged, their sign-off as recorded.")
    assert json.loads(aibri("--db", db, "show", first[:8], "--json").stdout)["reviewed_by"] \
        == signed  # a sign-off is never rewritten

    assert aibri("--db", db, "archive", first[:8]).returncode == 0
    assert json.loads(aibri("--db", db, "show", first[:8], "--json").stdout)["status"] == \
        "archived"

    deleted = aibri("--db", db, "delete", second[:8])
    assert deleted.returncode == 0, deleted.stderr
    listed = [a["id"] for a in json.loads(aibri("--db", db, "list", "--json").stdout)]
    assert second not in listed and first in listed
    in_bin = json.loads(aibri("--db", db, "list", "--deleted", "--json").stdout)
    assert [a["id"] for a in in_bin] == [second]
    assert aibri("--db", db, "undelete", second[:8]).returncode == 0
    assert second in [a["id"] for a in json.loads(aibri("--db", db, "list", "--json").stdout)]
    wrong = aibri("--db", db, "delete", "ffffffff")
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1
