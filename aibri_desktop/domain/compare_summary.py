"""A comparison as plain data: what ``aibri compare --json``, the CSV, the compare page and the
comparison brief all show (rounded once, here)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from .answers import AnswerState
from .bands import round_to
from .compare import Alignment, WhatChanged, time_series, what_changed
from .summary import assessment_summary, score_value


def _num(value: Fraction | None, places: int = 1) -> float | None:
    if value is None:
        return None
    rounded = score_value(value) if places == 1 else round_to(value, places)
    return float(rounded) if isinstance(rounded, Decimal) else None


def indicator_levels(alignment: Alignment) -> list[dict[str, Any]]:
    rows = []
    for indicator_id in alignment.common:
        levels: list[int | str | None] = []
        for item in alignment.items:
            answer = item.answers.get(indicator_id)
            if answer is None or answer.state is AnswerState.UNANSWERED:
                levels.append(None)
            elif answer.state is AnswerState.ANSWERED:
                levels.append(answer.level)
            else:
                levels.append(answer.state.value)
        first, last = levels[0], levels[-1]
        delta = (last - first) * 25 if isinstance(first, int) and isinstance(last, int) else None
        rows.append({"indicator": indicator_id,
                     "dimension": alignment.framework.indicator(indicator_id).dimension_id,
                     "levels": levels, "delta_points": delta})
    return rows


def comparison_summary(alignment: Alignment, changed: WhatChanged | None = None
                       ) -> dict[str, Any]:
    changed = changed or what_changed(alignment)
    per = []
    for item, score in zip(alignment.items, alignment.scores, strict=True):
        summary = assessment_summary(alignment.framework, score)
        per.append({"id": item.id, "label": item.label, "country_code": item.country_code,
                    "as_of": item.as_of.isoformat(),
                    "framework": {"id": item.framework.id, "version": item.framework.version,
                                  "hash": item.framework.content_hash},
                    "modules": sorted(item.modules), "overall": summary["overall"],
                    "dimensions": summary["dimensions"]})
    first, last = alignment.scores[0], alignment.scores[-1]
    dims_first = {d.dimension_id: d.score for d in first.dimensions}
    dims_last = {d.dimension_id: d.score for d in last.dimensions}
    dimension_deltas: dict[str, float | None] = {}
    for d, before in dims_first.items():
        after = dims_last.get(d)
        dimension_deltas[d] = _num(after - before) if after is not None and before is not None \
            else None
    overall_delta = (_num(last.overall.score - first.overall.score)
                     if last.overall.score is not None and first.overall.score is not None
                     else None)
    return {
        "assessments": per,
        "warnings": list(alignment.warnings),
        "common_indicators": len(alignment.common),
        "left_out": {k: list(v) for k, v in alignment.left_out.items()},
        "deltas": {"overall": overall_delta, "dimensions": dimension_deltas,
                   "indicators": indicator_levels(alignment)},
        "what_changed": {
            "from": alignment.items[0].id, "to": alignment.items[-1].id,
            "overall_change": _num(changed.overall_change, 3),
            "contributions": [{"dimension": c.dimension_id, "indicator": c.indicator_id,
                               "kind": c.kind, "points": _num(c.points, 3),
                               "dimension_points": _num(c.dimension_points, 3),
                               "level_from": c.level_a, "level_to": c.level_b,
                               "carried_over": c.carried_over}
                              for c in changed.contributions],
        },
        "time_series": {country: [{"id": p.assessment_id, "as_of": p.as_of.isoformat(),
                                   "overall": _num(p.overall), "low": _num(p.low),
                                   "high": _num(p.high)} for p in points]
                        for country, points in time_series(alignment).items()},
    }


def comparison_rows(summary: dict[str, Any]) -> list[list[str]]:
    """The comparison table for CSV: one row per dimension and per indicator."""
    labels = [a["label"] for a in summary["assessments"]]
    header = ["item", *labels, "change (last − first)"]
    rows = [header]
    overall = [a["overall"]["score"] for a in summary["assessments"]]
    rows.append(["Overall exposure", *[_text(v) for v in overall],
                 _signed(summary["deltas"]["overall"])])
    for index, dim in enumerate(summary["assessments"][0]["dimensions"]):
        values = [a["dimensions"][index]["score"] for a in summary["assessments"]]
        rows.append([f"{dim['id']} {dim['name']}", *[_text(v) for v in values],
                     _signed(summary["deltas"]["dimensions"].get(dim["id"]))])
    for item in summary["deltas"]["indicators"]:
        rows.append([item["indicator"], *[_text(v) for v in item["levels"]],
                     _signed(item["delta_points"])])
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _signed(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else (f"−{abs(value):g}" if value < 0 else "0")
