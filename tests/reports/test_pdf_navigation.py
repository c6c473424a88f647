"""Navigable briefs: every heading a bookmark in the document outline (shown on opening), the
document language set, A4 pages, and a content order that text extraction follows."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Frame, PageTemplate, Paragraph

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align
from aibri_desktop.domain.compare_summary import comparison_summary
from aibri_desktop.reports.comparison_brief import render_comparison_brief
from aibri_desktop.reports.layout import BriefDocTemplate, outline_levels, styles
from helpers import reference
from helpers.services import create_reference_assessment, open_services


@pytest.fixture(scope="module")
def country_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("navigation")
    services = open_services(folder)
    try:
        target = folder / "brief.pdf"
        services.briefs.write(create_reference_assessment(services), target, evidence=True)
        return target.read_bytes()
    finally:
        services.close()


@pytest.fixture(scope="module")
def comparison_pdf() -> bytes:
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 3, Confidence.HIGH)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    items = [Compared(name, f"Avalon, 2026-0{day}-01", "XA",
                      datetime(2026, day, 1).date(), reference.framework(), answers,
                      frozenset(reference.modules()))
             for name, answers, day in (("A", reference.answers(), 1), ("B", b, 6))]
    alignment = align(items)
    return render_comparison_brief(comparison_summary(alignment), marking="TEST",
                                   app_version="0", generated_at=datetime(2026, 11, 30),
                                   alignment=alignment)


def _outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every outline entry, in order."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None
                found.append((level, item.title, page + 1))

    walk(reader.outline, 0)
    return found


def _page_texts(pdf: bytes) -> list[str]:
    """Each page's text in content order, as pdfium extracts it (one line of words)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [" ".join(document[n].get_textpage().get_text_range().split())
                for n in range(len(document))]
    finally:
        document.close()


def _catalog(pdf: bytes) -> Any:
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def test_the_country_brief_has_an_outline_of_its_sections(country_pdf: bytes) -> None:
    outline = _outline(country_pdf)
    top = [title for level, title, _page in outline if level == 0]
    assert top == ["Republic of Avalon", "Executive summary", "Dimensions at a glance",
                   "Annex: methodology and coverage",
                   "Annex: evidence and sources of every answer"]
    second = [title for level, title, _page in outline if level == 1]
    assert {"Red flags", "Verdicts and scores", "Coverage", "Robustness"} <= set(second)
    assert any(title.startswith("DS — Data sovereignty") for title in second)
    # an h3 straight under an h1 ("Red flags" under the executive summary) is one level down
    assert (1, "Red flags", 2) in outline
    assert any(level == 2 and title.startswith("DS-01") for level, title, _page in outline)


def test_the_comparison_brief_has_an_outline_of_its_sections(comparison_pdf: bytes) -> None:
    outline = _outline(comparison_pdf)
    assert outline[0] == (0, "Avalon, 2026-01-01 to 2026-06-01", 1)
    assert [title for level, title, _page in outline if level == 0] == [outline[0][1]]
    assert [title for level, title, _page in outline if level == 1] == [
        "Summary", "The assessments", "The dimensions compared", "Scores and changes",
        "What changed: the findings"]


def test_each_bookmark_opens_the_page_its_heading_is_on(comparison_pdf: bytes,
                                                       country_pdf: bytes) -> None:
    for pdf in (comparison_pdf, country_pdf):
        pages = _page_texts(pdf)
        for _level, title, page in _outline(pdf):
            assert " ".join(title.split()) in pages[page - 1], title


@pytest.mark.parametrize("which", ["country", "comparison"])
def test_language_outline_shown_and_a4(which: str, country_pdf: bytes,
                                       comparison_pdf: bytes) -> None:
    pdf = country_pdf if which == "country" else comparison_pdf
    catalog = _catalog(pdf)
    assert catalog["/Lang"] == "en"
    assert catalog["/PageMode"] == "/UseOutlines"
    for page in PdfReader(io.BytesIO(pdf)).pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(A4[0], abs=0.01)
        assert float(box.height) == pytest.approx(A4[1], abs=0.01)


def test_text_extraction_reads_the_headline_before_the_body(country_pdf: bytes,
                                                            comparison_pdf: bytes) -> None:
    """The marking at the top comes first, then the body in order, the footer last."""
    first = _page_texts(comparison_pdf)[0]
    assert first.startswith("TEST COMPARISON BRIEF")
    assert first.index("Avalon, 2026-01-01 to 2026-06-01") < first.index("Summary") < \
        first.index("What changed from") < first.index("The assessments")
    assert first.endswith("Comparison brief: Avalon, 2026-01-01 to 2026-06-01 Page 1 of 2 TEST")
    summary = _page_texts(country_pdf)[1]
    assert summary.startswith("REFERENCE Executive summary Overall exposure")
    assert summary.index("Executive summary") < summary.index("Red flags") < \
        summary.index("What drives the score")
    assert re.search(r"Page 2 of \d+ REFERENCE$", summary)


def test_outline_levels_never_jump() -> None:
    assert outline_levels([0, 2, 2, 1, 2, 0, 2]) == [0, 1, 1, 1, 2, 0, 1]
    assert outline_levels([2, 1, 0]) == [0, 0, 0]
    assert outline_levels([]) == []


def test_a_plain_canvas_bookmarks_as_it_goes(tmp_path: Path) -> None:
    """Without the numbered canvas the template bookmarks at once, an h3 after an h1 too."""
    s = styles()
    target = tmp_path / "plain.pdf"
    doc = BriefDocTemplate(str(target), pagesize=A4, lang="fr")
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(50, 50, 495, 740)])])
    doc.build([Paragraph("Titre", s["h1"]), Paragraph("Détail", s["h3"]),
               Paragraph("Texte", s["body"]), Paragraph("Partie", s["h2"])])
    pdf = target.read_bytes()
    assert _outline(pdf) == [(0, "Titre", 1), (1, "Détail", 1), (1, "Partie", 1)]
    assert _catalog(pdf)["/Lang"] == "fr"
