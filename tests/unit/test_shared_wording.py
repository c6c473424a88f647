"""Each shared rule and sentence has one home in domain/: the lock reasons, the change
descriptions, the robustness sentence, the list of an answer's saved fields and the colours
of dimensions and series. Their sentences take the caller's translate function, and every one
of them stays extractable by xgettext and pyside6-lupdate."""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aibri_desktop import palette
from aibri_desktop.domain import answers as answers_module
from aibri_desktop.domain.answers import ANSWER_FIELDS, Answer, AnswerState, Confidence
from aibri_desktop.domain.describe import describe_answer, describe_change, describe_state
from aibri_desktop.domain.locks import is_locked, lock_reason, transition_refusal
from aibri_desktop.domain.robustness import Distribution, DropOne, Robustness, robustness_of
from aibri_desktop.domain.robustness_text import robustness_sentence
from aibri_desktop.exchange import aibri_file, csv_export
from aibri_desktop.services.conversions import answer_fields
from helpers import reference

DOMAIN = Path(answers_module.__file__).resolve().parent
WORDING_MODULES = ("locks.py", "describe.py", "robustness_text.py", "bands.py",
                   "compare_summary.py")


def marked(message: str) -> str:
    """A translation that shows where it was applied (placeholders stay intact)."""
    return f"«{message}»"


# ---- lock reasons ---------------------------------------------------------------------------


def test_a_draft_is_editable_and_every_lock_says_why() -> None:
    assert lock_reason("draft", False) == ""
    assert not is_locked("draft", False)
    assert all(is_locked(status, True) for status in ("draft", "final", "archived"))
    assert lock_reason("final", False) == (
        "This assessment is final and its answers are locked; duplicate it as a follow-up to "
        "change them.")
    assert lock_reason("final", False, "Kenya 2026") == (
        "“Kenya 2026” is final and its answers are locked; duplicate it as a follow-up to "
        "change them.")
    assert lock_reason("archived", False, "K") == "“K” is archived and its answers are locked."
    # deleted comes first, whatever the status
    assert lock_reason("final", True) == (
        "This assessment is deleted; restore it before changing answers.")
    assert lock_reason("draft", True, "K", action="brief") == (
        "“K” is deleted; restore it first to write its brief.")
    assert lock_reason("draft", True, "K", action="export") == (
        "“K” is deleted; restore it first to export it.")
    assert lock_reason("draft", True, "K", action="status") == "“K” is deleted; restore it first."
    # only deleting stops a brief, an export or a sign-off
    assert lock_reason("final", False, "K", action="brief") == ""
    assert transition_refusal("K", "archived", "final") == (
        "“K” is archived and cannot become final.")


def test_lock_reasons_are_translated_by_the_callers_function() -> None:
    assert lock_reason("final", False, "K", _=marked).startswith("«“K” is final")
    assert lock_reason("draft", True, _=marked) == (
        "«This assessment is deleted; restore it before changing answers.»")
    assert transition_refusal("K", "archived", "final", _=marked) == (
        "«“K” is «archived» and cannot become «final».»")


# ---- change descriptions --------------------------------------------------------------------


def test_one_change_description_for_the_undo_menu_and_the_status_line() -> None:
    two = Answer("DS-03", AnswerState.ANSWERED, level=2)
    three = Answer("DS-03", AnswerState.ANSWERED, level=3)
    unknown = Answer("DS-03", AnswerState.UNKNOWN)
    assert describe_change("DS-03", two, three) == "DS-03 level 2 → 3"
    assert describe_change("DS-03", two, three, saved=True) == "DS-03 level 2 → 3. Saved."
    assert describe_change("DS-03", unknown, three) == "DS-03 unknown → level 3"
    assert describe_change("DS-03", None, unknown) == "DS-03 unanswered → unknown"
    evidence = dataclasses.replace(two, evidence="A law of 2024")
    assert describe_change("DS-03", two, evidence) == "DS-03 details"
    assert describe_change("DS-03", two, evidence, "evidence") == "DS-03 evidence"
    assert describe_change("DS-03", two, evidence, saved=True) == "DS-03 details saved."
    # the undo stack's dicts of saved fields describe the same way as answers
    assert describe_change("DS-03", {"state": "answered", "level": 2},
                           {"state": "answered", "level": 3}) == "DS-03 level 2 → 3"
    assert describe_state("not_applicable", None) == "not applicable"
    assert describe_answer(None) == "unanswered"
    assert describe_change("DS-03", two, three, _=marked) == "«DS-03 level 2 → 3»"


def test_the_service_status_line_is_the_shared_description() -> None:
    from aibri_desktop.services import assessments

    two = Answer("TD-02", AnswerState.ANSWERED, level=2)
    assert assessments._describe("TD-02", None, two) == describe_change(
        "TD-02", None, two, saved=True) == "TD-02 unanswered → level 2. Saved."
    assert assessments.describe_state is describe_state  # still importable from the service


# ---- the robustness sentence ----------------------------------------------------------------


ROBUST = Robustness(
    draws=2000, seed=1729,
    overall=Distribution(median=56.2, p5=48.0, p95=63.9,
                         band_shares={"Low": 0.0, "Guarded": 0.001, "Elevated": 0.7,
                                      "High": 0.299, "Severe": 0.0}),
    framework_weights=56.1, equal_weights=54.3,
    drop_one=(DropOne("TD-01", 49.0, -7.1), DropOne("DS-02", 59.0, 2.9)),
    geometric=53.8)


def test_the_robustness_sentence_has_every_part_once() -> None:
    assert robustness_sentence(ROBUST) == (
        "Score of the answered indicators, weights and confidence varied: Elevated in 70 % of "
        "2,000 draws; 30 % High. Between 48.0 and 63.9 in 90 % of draws (median 56.2). With "
        "equal indicator and dimension weights: 54.3; geometric mean of the dimensions: 53.8. "
        "Most influential: TD-01 (-7.1 if dropped). The unknowns are not drawn: the verdict "
        "covers them.")
    assert robustness_sentence(ROBUST, stored=True).endswith(
        "the verdict covers them. Stored when marked final.")
    assert robustness_sentence(None) == "No score yet, so no robustness figures."
    empty = dataclasses.replace(ROBUST, overall=None)
    assert robustness_sentence(empty) == robustness_sentence(None)
    # figures stored before the geometric mean was computed: that part is left out
    assert "With equal indicator and dimension weights: 54.3. Most influential" in \
        robustness_sentence(dataclasses.replace(ROBUST, geometric=None))
    translated = robustness_sentence(ROBUST, _=marked)
    assert translated.startswith("«Score of the answered indicators, weights and confidence "
                                 "varied: ««Elevated» in 70 % of 2,000 draws»; «30 % «High»».»")


def test_stored_robustness_is_shown_as_stored_else_computed() -> None:
    framework = reference.framework()
    answers = reference.answers()
    assert robustness_of(framework, answers, reference.modules(), ROBUST) is ROBUST
    computed = robustness_of(framework, answers, reference.modules())
    assert computed.draws == 2000 and computed.overall is not None


# ---- extraction -----------------------------------------------------------------------------


def _translated_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id == "_"]


@pytest.mark.parametrize("name", WORDING_MODULES)
def test_every_shared_sentence_is_a_literal_the_tools_can_find(name: str) -> None:
    calls = _translated_calls(DOMAIN / name)
    assert calls, f"{name} translates nothing"
    for call in calls:
        assert len(call.args) == 1 and not call.keywords, ast.unparse(call)
        argument = call.args[0]
        assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
            f"{name}:{call.lineno}: _() of a variable cannot be extracted: {ast.unparse(call)}")


def _sentences() -> set[str]:
    found: set[str] = set()
    for name in WORDING_MODULES:
        for call in _translated_calls(DOMAIN / name):
            argument = call.args[0]
            assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            found.add(argument.value)
    return found


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext is not installed")
def test_xgettext_extracts_every_shared_sentence(tmp_path: Path) -> None:
    pot = tmp_path / "aibri.pot"
    subprocess.run(["xgettext", "--language=Python", "--keyword=_", "--from-code=UTF-8",
                    "--no-wrap", "-o", str(pot), *(str(DOMAIN / n) for n in WORDING_MODULES)],
                   check=True, capture_output=True)
    text = pot.read_text(encoding="utf-8")
    for sentence in _sentences():
        assert f'msgid "{sentence}"' in text, sentence


def test_pyside6_lupdate_extracts_every_shared_sentence(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"  # the venv's, beside Python
    found = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    if found is None:
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path / "aibri.ts"
    subprocess.run([found, "-tr-function-alias", "tr+=_",
                    *(str(DOMAIN / n) for n in WORDING_MODULES), "-ts", str(ts)],
                   check=True, capture_output=True)
    text = ts.read_text(encoding="utf-8")
    for sentence in _sentences():
        escaped = sentence.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f"<source>{escaped}</source>" in text, sentence


# ---- the answer's saved fields --------------------------------------------------------------


def test_one_list_of_an_answers_saved_fields() -> None:
    from aibri_desktop.services.assessments import ANSWER_FIELDS as SERVICE_FIELDS
    from aibri_desktop.storage.checksums import FIELDS, LATER
    from aibri_desktop.storage.models import AnswerRow
    from aibri_desktop.ui.undo import SAVED_FIELDS

    in_answer = tuple(f.name for f in dataclasses.fields(Answer) if f.name != "indicator_id")
    assert in_answer == ANSWER_FIELDS
    assert SERVICE_FIELDS is ANSWER_FIELDS and SAVED_FIELDS is ANSWER_FIELDS
    assert aibri_file.HISTORY_VALUE_FIELDS is ANSWER_FIELDS
    answer = Answer("DS-01", AnswerState.ANSWERED, level=1, confidence=Confidence.LOW)
    assert set(answer_fields(answer)) == set(ANSWER_FIELDS)
    # The file formats and the persisted checksum rule keep their own column order: pinned
    # here, so that a change of the shared list is seen to change them.
    assert aibri_file.ANSWER_FIELDS == ("indicator", "state", "level", "confidence",
                                        "na_reason", "evidence", "sources", "as_of",
                                        "carried_over", "level_low", "level_high")
    renamed = {"as_of": "answer_as_of"}  # the assessment's own as_of comes first in the row
    columns = csv_export.ANSWER_COLUMNS
    assert columns[columns.index("indicator"):] == (
        "indicator", *(renamed.get(f, f) for f in ANSWER_FIELDS))
    assert FIELDS[AnswerRow] == ("assessment_id", "indicator_id", "state", "level",
                                 "na_reason", "confidence", "evidence", "sources", "as_of",
                                 "carried_over", "updated_at")
    # a range's two levels came with schema 6: sealed only when set, so older rows verify
    assert LATER[AnswerRow] == (("level_low", None), ("level_high", None))
    assert set(FIELDS[AnswerRow][2:-1]) | {name for name, _ in LATER[AnswerRow]} == set(
        ANSWER_FIELDS)


# ---- colours --------------------------------------------------------------------------------


def test_a_dimension_has_one_colour_whatever_the_modules() -> None:
    framework = reference.framework()
    colours = palette.dimension_colours(framework)
    assert list(colours) == [d.id for d in framework.dimensions]
    assert list(colours.values()) == [palette.series_colour(n)
                                      for n in range(len(framework.dimensions))]
    assert palette.series_colour(len(palette.SERIES)) == palette.SERIES[0]
    last = framework.dimensions[-1].id
    assert palette.dimension_colour(last, framework) == colours[last]
    assert palette.dimension_colour("nope", framework) == palette.MUTED


def test_the_brief_colours_drivers_as_the_screen_does() -> None:
    from datetime import date, datetime

    from aibri_desktop.domain.scoring import score_assessment
    from aibri_desktop.reports.model import assemble

    framework = reference.framework()
    answers = reference.answers()
    score = score_assessment(framework, answers, reference.modules())
    data = assemble(framework=framework, answers=answers, modules=frozenset(reference.modules()),
                    score=score, robustness=None, country="X", country_code="XA",
                    region="R", title="T", as_of=date(2026, 1, 1), marking="",
                    generated_at=datetime(2026, 1, 1), app_version="0")
    assert data.dimension_colours == palette.dimension_colours(framework)
    assert all(framework.indicator(i).dimension_id == dim for i, _q, _p, dim in data.drivers)
