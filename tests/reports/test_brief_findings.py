"""A minister reads findings, not questions, and nothing cut off: every indicator on the
executive page is its id, short title, the answer and a line of its evidence; no "…" cuts a
word anywhere in the brief; three dimensions are drawn as bars, not a triangle."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from aibri_desktop.domain.judgements import Judgements
from aibri_desktop.services import Services
from helpers.services import open_services

LONG_EVIDENCE = ("Two of three national cloud tenders since 2023 went to one hyperscaler, "
                 "and the procurement rules set no multi-vendor requirement for any layer of "
                 "the national compute, storage or network stack " + "in any ministry " * 30
                 + "endword. A second sentence the tables leave to the annex.")
CUT = re.compile(r"\w…")  # an ellipsis right after a letter: a word was cut


@pytest.fixture
def kenya(tmp_path: Path) -> Iterator[tuple[Services, str]]:
    services = open_services(tmp_path)
    assessment = services.assessments.create(
        country_code="KE", title="Kenya AI dependency review 2026", as_of=date(2026, 11, 1),
        modules=frozenset(), marking="OFFICIAL").assessment_id
    services.assessments.answer(assessment_id=assessment, indicator_id="TD-03", who="ana",
                                level=4, confidence="medium", evidence=LONG_EVIDENCE)
    services.assessments.answer(assessment_id=assessment, indicator_id="DS-02", who="ana",
                                level=3, confidence="high",
                                evidence="The data-centre register lists the health platform "
                                         "as hosted offshore. Checked in 2026.")
    services.assessments.set_judgements(assessment_id=assessment, judgements=Judgements(key=(
        "Cloud concentration on a single vendor is the largest exposure today, " * 8
        + "lastword.",)))
    yield services, assessment
    services.close()


def _pages(services: Services, assessment: str, path: Path) -> list[str]:
    services.briefs.write(assessment, path, evidence=True)
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_no_ellipsis_cuts_a_word_anywhere_in_the_brief(kenya: tuple[Services, str],
                                                      tmp_path: Path) -> None:
    services, assessment = kenya
    pages = _pages(services, assessment, tmp_path / "k.pdf")
    for number, text in enumerate(pages, 1):
        assert not CUT.search(text), f"page {number}: {CUT.search(text)!r} in {text[:200]}"
    everything = " ".join(pages)
    assert "lastword." in pages[1]  # a key judgement whole on the executive page
    assert "endword." in everything  # long evidence: whole in the annex
    assert "A second sentence the tables leave to the annex." in everything
    assert "(continued in the evidence)" in everything  # the table says where the rest is


def test_the_executive_page_shows_findings_not_questions(kenya: tuple[Services, str],
                                                         tmp_path: Path) -> None:
    services, assessment = kenya
    summary = _pages(services, assessment, tmp_path / "k.pdf")[1]
    framework = services.assessments.load(assessment).framework
    # the top driver, as a minister reads it: id, short title, the level's description, and
    # where the evidence goes on
    top = framework.indicator("TD-03")
    assert top.short_title is not None
    assert (f"TD-03 {top.short_title.get()}: level 4 — {top.levels[4].get()}") in summary
    assert "Evidence: Two of three national cloud tenders" in summary
    for indicator in framework.indicators():  # no question text on the page
        assert indicator.question.get() not in summary, indicator.id
    start = summary.index("What drives the score")
    drivers = summary[start:summary.index("Policy options", start)]
    assert re.findall(r"\(\d+\.\d points\)", drivers), drivers
    assert "?" not in drivers
    # the dimension verdicts come before the red flags, the judgements before the drivers
    assert summary.index("Dimension verdicts") < summary.index("Red flags") < \
        summary.index("Key judgements") < summary.index("What drives the score")
    assert "DS — Data sovereignty: at least" in summary


def test_three_dimensions_are_bars_not_a_triangle(kenya: tuple[Services, str],
                                                  tmp_path: Path) -> None:
    services, assessment = kenya
    pages = _pages(services, assessment, tmp_path / "k.pdf")
    glance = next(p for p in pages if "Dimensions at a glance" in p)
    assert "Dimensions as a radar" not in glance
    assert "Dashed lines: the band edges at 20, 40, 60 and 80." in glance
    # the drivers' colours are the dimensions': named under the chart
    assert "● DS Data sovereignty ● TD Technology dependency" in glance


def test_the_cover_says_who_signed_it_off_and_when(kenya: tuple[Services, str],
                                                   tmp_path: Path) -> None:
    services, assessment = kenya
    assert "Sign-off Draft: not signed off" in _pages(services, assessment,
                                                      tmp_path / "draft.pdf")[0]
    services.assessments.mark_final(assessment_ids=[assessment], who="R. Reviewer")
    signed = services.assessments.load(assessment).finalised_at
    assert signed is not None
    cover = _pages(services, assessment, tmp_path / "final.pdf")[0]
    assert f"Sign-off Final: signed off by R. Reviewer on {signed.date().isoformat()}" in cover


def test_the_footer_names_the_country_once(kenya: tuple[Services, str], tmp_path: Path) -> None:
    services, assessment = kenya
    pages = _pages(services, assessment, tmp_path / "k.pdf")
    metadata = PdfReader(tmp_path / "k.pdf").metadata
    assert metadata is not None
    assert metadata.title == "Country brief: Kenya AI dependency review 2026"
    assert all("Kenya — Kenya" not in page for page in pages)


def test_the_word_brief_cuts_nothing_either(kenya: tuple[Services, str], tmp_path: Path) -> None:
    from docx import Document

    services, assessment = kenya
    services.briefs.write(assessment, tmp_path / "k.docx", evidence=True)
    document = Document(str(tmp_path / "k.docx"))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    everything = " ".join(" ".join(texts).split())
    assert not CUT.search(everything), CUT.search(everything)
    assert "lastword." in everything and "endword." in everything


def test_a_library_on_us_letter_writes_every_brief_on_it(kenya: tuple[Services, str],
                                                         tmp_path: Path, aibri) -> None:
    """A4 unless the ministry sets US Letter for the library (recorded, refused otherwise)."""
    from docx import Document

    from aibri_desktop.services.errors import InvalidInputError

    services, assessment = kenya
    assert services.library.paper() == "a4"
    with pytest.raises(InvalidInputError, match="not a paper size"):
        services.library.set_paper("legal", who="ana")
    assert services.library.set_paper("Letter", who="ana").summary == \
        "Briefs are written on US Letter from now on."
    services.briefs.write(assessment, tmp_path / "k.pdf")
    services.briefs.write(assessment, tmp_path / "k.docx")
    for page in PdfReader(tmp_path / "k.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (612, 792)
    section = Document(str(tmp_path / "k.docx")).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == \
        (8.5, 11.0)
    database = services.database.path
    assert database is not None
    shown = aibri("--db", str(database), "paper")
    assert shown.returncode == 0 and shown.stdout.strip() == "Briefs are written on US Letter"
    back = aibri("--db", str(database), "paper", "--set", "a4", "--who", "Head of unit")
    assert back.returncode == 0, back.stderr
    assert services.library.paper() == "a4"
