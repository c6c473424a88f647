"""The comparison brief, read back from the PDF's text as its reader would: what it compares in
its title, each assessment's verdict, range, coverage and provisional mark, the displayed change
and whether it is established, the narrowed range, the findings by their titles with the answer
before and now, and the change chart's sides (docs/scoring.md, section 8)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Line, Rect

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Alignment, Compared, align
from aibri_desktop.domain.compare_summary import (
    comparison_summary,
    established_words,
    range_change_words,
)
from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.suppliers import render
from aibri_desktop.reports.comparison_brief import (
    brief_title,
    change_chart,
    evidence_line,
    render_comparison_brief,
)
from aibri_desktop.reports.drawings import change_bars
from aibri_desktop.services.frameworks import FrameworkCatalog
from aibri_desktop.services.suppliers import SupplierCatalog
from helpers import reference

SUPPLIERS = SupplierCatalog()
V2 = next(f for f in FrameworkCatalog().bundled if f.version == "2.0.0")


def _item(name: str, answers: Mapping[str, Answer], day: int, *, country: str = "Avalon",
          code: str = "XA") -> Compared:
    """An assessment labelled as the app labels it: "Avalon, 2026-01-01"."""
    as_of = date(2026, 1, day)
    return Compared(name, f"{country}, {as_of.isoformat()}", code, as_of,
                    reference.framework(), dict(answers), frozenset(reference.modules()))


def _v2_item(name: str, levels: Mapping[str, int | str], as_of: date, *, country: str = "Kenya",
             code: str = "KE", evidence: Mapping[str, str] | None = None) -> Compared:
    """An assessment of the bundled format-2 framework, for the PRC."""
    profile = SUPPLIERS.get("CN")
    framework: Framework = render(V2, profile)
    answers = {}
    for indicator, level in levels.items():
        text = (evidence or {}).get(indicator, "")
        answers[indicator] = (Answer(indicator, AnswerState.UNKNOWN, evidence=text)
                              if level == "unknown" else
                              Answer(indicator, AnswerState.ANSWERED, int(level),
                                     Confidence.HIGH, evidence=text))
    return Compared(name, f"{country}, {as_of.isoformat()}", code, as_of, framework, answers,
                    frozenset({"IE"}), supplier_id="CN", supplier_name=profile.name.get())


def _pdf(summary: dict[str, Any], alignment: Alignment | None = None) -> bytes:
    return render_comparison_brief(summary, marking="TEST", app_version="0",
                                   generated_at=datetime(2026, 11, 30), alignment=alignment)


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines wrap where the layout wants: compare the words


def _worked_example() -> Alignment:
    """docs/scoring.md, section 8: 73.1 → 76.7 is +3.6, made of +6.3, −5.2 and +2.5."""
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 3, Confidence.HIGH)
    b["TD-03"] = Answer("TD-03", AnswerState.ANSWERED, 2, Confidence.HIGH)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    return align([_item("A", reference.answers(), 1), _item("B", b, 2)])


def test_the_worked_example_in_the_brief() -> None:
    """The ranges 56.3–77.1 and 66.7–79.2 overlap (not established); B's range narrowed; each
    assessment with its verdict, range, coverage and provisional mark."""
    summary = comparison_summary(_worked_example())
    text = _text(_pdf(summary))
    # each assessment labelled with what it measures (format 1: the PRC, named by its texts)
    assert "Avalon, 2026-01-01, exposure to the People's Republic of China: at least " \
        "Elevated, at most High (score of the answered indicators 73.1)" in text
    assert "Avalon, 2026-01-02, exposure to the People's Republic of China: High (score of " \
        "the answered indicators 76.7)" in text
    # the assessments table: verdict (then its bands), range, coverage, provisional
    assert "Avalon, 2026-01-01 at least Elevated, at most High Elevated High 56.3–77.1 " \
        "79.2 % no" in text
    assert "Avalon, 2026-01-02 High High 66.7–79.2" in text
    assert "Overall exposure: verdict at least Elevated, at most High High" in text
    assert "73.1 76.7 +3.6 (not established)" in text
    assert "What changed from Avalon, 2026-01-01 to Avalon, 2026-01-02: 73.1 → 76.7, " \
        "+3.6 points." in text
    # the compare page's own sentences, word for word
    assert established_words(summary) in text
    assert "The change is not established: the ranges 56.3–77.1 and 66.7–79.2 overlap" in text
    assert range_change_words(summary) in text
    assert "The range narrowed from 56.3–77.1 to 66.7–79.2." in text
    # the findings: a format-1 indicator has no short title, so it is named by its id
    assert "GA-01 now unknown (was level 0) +6.3" in text
    assert "TD-03 newly answered (was unanswered): level 2 −5.2" in text
    assert "DS-02 answer changed: level 2 → level 3 +2.5" in text
    assert "3.542" not in text and "not answered" not in text
    assert "…" not in text


def test_one_country_over_time_is_titled_with_the_country_and_the_period() -> None:
    kenya = [_v2_item("A", {"DS-04": 2}, date(2024, 3, 1)),
             _v2_item("B", {"DS-04": 3}, date(2026, 11, 1))]
    summary = comparison_summary(align(kenya))
    assert brief_title(summary) == "Kenya, 2024-03-01 to 2026-11-01"
    pdf = _pdf(summary)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == "Comparison brief: Kenya, 2024-03-01 to 2026-11-01"
    first = " ".join(reader.pages[0].extract_text().split())
    assert first.index("Kenya, 2024-03-01 to 2026-11-01") < first.index("Summary")
    # every page's footer names it too, and never counts assessments instead
    for page in reader.pages:
        assert "Comparison brief: Kenya, 2024-03-01 to 2026-11-01" in \
            " ".join(page.extract_text().split())
    assert "assessments" not in reader.metadata.title


def test_several_countries_are_titled_with_the_countries_compared() -> None:
    items = [_v2_item("K", {"DS-04": 2}, date(2026, 1, 1)),
             _v2_item("B", {"DS-04": 3}, date(2026, 2, 1), country="Brazil", code="BR"),
             _v2_item("I", {"DS-04": 1}, date(2026, 3, 1), country="Indonesia", code="ID")]
    summary = comparison_summary(align(items))
    assert brief_title(summary) == "Kenya, Brazil and Indonesia"
    reader = PdfReader(io.BytesIO(_pdf(summary)))
    assert reader.metadata is not None
    assert reader.metadata.title == "Comparison brief: Kenya, Brazil and Indonesia"
    text = " ".join(reader.pages[0].extract_text().split())
    assert "COMPARISON BRIEF · COUNTRIES SIDE BY SIDE Kenya, Brazil and Indonesia" in text
    assert "Comparison brief: Kenya, Brazil and Indonesia" in text  # the footer


def test_a_finding_names_its_indicator_and_the_answer_before_and_now() -> None:
    """A format-2 finding: the short title, the answer before → now with what each level
    means, and the new evidence on one line."""
    before = _v2_item("A", {"DS-04": 2, "DS-01": 1}, date(2024, 3, 1))
    after = _v2_item("B", {"DS-04": 3, "DS-01": 1}, date(2026, 11, 1), evidence={
        "DS-04": "The 2026 cloud census lists 61 % of central-government workloads\non a "
                 "PRC-headquartered provider."})
    alignment = align([before, after])
    text = _text(_pdf(comparison_summary(alignment), alignment))
    assert "Supplier-hosted government workloads DS-04 answer changed: level 2 → level 3" in text
    assert "Before (Kenya, 2024-03-01): level 2 — 25–49 % of central-government workloads " \
        "hosted or operated by PRC-headquartered providers." in text
    assert "Now (Kenya, 2026-11-01): level 3 — 50–74 % of central-government workloads " \
        "hosted or operated by PRC-headquartered providers." in text
    assert "New evidence: The 2026 cloud census lists 61 % of central-government workloads on " \
        "a PRC-headquartered provider." in text
    # the summary at the top names the largest change by its title too
    assert "Supplier-hosted government workloads (DS-04) — answer changed: level 2 → level 3 " \
        "(+" in text


def test_provisional_and_the_re_weighting_line() -> None:
    """A knows nothing of GA and not TD-02 (coverage 0.458: provisional), B answers them: GA
    is a finding of its own, and the re-weighting of the other dimensions is named so."""
    a = dict(reference.answers())
    for indicator in ("GA-01", "GA-02", "TD-02"):
        a[indicator] = Answer(indicator, AnswerState.UNKNOWN)
    summary = comparison_summary(align([_item("A", a, 1), _item("B", reference.answers(), 2)]))
    assert summary["assessments"][0]["overall"]["provisional"] is True
    text = _text(_pdf(summary))
    assert "Avalon, 2026-01-01 at least Elevated, at most Severe Elevated High Severe " \
        "41.7–95.8 45.8 % provisional (coverage below 70 %)" in text
    assert "Overall exposure: verdict at least Elevated, at most Severe, provisional" in text
    assert "Governance alignment (the whole dimension) dimension scored only in Avalon, " \
        "2026-01-02 +12.5" in text
    assert "Re-weighting (no answer changed) weights of the other dimensions re-balanced" in text
    assert "no answer behind this line changed. −23.3" in text
    assert "TD-02 newly answered (was unknown): level 1 −9.4" in text
    assert "• Re-weighting (no answer changed) — weights of the other dimensions re-balanced " \
        "(−23.3 points)" in text  # the largest, at the top


def test_no_score_is_not_a_change_of_minus_100() -> None:
    a = {"DS-01": Answer("DS-01", AnswerState.ANSWERED, 4, Confidence.HIGH)}
    b = {"DS-01": Answer("DS-01", AnswerState.UNKNOWN)}
    text = _text(_pdf(comparison_summary(align([_item("A", a, 1), _item("B", b, 2)]))))
    assert "What changed from Avalon, 2026-01-01 to Avalon, 2026-01-02: 100.0 → no score." \
        in text
    assert "−100" not in text and "-100" not in text
    assert "Data sovereignty (the whole dimension) dimension scored only in Avalon, " \
        "2026-01-01" in text


def _bars(drawing: Drawing) -> list[Rect]:
    bars: list[Rect] = []
    while isinstance(bar := getattr(drawing, f"bar{len(bars)}", None), Rect):
        bars.append(bar)
    return bars


def test_a_negative_change_is_drawn_left_of_zero() -> None:
    """In the worked example TD-03 takes 5.2 points: its bar ends at the zero line from the
    left; GA-01 and DS-02 add points: theirs start at zero and go right."""
    summary = comparison_summary(_worked_example())
    chart = change_chart(summary, 480)
    assert chart is not None
    zero = chart.zero
    assert isinstance(zero, Line) and zero.x1 == zero.x2
    points = [c["displayed_points"] for c in summary["what_changed"]["contributions"]
              if c["displayed_points"]]
    bars = _bars(chart)
    assert points == [6.3, -5.2, 2.5] and len(bars) == 3
    for value, bar in zip(points, bars, strict=True):
        assert bar.width > 0
        if value < 0:
            assert bar.x + bar.width <= zero.x1 + 1e-6
            assert bar.x < zero.x1
        else:
            assert bar.x >= zero.x1 - 1e-6
    # on one scale: the longer bar is the larger change
    assert bars[0].width > bars[1].width > bars[2].width


def test_change_bars_wrap_labels_instead_of_shortening_them() -> None:
    label = "A very long short title of an indicator that needs more than one line to show"
    chart = change_bars([(label, -3.0, "#4575b4", "−3.0"), ("Short", 1.5, "#d73027", "+1.5")],
                        width=400, label_width=120)
    texts = [s.text for s in chart.contents if hasattr(s, "text")]
    assert " ".join(t for t in texts if t in label) == label
    assert not any("…" in t for t in texts)
    assert chart.bar0.x + chart.bar0.width <= chart.zero.x1 + 1e-6
    assert chart.bar1.x >= chart.zero.x1 - 1e-6


def test_long_evidence_keeps_whole_sentences() -> None:
    sentence = "The census of 2026 lists sixty-one per cent of workloads on the provider. "
    line = evidence_line(sentence * 10)
    assert line.startswith(sentence.strip()) and "…" not in line
    assert line.endswith("[the opening of the evidence; the whole of it is in the assessment "
                         "and in its country brief's evidence annex]")
    assert evidence_line("Short\nevidence.") == "Short evidence."
