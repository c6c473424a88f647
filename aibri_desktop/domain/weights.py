"""Each indicator's effective weight in the overall score, for the methodology.

With every indicator applicable and answered, indicator i of dimension d counts
(v_d / Σ v) · (w_i / Σ_{j in d} w_j) of the overall exposure. N/A and unknown answers shift
these shares for one assessment; the published table is the framework's design.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .framework import EXPOSURE, Framework


@dataclass(frozen=True)
class EffectiveWeight:
    indicator_id: str
    dimension_id: str
    weight: Fraction
    share: Fraction  # of the overall exposure, 0–1


def effective_weights(framework: Framework, modules: Iterable[str] = ()) -> list[EffectiveWeight]:
    dims = [d for d in framework.enabled_dimensions(frozenset(modules)) if d.kind == EXPOSURE]
    total_v = sum((d.weight for d in dims), Fraction(0))
    rows = []
    for dimension in dims:
        total_w = sum((i.weight for i in dimension.indicators), Fraction(0))
        for indicator in dimension.indicators:
            rows.append(EffectiveWeight(indicator.id, dimension.id, indicator.weight,
                                        dimension.weight / total_v * indicator.weight / total_w))
    return rows
