"""The assessment use cases against a fresh database per test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aibri_desktop.domain.summary import assessment_summary
from aibri_desktop.services import Services
from aibri_desktop.services.changes import ChangeKind
from aibri_desktop.services.errors import InvalidInputError, LockedError, NotFoundError
from aibri_desktop.storage.models import AnswerHistoryRow
from helpers import reference
from helpers.services import create_reference_assessment, open_services, recorded


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def _history_count(services: Services, assessment_id: str) -> int:
    with services.database.session() as session:
        count = session.scalar(select(func.count()).select_from(AnswerHistoryRow)
                               .where(AnswerHistoryRow.assessment_id == assessment_id))
    assert count is not None
    return count


def test_reference_fixture_through_services(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    record = services.assessments.load(assessment_id)
    summary = assessment_summary(record.framework, record.score)
    want = reference.expected()
    assert f"{summary['overall']['score']:.1f}" == want["overall"]["score"]
    assert summary["overall"]["band"] == want["overall"]["band"]
    assert f"{summary['residual']['score']:.1f}" == want["residual"]["score"]
    dims = {d["id"]: d for d in summary["dimensions"]}
    for dim_id, expected in want["dimensions"].items():
        assert f"{dims[dim_id]['score']:.1f}" == expected["score"]
        assert f"{dims[dim_id]['coverage']:.3f}" == expected["coverage"]
    # The stored scores the library shows agree with the live computation.
    (row,) = services.assessments.list_summaries()
    assert f"{row.overall_score:.1f}" == want["overall"]["score"]
    assert row.overall_band == want["overall"]["band"]
    assert f"{row.coverage:.3f}" == want["overall"]["coverage"]
    assert row.red_flags == 2  # red + provisional; possible flags are not counted


def test_each_answer_change_leaves_exactly_one_history_row(services: Services) -> None:
    assessment_id = create_reference_assessment(services, answered=False)
    assert _history_count(services, assessment_id) == 0
    services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02", who="ana",
                                level=1)
    services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02", who="ana",
                                level=3, confidence="medium")
    assert _history_count(services, assessment_id) == 2
    unchanged = services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02",
                                            who="ana", level=3)
    assert not unchanged.changed_anything
    assert _history_count(services, assessment_id) == 2
    with services.database.session() as session:
        last = session.scalars(select(AnswerHistoryRow).order_by(AnswerHistoryRow.id.desc())
                               ).first()
        assert last is not None
        assert last.changed_by == recorded("ana")
        assert json.loads(last.old_value)["level"] == 1
        assert json.loads(last.new_value) | {} == json.loads(last.new_value)
        assert json.loads(last.new_value)["level"] == 3
        assert json.loads(last.new_value)["confidence"] == "medium"


def test_answer_change_returns_what_changed(services: Services) -> None:
    assessment_id = create_reference_assessment(services, answered=False)
    change = services.assessments.answer(assessment_id=assessment_id, indicator_id="TD-02",
                                         who="ana", level=2)
    assert change.kind is ChangeKind.ANSWERED
    assert change.assessment_ids == (assessment_id,)
    assert change.indicator_ids == ("TD-02",)
    assert change.scores_changed
    assert change.summary == "TD-02 unanswered → level 2. Saved."
    text_only = services.assessments.answer(assessment_id=assessment_id, indicator_id="TD-02",
                                            who="ana", evidence="Contract register, 2026")
    assert not text_only.scores_changed
    assert text_only.summary == "TD-02 details saved."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"indicator_id": "DS-99", "level": 1}, "DS-99 is not an indicator of reference 1.0.0"),
        ({"indicator_id": "DS-01", "level": 5}, "the level must be a whole number from 0 to 4"),
        ({"indicator_id": "DS-01", "state": "not_applicable"}, "'not applicable' needs a reason"),
        ({"indicator_id": "DS-01", "state": "answered"}, "the level must be a whole number"),
        ({"indicator_id": "IE-01", "level": 1}, "belongs to the module IE"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(services: Services, fields, message) -> None:
    assessment_id = create_reference_assessment(services, answered=False)
    before = services.assessments.load(assessment_id)
    with pytest.raises(InvalidInputError, match=message):
        services.assessments.answer(assessment_id=assessment_id, who="ana", **fields)
    after = services.assessments.load(assessment_id)
    assert after.answers == before.answers and after.revision == before.revision
    assert _history_count(services, assessment_id) == 0


def test_follow_up_carries_answers_over_for_review(services: Services) -> None:
    original = create_reference_assessment(services)
    change = services.assessments.duplicate_as_follow_up(assessment_id=original, who="ana",
                                                         as_of=date(2027, 11, 1))
    follow_up = services.assessments.load(change.assessment_id)
    source = services.assessments.load(original)
    assert follow_up.predecessor_id == original
    assert follow_up.status == "draft" and follow_up.as_of == date(2027, 11, 1)
    assert follow_up.title == "Reference fixture (follow-up)"
    assert set(follow_up.answers) == set(source.answers)
    assert all(a.carried_over for a in follow_up.answers.values())
    assert follow_up.score == source.score  # the same answers score the same
    assert _history_count(services, change.assessment_id) == len(follow_up.answers)
    # Changing a carried-over answer reviews it.
    services.assessments.answer(assessment_id=change.assessment_id, indicator_id="DS-02",
                                who="ana", level=1)
    assert not services.assessments.load(change.assessment_id).answers["DS-02"].carried_over
    assert services.assessments.load(change.assessment_id).answers["DS-01"].carried_over


def test_soft_delete_and_restore(services: Services) -> None:
    assessment_id = create_reference_assessment(services, answered=False)
    services.assessments.delete(assessment_ids=[assessment_id])
    assert services.assessments.list_summaries() == []
    (deleted,) = services.assessments.list_summaries(deleted=True)
    assert deleted.id == assessment_id and deleted.deleted
    with pytest.raises(LockedError, match="deleted"):
        services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-01",
                                    who="ana", level=1)
    change = services.assessments.restore(assessment_ids=[assessment_id])
    assert change.kind is ChangeKind.RESTORED
    assert [r.id for r in services.assessments.list_summaries()] == [assessment_id]


def test_final_locks_answers(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    services.assessments.mark_final(assessment_ids=[assessment_id])
    with pytest.raises(LockedError, match="final and its answers are locked"):
        services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-01",
                                    who="ana", level=1)
    services.assessments.archive(assessment_ids=[assessment_id])
    assert services.assessments.load(assessment_id).status == "archived"


def test_ids_resolve_by_unique_prefix(services: Services) -> None:
    assessment_id = create_reference_assessment(services, answered=False)
    assert services.assessments.resolve_id(assessment_id[:6]) == assessment_id
    assert services.assessments.resolve_id(assessment_id.upper()) == assessment_id
    with pytest.raises(NotFoundError):
        services.assessments.resolve_id("ffffffff-0000")
    with pytest.raises(InvalidInputError, match="too short"):
        services.assessments.resolve_id("ab")


def test_create_validates_its_fields(services: Services) -> None:
    with pytest.raises(InvalidInputError, match="not a known country code"):
        services.assessments.create(country_code="QQ", title="x", as_of=date(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="needs a title"):
        services.assessments.create(country_code="KE", title="   ", as_of=date(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="not an optional module"):
        services.assessments.create(country_code="KE", title="x", as_of=date(2026, 1, 1),
                                    modules=["ZZ"])
    change = services.assessments.create(country_code="ke", title="  Kenya   2026 ",
                                         as_of=date(2026, 1, 1))
    record = services.assessments.load(change.assessment_id)
    assert record.title == "Kenya 2026" and record.country.name == "Kenya"
    assert record.framework.id == "aibri"


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_demo_data_is_fictional_and_scored(services: Services) -> None:
    services.demo.generate(count=12, seed=5)
    rows = services.assessments.list_summaries()
    assert len(rows) == 12
    assert all(r.country_code.startswith("X") for r in rows)
    assert all("fictional" in r.title for r in rows)
    for row in rows[:3]:
        record = services.assessments.load(row.id)
        live = assessment_summary(record.framework, record.score)["overall"]
        assert live["score"] == row.overall_score and live["band"] == row.overall_band
    assert services.database.path is not None
    again = open_services(services.database.path.parent, "second.sqlite3")
    again.demo.generate(count=12, seed=5)
    assert sorted(r.id for r in again.assessments.list_summaries()) == sorted(r.id for r in rows)
    again.close()


def test_country_search_finds_alternative_names(services: Services) -> None:
    search = services.countries.search
    assert search("Turkey")[0].code == "TR"
    assert search("ivory coast")[0].code == "CI"
    assert search("cote d'ivoire")[0].code == "CI"
    assert search("UK")[0].code == "GB"
    assert search("avalon")[0].code == "XA"
    ivory_coast = services.countries.get("CI")
    assert ivory_coast is not None and ivory_coast.region == "Africa"
    assert len([c for c in services.countries if not c.fictional]) == 249


def test_the_markings_of_chosen_assessments_are_read_without_loading_them(
        services: Services, monkeypatch) -> None:
    """The window's export names start with the chosen assessments' markings; it reads them
    without loading any record (it loaded each, answers and all, on the GUI thread)."""
    from aibri_desktop.services.filenames import marking_prefix

    services.demo.generate(count=3, seed=5)
    ids = [s.id for s in services.assessments.list_summaries()]
    made = services.assessments.create(country_code="KE", title="Marked",
                                       as_of=date(2026, 1, 1), marking="OFFICIAL-SENSITIVE")
    monkeypatch.setattr(services.assessments, "load", lambda *_a, **_k: pytest.fail("loaded"))
    markings = services.assessments.markings([*ids, made.assessment_id])
    assert markings == {"DEMO — FICTIONAL DATA", "OFFICIAL-SENSITIVE"}
    assert marking_prefix(markings) == "DEMO-FICTIONAL-DATA-OFFICIAL-SENSITIVE-"
    assert marking_prefix({""}) == ""
