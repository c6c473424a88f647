"""What drives the overall exposure: each answered indicator's share of it, in points.

A range answer counts at its middle, as in the score (docs/scoring.md), so the contributions of
levels and ranges together still add up to the overall score.

Within a dimension, indicator i adds w_i·x_i / Σ_A w to the dimension score; the overall score
weighs each scored dimension by v_d / Σ v. So an indicator's contribution to the overall score
is (v_d / Σ v) · w_i·x_i / Σ_A w, and the contributions add up exactly to the overall score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .answers import Answer, AnswerState
from .framework import EXPOSURE, Framework
from .scoring import AssessmentScore


@dataclass(frozen=True)
class Driver:
    indicator_id: str
    dimension_id: str
    level: Fraction  # the level; a range answer's middle (e.g. 2.5 for levels 2–3)
    weight: Fraction
    points: Fraction  # contribution to the overall exposure score


def drivers(framework: Framework, answers: Mapping[str, Answer], score: AssessmentScore,
            modules: Iterable[str] = ()) -> list[Driver]:
    """Every answered exposure indicator's contribution, largest first (ties by id)."""
    scored = {d.dimension_id: d for d in score.dimensions
              if d.kind == EXPOSURE and d.score is not None}
    total_v = sum((framework.dimension(d).weight for d in scored), Fraction(0))
    found: list[Driver] = []
    for dimension in framework.enabled_dimensions(frozenset(modules)):
        dim_score = scored.get(dimension.id)
        if dim_score is None or not total_v:
            continue
        share = dimension.weight / total_v
        for indicator in dimension.indicators:
            answer = answers.get(indicator.id)
            if answer is None or not answer.scored:
                continue
            if answer.state is AnswerState.RANGE:
                assert answer.level_low is not None and answer.level_high is not None
                level = Fraction(answer.level_low + answer.level_high, 2)
            else:
                assert answer.level is not None
                level = Fraction(answer.level)
            points = share * indicator.weight * 25 * level / dim_score.answered_weight
            found.append(Driver(indicator.id, dimension.id, level, indicator.weight, points))
    found.sort(key=lambda d: (-d.points, d.indicator_id))
    return found
