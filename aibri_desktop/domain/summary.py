"""Scores as a reader sees them: rounded once, with bands, in plain data.

``aibri show --json``, the app and the briefs all take their figures from here, so a number can
never be rounded two different ways.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from .bands import Band, round1, round_to
from .framework import EXPOSURE, Framework
from .scoring import SCORING_RULES, AssessmentScore, DimensionScore, OverallScore, Residual
from .verdict import Verdict, must_answer, settle_by, verdict_of


def score_value(value: Fraction | None) -> Decimal | None:
    return None if value is None else round1(value)


def coverage_value(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_to(value, 3)


def band_for(value: Fraction | None) -> Band | None:
    rounded = score_value(value)
    return None if rounded is None else Band.of(rounded)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _band_and_verdict(score: Fraction | None, low: Fraction | None, high: Fraction | None,
                      rules: int = SCORING_RULES) -> tuple[str | None, dict[str, Any] | None]:
    """The band, and the verdict (the span of bands the range allows).

    Under version 2 of the rules ``band`` is the band of the score only when the verdict is
    settled (then they agree) and None when it is open: no reader sees a bare band beside an
    open verdict. Under version 1 (a final assessment kept as signed off) it is the band of
    the score, as it was printed then; the verdict stands beside it."""
    verdict = verdict_of(low, high)
    band = band_for(score)
    if rules >= 2 and (verdict is None or not verdict.settled):
        band = None
    return (band.label if band is not None else None,
            verdict.to_json() if verdict is not None else None)


def overall_summary(overall: OverallScore, rules: int = SCORING_RULES) -> dict[str, Any]:
    band, verdict = _band_and_verdict(overall.score, overall.low, overall.high, rules)
    settled = Verdict.from_json(verdict)
    return {
        "score": _num(score_value(overall.score)),
        "band": band,
        "low": _num(score_value(overall.low)),
        "high": _num(score_value(overall.high)),
        "coverage": _num(coverage_value(overall.coverage)),
        "provisional": overall.provisional,
        "verdict": verdict,
        "settle_by": [{"indicator": item.indicator_id, "dimension": item.dimension_id,
                       "share": float(share)}
                      for item, share in settle_by(overall.open_items, overall.low,
                                                   overall.high)],
        "must_answer": must_answer(overall.open_items, overall.low, overall.high, settled),
    }


def residual_summary(residual: Residual | None, rules: int = SCORING_RULES
                     ) -> dict[str, Any] | None:
    if residual is None:
        return None
    band, verdict = _band_and_verdict(residual.score, residual.low, residual.high, rules)
    return {
        "score": _num(score_value(residual.score)),
        "band": band,
        "low": _num(score_value(residual.low)),
        "high": _num(score_value(residual.high)),
        "capacity": _num(score_value(residual.capacity)),
        "mitigation_factor": float(residual.factor),
        "provisional": residual.provisional,
        "verdict": verdict,
    }


def dimension_summary(framework: Framework, score: DimensionScore,
                      language: str = "en", rules: int = SCORING_RULES) -> dict[str, Any]:
    band, verdict = (_band_and_verdict(score.score, score.low, score.high, rules)
                     if score.kind == EXPOSURE else (None, None))
    return {
        "id": score.dimension_id,
        "name": framework.dimension(score.dimension_id).name.get(language),
        "kind": score.kind,
        "score": _num(score_value(score.score)),
        "band": band,
        "low": _num(score_value(score.low)),
        "high": _num(score_value(score.high)),
        "coverage": _num(coverage_value(score.coverage)),
        "provisional": score.provisional,
        "verdict": verdict,  # None for the capacity dimension: it has no band
    }


def assessment_summary(framework: Framework, score: AssessmentScore,
                       language: str = "en", rules: int = SCORING_RULES) -> dict[str, Any]:
    """The scored part of ``aibri show --json``; ``rules`` the version of docs/scoring.md the
    figures are shown under (1: a final assessment kept as signed off)."""
    return {
        "overall": overall_summary(score.overall, rules),
        "residual": residual_summary(score.residual, rules),
        "dimensions": [dimension_summary(framework, d, language, rules)
                       for d in score.dimensions],
        "red_flags": [
            {
                "indicator": flag.indicator_id,
                "dimension": flag.dimension_id,
                "text": framework.indicator(flag.indicator_id).question.get(language),
                "kind": flag.kind.value,
            }
            for flag in score.red_flags
        ],
        "critical_not_applicable": list(score.critical_not_applicable),
    }
