"""The country brief of a framework-2.0 assessment, read back as its reader would: what it
measures ("exposure to the United States"), from where the analyst sits, the options for its
reader first, and which items of the must-answer list public sources cannot answer."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.framework import Framework
from aibri_desktop.reports.model import BriefData, BriefRow
from aibri_desktop.services import Services
from helpers.services import create_reference_assessment, open_services

# DS-01 at 3 triggers an option for partners and one for the assessed state; DS-04 at 4 one
# for the assessed state; TD-09 at 4 and GA-06 at 3 one of each.
ANSWERS = {"DS-01": 3, "DS-04": 4, "DS-05": 3, "TD-01": 3, "TD-09": 4, "GA-06": 3,
           "GA-01": 2, "DS-02": 2}


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def _version_2(services: Services) -> Framework:
    return next(f for f in services.frameworks.bundled if f.version == "2.0.0")


def _assessment(services: Services, *, supplier: str = "US",
                perspective: str | None = "outside") -> str:
    change = services.assessments.create(
        country_code="KE", title="Kenya 2026", as_of=date(2026, 1, 1),
        framework=_version_2(services), supplier=services.suppliers.get(supplier),
        perspective=perspective)
    for indicator, level in ANSWERS.items():
        services.assessments.answer(assessment_id=change.assessment_id, indicator_id=indicator,
                                    who="t", state=AnswerState.ANSWERED, level=level,
                                    evidence="Public registry, 2025.")
    return change.assessment_id


def _row(data: BriefData, indicator_id: str) -> BriefRow:
    row = data.row(indicator_id)
    assert row is not None
    return row


def _pages(services: Services, assessment_id: str, tmp_path: Path) -> list[str]:
    target = tmp_path / "brief.pdf"
    services.briefs.write(assessment_id, target)
    return [" ".join(page.extract_text().split()) for page in PdfReader(target).pages]


def _docx(services: Services, assessment_id: str, tmp_path: Path) -> list[str]:
    target = tmp_path / "brief.docx"
    services.briefs.write(assessment_id, target)
    return [p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs]


def test_an_outside_in_brief_on_the_us_says_what_it_measures_and_leads_with_partners(
        services: Services, tmp_path: Path) -> None:
    pages = _pages(services, _assessment(services), tmp_path)
    cover, summary = pages[0], pages[1]
    assert "Exposure to the United States · outside-in view (another country)" in cover
    assert "AI BELT AND ROAD" not in cover  # the PRC's programme is not this brief's subject
    assert all("exposure to the United States" in page for page in pages)  # every footer
    assert "Exposure to the United States · outside-in view (another country)" in summary
    options = summary[summary.index("Policy options the answers trigger"):]
    assert options.index("Options for partners") < options.index(
        "Options for the assessed state")
    partners = options[:options.index("Options for the assessed state")]
    assert "Offer untied digital finance on published terms" in partners  # TD-09's partners
    assert "Use financing-neutral tenders" not in partners  # TD-09's for the assessed state


def test_the_docx_says_the_same(services: Services, tmp_path: Path) -> None:
    paragraphs = _docx(services, _assessment(services), tmp_path)
    assert "Exposure to the United States · outside-in view (another country)" in paragraphs
    start = paragraphs.index("Policy options the answers trigger")
    assert paragraphs.index("Options for partners", start) < paragraphs.index(
        "Options for the assessed state", start)


def test_an_inside_view_leads_with_the_assessed_states_options(
        services: Services, tmp_path: Path) -> None:
    summary = _pages(services, _assessment(services, supplier="CN", perspective="inside"),
                     tmp_path)[1]
    assert "Exposure to the People's Republic of China · inside view (own country)" in summary
    options = summary[summary.index("Policy options the answers trigger"):]
    # the page has room for five: here all the assessed state's, partners' in the sections
    assert options.index("Options for the assessed state") < options.find(
        "Options for partners") or "Options for partners" not in options
    assert "Policy options the answers trigger Options for the assessed state" in summary


def test_without_a_perspective_the_order_stays_and_each_option_says_whom_it_addresses(
        services: Services, tmp_path: Path) -> None:
    summary = _pages(services, _assessment(services, perspective=None), tmp_path)[1]
    assert "Exposure to the United States" in summary and "outside-in view" not in summary
    assert "Options for partners" not in summary and "Options for the assessed state" \
        not in summary
    assert "; for partners)" in summary and "; for the assessed state)" in summary


def test_the_must_answer_list_marks_items_public_sources_cannot_answer(
        services: Services, tmp_path: Path) -> None:
    assessment_id = _assessment(services)
    data = services.briefs.data(assessment_id)
    needed = data.overall["must_answer"]
    government_only = [i for i in needed if _row(data, i).answerable_from == ("government",)]
    public = [i for i in needed if "public" in _row(data, i).answerable_from]
    assert government_only and public  # the case shows both kinds
    summary = _pages(services, assessment_id, tmp_path)[1]
    marked = summary[summary.index("Not answerable from public sources, needs the assessed "
                                   "government's records: "):]
    marked = marked[:marked.index(".")]
    assert all(i in marked.split(": ")[1].split(", ") for i in government_only)
    assert not any(i in marked for i in public)
    paragraphs = " ".join(_docx(services, assessment_id, tmp_path))
    assert f"needs the assessed government's records: {government_only[0]}" in paragraphs \
        or f", {government_only[0]}" in paragraphs


def test_the_annex_marks_each_must_answer_item_by_its_source(
        services: Services, tmp_path: Path) -> None:
    assessment_id = _assessment(services)
    data = services.briefs.data(assessment_id)
    item = next(i for i in data.overall["must_answer"]
                if _row(data, i).answerable_from == ("government",))
    text = " ".join(_pages(services, assessment_id, tmp_path))
    annex = text[text.index("What must be answered before the band can settle"):]
    row = annex[annex.index(f"{item} {_row(data, item).short_title}"):]
    assert row[:200].split(" ● ")[1].startswith("needs the assessed government's records")


def test_a_format_1_brief_reads_as_before(services: Services, tmp_path: Path) -> None:
    pages = _pages(services, create_reference_assessment(services), tmp_path)
    text = " ".join(pages)
    assert "COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE" in pages[0]
    for new in ("exposure to the", "Options for partners", "for the assessed state",
                "Not answerable from public sources", "Perspective"):
        assert new not in text
