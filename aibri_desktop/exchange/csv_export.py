"""CSV for analysts who work in spreadsheets: one row per assessment × indicator, and one per
assessment. UTF-8 with a byte-order mark (so spreadsheet programs read accents), the
classification marking on the first line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

ANSWER_COLUMNS = ("assessment_id", "country_code", "country", "title", "as_of", "status",
                  "framework", "dimension", "indicator", "state", "level", "confidence",
                  "na_reason", "evidence", "sources", "answer_as_of", "carried_over")
SCORE_COLUMNS = ("assessment_id", "country_code", "country", "title", "as_of", "status",
                 "framework", "overall_score", "band", "low", "high", "coverage",
                 "provisional", "residual", "red_flags")


def _csv(rows: Iterable[Iterable[Any]], markings: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Classification: " + (" / ".join(markings) or "none")])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def answers_csv(rows: Iterable[dict[str, Any]], markings: list[str]) -> bytes:
    return _csv([ANSWER_COLUMNS, *([r.get(c) for c in ANSWER_COLUMNS] for r in rows)], markings)


def scores_csv(rows: Iterable[dict[str, Any]], markings: list[str]) -> bytes:
    return _csv([SCORE_COLUMNS, *([r.get(c) for c in SCORE_COLUMNS] for r in rows)], markings)
