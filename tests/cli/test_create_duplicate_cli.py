"""``aibri create`` and ``aibri duplicate`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.services import database_argument


def test_create_then_duplicate_onto_version_2(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "lib.sqlite3")
    made = aibri("--db", db, "create", "KEN", "--framework", "aibri@2.0.0", "--supplier",
                 "usa", "--perspective", "outside", "--as-of", "2026-06-30", "--json")
    assert made.returncode == 0, made.stderr
    new_id = json.loads(made.stdout)["id"]
    shown = json.loads(aibri("--db", db, "show", new_id[:8], "--json").stdout)
    assert shown["title"] == "Kenya exposure assessment 2026"
    assert shown["supplier"]["id"] == "US" and shown["perspective"] == "outside"
    assert shown["exposure_to"] == "exposure to the United States"
    text = aibri("--db", db, "show", new_id[:8]).stdout
    assert "aibri 2.0.0 · exposure to the United States · outside-in view" in text
    assert "{supplier" not in text

    old = aibri("--db", db, "create", "KE", "--framework", "aibri@1.1.0", "--title",
                "Kenya 2025", "--as-of", "2025-06-01").stdout.splitlines()
    assert old[0] == "Created “Kenya 2025” (Kenya)."
    old_id = old[1]
    for indicator, level in (("DS-04", "2"), ("DS-01", "1")):
        assert aibri("--db", db, "answer", old_id, indicator, "--level", level).returncode == 0
    follow = aibri("--db", db, "duplicate", old_id[:8], "--framework", "aibri@2.0.0",
                   "--as-of", "2026-11-30")
    assert follow.returncode == 0, follow.stderr
    assert follow.stdout.splitlines()[0] == (
        "Created follow-up “Kenya 2025 (follow-up)” on aibri 2.0.0 with 1 carried-over answers "
        "to review.")
    answers = json.loads(aibri("--db", db, "show", follow.stdout.splitlines()[1],
                               "--json").stdout)["answers"]
    given = {a["indicator"]: (a["level"], a["carried_over"]) for a in answers
             if a["state"] != "unanswered"}
    assert given == {"DS-04": (2, True)}  # DS-01 was split in 2.0: it starts unanswered


def test_bad_input_is_one_line_and_changes_nothing(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "lib.sqlite3")
    for args, message in (
            (("create", "XX"), "'XX' is not an ISO 3166 country code"),
            (("create", "KE", "--supplier", "ZZ"), "ZZ"),
            (("create", "KE", "--framework", "aibri@9.9.9"), "No framework aibri@9.9.9"),
            (("create", "KE", "--supplier", "US", "--framework", "aibri@1.1.0"),
             "written for the PRC only"),
            (("duplicate", "abcd"), "No assessment has an id starting with 'abcd'")):
        result = aibri("--db", db, *args)
        assert result.returncode != 0, args
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, \
            result.stderr
        assert "Traceback" not in result.stderr
    assert json.loads(aibri("--db", db, "list", "--json").stdout) == []
