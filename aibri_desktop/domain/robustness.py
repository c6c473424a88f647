"""How robust is the score of the answered indicators? Monte Carlo over weights and uncertain
answers, equal weights, drop-one, the aggregation rule, the mitigation factor and the band
cut-offs — as docs/scoring.md (section 7) states them.

The draws use ``random.Random(seed)`` (stable across Python versions) and plain floats for
speed; the deterministic checks use the exact engine. The unknowns are not drawn: independent
draws of many unknowns average out and overstate robustness, so what the open indicators could
still do is left to the verdict (:mod:`.verdict`). Not varied, by design: the scaling of levels
0–4 to 0–100 points.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .answers import Answer, AnswerState, Confidence
from .bands import Band, round1
from .framework import CAPACITY, EXPOSURE, Framework
from .scoring import AssessmentScore, residual_exposure, score_assessment
from .verdict import Verdict

DRAWS = 2000
DEFAULT_SEED = 1729
WEIGHT_SPREAD = 0.25
MOVE_PROBABILITY = {Confidence.MEDIUM: 0.2, Confidence.LOW: 0.4}
DROP_ONE_SHOWN = 5
GEOMETRIC_FLOOR = 1.0  # a dimension at 0 would wipe out the geometric mean
# the mitigation factors the residual is shown for, keyed as in the JSON
MITIGATION_FACTORS = {"0": Fraction(0), "0.3": Fraction(3, 10), "0.5": Fraction(1, 2)}
# the band cut-offs moved down and up, keyed as in the JSON: 15/35/55/75 and 25/45/65/85
CUTOFF_SHIFTS = {"-5": Decimal(-5), "+5": Decimal(5)}


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
    framework_weights: float | None
    equal_weights: float | None  # every indicator weight and every dimension weight 1
    drop_one: tuple[DropOne, ...]
    # the weighted geometric mean of the dimension scores (each at least 1); None without a
    # score, and for figures stored before it was computed
    geometric: float | None = None
    # the residual exposure at m = 0, 0.3 and 0.5 ("0", "0.3", "0.5"), each None without a
    # residual (MC not enabled, or nothing scored in it); empty for figures stored before
    mitigation_factors: dict[str, float | None] = field(default_factory=dict)
    # the overall verdict with the band cut-offs moved down ("-5") and up ("+5") by 5 points,
    # each None without a range; empty for figures stored before
    cutoffs_shifted: dict[str, Verdict | None] = field(default_factory=dict)
    # figures stored under version 1 only: its run that drew the unknowns. No longer made
    # (independent draws of many unknowns overstate robustness), but a final assessment's
    # stored figures are kept whole, so a re-printed brief loses nothing silently
    unknowns_answered: Distribution | None = None

    def to_json(self) -> dict[str, Any]:
        base: dict[str, Any] = {"median": None, "p5": None, "p95": None, "band_shares": {}}
        if self.overall is not None:
            d = self.overall
            base = {"median": d.median, "p5": d.p5, "p95": d.p95,
                    "band_shares": dict(d.band_shares)}
        kept = {} if self.unknowns_answered is None else {"unknowns_answered": {
            "median": self.unknowns_answered.median, "p5": self.unknowns_answered.p5,
            "p95": self.unknowns_answered.p95,
            "band_shares": dict(self.unknowns_answered.band_shares)}}
        return {**base, **kept, "draws": self.draws, "seed": self.seed,
                "framework_weights": self.framework_weights,
                "equal_weights": self.equal_weights,
                "drop_one": [{"indicator": d.indicator_id, "overall": d.overall,
                              "delta": d.delta} for d in self.drop_one],
                "geometric": self.geometric,
                "mitigation_factors": dict(self.mitigation_factors),
                "cutoffs_shifted": {key: verdict.to_json() if verdict is not None else None
                                    for key, verdict in self.cutoffs_shifted.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Robustness:
        """Also reads the figures stored by version 1 of the rules (with "unknowns_answered",
        a run no longer made, and without the aggregation, mitigation-factor and cut-off
        figures, which then stay None or empty)."""
        def distribution(d: Mapping[str, Any] | None) -> Distribution | None:
            if not d or d.get("median") is None:
                return None
            return Distribution(d["median"], d["p5"], d["p95"], dict(d["band_shares"]))

        overall = distribution(data)
        return cls(draws=data["draws"], seed=data["seed"], overall=overall,
                   framework_weights=data.get("framework_weights"),
                   equal_weights=data.get("equal_weights"),
                   drop_one=tuple(DropOne(d["indicator"], d["overall"], d["delta"])
                                  for d in data.get("drop_one") or []),
                   geometric=data.get("geometric"),
                   mitigation_factors=dict(data.get("mitigation_factors") or {}),
                   cutoffs_shifted={key: Verdict.from_json(value) for key, value in
                                    (data.get("cutoffs_shifted") or {}).items()},
                   unknowns_answered=distribution(data.get("unknowns_answered")))


def _round1(value: float) -> float:
    return math.floor(value * 10 + 0.5) / 10


_LOWER_BOUNDS = tuple((float(band.lower), band.label) for band in reversed(list(Band)))


def _band_label(value: float) -> str:
    rounded = _round1(value)
    for lower, label in _LOWER_BOUNDS:
        if rounded >= lower:
            return label
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
                 rng: random.Random, draws: int) -> list[float]:
    """The overall score of the answered indicators in each draw: every weight varies; an
    answer moves by its confidence; a range (no confidence) stays at its middle; unknown,
    unanswered and not applicable indicators take no part."""
    # Per exposure dimension: its weight and (weight, level 0–4, move probability).
    dims: list[tuple[float, list[tuple[float, float, float]]]] = []
    for dimension in framework.enabled_dimensions(modules):
        if dimension.kind != EXPOSURE:
            continue
        items: list[tuple[float, float, float]] = []
        for indicator in dimension.indicators:
            answer = answers.get(indicator.id)
            if answer is None:
                continue
            if answer.state is AnswerState.ANSWERED:
                assert answer.level is not None
                move = MOVE_PROBABILITY.get(answer.confidence, 0.0) \
                    if answer.confidence else 0.0
                items.append((float(indicator.weight), float(answer.level), move))
            elif answer.state is AnswerState.RANGE:
                assert answer.level_low is not None and answer.level_high is not None
                items.append((float(indicator.weight),
                              (answer.level_low + answer.level_high) / 2, 0.0))
        if items:
            dims.append((float(dimension.weight), items))
    results: list[float] = []
    rand = rng.random
    # random.uniform(low, high) is low + (high - low) * random(): the same numbers, inlined
    low, high = 1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD
    spread = high - low
    for _ in range(draws):
        total = weighted = 0.0
        for v, items in dims:
            sum_w = sum_wx = 0.0
            for w, level, move in items:
                weight = w * (low + spread * rand())
                value = level
                if move and rand() < move:
                    value = min(4.0, max(0.0, value + (1 if rand() < 0.5 else -1)))
                sum_w += weight
                sum_wx += weight * 25 * value
            if sum_w:
                total += v
                weighted += v * sum_wx / sum_w
        if total:
            results.append(weighted / total)
    return results


def _equal_weights(framework: Framework) -> Framework:
    """Every indicator weight and every dimension weight set to 1."""
    return replace(framework, dimensions=tuple(
        replace(d, weight=Fraction(1), indicators=tuple(replace(i, weight=Fraction(1))
                                                        for i in d.indicators))
        for d in framework.dimensions))


def _float(value: Fraction | None) -> float | None:
    return None if value is None else _round1(float(value))


def _geometric(framework: Framework, score: AssessmentScore) -> float | None:
    """The weighted geometric mean (weights v_d) of the scored exposure dimensions' scores,
    each raised to at least 1 so that a dimension at 0 does not wipe out the rest."""
    pairs = [(float(framework.dimension(d.dimension_id).weight),
              max(GEOMETRIC_FLOOR, float(d.score)))
             for d in score.exposure_dimensions if d.score is not None]
    total = sum(v for v, _ in pairs)
    if not total:
        return None
    return _round1(math.exp(sum(v * math.log(x) for v, x in pairs) / total))


def _residuals(framework: Framework, score: AssessmentScore) -> dict[str, float | None]:
    """The residual exposure at each of MITIGATION_FACTORS; None without a residual."""
    capacity = next((d for d in score.dimensions if d.kind == CAPACITY), None)
    result: dict[str, float | None] = {}
    for key, m in MITIGATION_FACTORS.items():
        residual = residual_exposure(replace(framework, mitigation_factor=m), score.overall,
                                     capacity)
        result[key] = _float(residual.score) if residual is not None else None
    return result


def shifted_verdict(low: Fraction | None, high: Fraction | None, shift: Decimal
                    ) -> Verdict | None:
    """The verdict (the span of bands from band(low) to band(high), on the rounded values)
    with every band cut-off (20, 40, 60, 80) moved by ``shift`` points; None without a
    range."""
    if low is None or high is None:
        return None
    bands = list(Band)
    edges = [band.lower + shift for band in bands[1:]]

    def index(value: Fraction) -> int:
        rounded = round1(value)
        return sum(1 for edge in edges if rounded >= edge)

    return Verdict(tuple(bands[index(low):index(high) + 1]))


def robustness(framework: Framework, answers: Mapping[str, Answer], modules: Iterable[str] = (),
               *, draws: int = DRAWS, seed: int = DEFAULT_SEED) -> Robustness:
    enabled = frozenset(modules)
    scored = score_assessment(framework, answers, enabled)
    base = scored.overall.score
    rng = random.Random(seed)
    overall = _distribution(_monte_carlo(framework, answers, enabled, rng, draws))
    equal = score_assessment(_equal_weights(framework), answers, enabled).overall.score
    dropped: list[DropOne] = []
    if base is not None:
        for dimension in framework.enabled_dimensions(enabled):
            if dimension.kind != EXPOSURE:
                continue
            for indicator in dimension.indicators:
                answer = answers.get(indicator.id)
                if answer is None or not answer.scored:
                    continue
                without = dict(answers)
                without[indicator.id] = Answer(indicator.id, AnswerState.NOT_APPLICABLE,
                                               na_reason="robustness: dropped")
                score = score_assessment(framework, without, enabled).overall.score
                delta = (score - base) if score is not None else -base
                dropped.append(DropOne(indicator.id, _float(score), float(delta)))
    dropped.sort(key=lambda d: (-abs(d.delta), d.indicator_id))
    low, high = scored.overall.low, scored.overall.high
    return Robustness(draws=draws, seed=seed, overall=overall,
                      framework_weights=_float(base), equal_weights=_float(equal),
                      drop_one=tuple(replace(d, delta=_round1(d.delta) if d.delta >= 0
                                             else -_round1(-d.delta))
                                     for d in dropped[:DROP_ONE_SHOWN]),
                      geometric=_geometric(framework, scored),
                      mitigation_factors=_residuals(framework, scored),
                      cutoffs_shifted={key: shifted_verdict(low, high, shift)
                                       for key, shift in CUTOFF_SHIFTS.items()})


def robustness_of(framework: Framework, answers: Mapping[str, Answer],
                  modules: Iterable[str] = (), stored: Robustness | None = None) -> Robustness:
    """The robustness to show of an assessment: the figures ``stored`` when it was marked
    final (a re-print or a later look shows the same ones, whatever the seed or the code
    since), else computed now from its answers."""
    if stored is not None:
        return stored
    return robustness(framework, answers, modules)
