"""`import --on-conflict replace` never replaces an assessment signed off here (final or
archived): it is skipped with one line saying why, and `copy` still imports it as a copy.
Replacing a draft keeps its follow-ups' links and its register entries, and `aibri check`
reports the database ok afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from aibri_desktop.domain.judgements import Judgements
from helpers.services import create_reference_assessment, database_argument, open_services, recorded

Runner = Callable[..., Any]


def prepare(folder: Path, *, final: bool) -> tuple[Path, str, str]:
    """A judged assessment (signed off by reviewer.r when ``final``) with an issued brief and
    a follow-up; the assessment exported alone. The file, and the two ids."""
    services = open_services(folder)
    try:
        original = create_reference_assessment(services)
        services.assessments.set_judgements(assessment_id=original,
                                            judgements=Judgements(key=("Judged.",)))
        if final:
            services.assessments.mark_final(assessment_ids=[original], who="reviewer.r")
        services.briefs.write(original, folder / "issued.pdf", who="ana")
        follow_up = services.assessments.duplicate_as_follow_up(
            assessment_id=original, who="tester").assessment_id
        path = folder / "original.aibri"
        services.exchange.export([original], path)
    finally:
        services.close()
    return path, original, follow_up


def check_kept_links(database: Path, original: str, follow_up: str, aibri: Runner) -> None:
    services = open_services(database.parent, database.name)
    try:
        assert services.assessments.load(follow_up).predecessor_id == original
        assert [e["assessment_id"] for e in services.briefs.register()] == [original]
        assert services.assessments.load(original).judgements == Judgements(key=("Judged.",))
        assert services.safety.check().ok, services.safety.check().changed_rows
    finally:
        services.close()
    result = aibri("--db", database_argument(database.parent, database.name), "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_replace_skips_a_final_assessment_with_one_line(aibri: Runner, tmp_path: Path) -> None:
    path, original, follow_up = prepare(tmp_path, final=True)
    database = tmp_path / "aibri.sqlite3"
    services = open_services(database.parent, database.name)
    try:
        day = services.assessments.load(original).finalised_at
        assert day is not None
    finally:
        services.close()
    result = aibri("--db", database_argument(database.parent, database.name), "import",
                   str(path), "--on-conflict", "replace")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Imported 0 assessment(s)"), lines
    assert lines[1:] == [f"skipped: Reference fixture is final (signed off by "
                         f"{recorded('reviewer.r')} on {day.date().isoformat()}); use "
                         "--on-conflict copy to import it as a copy."], lines
    services = open_services(database.parent, database.name)
    try:
        record = services.assessments.load(original)
        assert (record.status, record.reviewed_by, record.finalised_at) == (
            "final", recorded("reviewer.r"), day)
    finally:
        services.close()
    check_kept_links(database, original, follow_up, aibri)


def test_replace_skips_an_archived_assessment_too(aibri: Runner, tmp_path: Path) -> None:
    path, original, follow_up = prepare(tmp_path, final=True)
    database = tmp_path / "aibri.sqlite3"
    services = open_services(database.parent, database.name)
    try:
        services.assessments.archive(assessment_ids=[original])
    finally:
        services.close()
    result = aibri("--db", database_argument(database.parent, database.name), "import",
                   str(path), "--on-conflict", "replace")
    assert result.returncode == 0, result.stderr
    assert (f"skipped: Reference fixture is archived (signed off by {recorded('reviewer.r')}"
            in result.stdout)
    check_kept_links(database, original, follow_up, aibri)


def test_copy_still_imports_a_final_assessment_as_a_copy(aibri: Runner, tmp_path: Path) -> None:
    path, original, follow_up = prepare(tmp_path, final=True)
    database = tmp_path / "aibri.sqlite3"
    result = aibri("--db", database_argument(database.parent, database.name), "import",
                   str(path), "--on-conflict", "copy")
    assert result.returncode == 0, result.stderr
    assert "Imported 1 assessment(s)" in result.stdout and "skipped" not in result.stdout
    services = open_services(database.parent, database.name)
    try:
        copies = [s for s in services.assessments.list_summaries()
                  if s.title == "Reference fixture (imported copy)"]
        assert len(copies) == 1
        copy = services.assessments.load(copies[0].id)
        assert (copy.status, copy.reviewed_by) == ("final", recorded("reviewer.r"))
    finally:
        services.close()
    check_kept_links(database, original, follow_up, aibri)


def test_replacing_a_draft_keeps_links_and_register(aibri: Runner, tmp_path: Path) -> None:
    path, original, follow_up = prepare(tmp_path, final=False)
    database = tmp_path / "aibri.sqlite3"
    result = aibri("--db", database_argument(database.parent, database.name), "import",
                   str(path), "--on-conflict", "replace")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Imported 1 assessment(s) from original.aibri."
    check_kept_links(database, original, follow_up, aibri)


def test_the_plans_of_several_policies_read_the_file_once(tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    """The window plans "skip" and "replace" in one pass behind it: the same plans as one
    `plan` call each, from one reading of the untrusted file."""
    path, _original, _follow_up = prepare(tmp_path, final=True)
    services = open_services(tmp_path)
    try:
        expected = {policy: services.exchange.plan(path, policy)
                    for policy in ("skip", "replace", "copy")}
        real, reads = services.exchange.read, []

        def read(file: Path) -> Any:
            reads.append(file)
            return real(file)

        monkeypatch.setattr(services.exchange, "read", read)
        assert services.exchange.plans(path, ("skip", "replace", "copy")) == expected
        assert reads == [path]
        assert expected["skip"].skipped == 1 and len(expected["replace"].kept) == 1
    finally:
        services.close()
