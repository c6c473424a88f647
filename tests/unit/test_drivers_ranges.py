"""What drives the score counts a range answer at its middle, as the score does: with ranges
the contributions still add up exactly to the overall score (reference case 2)."""

from __future__ import annotations

from fractions import Fraction

from aibri_desktop.domain.drivers import drivers
from aibri_desktop.domain.scoring import score_assessment
from helpers import reference


def test_contributions_with_ranges_add_up_to_the_overall_score() -> None:
    framework = reference.framework()
    answers = reference.answers("_v2")
    modules = frozenset(reference.modules("_v2"))
    score = score_assessment(framework, answers, modules)
    found = drivers(framework, answers, score, modules)
    assert sum((d.points for d in found), Fraction(0)) == score.overall.score
    by_id = {d.indicator_id: d for d in found}
    # DS-03 is a range 1–3: it counts at level 2, i.e. 50 points of its dimension
    assert by_id["DS-03"].level == 2
    assert by_id["TD-01"].level == Fraction(3, 2)  # range 1–2
    assert by_id["GA-02"].level == Fraction(5, 2)  # range 2–3
