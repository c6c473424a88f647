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
from .scoring import AssessmentScore, DimensionScore, OverallScore, Residual


def score_value(value: Fraction | None) -> Decimal | None:
    return None if value is None else round1(value)


def coverage_value(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_to(value, 3)


def band_for(value: Fraction | None) -> Band | None:
    rounded = score_value(value)
    return None if rounded is None else Band.of(rounded)


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def overall_summary(overall: OverallScore) -> dict[str, Any]:
    band = band_for(overall.score)
    return {
        "score": _num(score_value(overall.score)),
        "band": band.label if band else None,
        "low": _num(score_value(overall.low)),
        "high": _num(score_value(overall.high)),
        "coverage": _num(coverage_value(overall.coverage)),
        "provisional": overall.provisional,
    }


def residual_summary(residual: Residual | None) -> dict[str, Any] | None:
    if residual is None:
        return None
    band = band_for(residual.score)
    return {
        "score": _num(score_value(residual.score)),
        "band": band.label if band else None,
        "low": _num(score_value(residual.low)),
        "high": _num(score_value(residual.high)),
        "capacity": _num(score_value(residual.capacity)),
        "mitigation_factor": float(residual.factor),
    }


def dimension_summary(framework: Framework, score: DimensionScore,
                      language: str = "en") -> dict[str, Any]:
    band = band_for(score.score) if score.kind == EXPOSURE else None
    return {
        "id": score.dimension_id,
        "name": framework.dimension(score.dimension_id).name.get(language),
        "kind": score.kind,
        "score": _num(score_value(score.score)),
        "band": band.label if band else None,
        "low": _num(score_value(score.low)),
        "high": _num(score_value(score.high)),
        "coverage": _num(coverage_value(score.coverage)),
        "provisional": score.provisional,
    }


def assessment_summary(framework: Framework, score: AssessmentScore,
                       language: str = "en") -> dict[str, Any]:
    """The scored part of ``aibri show --json``."""
    return {
        "overall": overall_summary(score.overall),
        "residual": residual_summary(score.residual),
        "dimensions": [dimension_summary(framework, d, language) for d in score.dimensions],
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
