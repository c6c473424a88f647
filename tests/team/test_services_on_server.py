"""The use cases on a PostgreSQL server: the same services, the same guarantees as the file
(scores stored with the answers, details and their history, sign-off, checks, exchange)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.services import Services
from helpers.services import create_reference_assessment, open_services


def test_a_working_day_on_the_server(server_services: Services, tmp_path: Path) -> None:
    s = server_services
    assessment_id = create_reference_assessment(s)
    record = s.assessments.load(assessment_id)
    assert record.score == score_assessment(record.framework, record.answers, record.modules)
    s.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02", who="ana", level=4)
    s.assessments.edit_details(assessment_id=assessment_id, who="ana", title="On the server",
                               as_of=date(2027, 1, 1))
    follow = s.assessments.duplicate_as_follow_up(assessment_id=assessment_id, who="ana")
    s.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer")
    summaries = {x.id: x for x in s.assessments.list_summaries()}
    assert summaries[assessment_id].status == "final"
    assert summaries[assessment_id].title == "On the server"
    assert follow.assessment_id in summaries
    stored = s.assessments.load(assessment_id)
    # on a server the connected login signs, whatever name the caller passed
    assert stored.reviewed_by == s.database.user != "reviewer"
    assert summaries[assessment_id].overall_score == round(
        float(stored.score.overall.score or 0), 1)
    assert [c.field for c in s.assessments.detail_history(assessment_id)] == ["title", "as_of"]
    assert s.safety.check().ok

    # the same library, carried to a laptop and back: nothing lost
    s.exchange.export([assessment_id, follow.assessment_id], tmp_path / "team.aibri")
    laptop = open_services(tmp_path / "laptop")
    try:
        laptop.exchange.import_file(tmp_path / "team.aibri", on_conflict="skip")
        carried = laptop.assessments.load(assessment_id)
        assert (carried.answers, carried.details, carried.reviewed_by) == (
            stored.answers, stored.details, stored.reviewed_by)
    finally:
        laptop.close()


def test_a_server_that_is_not_there_is_one_line_without_the_password(
        aibri: Callable[..., Any], tmp_path: Path) -> None:
    url = f"postgresql+psycopg://analyst:s3cret@/aibri?host={tmp_path / 'none'}&port=1"
    result = aibri("--db", url, "list")
    assert result.returncode == 1
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "cannot be opened" in message and "Nothing was changed." in message
    assert "s3cret" not in message and "analyst:***@" in message
