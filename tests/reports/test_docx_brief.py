"""The editable DOCX brief, opened with python-docx as a ministry's drafting office would."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from aibri_desktop.domain.judgements import Judgements
from helpers import reference
from helpers.services import create_reference_assessment, open_services


def test_docx_brief_has_content_marking_tables_and_charts(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.assessments.set_judgements(assessment_id=assessment_id, judgements=Judgements(
        key=("Compute is concentrated in one vendor.",)))
    db = services.database.path
    services.close()
    out = tmp_path / "brief.docx"
    result = aibri("--db", str(db), "brief", assessment_id[:8], "--format", "docx", "--out",
                   str(out), "--marking", "RESTRICTED", "--recipient", "Cabinet office")
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    want = reference.expected()
    assert "Republic of Avalon" in text
    assert "Overall exposure: at least Elevated, at most High" in text
    assert f"Range {want['overall']['low']}–{want['overall']['high']}" in text
    assert "Compute is concentrated in one vendor." in text
    assert ("Residual exposure after mitigation capacity: at least Elevated, at most High, "
            "provisional (range 42.2–65.5") in text
    assert "The band cannot settle unless at least this one is answered: TD-03." in text
    section = document.sections[0]
    assert "RESTRICTED" in section.header.paragraphs[0].text
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0].startswith("Country brief: Republic of Avalon — Reference fixture\tPage ")
    assert footer[-1] == "RESTRICTED"  # at the foot of every page, as the PDF
    fields = section.footer._element.xml
    assert "PAGE" in fields and "NUMPAGES" in fields
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert "Executive summary" in headings
    assert "DS — Data sovereignty: at least High, at most Severe" in headings
    assert len(document.tables) >= 7  # facts, scores, one per dimension, coverage, shares
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "DS-01 ▲" in cells
    # three exposure dimensions: bars without a radar (a triangle), as the PDF; the drivers
    assert len(document.inline_shapes) == 2, "dimension bars and drivers as images"
    # the sections the PDF has: how to read it, the reason beside each N/A, each dimension's
    # options, the draws, the options' sources, what it does not measure
    assert text.index("How to read this brief: exposure runs from 0 to 100") < \
        text.index("Executive summary")
    assert "Not applicable: No such systems exist in this country." in cells
    assert "Policy options triggered in this dimension" in headings
    assert ["Run", "Median", "5–95 %", "Low", "Guarded", "Elevated", "High", "Severe"] in [
        [c.text for c in t.rows[0].cells] for t in document.tables]
    assert "Sources of the policy options in this brief:" in text
    assert "• AIBRI Desktop, docs/scoring.md reference fixture (2026-11)" in text
    assert headings[-1] == "What this brief does not measure"
    assert text.endswith("benefits of the technology; anything unknown or not yet answered "
                         "(it widens the range, it is not guessed).")
    assert document.core_properties.keywords == "RESTRICTED"
    reopened = open_services(tmp_path)
    entry = reopened.briefs.register()[0]
    assert (entry["format"], entry["recipient"]) == ("docx", "Cabinet office")
    reopened.close()
