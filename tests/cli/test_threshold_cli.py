"""``aibri threshold`` and the threshold's answer in ``aibri show`` (docs/scoring.md, "The
decision threshold"), as a script or a ministry's analyst would use them; the expected answers
are the reference fixture's hand-worked ``threshold_60``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import reference
from helpers.services import (
    create_reference_assessment,
    database_argument,
    named_option,
    open_services,
    recorded,
)

LINES = {"yes": "Is exposure High or above? — yes.",
         "no": "Is exposure High or above? — no.",
         "open": "Is exposure High or above? — open: the unknowns allow either."}


def _library(tmp_path: Path, case: str = "") -> tuple[str, str]:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services, case=case)
    services.close()
    return database_argument(tmp_path), assessment_id


def test_set_show_and_remove_the_threshold(aibri: Any, tmp_path: Path) -> None:
    db, _id = _library(tmp_path)
    shown = aibri("--db", db, "threshold")
    assert (shown.returncode, shown.stdout) == (0, "No decision threshold is set\n")
    done = aibri("--db", db, "threshold", "--set", "high",
                 *named_option("--who", "Ministry of Digital Affairs"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Decision threshold set: High or above (60).\n"
    assert aibri("--db", db, "threshold").stdout == "Decision threshold: High or above\n"
    log = aibri("--db", db, "check").stdout
    by = recorded("Ministry of Digital Affairs")
    assert "Library log: threshold " in log and f"by {by} " \
        "(decision threshold none → High or above (60))" in log
    assert aibri("--db", db, "threshold", "--set", "Severe",
                 *named_option("--who", "Ana")).returncode == 0
    assert aibri("--db", db, "threshold").stdout == "Decision threshold: Severe or above\n"
    removed = aibri("--db", db, "threshold", "--set", "none", *named_option("--who", "Ana"))
    assert removed.stdout == "The decision threshold was removed.\n"
    assert aibri("--db", db, "threshold").stdout == "No decision threshold is set\n"


@pytest.mark.parametrize("case", reference.CASES)
def test_show_answers_the_threshold_as_the_fixture(aibri: Any, tmp_path: Path,
                                                   case: str) -> None:
    db, assessment_id = _library(tmp_path, case)
    before = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    assert before["threshold"] is None
    assert "Is exposure" not in aibri("--db", db, "show", assessment_id).stdout
    assert aibri("--db", db, "threshold", "--set", "high",
                 *named_option("--who", "Ana")).returncode == 0
    want = reference.expected(case)["overall"]["threshold_60"]
    shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    assert shown["threshold"] == {"band": "High", "answer": want}
    text = aibri("--db", db, "show", assessment_id).stdout.splitlines()
    assert LINES[want] in text
    # one line, under the overall verdict and what must be answered, before the residual
    at = text.index(LINES[want])
    assert text[at - 1].startswith(("Overall exposure", "  "))
    assert text[at + 1].startswith("Residual exposure")


def test_a_lower_threshold_changes_the_answer(aibri: Any, tmp_path: Path) -> None:
    """Case 1's range is 56.3–77.1: Elevated or above (40) is a yes, Severe (80) a no."""
    db, assessment_id = _library(tmp_path)
    for key, answer in (("elevated", "yes"), ("severe", "no"), ("high", "open")):
        aibri("--db", db, "threshold", "--set", key, *named_option("--who", "Ana"))
        shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
        assert shown["threshold"]["answer"] == answer, key


def test_a_bad_band_is_refused_in_one_line_and_nothing_changes(aibri: Any,
                                                               tmp_path: Path) -> None:
    db, _id = _library(tmp_path)
    aibri("--db", db, "threshold", "--set", "elevated", *named_option("--who", "Ana"))
    for bad in ("low", "60", "extreme"):
        refused = aibri("--db", db, "threshold", "--set", bad, *named_option("--who", "Ana"))
        assert refused.returncode == 2 and refused.stdout == ""
        assert len(refused.stderr.strip().splitlines()) == 1
        assert "invalid choice" in refused.stderr and "Traceback" not in refused.stderr
    alone = aibri("--db", db, "threshold", "--who", "Ana")
    assert alone.returncode == 1
    assert alone.stderr == ("aibri: --who goes with --set (who decides the threshold); "
                            "nothing was changed.\n")
    assert aibri("--db", db, "threshold").stdout == "Decision threshold: Elevated or above\n"
