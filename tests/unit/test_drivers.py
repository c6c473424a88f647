from fractions import Fraction

from aibri_desktop.domain.drivers import drivers
from aibri_desktop.domain.scoring import score_assessment
from helpers import reference


def test_reference_drivers_add_up_to_the_overall_score() -> None:
    fw = reference.framework()
    answers = reference.answers()
    score = score_assessment(fw, answers, reference.modules())
    found = drivers(fw, answers, score, reference.modules())
    assert sum((d.points for d in found), Fraction(0)) == score.overall.score
    # By hand: TD-01 = (2/4) · 3·100 / 4 = 37.5; DS-01 = (1/4) · 300/5 = 15;
    # GA-02 = (1/4) · 150/3 = 12.5; DS-02 = (1/4) · 100/5 = 5; TD-02 = (2/4) · 25/4 = 3.125.
    assert [(d.indicator_id, d.points) for d in found] == [
        ("TD-01", Fraction(75, 2)), ("DS-01", Fraction(15)), ("GA-02", Fraction(25, 2)),
        ("DS-02", Fraction(5)), ("TD-02", Fraction(25, 8)), ("GA-01", Fraction(0))]
    assert "MC-01" not in [d.indicator_id for d in found], "capacity is not exposure"
