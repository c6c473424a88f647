"""``aibri edit``: an assessment's details changed from the command line, through the same
service as Assessment → Details…; what a module change does to the scores is printed."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.services import (
    create_reference_assessment,
    database_argument,
    on_server,
    open_services,
)


def test_edit_details_from_the_command_line(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.close()
    db = database_argument(tmp_path)
    edited = aibri("--db", db, "edit", assessment_id[:8], "--title", "Reference 2027",
                   "--as-of", "2027-01-15", "--marking", "", "--assessor", "A. Analyst",
                   "--perspective", "inside")
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.strip() == (
        "Details of “Reference 2027” saved: Title: Reference fixture → Reference 2027; "
        "As of: 2026-11-01 → 2027-01-15; Marking: REFERENCE → (empty); Assessor: (empty) → "
        "A. Analyst; Perspective: not recorded → inside view.")
    shown = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    assert (shown["title"], shown["as_of"], shown["marking"], shown["assessor"],
            shown["perspective"]) == ("Reference 2027", "2027-01-15", "", "A. Analyst",
                                      "inside")
    assert [h["field"] for h in shown["details_history"]] == [
        "title", "as_of", "marking", "assessor", "perspective"]
    overall = shown["overall"]["score"]

    off = aibri("--db", db, "edit", assessment_id[:8], "--modules", "")
    assert off.returncode == 0, off.stderr
    lines = off.stdout.strip().splitlines()
    assert lines[0] == "Details of “Reference 2027” saved: Modules: MC → none."
    assert lines[1].startswith(f"Overall exposure {overall:.1f}") and "Set aside while off" \
        in lines[1] and "items answered" in lines[1]
    shown = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    assert shown["modules"] == [] and shown["set_aside"]["MC"] > 0
    assert "Set aside (a module turned off; kept, not counted): MC" in aibri(
        "--db", db, "show", assessment_id[:8]).stdout
    back = aibri("--db", db, "edit", assessment_id[:8], "--modules", "mc", "--json")
    assert back.returncode == 0, back.stderr
    data = json.loads(back.stdout)
    assert data["modules"] == ["MC"] and data["set_aside"] == {} and data["changed"] == [
        "modules"]
    assert json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)[
        "overall"]["score"] == overall  # restored


def test_edit_refusals_are_one_line_and_change_nothing(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.close()
    db = database_argument(tmp_path)
    before = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    for args, fragment in (
            ((), "Nothing to change"),
            (("--title", "  "), "An assessment needs a title."),
            (("--modules", "ZZ"), "ZZ is not an optional module"),
            (("--as-of", "1 Feb"), "is not a date of the form YYYY-MM-DD"),
            (("--perspective", "up"), "invalid choice")):
        result = aibri("--db", db, "edit", assessment_id[:8], *args)
        assert result.returncode != 0 and fragment in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    # on a server the connected reviewer signs: no --reviewer there
    reviewer = () if on_server() else ("--reviewer", "R")
    final = aibri("--db", db, "finalize", assessment_id[:8], *reviewer)
    assert final.returncode == 0, final.stderr
    locked = aibri("--db", db, "edit", assessment_id[:8], "--title", "New")
    assert locked.returncode != 0 and len(locked.stderr.strip().splitlines()) == 1
    assert "is final: nothing of it can change" in locked.stderr
    after = json.loads(aibri("--db", db, "show", assessment_id[:8], "--json").stdout)
    assert (after["title"], after["details_history"]) == (before["title"], [])
