"""Version 2 of the scoring rules (docs/scoring.md): range answers, the verdict, what must be
answered before it can settle, the decision threshold — as properties over every possible set
of answers, and as the cases a reader would check by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.answers import Answer, AnswerError, AnswerState, Confidence
from aibri_desktop.domain.bands import Band, round1
from aibri_desktop.domain.scoring import (
    AssessmentScore,
    DimensionScore,
    OverallScore,
    score_assessment,
)
from aibri_desktop.domain.summary import assessment_summary
from aibri_desktop.domain.verdict import (
    largest_remainder,
    must_answer,
    settle_by,
    threshold_answer,
    verdict_of,
)
from helpers import reference

FRAMEWORK = reference.framework()
IDS = [i.id for d in FRAMEWORK.dimensions for i in d.indicators]
MODULES = ["MC"]

ranges = st.tuples(st.integers(0, 3), st.integers(1, 4)).filter(
    lambda ab: ab[0] < ab[1] and ab != (0, 4))
answer_state = st.one_of(
    st.tuples(st.just(AnswerState.ANSWERED), st.integers(0, 4)),
    st.tuples(st.just(AnswerState.RANGE), ranges),
    st.tuples(st.sampled_from([AnswerState.UNKNOWN, AnswerState.UNANSWERED,
                               AnswerState.NOT_APPLICABLE]), st.none()),
)
answer_sets = st.fixed_dictionaries({i: answer_state for i in IDS})


def _answer(indicator_id: str, state: AnswerState, value: object) -> Answer:
    if state is AnswerState.ANSWERED:
        return Answer(indicator_id, state, value, Confidence.HIGH)  # type: ignore[arg-type]
    if state is AnswerState.RANGE:
        low, high = cast("tuple[int, int]", value)
        return Answer(indicator_id, state, level_low=low, level_high=high)
    if state is AnswerState.NOT_APPLICABLE:
        return Answer(indicator_id, state, na_reason="reason")
    return Answer(indicator_id, state)


def _figures(score: AssessmentScore) -> list[DimensionScore | OverallScore]:
    return [*score.dimensions, score.overall]


def _answers(raw: dict[str, tuple[AnswerState, object]]) -> dict[str, Answer]:
    return {i: _answer(i, s, v) for i, (s, v) in raw.items() if s is not AnswerState.UNANSWERED}


@given(answer_sets)
def test_low_score_high_and_shares_add_up_to_the_width(raw) -> None:
    score = score_assessment(FRAMEWORK, _answers(raw), MODULES)
    for figure in _figures(score):
        if figure.score is not None:
            assert figure.low is not None and figure.high is not None
            assert figure.low <= figure.score <= figure.high
        if figure.low is not None and figure.high is not None:
            assert sum((i.span for i in figure.open_items), Fraction(0)) == \
                figure.high - figure.low
    o = score.overall
    shown = settle_by(o.open_items, o.low, o.high)
    if o.low is not None and o.high is not None and shown:
        assert sum((share for _item, share in shown), Decimal(0)) == \
            round1(o.high) - round1(o.low)


@given(answer_sets, st.sampled_from(IDS), st.integers(0, 4), st.data())
def test_answering_an_open_indicator_never_widens_the_range(raw, indicator_id, level,
                                                             data) -> None:
    answers = _answers(raw)
    current = answers.get(indicator_id)
    if current is not None and not current.open:
        return
    if current is not None and current.state is AnswerState.RANGE:
        assert current.level_low is not None and current.level_high is not None
        level = data.draw(st.integers(current.level_low, current.level_high))
    before = score_assessment(FRAMEWORK, answers, MODULES)
    after = score_assessment(FRAMEWORK, {**answers, indicator_id: Answer(
        indicator_id, AnswerState.ANSWERED, level)}, MODULES)
    for old, new in zip(_figures(before), _figures(after), strict=True):
        if old.low is None or new.low is None or old.high is None or new.high is None:
            continue
        assert old.low <= new.low and new.high <= old.high


@given(answer_sets)
def test_the_verdict_holds_every_band_the_open_answers_could_give(raw) -> None:
    """Answering every open indicator at its extremes lands inside the verdict."""
    answers = _answers(raw)
    score = score_assessment(FRAMEWORK, answers, MODULES)
    verdict = verdict_of(score.overall.low, score.overall.high)
    if verdict is None:
        return
    for pick in ("low", "high"):
        filled = dict(answers)
        for dimension in FRAMEWORK.dimensions:
            for indicator in dimension.indicators:
                a = answers.get(indicator.id)
                if a is None or a.open:
                    if a is not None and a.state is AnswerState.RANGE:
                        level = a.level_low if pick == "low" else a.level_high
                    else:
                        level = 0 if pick == "low" else 4
                    filled[indicator.id] = Answer(indicator.id, AnswerState.ANSWERED, level)
        overall = score_assessment(FRAMEWORK, filled, MODULES).overall
        if overall.score is not None:
            assert Band.of(round1(overall.score)) in verdict.bands


def test_a_range_counts_at_its_middle_in_the_score_and_its_ends_in_the_range() -> None:
    # GA: GA-01 (w 1) answered 0, GA-02 (w 2) between 3 and 4: middle 87.5, ends 75 and 100
    answers = {"GA-01": Answer("GA-01", AnswerState.ANSWERED, 0),
               "GA-02": Answer("GA-02", AnswerState.RANGE, level_low=3, level_high=4)}
    ga = score_assessment(FRAMEWORK, answers).dimension("GA")
    assert ga.score == Fraction(2 * 175, 2) / 3  # (1·0 + 2·87.5) / 3 = 58.33…
    assert (ga.low, ga.high) == (Fraction(150, 3), Fraction(200, 3))
    assert ga.coverage == Fraction(1 + 2 * Fraction(3, 4), 3)  # the range resolved ¾ of it
    assert ga.ranged == 1
    assert [(i.indicator_id, i.span) for i in ga.open_items] == [("GA-02", Fraction(50, 3))]


@pytest.mark.parametrize(("low", "high", "message"), [
    (3, 3, "lower to a higher"), (4, 2, "lower to a higher"), (0, 4, "Unknown"),
    (-1, 2, "from 0 to 4"), (2, 5, "from 0 to 4"), (None, 3, "from 0 to 4")])
def test_a_range_that_says_nothing_or_is_upside_down_is_refused(low, high, message) -> None:
    with pytest.raises(AnswerError, match=message):
        Answer("DS-01", AnswerState.RANGE, level_low=low, level_high=high)
    with pytest.raises(AnswerError):
        Answer("DS-01", AnswerState.ANSWERED, 2, level_low=1, level_high=3)


def test_one_answered_indicator_no_longer_reads_as_a_band() -> None:
    """The review's case: one answered indicator at 4 printed "100.0 Severe". The verdict is
    the span its unknowns leave open, with what must be answered before it can settle."""
    answers = {"DS-01": Answer("DS-01", AnswerState.ANSWERED, 4)}
    summary = assessment_summary(FRAMEWORK, score_assessment(FRAMEWORK, answers))
    overall = summary["overall"]
    assert overall["score"] == 100.0
    assert overall["verdict"] == {"settled": False,
                                  "bands": ["Low", "Guarded", "Elevated", "High", "Severe"]}
    assert overall["must_answer"]  # at least these must be answered before it can settle
    assert sum(Decimal(str(s["share"])) for s in overall["settle_by"]) == \
        Decimal(str(overall["high"])) - Decimal(str(overall["low"]))


def test_a_settled_verdict_keeps_its_band_and_needs_nothing_more() -> None:
    answers = {i: Answer(i, AnswerState.ANSWERED, 3) for i in IDS}
    overall = assessment_summary(FRAMEWORK, score_assessment(FRAMEWORK, answers))["overall"]
    assert overall["verdict"] == {"settled": True, "bands": ["High"]}
    assert overall["band"] == "High" and overall["must_answer"] == [] and \
        overall["settle_by"] == []


def _words(low: Fraction, high: Fraction) -> str:
    verdict = verdict_of(low, high)
    assert verdict is not None
    return verdict.words()


def test_the_verdict_in_words_and_the_decision_threshold() -> None:
    assert _words(Fraction(45), Fraction(70)) == "at least Elevated, at most High"
    assert _words(Fraction(61), Fraction(79)) == "High"
    # 39.95 rounds to 40.0, so the band edge is read on the value a reader sees
    assert _words(Fraction(3995, 100), Fraction(41)) == "Elevated"
    assert threshold_answer(Fraction(60), Fraction(90), Fraction(60)) == "yes"
    assert threshold_answer(Fraction(10), Fraction(5994, 100), Fraction(60)) == "no"
    # 59.95 is shown as 60.0: on the values a reader sees, the answer is open
    assert threshold_answer(Fraction(10), Fraction(5995, 100), Fraction(60)) == "open"


def test_must_answer_is_the_fewest_largest_first_and_never_a_promise() -> None:
    from aibri_desktop.domain.scoring import OpenItem
    items = [OpenItem("A", "DS", Fraction(10)), OpenItem("B", "DS", Fraction(30)),
             OpenItem("C", "TD", Fraction(25))]
    # width 65 − 20 = 45: B (30) is not enough, B + C (55) is
    assert must_answer(items, Fraction(30), Fraction(95)) == ["B", "C"]
    # open but narrower than a band (39–41): no single answer is required
    assert must_answer([OpenItem("A", "DS", Fraction(2))], Fraction(39), Fraction(41)) == []


def test_largest_remainder_keeps_the_displayed_sum() -> None:
    thirds = [Fraction(10, 3)] * 3
    assert largest_remainder(thirds, Decimal("10.0")) == \
        [Decimal("3.4"), Decimal("3.3"), Decimal("3.3")]
    assert sum(largest_remainder([Fraction(1, 7)] * 7, Decimal("1.0"))) == Decimal("1.0")


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_a_stored_ranges_verdict_is_the_verdict_of_its_values(a: int, b: int) -> None:
    """The library reads 10,000 stored (rounded) ranges at a start without fractions; the
    verdict is the same one, band edges included."""
    from aibri_desktop.domain.verdict import stored_verdict

    low, high = min(a, b) / 10, max(a, b) / 10
    assert stored_verdict(low, high) == verdict_of(Fraction(min(a, b), 10),
                                                   Fraction(max(a, b), 10))
