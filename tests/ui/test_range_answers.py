"""A range answer in the questionnaire (scoring rules v2: "between level a and level b"):
chosen with the mouse or with B and two level keys, refused with a reason when it is not a
range, undone and redone, marked in the navigator, followed from the command line; an unknown
or a range carries no confidence."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from aibri_desktop.domain.answers import AnswerState, Confidence
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.models.navigator_model import MARK_ROLE, Mark


def _cli(services: Services, *args: str) -> str:
    assert services.database.path is not None
    done = subprocess.run([sys.executable, "-m", "aibri_desktop", "--db",
                           str(services.database.path), *args],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _shown(services: Services, assessment_id: str, indicator_id: str) -> dict[str, Any]:
    """The answer as `aibri show --json` prints it."""
    data = json.loads(_cli(services, "show", assessment_id, "--json"))
    return next(a for a in data["answers"] if a["indicator"] == indicator_id)


def _open(window: MainWindow, services: Services) -> str:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="KE", title="Nairobi review", as_of=date(2026, 6, 1)))
    assert change is not None
    window.library.reload()
    window.open_assessment(change.assessment_id)
    return change.assessment_id


def _pick(qtbot, combo: QComboBox, level: int) -> None:
    """Open a level picker with the mouse and click one of its levels."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a popup ignores a too-quick click
    rect = view.visualRect(view.model().index(level, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)


def test_between_with_the_mouse(qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    panel = page.panel
    page.go_to("DS-01")
    assert not panel.range_row.isVisible()
    qtbot.mouseClick(panel.between, Qt.MouseButton.LeftButton)
    assert panel.range_row.isVisible()
    assert panel.chosen_state() is AnswerState.RANGE
    assert "lower level" in panel.range_message.text()
    assert page.save_label.text() == "Not saved yet: a range needs two levels."
    assert "DS-01" not in services.assessments.load(assessment_id).answers
    _pick(qtbot, panel.range_low, 2)
    assert panel.range_message.text() == "Now the higher level."
    assert "DS-01" not in services.assessments.load(assessment_id).answers
    _pick(qtbot, panel.range_high, 4)
    assert page.save_label.text().startswith("Saved at")
    assert not panel.range_message.isVisible()
    assert _shown(services, assessment_id, "DS-01") | {"evidence": ""} == {
        "indicator": "DS-01", "state": "range", "range": [2, 4], "level": None,
        "confidence": None, "evidence": "", "sources": [], "na_reason": None,
        "carried_over": False, "as_of": None}
    assert window.act("undo").text() == "&Undo: DS-01 unanswered → levels 2–4"
    # a level chosen afterwards leaves Between: its pickers are hidden and cleared
    qtbot.mouseClick(panel.level_buttons[1], Qt.MouseButton.LeftButton)
    assert not panel.range_row.isVisible() and panel.chosen_range() == (None, None)
    assert services.assessments.load(assessment_id).answers["DS-01"].level == 1


def test_between_by_keys_b_2_4(qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    nav = page.navigator
    page.go_to("TD-02")
    qtbot.keyClick(nav, Qt.Key.Key_B)
    assert page.panel.chosen_state() is AnswerState.RANGE
    qtbot.keyClick(nav, Qt.Key.Key_2)
    assert page.panel.chosen_range() == (2, None)
    assert "TD-02" not in services.assessments.load(assessment_id).answers  # not a level 2
    qtbot.keyClick(nav, Qt.Key.Key_4)
    answer = services.assessments.load(assessment_id).answers["TD-02"]
    assert (answer.state, answer.level, answer.level_low, answer.level_high) == (
        AnswerState.RANGE, None, 2, 4)
    shown = _shown(services, assessment_id, "TD-02")
    assert (shown["state"], shown["range"], shown["level"]) == ("range", [2, 4], None)
    assert page.save_label.text().startswith("Saved at")
    # the keys after a complete range are level keys again
    qtbot.keyClick(nav, Qt.Key.Key_3)
    assert services.assessments.load(assessment_id).answers["TD-02"].level == 3
    assert window.act("undo").text() == "&Undo: TD-02 levels 2–4 → level 3"
    assert any(keys == "B" for _, keys in page.shortcuts)


def test_a_digit_in_a_level_picker_picks_that_level(qtbot, window: MainWindow,
                                                   services: Services) -> None:
    """A level key typed in a picker is the picker's, not the page's level shortcut."""
    assessment_id = _open(window, services)
    page = window.questionnaire
    page.go_to("DS-02")
    qtbot.mouseClick(page.panel.between, Qt.MouseButton.LeftButton)
    page.panel.range_low.setFocus()
    qtbot.keyClick(page.panel.range_low, Qt.Key.Key_1)
    page.panel.range_high.setFocus()
    qtbot.keyClick(page.panel.range_high, Qt.Key.Key_3)
    answer = services.assessments.load(assessment_id).answers["DS-02"]
    assert (answer.state, answer.level_low, answer.level_high) == (AnswerState.RANGE, 1, 3)
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # "3" then "4" would search "34"
    qtbot.keyClick(page.panel.range_high, Qt.Key.Key_4)  # a saved range: its end moves
    answer = services.assessments.load(assessment_id).answers["DS-02"]
    assert (answer.state, answer.level_low, answer.level_high) == (AnswerState.RANGE, 1, 4)
    assert window.act("undo").text() == "&Undo: DS-02 levels 1–3 → levels 1–4"


def test_invalid_ranges_are_not_saved_and_say_why(qtbot, window: MainWindow,
                                                 services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    panel = page.panel
    nav = page.navigator
    page.go_to("DS-03")
    qtbot.keyClick(nav, Qt.Key.Key_1)  # a saved level stays until a valid range replaces it
    assert window.statusBar().currentMessage().endswith("Saved.")
    for keys, why in (((Qt.Key.Key_4, Qt.Key.Key_2), "lower level than “to”"),
                      ((Qt.Key.Key_3, Qt.Key.Key_3), "lower level than “to”"),
                      ((Qt.Key.Key_0, Qt.Key.Key_4), "0–4 says nothing: choose Unknown")):
        qtbot.keyClick(nav, Qt.Key.Key_B)
        for key in keys:
            qtbot.keyClick(nav, key)
        assert why in panel.range_message.text(), keys
        assert panel.range_message.isVisible()
        assert page.save_label.text().startswith("Not saved: "), keys
        # the status bar no longer says the level before was "Saved.": it says why not
        assert window.statusBar().currentMessage() == page.save_label.text(), keys
        answer = services.assessments.load(assessment_id).answers["DS-03"]
        assert (answer.state, answer.level) == (AnswerState.ANSWERED, 1), keys
    # with the mouse: 0–4 refused, then fixed to 0–3 and saved
    _pick(qtbot, panel.range_high, 3)
    assert not panel.range_message.isVisible()
    answer = services.assessments.load(assessment_id).answers["DS-03"]
    assert (answer.state, answer.level_low, answer.level_high) == (AnswerState.RANGE, 0, 3)
    # leaving the indicator with a half-typed range keeps the saved answer
    qtbot.keyClick(nav, Qt.Key.Key_B)
    qtbot.keyClick(nav, Qt.Key.Key_2)
    page.go_to("DS-04")
    page.go_to("DS-03")
    assert panel.chosen_range() == (0, 3) and not panel.range_message.isVisible()


def test_undo_and_redo_a_range(qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    nav = page.navigator
    page.go_to("GA-01")
    qtbot.keyClick(nav, Qt.Key.Key_3)
    for key in (Qt.Key.Key_B, Qt.Key.Key_2, Qt.Key.Key_4):
        qtbot.keyClick(nav, key)
    undo, redo = window.act("undo"), window.act("redo")
    assert undo.text() == "&Undo: GA-01 level 3 → levels 2–4"
    page.go_to("DS-01")
    undo.trigger()
    answer = services.assessments.load(assessment_id).answers["GA-01"]
    assert (answer.state, answer.level, answer.level_low) == (AnswerState.ANSWERED, 3, None)
    assert page.current_indicator_id() == "GA-01"  # undo shows what it changed
    assert page.panel.level_buttons[3].isChecked() and not page.panel.range_row.isVisible()
    assert redo.text() == "&Redo: GA-01 level 3 → levels 2–4"
    redo.trigger()
    answer = services.assessments.load(assessment_id).answers["GA-01"]
    assert (answer.state, answer.level_low, answer.level_high) == (AnswerState.RANGE, 2, 4)
    assert page.panel.between.isChecked() and page.panel.chosen_range() == (2, 4)
    assert window.statusBar().currentMessage() == "GA-01 level 3 → levels 2–4. Saved."
    assert page.save_label.text().startswith("Saved at")


def test_the_navigator_marks_a_range(qtbot, window: MainWindow, services: Services) -> None:
    _open(window, services)
    page = window.questionnaire
    page.go_to("DS-04")
    for key in (Qt.Key.Key_B, Qt.Key.Key_1, Qt.Key.Key_3):
        qtbot.keyClick(page.navigator, key)
    index = page.model.index_of("DS-04")
    assert index.data().startswith(f"{Mark.RANGE.symbol}  DS-04  1–3  ")
    assert Mark.RANGE.symbol not in {m.symbol for m in Mark if m is not Mark.RANGE}
    assert page.model.data(index, MARK_ROLE) is Mark.RANGE
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "DS-04 (between level 1 and level 3): ")
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == Mark.RANGE.colour
    ds = page.model.index(0, 0)
    assert ds.data().endswith(f"1/{page.model.rowCount(ds)}")  # a range is looked at


def test_no_confidence_for_unknown_or_between(qtbot, window: MainWindow,
                                             services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    panel = page.panel
    nav = page.navigator
    page.go_to("DS-05")
    qtbot.keyClick(nav, Qt.Key.Key_2)
    assert panel.confidence.isEnabled()
    panel.confidence.setCurrentIndex(panel.confidence.findData(Confidence.HIGH))
    panel.confidence.activated.emit(panel.confidence.currentIndex())  # as a user's choice
    assert services.assessments.load(assessment_id).answers["DS-05"].confidence is \
        Confidence.HIGH
    qtbot.keyClick(nav, Qt.Key.Key_U)  # unknown: the same save clears the confidence
    answer = services.assessments.load(assessment_id).answers["DS-05"]
    assert (answer.state, answer.confidence) == (AnswerState.UNKNOWN, None)
    assert not panel.confidence.isEnabled()
    assert panel.confidence.currentData() is None
    assert "no confidence" in panel.confidence.toolTip()
    assert window.act("undo").text() == "&Undo: DS-05 level 2 → unknown"
    window.act("undo").trigger()  # back to level 2, high confidence
    assert panel.confidence.isEnabled() and panel.confidence.currentData() == Confidence.HIGH
    assert panel.confidence.toolTip() == ""
    qtbot.keyClick(nav, Qt.Key.Key_B)  # Between, even before its levels: no confidence
    assert not panel.confidence.isEnabled() and panel.confidence.currentData() is None
    assert "range already says how sure" in panel.confidence.toolTip()
    qtbot.keyClick(nav, Qt.Key.Key_1)
    qtbot.keyClick(nav, Qt.Key.Key_2)
    answer = services.assessments.load(assessment_id).answers["DS-05"]
    assert (answer.state, answer.confidence, answer.level_low) == (AnswerState.RANGE, None, 1)
    assert not panel.confidence.isEnabled()
    qtbot.keyClick(nav, Qt.Key.Key_3)
    assert panel.confidence.isEnabled() and panel.confidence.currentData() is None
    # a locked assessment keeps it disabled whatever the answer
    services.assessments.mark_final(assessment_ids=[assessment_id])
    window.open.follow(force=True)
    assert not panel.confidence.isEnabled()


def test_a_command_line_range_appears_in_the_window(qtbot, window: MainWindow,
                                                   services: Services) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    page.go_to("DS-01")
    qtbot.keyClick(page.navigator, Qt.Key.Key_1)
    _cli(services, "answer", assessment_id, "DS-01", "--range", "2-4")
    qtbot.waitUntil(page.panel.between.isChecked, timeout=2000)
    assert page.panel.chosen_range() == (2, 4) and page.panel.range_row.isVisible()
    assert not page.panel.confidence.isEnabled()
    assert page.model.index_of("DS-01").data().startswith(f"{Mark.RANGE.symbol}  DS-01  2–4")
    _cli(services, "answer", assessment_id, "TD-01", "--range", "0-1")  # not the one shown
    qtbot.waitUntil(lambda: page.model.data(page.model.index_of("TD-01"), MARK_ROLE)
                    is Mark.RANGE, timeout=2000)
    assert page.model.index_of("TD-01").data().startswith(f"{Mark.RANGE.symbol}  TD-01  0–1")
    assert page.current_indicator_id() == "DS-01"
