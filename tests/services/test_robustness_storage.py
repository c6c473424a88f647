"""Robustness results are stored when an assessment is marked final and shown unchanged later."""

from __future__ import annotations

from pathlib import Path

from aibri_desktop.cli.presenters import show_json
from helpers.services import create_reference_assessment, open_services


def test_marking_final_stores_the_robustness_results(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    live = show_json(services.assessments.load(assessment_id))["robustness"]
    assert services.assessments.load(assessment_id).stored_robustness is None
    services.assessments.mark_final(assessment_ids=[assessment_id])
    record = services.assessments.load(assessment_id)
    assert record.stored_robustness is not None
    assert record.stored_robustness.to_json() == live
    assert show_json(record)["robustness"] == live
    services.close()
