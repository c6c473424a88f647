"""An assessment's details after creation: title, as-of date, marking, assessor, perspective
and modules change on a draft, each change is recorded and sealed, a module turned off keeps
its answers set aside, and nothing of a final assessment changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from aibri_desktop.domain.details import Details, modules_effect, set_aside
from aibri_desktop.services import Services
from aibri_desktop.services.errors import ChangedSinceError, InvalidInputError, LockedError
from aibri_desktop.storage.checksums import assessment_failures
from aibri_desktop.storage.models import DetailHistoryRow
from helpers.services import create_reference_assessment, open_services, recorded


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def test_details_change_and_are_recorded(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    before = services.assessments.load(assessment_id)
    change = services.assessments.edit_details(
        assessment_id=assessment_id, who="analyst", title="  Reference   2027 ",
        as_of=date(2027, 1, 15), marking="OFFICIAL-SENSITIVE", assessor="A. Analyst",
        perspective="outside")
    after = services.assessments.load(assessment_id)
    assert after.details == Details(title="Reference 2027", as_of=date(2027, 1, 15),
                                    marking="OFFICIAL-SENSITIVE", assessor="A. Analyst",
                                    perspective="outside", modules=before.modules)
    assert after.revision == before.revision + 1
    assert after.answers == before.answers and after.score == before.score
    assert change.summary.startswith("Details of “Reference 2027” saved: Title: Reference "
                                     "fixture → Reference 2027; As of: 2026-11-01 → 2027-01-15")
    history = services.assessments.detail_history(assessment_id)
    assert [(h.field, h.old_value, h.new_value, h.changed_by) for h in history] == [
        ("title", "Reference fixture", "Reference 2027", recorded("analyst")),
        ("as_of", date(2026, 11, 1), date(2027, 1, 15), recorded("analyst")),
        ("marking", "REFERENCE", "OFFICIAL-SENSITIVE", recorded("analyst")),
        ("assessor", "", "A. Analyst", recorded("analyst")),
        ("perspective", None, "outside", recorded("analyst"))]
    with services.database.session() as session:
        assert assessment_failures(session, assessment_id) == []  # every row sealed

    same = services.assessments.edit_details(assessment_id=assessment_id, who="analyst",
                                             title="Reference 2027")
    assert same.payload is None and not same.changed_anything
    assert len(services.assessments.detail_history(assessment_id)) == 5


def test_a_module_turned_off_keeps_its_answers_set_aside(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    record = services.assessments.load(assessment_id)
    assert "MC" in record.modules
    answered_mc = [i.id for i in record.framework.dimension("MC").indicators
                   if i.id in record.answers]
    assert answered_mc
    expected = modules_effect(record.framework, record.answers, record.modules,
                              record.modules - {"MC"})
    change = services.assessments.edit_details(assessment_id=assessment_id, who="analyst",
                                               modules=record.modules - {"MC"})
    off = services.assessments.load(assessment_id)
    assert "MC" not in off.modules
    assert off.answers == record.answers  # kept
    assert set_aside(off.framework, off.answers, off.modules) == {"MC": len(answered_mc)}
    assert off.score == expected.after  # the score without the module, as the dialog said
    assert change.payload is not None and change.payload.score == expected.after
    assert off.score.residual is None  # MC is the mitigation capacity: no residual without it
    with pytest.raises(InvalidInputError, match="module MC"):
        services.assessments.answer(assessment_id=assessment_id, indicator_id=answered_mc[0],
                                    who="analyst", level=1)

    services.assessments.edit_details(assessment_id=assessment_id, who="analyst",
                                      modules=record.modules)
    back = services.assessments.load(assessment_id)
    assert back.answers == record.answers and back.score == record.score  # restored
    summaries = {s.id: s for s in services.assessments.list_summaries()}
    assert summaries[assessment_id].overall_score == pytest.approx(
        float(record.score.overall.score or 0), abs=0.05)


def test_bad_details_change_nothing(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    before = services.assessments.load(assessment_id)
    for given, message in (({"title": "   "}, "needs a title"),
                           ({"title": "x" * 301}, "longer than 300"),
                           ({"modules": {"XX"}}, "XX is not an optional module"),
                           ({"perspective": "sideways"}, "is not a perspective"),
                           ({"marking": "M" * 121}, "longer than 120")):
        with pytest.raises(InvalidInputError, match=message):
            services.assessments.edit_details(assessment_id=assessment_id, who="a", **given)
    after = services.assessments.load(assessment_id)
    assert after.details == before.details and after.revision == before.revision
    assert services.assessments.detail_history(assessment_id) == []


def test_undo_refuses_details_changed_elsewhere(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    seen = services.assessments.load(assessment_id).details
    services.assessments.edit_details(assessment_id=assessment_id, who="cli", title="Elsewhere")
    with pytest.raises(ChangedSinceError, match="changed elsewhere"):
        services.assessments.edit_details(assessment_id=assessment_id, who="window",
                                          expected=seen, title="Mine")
    assert services.assessments.load(assessment_id).title == "Elsewhere"


def test_nothing_of_a_final_assessment_changes(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    services.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer")
    before = services.assessments.load(assessment_id)
    changes: tuple[dict[str, Any], ...] = (
        {"title": "New"}, {"as_of": date(2030, 1, 1)}, {"modules": set()}, {"marking": ""})
    for given in changes:
        with pytest.raises(LockedError, match="is final: nothing of it can change"):
            services.assessments.edit_details(assessment_id=assessment_id, who="a", **given)
    assert services.assessments.load(assessment_id).details == before.details
    services.assessments.delete(assessment_ids=[assessment_id])
    with pytest.raises(LockedError, match="deleted"):
        services.assessments.edit_details(assessment_id=assessment_id, who="a", title="New")


def test_purge_removes_the_details_history(services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    services.assessments.edit_details(assessment_id=assessment_id, who="a", title="Secret title")
    services.assessments.delete(assessment_ids=[assessment_id])
    services.assessments.purge(assessment_ids=[assessment_id], who="a")
    with services.database.session() as session:
        assert session.scalars(select(DetailHistoryRow)).all() == []
