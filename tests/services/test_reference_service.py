"""Suggestions from public data: approved first, accepted or rejected one at a time, never
filled in without the analyst."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from aibri_desktop.domain.answer_sources import read_sources
from aibri_desktop.domain.answers import AnswerState, Confidence
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError, NotFoundError
from aibri_desktop.storage.models import AnswerHistoryRow, LibraryLogRow, SuggestionDecision
from helpers.services import open_services, recorded


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def _kenya(services: Services, modules: frozenset[str] = frozenset({"IE", "EM", "MC"})) -> str:
    return services.assessments.create(country_code="KE", title="Kenya 2026",
                                       as_of=date(2026, 11, 1), modules=modules).assessment_id


def test_nothing_is_filled_in_and_nothing_accepted_before_approval(services: Services) -> None:
    kenya = _kenya(services)
    offered = services.reference.offered(kenya)
    assert [(o.suggestion.indicator, o.status) for o in offered] == [
        ("DS-01", "new"), ("GA-03", "new"), ("GA-05", "new"), ("GA-06", "new"),
        ("MC-03", "new")]
    assert services.assessments.load(kenya).answers == {}
    assert services.reference.approval() is None
    with pytest.raises(InvalidInputError, match="not approved"):
        services.reference.accept(kenya, ["MC-03"], "analyst")
    assert services.assessments.load(kenya).answers == {}


def test_an_accepted_suggestion_is_an_answer_with_its_facts_sources_and_date(
        services: Services) -> None:
    kenya = _kenya(services)
    change = services.reference.approve("  Amina   Odhiambo ")
    assert f"approved by {recorded('Amina Odhiambo')}" in change.summary
    approval = services.reference.approval()
    assert approval is not None and approval.by == recorded("Amina Odhiambo")
    assert services.reference.approve("someone else").summary.endswith("nothing was changed.")
    services.reference.accept(kenya, ["mc-03", "DS-01"], "analyst")
    answers = services.assessments.load(kenya).answers
    gci = answers["MC-03"]
    assert (gci.state, gci.level, gci.confidence) == (AnswerState.ANSWERED, 4, Confidence.HIGH)
    assert gci.as_of == date(2024, 9, 1)
    assert gci.evidence.startswith("Public data (reference data 2026.11.28): ITU Global "
                                   "Cybersecurity Index 2024: tier: 1 (as of 2024-09, "
                                   "reconstructed, stale)")
    (source,) = read_sources(gci.sources)
    assert source.publisher == "ITU; World Bank Data360"
    assert "third-party mirror" in (source.note or "")
    law = answers["DS-01"]
    assert (law.state, law.level_low, law.level_high, law.confidence) == (
        AnswerState.RANGE, 0, 2, None)
    assert read_sources(law.sources)[0].publisher == "UNCTAD"
    with services.database.session() as session:
        by = set(session.scalars(select(AnswerHistoryRow.changed_by).where(
            AnswerHistoryRow.assessment_id == kenya)))
        logged = session.scalars(select(LibraryLogRow.event)).all()
    assert by == {f"{recorded('analyst')} (accepted suggestion)"}
    assert "reference-approved" in logged
    statuses = {o.suggestion.indicator: o.status for o in services.reference.offered(kenya)}
    assert statuses == {"DS-01": "accepted", "GA-03": "new", "GA-05": "new", "GA-06": "new",
                        "MC-03": "accepted"}
    with pytest.raises(InvalidInputError, match="already accepted"):
        services.reference.accept(kenya, ["MC-03"], "analyst")


def test_the_brief_says_public_data_only_while_the_answer_is_the_public_datas(
        services: Services) -> None:
    """Accepted, then changed by the analyst: the brief says so. Accepted, then cleared (an
    undo, or the command line): the suggestion is offered again and the brief says nothing."""
    kenya = _kenya(services)
    services.reference.approve("approver")
    services.reference.accept(kenya, ["MC-03", "DS-01"], "analyst")
    marks, annex = services.reference.public_data_marks(kenya)
    assert marks["MC-03"].startswith("public data: ITU Global Cybersecurity Index 2024")
    assert annex == (f"reference data 2026.11.28, approved by {recorded('approver')} on "
                     f"{date.today()}")
    services.assessments.answer(assessment_id=kenya, indicator_id="DS-01", who="analyst",
                                state="range", level_low=1, level_high=2)
    services.assessments.answer(assessment_id=kenya, indicator_id="MC-03", who="analyst",
                                state="unanswered")
    offered = {o.suggestion.indicator: o for o in services.reference.offered(kenya)}
    assert (offered["DS-01"].status, offered["DS-01"].changed) == ("accepted", True)
    assert offered["MC-03"].status == "new"
    marks, _annex = services.reference.public_data_marks(kenya)
    assert list(marks) == ["DS-01"]
    assert marks["DS-01"].startswith("public data, then changed by the analyst: Data-protection")
    services.reference.accept(kenya, ["MC-03"], "analyst")  # offered again: accepted again
    assert services.assessments.load(kenya).answers["MC-03"].level == 4


def test_a_rejected_suggestion_is_not_offered_again_and_a_wrong_id_changes_nothing(
        services: Services) -> None:
    kenya = _kenya(services)
    services.reference.approve("approver")
    assert services.reference.reject(kenya, ["GA-05"], "analyst") == 1
    statuses = {o.suggestion.indicator: o.status for o in services.reference.offered(kenya)}
    assert statuses["GA-05"] == "rejected"
    with pytest.raises(InvalidInputError, match="already rejected"):
        services.reference.accept(kenya, ["GA-05"], "analyst")
    with pytest.raises(NotFoundError, match="No suggestion for TD-01"):
        services.reference.accept(kenya, ["GA-03", "TD-01"], "analyst")
    assert "GA-03" not in services.assessments.load(kenya).answers  # checked before writing
    with services.database.session() as session:
        rows = session.scalars(select(SuggestionDecision)).all()
    assert [(r.indicator_id, r.decision) for r in rows] == [("GA-05", "rejected")]


def test_a_module_turned_off_and_a_fictional_country_get_no_suggestion(
        services: Services) -> None:
    core_only = _kenya(services, modules=frozenset())
    assert "MC-03" not in {o.suggestion.indicator for o in services.reference.offered(core_only)}
    fictional = services.assessments.create(country_code="XA", title="Avalon",
                                            as_of=date(2026, 1, 1)).assessment_id
    assert services.reference.offered(fictional) == []


def test_deleting_an_assessment_for_good_takes_its_decisions_with_it(
        services: Services) -> None:
    kenya = _kenya(services)
    services.reference.reject(kenya, ["GA-05"], "analyst")
    services.assessments.delete(assessment_ids=[kenya])
    services.assessments.purge(assessment_ids=[kenya], who="analyst")
    with services.database.session() as session:
        assert session.scalars(select(SuggestionDecision)).all() == []


def _newer_dataset(tmp_path: Path, change=None) -> Path:
    import json

    from aibri_desktop.services.reference import reference_dir

    document = json.loads((reference_dir() / "aibri-reference.json").read_text())
    document["version"], document["date"] = "2027.01.15", "2027-01-15"
    if change is not None:
        change(document)
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_newer_dataset_is_taken_after_a_backup_starts_unapproved_and_reoffers_rejections(
        services: Services, tmp_path: Path) -> None:
    kenya = _kenya(services)
    services.reference.approve("approver")
    services.reference.accept(kenya, ["MC-03"], "analyst")
    services.reference.reject(kenya, ["GA-05"], "analyst")
    backups: list[str] = []
    services.reference.before_import = lambda: backups.append("made")
    change = services.reference.import_file(_newer_dataset(tmp_path))
    assert change.summary.startswith("Imported reference data 2027.01.15 of 2027-01-15 "
                                     "(10 lists, 581 facts). It is not approved yet")
    assert backups == ["made"]
    assert services.reference.dataset().version == "2027.01.15"
    assert services.reference.approval() is None  # a new dataset needs its own approval
    offered = {o.suggestion.indicator: o for o in services.reference.offered(kenya)}
    assert offered["GA-05"].status == "new"  # a rejection holds for its dataset only
    assert offered["MC-03"].status == "accepted" and offered["MC-03"].newer_data
    assert services.assessments.load(kenya).answers["MC-03"].level == 4  # kept
    again = services.reference.import_file(_newer_dataset(tmp_path))
    assert again.summary.endswith("already the one in use; nothing was changed.")
    exported = services.reference.export_text()
    assert '"version": "2027.01.15"' in exported.replace('":"', '": "')


def _drop_gci(document: dict) -> None:
    document["lists"] = [x for x in document["lists"] if x["id"] != "itu-gci-2024"]


HOSTILE_IMPORTS = [
    ("older", lambda d: d.update(date="2020-01-01", version="2020.01.01"), "not newer"),
    ("bad country", lambda d: d["lists"][0]["facts"][0].update(country="ZZZ"),
     "not an ISO 3166 country"),
    ("lacks a list the rules need", _drop_gci, "lacks what the app's rules need"),
    ("duplicate", lambda d: d["lists"][1]["facts"].append(d["lists"][1]["facts"][0]),
     "appears twice"),
]


@pytest.mark.parametrize(("name", "change", "problem"), HOSTILE_IMPORTS,
                         ids=[h[0] for h in HOSTILE_IMPORTS])
def test_a_hostile_dataset_file_is_refused_whole_and_changes_nothing(
        services: Services, tmp_path: Path, name, change, problem) -> None:
    backups: list[str] = []
    services.reference.before_import = lambda: backups.append("made")
    before = services.reference.dataset().content_hash
    with pytest.raises(InvalidInputError, match=problem) as refused:
        services.reference.import_file(_newer_dataset(tmp_path, change))
    assert "nothing was changed" in str(refused.value).lower()
    assert backups == [] and services.reference.dataset().content_hash == before


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("not UTF-8", b"\xff\xfe{\x00", "not UTF-8"),
    ("not JSON", b"{\"schema\": ", "not JSON"),
    ("nested", b"[" * 100_000 + b"]" * 100_000, "not JSON|nested too deeply|must be an"),
    ("empty", b"", "not JSON"),
])
def test_a_file_that_is_not_a_dataset_at_all_gets_one_message(
        services: Services, tmp_path: Path, name, content, problem) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(content)
    with pytest.raises(InvalidInputError, match=problem):
        services.reference.import_file(path)


def test_a_file_too_large_is_refused_before_it_is_read(services: Services,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    with pytest.raises(InvalidInputError, match="at most 5 MB"):
        services.reference.import_file(path)
    with pytest.raises(InvalidInputError, match="cannot be read"):
        services.reference.import_file(tmp_path / "missing.json")


def test_an_assessment_against_another_supplier_is_told_there_is_no_data_for_it(
        services: Services) -> None:
    italy_us = services.assessments.create(
        country_code="IT", title="Italy and the US", as_of=date(2026, 1, 1),
        supplier=services.suppliers.get("US")).assessment_id
    assert "GA-07" not in {o.suggestion.indicator for o in services.reference.offered(italy_us)}
    assert services.reference.supplier_gaps(italy_us) == {"GA-07": (
        "No reference data for this supplier: Belt and Road cooperation documents with the "
        "People's Republic of China covers supplier state CN only.")}
    italy_cn = services.assessments.create(country_code="IT", title="Italy",
                                           as_of=date(2026, 1, 1)).assessment_id
    assert services.reference.supplier_gaps(italy_cn) == {}
    offered = {o.suggestion.indicator: o.suggestion for o in services.reference.offered(italy_cn)}
    assert (offered["GA-07"].low, offered["GA-07"].high) == (0, 0)  # withdrew in 2023
