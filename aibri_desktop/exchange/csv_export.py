"""CSV for analysts who work in spreadsheets: one row per assessment × indicator, and one per
assessment. UTF-8 with a byte-order mark (so spreadsheet programs read accents), the
classification marking on the first line.

Every text cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, TAB or CR) gets a leading ``'``, as OWASP recommends against CSV injection: a title or
evidence such as ``=HYPERLINK(...)`` shows as text and never runs. Numbers stay numbers.
Characters XML 1.0 cannot hold (a vertical tab pasted from Word, NUL...) become spaces, as in
the briefs: spreadsheet programs store cells as XML."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..domain.plain_text import xml_safe

ANSWER_COLUMNS = ("assessment_id", "country_code", "country", "title", "as_of", "status",
                  "framework", "dimension", "indicator", "state", "level", "confidence",
                  "na_reason", "evidence", "sources", "answer_as_of", "carried_over",
                  "level_low", "level_high")
# band: only when the verdict is settled (docs/scoring.md); verdict: "High" or "at least
# Elevated, at most High"; the score is that of the answered indicators (ranges at their middle)
SCORE_COLUMNS = ("assessment_id", "country_code", "country", "title", "as_of", "status",
                 "framework", "scoring_rules", "verdict", "overall_score", "band", "low",
                 "high", "coverage", "provisional", "residual", "residual_verdict",
                 "red_flags")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text, never evaluates."""
    text = xml_safe(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return csv_text(value) if isinstance(value, str) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for any CSV the app writes: text cells as :func:`csv_text`, numbers as they are."""
    return [_cell(value) for value in values]


def _csv(rows: Iterable[Iterable[Any]], markings: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Classification: " + (xml_safe(" / ".join(markings)) or "none")])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def answers_csv(rows: Iterable[dict[str, Any]], markings: list[str]) -> bytes:
    return _csv([ANSWER_COLUMNS, *([r.get(c) for c in ANSWER_COLUMNS] for r in rows)], markings)


def scores_csv(rows: Iterable[dict[str, Any]], markings: list[str]) -> bytes:
    return _csv([SCORE_COLUMNS, *([r.get(c) for c in SCORE_COLUMNS] for r in rows)], markings)


REQUEST_COLUMNS = ("indicator", "title", "must_answer", "evidence_that_would_answer_it",
                   "held_by", "state", "points_of_the_range")


def requests_csv(rows: Iterable[Iterable[Any]], markings: list[str]) -> bytes:
    """The evidence request list (aibri requests): one row per open item."""
    return _csv([REQUEST_COLUMNS, *rows], markings)
