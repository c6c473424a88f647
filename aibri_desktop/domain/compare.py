"""Comparing saved assessments: alignment on common indicators, deltas, "what changed"
(docs/scoring.md, section 8: exact), and a time series for one country."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from .answers import Answer, AnswerState
from .framework import EXPOSURE, Framework
from .scoring import AssessmentScore, score_assessment

_25 = Fraction(25)


@dataclass(frozen=True)
class Compared:
    """One assessment as the comparison needs it."""

    id: str
    label: str
    country_code: str
    as_of: date
    framework: Framework
    answers: Mapping[str, Answer]
    modules: frozenset[str]


@dataclass(frozen=True)
class Alignment:
    items: tuple[Compared, ...]
    common: tuple[str, ...]  # indicator ids compared, in framework order
    left_out: dict[str, tuple[str, ...]]  # assessment id -> indicator ids not compared
    scores: tuple[AssessmentScore, ...]  # each rescored on the common indicators when needed
    framework: Framework  # the first assessment's framework, restricted to ``common``
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Contribution:
    """One line of "what changed": an indicator, or a dimension scored in only one."""

    dimension_id: str
    indicator_id: str | None
    kind: str  # changed | new | dropped | dimension | reweighting
    points: Fraction  # contribution to the overall change
    dimension_points: Fraction | None  # contribution to the dimension's change
    level_a: int | None
    level_b: int | None
    carried_over: bool  # B's answer was carried over and not yet reviewed


@dataclass(frozen=True)
class WhatChanged:
    overall_a: Fraction | None
    overall_b: Fraction | None
    dimension_changes: dict[str, tuple[Fraction | None, Fraction | None]]
    contributions: tuple[Contribution, ...]  # largest absolute first

    @property
    def overall_change(self) -> Fraction | None:
        if self.overall_a is None or self.overall_b is None:
            return None
        return self.overall_b - self.overall_a


def _restricted(framework: Framework, keep: set[str]) -> Framework:
    dimensions = tuple(
        replace(d, indicators=tuple(i for i in d.indicators if i.id in keep))
        for d in framework.dimensions)
    return replace(framework, dimensions=tuple(d for d in dimensions if d.indicators))


def align(items: Sequence[Compared]) -> Alignment:
    """Line up 2..N assessments. Different frameworks compare on their common indicators."""
    if len(items) < 2:
        raise ValueError("a comparison needs at least two assessments")
    enabled = [{i.id for d in c.framework.enabled_dimensions(c.modules) for i in d.indicators}
               for c in items]
    common_set = set.intersection(*enabled)
    same_framework = len({c.framework.content_hash for c in items}) == 1
    same_modules = len({c.modules for c in items}) == 1
    warnings: list[str] = []
    if not same_framework:
        labels = sorted({c.framework.label for c in items})
        warnings.append("Different framework versions (" + ", ".join(labels) + "): compared "
                        f"on their {len(common_set)} common indicators.")
    if not same_modules:
        warnings.append("The assessments use different optional modules; only the "
                        "indicators they share are compared.")
    first = items[0].framework
    common = tuple(i.id for i in first.indicators() if i.id in common_set)
    left_out = {c.id: tuple(sorted(e - common_set)) for c, e in zip(items, enabled, strict=True)}
    if same_framework and same_modules:
        scores = tuple(score_assessment(c.framework, c.answers, c.modules) for c in items)
        framework = first
    else:
        framework = _restricted(first, common_set)
        modules = frozenset.intersection(*[c.modules for c in items])
        scores = tuple(score_assessment(framework, {k: v for k, v in c.answers.items()
                                                    if k in common_set}, modules)
                       for c in items)
    return Alignment(tuple(items), common, left_out, scores, framework, tuple(warnings))


def _value(answer: Answer | None) -> Fraction | None:
    if answer is None or answer.state is not AnswerState.ANSWERED or answer.level is None:
        return None
    return _25 * answer.level


def what_changed(alignment: Alignment, a: int = 0, b: int = -1) -> WhatChanged:
    """Decompose the change from assessment ``a`` to ``b`` exactly (docs/scoring.md, section 8)."""
    item_a, item_b = alignment.items[a], alignment.items[b]
    score_a, score_b = alignment.scores[a], alignment.scores[b]
    framework = alignment.framework
    dims_a = {d.dimension_id: d for d in score_a.exposure_dimensions if d.score is not None}
    dims_b = {d.dimension_id: d for d in score_b.exposure_dimensions if d.score is not None}
    v = {d.id: d.weight for d in framework.dimensions}
    total_a = sum((v[d] for d in dims_a), Fraction(0))
    total_b = sum((v[d] for d in dims_b), Fraction(0))
    lines: list[Contribution] = []
    changes: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    for dimension in framework.dimensions:
        if dimension.kind != EXPOSURE:
            continue
        da, db = dims_a.get(dimension.id), dims_b.get(dimension.id)
        if da is None and db is None:
            continue
        changes[dimension.id] = (da.score if da else None, db.score if db else None)
        if da is None or db is None:
            points = (v[dimension.id] * db.score / total_b if db and db.score is not None
                      else -(v[dimension.id] * da.score / total_a) if da and da.score is not None
                      else Fraction(0))
            lines.append(Contribution(dimension.id, None, "dimension", points, None, None, None,
                                      False))
            continue
        assert da.score is not None and db.score is not None
        share = v[dimension.id] / total_b
        w_b = db.answered_weight
        for indicator in dimension.indicators:
            xa = _value(item_a.answers.get(indicator.id))
            answer_b = item_b.answers.get(indicator.id)
            xb = _value(answer_b)
            if xa is not None and xb is not None:
                if xa == xb:
                    continue
                part, kind = indicator.weight * (xb - xa) / w_b, "changed"
            elif xb is not None:
                part, kind = indicator.weight * (xb - da.score) / w_b, "new"
            elif xa is not None:
                part, kind = -indicator.weight * (xa - da.score) / w_b, "dropped"
            else:
                continue
            lines.append(Contribution(
                dimension.id, indicator.id, kind, share * part, part,
                None if xa is None else int(xa / _25), None if xb is None else int(xb / _25),
                bool(answer_b and answer_b.carried_over)))
    overall_a, overall_b = score_a.overall.score, score_b.overall.score
    if overall_a is not None and overall_b is not None:
        remainder = overall_b - overall_a - sum((c.points for c in lines), Fraction(0))
        if remainder:  # which dimensions are scored changed: their weights shifted
            lines.append(Contribution("", None, "reweighting", remainder, None, None, None,
                                      False))
    lines.sort(key=lambda c: (-abs(c.points), c.dimension_id, c.indicator_id or ""))
    return WhatChanged(overall_a, overall_b, changes, tuple(lines))


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: str
    as_of: date
    overall: Fraction | None
    low: Fraction | None
    high: Fraction | None


def time_series(alignment: Alignment) -> dict[str, list[TrendPoint]]:
    """Per country, its assessments' overall exposure by as-of date."""
    series: dict[str, list[TrendPoint]] = {}
    for item, score in zip(alignment.items, alignment.scores, strict=True):
        o = score.overall
        series.setdefault(item.country_code, []).append(
            TrendPoint(item.id, item.as_of, o.score, o.low, o.high))
    for points in series.values():
        points.sort(key=lambda p: (p.as_of, p.assessment_id))
    return series
