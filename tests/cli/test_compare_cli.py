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
from helpers.services import create_reference_assessment, open_services


def _setup(tmp_path: Path) -> tuple[Path, list[str]]:
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
    path = services.database.path
    services.close()
    assert path is not None
    return path, [first, follow.assessment_id]


def test_compare_json_equals_the_domain(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    result = aibri("--db", str(db), "compare", ids[1][:8], ids[0][:8], "--json")
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
    rows = list(csv.reader(io.StringIO(aibri("--db", str(db), "compare", *ids, "--csv").stdout)))
    assert rows[0] == ["Classification: REFERENCE"]
    assert rows[2] == ["Overall exposure", "73.1", "83.3", "+10.2"]
    pdf = tmp_path / "compare.pdf"
    shown = json.loads(aibri("--db", str(db), "compare", *ids, "--json", "--pdf", str(pdf)).stdout)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "REFERENCE" in text
    for a in shown["assessments"]:
        assert f"{a['overall']['score']:.1f} {a['overall']['band']}" in text
    assert f"overall change +{shown['what_changed']['overall_change']:.3f} points" in text
    for c in shown["what_changed"]["contributions"]:
        sign = "+" if c["points"] > 0 else "−"
        assert f"{sign}{abs(c['points']):.2f}" in text


def test_compare_needs_two(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    result = aibri("--db", str(db), "compare", ids[0])
    assert result.returncode == 1
    assert "at least two different assessments" in result.stderr
