"""The scoring engine against the hand-worked reference fixture."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.domain.summary import assessment_summary
from aibri_desktop.domain.verdict import threshold_answer
from helpers import reference


def _summary() -> dict:
    fw = reference.framework()
    return assessment_summary(fw, score_assessment(fw, reference.answers(), reference.modules()))


def _fmt(value: float | None, places: int = 1) -> str | None:
    return None if value is None else f"{value:.{places}f}"


def test_overall_matches_hand_computation() -> None:
    got, want = _summary()["overall"], reference.expected()["overall"]
    assert _fmt(got["score"]) == want["score"]
    assert got["band"] == want["band"]
    assert _fmt(got["low"]) == want["low"]
    assert _fmt(got["high"]) == want["high"]
    assert _fmt(got["coverage"], 3) == want["coverage"]
    assert got["provisional"] is want["provisional"]


def test_dimensions_match_hand_computation() -> None:
    got = {d["id"]: d for d in _summary()["dimensions"]}
    want = reference.expected()["dimensions"]
    assert list(got) == ["DS", "TD", "GA", "MC"], "IE is not enabled and must not appear"
    for dim_id, expected in want.items():
        d = got[dim_id]
        assert _fmt(d["score"]) == expected["score"], dim_id
        assert d["band"] == expected["band"], dim_id
        assert _fmt(d["low"]) == expected["low"], dim_id
        assert _fmt(d["high"]) == expected["high"], dim_id
        assert _fmt(d["coverage"], 3) == expected["coverage"], dim_id
        assert d["provisional"] is expected["provisional"], dim_id


def test_residual_matches_hand_computation() -> None:
    got, want = _summary()["residual"], reference.expected()["residual"]
    assert got is not None
    for key in ("score", "low", "high", "capacity"):
        assert _fmt(got[key]) == want[key], key
    assert got["band"] == want["band"]
    assert got["mitigation_factor"] == float(want["factor"])


def test_flags_and_critical_not_applicable() -> None:
    summary = _summary()
    want = reference.expected()
    assert [(f["indicator"], f["kind"]) for f in summary["red_flags"]] == [
        (f["indicator"], f["kind"]) for f in want["red_flags"]
    ]
    assert summary["critical_not_applicable"] == want["critical_not_applicable"]


def test_module_off_means_no_residual_and_no_capacity() -> None:
    fw = reference.framework()
    score = score_assessment(fw, reference.answers(), modules=[])
    assert score.residual is None
    assert [d.dimension_id for d in score.dimensions] == ["DS", "TD", "GA"]
    # Enabling IE adds its level-4 answer: overall must rise.
    with_ie = score_assessment(fw, reference.answers(), modules=["IE"])
    assert with_ie.overall.score is not None and score.overall.score is not None
    assert with_ie.overall.score > score.overall.score


def test_readme_states_every_expected_value() -> None:
    """expected.json and the README's hand computation cannot drift apart."""
    readme = (reference.REFERENCE_DIR / "README.md").read_text()
    bold = set(re.findall(r"\*\*([0-9.]+)\*\*", readme))
    want = reference.expected()
    values = [want["overall"][k] for k in ("score", "low", "high", "coverage")]
    values += [want["residual"][k] for k in ("score", "low", "high")]
    for dim in want["dimensions"].values():
        values += [dim[k] for k in ("score", "low", "high", "coverage")]
    missing = [v for v in values if v not in bold and f"| {v} |" not in readme]
    assert not missing, f"README does not show {missing}"
    for flag in want["red_flags"]:
        assert f"| {flag['indicator']} | {flag['kind']} |" in readme


@pytest.mark.parametrize("case", reference.CASES)
def test_version_2_figures_match_hand_computation(case: str) -> None:
    """Every case worked by hand (ranges, an open and a settled verdict): the figures, the
    verdicts, the settle-by shares, the must-answer list, the decision threshold at 60, and
    the residual's verdict and provisional flag."""
    fw = reference.framework()
    score = score_assessment(fw, reference.answers(case), reference.modules(case))
    got = assessment_summary(fw, score)
    want = reference.expected(case)
    o, w = got["overall"], want["overall"]
    for key in ("score", "low", "high"):
        assert _fmt(o[key]) == _fmt(float(w[key])), key
    assert _fmt(o["coverage"], 3) == _fmt(float(w["coverage"]), 3)
    assert o["provisional"] is w["provisional"]
    assert o["verdict"] == w["verdict"]
    assert o["settle_by"] == [{**s, "share": float(s["share"])} for s in w["settle_by"]]
    assert o["must_answer"] == w["must_answer"]
    assert threshold_answer(score.overall.low, score.overall.high, Fraction(60)) == \
        w["threshold_60"]
    dims = {d["id"]: d for d in got["dimensions"]}
    for dim_id, wd in want["dimensions"].items():
        assert _fmt(dims[dim_id]["score"]) == _fmt(float(wd["score"])), dim_id
        assert dims[dim_id]["verdict"] == wd["verdict"], dim_id
        assert dims[dim_id]["provisional"] is wd["provisional"], dim_id
    r, wr = got["residual"], want["residual"]
    assert _fmt(r["score"]) == _fmt(float(wr["score"]))
    assert r["verdict"] == wr["verdict"] and r["provisional"] is wr["provisional"]
