"""`aibri compare`: JSON equals the domain result; CSV; the comparison brief's numbers."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align
from aibri_desktop.domain.compare_summary import comparison_summary
from helpers import reference
from helpers.services import create_reference_assessment, database_argument, open_services


def _setup(tmp_path: Path) -> tuple[str, list[str]]:
    services = open_services(tmp_path)
    first = create_reference_assessment(services)
    follow = services.assessments.duplicate_as_follow_up(assessment_id=first, who="t",
                                                         as_of=date(2027, 11, 1))
    changes = {"DS-02": 4, "DS-03": 3}
    for indicator, level in changes.items():
        services.assessments.answer(assessment_id=follow.assessment_id, indicator_id=indicator,
                                    who="t", state=AnswerState.ANSWERED, level=level,
                                    confidence="high")
    services.assessments.answer(assessment_id=follow.assessment_id, indicator_id="GA-01",
                                who="t", state=AnswerState.UNKNOWN)
    services.close()
    return database_argument(tmp_path), [first, follow.assessment_id]


def test_compare_json_equals_the_domain(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    result = aibri("--db", db, "compare", ids[1][:8], ids[0][:8], "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    b = dict(reference.answers())
    b["DS-02"] = Answer("DS-02", AnswerState.ANSWERED, 4, Confidence.HIGH)
    b["DS-03"] = Answer("DS-03", AnswerState.ANSWERED, 3, Confidence.HIGH)
    b["GA-01"] = Answer("GA-01", AnswerState.UNKNOWN)
    b = {k: v for k, v in b.items() if not k.startswith("IE")}
    a = {k: v for k, v in reference.answers().items() if not k.startswith("IE")}
    fw, mods = reference.framework(), frozenset(reference.modules())
    expected = comparison_summary(align([
        Compared(ids[0], "Republic of Avalon, 2026-11-01", "XA", date(2026, 11, 1), fw, a, mods),
        Compared(ids[1], "Republic of Avalon, 2027-11-01", "XA", date(2027, 11, 1), fw, b,
                 mods)]))
    assert shown["what_changed"] == expected["what_changed"]
    assert shown["deltas"] == expected["deltas"]
    assert [x["overall"] for x in shown["assessments"]] == [x["overall"] for x in
                                                             expected["assessments"]]
    changed = shown["what_changed"]
    assert changed["from"] == ids[0] and changed["to"] == ids[1]  # oldest first
    assert [(c["indicator"], c["points"]) for c in changed["contributions"]] == [
        ("GA-01", 6.25), ("DS-02", 4.167), ("DS-03", -0.208)]
    assert changed["overall_change"] == 10.208
    assert shown["left_out"] == {ids[0]: [], ids[1]: []}


def test_compare_csv_and_pdf(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    rows = list(csv.reader(io.StringIO(aibri("--db", db, "compare", *ids, "--csv").stdout)))
    assert rows[0] == ["Classification: REFERENCE"]
    assert rows[2] == ["Overall exposure: verdict", "at least Elevated, at most High",
                       "at least High, at most Severe", ""]
    assert rows[3] == ["Overall exposure: score of the answered indicators (ranges at their "
                       "middle)", "73.1", "83.3", "+10.2 (not established)"]
    assert rows[4] == ["Overall exposure: range (low–high)", "56.3–77.1", "63.5–88.5", ""]
    assert ["DS-03", "unknown", "3", "newly answered (was unknown)"] in rows
    assert ["MC-02", "unknown", "unknown", "unknown"] in rows
    pdf = tmp_path / "compare.pdf"
    shown = json.loads(aibri("--db", db, "compare", *ids, "--json", "--pdf", str(pdf)).stdout)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "REFERENCE" in text
    for a in shown["assessments"]:
        assert a["overall"]["band"] is None  # both verdicts are open: no bare band
        assert f"score of the answered indicators {a['overall']['score']:.1f}" in flat
    assert "at least Elevated, at most High" in flat and "at least High, at most Severe" in flat
    assert "73.1 → 83.3, +10.2 points" in flat
    assert "The change is not established: the ranges 56.3–77.1 and 63.5–88.5 overlap" in flat
    for c in shown["what_changed"]["contributions"]:
        sign = "+" if c["displayed_points"] > 0 else "−"
        assert f"{sign}{abs(c['displayed_points']):.1f}" in text
    assert "newly answered (was unknown): level 3" in flat
    assert "now unknown (was level 0)" in flat and "not answered" not in flat


def test_compare_json_states_the_displayed_change_and_whether_it_is_established(
        aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    shown = json.loads(aibri("--db", db, "compare", *ids, "--json").stdout)
    changed = shown["what_changed"]
    assert (changed["score_from"], changed["score_to"]) == (73.1, 83.3)
    assert changed["displayed_change"] == 10.2 and shown["deltas"]["overall"] == 10.2
    assert changed["established"] is False and shown["deltas"]["established"]["overall"] is False
    assert changed["range_from"] == [56.3, 77.1] and changed["range_to"] == [63.5, 88.5]
    assert changed["range_narrowed"] is False
    # DS: 66.7–83.3 then 95.8 (all answered): apart, so that change is established
    assert shown["deltas"]["established"]["dimensions"]["DS"] is True
    assert [(c["indicator"], c["displayed_points"]) for c in changed["contributions"]] == [
        ("GA-01", 6.2), ("DS-02", 4.2), ("DS-03", -0.2)]
    assert round(sum(c["displayed_points"] for c in changed["contributions"]), 1) == 10.2
    assert shown["on_common_indicators"] is False
    assert [a["common_basis"] for a in shown["assessments"]] == [None, None]
    assert all(a["overall"]["band"] is None for a in shown["assessments"])  # open verdicts
    text = aibri("--db", db, "compare", *ids).stdout
    assert "73.1 → 83.3, +10.2 points" in text and "The change is not established" in text
    assert "+6.2  GA-01  now unknown (was level 0)" in text


def test_compare_on_the_common_indicators_keeps_each_assessments_own_figures(
        aibri, tmp_path: Path) -> None:
    """B also enables IE (IE-01 at level 4): compared without it, B's common-basis overall
    is 73.1 like A's, beside its own stored 78.5."""
    services = open_services(tmp_path)
    first = create_reference_assessment(services)
    framework = services.assessments.load(first).framework
    later = services.assessments.create(country_code="XA", title="With IE",
                                        as_of=date(2027, 11, 1), framework=framework,
                                        modules=["MC", "IE"], marking="REFERENCE")
    for record in reference.answer_records():
        services.assessments.answer(
            assessment_id=later.assessment_id, indicator_id=record["indicator"], who="t",
            state=AnswerState(record["state"]), level=record.get("level"),
            confidence=record.get("confidence"), na_reason=record.get("na_reason"))
    services.close()
    db = database_argument(tmp_path)
    ids = [first, later.assessment_id]
    pdf = tmp_path / "common.pdf"
    shown = json.loads(aibri("--db", db, "compare", *ids, "--json", "--pdf",
                             str(pdf)).stdout)
    a, b = shown["assessments"]
    assert shown["on_common_indicators"] is True and shown["what_changed"]["on_common_indicators"]
    assert a["common_basis"] is None  # nothing of A was left out
    assert b["overall"]["score"] == 78.5  # (80 + 2·81.25 + 50 + 100) / 5: its own
    basis = b["common_basis"]
    assert {k: basis[k] for k in ("score", "low", "high", "coverage", "provisional")} == {
        "score": 73.1, "low": 56.3, "high": 77.1, "coverage": 0.792, "provisional": False}
    assert basis["verdict"] == {"settled": False, "bands": ["Elevated", "High"]}
    assert shown["deltas"]["overall"] == 0.0
    rows = list(csv.reader(io.StringIO(aibri("--db", db, "compare", *ids,
                                             "--csv").stdout)))
    by_label = {r[0]: r[1:] for r in rows[1:]}
    assert by_label["Overall exposure, own (as stored): score of the answered indicators"] == [
        "73.1", "78.5", ""]
    assert by_label["Overall exposure on the common indicators: score of the answered "
                    "indicators (ranges at their middle)"] == ["73.1", "73.1",
                                                              "0.0 (not established)"]
    assert not any(label.startswith("Overall exposure:") for label in by_label)
    flat = " ".join("\n".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "own, as stored: at least High, at most Severe (score of the answered " \
        "indicators 78.5); on the common indicators: at least Elevated, at most High (score " \
        "of the answered indicators 73.1)" in flat
    assert "on the common indicators: 73.1 → 73.1, 0.0 points" in flat


def test_compare_needs_two(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    result = aibri("--db", db, "compare", ids[0])
    assert result.returncode == 1
    assert "at least two different assessments" in result.stderr


def _column_starts(line: str) -> list[int]:
    """Where each cell of a table line starts (cells are set apart by two or more spaces)."""
    import re

    return [0] + [m.end() for m in re.finditer(r" {2,}", line.rstrip())]


def test_compare_table_columns_align(aibri, tmp_path: Path) -> None:
    """Every value sits under its heading, however long the names (they wrap in their
    column), and the terminal table reads as one grid."""
    db, ids = _setup(tmp_path)
    result = aibri("--db", db, "compare", ids[0][:8], ids[1][:8])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    table = lines[:next(n for n, line in enumerate(lines) if line.startswith(("!", "What")))]
    header = _column_starts(table[0])
    assert len(header) == 4  # item, the two assessments, the change
    allowed = set(header) | {start + 2 for start in header}  # a wrapped cell's later lines
    for line in table:
        starts = _column_starts(line)
        assert set(starts) <= allowed, (line, header)
    score = next(line for line in table if line.startswith("DS Data sovereignty"))
    assert len(_column_starts(score)) == 4  # both values and the change, each in its column


def test_aligned_table_wraps_in_its_column_and_counts_wide_characters() -> None:
    from aibri_desktop.cli.presenters import aligned_table, display_width

    lines = aligned_table([["item", "数据主权", "B"], ["a long label that wraps here", "1", "2"]],
                          first=12, widest=10)
    assert lines == ["item          数据主权  B",
                     "a long label  1         2",
                     "  that wraps",
                     "  here"]
    assert display_width("数据主权") == 8 and display_width("é") == 1
