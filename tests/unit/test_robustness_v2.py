"""Robustness under version 2 of the scoring rules (docs/scoring.md, section 7), checked as a
reader of the brief would: the unknowns are left to the verdict, not drawn; range answers take
part at their middle; equal weights equalise the dimensions too; the aggregation, the
mitigation factor and the band cut-offs are varied; figures stored by version 1 still read."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.framework import EXPOSURE, Framework
from aibri_desktop.domain.framework_file import load_framework_file
from aibri_desktop.domain.robustness import Robustness, robustness, shifted_verdict
from aibri_desktop.domain.robustness_text import robustness_sentence
from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.domain.summary import assessment_summary
from aibri_desktop.domain.verdict import Verdict, verdict_of
from aibri_desktop.paths import frameworks_dir
from helpers import reference

# What version 1 stored with the reference assessment when it was marked final
# (tests/fixtures/schemas/v0005.sql): a run with the unknowns drawn, none of the new checks.
STORED_V1 = (
    '{"median": 72.0, "p5": 61.7, "p95": 77.7, "band_shares": {"Low": 0.0, "Guarded": 0.0, '
    '"Elevated": 0.0215, "High": 0.968, "Severe": 0.0105}, "draws": 2000, "seed": 1729, '
    '"unknowns_answered": {"median": 65.0, "p5": 53.4, "p95": 76.5, "band_shares": {"Low": 0.0, '
    '"Guarded": 0.0, "Elevated": 0.2525, "High": 0.7365, "Severe": 0.011}}, '
    '"framework_weights": 73.1, "equal_weights": 58.3, "drop_one": [{"indicator": "TD-01", '
    '"overall": 45.0, "delta": -28.1}, {"indicator": "GA-02", "overall": 60.6, "delta": -12.5}, '
    '{"indicator": "TD-02", "overall": 82.5, "delta": 9.4}, {"indicator": "DS-01", '
    '"overall": 65.6, "delta": -7.5}, {"indicator": "GA-01", "overall": 79.4, "delta": 6.3}]}')


def _exposure(framework: Framework, modules: frozenset[str] = frozenset()) -> list[str]:
    return [i.id for d in framework.enabled_dimensions(modules) if d.kind == EXPOSURE
            for i in d.indicators]


def _percentages(sentence: str) -> list[str]:
    return re.findall(r"(\d+) %", sentence)


def test_seventeen_unknowns_are_left_to_the_verdict_not_drawn() -> None:
    """17 of the 30 core items unknown: the verdict is open from Guarded to High. Version 1
    added "If the unknowns were answered: Elevated in 95 %", as if they were settled; now every
    share the sentence states is a share of the draws of the answered indicators."""
    # the case of issue 21: 17 of the 30 core items of framework 1.1.0 unknown
    framework = load_framework_file(frameworks_dir() / "aibri.json")
    core = _exposure(framework)
    assert len(core) == 30
    answered = dict(zip([core[k] for k in (0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 24)],
                        (2, 2, 3, 2, 1, 2, 2, 3, 2, 2, 1, 2, 3), strict=True))
    answers = {i: Answer(i, AnswerState.ANSWERED, answered[i], Confidence.HIGH)
               if i in answered else Answer(i, AnswerState.UNKNOWN) for i in core}
    assert sum(a.state is AnswerState.UNKNOWN for a in answers.values()) == 17
    overall = score_assessment(framework, answers).overall
    verdict = verdict_of(overall.low, overall.high)
    assert verdict is not None and verdict.words() == "at least Guarded, at most High"

    result = robustness(framework, answers)
    assert "unknowns_answered" not in result.to_json()
    sentence = robustness_sentence(result)
    assert "if the unknowns were answered" not in sentence.lower()
    assert "The unknowns are not drawn: the verdict covers them." in sentence
    assert result.overall is not None
    drawn = {str(round(share * 100)) for share in result.overall.band_shares.values()
             if share >= 0.005}
    assert set(_percentages(sentence)) == drawn | {"90"}  # "in 90 % of draws" (5th–95th)


def test_a_range_answer_stays_at_its_middle_in_every_draw() -> None:
    """Version 1 left range answers out of the draws (no draws at all when every answer is a
    range); now a range counts at its middle, its weight varied like any other."""
    framework = reference.framework()
    ranged = {i: Answer(i, AnswerState.RANGE, level_low=2, level_high=3)
              for i in _exposure(framework)}
    result = robustness(framework, ranged)
    assert result.overall is not None
    # every indicator at 62.5, whatever the weights: every draw is 62.5
    assert result.overall.median == result.overall.p5 == result.overall.p95 == 62.5
    assert result.overall.band_shares["High"] == 1.0
    # beside a firm answer, the range's weight varies: the draws spread around the score
    mixed = dict(ranged)
    mixed["TD-01"] = Answer("TD-01", AnswerState.ANSWERED, 0, Confidence.HIGH)
    score = score_assessment(framework, mixed).overall.score
    assert score is not None
    spread = robustness(framework, mixed).overall
    assert spread is not None and spread.p5 < float(score) < spread.p95
    assert abs(spread.median - float(score)) < 2
    # and a range answer takes part in drop-one
    assert "TD-01" in {d.indicator_id for d in robustness(framework, mixed).drop_one}
    v2 = robustness(reference.framework(), reference.answers("_v2"), reference.modules("_v2"))
    assert {"TD-01", "GA-02"} <= {d.indicator_id for d in v2.drop_one}  # both ranges


def test_equal_weights_equalise_the_dimension_weights_too() -> None:
    """The reference framework weighs TD twice (v = 2). Equalising only the indicators would
    give (75 + 2·62.5 + 37.5)/4 = 59.4; with the dimensions equal as well it is 58.3."""
    framework, answers, modules = (reference.framework(), reference.answers(),
                                   reference.modules())
    assert framework.dimension("TD").weight == 2
    indicators_only = replace(framework, dimensions=tuple(
        replace(d, indicators=tuple(replace(i, weight=Fraction(1)) for i in d.indicators))
        for d in framework.dimensions))
    partial = score_assessment(indicators_only, answers, modules).overall.score
    assert partial is not None and round(float(partial), 1) == 59.4
    result = robustness(framework, answers, modules)
    assert result.equal_weights == 58.3
    assert "With equal indicator and dimension weights: 58.3" in robustness_sentence(result)


def test_the_reference_case_by_hand() -> None:
    """docs/scoring.md, section 10: the geometric mean (80 · 81.25² · 50)^(1/4) = 71.7; the
    residual 73.1, 56.7 and 45.7 at m = 0, 0.3 and 0.5; the verdict at least High, at most
    Severe with the cut-offs 5 points lower, at least Elevated, at most High 5 points higher."""
    result = robustness(reference.framework(), reference.answers(), reference.modules())
    data = result.to_json()
    assert data["geometric"] == 71.7
    assert data["mitigation_factors"] == {"0": 73.1, "0.3": 56.7, "0.5": 45.7}
    assert data["cutoffs_shifted"] == {
        "-5": {"settled": False, "bands": ["High", "Severe"]},
        "+5": {"settled": False, "bands": ["Elevated", "High"]}}
    assert Robustness.from_json(json.loads(json.dumps(data))) == result
    summary = assessment_summary(reference.framework(), score_assessment(
        reference.framework(), reference.answers(), reference.modules()))
    assert data["mitigation_factors"]["0.3"] == summary["residual"]["score"]  # m of the file


def test_the_geometric_mean_is_at_most_the_arithmetic_and_a_zero_does_not_wipe_it_out() -> None:
    framework = reference.framework()
    for levels in ((4, 0, 2), (1, 3, 4), (2, 2, 2), (4, 1, 1), (3, 4, 1)):
        answers = {i: Answer(i, AnswerState.ANSWERED, levels[n % 3], Confidence.HIGH)
                   for n, i in enumerate(_exposure(framework))}
        result = robustness(framework, answers, draws=10)
        assert result.geometric is not None and result.framework_weights is not None
        assert result.geometric <= result.framework_weights, levels
    zero = {i: Answer(i, AnswerState.ANSWERED, 0 if i.startswith("GA") else 4, Confidence.HIGH)
            for i in _exposure(framework)}
    result = robustness(framework, zero, draws=10)
    # DS and TD at 100 (v = 1, 2), GA at 0 floored to 1: (100 · 100² · 1)^(1/4) = 31.6
    assert result.framework_weights == 75.0 and result.geometric == 31.6


def test_the_residual_at_no_mitigation_is_the_overall_and_none_without_capacity() -> None:
    framework, answers = reference.framework(), reference.answers()
    result = robustness(framework, answers, ["MC"])
    assert result.mitigation_factors["0"] == result.framework_weights
    factors = [result.mitigation_factors[key] for key in ("0", "0.3", "0.5")]
    assert factors == [73.1, 56.7, 45.7]  # C = 75 > 0: more mitigation, lower residual
    without = robustness(framework, answers, [])  # MC not enabled: no residual at all
    assert without.to_json()["mitigation_factors"] == {"0": None, "0.3": None, "0.5": None}
    unscored = dict(answers)
    unscored["MC-01"] = Answer("MC-01", AnswerState.UNKNOWN)
    assert set(robustness(framework, unscored, ["MC"]).mitigation_factors.values()) == {None}


def test_moving_the_cut_offs_moves_a_verdict_near_an_edge() -> None:
    """Every exposure indicator at level 3: 75.0, settled High. With the cut-offs 5 points
    lower 75.0 is on the Severe line (75); 5 points higher it stays High (65–85)."""
    framework = reference.framework()
    answers = {i: Answer(i, AnswerState.ANSWERED, 3, Confidence.HIGH)
               for i in _exposure(framework)}
    result = robustness(framework, answers, draws=10)
    assert result.framework_weights == 75.0
    assert result.cutoffs_shifted["-5"] == Verdict.from_json(
        {"settled": True, "bands": ["Severe"]})
    assert result.to_json()["cutoffs_shifted"]["+5"] == {"settled": True, "bands": ["High"]}
    # the cut-offs unmoved give the verdict itself, for every rounded range
    for low in range(0, 101, 5):
        for high in range(low, 101, 5):
            exact = Fraction(low * 10 - 1, 10), Fraction(high * 10 + 1, 10)
            assert shifted_verdict(*exact, Decimal(0)) == verdict_of(*exact)


def test_figures_stored_by_version_1_still_read() -> None:
    """A final assessment keeps its stored figures whole: the old JSON (a run with the
    unknowns drawn, no geometric mean, no mitigation factors, no moved cut-offs) reads, shows
    its unknowns-drawn figure said to be version 1's, and writes back unchanged with the new
    keys empty — a re-printed brief loses nothing silently."""
    stored = Robustness.from_json(json.loads(STORED_V1))
    assert stored.overall is not None and stored.overall.median == 72.0
    assert (stored.framework_weights, stored.equal_weights) == (73.1, 58.3)
    assert stored.drop_one[0].indicator_id == "TD-01"
    assert stored.geometric is None
    assert stored.mitigation_factors == {} and stored.cutoffs_shifted == {}
    assert stored.unknowns_answered is not None
    data = stored.to_json()
    assert data["unknowns_answered"] == json.loads(STORED_V1)["unknowns_answered"]
    assert (data["geometric"], data["mitigation_factors"], data["cutoffs_shifted"]) == (
        None, {}, {})
    assert Robustness.from_json(data) == stored
    sentence = robustness_sentence(stored, stored=True)
    assert "With equal indicator and dimension weights: 58.3. Most influential" in sentence
    assert "Stored under version 1 of the rules, which also drew the unknowns: " in sentence
    assert "version 2 no longer does" in sentence
    assert "The unknowns are not drawn" not in sentence
    # a version-1 record without a score at all, and one with nulls where lists were
    empty = Robustness.from_json({"median": None, "p5": None, "p95": None, "band_shares": {},
                                  "draws": 2000, "seed": 1729, "unknowns_answered": None,
                                  "framework_weights": None, "equal_weights": None,
                                  "drop_one": None})
    assert empty.overall is None and empty.drop_one == ()
    assert robustness_sentence(empty) == "No score yet, so no robustness figures."
