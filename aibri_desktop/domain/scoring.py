"""The scoring engine, exactly as docs/scoring.md (version 2 of the rules) states it.

All arithmetic is on exact fractions; rounding happens once, when a value is shown
(:mod:`aibri_desktop.domain.bands`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import cache

from .answers import Answer, AnswerState, Confidence
from .framework import CAPACITY, EXPOSURE, Dimension, Framework

PROVISIONAL_BELOW = Fraction(7, 10)
_FULL = Fraction(100)
_FULL_INT = 100


class FlagKind(StrEnum):
    RED = "red"  # critical indicator answered at level 4
    PROVISIONAL = "provisional"  # ... from a low-confidence answer
    POSSIBLE = "possible"  # critical indicator unknown or unanswered


SCORING_RULES = 2  # the version of docs/scoring.md these functions follow


@dataclass(frozen=True)
class OpenItem:
    """An indicator the verdict is still open on (unknown, unanswered or a range), with its
    exact share of the range's width in points: w·(hi − lo) / Σ w of the dimension's
    applicable indicators, times v_d / Σ v in the overall. The shares add up to high − low."""

    indicator_id: str
    dimension_id: str
    span: Fraction


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    kind: str
    score: Fraction | None
    low: Fraction | None
    high: Fraction | None
    coverage: Fraction | None
    answered_weight: Fraction  # the weight counted in the score: levels and ranges
    unknown_weight: Fraction
    na_weight: Fraction
    answered: int
    unknown: int
    unanswered: int
    not_applicable: int
    ranged: int = 0
    open_items: tuple[OpenItem, ...] = ()  # unknown, unanswered and range indicators

    @property
    def provisional(self) -> bool:
        return self.coverage is not None and self.coverage < PROVISIONAL_BELOW

    @property
    def applicable_weight(self) -> Fraction:
        return self.answered_weight + self.unknown_weight


@dataclass(frozen=True)
class OverallScore:
    score: Fraction | None
    low: Fraction | None
    high: Fraction | None
    coverage: Fraction | None
    open_items: tuple[OpenItem, ...] = ()  # every open indicator with its share of the width

    @property
    def provisional(self) -> bool:
        return self.coverage is not None and self.coverage < PROVISIONAL_BELOW


@dataclass(frozen=True)
class Residual:
    score: Fraction
    low: Fraction
    high: Fraction
    capacity: Fraction
    factor: Fraction
    provisional: bool = False  # when the overall exposure or the capacity dimension is


@dataclass(frozen=True)
class RedFlag:
    indicator_id: str
    dimension_id: str
    kind: FlagKind


@dataclass(frozen=True)
class AssessmentScore:
    overall: OverallScore
    dimensions: tuple[DimensionScore, ...]
    red_flags: tuple[RedFlag, ...]
    residual: Residual | None
    critical_not_applicable: tuple[str, ...]

    def dimension(self, dimension_id: str) -> DimensionScore:
        for score in self.dimensions:
            if score.dimension_id == dimension_id:
                return score
        raise KeyError(dimension_id)

    @property
    def exposure_dimensions(self) -> tuple[DimensionScore, ...]:
        return tuple(d for d in self.dimensions if d.kind == EXPOSURE)


def score_dimension(dimension: Dimension, answers: Mapping[str, Answer]) -> DimensionScore:
    """Score, weighted coverage and low-high range of one dimension. A range answer counts
    at its middle in the score, at its ends in the range, and by the share of the spread it
    resolved in the coverage; an unknown is never given a level."""
    # levels are whole multiples of 25: the sums run on levels (w·level), ×25 at the end; the
    # weights are scaled to whole numbers (× their common denominator, which cancels in every
    # ratio), so that the sums are exact integer sums and only the results are fractions
    scale, weights = _whole_weights(tuple(i.weight for i in dimension.indicators))
    sum_levels = 0  # Σ_A w·level
    range_low = range_high = range_resolved = 0  # Σ_R w·a, w·b, w·(4 − (b − a))
    w_answered = w_ranged = w_unknown = w_na = 0
    counts = dict.fromkeys(AnswerState, 0)
    spans: list[tuple[str, int]] = []  # open indicators: w·(hi − lo) on 0–100
    for indicator, w in zip(dimension.indicators, weights, strict=True):
        answer = answers.get(indicator.id)
        state = answer.state if answer is not None else AnswerState.UNANSWERED
        counts[state] += 1
        if state is AnswerState.ANSWERED:
            assert answer is not None and answer.level is not None
            w_answered += w
            sum_levels += w * answer.level
        elif state is AnswerState.RANGE:
            assert answer is not None
            assert answer.level_low is not None and answer.level_high is not None
            a, b = answer.level_low, answer.level_high
            w_ranged += w
            range_low += w * a
            range_high += w * b
            range_resolved += w * (4 - (b - a))
            spans.append((indicator.id, w * (25 * (b - a))))
        elif state is AnswerState.NOT_APPLICABLE:
            w_na += w
        else:
            w_unknown += w
            spans.append((indicator.id, w * _FULL_INT))
    w_scored = w_answered + w_ranged
    applicable = w_scored + w_unknown
    # the score counts ranges at their middle: 25·Σw·level + 12.5·Σw·(a + b)
    scored_twice = 50 * sum_levels + 25 * (range_low + range_high)
    return DimensionScore(
        dimension_id=dimension.id,
        kind=dimension.kind,
        score=Fraction(scored_twice, 2 * w_scored) if w_scored else None,
        low=Fraction(25 * (sum_levels + range_low), applicable) if applicable else None,
        high=Fraction(25 * (sum_levels + range_high) + _FULL_INT * w_unknown, applicable)
        if applicable else None,
        coverage=Fraction(4 * w_answered + range_resolved, 4 * applicable)
        if applicable else None,
        answered_weight=Fraction(w_scored, scale),
        unknown_weight=Fraction(w_unknown, scale),
        na_weight=Fraction(w_na, scale),
        answered=counts[AnswerState.ANSWERED],
        unknown=counts[AnswerState.UNKNOWN],
        unanswered=counts[AnswerState.UNANSWERED],
        not_applicable=counts[AnswerState.NOT_APPLICABLE],
        ranged=counts[AnswerState.RANGE],
        open_items=tuple(OpenItem(i, dimension.id, Fraction(span, applicable))
                         for i, span in spans) if applicable else (),
    )


@cache
def _whole_weights(weights: tuple[Fraction, ...]) -> tuple[int, tuple[int, ...]]:
    """The weights × their least common denominator, as integers, and that denominator."""
    scale = math.lcm(*(w.denominator for w in weights)) if weights else 1
    return scale, tuple(int(w * scale) for w in weights)


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    pairs = list(pairs)
    total = sum((w for w, _ in pairs), Fraction(0))
    if not total:
        return None
    return sum((w * x for w, x in pairs), Fraction(0)) / total


def score_overall(framework: Framework, dimensions: Iterable[DimensionScore]) -> OverallScore:
    """Overall exposure over the enabled exposure dimensions.

    The score averages the dimensions that have a score; low, high and coverage average every
    enabled exposure dimension that has applicable indicators (one with nothing answered adds
    0, 100 and 0). A dimension whose indicators are all not applicable takes no part.
    """
    scored = [d for d in dimensions if d.kind == EXPOSURE and d.coverage is not None]
    weight = {d.dimension_id: framework.dimension(d.dimension_id).weight for d in scored}
    total = sum(weight.values(), Fraction(0))
    return OverallScore(
        score=_weighted_mean((weight[d.dimension_id], d.score) for d in scored
                             if d.score is not None),
        low=_weighted_mean((weight[d.dimension_id], d.low or Fraction(0)) for d in scored),
        high=_weighted_mean((weight[d.dimension_id], d.high or Fraction(0)) for d in scored),
        coverage=_weighted_mean((weight[d.dimension_id], d.coverage or Fraction(0))
                                for d in scored),
        open_items=tuple(OpenItem(item.indicator_id, d.dimension_id,
                                  weight[d.dimension_id] / total * item.span)
                         for d in scored for item in d.open_items) if total else (),
    )


def residual_exposure(framework: Framework, overall: OverallScore,
                      capacity: DimensionScore | None) -> Residual | None:
    """Exposure after mitigation capacity: overall × (1 − m × C/100), with its range."""
    if (capacity is None or capacity.score is None or overall.score is None
            or overall.low is None or overall.high is None
            or capacity.low is None or capacity.high is None):
        return None
    m = framework.mitigation_factor
    return Residual(
        score=overall.score * (1 - m * capacity.score / _FULL),
        low=overall.low * (1 - m * capacity.high / _FULL),
        high=overall.high * (1 - m * capacity.low / _FULL),
        capacity=capacity.score,
        factor=m,
        provisional=overall.provisional or capacity.provisional,
    )


def red_flags(dimensions: Iterable[Dimension], answers: Mapping[str, Answer]
              ) -> tuple[RedFlag, ...]:
    """Flags stand beside the score and never change it."""
    flags: list[RedFlag] = []
    for dimension in dimensions:
        if dimension.kind != EXPOSURE:
            continue
        for indicator in dimension.indicators:
            if not indicator.critical:
                continue
            answer = answers.get(indicator.id)
            if answer is None or answer.counts_as_unknown:
                flags.append(RedFlag(indicator.id, dimension.id, FlagKind.POSSIBLE))
            elif answer.state is AnswerState.ANSWERED and answer.level == 4:
                kind = (FlagKind.PROVISIONAL if answer.confidence is Confidence.LOW
                        else FlagKind.RED)
                flags.append(RedFlag(indicator.id, dimension.id, kind))
    order = {FlagKind.RED: 0, FlagKind.PROVISIONAL: 1, FlagKind.POSSIBLE: 2}
    return tuple(sorted(flags, key=lambda f: order[f.kind]))


def score_assessment(framework: Framework, answers: Mapping[str, Answer],
                     modules: Iterable[str] = ()) -> AssessmentScore:
    """Score an assessment: enabled dimensions, overall exposure, flags and residual."""
    enabled = framework.enabled_dimensions(frozenset(modules))
    dimension_scores = tuple(score_dimension(d, answers) for d in enabled)
    overall = score_overall(framework, dimension_scores)
    capacity = next((d for d in dimension_scores if d.kind == CAPACITY), None)
    critical_na = tuple(
        i.id for d in enabled if d.kind == EXPOSURE for i in d.indicators
        if i.critical and (a := answers.get(i.id)) is not None
        and a.state is AnswerState.NOT_APPLICABLE
    )
    return AssessmentScore(
        overall=overall,
        dimensions=dimension_scores,
        red_flags=red_flags(enabled, answers),
        residual=residual_exposure(framework, overall, capacity),
        critical_not_applicable=critical_na,
    )
