"""Comparing assessments: the decomposition by hand, alignment across framework versions, a
time series; under version 2 of the rules (docs/scoring.md, section 8) the displayed change and
its rounded contributions, "not established", the common basis beside each assessment's own
figures, and the words every surface uses."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align, time_series, what_changed
from aibri_desktop.domain.compare_summary import (
    change_headline,
    comparison_rows,
    comparison_summary,
    contribution_line,
    established_words,
    range_change_words,
    shown_contributions,
)
from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.framework_file import parse_framework
from helpers import reference


def _item(name: str, answers: dict[str, Answer], *, day: int = 1,
          framework: Framework | None = None, modules: tuple[str, ...] = ("MC",)) -> Compared:
    return Compared(name, name, "XA", date(2026, 1, day), framework or reference.framework(),
                    answers, frozenset(modules))


def _b_answers() -> dict[str, Answer]:
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 4, Confidence.HIGH)
    b["DS-03"] = Answer("DS-03", AnswerState.ANSWERED, 3, Confidence.HIGH, carried_over=True)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    return b


def test_what_changed_by_hand() -> None:
    """DS-02 2→4 (changed), DS-03 unknown→3 (new), GA-01 0→unknown (dropped); TD unchanged.

    DS: D_A = 400/5 = 80, D_B = 575/6; DS-02 = 2·(100−50)/6 = 50/3, DS-03 = 1·(75−80)/6 = −5/6.
    GA: D_A = 50, D_B = 75; GA-01 = −1·(0−50)/2 = 25. Overall (v = 1,2,1 of 4): × 1/4.
    """
    alignment = align([_item("A", reference.answers()), _item("B", _b_answers(), day=2)])
    changed = what_changed(alignment)
    lines = {c.indicator_id: c for c in changed.contributions}
    assert lines["DS-02"].dimension_points == Fraction(50, 3)
    assert lines["DS-03"].dimension_points == Fraction(-5, 6)
    assert lines["GA-01"].dimension_points == Fraction(25)
    assert [(c.indicator_id, c.kind, c.points) for c in changed.contributions] == [
        ("GA-01", "dropped", Fraction(25, 4)), ("DS-02", "changed", Fraction(25, 6)),
        ("DS-03", "new", Fraction(-5, 24))]
    assert lines["DS-03"].carried_over and not lines["DS-02"].carried_over
    # The contributions add up exactly: overall 73.125 → 1000/12 (83.33…).
    assert changed.overall_change == Fraction(245, 24)
    points = [c.points for c in changed.contributions if c.points is not None]
    assert len(points) == 3 and sum(points, Fraction(0)) == changed.overall_change
    ds_a, ds_b = changed.dimension_changes["DS"]
    assert ds_a is not None and ds_b is not None
    ds_points: list[Fraction] = []
    for c in changed.contributions:
        if c.dimension_id == "DS":
            assert c.dimension_points is not None, c
            ds_points.append(c.dimension_points)
    assert ds_b - ds_a == sum(ds_points, Fraction(0))


states = st.one_of(st.tuples(st.just(AnswerState.ANSWERED), st.integers(0, 4)),
                   st.tuples(st.sampled_from([AnswerState.UNKNOWN, AnswerState.UNANSWERED,
                                              AnswerState.NOT_APPLICABLE]), st.none()))
IDS = [i.id for i in reference.framework().indicators()]


def _answers(raw: dict[str, tuple[AnswerState, int | None]]) -> dict[str, Answer]:
    return {k: Answer(k, s, lvl, na_reason="n/a" if s is AnswerState.NOT_APPLICABLE else None)
            for k, (s, lvl) in raw.items() if s is not AnswerState.UNANSWERED}


@given(st.fixed_dictionaries({i: states for i in IDS}), st.fixed_dictionaries({i: states
                                                                              for i in IDS}))
def test_contributions_always_add_up_exactly(a, b) -> None:
    alignment = align([_item("A", _answers(a)), _item("B", _answers(b), day=2)])
    changed = what_changed(alignment)
    if changed.overall_change is not None:
        points = [c.points for c in changed.contributions if c.points is not None]
        assert len(points) == len(changed.contributions)  # every line is part of the change
        assert sum(points, Fraction(0)) == changed.overall_change
    for dim, (before, after) in changed.dimension_changes.items():
        if before is not None and after is not None:
            parts = [c.dimension_points for c in changed.contributions
                     if c.dimension_id == dim and c.dimension_points is not None]
            assert sum(parts, Fraction(0)) == after - before


def test_different_framework_versions_compare_on_common_indicators() -> None:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    newer = copy.deepcopy(doc)
    newer["version"] = "2.0.0"
    newer["dimensions"][0]["indicators"] = [i for i in newer["dimensions"][0]["indicators"]
                                            if i["id"] != "DS-02"]
    framework_b = parse_framework(newer, origin="newer")
    alignment = align([_item("A", reference.answers()),
                       _item("B", reference.answers(), framework=framework_b, day=2)])
    assert "DS-02" not in alignment.common and len(alignment.common) == 10  # 11 enabled - 1
    assert alignment.left_out == {"A": ("DS-02",), "B": ()}
    assert alignment.warnings and "common indicators" in alignment.warnings[0]
    # Both rescored without DS-02: DS = 300/3 = 100 in both, so nothing changed.
    assert what_changed(alignment).overall_change == 0
    modules = align([_item("A", reference.answers()),
                     _item("B", reference.answers(), modules=(), day=2)])
    assert any("different optional modules" in w for w in modules.warnings)


def test_one_country_over_five_dates() -> None:
    levels = [0, 1, 2, 3, 4]
    items = []
    for n, level in enumerate(levels):
        answers = dict(reference.answers())
        answers["GA-02"] = Answer("GA-02", AnswerState.ANSWERED, level, Confidence.HIGH)
        items.append(_item(f"A{n}", answers, day=5 - n))  # given newest first
    series = time_series(align(items))["XA"]
    assert [p.as_of.day for p in series] == [1, 2, 3, 4, 5]
    overall = [p.overall for p in series if p.overall is not None]
    assert len(overall) == 5
    assert overall == sorted(overall, reverse=True)  # the oldest had level 4
    summary = comparison_summary(align(items))
    assert [p["as_of"] for p in summary["time_series"]["XA"]] == [
        f"2026-01-0{d}" for d in range(1, 6)]
    rows = comparison_rows(summary)
    assert rows[0][0] == "item" and rows[1][0] == "Overall exposure: verdict"
    ga02 = next(r for r in rows if r[0] == "GA-02")
    assert ga02[1:6] == ["0", "1", "2", "3", "4"] and ga02[-1] == "+100"


# ---- version 2: the displayed change, established or not, the common basis, the words --------


def _worked_example_b() -> dict[str, Answer]:
    """docs/scoring.md, section 8: DS-02 2 → 3, TD-03 answered at 2, GA-01 0 → unknown."""
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 3, Confidence.HIGH)
    b["TD-03"] = Answer("TD-03", AnswerState.ANSWERED, 2, Confidence.HIGH)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    return b


def _worked_example() -> dict:
    return comparison_summary(align([_item("A", reference.answers()),
                                     _item("B", _worked_example_b(), day=2)]))


def test_the_worked_example_displays_the_difference_of_the_displayed_scores() -> None:
    """73.125 → 76.667: displayed 73.1 and 76.7, so the change is +3.6 (not the +3.5 of the
    exact +3.542), and the lines +6.3, −5.2, +2.5 add up to it."""
    changed = _worked_example()["what_changed"]
    assert (changed["score_from"], changed["score_to"]) == (73.1, 76.7)
    assert changed["overall_change"] == 3.542 and changed["displayed_change"] == 3.6
    assert [(c["indicator"], c["displayed_points"]) for c in changed["contributions"]] == [
        ("GA-01", 6.3), ("TD-03", -5.2), ("DS-02", 2.5)]
    assert _worked_example()["deltas"]["overall"] == 3.6


def test_overlapping_ranges_make_the_change_not_established_wherever_it_is_stated() -> None:
    summary = _worked_example()
    changed = summary["what_changed"]
    assert changed["range_from"] == [56.3, 77.1] and changed["range_to"] == [66.7, 79.2]
    assert changed["established"] is False and summary["deltas"]["established"]["overall"] is False
    assert changed["range_narrowed"] is True
    rows = comparison_rows(summary)
    score_row = next(r for r in rows if r[0].startswith("Overall exposure: score"))
    assert score_row[1:] == ["73.1", "76.7", "+3.6 (not established)"]
    assert "not established: the ranges 56.3–77.1 and 66.7–79.2 overlap" in \
        established_words(summary)
    assert range_change_words(summary) == "The range narrowed from 56.3–77.1 to 66.7–79.2."
    assert change_headline(summary) == "What changed from A to B: 73.1 → 76.7, +3.6 points"


def test_ranges_apart_make_the_change_established() -> None:
    """Every open indicator of B answered high: B's range 92.7 (not overlapping A's
    56.3–77.1)."""
    b = dict(reference.answers())
    for indicator, level in (("DS-03", 4), ("TD-03", 4), ("GA-01", 4), ("GA-02", 4),
                             ("DS-02", 4), ("TD-02", 4)):
        b[indicator] = Answer(indicator, AnswerState.ANSWERED, level, Confidence.HIGH)
    summary = comparison_summary(align([_item("A", reference.answers()),
                                        _item("B", b, day=2)]))
    assert summary["what_changed"]["established"] is True
    score_row = next(r for r in comparison_rows(summary) if r[0].startswith("Overall exposure: s"))
    assert score_row[-1] == "+26.9 (established)"
    assert established_words(summary).startswith("The change is established")


levels = st.integers(0, 4)
states_v2 = st.one_of(
    st.tuples(st.just(AnswerState.ANSWERED), levels),
    st.tuples(st.just(AnswerState.RANGE),
              st.tuples(levels, levels).filter(lambda r: r[0] < r[1] and r != (0, 4))),
    st.tuples(st.sampled_from([AnswerState.UNKNOWN, AnswerState.UNANSWERED,
                               AnswerState.NOT_APPLICABLE]), st.none()))


def _answers_v2(raw: dict) -> dict[str, Answer]:
    made = {}
    for key, (state, value) in raw.items():
        if state is AnswerState.UNANSWERED:
            continue
        if state is AnswerState.RANGE:
            made[key] = Answer(key, state, level_low=value[0], level_high=value[1])
        else:
            made[key] = Answer(key, state, value,
                               na_reason="n/a" if state is AnswerState.NOT_APPLICABLE else None)
    return made


@given(st.fixed_dictionaries({i: states_v2 for i in IDS}),
       st.fixed_dictionaries({i: states_v2 for i in IDS}))
def test_displayed_contributions_add_up_to_the_displayed_change(a, b) -> None:
    """Whatever the answers (ranges included): the change shown is the difference of the two
    scores shown, the lines shown add up to it, and each is within 0.1 of its exact value."""
    summary = comparison_summary(align([_item("A", _answers_v2(a)),
                                        _item("B", _answers_v2(b), day=2)]))
    changed = summary["what_changed"]
    lines = changed["contributions"]
    if changed["score_from"] is None or changed["score_to"] is None:
        assert changed["displayed_change"] is None
        assert all(c["displayed_points"] is None for c in lines)
        return
    shown = Decimal(str(changed["score_to"])) - Decimal(str(changed["score_from"]))
    assert Decimal(str(changed["displayed_change"])) == shown
    assert sum((Decimal(str(c["displayed_points"])) for c in lines), Decimal(0)) == shown
    for c in lines:
        assert abs(Decimal(str(c["displayed_points"])) - Decimal(str(c["points"]))) < \
            Decimal("0.1") + Decimal("0.0005")


def test_a_range_answer_takes_part_at_its_middle() -> None:
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.RANGE, level_low=2, level_high=3)
    summary = comparison_summary(align([_item("A", reference.answers()),
                                        _item("B", b, day=2)]))
    line = summary["what_changed"]["contributions"][0]
    # DS-02 2 → 2–3 (middle 62.5): 2·12.5/5 = 5 in DS, × 1/4 overall
    assert (line["indicator"], line["kind"], line["points"], line["level_to"]) == (
        "DS-02", "changed", 1.25, [2, 3])
    assert contribution_line(line, summary) == "+1.3  DS-02  answer changed: level 2 → levels 2–3"
    ds02 = next(r for r in summary["deltas"]["indicators"] if r["indicator"] == "DS-02")
    assert ds02["levels"] == [2, [2, 3]] and ds02["delta_points"] == 12.5


def _common_basis_pair() -> dict:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    newer = copy.deepcopy(doc)
    newer["version"] = "2.0.0"
    newer["dimensions"][0]["indicators"] = [i for i in newer["dimensions"][0]["indicators"]
                                            if i["id"] != "DS-01"]
    framework_b = parse_framework(newer, origin="newer")
    return comparison_summary(align([
        _item("A", reference.answers()),
        _item("B", reference.answers(), framework=framework_b, day=2)]))


def test_scores_on_the_common_indicators_stand_beside_the_own_ones() -> None:
    """B's framework has no DS-01: A keeps its own stored figures (73.1, open verdict) under
    ``overall``, and its figures without DS-01 under ``common_basis``; B lost nothing."""
    summary = _common_basis_pair()
    a, b = summary["assessments"]
    assert summary["on_common_indicators"] is True
    assert a["overall"]["score"] == 73.1 and a["overall"]["verdict"]["settled"] is False
    basis = a["common_basis"]
    assert basis is not None
    assert set(basis) >= {"score", "low", "high", "coverage", "provisional", "verdict"}
    # DS without DS-01: 2·50 / 2 = 50 → overall (50 + 2·81.25 + 50)/4 = 65.625
    assert basis["score"] == 65.6 and basis["score"] != a["overall"]["score"]
    assert b["common_basis"] is None  # nothing of B was left out: its own figures are those
    rows = comparison_rows(summary)
    labels = [r[0] for r in rows]
    assert "Overall exposure, own (as stored): score of the answered indicators" in labels
    own = next(r for r in rows if r[0].startswith("Overall exposure, own (as stored): score"))
    common = next(r for r in rows if r[0].startswith(
        "Overall exposure on the common indicators: score"))
    assert own[1] == "73.1" and common[1] == "65.6" and own[-1] == ""
    assert common[2] == "65.6" and common[-1] == "0.0 (not established)"
    assert all(not r[0].startswith("Overall exposure:") for r in rows)  # never the plain label
    assert next(r for r in rows if r[0].startswith("DS "))[0] == (
        "DS Data sovereignty on the common indicators")
    assert "on the common indicators" in change_headline(summary)


def test_a_dimension_scored_in_only_one_and_the_reweighting_are_named_lines() -> None:
    """GA entirely unknown in A, answered in B: GA is its own line and the weights of the
    other dimensions re-balanced is another; neither is an indicator's contribution."""
    a = dict(reference.answers())
    a["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    a["GA-02"] = Answer("GA-02", AnswerState.UNKNOWN)
    summary = comparison_summary(align([_item("A", a), _item("B", reference.answers(),
                                                              day=2)]))
    lines = {c["kind"]: c for c in summary["what_changed"]["contributions"]}
    assert set(lines) == {"dimension", "reweighting"}
    assert lines["dimension"]["indicator"] is None and lines["reweighting"]["indicator"] is None
    assert lines["dimension"]["scored_in"] == "to"
    texts = [contribution_line(c, summary) for c in shown_contributions(summary)]
    assert any("GA Governance alignment  dimension scored only in B" in t for t in texts)
    assert any(t.endswith("weights of the other dimensions re-balanced") for t in texts)
    total = sum(Decimal(str(c["displayed_points"])) for c in lines.values())
    assert total == Decimal(str(summary["what_changed"]["displayed_change"]))


def test_wording_of_unknowns_and_newly_answered_items() -> None:
    """DS-03 unknown → 3 is "newly answered (was unknown)"; MC-02 unknown in both is
    "unknown"; nothing is ever called "not answered"."""
    summary = comparison_summary(align([_item("A", reference.answers()),
                                        _item("B", _b_answers(), day=2)]))
    rows = {r[0]: r for r in comparison_rows(summary)}
    assert rows["DS-03"][1:] == ["unknown", "3", "newly answered (was unknown)"]
    assert rows["MC-02"][1:] == ["unknown", "unknown", "unknown"]
    assert rows["GA-01"][1:] == ["0", "unknown", "now unknown (was answered)"]
    lines = [contribution_line(c, summary) for c in shown_contributions(summary)]
    assert "−0.2  DS-03  newly answered (was unknown): level 3 (carried over, not yet " \
        "reviewed)" in lines
    # 10.208 shown as 83.3 − 73.1 = +10.2: 6.25, 4.167, −0.208 → 6.2, 4.2, −0.2
    assert lines[:2] == ["+6.2  GA-01  now unknown (was level 0)",
                         "+4.2  DS-02  answer changed: level 2 → level 4"]
    everything = " ".join(" ".join(r) for r in rows.values()) + " ".join(lines)
    assert "not answered" not in everything and "– →" not in everything


def test_dropping_the_only_answered_indicator_reports_no_score() -> None:
    """A has DS-01 at 4 and nothing else; B has it unknown: B has no score, so no change of
    −100 is reported anywhere."""
    a = {"DS-01": Answer("DS-01", AnswerState.ANSWERED, 4, Confidence.HIGH)}
    b = {"DS-01": Answer("DS-01", AnswerState.UNKNOWN)}
    summary = comparison_summary(align([_item("A", a), _item("B", b, day=2)]))
    changed = summary["what_changed"]
    assert changed["score_to"] is None and changed["displayed_change"] is None
    assert summary["deltas"]["overall"] is None
    assert all(c["points"] is None for c in changed["contributions"])
    assert change_headline(summary) == "What changed from A to B: 100.0 → no score"
    rows = comparison_rows(summary)
    score_row = next(r for r in rows if r[0].startswith("Overall exposure: score"))
    assert score_row[1:] == ["100.0", "no score", ""]
    texts = [contribution_line(c, summary) for c in shown_contributions(summary)]
    assert texts == ["DS Data sovereignty  dimension scored only in A"]
    assert "100" not in " ".join(texts)


def test_each_assessment_shows_its_verdict_and_provisional_and_no_bare_band() -> None:
    """A: at least Elevated, at most High (open: band null); a B with most of it unknown is
    provisional, and the table says so."""
    b = {k: (Answer(k, AnswerState.UNKNOWN) if k.startswith(("TD", "GA")) else v)
         for k, v in reference.answers().items()}
    summary = comparison_summary(align([_item("A", reference.answers()),
                                        _item("B", b, day=2)]))
    a_overall, b_overall = (x["overall"] for x in summary["assessments"])
    assert a_overall["verdict"] == {"settled": False, "bands": ["Elevated", "High"]}
    assert a_overall["band"] is None and b_overall["band"] is None
    assert b_overall["provisional"] is True
    verdicts = next(r for r in comparison_rows(summary) if r[0] == "Overall exposure: verdict")
    assert verdicts[1] == "at least Elevated, at most High"
    assert verdicts[2].endswith(", provisional") and verdicts[2].startswith("at least")
    settled = comparison_summary(align([_item("A", _worked_example_b()),
                                        _item("B", _worked_example_b(), day=2)]))
    assert settled["assessments"][0]["overall"]["band"] == "High"
