"""The Word brief is the PDF brief: the same headings at the same levels in the same order
(read from the PDF's story, not from its text), on the same A4 page, its tables in the PDF's
column proportions with their header row repeated on every page, every chart described for a
screen reader, and "Page X of Y" in the footer."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from reportlab.platypus import Paragraph, Table

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.judgements import Judgements
from aibri_desktop.reports.country_brief import CountryBrief
from aibri_desktop.reports.docx_brief import render_docx_brief
from aibri_desktop.reports.layout import BOTTOM_MARGIN, MARGIN, TOP_MARGIN, styles
from aibri_desktop.reports.model import BriefData
from helpers.services import open_services

# (indicator, state, level or (low, high)): every kind of answer a brief prints, so that each
# conditional section of the PDF (red flags, a range, an unknown, a reason for N/A, options
# in several dimensions, an open verdict and its must-answer list) is there to compare
ANSWERS: tuple[tuple[str, AnswerState, Any], ...] = (
    ("DS-01", AnswerState.ANSWERED, 4), ("DS-02", AnswerState.ANSWERED, 2),
    ("DS-03", AnswerState.RANGE, (1, 3)), ("DS-04", AnswerState.ANSWERED, 4),
    ("DS-05", AnswerState.UNKNOWN, None), ("DS-06", AnswerState.NOT_APPLICABLE, None),
    ("TD-01", AnswerState.ANSWERED, 3), ("TD-02", AnswerState.ANSWERED, 1),
    ("TD-09", AnswerState.ANSWERED, 4), ("GA-01", AnswerState.ANSWERED, 2),
    ("GA-06", AnswerState.ANSWERED, 3), ("MC-01", AnswerState.ANSWERED, 2),
)
MODULE_ANSWERS = (("IE-01", AnswerState.ANSWERED, 3), ("EM-01", AnswerState.ANSWERED, 1))
CASES = {  # a real country seen from outside, a fictional one from inside with every module
    "kenya": ("KE", "Kenya 2026", "US", "outside", frozenset({"MC"})),
    "fictional": ("XB", "Borealis sample", "CN", "inside", frozenset({"IE", "EM", "MC"})),
}
EMU_PER_CM = 360_000
EMU_PER_PT = 12_700


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BriefData]:
    services = open_services(tmp_path_factory.mktemp("parity"))
    try:
        framework = next(f for f in services.frameworks.bundled if f.version == "2.0.0")
        found = {}
        for name, (code, title, supplier, perspective, modules) in CASES.items():
            assessment_id = services.assessments.create(
                country_code=code, title=title, as_of=date(2026, 1, 1), framework=framework,
                supplier=services.suppliers.get(supplier), perspective=perspective,
                modules=modules, marking="OFFICIAL").assessment_id
            for indicator_id, state, level in ANSWERS + tuple(
                    a for a in MODULE_ANSWERS if a[0][:2] in modules):
                low, high = level if isinstance(level, tuple) else (None, None)
                services.assessments.answer(
                    assessment_id=assessment_id, indicator_id=indicator_id, who="t",
                    state=state, level=level if isinstance(level, int) else None,
                    level_low=low, level_high=high, evidence="Public registry, 2025.",
                    na_reason="No such system exists here."
                    if state is AnswerState.NOT_APPLICABLE else None)
            services.assessments.set_judgements(assessment_id=assessment_id, judgements=(
                Judgements(key=("Compute is concentrated in one vendor.",),
                           comments={"TD": "Procurement records were incomplete."})))
            found[name] = services.briefs.data(assessment_id)
        return found
    finally:
        services.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _flowables(items: Any) -> Any:
    """Every flowable of a story, depth first: into KeepTogether and KeepInFrame (which hold
    lists) and into table cells."""
    for item in items if isinstance(items, list | tuple) else [items]:
        if isinstance(item, list | tuple):
            yield from _flowables(item)
            continue
        yield item
        content = getattr(item, "_content", None)
        if isinstance(content, list | tuple):
            yield from _flowables(content)
        if isinstance(item, Table):
            for row in item._cellvalues:
                yield from _flowables(list(row))


def _pdf_headings(data: BriefData, evidence: bool) -> list[tuple[int, str]]:
    s = styles()
    levels = {s["h1"].name: 1, s["h2"].name: 2, s["h3"].name: 3}
    return [(levels[f.style.name], _flat(f.getPlainText()))
            for f in _flowables(CountryBrief(data, evidence_annex=evidence).story())
            if isinstance(f, Paragraph) and f.style.name in levels]


_WRITTEN: dict[tuple[str, str, bool], bytes] = {}


def _docx(data: BriefData, evidence: bool) -> Document:
    """The Word brief of ``data``, written once per module run (each test reads its own
    copy)."""
    key = (data.country, data.title, evidence)
    if key not in _WRITTEN:
        _WRITTEN[key] = render_docx_brief(data, evidence_annex=evidence)
    return docx.Document(io.BytesIO(_WRITTEN[key]))


def _docx_headings(document: Document) -> list[tuple[int, str]]:
    return [(int(p.style.name.removeprefix("Heading ")), _flat(p.text))
            for p in document.paragraphs
            if p.style is not None and p.style.name.startswith("Heading")]


@pytest.mark.parametrize("evidence", [False, True], ids=["brief", "with-evidence-annex"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_word_brief_has_the_pdfs_headings_in_order(briefs: dict[str, BriefData],
                                                       case: str, evidence: bool) -> None:
    data = briefs[case]
    pdf = _pdf_headings(data, evidence)
    word = _docx_headings(_docx(data, evidence))
    assert pdf[0] == (1, "Executive summary")  # the walk found the summary's KeepInFrame
    assert (2, "Robustness") in pdf and (2, "What this brief does not measure") in pdf
    assert ((1, "Annex: evidence and sources of every answer") in pdf) is evidence
    assert word == pdf


@pytest.mark.parametrize("evidence", [False, True], ids=["brief", "with-evidence-annex"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_paragraph_the_pdf_prints_is_in_the_word_brief(
        briefs: dict[str, BriefData], case: str, evidence: bool) -> None:
    """Word for word: each paragraph of the PDF's story (table cells included) is a paragraph
    of the Word brief, so a sentence added to, or reworded in, one is not missing from the
    other. Bands drawn as chips (a cell each in the PDF, coloured words in one line in Word)
    are the exception."""
    data = briefs[case]
    pdf = [_flat(f.getPlainText())
           for f in _flowables(CountryBrief(data, evidence_annex=evidence).story())
           if isinstance(f, Paragraph) and "-chip" not in f.style.name]
    document = _docx(data, evidence)
    word = {_flat(p.text) for p in document.paragraphs} | {
        _flat(p.text) for table in document.tables for row in table.rows for cell in row.cells
        for p in cell.paragraphs}
    assert len(pdf) > 150
    assert [text for text in pdf if text and text not in word] == []


@pytest.mark.parametrize("case", list(CASES))
def test_the_cover_states_the_pdfs_facts(briefs: dict[str, BriefData], case: str) -> None:
    """The facts under the marking on the cover, row by row as the PDF's (its table has no
    header row; Word's has one, "Item" and "Value", to repeat and to be read as one)."""
    data = briefs[case]
    cover = CountryBrief(data).cover()
    facts = next(f for f in cover if isinstance(f, Table) and len(f._colWidths) == 2)
    pdf = [[_flat(cell.getPlainText()) for cell in row] for row in facts._cellvalues]
    word = [[_flat(cell.text) for cell in row.cells] for row in _docx(data, False).tables[0].rows]
    assert word[0] == ["Item", "Value"]
    assert word[1:] == pdf
    assert pdf[0][0] == "As of"


def test_the_word_brief_is_an_a4_page_with_the_pdfs_margins_and_footer(
        briefs: dict[str, BriefData]) -> None:
    document = _docx(briefs["kenya"], True)
    assert len(document.sections) == 1
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width / EMU_PER_CM == pytest.approx(21.0, abs=0.01)
    assert section.page_height / EMU_PER_CM == pytest.approx(29.7, abs=0.01)
    for margin, points in ((section.left_margin, MARGIN), (section.right_margin, MARGIN),
                           (section.top_margin, TOP_MARGIN),
                           (section.bottom_margin, BOTTOM_MARGIN)):
        assert margin is not None and margin / EMU_PER_PT == pytest.approx(points, abs=0.1)
    fields = [_flat(t.text or "") for t in section.footer._element.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0].endswith("Page 1 of 1")  # the fields' stand-ins until Word counts
    assert "exposure to the United States" in footer[0]  # format 2: what is measured
    assert footer[-1] == "OFFICIAL" and section.header.paragraphs[0].text == "OFFICIAL"


@pytest.mark.parametrize(("case", "charts"), [("kenya", 2), ("fictional", 3)])
def test_every_image_has_alt_text(briefs: dict[str, BriefData], case: str,
                                  charts: int) -> None:
    """Three exposure dimensions: bars alone (a radar would be a triangle), as the PDF; five:
    the radar beside them. The drivers under both."""
    document = _docx(briefs[case], False)
    pictures = list(document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert len(pictures) == len(document.inline_shapes) == charts
    for picture in pictures:
        assert picture.get("title"), picture.get("name")
        description = picture.get("descr") or ""
        assert len(description) > 40 and description.endswith("."), description
    first = pictures[0].get("descr") or ""
    if charts == 3:
        assert first.startswith("Radar chart of the exposure dimensions")
        assert "Data sovereignty: range" in first
    bars = pictures[charts - 2].get("descr") or ""
    assert bars.startswith("Bar chart of each exposure dimension's range")
    assert "Data sovereignty: at least" in bars
    assert (pictures[-1].get("descr") or "").startswith("Bar chart of the indicators that add")


@pytest.mark.parametrize("case", list(CASES))
def test_every_table_repeats_its_header_row(briefs: dict[str, BriefData], case: str) -> None:
    document = _docx(briefs[case], True)
    assert len(document.tables) >= 9
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None, [c.text for c in table.rows[0].cells]
        header = first.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val"), "true") in ("true", "1", "on")
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
                   for row in table.rows[1:])
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def _proportions(widths: list[float]) -> list[float]:
    return [round(w / sum(widths), 3) for w in widths]


def _grid(table: Any) -> list[float]:
    """A Word table's column widths in points."""
    return [float(column.w or 0) / EMU_PER_PT for column in table._tbl.tblGrid.gridCol_lst]


def test_the_tables_take_the_pdfs_column_proportions(briefs: dict[str, BriefData]) -> None:
    data = briefs["kenya"]
    pdf: dict[tuple[str, ...], list[float]] = {}
    for flowable in _flowables(CountryBrief(data, evidence_annex=True).story()):
        if isinstance(flowable, Table) and flowable._cellvalues:
            header = tuple(_flat(cell.getPlainText()) if isinstance(cell, Paragraph) else ""
                           for cell in flowable._cellvalues[0])
            pdf[header] = _proportions([float(w) for w in flowable._colWidths])
    document = _docx(data, True)
    facts, *tables = document.tables
    assert [c.text for c in facts.rows[0].cells] == ["Item", "Value"]
    assert _proportions(_grid(facts))[0] == pytest.approx(
        45 * 2.835 / (21.0 / 2.54 * 72 - 2 * MARGIN), abs=0.002)  # the PDF's 45 mm
    matched = 0
    for table in tables:
        header = tuple(_flat(c.text) for c in table.rows[0].cells)
        assert header in pdf, header
        widths = _grid(table)
        assert _proportions(widths) == pytest.approx(pdf[header], abs=0.002), header
        assert sum(widths) == pytest.approx(21.0 / 2.54 * 72 - 2 * MARGIN, abs=1)
        matched += 1
    ids = pdf[("ID", "Item", "Answer", "Conf.", "Evidence")]
    assert ids[0] < min(ids[1], ids[2], ids[4]) / 2, "ID narrow, texts wide"
    assert matched == len(tables) >= 8


def test_the_sections_the_pdf_prints_are_in_the_word_brief(
        briefs: dict[str, BriefData]) -> None:
    data = briefs["fictional"]
    document = _docx(data, False)
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Not applicable: No such system exists here." in cells
    assert text.index("How to read this brief:") < text.index("Executive summary")
    assert "Procurement records were incomplete." in text
    assert "Sources of the policy options in this brief:" in text
    assert "Equal indicator and dimension weights instead of the framework's" in text
    assert any(c.startswith("Weights ±25 %, uncertain answers move") for c in cells)
    assert "Approval of or alignment with any partner" in text
