"""The library's decision threshold on the brief's executive page (docs/scoring.md, "The
decision threshold"): when the library sets one, the PDF and the DOCX state the question and
its answer right under the overall verdict, in the same words, and an open answer never reads
as a promise. The answers are the reference fixture's hand-worked ``threshold_60``."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reports.test_brief_verdict import _data, _docx, _executive_docx, _expected, _pdf, _words

from aibri_desktop.domain.bands import Band
from aibri_desktop.reports.model import BriefData
from helpers import reference
from helpers.services import create_reference_assessment, open_services

QUESTION = "Is exposure High or above?"


def _with_threshold(case: str, band: Band | None = Band.HIGH) -> BriefData:
    """The fixture's brief data as the brief service assembles them for a library that sets
    ``band`` as its threshold."""
    from aibri_desktop.domain.scoring import score_assessment
    from aibri_desktop.reports.model import assemble

    base = _data(case)
    framework = reference.framework()
    answers, modules = reference.answers(case), frozenset(reference.modules(case))
    data = assemble(framework=framework, answers=answers, modules=modules,
                    score=score_assessment(framework, answers, modules), robustness=None,
                    country=base.country, country_code=base.country_code, region=base.region,
                    title=base.title, as_of=base.as_of, marking=base.marking,
                    generated_at=base.generated_at, app_version=base.app_version,
                    threshold=band)
    assert replace(data, threshold=None) == base  # nothing else of the brief changes
    return data


def _sentence(case: str) -> str:
    o = _expected(case)["overall"]
    return {
        "open": f"{QUESTION} Open: the open indicators allow either.",
        "yes": f"{QUESTION} Yes: the whole range ({o['low']:.1f}–{o['high']:.1f}) is at or "
               "above 60.",
        "no": f"{QUESTION} No: the whole range ({o['low']:.1f}–{o['high']:.1f}) is below 60.",
    }[o["threshold_60"]]


@pytest.mark.parametrize("case", reference.CASES)
def test_the_executive_page_answers_the_threshold_under_the_verdict(case: str) -> None:
    data = _with_threshold(case)
    want = _sentence(case)
    o = _expected(case)["overall"]
    summary = _pdf(data)[1]
    paragraphs, _rows = _docx(data)
    executive = _executive_docx(paragraphs)
    for text in (summary, executive):
        assert text.count(want) == 1
        # right under the verdict: after its words (and its band scale), before the range
        verdict_at = text.index(_words(o))
        assert verdict_at < text.index(want) < text.index(f"Range {o['low']:.1f}")
    assert want in paragraphs  # a paragraph of its own in the DOCX


@pytest.mark.parametrize("case", reference.CASES)
def test_no_threshold_no_question(case: str) -> None:
    data = _data(case)
    assert data.threshold is None
    paragraphs, rows = _docx(data)
    for text in (*_pdf(data), *paragraphs, *rows):
        assert "Is exposure" not in text


def test_an_open_answer_is_never_a_promise() -> None:
    summary = _pdf(_with_threshold(""))[1]
    line = summary[summary.index(QUESTION):summary.index("Range 56.3")]
    assert line.strip() == f"{QUESTION} Open: the open indicators allow either."
    for promise in ("will", "would", "yes", "no ", "likely", "expected"):
        assert promise not in line.lower().replace(QUESTION.lower(), ""), promise


def test_other_thresholds_read_from_the_same_range() -> None:
    """Case 1 (56.3–77.1): Elevated or above is a yes, Severe or above a no."""
    elevated = _pdf(_with_threshold("", Band.ELEVATED))[1]
    assert ("Is exposure Elevated or above? Yes: the whole range (56.3–77.1) is at or above "
            "40.") in elevated
    severe, _rows = _docx(_with_threshold("", Band.SEVERE))
    assert ("Is exposure Severe or above? No: the whole range (56.3–77.1) is below 80."
            in severe)


def test_a_final_kept_on_version_1_says_which_rules_answer_it() -> None:
    data = replace(_with_threshold(""), scoring_rules=1)
    want = (f"{QUESTION} Open: the open indicators allow either. (Answered under version 2 of "
            "the scoring rules, as the verdict.)")
    assert want in _pdf(data)[1]
    assert want in _docx(data)[0]


def test_the_brief_written_for_a_library_with_a_threshold_states_it(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.library.set_threshold("high", who="Ministry")
    for name in ("brief.pdf", "brief.docx"):
        services.briefs.write(assessment_id, tmp_path / name)
    services.close()
    pdf = PdfReader(tmp_path / "brief.pdf")
    assert _sentence("") in " ".join((pdf.pages[1].extract_text() or "").split())
    from docx import Document

    document = Document(io.BytesIO((tmp_path / "brief.docx").read_bytes()))
    assert _sentence("") in [" ".join(p.text.split()) for p in document.paragraphs]
