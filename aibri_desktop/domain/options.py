"""Policy options the answers trigger, ranked by how much their indicator drives the score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .answers import Answer, AnswerState
from .drivers import drivers
from .framework import CAPACITY, Framework, PolicyOption
from .scoring import AssessmentScore, FlagKind


@dataclass(frozen=True)
class TriggeredOption:
    option: PolicyOption
    indicator_id: str
    dimension_id: str
    level: int
    points: Fraction  # the indicator's contribution to the overall exposure (0 for capacity)
    flagged: bool  # the indicator raised a red flag


def triggered_options(framework: Framework, answers: Mapping[str, Answer],
                      score: AssessmentScore, modules: Iterable[str] = ()
                      ) -> list[TriggeredOption]:
    """Exposure options first, by the indicator's points (flags first on ties); then capacity
    options, weakest capacity first."""
    enabled = frozenset(modules)
    points = {d.indicator_id: d.points for d in drivers(framework, answers, score, enabled)}
    flagged = {f.indicator_id for f in score.red_flags
               if f.kind in (FlagKind.RED, FlagKind.PROVISIONAL)}
    found: list[TriggeredOption] = []
    for dimension in framework.enabled_dimensions(enabled):
        for indicator in dimension.indicators:
            answer = answers.get(indicator.id)
            if answer is None or answer.state is not AnswerState.ANSWERED:
                continue
            assert answer.level is not None
            for option in indicator.options:
                if option.triggered_by(answer.level):
                    found.append(TriggeredOption(
                        option, indicator.id, dimension.id, answer.level,
                        points.get(indicator.id, Fraction(0)), indicator.id in flagged))

    def rank(t: TriggeredOption) -> tuple[int, Fraction, int, int, str]:
        capacity = framework.dimension(t.dimension_id).kind == CAPACITY
        weight = framework.indicator(t.indicator_id).weight
        return (1 if capacity else 0, -t.points, 0 if t.flagged else 1,
                t.level if capacity else -int(weight), t.option.id)

    found.sort(key=rank)
    return found
