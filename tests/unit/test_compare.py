"""Comparing assessments: the decomposition by hand, alignment across framework versions, a
time series."""

from __future__ import annotations

import copy
import json
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align, time_series, what_changed
from aibri_desktop.domain.compare_summary import comparison_rows, comparison_summary
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
    assert rows[0][0] == "item" and rows[1][0] == "Overall exposure"
    ga02 = next(r for r in rows if r[0] == "GA-02")
    assert ga02[1:6] == ["0", "1", "2", "3", "4"] and ga02[-1] == "+100"
