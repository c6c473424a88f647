"""The robustness annex of the PDF and DOCX briefs under version 2 of the scoring rules, read
back as a reader would: the geometric mean beside the arithmetic one, the residual at
m = 0 / 0.3 / 0.5, the verdict with the cut-offs moved, the stated limit, no run with the
unknowns drawn; a final assessment's figures stored by version 1 still print."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from aibri_desktop.domain.robustness import Robustness
from aibri_desktop.reports.country_brief import render_country_brief
from aibri_desktop.reports.docx_brief import render_docx_brief
from aibri_desktop.reports.model import BriefData
from helpers.services import create_reference_assessment, open_services

# what version 1 stored with the reference assessment (tests/fixtures/schemas/v0005.sql)
STORED_V1 = {"median": 72.0, "p5": 61.7, "p95": 77.7,
             "band_shares": {"Low": 0.0, "Guarded": 0.0, "Elevated": 0.0215, "High": 0.968,
                             "Severe": 0.0105}, "draws": 2000, "seed": 1729,
             "unknowns_answered": {"median": 65.0, "p5": 53.4, "p95": 76.5, "band_shares": {
                 "Low": 0.0, "Guarded": 0.0, "Elevated": 0.2525, "High": 0.7365,
                 "Severe": 0.011}},
             "framework_weights": 73.1, "equal_weights": 58.3,
             "drop_one": [{"indicator": "TD-01", "overall": 45.0, "delta": -28.1}]}
LIMIT = "Not varied: the 0–4 → 0–100 level scaling."


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> BriefData:
    services = open_services(tmp_path_factory.mktemp("annex"))
    try:
        return services.briefs.data(create_reference_assessment(services))
    finally:
        services.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf(data: BriefData) -> str:
    reader = PdfReader(io.BytesIO(render_country_brief(data)))
    return _flat(" ".join(page.extract_text() for page in reader.pages))


def _docx(data: BriefData) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(render_docx_brief(data)))
    rows = [[cell.text for cell in row.cells] for table in document.tables
            for row in table.rows]
    return _flat("\n".join(p.text for p in document.paragraphs)), rows


def test_the_pdf_annex_varies_aggregation_mitigation_and_cut_offs(data: BriefData) -> None:
    text = _pdf(data)
    annex = text[text.index("Robustness Score of the answered indicators"):]
    assert ("Aggregation: weighted geometric mean of the dimension scores (each at least 1) "
            "71.7, beside the arithmetic mean 73.1.") in annex
    assert "Residual exposure 73.1 56.7 45.7" in annex  # m = 0, 0.3, 0.5
    assert ("Overall verdict at least High, at most Severe at least Elevated, at most High "
            "at least Elevated, at most High") in annex  # −5, as drawn, +5
    assert "Equal indicator and dimension weights instead of the framework's: 58.3" in annex
    assert LIMIT in annex
    assert "unknowns drawn" not in text and "band cut-offs, the mitigation factor" not in text


def test_the_docx_annex_has_the_same_checks(data: BriefData) -> None:
    text, rows = _docx(data)
    assert ("Aggregation: weighted geometric mean of the dimension scores (each at least 1) "
            "71.7, beside the arithmetic mean 73.1.") in text
    assert ["Mitigation factor", "m = 0", "m = 0.3", "m = 0.5"] in rows
    assert ["Residual exposure", "73.1", "56.7", "45.7"] in rows
    assert ["Overall verdict", "at least High, at most Severe", "at least Elevated, at most High",
            "at least Elevated, at most High"] in rows
    assert LIMIT in text


def test_figures_stored_by_version_1_still_print(data: BriefData) -> None:
    """A final assessment's brief keeps its stored figures; those of version 1 lack the new
    checks, which are then left out rather than made up."""
    old = replace(data, robustness=Robustness.from_json(json.loads(json.dumps(STORED_V1))),
                  robustness_stored=True)
    text = _pdf(old)
    assert "High in 97 % of 2,000 draws" in text and "Stored when marked final." in text
    assert "geometric mean" not in text and "Residual exposure 73.1" not in text
    # version 1's run with the unknowns drawn stays, said to be version 1's: nothing of the
    # signed-off figures disappears from a re-print
    assert "which also drew the unknowns: High in 74 %" in text
    assert "… and unknowns drawn from 0–4 (version 1; no longer drawn)" in text
    assert LIMIT in text
    docx_text, rows = _docx(old)
    assert "Stored when marked final." in docx_text and LIMIT in docx_text
    assert "which also drew the unknowns: High in 74 %" in docx_text
    assert not any(row and row[0] == "Overall verdict" for row in rows)


def test_without_a_score_there_is_no_annex_to_vary(data: BriefData, tmp_path: Path) -> None:
    empty = replace(data, robustness=replace(data.robustness, overall=None)
                    if data.robustness is not None else None)
    assert "No score yet, so no robustness figures." in _pdf(empty)
    assert "Residual exposure" not in [row[0] for row in _docx(empty)[1] if row]
