"""The brief under version 2 of the scoring rules, read as a minister's office would read it:
the verdict leads, an open verdict keeps the point score off the executive page, no bare band
stands beside an open verdict, "provisional" wherever it applies, what must be answered before
the band can settle, an unknown never called "not answered", the capacity dimension without a
band, a dimension left out by name, and a final assessment kept on version 1 labelled as such.

Every case of the reference fixture (tests/fixtures/reference) is checked in the PDF's
extracted text and in the DOCX's text."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from aibri_desktop.domain.answers import Answer, AnswerState
from aibri_desktop.domain.bands import Band
from aibri_desktop.domain.robustness import robustness
from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.domain.verdict import Verdict
from aibri_desktop.palette import BAND_COLOURS
from aibri_desktop.reports.country_brief import render_country_brief
from aibri_desktop.reports.docx_brief import render_docx_brief
from aibri_desktop.reports.model import BriefData, assemble
from helpers import reference

LABEL = "score of the answered indicators (ranges at their middle)"
NAMES = {"DS": "Data sovereignty", "TD": "Technology dependency", "GA": "Governance alignment",
         "MC": "Mitigation capacity"}


def _data(case: str = "", answers: dict[str, Answer] | None = None) -> BriefData:
    framework = reference.framework()
    answers = answers if answers is not None else reference.answers(case)
    modules = frozenset(reference.modules(case))
    return assemble(framework=framework, answers=answers, modules=modules,
                    score=score_assessment(framework, answers, modules), robustness=None,
                    country="Republic of Avalon", country_code="XA", region="Reference",
                    title="Reference fixture", as_of=date(2026, 11, 1), marking="REFERENCE",
                    generated_at=datetime(2026, 11, 2, 9, 0), app_version="0.1.0")


def _expected(case: str = "") -> dict[str, Any]:
    """The fixture's expected figures as numbers (case 1 keeps its version-1 figures as
    strings, "73.1")."""
    def numbers(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: float(v) if k in ("score", "low", "high", "coverage", "capacity",
                                         "share") and isinstance(v, str) else numbers(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [numbers(v) for v in value]
        return value

    result: dict[str, Any] = numbers(reference.expected(case))
    return result


def _flat(text: str) -> str:
    """Words as a reader reads them: line breaks and cell boundaries are spaces."""
    return " ".join(text.split())


def _pdf(data: BriefData) -> list[str]:
    reader = PdfReader(io.BytesIO(render_country_brief(data)))
    return [_flat(page.extract_text()) for page in reader.pages]


def _docx(data: BriefData) -> tuple[list[str], list[str]]:
    """(paragraphs, table rows), each flattened."""
    document = Document(io.BytesIO(render_docx_brief(data)))
    rows = [_flat(" | ".join(cell.text for cell in row.cells))
            for table in document.tables for row in table.rows]
    return [_flat(p.text) for p in document.paragraphs], rows


def _executive_docx(paragraphs: list[str]) -> str:
    start = paragraphs.index("Executive summary")
    end = paragraphs.index("Dimensions at a glance")
    return " ".join(paragraphs[start:end])


def _words(figures: dict[str, Any]) -> str:
    verdict = Verdict.from_json(figures["verdict"])
    assert verdict is not None
    return verdict.words()


def _open(figures: dict[str, Any]) -> bool:
    return not figures["verdict"]["settled"]


def _bare(figures: dict[str, Any]) -> str:
    """The score beside the band of the score: what version 1 printed."""
    score = Decimal(str(figures["score"]))
    return f"{score} {Band.of(score).label}"


def _exposure(case: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in _expected(case)["dimensions"].items() if k != "MC"}


# ---- the verdict leads; no point score on the executive page of an open verdict ------------


@pytest.mark.parametrize("case", reference.CASES)
def test_the_executive_page_leads_with_the_verdict(case: str) -> None:
    want = _expected(case)
    o, r = want["overall"], want["residual"]
    summary = _pdf(_data(case))[1]
    paragraphs, _rows = _docx(_data(case))
    executive = _executive_docx(paragraphs)
    for text in (summary, executive):
        assert _words(o) in text
        assert f"Range {o['low']:.1f}–{o['high']:.1f}" in text
        assert f"coverage {o['coverage'] * 100:.1f} %" in text
        assert ("PROVISIONAL (coverage below 70 %)" in text) is o["provisional"]
        assert f"Residual exposure after mitigation capacity: {_words(r)}" in text
        assert f"range {r['low']:.1f}–{r['high']:.1f}" in text
    assert f"Overall exposure: {_words(o)}" in executive
    # the verdict is the first figure on the page
    assert summary.index(_words(o)) < summary.index("Range ")


@pytest.mark.parametrize("case", [c for c in reference.CASES
                                  if _open(_expected(c)["overall"])])
def test_an_open_verdict_keeps_the_point_score_off_the_executive_page(case: str) -> None:
    """A minister quotes whatever number is on page 1: with an open verdict that number is not
    the score of the answered indicators, nor the residual's."""
    want = _expected(case)
    o, r = want["overall"], want["residual"]
    assert o["verdict"]["bands"][0] != o["verdict"]["bands"][-1]
    framework = reference.framework()
    data = replace(_data(case), robustness=robustness(
        framework, reference.answers(case), frozenset(reference.modules(case))))
    summary = _pdf(data)[1]
    executive = _executive_docx(_docx(data)[0])
    for text in (summary, executive):
        assert "at least " in text and ", at most " in text
        for score in (o["score"], r["score"]):
            assert f"{score:.1f}" not in text, score
        assert LABEL not in text
        assert _bare(o) not in text and _bare(r) not in text
        # nor the draws' figures, which are the point score's (they are in the annex)
        assert "draws" not in text and "How robust is the score?" in text


def test_a_settled_verdict_is_its_one_band_with_the_labelled_score() -> None:
    want = _expected("_v2_settled")
    o, r = want["overall"], want["residual"]
    summary = _pdf(_data("_v2_settled"))[1]
    executive = _executive_docx(_docx(_data("_v2_settled"))[0])
    for text in (summary, executive):
        assert "at least" not in text
        assert f"{LABEL} {o['score']:.1f}" in text
        assert (f"Residual exposure after mitigation capacity: {_words(r)} ({LABEL} "
                f"{r['score']:.1f}, range {r['low']:.1f}–{r['high']:.1f}") in text
    assert "Overall exposure: High" in executive


# ---- the scores table and the sections: the verdict, never a bare band ----------------------


@pytest.mark.parametrize("case", reference.CASES)
def test_no_bare_band_beside_an_open_verdict(case: str) -> None:
    want = _expected(case)
    pages = _pdf(_data(case))
    everything = " ".join(pages)
    scores = everything[everything.index("Verdicts and scores Figure Verdict"):]
    paragraphs, rows = _docx(_data(case))
    docx_text = " ".join(paragraphs + rows)
    figures = {"Overall exposure": want["overall"], "Residual exposure (m = 0.3)":
               want["residual"]}
    figures |= {f"{k} — {NAMES[k]}": v for k, v in _exposure(case).items()}
    for name, f in figures.items():
        words = _words(f) + (", provisional" if f["provisional"] else "")
        # the row: its name, its verdict, then the score under its own label's column
        assert f"{name} {words}" in scores, name
        assert any(row.startswith(f"{name} | {words}") and f"| {f['score']:.1f} |" in row
                   for row in rows), name
        if _open(f):
            assert _bare(f) not in everything, name
            assert _bare(f) not in docx_text, name
    assert "Score of the answered indicators (ranges at their middle)" in scores
    for dim_id, f in _exposure(case).items():
        heading = f"{dim_id} — {NAMES[dim_id]}: {_words(f)}" + (
            ", provisional" if f["provisional"] else "")
        assert heading in everything
        assert heading in paragraphs
        assert f"Score of the answered indicators (ranges at their middle) {f['score']:.1f}" \
            in everything


@pytest.mark.parametrize("case", reference.CASES)
def test_the_capacity_dimension_has_no_band_and_no_verdict(case: str) -> None:
    mc = _expected(case)["dimensions"]["MC"]
    everything = " ".join(_pdf(_data(case)))
    paragraphs, rows = _docx(_data(case))
    heading = f"MC — Mitigation capacity: capacity {mc['score']:.1f} (higher = more capacity; " \
        "no band)" + (", provisional" if mc["provisional"] else "")
    assert heading in everything and heading in paragraphs
    assert "MC — Mitigation capacity no band, no verdict" in everything
    assert any(row.startswith("MC — Mitigation capacity | no band, no verdict") for row in rows)


# ---- provisional, what must be answered, wording ------------------------------------------


def test_provisional_wherever_coverage_is_below_seventy_percent() -> None:
    """Case 2: the overall exposure (0.672), DS (0.438) and the residual (because the overall
    exposure is) are provisional; TD (0.708), GA and MC are not."""
    pages = _pdf(_data("_v2"))
    everything = " ".join(pages)
    paragraphs, rows = _docx(_data("_v2"))
    for text in (pages[1], _executive_docx(paragraphs)):
        assert "PROVISIONAL (coverage below 70 %)" in text
        assert ("Residual exposure after mitigation capacity: at least Guarded, at most "
                "Elevated, provisional") in text
    for text in (everything, " ".join(paragraphs)):
        assert "DS — Data sovereignty: at least Guarded, at most High, provisional" in text
        assert "TD — Technology dependency: at least Guarded, at most Elevated ·" not in text
        assert re.search(r"TD — Technology dependency: at least Guarded, at most Elevated"
                         r"(?!, provisional)", text)
        assert "coverage 43.8 % · provisional" in text
        assert "coverage 70.8 % · provisional" not in text
    assert "DS — Data sovereignty | 1 | 1 | 2 | 0 | 0 | 0.0 % | 43.8 %, provisional" in rows


@pytest.mark.parametrize("case", reference.CASES)
def test_what_must_be_answered_before_the_band_can_settle(case: str) -> None:
    o = _expected(case)["overall"]
    data = _data(case)
    pages = _pdf(data)
    everything = " ".join(pages)
    paragraphs, rows = _docx(data)
    needed = o["must_answer"]
    if len(needed) > 1:
        sentence = (f"The band cannot settle unless at least these are answered: "
                    f"{', '.join(needed)}.")
    elif needed:
        sentence = f"The band cannot settle unless at least this one is answered: {needed[0]}."
    else:
        sentence = ""
    executive = _executive_docx(paragraphs)
    if sentence:
        assert sentence in pages[1] and sentence in executive
    else:
        assert "cannot settle" not in everything + executive
    for text in (everything, " ".join(paragraphs)):
        assert "will settle" not in text and "would settle" not in text
    # the annex: every open indicator with its share; the shares add up to high − low
    assert sum(Decimal(str(i["share"])) for i in o["settle_by"]) == \
        Decimal(str(o["high"])) - Decimal(str(o["low"]))
    title = "What must be answered before the band can settle" if needed else \
        "The open indicators and their share of the range"
    annex = everything[everything.index(title):]
    assert f"{o['high']:.1f} − {o['low']:.1f} = " \
           f"{Decimal(str(o['high'])) - Decimal(str(o['low']))}" in annex
    for item in o["settle_by"]:
        mark = " ●" if item["indicator"] in needed else ""
        cells = f"{item['indicator']} Reference question {item['indicator']}? "
        assert re.search(re.escape(cells) + r"[a-z0-9– ]+ " + re.escape(
            f"{item['share']:.1f}{mark}"), annex), item
        assert any(row.startswith(f"{item['indicator']} | Reference question") and
                   row.endswith(f"| {item['share']:.1f} | {mark.strip()}".rstrip())
                   for row in rows), item


def test_an_unknown_is_never_called_not_answered() -> None:
    """Case 1: TD-03 is critical and unanswered; case 2: DS-04 is critical and unknown."""
    for case, flag in (("", "Possible red flag (not yet answered) — TD-03"),
                       ("_v2", "Possible red flag (unknown) — DS-04")):
        pages = _pdf(_data(case))
        paragraphs, rows = _docx(_data(case))
        assert flag in pages[1]
        assert flag in _executive_docx(paragraphs)
        for text in (" ".join(pages), " ".join(paragraphs + rows)):
            assert not re.search(r"(?<!yet )not answered", text)
    rows = _docx(_data("_v2"))[1]
    assert any(row.startswith("DS-04 ▲ | Reference question DS-04? | Unknown") for row in rows)
    assert any(row.startswith("TD-02 | Reference question TD-02? | Not yet answered")
               for row in rows)
    assert any(row.startswith("DS-03 | Reference question DS-03? | Between level 1 and level 3")
               for row in rows)


def test_a_dimension_entirely_not_applicable_is_named_as_left_out() -> None:
    answers = dict(reference.answers())
    for indicator_id in ("GA-01", "GA-02"):
        answers[indicator_id] = Answer(indicator_id, AnswerState.NOT_APPLICABLE,
                                       na_reason="No such body exists.")
    data = _data(answers=answers)
    pages = _pdf(data)
    paragraphs, rows = _docx(data)
    named = ("Left out of the overall exposure, every indicator not applicable: GA — "
             "Governance alignment.")
    assert named in pages[1] and named in _executive_docx(paragraphs)
    assert "GA — Governance alignment: left out of the overall exposure (every indicator is " \
        "not applicable)" in " ".join(pages)
    assert any(row.startswith("GA — Governance alignment | left out of the overall exposure")
               for row in rows)


# ---- a final assessment kept on version 1 of the rules -------------------------------------


def test_version_one_figures_are_labelled_with_the_version_two_verdict_beside() -> None:
    o = _expected()["overall"]
    data = replace(_data(), scoring_rules=1)
    pages = _pdf(data)
    paragraphs, rows = _docx(data)
    executive = _executive_docx(paragraphs)
    for text in (pages[1], executive):
        assert "Figures under scoring rules version 1, as signed off" in text
        assert "Under version 2: at least Elevated, at most High" in text
    v1 = f"{o['score']:.1f} High Under version 2: at least Elevated, at most High"
    assert v1 in pages[1] and v1 in executive
    everything = " ".join(pages)
    assert "DS — Data sovereignty: 80.0 Severe (version 1) · Under version 2: at least High, " \
        "at most Severe" in everything
    assert "Residual exposure after mitigation capacity: 56.7 Elevated (version 1); under " \
        "version 2: at least Elevated, at most High, provisional" in everything
    assert any(row.startswith("TD — Technology dependency | 81.3 Severe, provisional | at least "
                              "Elevated, at most Severe, provisional") for row in rows)
    # under version 2 (the default) none of it
    assert "(version 1)" not in " ".join(_pdf(_data()))
    assert "scoring rules version 1" not in " ".join(_pdf(_data()))


# ---- the chart: an open verdict is its span of bands, each in its colour ------------------


def test_the_dimension_chart_draws_each_band_of_the_span_in_its_colour() -> None:
    from reportlab.graphics.shapes import Rect

    from aibri_desktop.reports.drawings import verdict_bars

    def bar_colours(low: float, high: float, bands: list[str]) -> set[str]:
        drawing = verdict_bars([("DS", (low + high) / 2, low, high, bands, ["caption"])])
        return {"#" + shape.fillColor.hexval()[2:].lower() for shape in drawing.contents
                if isinstance(shape, Rect) and shape.height == 10 and shape.fillColor}

    colour = {band.label: BAND_COLOURS[band] for band in Band}
    assert bar_colours(21.9, 78.1, ["Guarded", "Elevated", "High"]) == \
        {colour["Guarded"], colour["Elevated"], colour["High"]}
    assert bar_colours(41.7, 58.3, ["Elevated"]) == {colour["Elevated"]}
    # a range ending on a band's edge reaches that band: it is drawn, however thin
    assert bar_colours(20.8, 40.0, ["Guarded", "Elevated"]) == \
        {colour["Guarded"], colour["Elevated"]}
