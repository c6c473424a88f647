"""Properties docs/scoring.md promises for every possible set of answers."""

from __future__ import annotations

import copy
import json
import random
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.framework_file import parse_framework
from aibri_desktop.domain.scoring import AssessmentScore, score_assessment
from helpers import reference

BASE: dict[str, Any] = json.loads(reference.FRAMEWORK_FILE.read_text())
IDS = [i["id"] for d in BASE["dimensions"] for i in d["indicators"]]
MODULES = ["IE", "MC"]
EPS = Fraction(1, 10**9)

answer_state = st.one_of(
    st.tuples(st.just(AnswerState.ANSWERED), st.integers(0, 4)),
    st.tuples(st.sampled_from([AnswerState.UNKNOWN, AnswerState.UNANSWERED,
                               AnswerState.NOT_APPLICABLE]), st.none()),
)
answer_sets = st.fixed_dictionaries({i: answer_state for i in IDS})
weights = st.fixed_dictionaries({i: st.sampled_from([1, 2, 3, 0.5, 1.5]) for i in IDS})
dim_weights = st.fixed_dictionaries({d["id"]: st.sampled_from([1, 2, 3])
                                     for d in BASE["dimensions"]})


def _framework(ind_weights: dict[str, Any], dweights: dict[str, int], *,
               drop: str | None = None, shuffle_seed: int | None = None) -> Any:
    data = copy.deepcopy(BASE)
    for dim in data["dimensions"]:
        dim["weight"] = dweights[dim["id"]]
        dim["indicators"] = [i for i in dim["indicators"] if i["id"] != drop]
        for ind in dim["indicators"]:
            ind["weight"] = ind_weights[ind["id"]]
        if shuffle_seed is not None:
            random.Random(shuffle_seed).shuffle(dim["indicators"])
    if shuffle_seed is not None:
        random.Random(shuffle_seed + 1).shuffle(data["dimensions"])
    return parse_framework(data, origin="generated")


def _answers(raw: dict[str, tuple[AnswerState, int | None]]) -> dict[str, Answer]:
    return {
        i: Answer(i, state, level, Confidence.HIGH,
                  "reason" if state is AnswerState.NOT_APPLICABLE else None)
        for i, (state, level) in raw.items()
        if state is not AnswerState.UNANSWERED
    }


def _figures(score: AssessmentScore) -> list[tuple[Fraction | None, ...]]:
    rows: list[tuple[Fraction | None, ...]] = [(d.score, d.low, d.high, d.coverage)
                                               for d in score.dimensions]
    o = score.overall
    rows.append((o.score, o.low, o.high, o.coverage))
    return rows


def _same(x: Fraction | None, y: Fraction | None) -> bool:
    """Both absent, or both present and equal to within EPS."""
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= EPS


@given(answer_sets, weights, dim_weights, st.lists(st.sampled_from(MODULES), unique=True))
def test_bounds_and_range_order(raw, iw, dw, modules) -> None:
    score = score_assessment(_framework(iw, dw), _answers(raw), modules)
    for value, low, high, coverage in _figures(score):
        if low is None:
            assert value is None and high is None and coverage is None
            continue
        assert high is not None and coverage is not None
        assert 0 <= low <= high <= 100
        assert 0 <= coverage <= 1
        if value is not None:
            assert low <= value <= high
        else:
            assert coverage == 0
    if score.residual is not None:
        r = score.residual
        assert 0 <= r.low <= r.score <= r.high <= 100


# An exposure indicator (not the capacity module MC) answered below the top level, ready to be
# raised by one: every example is a case the property speaks about.
raisable = st.tuples(st.sampled_from([i for i in IDS if not i.startswith("MC")]),
                     st.integers(0, 3))


@given(answer_sets, weights, dim_weights, raisable)
def test_raising_a_level_never_lowers_exposure(raw, iw, dw, target_level) -> None:
    target, level = target_level
    raw = {**raw, target: (AnswerState.ANSWERED, level)}
    fw = _framework(iw, dw)
    before = score_assessment(fw, _answers(raw), ["IE"])
    after = score_assessment(fw, _answers({**raw, target: (AnswerState.ANSWERED, level + 1)}),
                             ["IE"])
    compared = 0
    for old, new in zip(_figures(before), _figures(after), strict=True):
        for a, b in zip(old[:3], new[:3], strict=True):
            if a is not None:
                assert b is not None and b >= a - EPS
                compared += 1
    # The target's dimension and the overall figure are scored whatever the other answers.
    assert compared >= 4


# Removing a dimension's only indicator would remove the dimension itself: not this property.
IN_SHARED_DIMENSIONS = [i for i in IDS
                        if sum(1 for j in IDS if j.split("-")[0] == i.split("-")[0]) > 1]


@given(answer_sets, weights, dim_weights, st.sampled_from(IN_SHARED_DIMENSIONS))
def test_not_applicable_leaves_the_denominator(raw, iw, dw, target) -> None:
    raw = {**raw, target: (AnswerState.NOT_APPLICABLE, None)}
    with_na = score_assessment(_framework(iw, dw), _answers(raw), MODULES)
    without = score_assessment(_framework(iw, dw, drop=target),
                               _answers({k: v for k, v in raw.items() if k != target}), MODULES)
    assert _figures(with_na) == _figures(without)


@given(answer_sets, weights, dim_weights, st.integers(0, 10_000))
def test_order_of_indicators_and_dimensions_does_not_matter(raw, iw, dw, seed) -> None:
    a = score_assessment(_framework(iw, dw), _answers(raw), MODULES)
    b = score_assessment(_framework(iw, dw, shuffle_seed=seed), _answers(raw), MODULES)
    by_id = {d.dimension_id: d for d in b.dimensions}
    for d in a.dimensions:
        other = by_id[d.dimension_id]
        for x, y in ((d.score, other.score), (d.low, other.low), (d.high, other.high)):
            assert _same(x, y), (d.dimension_id, x, y)
    for x, y in ((a.overall.score, b.overall.score), (a.overall.low, b.overall.low),
                 (a.overall.high, b.overall.high)):
        assert _same(x, y), ("overall", x, y)


@given(answer_sets, weights, dim_weights, st.tuples(st.sampled_from(IDS), st.integers(0, 4)))
def test_an_unknown_only_widens_the_range(raw, iw, dw, target_level) -> None:
    target, level = target_level
    raw = {**raw, target: (AnswerState.ANSWERED, level)}
    fw = _framework(iw, dw)
    known = score_assessment(fw, _answers(raw), MODULES)
    unknown = score_assessment(fw, _answers({**raw, target: (AnswerState.UNKNOWN, None)}),
                               MODULES)
    compared = 0
    for old, new in zip(_figures(known), _figures(unknown), strict=True):
        _, low_a, high_a, _ = old
        _, low_b, high_b, _ = new
        if low_a is not None:
            assert low_b is not None and high_b is not None and high_a is not None
            assert low_b <= low_a + EPS
            assert high_b >= high_a - EPS
            compared += 1
    # At least the target's own dimension had a range to compare.
    assert compared >= 1


@given(answer_sets, weights, dim_weights)
def test_flags_never_change_scores(raw, iw, dw) -> None:
    """Switching every indicator's critical mark changes flags only."""
    fw = _framework(iw, dw)
    data = copy.deepcopy(BASE)
    for dim in data["dimensions"]:
        dim["weight"] = dw[dim["id"]]
        for ind in dim["indicators"]:
            ind["weight"] = iw[ind["id"]]
            ind["critical"] = dim["kind"] == "exposure"
    flagged = parse_framework(data, origin="generated")
    a = score_assessment(fw, _answers(raw), MODULES)
    b = score_assessment(flagged, _answers(raw), MODULES)
    assert _figures(a) == _figures(b)
