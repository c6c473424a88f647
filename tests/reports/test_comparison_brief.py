"""The comparison brief, read back from the PDF's text as its reader would: the verdicts, the
displayed change and whether it is established, the narrowed range, named lines and "no
score" (docs/scoring.md, section 8)."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from pypdf import PdfReader

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align
from aibri_desktop.domain.compare_summary import comparison_summary
from aibri_desktop.reports.comparison_brief import render_comparison_brief
from helpers import reference


def _item(name: str, answers: dict[str, Answer], day: int) -> Compared:
    return Compared(name, f"Avalon {name}", "XA", date(2026, 1, day), reference.framework(),
                    answers, frozenset(reference.modules()))


def _text(summary: dict[str, Any]) -> str:
    pdf = render_comparison_brief(summary, marking="TEST", app_version="0",
                                  generated_at=datetime(2026, 11, 30))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines wrap where the layout wants: compare the words


def test_the_worked_example_in_the_brief() -> None:
    """docs/scoring.md, section 8: 73.1 → 76.7 is +3.6, made of +6.3, −5.2 and +2.5; the
    ranges 56.3–77.1 and 66.7–79.2 overlap (not established); B's range narrowed."""
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 3, Confidence.HIGH)
    b["TD-03"] = Answer("TD-03", AnswerState.ANSWERED, 2, Confidence.HIGH)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    text = _text(comparison_summary(align([_item("A", reference.answers(), 1),
                                           _item("B", b, 2)])))
    # each assessment labelled with what it measures (format 1: the PRC, named by its texts)
    assert "Avalon A, exposure to the People's Republic of China: at least Elevated, at most " \
        "High (score of the answered indicators 73.1)" in text
    assert "Avalon B, exposure to the People's Republic of China: High (score of the answered " \
        "indicators 76.7)" in text
    assert "Overall exposure: verdict at least Elevated, at most High High" in text
    assert "73.1 76.7 +3.6 (not established)" in text
    assert "What changed from Avalon A to Avalon B: 73.1 → 76.7, +3.6 points." in text
    assert "The change is not established: the ranges 56.3–77.1 and 66.7–79.2 overlap" in text
    assert "The range narrowed from 56.3–77.1 to 66.7–79.2." in text
    assert "GA-01 now unknown (was level 0) +6.3" in text
    assert "TD-03 newly answered (was unanswered): level 2 −5.2" in text
    assert "DS-02 answer changed: level 2 → level 3 +2.5" in text
    assert "3.542" not in text and "not answered" not in text


def test_provisional_and_a_dimension_scored_in_only_one() -> None:
    """A knows nothing of GA and not TD-02 (coverage 0.458: provisional), B answers them: GA
    is a line of its own and so is the re-weighting of the other dimensions."""
    a = dict(reference.answers())
    for indicator in ("GA-01", "GA-02", "TD-02"):
        a[indicator] = Answer(indicator, AnswerState.UNKNOWN)
    summary = comparison_summary(align([_item("A", a, 1), _item("B", reference.answers(), 2)]))
    assert summary["assessments"][0]["overall"]["provisional"] is True
    text = _text(summary)
    assert "Avalon A, exposure to the People's Republic of China: at least Elevated, at most " \
        "Severe, provisional (score of the answered indicators 93.3)" in text
    assert "Overall exposure: verdict at least Elevated, at most Severe, provisional" in text
    assert "GA Governance alignment dimension scored only in Avalon B +12.5" in text
    assert "– weights of the other dimensions re-balanced −23.3" in text
    assert "TD-02 newly answered (was unknown): level 1 −9.4" in text


def test_no_score_is_not_a_change_of_minus_100() -> None:
    a = {"DS-01": Answer("DS-01", AnswerState.ANSWERED, 4, Confidence.HIGH)}
    b = {"DS-01": Answer("DS-01", AnswerState.UNKNOWN)}
    text = _text(comparison_summary(align([_item("A", a, 1), _item("B", b, 2)])))
    assert "What changed from Avalon A to Avalon B: 100.0 → no score." in text
    assert "−100" not in text and "-100" not in text
    assert "DS Data sovereignty dimension scored only in Avalon A" in text
