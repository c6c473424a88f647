"""How robust is the band? Monte Carlo over weights and uncertain answers, equal weights,
drop-one, and "if the unknowns were answered" — as docs/scoring.md (section 7) states them.

The draws use ``random.Random(seed)`` (stable across Python versions) and plain floats for
speed; the deterministic checks (equal weights, drop-one) use the exact engine. Not varied, by
design: band cut-offs, the mitigation factor and the aggregation rule.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from .answers import Answer, AnswerState, Confidence
from .bands import Band
from .framework import EXPOSURE, Framework
from .scoring import score_assessment

DRAWS = 2000
DEFAULT_SEED = 1729
WEIGHT_SPREAD = 0.25
MOVE_PROBABILITY = {Confidence.MEDIUM: 0.2, Confidence.LOW: 0.4}
DROP_ONE_SHOWN = 5


@dataclass(frozen=True)
class Distribution:
    median: float
    p5: float
    p95: float
    band_shares: dict[str, float]  # band label -> share of draws, bands in order

    def main_band(self) -> str:
        return max(self.band_shares, key=lambda b: self.band_shares[b])


@dataclass(frozen=True)
class DropOne:
    indicator_id: str
    overall: float | None
    delta: float


@dataclass(frozen=True)
class Robustness:
    draws: int
    seed: int
    overall: Distribution | None
    unknowns_answered: Distribution | None  # None when nothing is unknown
    framework_weights: float | None
    equal_weights: float | None
    drop_one: tuple[DropOne, ...]

    def to_json(self) -> dict[str, Any]:
        def dist(d: Distribution | None) -> dict[str, Any] | None:
            if d is None:
                return None
            return {"median": d.median, "p5": d.p5, "p95": d.p95,
                    "band_shares": dict(d.band_shares)}

        base = dist(self.overall) or {"median": None, "p5": None, "p95": None,
                                      "band_shares": {}}
        return {**base, "draws": self.draws, "seed": self.seed,
                "unknowns_answered": dist(self.unknowns_answered),
                "framework_weights": self.framework_weights,
                "equal_weights": self.equal_weights,
                "drop_one": [{"indicator": d.indicator_id, "overall": d.overall,
                              "delta": d.delta} for d in self.drop_one]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Robustness:
        def dist(d: Mapping[str, Any] | None) -> Distribution | None:
            if not d or d.get("median") is None:
                return None
            return Distribution(d["median"], d["p5"], d["p95"], dict(d["band_shares"]))

        return cls(draws=data["draws"], seed=data["seed"], overall=dist(data),
                   unknowns_answered=dist(data.get("unknowns_answered")),
                   framework_weights=data.get("framework_weights"),
                   equal_weights=data.get("equal_weights"),
                   drop_one=tuple(DropOne(d["indicator"], d["overall"], d["delta"])
                                  for d in data.get("drop_one", [])))


def _round1(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


def _band_label(value: float) -> str:
    rounded = _round1(value)
    for band in reversed(list(Band)):
        if rounded >= float(band.lower):
            return band.label
    return Band.LOW.label


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    position = (len(ordered) - 1) * q
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _distribution(values: list[float]) -> Distribution | None:
    if not values:
        return None
    ordered = sorted(values)
    counts = {band.label: 0 for band in Band}
    for value in values:
        counts[_band_label(value)] += 1
    return Distribution(
        median=_round1(_quantile(ordered, 0.5)), p5=_round1(_quantile(ordered, 0.05)),
        p95=_round1(_quantile(ordered, 0.95)),
        band_shares={label: n / len(values) for label, n in counts.items()})


def _monte_carlo(framework: Framework, answers: Mapping[str, Answer], modules: frozenset[str],
                 rng: random.Random, draws: int, *, answer_unknowns: bool) -> list[float]:
    # Per exposure dimension: its weight and (weight, level or None, move probability).
    dims: list[tuple[float, list[tuple[float, int | None, float]]]] = []
    for dimension in framework.enabled_dimensions(modules):
        if dimension.kind != EXPOSURE:
            continue
        items: list[tuple[float, int | None, float]] = []
        for indicator in dimension.indicators:
            answer = answers.get(indicator.id)
            state = answer.state if answer else AnswerState.UNANSWERED
            if state is AnswerState.NOT_APPLICABLE:
                continue
            if state is AnswerState.ANSWERED:
                assert answer is not None and answer.level is not None
                move = MOVE_PROBABILITY.get(answer.confidence, 0.0) \
                    if answer.confidence else 0.0
                items.append((float(indicator.weight), answer.level, move))
            elif answer_unknowns:
                items.append((float(indicator.weight), None, 0.0))
        if items:
            dims.append((float(dimension.weight), items))
    results: list[float] = []
    uniform, rand, randrange = rng.uniform, rng.random, rng.randrange
    for _ in range(draws):
        total = weighted = 0.0
        for v, items in dims:
            sum_w = sum_wx = 0.0
            for w, level, move in items:
                weight = w * uniform(1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD)
                if level is None:
                    value = randrange(5)
                else:
                    value = level
                    if move and rand() < move:
                        value = min(4, max(0, value + (1 if rand() < 0.5 else -1)))
                sum_w += weight
                sum_wx += weight * 25 * value
            if sum_w:
                total += v
                weighted += v * sum_wx / sum_w
        if total:
            results.append(weighted / total)
    return results


def _equal_weights(framework: Framework) -> Framework:
    return replace(framework, dimensions=tuple(
        replace(d, weight=Fraction(1), indicators=tuple(replace(i, weight=Fraction(1))
                                                        for i in d.indicators))
        for d in framework.dimensions))


def _float(value: Fraction | None) -> float | None:
    return None if value is None else _round1(float(value))


def robustness(framework: Framework, answers: Mapping[str, Answer], modules: Iterable[str] = (),
               *, draws: int = DRAWS, seed: int = DEFAULT_SEED) -> Robustness:
    enabled = frozenset(modules)
    base = score_assessment(framework, answers, enabled).overall.score
    rng = random.Random(seed)
    overall = _distribution(_monte_carlo(framework, answers, enabled, rng, draws,
                                         answer_unknowns=False))
    has_unknowns = any(
        (a := answers.get(i.id)) is None or a.counts_as_unknown
        for d in framework.enabled_dimensions(enabled) if d.kind == EXPOSURE
        for i in d.indicators)
    unknowns = _distribution(_monte_carlo(framework, answers, enabled, random.Random(seed + 1),
                                          draws, answer_unknowns=True)) if has_unknowns else None
    equal = score_assessment(_equal_weights(framework), answers, enabled).overall.score
    dropped: list[DropOne] = []
    if base is not None:
        for dimension in framework.enabled_dimensions(enabled):
            if dimension.kind != EXPOSURE:
                continue
            for indicator in dimension.indicators:
                answer = answers.get(indicator.id)
                if answer is None or answer.state is not AnswerState.ANSWERED:
                    continue
                without = dict(answers)
                without[indicator.id] = Answer(indicator.id, AnswerState.NOT_APPLICABLE,
                                               na_reason="robustness: dropped")
                score = score_assessment(framework, without, enabled).overall.score
                delta = (score - base) if score is not None else -base
                dropped.append(DropOne(indicator.id, _float(score), float(delta)))
    dropped.sort(key=lambda d: (-abs(d.delta), d.indicator_id))
    return Robustness(draws=draws, seed=seed, overall=overall, unknowns_answered=unknowns,
                      framework_weights=_float(base), equal_weights=_float(equal),
                      drop_one=tuple(replace(d, delta=_round1(d.delta) if d.delta >= 0
                                             else -_round1(-d.delta))
                                     for d in dropped[:DROP_ONE_SHOWN]))


def robustness_of(framework: Framework, answers: Mapping[str, Answer],
                  modules: Iterable[str] = (), stored: Robustness | None = None) -> Robustness:
    """The robustness to show of an assessment: the figures ``stored`` when it was marked
    final (a re-print or a later look shows the same ones, whatever the seed or the code
    since), else computed now from its answers."""
    if stored is not None:
        return stored
    return robustness(framework, answers, modules)
