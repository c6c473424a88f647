"""One robustness sentence: ``aibri show`` prints the very sentence the PDF and DOCX briefs of
the same assessment carry (domain/robustness_text.py writes it for all of them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from aibri_desktop.domain.robustness_text import robustness_sentence
from helpers.services import create_reference_assessment, database_argument, open_services

PREFIX = "Robustness: "


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("final", [False, True], ids=["draft", "final"])
def test_the_command_line_and_the_briefs_say_the_same_sentence(aibri, tmp_path: Path,
                                                                final: bool) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    if final:
        services.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer")
    record = services.assessments.load(assessment_id)
    expected = robustness_sentence(record.robustness(), stored=final)
    services.close()
    db = database_argument(tmp_path)

    shown = aibri("--db", db, "show", assessment_id)
    assert shown.returncode == 0, shown.stderr
    lines = [line for line in shown.stdout.splitlines() if line.startswith(PREFIX)]
    assert len(lines) == 1, shown.stdout
    sentence = lines[0].removeprefix(PREFIX)
    assert sentence == expected
    assert sentence.endswith("Stored when marked final.") is final
    assert "draws" in sentence and "With equal indicator and dimension weights" in sentence
    assert "geometric mean of the dimensions: 71.7" in sentence
    assert "unknowns were answered" not in sentence
    assert "The unknowns are not drawn: the verdict covers them." in sentence

    # show --json carries the checks beside the draws (docs/scoring.md, section 7)
    data = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)["robustness"]
    assert "unknowns_answered" not in data
    assert data["geometric"] == 71.7
    assert data["mitigation_factors"] == {"0": 73.1, "0.3": 56.7, "0.5": 45.7}
    assert data["cutoffs_shifted"] == {"-5": {"settled": False, "bands": ["High", "Severe"]},
                                       "+5": {"settled": False, "bands": ["Elevated", "High"]}}

    docx = tmp_path / "brief.docx"
    pdf = tmp_path / "brief.pdf"
    for out in (docx, pdf):
        result = aibri("--db", db, "brief", assessment_id, "--out", str(out))
        assert result.returncode == 0, result.stderr
    assert sentence in [p.text for p in Document(str(docx)).paragraphs]
    pdf_text = _flat(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert _flat(sentence) in pdf_text
