"""Everything the app stores for an assessment travels in a .aibri file (format version 2):
status with the reviewer and the date of the sign-off, the analyst's judgements, the
predecessor link, the deleted state, the answer history and the register of briefs issued
from it. Version-1 files, which had none of the new fields, still import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from aibri_desktop.cli.presenters import show_json
from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.judgements import Judgements, OptionChoice
from aibri_desktop.exchange.aibri_file import FORMAT_VERSION, ExchangeError, read_exchange
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from aibri_desktop.storage.models import AnswerHistoryRow
from exchange.conftest import Exported
from exchange.test_hostile_files import ASSESSMENTS, MANIFEST, dump, rezip, single_line, unzip
from helpers.services import create_reference_assessment, open_services

VERSION_1 = Path(__file__).parent.parent / "fixtures" / "exchange" / "version-1.aibri"
# written by the app before scoring rules version 2 (format 2): two drafts, one final, and an
# unknown answer (DS-01 of the first draft) that carried a confidence level, as that app allowed
VERSION_2 = Path(__file__).parent.parent / "fixtures" / "exchange" / "version-2.aibri"
JUDGEMENTS = Judgements(
    key=("Hosting is concentrated in one provider.", "Exit has never been tested."),
    comments={"TD": "Compute is the weakest point today."},
    options={"TD-01-a": OptionChoice("reword", "Audit the national compute pool first")})


def build_source(folder: Path) -> dict[str, str]:
    """A final assessment with a reviewer, judgements and an issued brief; its follow-up (a
    draft, judged too); a deleted draft. Their ids by role."""
    services = open_services(folder)
    try:
        final = create_reference_assessment(services)
        services.assessments.set_judgements(assessment_id=final, judgements=JUDGEMENTS)
        services.assessments.mark_final(assessment_ids=[final], who="reviewer.r")
        services.briefs.write(final, folder / "issued.pdf", recipient="Minister's office",
                              who="ana")
        follow_up = services.assessments.duplicate_as_follow_up(
            assessment_id=final, who="tester").assessment_id
        services.assessments.set_judgements(assessment_id=follow_up,
                                            judgements=Judgements(key=("Still open.",)))
        deleted = create_reference_assessment(services)
        services.assessments.delete(assessment_ids=[deleted])
    finally:
        services.close()
    return {"final": final, "follow_up": follow_up, "deleted": deleted}


def everything(services: Services, ids: list[str]) -> dict[str, Any]:
    """What `aibri show --json` shows, plus the fields it leaves out, read through the
    services: status, sign-off, judgements, deleted state, predecessor, answer history, and
    the register."""
    shown: dict[str, Any] = {}
    for assessment_id in ids:
        record = services.assessments.load(assessment_id)
        with services.database.session() as session:
            history = [(h.indicator_id, h.changed_at, h.changed_by, h.old_value, h.new_value)
                       for h in session.scalars(select(AnswerHistoryRow).where(
                           AnswerHistoryRow.assessment_id == assessment_id)
                           .order_by(AnswerHistoryRow.id))]
        shown[assessment_id] = {
            "show": show_json(record), "status": record.status,
            "reviewed_by": record.reviewed_by, "finalised_at": record.finalised_at,
            "judgements": record.judgements, "deleted": record.deleted,
            "predecessor_id": record.predecessor_id, "history": history,
            "stored_robustness": record.stored_robustness}
    shown["register"] = services.briefs.register()
    return shown


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_a_round_trip_through_the_cli_carries_everything(aibri: Callable[..., Any],
                                                         tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    roles = build_source(tmp_path / "src")
    ids = list(roles.values())
    source = open_services(tmp_path / "src")
    try:
        before = everything(source, ids)
    finally:
        source.close()
    assert before[roles["final"]]["reviewed_by"] == "reviewer.r"
    assert before[roles["deleted"]]["deleted"] is True
    assert len(before["register"]) == 1
    exported = tmp_path / "all.aibri"
    result = aibri("--db", str(tmp_path / "src" / "aibri.sqlite3"), "export", *ids, "--out",
                   str(exported), "--include-deleted")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(unzip(exported.read_bytes())[MANIFEST])
    assert manifest["format_version"] == FORMAT_VERSION == 6
    other = tmp_path / "other.sqlite3"
    result = aibri("--db", str(other), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "Imported 3 assessment(s)" in result.stdout
    target = Services.open(other)
    try:
        after = everything(target, ids)
        assert after == before
        assert target.safety.check().ok, target.safety.check().changed_rows
        assert [s.id for s in target.assessments.list_summaries()] != [] and roles[
            "deleted"] not in [s.id for s in target.assessments.list_summaries()]
    finally:
        target.close()
    result = aibri("--db", str(other), "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_version_1_file_still_imports(target: Services) -> None:
    """A file written by the previous version (kept as it was made): no sign-off, no
    judgements, nothing deleted, no register; the final one stays final."""
    assert json.loads(unzip(VERSION_1.read_bytes())[MANIFEST])["format_version"] == 1
    change = target.exchange.import_file(VERSION_1)
    assert len(change.assessment_ids) == 2
    records = [target.assessments.load(i) for i in change.assessment_ids]
    final = next(r for r in records if r.status == "final")
    follow_up = next(r for r in records if r.status == "draft")
    assert follow_up.predecessor_id == final.id
    assert (final.reviewed_by, final.finalised_at) == (None, None)
    assert final.stored_robustness is not None
    assert all(r.judgements == Judgements() and not r.deleted for r in records)
    assert target.briefs.register() == []
    assert target.safety.check().ok


def test_a_version_2_file_imports_under_the_new_rules(target: Services) -> None:
    """Drafts are scored under version 2, the final keeps its version-1 figures, and the
    unknown loses a confidence level it can no longer carry."""
    assert json.loads(unzip(VERSION_2.read_bytes())[MANIFEST])["format_version"] == 2
    change = target.exchange.import_file(VERSION_2)
    records = [target.assessments.load(i) for i in change.assessment_ids]
    assert sorted((r.status, r.scoring_rules) for r in records) == [
        ("draft", 2), ("draft", 2), ("final", 1)]
    unknown = next(r for r in records if r.id.startswith("21615022")).answers["DS-01"]
    assert (unknown.state, unknown.confidence) == (AnswerState.UNKNOWN, None)
    assert target.safety.check().ok


def test_a_range_answer_and_the_rules_version_travel(exported: Exported,
                                                      target: Services) -> None:
    target.exchange.import_file(exported.path)
    ranged = [(i, a) for i, shown in exported.shown.items() for a in shown["answers"]
              if a["state"] == "range"]
    assert [a["range"] for _i, a in ranged] == [[1, 3]]
    shown = show_json(target.assessments.load(ranged[0][0]))
    assert next(a for a in shown["answers"] if a["indicator"] == "DS-01")["range"] == [1, 3]
    assert shown["scoring_rules"] == 2
    entries = unzip(exported.data)
    items = json.loads(entries[ASSESSMENTS])
    answer = next(a for a in items[0]["answers"] if a["state"] != "range")
    answer["level_low"] = 1
    entries[ASSESSMENTS] = dump(items)
    with pytest.raises(ExchangeError, match=r"level_low: only a range answer has two levels"):
        read_exchange(rezip(entries))


def test_a_version_1_file_may_not_hold_the_new_fields() -> None:
    entries = unzip(VERSION_1.read_bytes())
    items = json.loads(entries[ASSESSMENTS])
    items[0]["deleted_at"] = None
    entries[ASSESSMENTS] = dump(items)
    with pytest.raises(ExchangeError, match=r"\[0\]\.deleted_at: is not a known field"):
        read_exchange(rezip(entries))


@pytest.fixture(scope="module")
def v2_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, str]]:
    folder = tmp_path_factory.mktemp("v2")
    roles = build_source(folder)
    services = open_services(folder)
    try:
        path = folder / "all.aibri"
        services.exchange.export(list(roles.values()), path, include_deleted=True)
    finally:
        services.close()
    return path.read_bytes(), roles


def _final(item: dict[str, Any]) -> None:
    assert item["status"] == "final"


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "final-reviewer-without-date": (lambda a: a.update(finalised_at=None),
                                    "finalised_at: a sign-off needs both the reviewer"),
    "final-date-without-reviewer": (lambda a: a.update(reviewed_by=None),
                                    "reviewed_by: a sign-off needs both the reviewer"),
    "draft-with-a-reviewer": (lambda a: a.update(status="draft"),
                              "reviewed_by: a draft has no sign-off"),
    "reviewer-empty": (lambda a: a.update(reviewed_by="  "), "reviewed_by: must not be empty"),
    "reviewer-too-long": (lambda a: a.update(reviewed_by="r" * 201),
                          "reviewed_by: is longer than 200 characters"),
    "reviewer-not-text": (lambda a: a.update(reviewed_by=7), "reviewed_by: must be text"),
    "finalised-not-a-date": (lambda a: a.update(finalised_at="yesterday"),
                             "finalised_at: 'yesterday' is not a date and time"),
    "deleted-not-a-date": (lambda a: a.update(deleted_at="2026-13-01T00:00:00"),
                           "deleted_at: '2026-13-01T00:00:00' is not a date and time"),
    "judgements-not-an-object": (lambda a: a.update(judgements=["x"]),
                                 "judgements: must be an object"),
    "judgements-unknown-field": (lambda a: a["judgements"].update(mood="grim"),
                                 "judgements.mood: is not a known field"),
    "six-key-judgements": (lambda a: a["judgements"].update(key=["k"] * 6),
                           "judgements.key: must be a list of at most 5"),
    "key-judgement-too-long": (lambda a: a["judgements"].update(key=["k" * 1001]),
                               "judgements.key[0]: is longer than 1,000 characters"),
    "comment-on-no-dimension": (lambda a: a["judgements"].update(comments={"ZZ": "x"}),
                                "'ZZ' is not a dimension of"),
    "comment-too-long": (lambda a: a["judgements"].update(comments={"TD": "c" * 5001}),
                         "judgements.comments.TD: is longer than 5,000 characters"),
    "unknown-option": (lambda a: a["judgements"]["options"].update(
        {"XX-99-z": {"choice": "keep", "text": ""}}), "'XX-99-z' is not a policy option"),
    "option-bad-choice": (lambda a: a["judgements"]["options"]["TD-01-a"].update(
        choice="maybe"), "choice: must be keep, drop or reword"),
    "reworded-without-wording": (lambda a: a["judgements"]["options"]["TD-01-a"].update(
        text=" "), "text: a reworded option needs the new wording"),
    "briefs-missing": (lambda a: a.pop("briefs"), ".briefs: is missing"),
    "brief-bad-format": (lambda a: a["briefs"][0].update(format="exe"),
                         "briefs[0].format: must be pdf or docx"),
    "brief-bad-sha256": (lambda a: a["briefs"][0].update(sha256="abc"),
                         "briefs[0].sha256: 'abc' is not in the expected form"),
    "brief-no-file-name": (lambda a: a["briefs"][0].update(file_name=""),
                           "briefs[0].file_name: must not be empty"),
    "brief-marking-too-long": (lambda a: a["briefs"][0].update(marking="M" * 401),
                               "briefs[0].marking: is longer than 400 characters"),
    "brief-recipient-too-long": (lambda a: a["briefs"][0].update(recipient="r" * 201),
                                 "briefs[0].recipient: is longer than 200 characters"),
    "brief-not-a-date": (lambda a: a["briefs"][0].update(issued_at="soon"),
                         "briefs[0].issued_at: 'soon' is not a date and time"),
    "brief-unknown-field": (lambda a: a["briefs"][0].update(copies=3),
                            "briefs[0].copies: is not a known field"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_new_field_is_refused_on_one_line(v2_file: tuple[bytes, dict[str, str]],
                                                target: Services, tmp_path: Path,
                                                name: str) -> None:
    data, roles = v2_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    position = next(n for n, item in enumerate(items) if item["id"] == roles["final"])
    _final(items[position])
    change, fragment = CASES[name]
    change(items[position])
    entries[ASSESSMENTS] = dump(items)
    hostile = rezip(entries)
    with pytest.raises(ExchangeError) as raised:
        read_exchange(hostile)
    message = str(raised.value)
    assert single_line(message) and fragment in message, message
    assert message.startswith(f"assessments.json: [{position}]"), message
    path = tmp_path / f"{name}.aibri"
    path.write_bytes(hostile)
    with pytest.raises(InvalidInputError) as refused:
        target.exchange.import_file(path)
    assert str(refused.value) == f"{path}: {message}"
    assert target.assessments.list_summaries(deleted=None) == []
